/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KMEMLEAK_H
#define _LINUX_KMEMLEAK_H

#include <linux/types.h>

/* No kmemleak in userspace: the harness's allocator does the counting. */
static inline void kmemleak_alloc(const void *ptr, size_t size, int min_count,
				  gfp_t gfp)
{
}

static inline void kmemleak_free(const void *ptr)
{
}

#endif
