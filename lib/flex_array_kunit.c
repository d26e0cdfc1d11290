// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for flexible arrays.
 *
 * Run from the top of a kernel tree with:
 *
 *	./tools/testing/kunit/kunit.py run --kunitconfig=lib/.kunitconfig \
 *		--kconfig_add=CONFIG_DEBUG_ATOMIC_SLEEP=y
 *
 * The atomic-context case needs CONFIG_DEBUG_ATOMIC_SLEEP to prove its
 * point: with it, an allocation that could sleep under the spinlock is
 * reported in the kernel log.  UML offers it from Linux 6.12 on.
 */

#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/flex_array.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

/* Bytes of elements that fit inline, after the header of a one-page base. */
#define FA_INLINE_ROOM	(PAGE_SIZE - sizeof(struct flex_array))

enum fa_shape {
	FA_INLINE_FEW,		/* a handful of elements in the base */
	FA_INLINE_FULL,		/* as many elements as the base holds */
	FA_PARTS,		/* three and a half parts, plus one element */
};

struct fa_layout {
	int element_size;
	enum fa_shape shape;
};

static const char *const fa_shape_names[] = {
	[FA_INLINE_FEW] = "inline, few",
	[FA_INLINE_FULL] = "inline, full",
	[FA_PARTS] = "parts",
};

static const struct fa_layout fa_layouts[] = {
	{ 1, FA_INLINE_FEW }, { 1, FA_INLINE_FULL }, { 1, FA_PARTS },
	{ 3, FA_INLINE_FEW }, { 3, FA_INLINE_FULL }, { 3, FA_PARTS },
	{ 8, FA_INLINE_FEW }, { 8, FA_INLINE_FULL }, { 8, FA_PARTS },
	{ 24, FA_INLINE_FEW }, { 24, FA_INLINE_FULL }, { 24, FA_PARTS },
	{ 100, FA_INLINE_FEW }, { 100, FA_INLINE_FULL }, { 100, FA_PARTS },
	{ 2049, FA_INLINE_FEW }, { 2049, FA_INLINE_FULL }, { 2049, FA_PARTS },
	{ 4095, FA_INLINE_FEW }, { 4095, FA_INLINE_FULL }, { 4095, FA_PARTS },
	{ PAGE_SIZE, FA_INLINE_FEW }, { PAGE_SIZE, FA_INLINE_FULL },
	{ PAGE_SIZE, FA_PARTS },
};

static unsigned int fa_per_part(const struct fa_layout *l)
{
	return PAGE_SIZE / l->element_size;
}

/* Number of elements for a layout; 0 if the shape cannot exist. */
static unsigned int fa_total(const struct fa_layout *l)
{
	unsigned int inline_max = FA_INLINE_ROOM / l->element_size;
	unsigned int per_part = fa_per_part(l);

	switch (l->shape) {
	case FA_INLINE_FEW:
		return min(inline_max, 3U);
	case FA_INLINE_FULL:
		return inline_max;
	case FA_PARTS:
		return 3 * per_part + per_part / 2 + 1;
	}
	return 0;
}

static bool fa_is_inline(const struct fa_layout *l)
{
	return l->shape != FA_PARTS;
}

/* Generates every layout that can exist with this PAGE_SIZE. */
static const void *fa_layout_gen(const void *prev, char *desc)
{
	const struct fa_layout *l = prev ? prev : fa_layouts - 1;

	while (++l < fa_layouts + ARRAY_SIZE(fa_layouts)) {
		if (!fa_total(l))
			continue;
		snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%d B x %u, %s",
			 l->element_size, fa_total(l),
			 fa_shape_names[l->shape]);
		return l;
	}
	return NULL;
}

static const struct fa_layout *fa_param(struct kunit *test)
{
	return test->param_value;
}

