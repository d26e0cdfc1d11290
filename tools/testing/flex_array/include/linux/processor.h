/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_PROCESSOR_H
#define _FA_SHIM_LINUX_PROCESSOR_H

#include <sched.h>

/*
 * Yield rather than pause: under valgrind threads take turns on one core,
 * and a spinning waiter would hold it for its whole time slice.
 */
#define cpu_relax()	sched_yield()

#endif
