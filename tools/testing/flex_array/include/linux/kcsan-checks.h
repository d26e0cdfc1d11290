/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_KCSAN_CHECKS_H
#define _FA_SHIM_LINUX_KCSAN_CHECKS_H

/*
 * KCSAN's assertions are checks of the kernel's concurrency sanitizer,
 * which userspace lacks: they compile to nothing, as in a kernel built
 * without CONFIG_KCSAN.  ThreadSanitizer sees the accesses themselves.
 */
#define ASSERT_EXCLUSIVE_ACCESS(var)		((void)&(var))
#define ASSERT_EXCLUSIVE_ACCESS_SCOPED(var)	ASSERT_EXCLUSIVE_ACCESS(var)
#define ASSERT_EXCLUSIVE_WRITER(var)		ASSERT_EXCLUSIVE_ACCESS(var)

#endif
