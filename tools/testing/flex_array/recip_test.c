// SPDX-License-Identifier: GPL-2.0
/*
 * The shim's reciprocal division must be exact, or the harness would test
 * the library against a wrong divider, and must be the kernel's, whose
 * fields the library's arrays hold.  Every divisor the library can use
 * (1 to 262144, the largest PAGE_SIZE built) is checked against the
 * dividends where an error would show first: around multiples of the
 * divisor, at the top of the u32 range, and at random.
 */

#include <kunit/test.h>
#include <linux/flex_array.h>
#include <linux/kernel.h>
#include <linux/prandom.h>
#include <linux/reciprocal_div.h>

#include "harness.h"

/* Elements per part range from 1 to the largest PAGE_SIZE built. */
#define MAX_DIVISOR	BIT(18)

/* Check n / d, and its neighbours n - 1 and n + 1; count the errors. */
static unsigned int check_around(struct kunit *test, u32 d,
				 struct reciprocal_value r, u32 n)
{
	unsigned int errors = 0;
	u32 m;
	int i;

	for (i = -1; i <= 1; i++) {
		m = n + i;
		if (reciprocal_divide(m, r) == m / d)
			continue;
		if (!errors++)
			KUNIT_FAIL(test, "%u / %u: got %u, expected %u", m, d,
				   reciprocal_divide(m, r), m / d);
	}
	return errors;
}

static unsigned int check_divisor(struct kunit *test, u32 d,
				  struct rnd_state *rnd)
{
	struct reciprocal_value r = reciprocal_value(d);
	u32 top = UINT_MAX / d * d;
	unsigned int errors = 0;
	int i;

	errors += check_around(test, d, r, 1);
	errors += check_around(test, d, r, d);
	errors += check_around(test, d, r, 2 * d);
	errors += check_around(test, d, r, top);
	errors += check_around(test, d, r, top - d);
	errors += check_around(test, d, r, UINT_MAX - 1);
	for (i = 0; i < 8; i++)
		errors += check_around(test, d, r, prandom_u32_state(rnd));
	return errors;
}

static void every_page_divisor(struct kunit *test)
{
	unsigned int errors = 0;
	struct rnd_state rnd;
	u32 d;

	prandom_seed_state(&rnd, harness.seed);
	for (d = 1; d <= MAX_DIVISOR && errors < 10; d++)
		errors += check_divisor(test, d, &rnd);
	KUNIT_EXPECT_EQ(test, errors, 0);
}

/* The rest of the u32 range, where the multiplier needs all 33 bits. */
static void large_divisors(struct kunit *test)
{
	static const u32 edges[] = {
		MAX_DIVISOR + 1, 1u << 20, (1u << 31) - 1, 1u << 31, (1u << 31) + 1,
		3000000000u, UINT_MAX - 1, UINT_MAX,
	};
	unsigned int errors = 0, i;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, harness.seed + 1);
	for (i = 0; i < ARRAY_SIZE(edges); i++)
		errors += check_divisor(test, edges[i], &rnd);
	for (i = 0; i < 100000 && errors < 10; i++)
		errors += check_divisor(test, prandom_u32_state(&rnd) | 1, &rnd);
	KUNIT_EXPECT_EQ(test, errors, 0);
}

/* A dense sweep of dividends for the divisors of common element sizes. */
static void dense_dividends(struct kunit *test)
{
	static const u32 sizes[] = { 1, 3, 8, 24, 100, 1000, 1365, 2049 };
	unsigned int errors = 0, i;
	struct reciprocal_value r;
	u64 n;
	u32 d;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		d = PAGE_SIZE / sizes[i];
		r = reciprocal_value(d);
		/* A prime stride visits every residue class of d. */
		for (n = 0; n <= UINT_MAX && errors < 10; n += 4099)
			errors += reciprocal_divide(n, r) != (u32)n / d;
	}
	KUNIT_EXPECT_EQ(test, errors, 0);
}

/*
 * The fields are those of the kernel's reciprocal_value(), here derived
 * another way: with l = order_base_2(d), the multiplier is
 * ceil(2^(32 + l) / d) less its top bit 2^32, and the shift by l is split
 * into min(l, 1) and max(l - 1, 0).
 */
static void fields_as_the_kernel_computes(struct kunit *test)
{
	unsigned int errors = 0;
	struct reciprocal_value r;
	u32 d, m, l;

	for (d = 1; d <= MAX_DIVISOR && errors < 10; d++) {
		l = order_base_2(d);
		m = (u32)((1ULL << (32 + l)) / d - (1ULL << 32) + 1);
		r = reciprocal_value(d);
		if (r.m == m && r.sh1 == min(l, 1U) && r.sh2 == (l ? l - 1 : 0))
			continue;
		errors++;
		KUNIT_FAIL(test, "divisor %u: {%u, %u, %u}, expected {%u, %u, %u}",
			   d, r.m, r.sh1, r.sh2, m, min(l, 1U), l ? l - 1 : 0);
	}
}

static struct kunit_case flex_array_reciprocal_cases[] = {
	KUNIT_CASE(fields_as_the_kernel_computes),
	KUNIT_CASE(every_page_divisor),
	KUNIT_CASE(large_divisors),
	KUNIT_CASE(dense_dividends),
	{}
};

static struct kunit_suite flex_array_reciprocal_suite = {
	.name = "flex_array_reciprocal",
	.test_cases = flex_array_reciprocal_cases,
};

kunit_test_suite(flex_array_reciprocal_suite);
