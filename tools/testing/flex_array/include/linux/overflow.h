/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_OVERFLOW_H
#define _FA_SHIM_LINUX_OVERFLOW_H

#include <linux/compiler.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* True when the exact result does not fit in *@d. */
#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_sub_overflow(a, b, d)	__builtin_sub_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

/* Saturating size arithmetic: SIZE_MAX never passes an allocator. */
static inline size_t __must_check size_mul(size_t a, size_t b)
{
	size_t bytes;

	return check_mul_overflow(a, b, &bytes) ? SIZE_MAX : bytes;
}

static inline size_t __must_check size_add(size_t a, size_t b)
{
	size_t bytes;

	return check_add_overflow(a, b, &bytes) ? SIZE_MAX : bytes;
}

#define array_size(a, b)	size_mul(a, b)
#define struct_size_t(type, member, count) \
	size_add(sizeof(type), size_mul(count, sizeof_field(type, member[0])))
#define struct_size(p, member, count) \
	struct_size_t(typeof(*(p)), member, count)

#endif