/* A layout's array, freed by flex_array_test_exit() when the test ends. */
static struct flex_array *fa_alloc_layout(struct kunit *test,
					  const struct fa_layout *l,
					  gfp_t flags)
{
	struct flex_array *fa = flex_array_alloc(l->element_size, fa_total(l),
						 flags);

	KUNIT_ASSERT_NOT_NULL(test, fa);
	test->priv = fa;
	return fa;
}

static void flex_array_test_exit(struct kunit *test)
{
	flex_array_free(test->priv);
}

/* The contents stored at @nr: different for every index and byte. */
static void fa_pattern(u8 *buf, int size, unsigned int nr, u32 salt)
{
	int i;

	for (i = 0; i < size; i++)
		buf[i] = (u8)(nr * 131 + i * 7 + salt) | 1;
}

static bool fa_is_zero(const u8 *p, int size)
{
	return !memchr_inv(p, 0, size);
}

static void fa_expect_zero(struct kunit *test, struct flex_array *fa,
			   unsigned int nr)
{
	u8 *p = flex_array_get(fa, nr);

	KUNIT_ASSERT_NOT_NULL_MSG(test, p, "element %u", nr);
	KUNIT_EXPECT_TRUE_MSG(test, fa_is_zero(p, fa->element_size),
			      "element %u", nr);
}

static void fa_expect_pattern(struct kunit *test, struct flex_array *fa,
			      unsigned int nr, u32 salt)
{
	u8 *want = kunit_kmalloc(test, fa->element_size, GFP_KERNEL);
	u8 *got = flex_array_get(fa, nr);

	KUNIT_ASSERT_NOT_NULL(test, want);
	fa_pattern(want, fa->element_size, nr, salt);
	KUNIT_ASSERT_NOT_NULL_MSG(test, got, "element %u", nr);
	KUNIT_EXPECT_TRUE_MSG(test, !memcmp(got, want, fa->element_size),
			      "element %u", nr);
}

