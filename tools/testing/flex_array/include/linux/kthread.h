/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_KTHREAD_H
#define _FA_SHIM_LINUX_KTHREAD_H

#include <linux/compiler.h>
#include <linux/err.h>

/*
 * Kernel threads are pthreads.  The runner joins every one of them when
 * the case that started it ends (shim/thread.c).
 */
struct task_struct;

struct task_struct *kthread_create(int (*fn)(void *data), void *data,
				   const char *namefmt, ...) __printf(3, 4);
int wake_up_process(struct task_struct *task);
int kthread_stop(struct task_struct *task);
bool kthread_should_stop(void);

#define kthread_run(fn, data, namefmt, ...)				\
({									\
	struct task_struct *__fa_task =					\
		kthread_create(fn, data, namefmt, ##__VA_ARGS__);	\
	if (!IS_ERR(__fa_task))						\
		wake_up_process(__fa_task);				\
	__fa_task;							\
})

#endif
