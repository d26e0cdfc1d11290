// SPDX-License-Identifier: GPL-2.0
/*
 * Exact division of any u32 by a fixed u32 divisor d >= 1, as in the
 * kernel's reciprocal_div: floor(n / d) == floor(n * M / 2^(32 + L)) with
 * L = ceil(log2(d)) and M = ceil(2^(32 + L) / d).  The rounding error of M
 * is below 2^L, too small to move the quotient of any n < 2^32 (Granlund
 * and Montgomery, "Division by invariant integers using multiplication").
 *
 * M needs 33 bits: its top bit is 2^32 exactly, since 2^(L-1) < d <= 2^L,
 * so only m = M - 2^32 is stored, and reciprocal_divide() adds n back for
 * the missing bit.
 */

#include <linux/bug.h>
#include <linux/reciprocal_div.h>

struct reciprocal_value reciprocal_value(u32 d)
{
	struct reciprocal_value r = { 0 };
	unsigned int l;
	u64 m;

	if (WARN_ON(!d))
		return r;
	/* Smallest l with 2^l >= d. */
	l = d > 1 ? 32 - __builtin_clz(d - 1) : 0;
	/* ceil(2^(32+l) / d) - 2^32 = floor(2^32 * (2^l - d) / d) + 1 */
	m = ((1ULL << 32) * ((1ULL << l) - d)) / d + 1;

	r.m = (u32)m;
	/* reciprocal_divide() shifts by l in two steps: 1, then l - 1. */
	r.sh1 = l ? 1 : 0;
	r.sh2 = l ? l - 1 : 0;
	return r;
}
