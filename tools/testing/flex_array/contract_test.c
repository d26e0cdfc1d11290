// SPDX-License-Identifier: GPL-2.0
/*
 * The documented contract of flexible arrays, as plain KUnit: nothing here
 * depends on the userspace harness, so the file builds in the kernel as it
 * is.  In userspace the runner adds its hygiene checks after every case:
 * no leak, no allocation above PAGE_SIZE, no sleeping under a spinlock.
 */

#include <kunit/test.h>
#include <linux/flex_array.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

/* The documented layout: the base page holds one pointer per part. */
static unsigned int max_parts(void)
{
	return (PAGE_SIZE - sizeof(struct flex_array)) / sizeof(void *);
}

static unsigned int per_part(int element_size)
{
	return PAGE_SIZE / element_size;
}

/* An element's worth of bytes that depends on @seed, never all zero. */
static void fill(u8 *buf, int size, unsigned int seed)
{
	int i;

	for (i = 0; i < size; i++)
		buf[i] = (u8)(seed * 131 + i * 7 + 1) | 1;
}

static bool all_zero(const u8 *p, int size)
{
	while (size--)
		if (*p++)
			return false;
	return true;
}

static void alloc_rejects_bad_element_size(struct kunit *test)
{
	static const int bad[] = { 0, -1, INT_MIN, PAGE_SIZE + 1, INT_MAX };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_NULL_MSG(test, flex_array_alloc(bad[i], 1, GFP_KERNEL),
				      "element_size %d", bad[i]);
		KUNIT_EXPECT_NULL_MSG(test, flex_array_alloc(bad[i], 0, GFP_KERNEL),
				      "element_size %d", bad[i]);
	}
}

static const int sizes[] = {
	1, 3, 8, 24, 100, 1000, PAGE_SIZE / 3 + 1, PAGE_SIZE / 2,
	PAGE_SIZE / 2 + 1, PAGE_SIZE - 1, PAGE_SIZE,
};

static void size_desc(const int *size, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "element_size %d", *size);
}

KUNIT_ARRAY_PARAM(sizes, sizes, size_desc);

/*
 * Any total is accepted, up to UINT_MAX: at the most a base can point parts
 * for, one more, and the largest; each works at both ends.
 */
static void huge_totals_work(struct kunit *test)
{
	int size = *(const int *)test->param_value;
	unsigned int totals[] = { max_parts() * per_part(size),
				  max_parts() * per_part(size) + 1, UINT_MAX };
	u8 *buf = kunit_kzalloc(test, size, GFP_KERNEL);
	struct flex_array *fa;
	unsigned int i, last;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(totals); i++) {
		last = totals[i] - 1;
		fa = flex_array_alloc(size, totals[i], GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL_MSG(test, fa, "total %u", totals[i]);
		KUNIT_EXPECT_LE(test, ksize(fa), PAGE_SIZE);
		fill(buf, size, i);
		KUNIT_EXPECT_EQ(test, flex_array_put(fa, last, buf, GFP_KERNEL), 0);
		KUNIT_EXPECT_EQ(test, flex_array_put(fa, 0, buf, GFP_KERNEL), 0);
		KUNIT_EXPECT_EQ(test, flex_array_put(fa, totals[i], buf, GFP_KERNEL),
				-ENOSPC);
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, totals[i]));
		if (flex_array_get(fa, last))
			KUNIT_EXPECT_MEMEQ(test, flex_array_get(fa, last), buf, size);
		else
			KUNIT_FAIL(test, "get(%u) is NULL after a put", last);
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, last / 2 + 1));
		flex_array_free(fa);
	}
}

static void total_zero(struct kunit *test)
{
	struct flex_array *fa = flex_array_alloc(8, 0, GFP_KERNEL);
	u64 v = 1;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, 0));
	KUNIT_EXPECT_EQ(test, flex_array_put(fa, 0, &v, GFP_KERNEL), -ENOSPC);
	KUNIT_EXPECT_EQ(test, flex_array_prealloc(fa, 0, 0, GFP_KERNEL), -ENOSPC);
	flex_array_free_parts(fa);
	flex_array_free(fa);
}