static int fa_put_pattern(struct kunit *test, struct flex_array *fa,
			  unsigned int nr, u32 salt, gfp_t flags)
{
	u8 *buf = kunit_kmalloc(test, fa->element_size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	fa_pattern(buf, fa->element_size, nr, salt);
	return flex_array_put(fa, nr, buf, flags);
}

struct fa_bad_alloc {
	const char *name;
	int element_size;
	unsigned int total;
};

static const struct fa_bad_alloc fa_bad_allocs[] = {
	{ "zero element size", 0, 1 },
	{ "negative element size", -1, 1 },
	{ "INT_MIN element size", INT_MIN, 1 },
	{ "element larger than a page", PAGE_SIZE + 1, 1 },
	{ "INT_MAX element size", INT_MAX, 1 },
	{ "1-byte elements beyond capacity", 1, UINT_MAX },
	{ "page-size elements beyond capacity", PAGE_SIZE, UINT_MAX },
	{ "page-size elements, one part too many", PAGE_SIZE,
	  FA_INLINE_ROOM / sizeof(void *) + 1 },
};

static void fa_bad_alloc_desc(const struct fa_bad_alloc *bad, char *desc)
{
	strscpy(desc, bad->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fa_bad_alloc, fa_bad_allocs, fa_bad_alloc_desc);

static void flex_array_test_alloc_invalid(struct kunit *test)
{
	const struct fa_bad_alloc *bad = test->param_value;
	struct flex_array *fa;

	fa = flex_array_alloc(bad->element_size, bad->total, GFP_KERNEL);
	KUNIT_EXPECT_NULL(test, fa);
	flex_array_free(fa);
}

/* The largest array of each element size that still fits two levels. */
static void flex_array_test_alloc_capacity(struct kunit *test)
{
	static const int sizes[] = { 1, 16, 24, PAGE_SIZE };
	unsigned int max_parts = FA_INLINE_ROOM / sizeof(void *);
	struct flex_array *fa;
	unsigned int total;
	int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		total = max_parts * (PAGE_SIZE / sizes[i]);
		fa = flex_array_alloc(sizes[i], total, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL_MSG(test, fa, "size %d", sizes[i]);
		KUNIT_EXPECT_EQ(test, 0, fa_put_pattern(test, fa, total - 1,
							0, GFP_KERNEL));
		fa_expect_pattern(test, fa, total - 1, 0);
		KUNIT_EXPECT_LE(test, ksize(fa), PAGE_SIZE);
		flex_array_free(fa);
	}
}

/* The base holds what the array needs, never more than a page. */
static void flex_array_test_alloc_layout(struct kunit *test)
{
	const struct fa_layout *l = fa_param(test);
	struct flex_array *fa = fa_alloc_layout(test, l, GFP_KERNEL);
	size_t need = fa_is_inline(l) ?
		      sizeof(*fa) + fa_total(l) * l->element_size :
		      sizeof(*fa) + DIV_ROUND_UP(fa_total(l), fa_per_part(l)) *
				    sizeof(void *);
	u8 *first = flex_array_get(fa, 0);

	KUNIT_EXPECT_EQ(test, fa->element_size, l->element_size);
	KUNIT_EXPECT_EQ(test, fa->total, fa_total(l));
	KUNIT_EXPECT_LE(test, ksize(fa), PAGE_SIZE);
	KUNIT_EXPECT_GE(test, ksize(fa), need);
	/* kmalloc rounds up to at most twice the request. */
	KUNIT_EXPECT_LT(test, ksize(fa), 2 * need);
	if (fa_is_inline(l))
		KUNIT_EXPECT_PTR_EQ(test, first, (u8 *)fa + sizeof(*fa));
	else
		KUNIT_EXPECT_NULL(test, first);
}

/* A 64 x 8-byte array is one small allocation, not a page. */
static void flex_array_test_small_is_small(struct kunit *test)
{
	struct flex_array *fa = flex_array_alloc(8, 64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_EXPECT_LE(test, ksize(fa), 1024);
	KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, 63));
	flex_array_free(fa);
}

/*
 * Store the first and last element of every part, then check that each
 * reads back and that the neighbours were not touched.
 */
static void flex_array_test_part_boundaries(struct kunit *test)
{
	const struct fa_layout *l = fa_param(test);
	struct flex_array *fa = fa_alloc_layout(test, l, GFP_KERNEL);
	unsigned int per_part = fa_is_inline(l) ? fa->total : fa_per_part(l);
	unsigned int start, last, nr;

	for (start = 0; start < fa->total; start += per_part) {
		last = min(start + per_part, fa->total) - 1;
		KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, start, 1,
							GFP_KERNEL));
		KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, last, 1,
							GFP_KERNEL));
	}
	for (start = 0; start < fa->total; start += per_part) {
		last = min(start + per_part, fa->total) - 1;
		fa_expect_pattern(test, fa, start, 1);
		fa_expect_pattern(test, fa, last, 1);
		for (nr = start + 1; nr < last; nr++)
			fa_expect_zero(test, fa, nr);
	}
}

/* Out-of-range indices are refused and allocate nothing. */
static void flex_array_test_out_of_range(struct kunit *test)
{
	const struct fa_layout *l = fa_param(test);
	struct flex_array *fa = fa_alloc_layout(test, l, GFP_KERNEL);
	unsigned int bad[] = { fa->total, fa->total + 1, UINT_MAX };
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ(test, -ENOSPC,
				fa_put_pattern(test, fa, bad[i], 0, GFP_KERNEL));
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, bad[i]));
	}
	if (!fa_is_inline(l))
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, fa->total - 1));
}

/*
 * Only the part that was written is allocated; the other elements of
 * that part read as zeroes.
 */
