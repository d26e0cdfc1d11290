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

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/flex_array.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

enum fa_shape {
	FA_INLINE_FEW,		/* a handful of elements in the base */
	FA_INLINE_FULL,		/* as many elements as the base holds */
	FA_PARTS,		/* three and a half parts, plus one element */
	FA_DEEP,		/* one part more than the base can point at */
};

struct fa_layout {
	int element_size;
	enum fa_shape shape;
};

static const char *const fa_shape_names[] = {
	[FA_INLINE_FEW] = "inline, few",
	[FA_INLINE_FULL] = "inline, full",
	[FA_PARTS] = "parts",
	[FA_DEEP] = "two levels",
};

static const struct fa_layout fa_layouts[] = {
	{ 1, FA_INLINE_FEW }, { 1, FA_INLINE_FULL },
	{ 1, FA_PARTS }, { 1, FA_DEEP },
	{ 3, FA_INLINE_FEW }, { 3, FA_INLINE_FULL },
	{ 3, FA_PARTS }, { 3, FA_DEEP },
	{ 8, FA_INLINE_FEW }, { 8, FA_INLINE_FULL },
	{ 8, FA_PARTS }, { 8, FA_DEEP },
	{ 24, FA_INLINE_FEW }, { 24, FA_INLINE_FULL },
	{ 24, FA_PARTS }, { 24, FA_DEEP },
	{ 100, FA_INLINE_FEW }, { 100, FA_INLINE_FULL },
	{ 100, FA_PARTS }, { 100, FA_DEEP },
	{ 2049, FA_INLINE_FEW }, { 2049, FA_INLINE_FULL },
	{ 2049, FA_PARTS }, { 2049, FA_DEEP },
	{ 4095, FA_INLINE_FEW }, { 4095, FA_INLINE_FULL },
	{ 4095, FA_PARTS }, { 4095, FA_DEEP },
	{ PAGE_SIZE, FA_INLINE_FEW }, { PAGE_SIZE, FA_INLINE_FULL },
	{ PAGE_SIZE, FA_PARTS }, { PAGE_SIZE, FA_DEEP },
};

static unsigned int fa_per_part(const struct fa_layout *l)
{
	return PAGE_SIZE / l->element_size;
}

/* Number of elements for a layout; 0 if the shape cannot exist. */
static unsigned int fa_total(const struct fa_layout *l)
{
	unsigned int inline_max = FLEX_ARRAY_BASE_BYTES / l->element_size;
	unsigned int per_part = fa_per_part(l);

	switch (l->shape) {
	case FA_INLINE_FEW:
		return min(inline_max, 3U);
	case FA_INLINE_FULL:
		return inline_max;
	case FA_PARTS:
		return 3 * per_part + per_part / 2 + 1;
	case FA_DEEP:
		return FLEX_ARRAY_BASE_PTRS * per_part + 1;
	}
	return 0;
}

static bool fa_is_inline(const struct fa_layout *l)
{
	return l->shape < FA_PARTS;
}