/* Put distinct values at every part boundary, then read them all back. */
static void round_trip_at_part_boundaries(struct kunit *test)
{
	int size = *(const int *)test->param_value;
	unsigned int pp = per_part(size), total = 3 * pp + 1, i, j;
	unsigned int at[] = { 0, pp - 1, pp, pp + 1, 2 * pp - 1, 2 * pp,
			      3 * pp - 1, 3 * pp };
	struct flex_array *fa = flex_array_alloc(size, total, GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, size, GFP_KERNEL);
	u8 *p;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(at); i++) {
		fill(buf, size, at[i]);
		KUNIT_EXPECT_EQ_MSG(test, flex_array_put(fa, at[i], buf, GFP_KERNEL),
				    0, "put(%u)", at[i]);
	}
	for (i = 0; i < ARRAY_SIZE(at); i++) {
		p = flex_array_get(fa, at[i]);
		KUNIT_ASSERT_NOT_NULL_MSG(test, p, "get(%u)", at[i]);
		fill(buf, size, at[i]);
		KUNIT_EXPECT_MEMEQ_MSG(test, p, buf, size, "element %u", at[i]);
	}
	/* Everything else that has memory reads as zero. */
	for (j = 0; j < total; j++) {
		for (i = 0; i < ARRAY_SIZE(at) && at[i] != j; i++)
			;
		p = flex_array_get(fa, j);
		if (i == ARRAY_SIZE(at) && p)
			KUNIT_EXPECT_TRUE_MSG(test, all_zero(p, size),
					      "element %u never stored", j);
	}
	flex_array_free(fa);
}

struct zero_case {
	const char *name;
	int size;
	unsigned int total;
	gfp_t flags;
};

static const struct zero_case zero_cases[] = {
	{ "in base, GFP_KERNEL", 8, 64, GFP_KERNEL },
	{ "in base, __GFP_ZERO", 8, 64, GFP_KERNEL | __GFP_ZERO },
	{ "parts, GFP_KERNEL", 16, PAGE_SIZE, GFP_KERNEL },
	{ "parts, __GFP_ZERO", 16, PAGE_SIZE, GFP_KERNEL | __GFP_ZERO },
	{ "parts, GFP_ATOMIC", 100, 200, GFP_ATOMIC },
};

KUNIT_ARRAY_PARAM_DESC(zero_cases, zero_cases, name);

static void never_stored_reads_zero(struct kunit *test)
{
	const struct zero_case *zc = test->param_value;
	struct flex_array *fa = flex_array_alloc(zc->size, zc->total, zc->flags);
	u8 *buf = kunit_kzalloc(test, zc->size, GFP_KERNEL);
	unsigned int i, mid = zc->total / 2;
	u8 *p;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	fill(buf, zc->size, 7);
	KUNIT_ASSERT_EQ(test, flex_array_put(fa, mid, buf, zc->flags), 0);
	for (i = 0; i < zc->total; i++) {
		p = flex_array_get(fa, i);
		if (!p || i == mid)
			continue;
		KUNIT_EXPECT_TRUE_MSG(test, all_zero(p, zc->size),
				      "element %u never stored", i);
	}
	flex_array_free(fa);
}

static void get_out_of_range_is_null(struct kunit *test)
{
	static const unsigned int totals[] = { 1, 64, 5 * PAGE_SIZE };
	struct flex_array *fa;
	unsigned int i;
	u8 v = 1;

	for (i = 0; i < ARRAY_SIZE(totals); i++) {
		fa = flex_array_alloc(1, totals[i], GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, fa);
		KUNIT_EXPECT_EQ(test, flex_array_prealloc(fa, 0, totals[i] - 1,
							  GFP_KERNEL), 0);
		KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, totals[i] - 1));
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, totals[i]));
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, totals[i] + 1));
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, UINT_MAX));
		KUNIT_EXPECT_EQ(test, flex_array_put(fa, totals[i], &v, GFP_KERNEL),
				-ENOSPC);
		KUNIT_EXPECT_EQ(test, flex_array_put(fa, UINT_MAX, &v, GFP_KERNEL),
				-ENOSPC);
		flex_array_free(fa);
	}
}

static void get_missing_part_is_null(struct kunit *test)
{
	unsigned int pp = per_part(8);
	struct flex_array *fa = flex_array_alloc(8, 3 * pp, GFP_KERNEL);
	u64 v = 0x1122334455667788ull;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, 0));
	KUNIT_ASSERT_EQ(test, flex_array_put(fa, pp, &v, GFP_KERNEL), 0);
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, 0));
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, pp - 1));
	KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, pp + 1));
	KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, 2 * pp - 1));
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, 2 * pp));
	flex_array_free(fa);
}

