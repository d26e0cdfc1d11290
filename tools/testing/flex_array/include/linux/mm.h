/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_MM_H
#define _FA_SHIM_LINUX_MM_H

#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#define PAGE_ALIGN(addr)	(((addr) + PAGE_SIZE - 1) & PAGE_MASK)
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)

/* True inside a live block of the fake allocator: shim/alloc.c. */
bool fake_addr_valid(const void *p);
#define virt_addr_valid(p)	fake_addr_valid(p)

#endif