/* Pointers the base needs: one per part, or per page of part pointers. */
static unsigned int fa_base_slots(const struct fa_layout *l)
{
	unsigned int parts = DIV_ROUND_UP(fa_total(l), fa_per_part(l));

	if (l->shape == FA_DEEP)
		return DIV_ROUND_UP(parts, PAGE_SIZE / sizeof(void *));
	return parts;
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

/* The layouts whose flat model fits in a few megabytes. */
static const void *fa_model_layout_gen(const void *prev, char *desc)
{
	const struct fa_layout *l = prev;

	do
		l = fa_layout_gen(l, desc);
	while (l && (size_t)fa_total(l) * l->element_size > SZ_4M);
	return l;
}

/* The layouts with parts: at least three and a half of them. */
static const void *fa_parts_layout_gen(const void *prev, char *desc)
{
	const struct fa_layout *l = prev;

	do
		l = fa_layout_gen(l, desc);
	while (l && fa_is_inline(l));
	return l;
}

static const struct fa_layout *fa_param(struct kunit *test)
{
	return test->param_value;
}

struct fa_params {
	int element_size;
	unsigned int total;
	gfp_t flags;
	bool tracked;
};

static int fa_resource_init(struct kunit_resource *res, void *context)
{
	const struct fa_params *shape = context;

	if (shape->tracked)
		res->data = flex_array_alloc_tracked(shape->element_size,
						     shape->total, shape->flags);
	else
		res->data = flex_array_alloc(shape->element_size,
					     shape->total, shape->flags);
	return res->data ? 0 : -ENOMEM;
}

static void fa_resource_free(struct kunit_resource *res)
{
	flex_array_free(res->data);
}

/* An array that is freed when the test ends, however it ends. */
static struct flex_array *fa_kunit_alloc(struct kunit *test, int element_size,
					 unsigned int total, gfp_t flags)
{
	struct fa_params shape = { element_size, total, flags, false };
	struct flex_array *fa;

	fa = kunit_alloc_resource(test, fa_resource_init, fa_resource_free,
				  GFP_KERNEL, &shape);
	KUNIT_ASSERT_NOT_NULL(test, fa);
	return fa;
}

static struct flex_array *fa_alloc_layout(struct kunit *test,
					  const struct fa_layout *l,
					  gfp_t flags)
{
	return fa_kunit_alloc(test, l->element_size, fa_total(l), flags);
}

static int fa_vzalloc_init(struct kunit_resource *res, void *context)
{
	res->data = vzalloc(*(size_t *)context);
	return res->data ? 0 : -ENOMEM;
}

static void fa_vfree(struct kunit_resource *res)
{
	vfree(res->data);
}

/* Zeroed memory for a model, possibly too large for kmalloc. */
static void *fa_kunit_vzalloc(struct kunit *test, size_t size)
{
	void *p = kunit_alloc_resource(test, fa_vzalloc_init, fa_vfree,
				       GFP_KERNEL, &size);

	KUNIT_ASSERT_NOT_NULL(test, p);
	return p;
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
	kunit_kfree(test, want);
}

static int fa_put_pattern(struct kunit *test, struct flex_array *fa,
			  unsigned int nr, u32 salt, gfp_t flags)
{
	u8 *buf = kunit_kmalloc(test, fa->element_size, GFP_KERNEL);

	int err;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	fa_pattern(buf, fa->element_size, nr, salt);
	err = flex_array_put(fa, nr, buf, flags);
	/* Freed now: with 64K pages, thousands of calls would fill memory. */
	kunit_kfree(test, buf);
	return err;
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

struct fa_big {
	const char *name;
	int element_size;
	unsigned int total;
};

static const struct fa_big fa_bigs[] = {
	{ "4M x 16 B", 16, 4U << 20 },
	{ "100M x 1 B", 1, 100000000 },
	{ "20000 x PAGE_SIZE", PAGE_SIZE, 20000 },
	{ "UINT_MAX / 24 x 24 B", 24, UINT_MAX / 24 },
	{ "UINT_MAX x PAGE_SIZE", PAGE_SIZE, UINT_MAX },
	{ "UINT_MAX x 1 B", 1, UINT_MAX },
	/* Exactly the parts a base can point at, and one more. */
	{ "full base x 16 B", 16,
	  FLEX_ARRAY_BASE_BYTES / sizeof(void *) * (PAGE_SIZE / 16) },
	{ "full base + 1 x 16 B", 16,
	  FLEX_ARRAY_BASE_BYTES / sizeof(void *) * (PAGE_SIZE / 16) + 1 },
};

static void fa_big_desc(const struct fa_big *big, char *desc)
{
	strscpy(desc, big->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fa_big, fa_bigs, fa_big_desc);

#define FA_BIG_SCATTER	64

/*
 * Any size of array is accepted; elements at its ends and scattered over
 * it read back, and parts that were not touched stay unallocated.
 */
static void flex_array_test_big(struct kunit *test)
{
	const struct fa_big *big = test->param_value;
	unsigned int nr[FA_BIG_SCATTER + 2], per_part, i;
	struct flex_array *fa;
	struct rnd_state rnd;

	fa = fa_kunit_alloc(test, big->element_size, big->total, GFP_KERNEL);
	KUNIT_EXPECT_LE(test, ksize(fa), PAGE_SIZE);

	prandom_seed_state(&rnd, big->total);
	nr[0] = 0;
	nr[1] = big->total - 1;
	for (i = 2; i < ARRAY_SIZE(nr); i++)
		nr[i] = prandom_u32_state(&rnd) % big->total;

	for (i = 0; i < ARRAY_SIZE(nr); i++)
		KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, nr[i], 5,
							GFP_KERNEL));
	for (i = 0; i < ARRAY_SIZE(nr); i++)
		fa_expect_pattern(test, fa, nr[i], 5);

	/* The part after the first one was not touched (very likely). */
	per_part = PAGE_SIZE / big->element_size;
	for (i = 0; i < ARRAY_SIZE(nr); i++)
		if (nr[i] / per_part == 1)
			return;
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, per_part));
}

/* The base holds what the array needs, never more than a page. */
static void flex_array_test_alloc_layout(struct kunit *test)
{
	const struct fa_layout *l = fa_param(test);
	struct flex_array *fa = fa_alloc_layout(test, l, GFP_KERNEL);
	size_t need = fa_is_inline(l) ?
		      sizeof(*fa) + fa_total(l) * l->element_size :
		      sizeof(*fa) + fa_base_slots(l) * sizeof(void *);
	u8 *first = flex_array_get(fa, 0);

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
	if (fa_is_inline(l))
		KUNIT_EXPECT_PTR_EQ(test, first, (u8 *)fa + sizeof(*fa));
	else
		KUNIT_EXPECT_NULL(test, first);
}

/* A 64 x 8-byte array is one small allocation, not a page. */
static void flex_array_test_small_is_small(struct kunit *test)
{
	struct flex_array *fa = fa_kunit_alloc(test, 8, 64, GFP_KERNEL);

	KUNIT_EXPECT_LE(test, ksize(fa), 1024);
	KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, 63));
}

