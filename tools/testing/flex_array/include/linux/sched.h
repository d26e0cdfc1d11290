/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_SCHED_H
#define _FA_SHIM_LINUX_SCHED_H

/* The uapi header of this name (clone flags) is what libc headers want. */
#include_next <linux/sched.h>
#include <linux/kernel.h>

/* A point where the kernel may schedule: sleeping, so never atomic. */
#define cond_resched()		({ might_sleep(); 0; })

#endif