static void flex_array_test_sparse(struct kunit *test)
{
	const struct fa_layout *l = fa_param(test);
	struct flex_array *fa = fa_alloc_layout(test, l, GFP_KERNEL);
	unsigned int per_part = fa_per_part(l);
	unsigned int nr = 2 * per_part + per_part / 2;
	unsigned int first = 2 * per_part;
	unsigned int i;

	if (fa_is_inline(l)) {
		nr = fa->total / 2;
		first = nr;
	}
	KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, nr, 2, GFP_KERNEL));
	fa_expect_pattern(test, fa, nr, 2);
	if (fa_is_inline(l))
		return;

	KUNIT_EXPECT_NULL(test, flex_array_get(fa, 0));
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, first - 1));
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, first + per_part));
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, fa->total - 1));
	for (i = first; i < first + per_part; i++)
		if (i != nr)
			fa_expect_zero(test, fa, i);
}

/*
 * Every element reads as zeroes until stored, with __GFP_ZERO as the seed
 * recommends and without it, as the library promises.
 */
static void flex_array_test_zeroed(struct kunit *test)
{
	const struct fa_layout *l = fa_param(test);
	static const gfp_t flags[] = { GFP_KERNEL | __GFP_ZERO, GFP_KERNEL };
	struct flex_array *fa;
	unsigned int nr;
	int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		fa = fa_alloc_layout(test, l, flags[i]);
		KUNIT_ASSERT_EQ(test, 0, flex_array_prealloc(fa, 0,
							     fa->total - 1,
							     flags[i]));
		for (nr = 0; nr < fa->total; nr++)
			fa_expect_zero(test, fa, nr);
		flex_array_free(fa);
		test->priv = NULL;
	}
}

static void flex_array_test_prealloc_errors(struct kunit *test)
{
	const struct fa_layout *l = fa_param(test);
	struct flex_array *fa = fa_alloc_layout(test, l, GFP_KERNEL);
	unsigned int total = fa->total;

	KUNIT_EXPECT_EQ(test, -ENOSPC,
			flex_array_prealloc(fa, total, total, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, -ENOSPC,
			flex_array_prealloc(fa, 0, total, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, -ENOSPC,
			flex_array_prealloc(fa, total, 0, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, -ENOSPC,
			flex_array_prealloc(fa, 0, UINT_MAX, GFP_KERNEL));
	if (total >= 2)
		KUNIT_EXPECT_EQ(test, -EINVAL,
				flex_array_prealloc(fa, 1, 0, GFP_KERNEL));
	/* Errors allocate nothing. */
	if (!fa_is_inline(l))
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, 0));
	KUNIT_EXPECT_EQ(test, 0,
			flex_array_prealloc(fa, total - 1, total - 1,
					    GFP_KERNEL));
	KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, total - 1));
}

/*
 * After prealloc, puts into the range succeed under a spinlock even with
 * GFP_KERNEL: they must not allocate, which would sleep (and be reported
 * by CONFIG_DEBUG_ATOMIC_SLEEP) or move elements.  The range is inclusive
 * and nothing outside its parts is allocated.
 */