/*
 * Store the first and last element of every part, then check that each
 * reads back and that the neighbours were not touched.
 */
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

static void flex_array_test_part_boundaries(struct kunit *test)
{
	const struct fa_layout *l = fa_param(test);
	struct flex_array *fa = fa_alloc_layout(test, l, GFP_KERNEL);
	unsigned int per_part = fa_is_inline(l) ? fa->total : fa_per_part(l);
	unsigned int start, last, nr;

	for (start = 0; start < fa->total;
	     start = fa_next_start(fa, start, per_part)) {
		last = min(start + per_part, fa->total) - 1;
		KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, start, 1,
							GFP_KERNEL));
		KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, last, 1,
							GFP_KERNEL));
	}
	/* Next to each stored element, the untouched ones are still zero. */
	for (start = 0; start < fa->total;
	     start = fa_next_start(fa, start, per_part)) {
		last = min(start + per_part, fa->total) - 1;
		fa_expect_pattern(test, fa, start, 1);
		fa_expect_pattern(test, fa, last, 1);
		for (nr = start + 1; nr < last && nr <= start + 8; nr++)
			fa_expect_zero(test, fa, nr);
		for (nr = max(last - 8, start + 1); nr < last; nr++)
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
	unsigned int nr, start, end;
	struct flex_array *fa;
	int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		fa = fa_alloc_layout(test, l, flags[i]);
		/* The first two parts, and the last ones, past the base. */
		end = min(2 * fa_per_part(l), fa->total) - 1;
		KUNIT_ASSERT_EQ(test, 0, flex_array_prealloc(fa, 0, end,
							     flags[i]));
		for (nr = 0; nr <= end; nr++)
			fa_expect_zero(test, fa, nr);
		start = fa->total - min(2 * fa_per_part(l), fa->total);
		KUNIT_ASSERT_EQ(test, 0, flex_array_prealloc(fa, start,
							     fa->total - 1,
							     flags[i]));
		for (nr = start; nr < fa->total; nr++)
			fa_expect_zero(test, fa, nr);
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
	struct flex_array *fa = fa_kunit_alloc(test, 16, 4 * PAGE_SIZE, flags);
	u8 *p;

	KUNIT_EXPECT_EQ(test, 0, fa_put_pattern(test, fa, 1000, 4, flags));
	KUNIT_EXPECT_EQ(test, 0, flex_array_prealloc(fa, 0, fa->total - 1,
						     flags));
	p = flex_array_get(fa, fa->total - 1);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, virt_addr_valid(p));
	fa_expect_pattern(test, fa, 1000, 4);
}

static void flex_array_test_free_null(struct kunit *test)
{
	flex_array_free(NULL);
}

/* Puts through a const source, copying exactly element_size bytes. */
static void flex_array_test_put_copies_exactly(struct kunit *test)
{
	static const u64 src[2] = { 0x0123456789abcdefULL, ~0ULL };
	struct flex_array *fa = fa_kunit_alloc(test, 12, 2 * PAGE_SIZE,
					       GFP_KERNEL);
	u8 *p;

	KUNIT_ASSERT_EQ(test, 0, flex_array_put(fa, 5, src, GFP_KERNEL));
	p = flex_array_get(fa, 5);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_TRUE(test, !memcmp(p, src, 12));
	KUNIT_EXPECT_TRUE(test, fa_is_zero(p - 12, 12));
	KUNIT_EXPECT_TRUE(test, fa_is_zero(p + 12, 12));
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

	model = fa_kunit_vzalloc(test, (size_t)total * size);
	stored = fa_kunit_vzalloc(test, BITS_TO_LONGS(total) * sizeof(long));
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

/* Pointers in, the same pointers out; other arrays are refused. */
static void flex_array_test_ptrs(struct kunit *test)
{
	struct flex_array *fa = fa_kunit_alloc(test, sizeof(void *),
					       FLEX_ARRAY_BASE_PTRS * 1024,
					       GFP_KERNEL);
	static int objs[8];
	unsigned int nr;
	int i;

	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		nr = i * (fa->total / ARRAY_SIZE(objs)) + i;
		KUNIT_ASSERT_EQ(test, 0, flex_array_put_ptr(fa, nr, &objs[i],
							    GFP_KERNEL));
	}
	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		nr = i * (fa->total / ARRAY_SIZE(objs)) + i;
		KUNIT_EXPECT_PTR_EQ(test, &objs[i], flex_array_get_ptr(fa, nr));
		KUNIT_EXPECT_NULL(test, flex_array_get_ptr(fa, nr + 1));
	}
	KUNIT_EXPECT_NULL(test, flex_array_get_ptr(fa, fa->total));
	KUNIT_EXPECT_EQ(test, -ENOSPC,
			flex_array_put_ptr(fa, fa->total, objs, GFP_KERNEL));
}

/*
 * Iteration visits exactly the elements of allocated parts, in order, and
 * jumps over missing parts and pointer pages: an array of UINT_MAX pages
 * with three parts is walked in three steps.
 */
