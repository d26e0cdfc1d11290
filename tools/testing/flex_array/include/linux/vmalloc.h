/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_VMALLOC_H
#define _FA_SHIM_LINUX_VMALLOC_H

#include <linux/slab.h>

#define vmalloc(size)	kvmalloc((size), GFP_KERNEL)
#define vzalloc(size)	kvzalloc((size), GFP_KERNEL)
#define vfree(p)	kvfree(p)

#endif
