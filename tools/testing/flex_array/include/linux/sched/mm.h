/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_SCHED_MM_H
#define _FA_SHIM_LINUX_SCHED_MM_H

#include <linux/gfp.h>
#include <linux/kernel.h>

/*
 * The kernel's might_alloc() also tells lockdep of reclaim; here only the
 * sleep matters: an allocation that may block, made in atomic context,
 * fails the running test (shim/alloc.c).
 */
#define might_alloc(gfp)	might_sleep_if(gfpflags_allow_blocking(gfp))

#endif