static void flex_array_test_iterate(struct kunit *test)
{
	const struct fa_layout *l = fa_param(test);
	struct flex_array *fa = fa_alloc_layout(test, l, GFP_KERNEL);
	unsigned int per_part = fa_is_inline(l) ? fa->total : fa_per_part(l);
	unsigned int last = fa->total - 1, nr, expect, visited = 0;
	u8 *p;

	KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, last, 6, GFP_KERNEL));
	KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, 0, 6, GFP_KERNEL));

	/* Part 0, then the last part: its first element is the next one. */
	expect = 0;
	flex_array_for_each(fa, nr, p) {
		KUNIT_ASSERT_EQ(test, nr, expect);
		KUNIT_ASSERT_PTR_EQ(test, p, (u8 *)flex_array_get(fa, nr));
		visited++;
		expect = nr + 1;
		if (expect == min(per_part, fa->total))
			expect = last - last % per_part;
	}
	KUNIT_EXPECT_EQ(test, nr, fa->total);
	KUNIT_EXPECT_EQ(test, visited, min(per_part, fa->total) +
		       (fa_is_inline(l) ? 0 : last % per_part + 1));

	/* From the middle of the array, the last part comes first. */
	expect = fa_is_inline(l) ? fa->total / 2 : last - last % per_part;
	nr = fa->total / 2;
	KUNIT_EXPECT_NOT_NULL(test, flex_array_next(fa, &nr));
	KUNIT_EXPECT_EQ(test, nr, expect);
}

static void flex_array_test_iterate_huge(struct kunit *test)
{
	struct flex_array *fa = fa_kunit_alloc(test, PAGE_SIZE, UINT_MAX,
					       GFP_KERNEL);
	static const unsigned int nrs[] = { 5, 1U << 30, UINT_MAX - 1 };
	unsigned int nr, i = 0;
	void *p;

	for (i = 0; i < ARRAY_SIZE(nrs); i++)
		KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, nrs[i], 7,
							GFP_KERNEL));
	i = 0;
	flex_array_for_each(fa, nr, p) {
		KUNIT_ASSERT_LT(test, i, ARRAY_SIZE(nrs));
		KUNIT_EXPECT_EQ(test, nr, nrs[i]);
		fa_expect_pattern(test, fa, nr, 7);
		i++;
	}
	KUNIT_EXPECT_EQ(test, i, ARRAY_SIZE(nrs));

	i = 1;
	flex_array_for_each_from(fa, nr, p, nrs[0] + 1)
		KUNIT_EXPECT_EQ(test, nr, nrs[i++]);
	KUNIT_EXPECT_EQ(test, i, ARRAY_SIZE(nrs));
}

DEFINE_FLEX_ARRAY(fa_static_inline, 24, 100);
/* Inline with a power-of-two size: addressed without the size's shift. */
DEFINE_FLEX_ARRAY(fa_static_inline_pow2, 8, 64);
DEFINE_FLEX_ARRAY(fa_static_parts, 24, FLEX_ARRAY_BASE_PTRS * (PAGE_SIZE / 24));
DEFINE_FLEX_ARRAY(fa_static_pages, PAGE_SIZE, 3);

/*
 * Static arrays are laid out as flex_array_alloc() would lay them out, and
 * index correctly across their whole range.
 */
static void flex_array_test_static(struct kunit *test)
{
	struct flex_array *const arrays[] = {
		fa_static_inline, fa_static_inline_pow2, fa_static_parts,
		fa_static_pages,
	};
	struct flex_array *fa, *ref;
	unsigned int nrs[3], i, j;

	for (i = 0; i < ARRAY_SIZE(arrays); i++) {
		fa = arrays[i];
		ref = fa_kunit_alloc(test, fa->element_size, fa->total,
				     GFP_KERNEL);
		KUNIT_EXPECT_EQ(test, fa->levels, ref->levels);
		KUNIT_EXPECT_EQ(test, fa->size_shift, ref->size_shift);
		if (fa->levels) {
			KUNIT_EXPECT_EQ(test, fa->part_bytes, ref->part_bytes);
			KUNIT_EXPECT_EQ(test, fa->part_div.m, ref->part_div.m);
			KUNIT_EXPECT_EQ(test, fa->part_div.sh1,
					ref->part_div.sh1);
			KUNIT_EXPECT_EQ(test, fa->part_div.sh2,
					ref->part_div.sh2);
		}
		nrs[0] = 0;
		nrs[1] = fa->total / 2;
		nrs[2] = fa->total - 1;
		for (j = 0; j < ARRAY_SIZE(nrs); j++)
			KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, nrs[j],
								8, GFP_KERNEL));
		for (j = 0; j < ARRAY_SIZE(nrs); j++)
			fa_expect_pattern(test, fa, nrs[j], 8);
		flex_array_free_parts(fa);
	}
}

