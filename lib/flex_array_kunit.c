// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for flexible arrays.
 *
 * Run from the top of a kernel tree with:
 *
 *	./tools/testing/kunit/kunit.py run --kunitconfig=lib/.kunitconfig \
 *		--kconfig_add=CONFIG_DEBUG_ATOMIC_SLEEP=y
 *
 * The atomic-context cases need CONFIG_DEBUG_ATOMIC_SLEEP to prove their
 * point: with it, an allocation that could sleep under the spinlock is
 * reported in the kernel log.  UML offers it from Linux 6.12 on.
 */

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/flex_array.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/processor.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

/* The salt of an element never stored: fa_expect() wants zeroes. */
#define FA_ZEROES	U32_MAX

/* Element @nr stored with @salt: different for every index and byte. */
static void fa_pattern(u8 *buf, int size, unsigned int nr, u32 salt)
{
	int i;

	for (i = 0; i < size; i++)
		buf[i] = (u8)(nr * 131 + i * 7 + salt) | 1;
}

/*
 * Each test gets two page-sized buffers: test->priv holds what is put,
 * the second page what is expected.
 */
static int fa_test_init(struct kunit *test)
{
	test->priv = kunit_kmalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

/* Odd elements are put, and all looked up, by the inlined variants too. */
static int fa_put(struct kunit *test, struct flex_array *fa, unsigned int nr,
		  u32 salt, gfp_t flags)
{
	fa_pattern(test->priv, fa->element_size, nr, salt);
	if (nr & 1)
		return flex_array_put_inlined(fa, nr, test->priv, flags);
	return flex_array_put(fa, nr, test->priv, flags);
}

/* Element @nr has memory and holds what fa_put() stored with @salt. */
static void fa_expect(struct kunit *test, struct flex_array *fa,
		      unsigned int nr, u32 salt)
{
	u8 *want = (u8 *)test->priv + PAGE_SIZE;
	u8 *got = flex_array_get(fa, nr);

	KUNIT_EXPECT_PTR_EQ(test, flex_array_get_inlined(fa, nr), (void *)got);
	if (salt == FA_ZEROES)
		memset(want, 0, fa->element_size);
	else
		fa_pattern(want, fa->element_size, nr, salt);
	KUNIT_ASSERT_NOT_NULL_MSG(test, got, "element %u", nr);
	KUNIT_EXPECT_TRUE_MSG(test, !memcmp(got, want, fa->element_size),
			      "element %u", nr);
}

/* KUnit frees the array when the test ends, however it ends. */
KUNIT_DEFINE_ACTION_WRAPPER(fa_free_action, flex_array_free,
			    struct flex_array *);

static struct flex_array *fa_alloc(int element_size, unsigned int total,
				   gfp_t flags, bool tracked)
{
	if (tracked)
		return flex_array_alloc_tracked(element_size, total, flags);
	return flex_array_alloc(element_size, total, flags);
}

static struct flex_array *fa_new(struct kunit *test, int element_size,
				 unsigned int total, gfp_t flags, bool tracked)
{
	struct flex_array *fa = fa_alloc(element_size, total, flags, tracked);

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_EQ_MSG(test,
			    kunit_add_action_or_reset(test, fa_free_action, fa),
			    0, "no memory to track the array");
	return fa;
}

enum fa_shape {
	FA_FEW,		/* three elements in the base, or what fits there */
	FA_FULL,	/* as many elements as the base holds */
	FA_PARTS,	/* three and a half parts, plus one element */
	FA_DEEP,	/* one part more than the base can point at */
};

struct fa_layout {
	int element_size;
	enum fa_shape shape;
};

/*
 * Each exists with any page size, but for two levels of small elements
 * with 256 KiB pages: they would need more than UINT_MAX elements.
 */
static const struct fa_layout fa_layouts[] = {
	{ 1, FA_FEW }, { 1, FA_FULL }, { 1, FA_PARTS }, { 1, FA_DEEP },
	{ 3, FA_FEW }, { 3, FA_FULL }, { 3, FA_PARTS }, { 3, FA_DEEP },
	{ 8, FA_FEW }, { 8, FA_FULL }, { 8, FA_PARTS }, { 8, FA_DEEP },
	{ 24, FA_FEW }, { 24, FA_FULL }, { 24, FA_PARTS }, { 24, FA_DEEP },
	{ 100, FA_FEW }, { 100, FA_FULL }, { 100, FA_PARTS }, { 100, FA_DEEP },
	{ 2049, FA_FEW }, { 2049, FA_FULL }, { 2049, FA_PARTS },
	{ 2049, FA_DEEP },
	/* The largest element the base holds; larger ones need parts. */
	{ FLEX_ARRAY_BASE_BYTES, FA_FULL },
	{ 4095, FA_PARTS }, { 4095, FA_DEEP },
	{ PAGE_SIZE, FA_PARTS }, { PAGE_SIZE, FA_DEEP },
};

static unsigned int fa_per_part(const struct fa_layout *l)
{
	return PAGE_SIZE / l->element_size;
}

/* Number of elements for a layout; 0 if it would pass UINT_MAX. */
static unsigned int fa_total(const struct fa_layout *l)
{
	unsigned int in_base = FLEX_ARRAY_BASE_BYTES / l->element_size;
	u64 per_part = fa_per_part(l);
	u64 deep = FLEX_ARRAY_BASE_PTRS * per_part + 1;

	switch (l->shape) {
	case FA_FEW:
		return min(in_base, 3U);
	case FA_FULL:
		return in_base;
	case FA_PARTS:
		return 3 * per_part + per_part / 2 + 1;
	case FA_DEEP:
		return deep <= UINT_MAX ? deep : 0;
	}
	return 0;
}

static bool fa_in_base(const struct fa_layout *l)
{
	return l->shape == FA_FEW || l->shape == FA_FULL;
}

static void fa_layout_desc(const struct fa_layout *l, char *desc)
{
	static const char *const shapes[] = {
		[FA_FEW] = "inline, few",
		[FA_FULL] = "inline, full",
		[FA_PARTS] = "parts",
		[FA_DEEP] = "two levels",
	};

	if (fa_total(l))
		snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%d B x %u, %s",
			 l->element_size, fa_total(l), shapes[l->shape]);
	else
		snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%d B, %s: out of reach",
			 l->element_size, shapes[l->shape]);
}

KUNIT_ARRAY_PARAM(fa_layout, fa_layouts, fa_layout_desc);

/* The test's layout; with 256 KiB pages two levels may be out of reach. */
static const struct fa_layout *fa_layout(struct kunit *test)
{
	const struct fa_layout *l = test->param_value;

	if (!fa_total(l))
		kunit_skip(test, "needs more than UINT_MAX elements with %lu-byte pages",
			   PAGE_SIZE);
	return l;
}

static struct flex_array *fa_layout_new(struct kunit *test,
					const struct fa_layout *l,
					gfp_t flags, bool tracked)
{
	return fa_new(test, l->element_size, fa_total(l), flags, tracked);
}

/* Elements in a part, or in the whole array for one in its base. */
static unsigned int fa_span(const struct fa_layout *l)
{
	return fa_in_base(l) ? fa_total(l) : fa_per_part(l);
}

struct fa_size {
	const char *name;
	int element_size;
	unsigned int total;
};

