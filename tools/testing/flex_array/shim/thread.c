// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel threads as pthreads.  A thread is created stopped, started by
 * wake_up_process(), and joined by kthread_stop() or, at the latest, by
 * the runner when the case that started it ends.
 */

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>

#include <linux/err.h>
#include <linux/kthread.h>

#include "../fake.h"

struct task_struct {
	int (*fn)(void *data);
	void *data;
	pthread_t thread;
	bool started, stopping;
	struct task_struct *next;
};

static pthread_mutex_t tasks_lock = PTHREAD_MUTEX_INITIALIZER;
/* Every task not yet joined. */
static struct task_struct *tasks;
static __thread struct task_struct *current_task;

struct task_struct *kthread_create(int (*fn)(void *data), void *data,
				   const char *namefmt, ...)
{
	struct task_struct *task = calloc(1, sizeof(*task));

	if (!task)
		return ERR_PTR(-ENOMEM);
	task->fn = fn;
	task->data = data;
	pthread_mutex_lock(&tasks_lock);
	task->next = tasks;
	tasks = task;
	pthread_mutex_unlock(&tasks_lock);
	return task;
}

static void *task_main(void *arg)
{
	struct task_struct *task = arg;

	current_task = task;
	task->fn(task->data);
	return NULL;
}

int wake_up_process(struct task_struct *task)
{
	if (task->started)
		return 0;
	task->started = !pthread_create(&task->thread, NULL, task_main, task);
	return task->started;
}

bool kthread_should_stop(void)
{
	return current_task &&
	       __atomic_load_n(&current_task->stopping, __ATOMIC_ACQUIRE);
}

/* Unlink @task, join it if it ran, free it. */
static void reap(struct task_struct *task)
{
	if (task->started)
		pthread_join(task->thread, NULL);
	free(task);
}

int kthread_stop(struct task_struct *task)
{
	struct task_struct **link;

	__atomic_store_n(&task->stopping, true, __ATOMIC_RELEASE);
	pthread_mutex_lock(&tasks_lock);
	for (link = &tasks; *link; link = &(*link)->next) {
		if (*link == task) {
			*link = task->next;
			break;
		}
	}
	pthread_mutex_unlock(&tasks_lock);
	reap(task);
	return 0;
}

int fake_reap_threads(void)
{
	struct task_struct *task, *next;
	int n = 0;

	pthread_mutex_lock(&tasks_lock);
	task = tasks;
	tasks = NULL;
	pthread_mutex_unlock(&tasks_lock);
	for (; task; task = next, n++) {
		next = task->next;
		reap(task);
	}
	return n;
}

#if defined(__SANITIZE_THREAD__)
#define FA_TSAN	1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define FA_TSAN	1
#endif
#endif

#ifdef FA_TSAN
/*
 * ThreadSanitizer's defaults for this program, which TSAN_OPTIONS can
 * still override: the first report ends the run with a failure, as the
 * other sanitizers' do here.
 */
const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
	return "halt_on_error=1:exitcode=66:second_deadlock_stack=1";
}
#endif