/* Clearing zeroes an element; without tracking, shrink frees nothing. */
static void flex_array_test_clear_untracked(struct kunit *test)
{
	const struct fa_layout *l = fa_param(test);
	struct flex_array *fa = fa_alloc_layout(test, l, GFP_KERNEL);
	unsigned int last = fa->total - 1;

	KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, last, 9, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, 0, flex_array_clear(fa, last));
	fa_expect_zero(test, fa, last);
	KUNIT_EXPECT_EQ(test, 0, flex_array_clear(fa, 0));
	KUNIT_EXPECT_EQ(test, -ENOSPC, flex_array_clear(fa, fa->total));
	KUNIT_EXPECT_EQ(test, 0, flex_array_shrink(fa));
	KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, last));
}

static struct flex_array *fa_alloc_tracked(struct kunit *test,
					   const struct fa_layout *l)
{
	struct fa_params params = {
		l->element_size, fa_total(l), GFP_KERNEL, true
	};
	struct flex_array *fa;

	fa = kunit_alloc_resource(test, fa_resource_init, fa_resource_free,
				  GFP_KERNEL, &params);
	KUNIT_ASSERT_NOT_NULL(test, fa);
	return fa;
}

/*
 * Shrink frees exactly the parts holding no stored element: preallocated
 * ones and those whose elements were all cleared, but not one holding a
 * stored element of zeroes.  The array works as before afterwards.
 */
static void flex_array_test_shrink(struct kunit *test)
{
	const struct fa_layout *l = fa_param(test);
	struct flex_array *fa = fa_alloc_tracked(test, l);
	unsigned int per_part = fa_per_part(l), last = fa->total - 1;
	u8 *zeroes = kunit_kzalloc(test, fa->element_size, GFP_KERNEL);
	unsigned int nr;

	KUNIT_ASSERT_NOT_NULL(test, zeroes);
	KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, 0, 10, GFP_KERNEL));
	KUNIT_ASSERT_EQ(test, 0, flex_array_prealloc(fa, per_part, per_part,
						     GFP_KERNEL));
	KUNIT_ASSERT_EQ(test, 0, flex_array_put(fa, 2 * per_part, zeroes,
						GFP_KERNEL));
	KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, last, 10,
						GFP_KERNEL));

	/* Only the preallocated part 1 holds nothing. */
	KUNIT_EXPECT_GE(test, flex_array_shrink(fa), 1);
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, per_part));
	fa_expect_pattern(test, fa, 0, 10);
	fa_expect_zero(test, fa, 2 * per_part);
	fa_expect_pattern(test, fa, last, 10);
	KUNIT_EXPECT_EQ(test, 0, flex_array_shrink(fa));

	/* Cleared, part 0 goes; a stored element of zeroes keeps part 2. */
	KUNIT_EXPECT_EQ(test, 0, flex_array_clear(fa, 0));
	KUNIT_EXPECT_GE(test, flex_array_shrink(fa), 1);
	KUNIT_EXPECT_NULL(test, flex_array_get(fa, 0));
	fa_expect_zero(test, fa, 2 * per_part);
	fa_expect_pattern(test, fa, last, 10);

	/* With nothing stored, nothing is left, and the array still works. */
	KUNIT_EXPECT_EQ(test, 0, flex_array_clear(fa, 2 * per_part));
	KUNIT_EXPECT_EQ(test, 0, flex_array_clear(fa, last));
	KUNIT_EXPECT_GE(test, flex_array_shrink(fa), 2);
	flex_array_for_each(fa, nr, zeroes)
		KUNIT_FAIL(test, "element %u survived", nr);
	KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, last, 11,
						GFP_KERNEL));
	fa_expect_pattern(test, fa, last, 11);
}

/*
 * Tracked arrays keep the prealloc promise too: their puts also mark the
 * element, and that must not allocate or sleep either.
 */
static void flex_array_test_tracked_atomic(struct kunit *test)
{
	static const struct fa_layout l = { 16, FA_DEEP };
	struct flex_array *fa = fa_alloc_tracked(test, &l);
	unsigned int nr, start = fa->total - 2 * fa_per_part(&l);
	spinlock_t lock;	/* makes the puts run in atomic context */
	int err = 0;
	u64 val[2];

	spin_lock_init(&lock);
	KUNIT_ASSERT_EQ(test, 0, flex_array_prealloc(fa, start, fa->total - 1,
						     GFP_KERNEL));
	spin_lock(&lock);
	for (nr = start; nr < fa->total; nr++) {
		val[0] = nr;
		val[1] = ~(u64)nr;
		err |= flex_array_put(fa, nr, val, GFP_KERNEL);
	}
	spin_unlock(&lock);
	KUNIT_EXPECT_EQ(test, 0, err);
	KUNIT_EXPECT_EQ(test, 0, flex_array_shrink(fa));
}

#define FA_RACE_THREADS	4
#define FA_RACE_ROUNDS	8
/* Elements in a part of u64s. */
#define FA_RACE_PER_PART	(PAGE_SIZE / sizeof(u64))
/* The threads race for this many parts... */
#define FA_RACE_PARTS	64
/* ...from this one on: across two pages of part pointers. */
#define FA_RACE_FIRST_PART	(3 * BIT(FLEX_ARRAY_PTR_SHIFT) - FA_RACE_PARTS / 2)

struct fa_race {
	struct flex_array *fa;
	unsigned int first, end;	/* the elements of the window */
	struct completion start;
	struct completion done;
	atomic_t errors;
};