static void flex_array_test_prealloc_atomic(struct kunit *test)
{
	const struct fa_layout *l = fa_param(test);
	struct flex_array *fa = fa_alloc_layout(test, l, GFP_KERNEL);
	unsigned int per_part = fa_is_inline(l) ? fa->total : fa_per_part(l);
	unsigned int start = min(per_part, fa->total - 1);
	unsigned int end = min(2 * per_part, fa->total - 1);
	unsigned int nr, bytes = fa->element_size;
	void *first, *last;
	spinlock_t lock;	/* makes the puts run in atomic context */
	u8 *buf;
	int err = 0;

	spin_lock_init(&lock);
	buf = kunit_kmalloc(test, bytes, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, 0, flex_array_prealloc(fa, start, end,
						     GFP_KERNEL));
	first = flex_array_get(fa, start);
	last = flex_array_get(fa, end);
	KUNIT_ASSERT_NOT_NULL(test, first);
	KUNIT_ASSERT_NOT_NULL(test, last);

	spin_lock(&lock);
	for (nr = start; nr <= end; nr++) {
		fa_pattern(buf, bytes, nr, 3);
		err |= flex_array_put(fa, nr, buf, GFP_KERNEL);
	}
	spin_unlock(&lock);

	KUNIT_EXPECT_EQ(test, 0, err);
	KUNIT_EXPECT_PTR_EQ(test, first, flex_array_get(fa, start));
	KUNIT_EXPECT_PTR_EQ(test, last, flex_array_get(fa, end));
	for (nr = start; nr <= end; nr++)
		fa_expect_pattern(test, fa, nr, 3);
	/* The range covers parts 1 and 2, and nothing of parts 0 and 3. */
	if (!fa_is_inline(l)) {
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, start - 1));
		if (per_part > 1)
			KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, end + 1));
		KUNIT_EXPECT_NULL(test, flex_array_get(fa, 3 * per_part));
	}
}

/* free_parts empties the array, which then works as new; twice is fine. */
static void flex_array_test_free_parts(struct kunit *test)
{
	const struct fa_layout *l = fa_param(test);
	struct flex_array *fa = fa_alloc_layout(test, l, GFP_KERNEL);
	unsigned int last = fa->total - 1;
	int round;

	for (round = 0; round < 2; round++) {
		KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, 0, round,
							GFP_KERNEL));
		KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, last, round,
							GFP_KERNEL));
		fa_expect_pattern(test, fa, 0, round);
		fa_expect_pattern(test, fa, last, round);

		flex_array_free_parts(fa);
		flex_array_free_parts(fa);
		if (fa_is_inline(l)) {
			fa_expect_zero(test, fa, 0);
			fa_expect_zero(test, fa, last);
		} else {
			KUNIT_EXPECT_NULL(test, flex_array_get(fa, 0));
			KUNIT_EXPECT_NULL(test, flex_array_get(fa, last));
		}
	}
}

/* __GFP_HIGHMEM is masked: the parts are still directly addressable. */
static void flex_array_test_highmem(struct kunit *test)
{
	gfp_t flags = GFP_KERNEL | __GFP_HIGHMEM;
	struct flex_array *fa = flex_array_alloc(16, 4 * PAGE_SIZE, flags);
	u8 *p;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_EXPECT_EQ(test, 0, fa_put_pattern(test, fa, 1000, 4, flags));
	KUNIT_EXPECT_EQ(test, 0, flex_array_prealloc(fa, 0, fa->total - 1,
						     flags));
	p = flex_array_get(fa, fa->total - 1);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, virt_addr_valid(p));
	fa_expect_pattern(test, fa, 1000, 4);
	flex_array_free(fa);
}

static void flex_array_test_free_null(struct kunit *test)
{
	flex_array_free(NULL);
}

/* Puts through a const source, copying exactly element_size bytes. */
static void flex_array_test_put_copies_exactly(struct kunit *test)
{
	static const u64 src[2] = { 0x0123456789abcdefULL, ~0ULL };
	struct flex_array *fa = flex_array_alloc(12, 2 * PAGE_SIZE,
						 GFP_KERNEL);
	u8 *p;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_EQ(test, 0, flex_array_put(fa, 5, src, GFP_KERNEL));
	p = flex_array_get(fa, 5);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, !memcmp(p, src, 12));
	KUNIT_EXPECT_TRUE(test, fa_is_zero(p - 12, 12));
	KUNIT_EXPECT_TRUE(test, fa_is_zero(p + 12, 12));
	flex_array_free(fa);
}

#define FA_MODEL_OPS	4000

/*
 * Random puts, gets, preallocs and free_parts checked against a flat
 * buffer and a record of which elements hold data.
 */