static const struct fa_size fa_sizes[] = {
	{ "zero element size", 0, 1 },
	{ "negative element size", -1, 1 },
	{ "INT_MIN element size", INT_MIN, 1 },
	{ "element larger than a page", PAGE_SIZE + 1, 1 },
	{ "INT_MAX element size", INT_MAX, 1 },
	{ "4M x 16 B", 16, SZ_4M },
	{ "100M x 1 B", 1, 100000000 },
	{ "20000 x PAGE_SIZE", PAGE_SIZE, 20000 },
	{ "UINT_MAX / 24 x 24 B", 24, UINT_MAX / 24 },
	{ "UINT_MAX x PAGE_SIZE", PAGE_SIZE, UINT_MAX },
	{ "UINT_MAX x 1 B", 1, UINT_MAX },
	/* Exactly the parts a base can point at, and one more. */
	{ "full base x 16 B", 16, FLEX_ARRAY_BASE_PTRS * (PAGE_SIZE / 16) },
	{ "full base + 1 x 16 B", 16,
	  FLEX_ARRAY_BASE_PTRS * (PAGE_SIZE / 16) + 1 },
};

KUNIT_ARRAY_PARAM_DESC(fa_size, fa_sizes, name);

/*
 * Bad element sizes are refused, and freeing the NULL returned is fine.
 * Any total is accepted: elements at its ends and scattered over it read
 * back, and parts that were not touched stay unallocated.
 */
static void flex_array_test_sizes(struct kunit *test)
{
	const struct fa_size *size = test->param_value;
	unsigned int nr[66], per_part, i;
	bool second_part = false;
	struct flex_array *fa;
	struct rnd_state rnd;

	if (size->element_size <= 0 || size->element_size > PAGE_SIZE) {
		fa = flex_array_alloc(size->element_size, 1, GFP_KERNEL);
		KUNIT_EXPECT_NULL(test, fa);
		flex_array_free(fa);
		KUNIT_EXPECT_NULL(test, flex_array_alloc_tracked(size->element_size,
								 1, GFP_KERNEL));
		return;
	}
	fa = fa_new(test, size->element_size, size->total, GFP_KERNEL, false);
	per_part = PAGE_SIZE / size->element_size;
	KUNIT_EXPECT_LE(test, ksize(fa), PAGE_SIZE);
	prandom_seed_state(&rnd, size->total);
	nr[0] = 0;
	nr[1] = size->total - 1;
	for (i = 2; i < ARRAY_SIZE(nr); i++)
		nr[i] = prandom_u32_state(&rnd) % size->total;

	for (i = 0; i < ARRAY_SIZE(nr); i++) {
		KUNIT_ASSERT_EQ(test, 0, fa_put(test, fa, nr[i], 5, GFP_KERNEL));
		second_part |= nr[i] / per_part == 1;
	}
	for (i = 0; i < ARRAY_SIZE(nr); i++)
		fa_expect(test, fa, nr[i], 5);
	/* The part after the first one was not touched (very likely). */
	if (!second_part)
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, per_part));
}

/* The base holds what the array needs, never more than a page. */
static void flex_array_test_alloc_layout(struct kunit *test)
{
	const struct fa_layout *l = fa_layout(test);
	struct flex_array *fa = fa_layout_new(test, l, GFP_KERNEL, false);
	unsigned int parts = DIV_ROUND_UP(fa_total(l), fa_per_part(l));
	size_t need = sizeof(*fa);

	if (fa_in_base(l))
		need += (size_t)fa_total(l) * l->element_size;
	else if (l->shape == FA_DEEP)
		need += DIV_ROUND_UP(parts, PAGE_SIZE / sizeof(void *)) *
			sizeof(void *);
	else
		need += parts * sizeof(void *);

	KUNIT_EXPECT_EQ(test, fa->element_size, l->element_size);
	KUNIT_EXPECT_EQ(test, fa->total, fa_total(l));
	KUNIT_EXPECT_LE(test, ksize(fa), PAGE_SIZE);
	KUNIT_EXPECT_GE(test, ksize(fa), need);
	/*
	 * kmalloc rounds up to less than twice the request, or to its
	 * smallest object: 128 bytes on arm64 before Linux 6.5.
	 */
	KUNIT_EXPECT_LE(test, ksize(fa),
			max_t(size_t, 2 * need - 1, ARCH_KMALLOC_MINALIGN));
	if (fa_in_base(l))
		KUNIT_EXPECT_PTR_EQ(test, flex_array_get(fa, 0),
				    (void *)((u8 *)fa + sizeof(*fa)));
	else
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, 0));
}

/* A 64 x 8-byte array is one small allocation, not a page. */
static void flex_array_test_small_is_small(struct kunit *test)
{
	struct flex_array *fa = fa_new(test, 8, 64, GFP_KERNEL, false);

	KUNIT_EXPECT_LE(test, ksize(fa), 1024);
	KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, 63));
}

/*
 * The first element of the part after @start's: every part, except that
 * of arrays of more than 64 parts only the first and last 32 are visited.
 * A two-level array of 64K pages would otherwise take half a gigabyte.
 */
static unsigned int fa_next_start(struct flex_array *fa, unsigned int start,
				  unsigned int per_part)
{
	unsigned int parts = DIV_ROUND_UP(fa->total, per_part);
	unsigned int part = start / per_part + 1;

	if (part == 32 && parts > 64)
		part = parts - 32;
	return part < parts ? part * per_part : fa->total;
}

/*
 * Store the first and last element of every part, then check that each
 * reads back and that the neighbours were not touched.
 */
static void flex_array_test_part_boundaries(struct kunit *test)
{
	const struct fa_layout *l = fa_layout(test);
	struct flex_array *fa = fa_layout_new(test, l, GFP_KERNEL, false);
	unsigned int per_part = fa_span(l), start, last, nr;

	for (start = 0; start < fa->total;
	     start = fa_next_start(fa, start, per_part)) {
		last = min(start + per_part, fa->total) - 1;
		KUNIT_ASSERT_EQ(test, 0, fa_put(test, fa, start, 1, GFP_KERNEL));
		KUNIT_ASSERT_EQ(test, 0, fa_put(test, fa, last, 1, GFP_KERNEL));
	}
	for (start = 0; start < fa->total;
	     start = fa_next_start(fa, start, per_part)) {
		last = min(start + per_part, fa->total) - 1;
		fa_expect(test, fa, start, 1);
		fa_expect(test, fa, last, 1);
		for (nr = start + 1; nr < last && nr <= start + 8; nr++)
			fa_expect(test, fa, nr, FA_ZEROES);
		for (nr = max(last - 8, start + 1); nr < last; nr++)
			fa_expect(test, fa, nr, FA_ZEROES);
	}
}

/*
 * Out-of-range indices and ranges are refused, and an error allocates
 * nothing; the last element can be preallocated alone.
 */
static void flex_array_test_errors(struct kunit *test)
{
	const struct fa_layout *l = fa_layout(test);
	struct flex_array *fa = fa_layout_new(test, l, GFP_KERNEL, false);
	unsigned int total = fa->total, bad[] = { total, total + 1, UINT_MAX };
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ(test, -ENOSPC,
				fa_put(test, fa, bad[i], 0, GFP_KERNEL));
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, bad[i]));
		KUNIT_EXPECT_EQ(test, -ENOSPC, flex_array_clear(fa, bad[i]));
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ(test, -ENOSPC,
				flex_array_prealloc(fa, bad[i], bad[i], GFP_KERNEL));
		KUNIT_EXPECT_EQ(test, -ENOSPC,
				flex_array_prealloc(fa, 0, bad[i], GFP_KERNEL));
		KUNIT_EXPECT_EQ(test, -ENOSPC,
				flex_array_prealloc(fa, bad[i], 0, GFP_KERNEL));
	}
	if (total >= 2)
		KUNIT_EXPECT_EQ(test, -EINVAL,
				flex_array_prealloc(fa, 1, 0, GFP_KERNEL));
	if (!fa_in_base(l)) {
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, 0));
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, total - 1));
	}
	KUNIT_EXPECT_EQ(test, 0, flex_array_prealloc(fa, total - 1, total - 1,
						     GFP_KERNEL));
	KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, total - 1));
}

