/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_SLAB_H
#define _FA_SHIM_LINUX_SLAB_H

#include <linux/gfp.h>
#include <linux/overflow.h>
#include <linux/types.h>

/* The kernel's default; the fake allocator needs no more. */
#define ARCH_KMALLOC_MINALIGN	__alignof__(unsigned long long)

/* Implemented by the fake allocator, shim/alloc.c. */
void *kmalloc(size_t size, gfp_t flags);
void kfree(const void *p);
size_t ksize(const void *p);
void *kvmalloc(size_t size, gfp_t flags);
void kvfree(const void *p);

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	return kmalloc(size_mul(n, size), flags);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

static inline void *kvzalloc(size_t size, gfp_t flags)
{
	return kvmalloc(size, flags | __GFP_ZERO);
}

static inline void *kvmalloc_array(size_t n, size_t size, gfp_t flags)
{
	return kvmalloc(size_mul(n, size), flags);
}

static inline void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	return kvmalloc_array(n, size, flags | __GFP_ZERO);
}

#endif
