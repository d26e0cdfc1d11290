/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_KERNEL_H
#define _FA_SHIM_LINUX_KERNEL_H

#include_next <linux/kernel.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <linux/processor.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/*
 * Reports a sleep in atomic context (see spin_lock()) as a test failure,
 * like CONFIG_DEBUG_ATOMIC_SLEEP: shim/alloc.c.
 */
void __might_sleep(const char *file, int line);
#define might_sleep()		__might_sleep(__FILE__, __LINE__)
#define might_sleep_if(cond)	do { if (cond) might_sleep(); } while (0)

#endif