static void prealloc_errors(struct kunit *test)
{
	unsigned int pp = per_part(8), total = 2 * pp;
	struct flex_array *fa = flex_array_alloc(8, total, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_EXPECT_EQ(test, flex_array_prealloc(fa, total, total, GFP_KERNEL), -ENOSPC);
	KUNIT_EXPECT_EQ(test, flex_array_prealloc(fa, 0, total, GFP_KERNEL), -ENOSPC);
	KUNIT_EXPECT_EQ(test, flex_array_prealloc(fa, total, 0, GFP_KERNEL), -ENOSPC);
	KUNIT_EXPECT_EQ(test, flex_array_prealloc(fa, 0, UINT_MAX, GFP_KERNEL), -ENOSPC);
	KUNIT_EXPECT_EQ(test, flex_array_prealloc(fa, pp, pp - 1, GFP_KERNEL), -EINVAL);
	KUNIT_EXPECT_EQ(test, flex_array_prealloc(fa, total - 1, 0, GFP_KERNEL), -EINVAL);
	/* Refused calls allocate nothing. */
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, 0));
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, total - 1));
	flex_array_free(fa);
}

static void prealloc_end_is_inclusive(struct kunit *test)
{
	unsigned int pp = per_part(8);
	struct flex_array *fa = flex_array_alloc(8, 3 * pp, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_EQ(test, flex_array_prealloc(fa, pp - 1, pp, GFP_KERNEL), 0);
	KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, 0));
	KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, pp - 1));
	KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, pp));
	KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, 2 * pp - 1));
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, 2 * pp));
	/* Again: present parts are left alone, contents kept. */
	*(u64 *)flex_array_get(fa, pp) = 42;
	KUNIT_ASSERT_EQ(test, flex_array_prealloc(fa, 0, 3 * pp - 1, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, *(u64 *)flex_array_get(fa, pp), 42);
	flex_array_free(fa);
}

/* After prealloc, puts fit in atomic context and cannot fail. */
static void prealloc_then_put_under_spinlock(struct kunit *test)
{
	unsigned int pp = per_part(24), start = pp / 2, end = 3 * pp, i;
	struct flex_array *fa = flex_array_alloc(24, 4 * pp, GFP_KERNEL);
	DEFINE_SPINLOCK(lock);
	u8 buf[24];
	int errors = 0;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_EQ(test, flex_array_prealloc(fa, start, end, GFP_KERNEL), 0);
	spin_lock(&lock);
	for (i = start; i <= end; i++) {
		fill(buf, sizeof(buf), i);
		errors += flex_array_put(fa, i, buf, GFP_ATOMIC) != 0;
	}
	spin_unlock(&lock);
	KUNIT_EXPECT_EQ(test, errors, 0);
	for (i = start; i <= end; i++) {
		fill(buf, sizeof(buf), i);
		KUNIT_ASSERT_NOT_NULL(test, flex_array_get(fa, i));
		KUNIT_EXPECT_MEMEQ(test, flex_array_get(fa, i), buf, sizeof(buf));
	}
	flex_array_free(fa);
}

