// SPDX-License-Identifier: GPL-2.0
/*
 * Boot-time self-test for flexible arrays, on the kselftest module
 * framework: built in (CONFIG_TEST_FLEX_ARRAY=y) it runs during boot; as a
 * module it runs when loaded, taints the kernel as tested, and refuses to
 * load if a check fails.  It ends with "flex_array: all N tests passed",
 * or with the number of failures after a line naming each failed check.
 */

#define pr_fmt(fmt) "flex_array: " fmt

#include <linux/flex_array.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../tools/testing/selftests/kselftest_module.h"

KSTM_MODULE_GLOBALS();

/* KSTM_CHECK_ZERO(), with the failed condition in the log. */
#define expect(cond) __expect(cond, #cond, __LINE__)

static bool __init __expect(bool ok, const char *what, int line)
{
	total_tests++;
	if (!ok) {
		failed_tests++;
		pr_err("line %d: check failed: %s\n", line, what);
	}
	return ok;
}

struct fa_shape {
	int element_size;
	unsigned int total;
};

static const struct fa_shape shapes[] __initconst = {
	{ 8, 64 },		/* lives in its base */
	{ 16, 100000 },
	{ 24, 50000 },
	{ 1, 1000000 },
	{ 100, 4000 },
	{ PAGE_SIZE, 300 },
	{ 16, 4 << 20 },	/* with 4K pages, pointer pages too */
};

/* Element @nr holds bytes derived from its index. */
static void __init fill(u8 *buf, int size, unsigned int nr)
{
	int i;

	for (i = 0; i < size; i++)
		buf[i] = (u8)(nr + i * 3) ^ 0x5a;
}

/* Pages behind the elements: parts are whole pages, never shared. */
static unsigned int __init count_parts(struct flex_array *fa)
{
	unsigned long page, prev = 0;
	unsigned int nr, parts = 0;

	for (nr = 0; nr < fa->total; nr++) {
		page = (unsigned long)flex_array_get(fa, nr) & PAGE_MASK;
		if (page != prev)
			parts++;
		prev = page;
	}
	return parts;
}

/*
 * Fill an array completely, read every element back, and report how much
 * memory it took.
 */
static void __init test_dense(const struct fa_shape *shape, u8 *buf, u8 *want)
{
	unsigned int nr, bad = 0, parts;
	struct flex_array *fa;
	int err = 0;
	u8 *p;

	fa = flex_array_alloc(shape->element_size, shape->total, GFP_KERNEL);
	if (!expect(fa))
		return;
	for (nr = 0; nr < fa->total; nr++) {
		fill(buf, fa->element_size, nr);
		err |= flex_array_put(fa, nr, buf, GFP_KERNEL);
	}
	expect(!err);
	for (nr = 0; nr < fa->total; nr++) {
		p = flex_array_get(fa, nr);
		fill(want, fa->element_size, nr);
		bad += !p || memcmp(p, want, fa->element_size);
	}
	expect(!bad);
	expect(!flex_array_get(fa, fa->total));
	expect(flex_array_put(fa, fa->total, buf, GFP_KERNEL) == -ENOSPC);

	parts = fa->levels ? count_parts(fa) : 0;
	pr_info("%u x %d B: %u part pages, base %zu B\n", fa->total,
		fa->element_size, parts, ksize(fa));
	flex_array_free(fa);
}

/* Prealloc, then free_parts, then use the array again: four parts. */
static void __init test_prealloc_and_reuse(u8 *buf)
{
	unsigned int per_part = PAGE_SIZE / 24, total = 4 * per_part;
	struct flex_array *fa = flex_array_alloc(24, total, GFP_KERNEL);
	u8 *p;

	if (!expect(fa))
		return;
	expect(flex_array_prealloc(fa, 1, 0, GFP_KERNEL) == -EINVAL);
	expect(flex_array_prealloc(fa, 0, total, GFP_KERNEL) == -ENOSPC);
	expect(!flex_array_prealloc(fa, per_part, 2 * per_part, GFP_KERNEL));
	expect(!flex_array_get(fa, per_part - 1));
	p = flex_array_get(fa, 2 * per_part);
	expect(p && !memchr_inv(p, 0, 24));
	expect(!flex_array_get(fa, 3 * per_part));

	fill(buf, 24, 7);
	expect(!flex_array_put(fa, 2 * per_part, buf, GFP_ATOMIC));
	flex_array_free_parts(fa);
	expect(!flex_array_get(fa, 2 * per_part));
	flex_array_free_parts(fa);
	expect(!flex_array_put(fa, total - 1, buf, GFP_KERNEL));
	p = flex_array_get(fa, total - 1);
	expect(p && !memcmp(p, buf, 24));
	flex_array_free(fa);
}

static void __init test_bad_alloc(void)
{
	expect(!flex_array_alloc(0, 1, GFP_KERNEL));
	expect(!flex_array_alloc(-1, 1, GFP_KERNEL));
	expect(!flex_array_alloc(PAGE_SIZE + 1, 1, GFP_KERNEL));
	flex_array_free(NULL);
}

/* The largest index works, and costs only the pages on its path. */
static void __init test_huge(u8 *buf)
{
	struct flex_array *fa = flex_array_alloc(PAGE_SIZE, UINT_MAX,
						 GFP_KERNEL);
	u8 *p;

	if (!expect(fa))
		return;
	fill(buf, PAGE_SIZE, UINT_MAX - 1);
	expect(!flex_array_put(fa, UINT_MAX - 1, buf, GFP_KERNEL));
	p = flex_array_get(fa, UINT_MAX - 1);
	expect(p && !memcmp(p, buf, PAGE_SIZE));
	expect(!flex_array_get(fa, 0));
	expect(!flex_array_get(fa, UINT_MAX - 2));
	flex_array_free(fa);
}

/* Run by KSTM_MODULE_LOADERS(), which reports the counts. */
static void __init selftest(void)
{
	u8 *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	u8 *want = kmalloc(PAGE_SIZE, GFP_KERNEL);
	int i;

	if (expect(buf && want)) {
		for (i = 0; i < ARRAY_SIZE(shapes); i++)
			test_dense(&shapes[i], buf, want);
		test_prealloc_and_reuse(buf);
		test_bad_alloc();
		test_huge(buf);
	}
	kfree(buf);
	kfree(want);
}

KSTM_MODULE_LOADERS(test_flex_array);
MODULE_DESCRIPTION("Boot-time self-test for flexible arrays");
MODULE_LICENSE("GPL");
