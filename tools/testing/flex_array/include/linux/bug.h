/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_BUG_H
#define _FA_SHIM_LINUX_BUG_H

#include <stdlib.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>

/*
 * A warning from the code under test fails the running test, unless the
 * test takes it with fake_take_warnings(): shim/alloc.c.  WARN_ON_ONCE()
 * warns every time, so that each misuse is counted.
 */
void __fa_warn(const char *file, int line, const char *what);

#define WARN_ON(cond)							\
({									\
	bool __fa_cond = !!(cond);					\
	if (unlikely(__fa_cond))					\
		__fa_warn(__FILE__, __LINE__, #cond);			\
	unlikely(__fa_cond);						\
})
#define WARN_ON_ONCE(cond)	WARN_ON(cond)
#define WARN(cond, fmt...)	WARN_ON(cond)
#define WARN_ONCE(cond, fmt...)	WARN_ON(cond)

#define BUG()			abort()
#define BUG_ON(cond)		do { if (unlikely(cond)) BUG(); } while (0)

#endif