/*
 * Only the parts written to get memory, and their other elements read as
 * zeroes.  Iteration visits exactly the elements of those parts, in order,
 * jumping over missing parts and pages of pointers.
 */
static void flex_array_test_sparse(struct kunit *test)
{
	const struct fa_layout *l = fa_layout(test);
	struct flex_array *fa = fa_layout_new(test, l, GFP_KERNEL, false);
	unsigned int per_part = fa_span(l), last = fa->total - 1;
	unsigned int last_part = last - last % per_part, first = 2 * per_part;
	unsigned int nr = first + per_part / 2, expect = 0, visited = 0;
	unsigned int index, i;
	u8 *p;

	if (fa_in_base(l))
		nr = fa->total / 2;
	KUNIT_ASSERT_EQ(test, 0, fa_put(test, fa, nr, 2, GFP_KERNEL));
	fa_expect(test, fa, nr, 2);
	if (!fa_in_base(l)) {
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, 0));
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, first - 1));
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, first + per_part));
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, last));
		for (i = first; i < first + per_part; i++)
			if (i != nr)
				fa_expect(test, fa, i, FA_ZEROES);
	}

	/* Parts 0, 2 and the last one: each ends on the next one's start. */
	KUNIT_ASSERT_EQ(test, 0, fa_put(test, fa, last, 6, GFP_KERNEL));
	KUNIT_ASSERT_EQ(test, 0, fa_put(test, fa, 0, 6, GFP_KERNEL));
	flex_array_for_each(fa, index, p) {
		KUNIT_ASSERT_EQ(test, index, expect);
		KUNIT_ASSERT_PTR_EQ(test, p, (u8 *)flex_array_get(fa, index));
		visited++;
		expect = index + 1;
		if (expect == per_part)
			expect = first;
		else if (expect == first + per_part)
			expect = last_part;
	}
	KUNIT_EXPECT_EQ(test, index, last);
	if (fa_in_base(l)) {
		KUNIT_EXPECT_EQ(test, visited, fa->total);
		index = nr;
		KUNIT_EXPECT_NOT_NULL(test, flex_array_next(fa, &index));
		KUNIT_EXPECT_EQ(test, index, nr);
		return;
	}
	KUNIT_EXPECT_EQ(test, visited, 2 * per_part + last - last_part + 1);
	/* From a missing part, on to the next present one. */
	index = per_part;
	KUNIT_EXPECT_NOT_NULL(test, flex_array_next(fa, &index));
	KUNIT_EXPECT_EQ(test, index, first);
	index = first + per_part;
	KUNIT_EXPECT_NOT_NULL(test, flex_array_next(fa, &index));
	KUNIT_EXPECT_EQ(test, index, last_part);
}

/*
 * Every element reads as zeroes until stored, with __GFP_ZERO and
 * without it, as the library promises.
 */
static void flex_array_test_zeroed(struct kunit *test)
{
	static const gfp_t flags[] = { GFP_KERNEL | __GFP_ZERO, GFP_KERNEL };
	const struct fa_layout *l = fa_layout(test);
	unsigned int nr, start, end;
	struct flex_array *fa;
	int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		fa = fa_layout_new(test, l, flags[i], false);
		/* The first two parts, and the last ones, past the base. */
		end = min(2 * fa_per_part(l), fa->total) - 1;
		start = fa->total - 1 - end;
		KUNIT_ASSERT_EQ(test, 0, flex_array_prealloc(fa, 0, end,
							     flags[i]));
		KUNIT_ASSERT_EQ(test, 0, flex_array_prealloc(fa, start,
							     fa->total - 1,
							     flags[i]));
		for (nr = 0; nr <= end; nr++)
			fa_expect(test, fa, nr, FA_ZEROES);
		for (nr = start; nr < fa->total; nr++)
			fa_expect(test, fa, nr, FA_ZEROES);
	}
}

/*
 * After prealloc, puts into the range succeed under a spinlock even with
 * GFP_KERNEL: they must not allocate, which would sleep (and be reported
 * by CONFIG_DEBUG_ATOMIC_SLEEP) or move elements.  That holds for tracked
 * arrays too, whose puts also mark the element.  The range is inclusive
 * and nothing outside its parts is allocated.
 */
static void flex_array_test_prealloc_atomic(struct kunit *test)
{
	const struct fa_layout *l = fa_layout(test);
	unsigned int per_part = fa_span(l), total = fa_total(l);
	unsigned int start = min(per_part, total - 1);
	unsigned int end = min(2 * per_part, total - 1), nr;
	spinlock_t lock;	/* makes the puts run in atomic context */
	struct flex_array *fa;
	void *first, *last;
	int tracked, err;

	spin_lock_init(&lock);
	for (tracked = 0; tracked < 2; tracked++) {
		fa = fa_layout_new(test, l, GFP_KERNEL, tracked);
		KUNIT_ASSERT_EQ(test, 0, flex_array_prealloc(fa, start, end,
							     GFP_KERNEL));
		first = flex_array_get(fa, start);
		last = flex_array_get(fa, end);
		KUNIT_ASSERT_NOT_NULL(test, first);
		KUNIT_ASSERT_NOT_NULL(test, last);

		err = 0;
		spin_lock(&lock);
		for (nr = start; nr <= end; nr++)
			err |= fa_put(test, fa, nr, 3, GFP_KERNEL);
		spin_unlock(&lock);

		KUNIT_EXPECT_EQ(test, 0, err);
		KUNIT_EXPECT_PTR_EQ(test, first, flex_array_get(fa, start));
		KUNIT_EXPECT_PTR_EQ(test, last, flex_array_get(fa, end));
		for (nr = start; nr <= end; nr++)
			fa_expect(test, fa, nr, 3);
		/* Every part of the range holds a stored element. */
		if (tracked)
			KUNIT_EXPECT_EQ(test, 0, flex_array_shrink(fa));
		if (fa_in_base(l))
			continue;
		/* The range covers parts 1 and 2, nothing of parts 0 and 3. */
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, start - 1));
		if (per_part > 1)
			KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, end + 1));
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, 3 * per_part));
	}
}

/*
 * Clearing zeroes an element and keeps its memory, also where it has none;
 * free_parts empties the array, which then works as new; twice is fine.
 */
static void flex_array_test_clear_and_free_parts(struct kunit *test)
{
	const struct fa_layout *l = fa_layout(test);
	struct flex_array *fa = fa_layout_new(test, l, GFP_KERNEL, false);
	unsigned int last = fa->total - 1;
	int round;

	for (round = 0; round < 2; round++) {
		KUNIT_EXPECT_EQ(test, 0, flex_array_clear(fa, last / 2));
		KUNIT_ASSERT_EQ(test, 0, fa_put(test, fa, 0, round, GFP_KERNEL));
		KUNIT_ASSERT_EQ(test, 0, fa_put(test, fa, last, round,
						GFP_KERNEL));
		fa_expect(test, fa, 0, round);
		fa_expect(test, fa, last, round);
		KUNIT_EXPECT_EQ(test, 0, flex_array_clear(fa, last));
		fa_expect(test, fa, last, FA_ZEROES);
		if (last)
			fa_expect(test, fa, 0, round);

		flex_array_free_parts(fa);
		flex_array_free_parts(fa);
		if (fa_in_base(l)) {
			fa_expect(test, fa, 0, FA_ZEROES);
			fa_expect(test, fa, last, FA_ZEROES);
		} else {
			KUNIT_EXPECT_NULL(test, flex_array_get(fa, 0));
			KUNIT_EXPECT_NULL(test, flex_array_get(fa, last));
		}
	}
}

