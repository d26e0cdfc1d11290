/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_SCHED_H
#define _FA_SHIM_LINUX_SCHED_H

/* The uapi header of this name (clone flags) is what libc headers want. */
#include_next <linux/sched.h>
#include <linux/kernel.h>

/* A point where the kernel may schedule: sleeping, so never atomic. */
#define cond_resched()		({ might_sleep(); 0; })

/*
 * Of the task, only what fault injection keeps in it: with fail_nth at N,
 * the Nth allocation from now fails (see should_fail() in shim/alloc.c),
 * as CONFIG_FAULT_INJECTION does in the kernel.
 */
struct fake_task {
	unsigned int fail_nth;
};

extern __thread struct fake_task fake_task;
#define current			(&fake_task)

#endif
