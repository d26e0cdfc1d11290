/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_BITS_H
#define _FA_SHIM_LINUX_BITS_H

#include <linux/bitops.h>

/* Bits h down to l set: GENMASK(3, 1) == 0xe. */
#define GENMASK(h, l) \
	((~0UL << (l)) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
#define GENMASK_ULL(h, l) \
	((~0ULL << (l)) & (~0ULL >> (63 - (h))))

#endif