/*
 * __GFP_HIGHMEM and __GFP_MOVABLE are masked: the parts are directly
 * addressable, and stay where they are.
 */
static void flex_array_test_highmem(struct kunit *test)
{
	static const gfp_t flags[] = {
		GFP_KERNEL | __GFP_HIGHMEM, GFP_HIGHUSER_MOVABLE,
	};
	struct flex_array *fa;
	int i;
	u8 *p;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		fa = fa_new(test, 16, 4 * PAGE_SIZE, flags[i], false);
		KUNIT_EXPECT_EQ(test, 0, fa_put(test, fa, 1000, 4, flags[i]));
		KUNIT_EXPECT_EQ(test, 0, flex_array_prealloc(fa, 0,
							     fa->total - 1,
							     flags[i]));
		p = flex_array_get(fa, fa->total - 1);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_TRUE(test, virt_addr_valid(p));
		fa_expect(test, fa, 1000, 4);
	}
}

/* Puts through a const source, copying exactly element_size bytes. */
static void flex_array_test_put_copies_exactly(struct kunit *test)
{
	static const u64 src[2] = { 0x0123456789abcdefULL, ~0ULL };
	struct flex_array *fa = fa_new(test, 12, 2 * PAGE_SIZE, GFP_KERNEL,
				       false);
	u8 *p;

	KUNIT_ASSERT_EQ(test, 0, flex_array_put(fa, 5, src, GFP_KERNEL));
	p = flex_array_get(fa, 5);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, !memcmp(p, src, 12));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(p - 12, 0, 12));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(p + 12, 0, 12));
}

#define FA_MODEL_OPS	4000
/* Random preallocs may fill the array: at most this much memory. */
#define FA_MODEL_MAX	SZ_8M
#define FA_NO_PUT	U32_MAX

/*
 * Random puts, gets, preallocs and free_parts checked against a log of
 * the puts: element @nr holds what the last put to it since the last
 * free_parts stored, and zeroes if there is none.
 */
static void flex_array_test_random_model(struct kunit *test)
{
	const struct fa_layout *l = fa_layout(test);
	unsigned int total = fa_total(l), size = l->element_size;
	unsigned int op, nr, end, put, since = 0;
	struct flex_array *fa;
	struct rnd_state rnd;
	u32 *log;
	u8 *p;

	if ((u64)total * size > FA_MODEL_MAX)
		kunit_skip(test, "%llu bytes of elements: more than the %d MiB the test allows",
			   (u64)total * size, FA_MODEL_MAX / SZ_1M);
	fa = fa_layout_new(test, l, GFP_KERNEL, false);
	/* log[op]: the element put by operation @op, or FA_NO_PUT. */
	log = kunit_kmalloc_array(test, FA_MODEL_OPS, sizeof(*log), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, log);
	prandom_seed_state(&rnd, 0x5eed + l->element_size + l->shape);

	for (op = 0; op < FA_MODEL_OPS; op++) {
		nr = prandom_u32_state(&rnd) % total;
		log[op] = FA_NO_PUT;
		switch (prandom_u32_state(&rnd) % 16) {
		case 0 ... 7:
			KUNIT_ASSERT_EQ(test, 0, fa_put(test, fa, nr, op,
							GFP_KERNEL));
			log[op] = nr;
			break;
		case 8 ... 13:
			for (put = op; put > since && log[put - 1] != nr; put--)
				;
			p = flex_array_get(fa, nr);
			/* The last put's salt is its operation number. */
			if (put > since)
				fa_expect(test, fa, nr, put - 1);
			else if (p)
				KUNIT_ASSERT_TRUE_MSG(test, !memchr_inv(p, 0, size),
						      "element %u", nr);
			break;
		case 14:
			end = nr + prandom_u32_state(&rnd) % (total - nr);
			KUNIT_ASSERT_EQ(test, 0, flex_array_prealloc(fa, nr, end,
								     GFP_KERNEL));
			KUNIT_ASSERT_NOT_NULL(test, flex_array_get(fa, end));
			break;
		case 15:
			if (prandom_u32_state(&rnd) % 8)
				break;
			flex_array_free_parts(fa);
			since = op;
			break;
		}
	}
}

/* Pointers in, the same pointers out. */
static void flex_array_test_ptrs(struct kunit *test)
{
	struct flex_array *fa = fa_new(test, sizeof(void *),
				       FLEX_ARRAY_BASE_PTRS * 1024, GFP_KERNEL,
				       false);
	unsigned int step = fa->total / 8, i;
	static int objs[8];

	for (i = 0; i < ARRAY_SIZE(objs); i++)
		KUNIT_ASSERT_EQ(test, 0, flex_array_put_ptr(fa, i * step + i,
							    &objs[i],
							    GFP_KERNEL));
	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		KUNIT_EXPECT_PTR_EQ(test, &objs[i],
				    flex_array_get_ptr(fa, i * step + i));
		KUNIT_EXPECT_NULL(test, flex_array_get_ptr(fa, i * step + i + 1));
	}
	KUNIT_EXPECT_NULL(test, flex_array_get_ptr(fa, fa->total));
	KUNIT_EXPECT_EQ(test, -ENOSPC,
			flex_array_put_ptr(fa, fa->total, objs, GFP_KERNEL));
}

/*
 * Shrink frees exactly the parts holding no stored element: preallocated
 * ones and those whose elements were all cleared, but not one holding a
 * stored element of zeroes.  The array works as before afterwards.  An
 * array in its base has nothing to free, and keeps every element.
 */
static void flex_array_test_shrink(struct kunit *test)
{
	const struct fa_layout *l = fa_layout(test);
	struct flex_array *fa = fa_layout_new(test, l, GFP_KERNEL, true);
	unsigned int per_part = fa_per_part(l), last = fa->total - 1, index;
	u8 *zeroes = kunit_kzalloc(test, fa->element_size, GFP_KERNEL);
	void *p;

	KUNIT_ASSERT_NOT_NULL(test, zeroes);
	KUNIT_ASSERT_EQ(test, 0, fa_put(test, fa, last, 10, GFP_KERNEL));
	if (fa_in_base(l)) {
		KUNIT_EXPECT_EQ(test, 0, flex_array_clear(fa, 0));
		KUNIT_EXPECT_EQ(test, 0, flex_array_shrink(fa));
		fa_expect(test, fa, 0, FA_ZEROES);
		if (last)
			fa_expect(test, fa, last, 10);
		return;
	}
	KUNIT_ASSERT_EQ(test, 0, fa_put(test, fa, 0, 10, GFP_KERNEL));
	KUNIT_ASSERT_EQ(test, 0, flex_array_prealloc(fa, per_part, per_part,
						     GFP_KERNEL));
	KUNIT_ASSERT_EQ(test, 0, flex_array_put(fa, 2 * per_part, zeroes,
						GFP_KERNEL));

	/* Only the preallocated part 1 holds nothing. */
	KUNIT_EXPECT_GE(test, flex_array_shrink(fa), 1);
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, per_part));
	fa_expect(test, fa, 0, 10);
	fa_expect(test, fa, 2 * per_part, FA_ZEROES);
	fa_expect(test, fa, last, 10);
	KUNIT_EXPECT_EQ(test, 0, flex_array_shrink(fa));

	/* Cleared, part 0 goes; a stored element of zeroes keeps part 2. */
	KUNIT_EXPECT_EQ(test, 0, flex_array_clear(fa, 0));
	KUNIT_EXPECT_GE(test, flex_array_shrink(fa), 1);
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, 0));
	fa_expect(test, fa, 2 * per_part, FA_ZEROES);
	fa_expect(test, fa, last, 10);

	/* With nothing stored, nothing is left, and the array still works. */
	KUNIT_EXPECT_EQ(test, 0, flex_array_clear(fa, 2 * per_part));
	KUNIT_EXPECT_EQ(test, 0, flex_array_clear(fa, last));
	KUNIT_EXPECT_GE(test, flex_array_shrink(fa), 2);
	flex_array_for_each(fa, index, p)
		KUNIT_FAIL(test, "element %u survived", index);
	KUNIT_ASSERT_EQ(test, 0, fa_put(test, fa, last, 11, GFP_KERNEL));
	fa_expect(test, fa, last, 11);
}

