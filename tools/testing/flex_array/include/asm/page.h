/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_ASM_PAGE_H
#define _FA_SHIM_ASM_PAGE_H

#include <linux/bits.h>

/* A build parameter: the Makefile builds 4K, 16K, 64K and 256K variants. */
#ifndef CONFIG_PAGE_SHIFT
#define CONFIG_PAGE_SHIFT	12
#endif

#define PAGE_SHIFT		CONFIG_PAGE_SHIFT
#define PAGE_SIZE		BIT(PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

#endif
