// SPDX-License-Identifier: GPL-2.0
/*
 * What only userspace can see: the allocator traffic of each operation,
 * through the fake allocator.  Also proves that the fake allocator itself
 * catches what the other suites rely on it to catch.
 */

#include <kunit/test.h>
#include <linux/flex_array.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "fake.h"
#include "model.h"

static unsigned long lib_calls_since(unsigned long start)
{
	return fake_lib_calls() - start;
}

struct geometry_case {
	const char *name;
	int size;
	unsigned int parts, extra;
};

static const struct geometry_case geometries[] = {
	{ "1 B, 3 parts", 1, 3, 1 },
	{ "8 B, 4 parts", 8, 4, 0 },
	{ "24 B, 5 parts", 24, 5, 7 },
	{ "third of a page + 1, 6 parts", PAGE_SIZE / 3 + 1, 6, 1 },
	{ "half page + 1, 4 parts", PAGE_SIZE / 2 + 1, 4, 0 },
	{ "page, 5 parts", PAGE_SIZE, 5, 0 },
};

KUNIT_ARRAY_PARAM_DESC(geometries, geometries, name);

/*
 * After prealloc, puts into the range allocate nothing: not even when
 * every allocation would fail, every non-sleeping one is refused, and the
 * caller holds a spinlock and passes GFP_KERNEL or GFP_ATOMIC.  On a
 * tracked array the prealloc covers the map of stored elements too.
 */
static void check_prealloc_range(struct kunit *test, bool tracked)
{
	const struct geometry_case *g = test->param_value;
	unsigned int pp = PAGE_SIZE / g->size;
	unsigned int total = g->parts * pp + g->extra;
	unsigned int start = pp / 2, end = total - pp - 1, nr, bad = 0;
	struct flex_array *fa = tracked ?
		flex_array_alloc_tracked(g->size, total, GFP_KERNEL) :
		flex_array_alloc(g->size, total, GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, g->size, GFP_KERNEL);
	DEFINE_SPINLOCK(lock);
	unsigned long start_calls;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, flex_array_prealloc(fa, start, end, GFP_KERNEL), 0);

	start_calls = fake_lib_calls();
	fake_fail_nonblocking(true);
	fake_fail_from(1);
	spin_lock(&lock);
	for (nr = start; nr <= end; nr++) {
		memset(buf, nr, g->size);
		bad += flex_array_put(fa, nr, buf, nr & 1 ? GFP_ATOMIC : GFP_KERNEL) != 0;
	}
	spin_unlock(&lock);
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, lib_calls_since(start_calls), 0);
	/* Clearing never allocates either, nor does a put of it again. */
	spin_lock(&lock);
	for (nr = start; nr <= end; nr += pp / 2 + 1) {
		bad += flex_array_clear(fa, nr) != 0;
		bad += flex_array_put(fa, nr, buf, GFP_ATOMIC) != 0;
	}
	spin_unlock(&lock);
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, lib_calls_since(start_calls), 0);

	/* Outside the range a put must allocate, and here it fails. */
	nr = end + pp + 1 < total ? end + pp + 1 : total - 1;
	if (!flex_array_get(fa, nr)) {
		KUNIT_EXPECT_EQ(test, flex_array_put(fa, nr, buf, GFP_ATOMIC), -ENOMEM);
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, nr));
	}
	fake_fail_off();
	flex_array_free(fa);
}

static void prealloc_range_never_allocates(struct kunit *test)
{
	check_prealloc_range(test, false);
}

static void tracked_prealloc_range_never_allocates(struct kunit *test)
{
	check_prealloc_range(test, true);
}

/*
 * Shrink frees exactly what the allocator says it freed, and on a tracked
 * array keeps a part whose only stored element is all zeroes: the marks
 * decide, not the bytes.
 */
static void shrink_counts_what_it_frees(struct kunit *test)
{
	const struct geometry_case *g = test->param_value;
	unsigned int pp = PAGE_SIZE / g->size;
	unsigned int total = g->parts * pp + g->extra, nr;
	struct flex_array *fa = flex_array_alloc_tracked(g->size, total, GFP_KERNEL);
	u8 *zero = kunit_kzalloc(test, g->size, GFP_KERNEL);
	struct fake_counts before, after;
	unsigned long freed;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_NOT_NULL(test, zero);
	KUNIT_ASSERT_EQ(test, flex_array_prealloc(fa, 0, total - 1, GFP_KERNEL), 0);
	/* Zeroes stored in part 1; part 0 written through get() only. */
	KUNIT_ASSERT_EQ(test, flex_array_put(fa, pp + pp / 2, zero, GFP_KERNEL), 0);
	memset(flex_array_get(fa, 0), 0xff, g->size);

	fake_get_counts(&before);
	freed = flex_array_shrink(fa);
	fake_get_counts(&after);
	KUNIT_EXPECT_EQ(test, freed, after.frees[FAKE_PAGE] - before.frees[FAKE_PAGE]);
	KUNIT_EXPECT_EQ(test, after.calls[FAKE_PAGE], before.calls[FAKE_PAGE]);
	KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, pp + pp / 2));
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, 0));
	for (nr = 2 * pp; nr < total; nr += pp)
		KUNIT_EXPECT_NULL_MSG(test, flex_array_get(fa, nr), "element %u", nr);
	/* The stored part and its map page: nothing more to free. */
	KUNIT_EXPECT_EQ(test, flex_array_shrink(fa), 0);
	flex_array_free(fa);
}

