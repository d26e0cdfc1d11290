// SPDX-License-Identifier: GPL-2.0
/*
 * The boot self-test, lib/test_flex_array.c, run as its module init would
 * run it: it must report success, and like any case here leave nothing
 * allocated and raise no warning.  Its kselftest_module.h is the shim in
 * tools/testing/selftests/.
 */

#include <kunit/test.h>

static const char *selftest_name;
static int (*selftest_init)(void);

void kstm_register(const char *name, int (*init)(void))
{
	selftest_name = name;
	selftest_init = init;
}

static void boot_selftest_passes(struct kunit *test)
{
	KUNIT_ASSERT_NOT_NULL_MSG(test, selftest_init,
				  "no self-test registered itself");
	KUNIT_EXPECT_EQ_MSG(test, selftest_init(), 0, "%s failed",
			    selftest_name);
}

static struct kunit_case flex_array_selftest_cases[] = {
	KUNIT_CASE(boot_selftest_passes),
	{}
};

static struct kunit_suite flex_array_selftest_suite = {
	.name = "flex_array_selftest",
	.test_cases = flex_array_selftest_cases,
};

kunit_test_suite(flex_array_selftest_suite);