static void free_parts_empties_parts(struct kunit *test)
{
	unsigned int pp = per_part(4), total = 2 * pp + 3, i;
	struct flex_array *fa = flex_array_alloc(4, total, GFP_KERNEL);
	u32 v = 0xdeadbeef;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	for (i = 0; i < total; i += pp / 2)
		KUNIT_ASSERT_EQ(test, flex_array_put(fa, i, &v, GFP_KERNEL), 0);
	flex_array_free_parts(fa);
	for (i = 0; i < total; i++)
		if (flex_array_get(fa, i))
			break;
	KUNIT_EXPECT_EQ_MSG(test, i, total, "an element survived free_parts");
	/* Still usable, and what was stored is gone. */
	KUNIT_ASSERT_EQ(test, flex_array_put(fa, 1, &v, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, *(u32 *)flex_array_get(fa, 0), 0);
	KUNIT_EXPECT_EQ(test, *(u32 *)flex_array_get(fa, 1), v);
	flex_array_free_parts(fa);
	flex_array_free_parts(fa);
	flex_array_free(fa);
}

static void free_parts_clears_base(struct kunit *test)
{
	struct flex_array *fa = flex_array_alloc(8, 64, GFP_KERNEL);
	u64 v = ~0ull;
	void *before;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	for (i = 0; i < 64; i++)
		KUNIT_ASSERT_EQ(test, flex_array_put(fa, i, &v, GFP_KERNEL), 0);
	before = flex_array_get(fa, 5);
	flex_array_free_parts(fa);
	KUNIT_EXPECT_PTR_EQ(test, flex_array_get(fa, 5), before);
	for (i = 0; i < 64; i++) {
		KUNIT_ASSERT_NOT_NULL(test, flex_array_get(fa, i));
		KUNIT_EXPECT_EQ(test, *(u64 *)flex_array_get(fa, i), 0);
	}
	flex_array_free(fa);
}

static void free_null(struct kunit *test)
{
	flex_array_free(NULL);
}

static void write_through_get(struct kunit *test)
{
	unsigned int pp = per_part(8);
	struct flex_array *fa = flex_array_alloc(8, 2 * pp, GFP_KERNEL);
	u64 v = 5, *p;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_EQ(test, flex_array_put(fa, pp + 1, &v, GFP_KERNEL), 0);
	p = flex_array_get(fa, pp + 1);
	KUNIT_ASSERT_NOT_NULL(test, p);
	*p = 77;
	KUNIT_EXPECT_EQ(test, *(u64 *)flex_array_get(fa, pp + 1), 77);
	KUNIT_EXPECT_EQ(test, *(u64 *)flex_array_get(fa, pp), 0);
	flex_array_free(fa);
}

static void highmem_is_ignored(struct kunit *test)
{
	gfp_t flags = GFP_KERNEL | __GFP_HIGHMEM;
	struct flex_array *fa = flex_array_alloc(8, 4 * per_part(8), flags);
	u64 v = 9;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_EXPECT_EQ(test, flex_array_put(fa, 0, &v, flags), 0);
	KUNIT_EXPECT_EQ(test, flex_array_prealloc(fa, 0, 4 * per_part(8) - 1,
						  flags), 0);
	KUNIT_EXPECT_EQ(test, *(u64 *)flex_array_get(fa, 0), 9);
	flex_array_free(fa);
}

/* A 64 x 8-byte array is one small allocation, far below a page. */
static void small_array_is_small(struct kunit *test)
{
	struct flex_array *fa = flex_array_alloc(8, 64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_EXPECT_LE(test, ksize(fa), PAGE_SIZE / 4);
	KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, 63));
	flex_array_free(fa);
}

static void page_sized_elements(struct kunit *test)
{
	struct flex_array *fa = flex_array_alloc(PAGE_SIZE, 3, GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	u8 *p0, *p1;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	fill(buf, PAGE_SIZE, 3);
	KUNIT_ASSERT_EQ(test, flex_array_put(fa, 0, buf, GFP_KERNEL), 0);
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, 1));
	KUNIT_ASSERT_EQ(test, flex_array_put(fa, 1, buf, GFP_KERNEL), 0);
	p0 = flex_array_get(fa, 0);
	p1 = flex_array_get(fa, 1);
	KUNIT_ASSERT_NOT_NULL(test, p0);
	KUNIT_ASSERT_NOT_NULL(test, p1);
	KUNIT_EXPECT_MEMEQ(test, p1, buf, PAGE_SIZE);
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, 2));
	flex_array_free(fa);
}

static struct kunit_case flex_array_contract_cases[] = {
	KUNIT_CASE(alloc_rejects_bad_element_size),
	KUNIT_CASE_PARAM(huge_totals_work, sizes_gen_params),
	KUNIT_CASE(total_zero),
	KUNIT_CASE_PARAM(round_trip_at_part_boundaries, sizes_gen_params),
	KUNIT_CASE_PARAM(never_stored_reads_zero, zero_cases_gen_params),
	KUNIT_CASE(get_out_of_range_is_null),
	KUNIT_CASE(get_missing_part_is_null),
	KUNIT_CASE(prealloc_errors),
	KUNIT_CASE(prealloc_end_is_inclusive),
	KUNIT_CASE(prealloc_then_put_under_spinlock),
	KUNIT_CASE(free_parts_empties_parts),
	KUNIT_CASE(free_parts_clears_base),
	KUNIT_CASE(free_null),
	KUNIT_CASE(write_through_get),
	KUNIT_CASE(highmem_is_ignored),
	KUNIT_CASE(small_array_is_small),
	KUNIT_CASE(page_sized_elements),
	{}
};

static struct kunit_suite flex_array_contract_suite = {
	.name = "flex_array_contract",
	.test_cases = flex_array_contract_cases,
};

kunit_test_suite(flex_array_contract_suite);

MODULE_DESCRIPTION("Contract tests for flexible arrays");
MODULE_LICENSE("GPL");
