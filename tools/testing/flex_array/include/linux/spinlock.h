/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_SPINLOCK_H
#define _FA_SHIM_LINUX_SPINLOCK_H

#include <pthread.h>
#include <linux/types.h>

/*
 * A mutex that also marks the holder as being in atomic context, so the
 * fake allocator can report an allocation that may sleep under a spinlock.
 */
typedef struct {
	pthread_mutex_t mutex;
} spinlock_t;

void fake_atomic_enter(void);
void fake_atomic_exit(void);

#define DEFINE_SPINLOCK(name)		spinlock_t name = { PTHREAD_MUTEX_INITIALIZER }

static inline void spin_lock_init(spinlock_t *lock)
{
	pthread_mutex_init(&lock->mutex, NULL);
}

static inline void spin_lock(spinlock_t *lock)
{
	pthread_mutex_lock(&lock->mutex);
	fake_atomic_enter();
}

static inline void spin_unlock(spinlock_t *lock)
{
	fake_atomic_exit();
	pthread_mutex_unlock(&lock->mutex);
}

#define spin_lock_irq(lock)		spin_lock(lock)
#define spin_unlock_irq(lock)		spin_unlock(lock)
#define spin_lock_bh(lock)		spin_lock(lock)
#define spin_unlock_bh(lock)		spin_unlock(lock)
#define spin_lock_irqsave(lock, f)	do { (f) = 0; spin_lock(lock); } while (0)
#define spin_unlock_irqrestore(lock, f)	do { (void)(f); spin_unlock(lock); } while (0)

#endif
