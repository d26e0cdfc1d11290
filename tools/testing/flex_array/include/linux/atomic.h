/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_ATOMIC_H
#define _FA_SHIM_LINUX_ATOMIC_H

#include <linux/types.h>

/*
 * Fully ordered, as the kernel's value-returning atomics are.  Return the
 * value found at @ptr: the swap happened iff it equals @old.
 */
#define cmpxchg(ptr, old, new)						\
({									\
	typeof(ptr) __fa_ptr = (ptr);					\
	typeof(*__fa_ptr) __fa_seen = (old);				\
									\
	__atomic_compare_exchange_n(__fa_ptr, &__fa_seen, (new), false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);\
	__fa_seen;							\
})

#define xchg(ptr, new)	__atomic_exchange_n((ptr), (new), __ATOMIC_SEQ_CST)

typedef struct {
	int counter;
} atomic_t;

#define ATOMIC_INIT(i)		{ (i) }
#define atomic_read(v)		__atomic_load_n(&(v)->counter, __ATOMIC_RELAXED)
#define atomic_set(v, i)	__atomic_store_n(&(v)->counter, (i), __ATOMIC_RELAXED)
#define atomic_add_return(i, v)	__atomic_add_fetch(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define atomic_inc_return(v)	atomic_add_return(1, (v))
#define atomic_dec_return(v)	atomic_add_return(-1, (v))
#define atomic_add(i, v)	((void)atomic_add_return((i), (v)))
#define atomic_inc(v)		((void)atomic_inc_return(v))
#define atomic_dec(v)		((void)atomic_dec_return(v))

#endif