struct fa_racer {
	struct fa_race *race;
	unsigned int id;
};

/*
 * Thread @id stores element first + i * FA_RACE_THREADS + id for every i,
 * so all threads need the same parts and pointer pages at the same moment.
 * Every element of the window's first part is also written by all of them,
 * and the range ahead of each is preallocated while the others store in it.
 */
static int fa_racer_fn(void *data)
{
	struct fa_racer *racer = data;
	struct fa_race *race = racer->race;
	struct flex_array *fa = race->fa;
	unsigned int nr, last, i = 0;
	u64 *p, val;

	wait_for_completion(&race->start);

	for (nr = race->first + racer->id; nr < race->end;
	     nr += FA_RACE_THREADS, i++) {
		val = nr;
		if (flex_array_put(fa, nr, &val, GFP_KERNEL) ||
		    flex_array_put(fa, race->first + i % FA_RACE_PER_PART, &val,
				   GFP_KERNEL))
			atomic_inc(&race->errors);
		if (i % 64 == 0) {
			last = min(nr + 4 * FA_RACE_PER_PART, race->end - 1);
			if (flex_array_prealloc(fa, nr, last, GFP_KERNEL))
				atomic_inc(&race->errors);
		}
		/*
		 * A neighbour is being stored by another thread: each of its
		 * bytes is either still zero or already the stored one, never
		 * data from before the part was published.
		 */
		p = flex_array_get(fa, nr ^ 1);
		if (p && (nr ^ 1) >= race->first + FA_RACE_PER_PART &&
		    (*p & ~(u64)(nr ^ 1)))
			atomic_inc(&race->errors);
	}
	complete(&race->done);
	return 0;
}

/*
 * Several CPUs allocate the parts and pointer pages of one array at once,
 * starting from an empty array each round: every element stored must be
 * found afterwards.  The array has pointer pages (three levels of them
 * with 4K pages) and the window crosses from one page of part pointers to
 * the next.  Needs SMP to mean anything;
 * tools/kernel/kunit runs it on 4 CPUs.
 */
static void flex_array_test_concurrent_puts(struct kunit *test)
{
	unsigned int started, round, i, nr;
	struct fa_racer *racers;
	struct task_struct *task;
	struct fa_race race;
	u64 *p;

	racers = kunit_kcalloc(test, FA_RACE_THREADS, sizeof(*racers),
			       GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, racers);
	race.fa = fa_kunit_alloc(test, sizeof(u64), UINT_MAX, GFP_KERNEL);
	KUNIT_ASSERT_GE(test, race.fa->levels, 2);
	race.first = FA_RACE_FIRST_PART * FA_RACE_PER_PART;
	race.end = race.first + FA_RACE_PARTS * FA_RACE_PER_PART;

	for (round = 0; round < FA_RACE_ROUNDS; round++) {
		atomic_set(&race.errors, 0);
		init_completion(&race.start);
		init_completion(&race.done);
		for (started = 0; started < FA_RACE_THREADS; started++) {
			racers[started].race = &race;
			racers[started].id = started;
			task = kthread_run(fa_racer_fn, &racers[started],
					   "fa_racer/%u", started);
			if (IS_ERR(task))
				break;
		}
		/* Start them together, so that their first puts collide. */
		complete_all(&race.start);
		for (i = 0; i < started; i++)
			wait_for_completion(&race.done);
		KUNIT_ASSERT_EQ(test, started, FA_RACE_THREADS);

		KUNIT_EXPECT_EQ(test, 0, atomic_read(&race.errors));
		for (nr = race.first + FA_RACE_PER_PART; nr < race.end; nr++) {
			p = flex_array_get(race.fa, nr);
			KUNIT_ASSERT_NOT_NULL_MSG(test, p, "round %u element %u",
						  round, nr);
			KUNIT_ASSERT_EQ_MSG(test, *p, (u64)nr,
					    "round %u element %u", round, nr);
		}
		flex_array_free_parts(race.fa);
	}
}

static struct kunit_case flex_array_test_cases[] = {
	KUNIT_CASE_PARAM(flex_array_test_alloc_invalid,
			 fa_bad_alloc_gen_params),
	KUNIT_CASE_PARAM(flex_array_test_big, fa_big_gen_params),
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
	KUNIT_CASE_PARAM(flex_array_test_random_model, fa_model_layout_gen),
	KUNIT_CASE(flex_array_test_ptrs),
	KUNIT_CASE_PARAM(flex_array_test_clear_untracked, fa_layout_gen),
	KUNIT_CASE_PARAM(flex_array_test_shrink, fa_parts_layout_gen),
	KUNIT_CASE(flex_array_test_tracked_atomic),
	KUNIT_CASE_PARAM(flex_array_test_iterate, fa_layout_gen),
	KUNIT_CASE(flex_array_test_iterate_huge),
	KUNIT_CASE(flex_array_test_static),
	KUNIT_CASE(flex_array_test_concurrent_puts),
	{}
};