/*
 * An array that does not track what it holds cannot be shrunk: the call
 * warns, once each time, returns 0 and frees nothing, and the array keeps
 * every part.  Userspace only: in the kernel the warning is the failure.
 */
static void shrink_untracked_warns(struct kunit *test)
{
	const struct geometry_case *g = test->param_value;
	unsigned int pp = PAGE_SIZE / g->size, total = g->parts * pp + g->extra;
	struct flex_array *arrays[] = {
		flex_array_alloc(g->size, total, GFP_KERNEL),
		flex_array_alloc(1, 16, GFP_KERNEL),	/* in its base */
	};
	struct fake_counts before, after;
	unsigned int i, nr;

	for (i = 0; i < ARRAY_SIZE(arrays); i++) {
		KUNIT_ASSERT_NOT_NULL(test, arrays[i]);
		KUNIT_ASSERT_EQ(test, flex_array_prealloc(arrays[i], 0,
							  arrays[i]->total - 1,
							  GFP_KERNEL), 0);
		fake_get_counts(&before);
		KUNIT_EXPECT_EQ(test, flex_array_shrink(arrays[i]), 0);
		KUNIT_EXPECT_EQ(test, fake_take_warnings(), 1);
		KUNIT_EXPECT_EQ(test, flex_array_shrink(arrays[i]), 0);
		KUNIT_EXPECT_EQ(test, fake_take_warnings(), 1);
		fake_get_counts(&after);
		KUNIT_EXPECT_EQ(test, after.frees[FAKE_PAGE], before.frees[FAKE_PAGE]);
		KUNIT_EXPECT_EQ(test, after.frees[FAKE_KMALLOC],
				before.frees[FAKE_KMALLOC]);
		KUNIT_EXPECT_EQ(test, after.calls[FAKE_PAGE] + after.calls[FAKE_KMALLOC],
				before.calls[FAKE_PAGE] + before.calls[FAKE_KMALLOC]);
		for (nr = 0; nr < arrays[i]->total; nr += i ? 1 : pp)
			KUNIT_EXPECT_NOT_NULL_MSG(test, flex_array_get(arrays[i], nr),
						  "element %u", nr);
		flex_array_free(arrays[i]);
	}
}

/* A put allocates exactly the missing page, then never again in that part. */
static void put_allocates_once_per_part(struct kunit *test)
{
	const struct geometry_case *g = test->param_value;
	unsigned int pp = PAGE_SIZE / g->size;
	unsigned int total = g->parts * pp + g->extra, nr;
	struct flex_array *fa = flex_array_alloc(g->size, total, GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, g->size, GFP_KERNEL);
	struct fake_counts before, after;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (nr = 0; nr < total; nr++) {
		fake_get_counts(&before);
		KUNIT_ASSERT_EQ(test, flex_array_put(fa, nr, buf, GFP_KERNEL), 0);
		fake_get_counts(&after);
		KUNIT_ASSERT_EQ_MSG(test, after.calls[FAKE_PAGE] - before.calls[FAKE_PAGE],
				    nr % pp == 0, "put(%u)", nr);
		KUNIT_ASSERT_EQ(test, after.calls[FAKE_KMALLOC], before.calls[FAKE_KMALLOC]);
	}
	KUNIT_EXPECT_EQ(test, after.live[FAKE_PAGE], DIV_ROUND_UP(total, pp));
	flex_array_free(fa);
}

/*
 * The base is one allocation of exactly the documented size, at most a
 * page, for every element size and for totals at each layout boundary.
 */
static void base_size_matches_layout(struct kunit *test)
{
	unsigned int room = PAGE_SIZE - sizeof(struct flex_array);
	unsigned int totals[5], i, checked = 0;
	struct fa_geometry geo;
	struct flex_array *fa;
	struct fake_counts c;
	int size;

	for (size = 1; size <= PAGE_SIZE; size += size < 64 ? 1 : size / 16) {
		totals[0] = room / size;		/* fullest base */
		totals[1] = room / size + 1;		/* smallest parts */
		totals[2] = fa_level_max(size, 1);	/* base points at parts */
		totals[3] = fa_level_max(size, 1) + 1;	/* pages of pointers */
		totals[4] = UINT_MAX;
		for (i = 0; i < ARRAY_SIZE(totals); i++) {
			fa_predict(size, totals[i], &geo);
			fa = flex_array_alloc(size, totals[i], GFP_KERNEL);
			KUNIT_ASSERT_EQ_MSG(test, !!fa, geo.valid, "%d x %u",
					    size, totals[i]);
			if (!fa)
				continue;
			KUNIT_EXPECT_EQ_MSG(test, ksize(fa), geo.base_size,
					    "%d x %u", size, totals[i]);
			flex_array_free(fa);
			checked++;
		}
	}
	fake_get_counts(&c);
	KUNIT_EXPECT_LE(test, c.largest, PAGE_SIZE);
	kunit_info(test, "%u arrays, largest base %zu bytes", checked, c.largest);
}