/* An array of UINT_MAX pages with three parts is walked in three steps. */
static void flex_array_test_iterate_huge(struct kunit *test)
{
	static const unsigned int nrs[] = { 5, 1U << 30, UINT_MAX - 1 };
	struct flex_array *fa = fa_new(test, PAGE_SIZE, UINT_MAX, GFP_KERNEL,
				       false);
	unsigned int index, i;
	void *p;

	for (i = 0; i < ARRAY_SIZE(nrs); i++)
		KUNIT_ASSERT_EQ(test, 0, fa_put(test, fa, nrs[i], 7, GFP_KERNEL));
	i = 0;
	flex_array_for_each(fa, index, p) {
		KUNIT_ASSERT_LT(test, i, ARRAY_SIZE(nrs));
		KUNIT_EXPECT_EQ(test, index, nrs[i]);
		fa_expect(test, fa, index, 7);
		i++;
	}
	KUNIT_EXPECT_EQ(test, i, ARRAY_SIZE(nrs));

	i = 1;
	flex_array_for_each_from(fa, index, p, nrs[0] + 1)
		KUNIT_EXPECT_EQ(test, index, nrs[i++]);
	KUNIT_EXPECT_EQ(test, i, ARRAY_SIZE(nrs));
}

/*
 * The stress case: writer threads put, get and prealloc distinct elements
 * of an array with two levels of pointer pages, in two windows of parts:
 * one across the boundary of two lower pointer pages, one across that of
 * two upper ones.  Writer w of n owns every nth element of the windows,
 * so that all of them need each part and pointer page at the same moment.
 * Readers walk the array meanwhile.  No thread reads an element another
 * may be writing: a writer publishes how many of its elements it has
 * stored with a release, and readers check only those.
 */
#define FA_STRESS_ROUNDS	8
/* Parts on each side of the boundary a window straddles. */
#define FA_STRESS_HALF		8
#define FA_STRESS_WINDOWS	2
#define FA_STRESS_PART_SPAN	(2 * FA_STRESS_HALF)
/* Parts below a lower, and an upper, pointer page. */
#define FA_STRESS_LOW		BIT_ULL(FLEX_ARRAY_PTR_SHIFT)
#define FA_STRESS_HIGH		BIT_ULL(2 * FLEX_ARRAY_PTR_SHIFT)
/* Pointer pages the windows need: two lower ones each, upper ones 0 and 1. */
#define FA_STRESS_PTR_PAGES	(2 * FA_STRESS_WINDOWS + 2)

struct fa_threads {
	unsigned int writers, readers;
};

static const struct fa_threads fa_thread_counts[] = {
	{ 2, 1 }, { 3, 1 }, { 4, 2 }, { 8, 2 },
};

static void fa_threads_desc(const struct fa_threads *t, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u writers, %u readers",
		 t->writers, t->readers);
}

KUNIT_ARRAY_PARAM(fa_threads, fa_thread_counts, fa_threads_desc);

struct fa_stress {
	struct flex_array *fa;
	unsigned int writers, round, per_part;
	/* First part of each window; elements in one window. */
	u64 window[FA_STRESS_WINDOWS];
	unsigned int span;
	/* done[s]: elements stored by the writer in slot s, released. */
	unsigned int *done;
	u8 *bufs;		/* an element per thread */
	atomic_t running;	/* writers still storing */
	atomic_t errors;
	atomic_t puts, gets, preallocs, walks, visited, checked;
	atomic_t overlapped;	/* walks begun while writers stored */
	atomic_t walking;	/* walks begun this round */
	struct completion start, finished;
};

struct fa_stress_thread {
	struct fa_stress *s;
	unsigned int id;
};

/* The element at offset @g of the windows laid end to end. */
static unsigned int fa_stress_nr(const struct fa_stress *s, unsigned int g)
{
	return s->window[g / s->span] * s->per_part + g % s->span;
}

/* The salt of writer @id's elements this round: its mark, and the round. */
static u32 fa_stress_salt(const struct fa_stress *s, unsigned int id)
{
	return s->round << 8 | id;
}

/* Which writer holds slot @slot this round: each round they rotate. */
static unsigned int fa_stress_owner(const struct fa_stress *s,
				    unsigned int slot)
{
	return (slot + s->writers - s->round % s->writers) % s->writers;
}

/* Offset in the windows of element @nr, or -1 if it is in none. */
static long fa_stress_offset(const struct fa_stress *s, unsigned int nr)
{
	u64 first;
	int w;

	for (w = 0; w < FA_STRESS_WINDOWS; w++) {
		first = s->window[w] * s->per_part;
		if (nr >= first && nr < first + s->span)
			return w * s->span + (nr - first);
	}
	return -1;
}

/*
 * Writer: stores its elements in order, preallocating the next parts of
 * the window now and then; reads each one back, and checks through gets
 * that its neighbour, owned by another writer, is in the same page.
 */
static void fa_stress_write(struct fa_stress *s, unsigned int id, u8 *buf)
{
	struct flex_array *fa = s->fa;
	unsigned int slot = (id + s->round) % s->writers;
	unsigned int g, k, nr, size = fa->element_size, end;
	unsigned int half = FA_STRESS_WINDOWS * s->span / s->writers / 2;
	u8 *p, *q;
	int err;

	for (k = 0; (g = k * s->writers + slot) < FA_STRESS_WINDOWS * s->span;
	     k++) {
		nr = fa_stress_nr(s, g);
		if (k % 16 == 0) {
			end = min(g - g % s->span + s->span - 1,
				  g + 3 * s->per_part);
			if (flex_array_prealloc(fa, nr, fa_stress_nr(s, end),
						GFP_KERNEL))
				atomic_inc(&s->errors);
			atomic_inc(&s->preallocs);
		}
		fa_pattern(buf, size, nr, fa_stress_salt(s, id));
		if (k & 1)
			err = flex_array_put_inlined(fa, nr, buf, GFP_KERNEL);
		else
			err = flex_array_put(fa, nr, buf, GFP_KERNEL);
		p = flex_array_get(fa, nr);
		q = flex_array_get(fa, nr ^ 1);
		if (err || !p || memcmp(p, buf, size) ||
		    q != (nr & 1 ? p - size : p + size))
			atomic_inc(&s->errors);
		/* Pairs with the acquire in fa_stress_check(). */
		smp_store_release(&s->done[slot], k + 1);
		atomic_inc(&s->puts);
		atomic_add(2, &s->gets);
		/* Halfway, wait for a walk: readers must meet the puts. */
		while (k == half && !atomic_read(&s->walking)) {
			cond_resched();
			cpu_relax();
		}
	}
}

/* Element @nr, at offset @g, holds what its writer stored, if released. */
static void fa_stress_check(struct fa_stress *s, unsigned int nr,
			    unsigned int g, const u8 *p, u8 *want)
{
	unsigned int slot = g % s->writers;

	/* The writer's release orders its copy before the count read here. */
	if (g / s->writers >= smp_load_acquire(&s->done[slot]))
		return;
	fa_pattern(want, s->fa->element_size, nr,
		   fa_stress_salt(s, fa_stress_owner(s, slot)));
	if (memcmp(p, want, s->fa->element_size))
		atomic_inc(&s->errors);
	atomic_inc(&s->checked);
}