static struct kunit_suite flex_array_test_suite = {
	.name = "flex_array",
	.test_cases = flex_array_test_cases,
};

kunit_test_suite(flex_array_test_suite);

/*
 * The suite flex_array_fault fails each allocation an operation makes, one
 * at a time, through the fault injection framework: current->fail_nth
 * fails the Nth slab or page allocation of the test's own task, and no
 * other.  The allocations the library makes use GFP_KERNEL and order-0
 * pages, which failslab and fail_page_alloc leave alone by default, so the
 * suite skips itself unless they were told otherwise:
 *
 *	echo N > /sys/kernel/debug/failslab/ignore-gfp-wait
 *	echo N > /sys/kernel/debug/fail_page_alloc/ignore-gfp-wait
 *	echo 0 > /sys/kernel/debug/fail_page_alloc/min-order
 *	echo 1 > /sys/kernel/debug/kunit/flex_array_fault/run
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

/*
 * Set when a case skipped for want of the settings above.  KUnit (6.12 at
 * least) takes a case that skipped for one marked to be skipped, and
 * would never run it again, not even when the suite is rerun through
 * debugfs once the settings are made.
 */
static bool fa_fault_unarmed;

/* Skips the test unless the Nth allocation really fails, slab and page. */
static void fa_fault_require(struct kunit *test)
{
	unsigned long page;
	void *p;

	fa_fail_nth(1);
	p = kmalloc(8, GFP_KERNEL | __GFP_NOWARN);
	fa_fail_disarm();
	kfree(p);
	fa_fail_nth(1);
	page = __get_free_page(GFP_KERNEL | __GFP_NOWARN);
	fa_fail_disarm();
	free_page(page);

	fa_fault_unarmed = p || page;
	if (p)
		kunit_skip(test,
			   "GFP_KERNEL slab allocations are not failed: needs CONFIG_FAILSLAB and failslab/ignore-gfp-wait=N");
	if (page)
		kunit_skip(test,
			   "order-0 pages are not failed: needs CONFIG_FAIL_PAGE_ALLOC, fail_page_alloc/ignore-gfp-wait=N and min-order=0");
}

/* Makes the cases that skipped above run again on a rerun of the suite. */
static int fa_fault_suite_init(struct kunit_suite *suite)
{
	struct kunit_case *c;

	if (fa_fault_unarmed) {
		for (c = suite->test_cases; c->run_case; c++)
			c->status = KUNIT_SUCCESS;
		fa_fault_unarmed = false;
	}
	return 0;
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

static const struct fa_fault fa_faults[] = {
	{ "alloc, inline", FA_FAULT_ALLOC, 8, 64 },
	{ "alloc, parts", FA_FAULT_ALLOC, 16, 100000 },
	{ "alloc, three levels", FA_FAULT_ALLOC, 24, UINT_MAX / 24 },
	{ "alloc, tracked", FA_FAULT_ALLOC, 16, SZ_4M, true },
	{ "put, new part", FA_FAULT_PUT, 16, 100000, false, GFP_KERNEL,
	  50000 },
	{ "put, page-sized", FA_FAULT_PUT, PAGE_SIZE, 20000, false,
	  GFP_KERNEL, 19999 },
	{ "put, three levels", FA_FAULT_PUT, 24, UINT_MAX / 24, false,
	  GFP_KERNEL, UINT_MAX / 24 - 1 },
	{ "put, atomic", FA_FAULT_PUT, 16, SZ_4M, false, GFP_ATOMIC,
	  SZ_4M - 1 },
	{ "put, tracked", FA_FAULT_PUT, 16, SZ_4M, true, GFP_KERNEL,
	  SZ_4M - 1 },
	{ "prealloc, across pointer pages", FA_FAULT_PREALLOC, 16,
	  UINT_MAX / 16, false, GFP_KERNEL,
	  FA_FAULT_PTR_SPAN - 4 * FA_FAULT_PER_PART,
	  FA_FAULT_PTR_SPAN + 4 * FA_FAULT_PER_PART },
	{ "prealloc, three levels", FA_FAULT_PREALLOC, 24, UINT_MAX / 24,
	  false, GFP_KERNEL, UINT_MAX / 24 - 600, UINT_MAX / 24 - 1 },
	{ "prealloc, tracked", FA_FAULT_PREALLOC, 16, SZ_4M, true,
	  GFP_KERNEL, 0, 4 * FA_FAULT_PER_PART },
};

static void fa_fault_desc(const struct fa_fault *f, char *desc)
{
	strscpy(desc, f->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fa_fault, fa_faults, fa_fault_desc);

static struct flex_array *fa_fault_alloc(const struct fa_fault *f)
{
	if (f->tracked)
		return flex_array_alloc_tracked(f->element_size, f->total,
						GFP_KERNEL | __GFP_NOWARN);
	return flex_array_alloc(f->element_size, f->total,
				GFP_KERNEL | __GFP_NOWARN);
}

/*
 * Runs @f's operation on @fa with the Nth allocation failing, or on a new
 * array for an alloc.  Returns its error, and in *@failed whether an
 * allocation was failed (the operation may not have made it).
 */
static int fa_fault_run(const struct fa_fault *f, struct flex_array **fa,
			u8 *buf, unsigned int nth, bool *failed)
{
	int err = 0;

	fa_fail_nth(nth);
	switch (f->op) {
	case FA_FAULT_ALLOC:
		*fa = fa_fault_alloc(f);
		err = *fa ? 0 : -ENOMEM;
		break;
	case FA_FAULT_PUT:
		err = flex_array_put(*fa, f->first, buf,
				     f->flags | __GFP_NOWARN);
		break;
	case FA_FAULT_PREALLOC:
		err = flex_array_prealloc(*fa, f->first, f->last,
					  f->flags | __GFP_NOWARN);
		break;
	}
	*failed = !fa_fail_disarm();
	return err;
}

/* After the operation succeeded: what it did is there. */
static void fa_fault_expect_done(struct kunit *test, const struct fa_fault *f,
				 struct flex_array *fa)
{
	switch (f->op) {
	case FA_FAULT_ALLOC:
		KUNIT_EXPECT_NOT_NULL(test, fa);
		break;
	case FA_FAULT_PUT:
		fa_expect_pattern(test, fa, f->first, 21);
		break;
	case FA_FAULT_PREALLOC:
		KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, f->first));
		KUNIT_EXPECT_NOT_NULL(test, flex_array_get(fa, f->last));
		break;
	}
}

