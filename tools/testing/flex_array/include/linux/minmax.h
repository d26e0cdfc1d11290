/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_MINMAX_H
#define _FA_SHIM_LINUX_MINMAX_H

/* Each argument evaluated once; no type checking, unlike the kernel's. */
#define min(a, b)	({ typeof(a) __fa_a = (a); typeof(b) __fa_b = (b); \
			   __fa_a < __fa_b ? __fa_a : __fa_b; })
#define max(a, b)	({ typeof(a) __fa_a = (a); typeof(b) __fa_b = (b); \
			   __fa_a > __fa_b ? __fa_a : __fa_b; })
#define min_t(type, a, b)	min((type)(a), (type)(b))
#define max_t(type, a, b)	max((type)(a), (type)(b))
#define clamp(val, lo, hi)	min(max(val, lo), hi)
#define clamp_t(type, val, lo, hi) \
	clamp((type)(val), (type)(lo), (type)(hi))
#define swap(a, b)						\
	do {								\
		typeof(a) *__fa_pa = &(a), __fa_tmp = *__fa_pa;	\
		typeof(b) *__fa_pb = &(b);				\
									\
		*__fa_pa = *__fa_pb;					\
		*__fa_pb = __fa_tmp;					\
	} while (0)

#endif