/*
 * Reader: one walk.  It finds elements in the windows only, in index
 * order, in runs of whole parts; each element's address is the one a get
 * returns, and each element released by its writer holds what was stored.
 */
static void fa_stress_walk(struct fa_stress *s, u8 *want)
{
	unsigned int nr, prev = 0, run = 0, visited = 0;
	long g;
	u8 *p;

	atomic_inc(&s->walking);
	if (atomic_read(&s->running))
		atomic_inc(&s->overlapped);
	flex_array_for_each(s->fa, nr, p) {
		g = fa_stress_offset(s, nr);
		if (visited && nr != prev + 1) {
			if (nr <= prev || run % s->per_part)
				atomic_inc(&s->errors);
			run = 0;
		}
		if (g < 0 || (!run && nr % s->per_part) ||
		    p != flex_array_get(s->fa, nr)) {
			atomic_inc(&s->errors);
			break;
		}
		fa_stress_check(s, nr, g, p, want);
		prev = nr;
		run++;
		visited++;
	}
	if (run % s->per_part)
		atomic_inc(&s->errors);
	atomic_add(visited, &s->visited);
	atomic_inc(&s->walks);
}

static int fa_stress_fn(void *data)
{
	struct fa_stress_thread *t = data;
	struct fa_stress *s = t->s;
	u8 *buf = s->bufs + (size_t)t->id * s->fa->element_size;

	wait_for_completion(&s->start);
	if (t->id < s->writers) {
		fa_stress_write(s, t->id, buf);
		atomic_dec(&s->running);
	} else {
		do {
			fa_stress_walk(s, buf);
			cond_resched();
		} while (atomic_read(&s->running));
	}
	complete(&s->finished);
	return 0;
}

/*
 * The element size for three levels, with windows that reach the second
 * upper pointer page: the smallest from 64 bytes up, 0 if none does.  At
 * most half a page, so that an element's neighbour shares its part.
 */
static unsigned int fa_stress_size(void)
{
	unsigned int size;

	for (size = 64; size <= PAGE_SIZE / 2; size *= 2)
		if ((FA_STRESS_HIGH + FA_STRESS_HALF) * (PAGE_SIZE / size) <=
		    UINT_MAX)
			return size;
	return 0;
}

/*
 * Pages reachable from the base, @depth levels of pointer pages above the
 * parts: the pointer pages are returned, the parts added to *@parts.  It
 * reads the private layout, which no user may.
 */
static unsigned int fa_count_below(void **slots, unsigned long nr,
				   unsigned int depth, unsigned int *parts)
{
	unsigned int ptrs = 0;
	unsigned long i;

	for (i = 0; i < nr; i++) {
		if (!slots[i])
			continue;
		if (!depth) {
			(*parts)++;
			continue;
		}
		ptrs += 1 + fa_count_below(slots[i], PAGE_SIZE / sizeof(void *),
					   depth - 1, parts);
	}
	return ptrs;
}

static unsigned int fa_count_pages(struct flex_array *fa, unsigned int *parts)
{
	u64 last = (fa->total - 1) / (PAGE_SIZE / fa->element_size);

	*parts = 0;
	return fa_count_below(fa->parts,
			      (last >> ((fa->levels - 1) * FLEX_ARRAY_PTR_SHIFT)) + 1,
			      fa->levels - 1, parts);
}

/* After a round: every element as its writer stored it, and no page more. */
static void fa_stress_verify(struct kunit *test, struct fa_stress *s)
{
	unsigned int g, nr, parts, ptrs, walked = 0;
	void *p;

	for (g = 0; g < FA_STRESS_WINDOWS * s->span; g++)
		fa_expect(test, s->fa, fa_stress_nr(s, g),
			  fa_stress_salt(s, fa_stress_owner(s, g % s->writers)));
	ptrs = fa_count_pages(s->fa, &parts);
	KUNIT_EXPECT_EQ(test, parts, FA_STRESS_WINDOWS * FA_STRESS_PART_SPAN);
	KUNIT_EXPECT_EQ(test, ptrs, FA_STRESS_PTR_PAGES);
	flex_array_for_each(s->fa, nr, p) {
		KUNIT_EXPECT_GE_MSG(test, fa_stress_offset(s, nr), 0,
				    "element %u outside the windows", nr);
		walked++;
	}
	KUNIT_EXPECT_EQ(test, walked, FA_STRESS_WINDOWS * s->span);
}

/* Runs one round's threads; false if they could not all be started. */
static bool fa_stress_round(struct fa_stress *s, struct fa_stress_thread *t,
			    unsigned int threads)
{
	struct task_struct *task;
	unsigned int started, i;

	atomic_set(&s->running, s->writers);
	atomic_set(&s->walking, 0);
	init_completion(&s->start);
	init_completion(&s->finished);
	memset(s->done, 0, s->writers * sizeof(*s->done));
	for (started = 0; started < threads; started++) {
		t[started].s = s;
		t[started].id = started;
		task = kthread_run(fa_stress_fn, &t[started], "fa_stress/%u",
				   started);
		if (IS_ERR(task))
			break;
	}
	/*
	 * Writers come first: if one cannot be started, neither is any
	 * reader, which would wait for it forever; nor must the writers
	 * wait for a walk then.
	 */
	if (started < threads)
		atomic_set(&s->walking, 1);
	/* Start them together, so that their first puts collide. */
	complete_all(&s->start);
	for (i = 0; i < started; i++)
		wait_for_completion(&s->finished);
	return started == threads;
}

/*
 * Several CPUs put, get and prealloc distinct elements of one array while
 * others walk it, from an empty array each round.  Afterwards every
 * element holds what its writer stored, and the array has exactly the
 * parts and pointer pages of the windows.  Needs SMP to mean anything:
 * the kernels of tools/kernel/kunit and check-debug have four CPUs.
 */
static void flex_array_test_concurrent(struct kunit *test)
{
	const struct fa_threads *param = test->param_value;
	unsigned int threads = param->writers + param->readers;
	unsigned int size = fa_stress_size();
	struct fa_stress_thread *t;
	struct fa_stress s = { .writers = param->writers };

	if (!size)
		kunit_skip(test, "%s with %lu-byte pages",
			   "two upper pointer pages need over UINT_MAX elements",
			   PAGE_SIZE);
	s.fa = fa_new(test, size, UINT_MAX, GFP_KERNEL, false);
	KUNIT_ASSERT_EQ(test, s.fa->levels, 3);
	s.per_part = PAGE_SIZE / size;
	s.span = FA_STRESS_PART_SPAN * s.per_part;
	s.window[0] = 3 * FA_STRESS_LOW - FA_STRESS_HALF;
	s.window[1] = FA_STRESS_HIGH - FA_STRESS_HALF;
	s.done = kunit_kcalloc(test, s.writers, sizeof(*s.done), GFP_KERNEL);
	s.bufs = kunit_kmalloc_array(test, threads, size, GFP_KERNEL);
	t = kunit_kcalloc(test, threads, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s.done);
	KUNIT_ASSERT_NOT_NULL(test, s.bufs);
	KUNIT_ASSERT_NOT_NULL(test, t);

	for (s.round = 0; s.round < FA_STRESS_ROUNDS; s.round++) {
		KUNIT_ASSERT_TRUE_MSG(test, fa_stress_round(&s, t, threads),
				      "could not start %u threads", threads);
		KUNIT_EXPECT_EQ_MSG(test, 0, atomic_read(&s.errors),
				    "round %u", s.round);
		fa_stress_verify(test, &s);
		flex_array_free_parts(s.fa);
	}
	KUNIT_EXPECT_GE(test, atomic_read(&s.overlapped), FA_STRESS_ROUNDS);
	kunit_info(test, "%u writers, %u readers, %u rounds: %d puts, %d gets, %d preallocs; %d walks (%d begun during the puts) visited %d elements, checked %d; %u checked after the rounds\n",
		   param->writers, param->readers, FA_STRESS_ROUNDS,
		   atomic_read(&s.puts), atomic_read(&s.gets),
		   atomic_read(&s.preallocs), atomic_read(&s.walks),
		   atomic_read(&s.overlapped), atomic_read(&s.visited),
		   atomic_read(&s.checked),
		   FA_STRESS_ROUNDS * FA_STRESS_WINDOWS * s.span);
}