/*
 * After a failed operation: the documented error, the element stored
 * before still there, the target never half-written, and a retry without
 * injection completes the job.
 */
static void fa_fault_expect_failed(struct kunit *test,
				   const struct fa_fault *f,
				   struct flex_array *fa, u8 *buf, int err)
{
	u8 *p;

	KUNIT_EXPECT_EQ(test, err, -ENOMEM);
	if (f->op == FA_FAULT_ALLOC)
		return;

	fa_expect_pattern(test, fa, 0, 20);
	p = flex_array_get(fa, f->first);
	if (p && f->op == FA_FAULT_PUT)
		KUNIT_EXPECT_TRUE(test, fa_is_zero(p, f->element_size));

	if (f->op == FA_FAULT_PUT)
		KUNIT_EXPECT_EQ(test, 0, flex_array_put(fa, f->first, buf,
							GFP_KERNEL));
	else
		KUNIT_EXPECT_EQ(test, 0, flex_array_prealloc(fa, f->first,
							     f->last,
							     GFP_KERNEL));
	fa_fault_expect_done(test, f, fa);
}

/*
 * Fails the first, second, ... allocation of an operation until it makes
 * no more, on a fresh array each time.  Each array is freed with
 * flex_array_free() rather than by KUnit, so that a page or base lost on
 * an error path shows up in kmemleak or page_owner, which check-debug
 * reads after the suite.
 */
static void flex_array_test_fault(struct kunit *test)
{
	const struct fa_fault *f = test->param_value;
	unsigned int nth, injected = 0;
	struct flex_array *fa = NULL;
	bool failed;
	u8 *buf;
	int err;

	fa_fault_require(test);
	buf = kunit_kmalloc(test, f->element_size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	fa_pattern(buf, f->element_size, f->first, 21);

	for (nth = 1; nth <= 64; nth++) {
		if (f->op != FA_FAULT_ALLOC) {
			fa = fa_fault_alloc(f);
			KUNIT_ASSERT_NOT_NULL(test, fa);
			KUNIT_ASSERT_EQ(test, 0, fa_put_pattern(test, fa, 0, 20,
								GFP_KERNEL));
		}
		err = fa_fault_run(f, &fa, buf, nth, &failed);
		if (!failed) {
			/* Fewer than nth allocations: the operation is done. */
			KUNIT_EXPECT_EQ(test, err, 0);
			fa_fault_expect_done(test, f, fa);
			flex_array_free(fa);
			break;
		}
		/*
		 * The failure may hit an allocation made on the library's
		 * behalf (kmemleak's metadata, say) without failing it.
		 */
		if (err) {
			injected++;
			fa_fault_expect_failed(test, f, fa, buf, err);
		} else {
			fa_fault_expect_done(test, f, fa);
		}
		flex_array_free(fa);
		fa = NULL;
	}
	KUNIT_EXPECT_LE_MSG(test, nth, 64U, "the operation never completed");
	KUNIT_EXPECT_GT_MSG(test, injected, 0U,
			    "no injected failure reached the library");
	kunit_info(test, "%s: %u allocations, %u failed the operation\n",
		   f->name, nth - 1, injected);
}

static struct kunit_case flex_array_fault_cases[] = {
	KUNIT_CASE_PARAM(flex_array_test_fault, fa_fault_gen_params),
	{}
};

static struct kunit_suite flex_array_fault_suite = {
	.name = "flex_array_fault",
	.suite_init = fa_fault_suite_init,
	.test_cases = flex_array_fault_cases,
};

kunit_test_suite(flex_array_fault_suite);
#endif /* CONFIG_FAULT_INJECTION */

MODULE_DESCRIPTION("KUnit tests for flexible arrays");
MODULE_LICENSE("GPL");
