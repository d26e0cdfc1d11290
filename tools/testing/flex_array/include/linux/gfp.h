/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_GFP_H
#define _FA_SHIM_LINUX_GFP_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <asm/page.h>

/*
 * The bit values are our own; only the relations between the flags matter
 * to the code under test, and the fake allocator checks them.
 */
#define __GFP_HIGHMEM		0x00002u
#define __GFP_MOVABLE		0x00008u
#define __GFP_HIGH		0x00020u
#define __GFP_IO		0x00040u
#define __GFP_FS		0x00080u
#define __GFP_ZERO		0x00100u
#define __GFP_DIRECT_RECLAIM	0x00400u
#define __GFP_KSWAPD_RECLAIM	0x00800u
#define __GFP_NOWARN		0x02000u
#define __GFP_RETRY_MAYFAIL	0x04000u
#define __GFP_NOFAIL		0x08000u
#define __GFP_NORETRY		0x10000u
#define __GFP_HARDWALL		0x100000u
#define __GFP_ACCOUNT		0x400000u
#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)

#define GFP_ATOMIC		(__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_NOWAIT		(__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO		(__GFP_RECLAIM)
#define GFP_NOFS		(__GFP_RECLAIM | __GFP_IO)
#define GFP_KERNEL		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_USER		(GFP_KERNEL | __GFP_HARDWALL)
#define GFP_HIGHUSER		(GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE	(GFP_HIGHUSER | __GFP_MOVABLE)

static inline bool gfpflags_allow_blocking(gfp_t flags)
{
	return flags & __GFP_DIRECT_RECLAIM;
}

/* Implemented by the fake allocator, shim/alloc.c. */
unsigned long __get_free_pages(gfp_t flags, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);

#define __get_free_page(flags)	__get_free_pages((flags), 0)
#define get_zeroed_page(flags)	__get_free_pages((flags) | __GFP_ZERO, 0)
#define free_page(addr)		free_pages((addr), 0)

#endif