static struct kunit_case flex_array_test_cases[] = {
	KUNIT_CASE_PARAM(flex_array_test_sizes, fa_size_gen_params),
	KUNIT_CASE_PARAM(flex_array_test_alloc_layout, fa_layout_gen_params),
	KUNIT_CASE(flex_array_test_small_is_small),
	KUNIT_CASE_PARAM(flex_array_test_part_boundaries,
			 fa_layout_gen_params),
	KUNIT_CASE_PARAM(flex_array_test_errors, fa_layout_gen_params),
	KUNIT_CASE_PARAM(flex_array_test_sparse, fa_layout_gen_params),
	KUNIT_CASE_PARAM(flex_array_test_zeroed, fa_layout_gen_params),
	KUNIT_CASE_PARAM(flex_array_test_prealloc_atomic,
			 fa_layout_gen_params),
	KUNIT_CASE_PARAM(flex_array_test_clear_and_free_parts,
			 fa_layout_gen_params),
	KUNIT_CASE(flex_array_test_highmem),
	KUNIT_CASE(flex_array_test_put_copies_exactly),
	KUNIT_CASE_PARAM(flex_array_test_random_model, fa_layout_gen_params),
	KUNIT_CASE(flex_array_test_ptrs),
	KUNIT_CASE_PARAM(flex_array_test_shrink, fa_layout_gen_params),
	KUNIT_CASE(flex_array_test_iterate_huge),
	KUNIT_CASE_PARAM_ATTR(flex_array_test_concurrent, fa_threads_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	{}
};

static struct kunit_suite flex_array_test_suite = {
	.name = "flex_array",
	.init = fa_test_init,
	.test_cases = flex_array_test_cases,
};

kunit_test_suite(flex_array_test_suite);

/*
 * The suite flex_array_fault fails each allocation an operation makes, one
 * at a time, through the fault injection framework: current->fail_nth
 * fails the Nth slab or page allocation of the test's own task, and no
 * other.  By default failslab and fail_page_alloc leave alone allocations
 * that may reclaim, and fail_page_alloc order-0 pages, so most cases skip
 * themselves unless told otherwise:
 *
 *	echo N > /sys/kernel/debug/failslab/ignore-gfp-wait
 *	echo N > /sys/kernel/debug/fail_page_alloc/ignore-gfp-wait
 *	echo 0 > /sys/kernel/debug/fail_page_alloc/min-order
 *	echo 1 > /sys/kernel/debug/kunit/flex_array_fault/run
 *
 * An atomic allocation of the base needs no setting, only CONFIG_FAILSLAB:
 * that case always runs.  It also keeps the suite rerunnable, since KUnit
 * never runs again a case that was skipped for every parameter.
 *
 * tools/kernel/check-debug does this from its /init, in a kernel with KASAN
 * and kmemleak, and checks afterwards that no memory of the library leaked.
 * Without CONFIG_FAULT_INJECTION there is no such suite.
 */
#ifdef CONFIG_FAULT_INJECTION
static void fa_fail_nth(unsigned int nth)
{
	WRITE_ONCE(current->fail_nth, nth);
}

/* Disarms; returns how many allocations were still to go, 0 if it failed. */
static unsigned int fa_fail_disarm(void)
{
	unsigned int left = READ_ONCE(current->fail_nth);

	WRITE_ONCE(current->fail_nth, 0);
	return left;
}

enum fa_fault_op {
	FA_FAULT_ALLOC,
	FA_FAULT_PUT,
	FA_FAULT_PREALLOC,
};

struct fa_fault {
	const char *name;
	enum fa_fault_op op;
	int element_size;
	unsigned int total;
	bool tracked;
	gfp_t flags;
	unsigned int first, last;	/* put at @first; prealloc both */
};

/* Elements of 16 bytes in a part, and behind a page of part pointers. */
#define FA_FAULT_PER_PART	(PAGE_SIZE / 16)
#define FA_FAULT_PTR_SPAN	(PAGE_SIZE / sizeof(void *) * FA_FAULT_PER_PART)
/* Elements of one part each: three or four levels with any page size. */
#define FA_FAULT_DEEP		(PAGE_SIZE / 2 + 1)

static const struct fa_fault fa_faults[] = {
	{ "alloc, inline, atomic", FA_FAULT_ALLOC, 8, 64, false, GFP_ATOMIC },
	{ "alloc, inline", FA_FAULT_ALLOC, 8, 64, false, GFP_KERNEL },
	{ "alloc, parts", FA_FAULT_ALLOC, 16, 100000, false, GFP_KERNEL },
	{ "alloc, deepest", FA_FAULT_ALLOC, FA_FAULT_DEEP, UINT_MAX, false,
	  GFP_KERNEL },
	{ "alloc, tracked", FA_FAULT_ALLOC, 16, SZ_4M, true, GFP_KERNEL },
	{ "put, new part", FA_FAULT_PUT, 16, 100000, false, GFP_KERNEL,
	  50000 },
	{ "put, page-sized", FA_FAULT_PUT, PAGE_SIZE, 20000, false,
	  GFP_KERNEL, 19999 },
	{ "put, deepest", FA_FAULT_PUT, FA_FAULT_DEEP, UINT_MAX, false,
	  GFP_KERNEL, UINT_MAX - 1 },
	{ "put, atomic", FA_FAULT_PUT, 16, SZ_4M, false, GFP_ATOMIC,
	  SZ_4M - 1 },
	{ "put, tracked", FA_FAULT_PUT, 16, SZ_4M, true, GFP_KERNEL,
	  SZ_4M - 1 },
	{ "prealloc, across pointer pages", FA_FAULT_PREALLOC, 16, UINT_MAX,
	  false, GFP_KERNEL, FA_FAULT_PTR_SPAN - 4 * FA_FAULT_PER_PART,
	  FA_FAULT_PTR_SPAN + 4 * FA_FAULT_PER_PART },
	{ "prealloc, deepest", FA_FAULT_PREALLOC, FA_FAULT_DEEP, UINT_MAX,
	  false, GFP_KERNEL, UINT_MAX - 8, UINT_MAX - 1 },
	{ "prealloc, tracked", FA_FAULT_PREALLOC, 16, SZ_4M, true,
	  GFP_KERNEL, 0, 4 * FA_FAULT_PER_PART },
};

KUNIT_ARRAY_PARAM_DESC(fa_fault, fa_faults, name);

/*
 * Skips the test unless the first allocation of the kind the operation
 * makes, with its flags, really fails: the base for an alloc, pages for
 * the others.
 */
static void fa_fault_require(struct kunit *test, const struct fa_fault *f)
{
	gfp_t gfp = f->flags | __GFP_NOWARN;
	unsigned long page = 0;
	void *p = NULL;

	fa_fail_nth(1);
	if (f->op == FA_FAULT_ALLOC)
		p = kmalloc(8, gfp);
	else
		page = __get_free_page(gfp);
	fa_fail_disarm();
	kfree(p);
	free_page(page);
	if (p)
		kunit_skip(test, "slab allocations with these flags are not failed: %s",
			   "needs CONFIG_FAILSLAB and failslab/ignore-gfp-wait=N");
	if (page)
		kunit_skip(test, "order-0 pages are not failed: %s",
			   "needs CONFIG_FAIL_PAGE_ALLOC, fail_page_alloc/ignore-gfp-wait=N and min-order=0");
}

/* Runs @f's operation on *@fa, which an alloc creates; returns its error. */
static int fa_fault_run(struct kunit *test, const struct fa_fault *f,
			struct flex_array **fa)
{
	gfp_t gfp = f->flags | __GFP_NOWARN;

