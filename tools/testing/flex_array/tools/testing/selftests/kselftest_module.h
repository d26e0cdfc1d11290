/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's tools/testing/selftests/kselftest_module.h, for the boot
 * self-test built into the harness.  lib/test_flex_array.c includes it by
 * that path relative to lib/: from the harness's include/ on the search
 * path it leads here.  The same counters, checks and report, and the same
 * value returned; the loader hands the module's init to the harness's
 * suite flex_array_selftest (selftest_test.c) instead of registering an
 * initcall, so that the test runs like a KUnit case, hygiene checks and
 * all.
 */
#ifndef __KSELFTEST_MODULE_H
#define __KSELFTEST_MODULE_H

#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

#define KSTM_MODULE_GLOBALS()						\
static unsigned int total_tests __initdata;				\
static unsigned int failed_tests __initdata;				\
static unsigned int skipped_tests __initdata

#define KSTM_CHECK_ZERO(x)						\
	do {								\
		total_tests++;						\
		if (x) {						\
			pr_warn("TC failed at %s:%d\n", __func__, __LINE__); \
			failed_tests++;					\
		}							\
	} while (0)

static inline int kstm_report(unsigned int total, unsigned int failed,
			      unsigned int skipped)
{
	if (failed) {
		pr_warn("failed %u out of %u tests\n", failed, total);
		return -EINVAL;
	}
	if (skipped) {
		pr_info("skipped %u tests\n", skipped);
		pr_info("remaining %u tests passed\n", total);
	} else {
		pr_info("all %u tests passed\n", total);
	}
	return 0;
}

/* Called before main() with the module's name and init: selftest_test.c. */
void kstm_register(const char *name, int (*init)(void));

/* The kernel's loader also taints the kernel as tested, with TAINT_TEST. */
#define KSTM_MODULE_LOADERS(__module)					\
static int __init __module##_init(void)					\
{									\
	pr_info("loaded.\n");						\
	selftest();							\
	return kstm_report(total_tests, failed_tests, skipped_tests);	\
}									\
static void __attribute__((constructor)) __module##_register(void)	\
{									\
	kstm_register(#__module, __module##_init);			\
}

MODULE_INFO(test, "Y");

#endif