/*
 * Pointer elements round-trip; on an array of other elements the pointer
 * calls refuse, with a warning: userspace only, since it WARNs.
 */
static void pointer_elements(struct kunit *test)
{
	struct flex_array *fa = flex_array_alloc(sizeof(void *), 3 * PAGE_SIZE,
						 GFP_KERNEL);
	struct flex_array *bytes = flex_array_alloc(1, 16, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_NOT_NULL(test, bytes);
	KUNIT_EXPECT_EQ(test, flex_array_put_ptr(fa, 700, test, GFP_KERNEL), 0);
	KUNIT_EXPECT_PTR_EQ(test, flex_array_get_ptr(fa, 700), test);
	KUNIT_EXPECT_NULL(test, flex_array_get_ptr(fa, 701));
	KUNIT_EXPECT_NULL(test, flex_array_get_ptr(fa, 3 * PAGE_SIZE));
	KUNIT_EXPECT_NULL(test, flex_array_get_ptr(fa, 0));

	KUNIT_EXPECT_EQ(test, flex_array_put_ptr(bytes, 0, test, GFP_KERNEL),
			-EINVAL);
	KUNIT_EXPECT_NULL(test, flex_array_get_ptr(bytes, 0));
	KUNIT_EXPECT_EQ(test, fake_take_warnings(), 2);
	flex_array_free(bytes);
	flex_array_free(fa);
}

/* The fake allocator fails what it is told to, counting both kinds. */
static void fake_fails_nth_call(struct kunit *test)
{
	void *a, *b, *c;
	unsigned long page;

	fake_fail_nth(2);
	a = kmalloc(8, GFP_KERNEL);
	page = __get_free_page(GFP_KERNEL);
	b = kmalloc(8, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, page, 0);
	KUNIT_EXPECT_NOT_NULL(test, b);
	fake_fail_nonblocking(true);
	c = kmalloc(8, GFP_ATOMIC);
	KUNIT_EXPECT_NULL(test, c);
	fake_fail_off();
	kfree(a);
	kfree(b);
}

/* Memory not asked to be zeroed is poisoned, so a missing zeroing shows. */
static void fake_poisons_unzeroed_memory(struct kunit *test)
{
	u8 *p = kmalloc(16, GFP_KERNEL);
	u8 *z = kzalloc(16, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, z);
	KUNIT_EXPECT_EQ(test, p[0], 0x5a);
	KUNIT_EXPECT_EQ(test, p[15], 0x5a);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(z, 0, 16));
	kfree(p);
	kfree(z);
}

/* Each kind of misuse the runner reports is really seen. */
static void fake_detects_misuse(struct kunit *test)
{
	DEFINE_SPINLOCK(lock);
	struct fake_counts c;
	void *p;

	spin_lock(&lock);
	p = kmalloc(8, GFP_KERNEL);		/* may sleep, under a lock */
	spin_unlock(&lock);
	kfree(p);
	kfree(p);				/* double free */
	free_page(__get_free_page(GFP_KERNEL | __GFP_HIGHMEM));
	WARN_ON(1);
	WARN_ON_ONCE(1);
	fake_get_counts(&c);
	KUNIT_EXPECT_EQ(test, c.violations, 3);
	KUNIT_EXPECT_EQ(test, c.warnings, 2);
	KUNIT_EXPECT_EQ(test, fake_take_warnings(), 2);
	KUNIT_EXPECT_EQ(test, fake_take_warnings(), 0);
	/* Seen: now clear them, so that the runner passes this case. */
	fake_reset_stats();
}

static struct kunit_case flex_array_alloc_cases[] = {
	KUNIT_CASE_PARAM(prealloc_range_never_allocates, geometries_gen_params),
	KUNIT_CASE_PARAM(tracked_prealloc_range_never_allocates,
			 geometries_gen_params),
	KUNIT_CASE_PARAM(shrink_counts_what_it_frees, geometries_gen_params),
	KUNIT_CASE_PARAM(shrink_untracked_warns, geometries_gen_params),
	KUNIT_CASE_PARAM(put_allocates_once_per_part, geometries_gen_params),
	KUNIT_CASE(base_size_matches_layout),
	KUNIT_CASE(pointer_elements),
	KUNIT_CASE(fake_fails_nth_call),
	KUNIT_CASE(fake_poisons_unzeroed_memory),
	KUNIT_CASE(fake_detects_misuse),
	{}
};

static struct kunit_suite flex_array_alloc_suite = {
	.name = "flex_array_alloc",
	.test_cases = flex_array_alloc_cases,
};

kunit_test_suite(flex_array_alloc_suite);