	switch (f->op) {
	case FA_FAULT_ALLOC:
		*fa = fa_alloc(f->element_size, f->total, gfp, f->tracked);
		return *fa ? 0 : -ENOMEM;
	case FA_FAULT_PUT:
		/* What fa_expect(test, *fa, f->first, 21) wants to find. */
		fa_pattern(test->priv, f->element_size, f->first, 21);
		return flex_array_put(*fa, f->first, test->priv, gfp);
	default:
		return flex_array_prealloc(*fa, f->first, f->last, gfp);
	}
}

/*
 * Fails the first, second, ... allocation of an operation until it makes
 * no more, on a fresh array each time.  A failed operation returns the
 * documented error, keeps the element stored before, never half-writes
 * its target, and a retry without injection completes the job.  Each
 * array is freed with flex_array_free() rather than by KUnit, so that a
 * page or base lost on an error path shows up in kmemleak or page_owner,
 * which check-debug reads after the suite.
 */
static void flex_array_test_fault(struct kunit *test)
{
	const struct fa_fault *f = test->param_value;
	unsigned int nth, left = 0, injected = 0;
	struct flex_array *fa = NULL;
	u8 *p;
	int err;

	fa_fault_require(test, f);
	for (nth = 1; nth <= 64 && !left; nth++) {
		if (f->op != FA_FAULT_ALLOC) {
			fa = fa_alloc(f->element_size, f->total, GFP_KERNEL,
				      f->tracked);
			KUNIT_ASSERT_NOT_NULL(test, fa);
			KUNIT_ASSERT_EQ(test, 0, fa_put(test, fa, 0, 20,
							GFP_KERNEL));
		}
		fa_fail_nth(nth);
		err = fa_fault_run(test, f, &fa);
		/* Allocations still to go: the operation made fewer. */
		left = fa_fail_disarm();
		/*
		 * An injected failure may hit an allocation made on the
		 * library's behalf (kmemleak's metadata, say) and not fail it.
		 */
		if (err) {
			injected++;
			KUNIT_EXPECT_EQ(test, err, -ENOMEM);
			KUNIT_EXPECT_EQ(test, left, 0);
		}
		if (err && fa) {
			fa_expect(test, fa, 0, 20);
			p = flex_array_get(fa, f->first);
			if (p && f->op == FA_FAULT_PUT)
				KUNIT_EXPECT_TRUE(test, !memchr_inv(p, 0,
								    f->element_size));
			KUNIT_EXPECT_EQ(test, 0, fa_fault_run(test, f, &fa));
		}
		if (f->op == FA_FAULT_PUT) {
			fa_expect(test, fa, f->first, 21);
		} else if (f->op == FA_FAULT_PREALLOC) {
			KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, f->first));
			KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, f->last));
		}
		flex_array_free(fa);
		fa = NULL;
	}
	KUNIT_EXPECT_NE_MSG(test, left, 0, "the operation never completed");
	KUNIT_EXPECT_GT_MSG(test, injected, 0U,
			    "no injected failure reached the library");
	kunit_info(test, "%s: %u allocations, %u failed the operation\n",
		   f->name, nth - 2, injected);
}

static struct kunit_case flex_array_fault_cases[] = {
	KUNIT_CASE_PARAM(flex_array_test_fault, fa_fault_gen_params),
	{}
};

static struct kunit_suite flex_array_fault_suite = {
	.name = "flex_array_fault",
	.init = fa_test_init,
	.test_cases = flex_array_fault_cases,
};

kunit_test_suite(flex_array_fault_suite);
#endif /* CONFIG_FAULT_INJECTION */

/*
 * The suite flex_array_kcsan breaks the contract on purpose, for KCSAN to
 * report it: flex_array_free_parts() and flex_array_shrink() need the
 * array to themselves, and here a thread calls flex_array_get() on it all
 * along.  The array has no part, so that nothing is freed under the
 * reader and nothing races but the contract: only the functions'
 * ASSERT_EXCLUSIVE_ACCESS_SCOPED() can see it.  The reports the console
 * must then show ("BUG: KCSAN: assert: race in flex_array_free_parts /
 * flex_array_get", and the same for flex_array_shrink) come between the
 * case's "racing" and "raced" lines; tools/kernel/check-debug-kcsan checks
 * they do and allows no other.  A kernel test run must not report races
 * unasked: the case skips unless booted with
 * flex_array_kunit.kcsan_misuse=1.
 */
#ifdef CONFIG_KCSAN
#include <linux/jiffies.h>
#include <linux/moduleparam.h>

static bool kcsan_misuse;
module_param(kcsan_misuse, bool, 0444);
MODULE_PARM_DESC(kcsan_misuse,
		 "Race free_parts and shrink against a reader, for KCSAN to report");

#define FA_MISUSE_TOTAL		(64 * PAGE_SIZE / 8)
#define FA_MISUSE_SECONDS	3

static int fa_misuse_reader(void *data)
{
	struct flex_array *fa = data;
	unsigned long gets = 0;

	/*
	 * The total is a constant here: reading @fa->total would be an
	 * access of this function's, named in the reports instead of the
	 * library's.
	 */
	while (!kthread_should_stop()) {
		flex_array_get(fa, gets++ * 4099 % FA_MISUSE_TOTAL);
		if (gets % 1024 == 0)
			cond_resched();
	}
	return 0;
}

static void flex_array_test_kcsan_misuse(struct kunit *test)
{
	unsigned long deadline, calls = 0;
	struct task_struct *reader;
	struct flex_array *fa;

	if (!kcsan_misuse)
		kunit_skip(test, "a misuse for KCSAN to report: %s",
			   "boot with flex_array_kunit.kcsan_misuse=1");
	fa = fa_new(test, 8, FA_MISUSE_TOTAL, GFP_KERNEL, true);
	KUNIT_ASSERT_EQ(test, fa->levels, 1);
	reader = kthread_run(fa_misuse_reader, fa, "fa_misuse");
	KUNIT_ASSERT_FALSE(test, IS_ERR(reader));
	kunit_info(test, "racing flex_array_free_parts() and flex_array_shrink() against flex_array_get()\n");
	deadline = jiffies + FA_MISUSE_SECONDS * HZ;
	while (time_before(jiffies, deadline)) {
		flex_array_free_parts(fa);
		KUNIT_EXPECT_EQ(test, flex_array_shrink(fa), 0);
		calls++;
		cond_resched();
	}
	kthread_stop(reader);
	kunit_info(test, "raced: %lu calls of each in %d seconds\n", calls,
		   FA_MISUSE_SECONDS);
}

static struct kunit_case flex_array_kcsan_cases[] = {
	KUNIT_CASE_SLOW(flex_array_test_kcsan_misuse),
	{}
};

static struct kunit_suite flex_array_kcsan_suite = {
	.name = "flex_array_kcsan",
	.test_cases = flex_array_kcsan_cases,
};

kunit_test_suite(flex_array_kcsan_suite);
#endif /* CONFIG_KCSAN */

MODULE_DESCRIPTION("KUnit tests for flexible arrays");
MODULE_LICENSE("GPL");