static void flex_array_test_random_model(struct kunit *test)
{
	const struct fa_layout *l = fa_param(test);
	struct flex_array *fa = fa_alloc_layout(test, l, GFP_KERNEL);
	unsigned int total = fa->total, size = fa->element_size;
	unsigned int op, nr, end;
	struct rnd_state rnd;
	unsigned long *stored;
	u8 *model, *p;

	model = kunit_kzalloc(test, (size_t)total * size, GFP_KERNEL);
	stored = kunit_kcalloc(test, BITS_TO_LONGS(total), sizeof(long),
			       GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, model);
	KUNIT_ASSERT_NOT_NULL(test, stored);
	prandom_seed_state(&rnd, 0x5eed + l->element_size + l->shape);

	for (op = 0; op < FA_MODEL_OPS; op++) {
		nr = prandom_u32_state(&rnd) % total;
		p = flex_array_get(fa, nr);
		switch (prandom_u32_state(&rnd) % 16) {
		case 0 ... 7:
			fa_pattern(model + (size_t)nr * size, size, nr, op);
			KUNIT_ASSERT_EQ(test, 0,
					flex_array_put(fa, nr,
						       model + (size_t)nr * size,
						       GFP_KERNEL));
			__set_bit(nr, stored);
			break;
		case 8 ... 13:
			/* Elements never stored are zeroes in the model too. */
			if (p)
				KUNIT_ASSERT_TRUE_MSG(test, !memcmp(p, model +
						      (size_t)nr * size, size),
						      "element %u", nr);
			else
				KUNIT_ASSERT_FALSE_MSG(test,
						       test_bit(nr, stored),
						       "element %u", nr);
			break;
		case 14:
			end = nr + prandom_u32_state(&rnd) % (total - nr);
			KUNIT_ASSERT_EQ(test, 0,
					flex_array_prealloc(fa, nr, end,
							    GFP_KERNEL));
			KUNIT_ASSERT_NOT_NULL(test, flex_array_get(fa, end));
			break;
		case 15:
			if (prandom_u32_state(&rnd) % 8)
				break;
			flex_array_free_parts(fa);
			memset(model, 0, (size_t)total * size);
			bitmap_zero(stored, total);
			break;
		}
	}
}

static struct kunit_case flex_array_test_cases[] = {
	KUNIT_CASE_PARAM(flex_array_test_alloc_invalid,
			 fa_bad_alloc_gen_params),
	KUNIT_CASE(flex_array_test_alloc_capacity),
	KUNIT_CASE_PARAM(flex_array_test_alloc_layout, fa_layout_gen),
	KUNIT_CASE(flex_array_test_small_is_small),
	KUNIT_CASE_PARAM(flex_array_test_part_boundaries, fa_layout_gen),
	KUNIT_CASE_PARAM(flex_array_test_out_of_range, fa_layout_gen),
	KUNIT_CASE_PARAM(flex_array_test_sparse, fa_layout_gen),
	KUNIT_CASE_PARAM(flex_array_test_zeroed, fa_layout_gen),
	KUNIT_CASE_PARAM(flex_array_test_prealloc_errors, fa_layout_gen),
	KUNIT_CASE_PARAM(flex_array_test_prealloc_atomic, fa_layout_gen),
	KUNIT_CASE_PARAM(flex_array_test_free_parts, fa_layout_gen),
	KUNIT_CASE(flex_array_test_highmem),
	KUNIT_CASE(flex_array_test_free_null),
	KUNIT_CASE(flex_array_test_put_copies_exactly),
	KUNIT_CASE_PARAM(flex_array_test_random_model, fa_layout_gen),
	{}
};

static struct kunit_suite flex_array_test_suite = {
	.name = "flex_array",
	.exit = flex_array_test_exit,
	.test_cases = flex_array_test_cases,
};

kunit_test_suite(flex_array_test_suite);

MODULE_DESCRIPTION("KUnit tests for flexible arrays");
MODULE_LICENSE("GPL");
