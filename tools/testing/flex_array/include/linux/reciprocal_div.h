/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_RECIPROCAL_DIV_H
#define _FA_SHIM_LINUX_RECIPROCAL_DIV_H

#include <linux/types.h>

/*
 * Division of a u32 by a u32 divisor fixed in advance, as a multiplication
 * and two shifts; the layout matches the kernel's so that structures
 * embedding it have the kernel's size.  See shim/reciprocal_div.c.
 */
struct reciprocal_value {
	u32 m;
	u8 sh1, sh2;
};

struct reciprocal_value reciprocal_value(u32 d);

static inline u32 reciprocal_divide(u32 n, struct reciprocal_value r)
{
	/* m is the 33-bit multiplier less its top bit, which stands for n. */
	u32 t = (u32)(((u64)n * r.m) >> 32);

	/* (t + n) >> (sh1 + sh2), without the 33-bit sum t + n. */
	return (t + ((n - t) >> r.sh1)) >> r.sh2;
}

#endif
