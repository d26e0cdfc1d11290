/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_COMPILER_H
#define _FA_SHIM_LINUX_COMPILER_H

/*
 * glibc's <sys/cdefs.h> defines some of these names too, __always_inline
 * among them: keep its own.
 */
#include <sys/cdefs.h>

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define __must_check		__attribute__((__warn_unused_result__))
#define __maybe_unused		__attribute__((__unused__))
#define __used			__attribute__((__used__))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __packed		__attribute__((__packed__))
#define noinline		__attribute__((__noinline__))
#define __noreturn		__attribute__((__noreturn__))
#define fallthrough		__attribute__((__fallthrough__))
#define __force
#define __user
#define __iomem
#define __rcu

#define barrier()		({ __asm__ __volatile__("" : : : "memory"); })
/* The compiler forgets what it knew of @var, as in the kernel. */
#define OPTIMIZER_HIDE_VAR(var)	({ __asm__ ("" : "+r" (var)); })
#define __same_type(a, b)	__builtin_types_compatible_p(typeof(a), typeof(b))

/*
 * Relaxed atomic accesses rather than volatile ones, so that ThreadSanitizer
 * sees them as the marked accesses they are in the kernel.
 */
/*
 * The kernel's READ_ONCE() orders the accesses that depend on the address
 * it loads after the load (tools/memory-model), and the library relies on
 * that to see a page's zeroing.  C11 expresses it only as consume, which
 * the compilers implement as acquire: so ThreadSanitizer, which knows
 * nothing of dependencies, sees the ordering the kernel has.
 */
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_CONSUME)
#define WRITE_ONCE(x, val)	__atomic_store_n(&(x), (val), __ATOMIC_RELAXED)

#endif
