/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_STDDEF_H
#define _FA_SHIM_LINUX_STDDEF_H

/* The uapi header provides __DECLARE_FLEX_ARRAY, as in the kernel. */
#include_next <linux/stddef.h>
#include <stddef.h>

#define DECLARE_FLEX_ARRAY(TYPE, NAME)	__DECLARE_FLEX_ARRAY(TYPE, NAME)

#define sizeof_field(TYPE, MEMBER)	sizeof(((TYPE *)0)->MEMBER)

#endif
