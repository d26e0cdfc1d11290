/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_LOG2_H
#define _FA_SHIM_LINUX_LOG2_H

#include <linux/types.h>

/* Floor of log2(n), n > 0; a constant expression when n is one. */
#define ilog2(n)	((n) < 2 ? 0 : 63 - __builtin_clzll(n))

static inline bool is_power_of_2(unsigned long n)
{
	return n && !(n & (n - 1));
}

/* Ceiling of log2(n), 0 for 0 and 1; a constant expression too. */
#define order_base_2(n)		((n) < 2 ? 0 : 64 - __builtin_clzll((n) - 1))
#define roundup_pow_of_two(n)	(1UL << order_base_2(n))
#define rounddown_pow_of_two(n)	(1UL << ilog2(n))

#endif
