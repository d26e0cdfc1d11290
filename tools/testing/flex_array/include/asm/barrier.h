/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_ASM_BARRIER_H
#define _FA_SHIM_ASM_BARRIER_H

/*
 * C11 memory orders through the GCC builtins: exactly the guarantees the
 * kernel primitives give, and visible as such to ThreadSanitizer.
 */
#define smp_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
/* Earlier accesses are visible before the store is. */
#define smp_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
/* Every earlier access is ordered before every later one. */
#define smp_mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
/* Earlier loads before later accesses: an acquire fence, a little more. */
#define smp_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
/* Earlier accesses before later stores: a release fence, a little more. */
#define smp_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)

#endif
