// SPDX-License-Identifier: GPL-2.0
/*
 * The fake kernel allocator: kmalloc() and page allocations backed by
 * malloc(), each recorded in a table so that the tests can count live
 * blocks and bytes, find the largest request, check that a pointer lies
 * inside a live block, and fail any chosen allocation.
 *
 * Blocks are handed out at their exact size, so AddressSanitizer and
 * valgrind see the first byte past the end as out of bounds.  Memory not
 * asked to be zeroed is poisoned instead, so code that forgets __GFP_ZERO
 * reads a visible pattern rather than a lucky zero from the C library.
 */

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "../fake.h"

#define POISON_UNINIT	0x5a
#define POISON_FREED	0x6b
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED	1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED	0
#endif

/* The kernel's answer to kmalloc(0): a non-NULL pointer that faults. */
#define ZERO_SIZE_PTR	((void *)16)

struct fake_block {
	uintptr_t addr;		/* 0: empty slot */
	size_t size;
	enum fake_kind kind;
};

enum fake_fail_mode {
	FAIL_NONE,
	FAIL_ONCE,		/* only the call numbered fail_at */
	FAIL_FROM,		/* that call and every later one */
};

/*
 * Every field is read and written under @lock only: the race tests'
 * threads allocate and free at once, and their counts must add up.
 */
static struct {
	pthread_mutex_t lock;
	/* Open addressing, linear probing; size a power of two. */
	struct fake_block *slots;
	size_t nr_slots, nr_used;
	struct fake_counts counts;
	unsigned long lib_calls;
	enum fake_fail_mode fail_mode;
	unsigned long fail_at;
	bool fail_nonblocking;
	char first_violation[256];
	char first_warning[256];
} fake = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

static __thread int atomic_depth;

/* Caller holds fake.lock, or is about to abort anyway. */
static void __printf(1, 2) fake_violation(const char *fmt, ...)
{
	va_list args;

	if (!fake.counts.violations++) {
		va_start(args, fmt);
		vsnprintf(fake.first_violation, sizeof(fake.first_violation),
			  fmt, args);
		va_end(args);
	}
}

static size_t slot_of(uintptr_t addr)
{
	/* Fibonacci hashing; the low bits of an address carry little. */
	return (size_t)((addr >> 4) * 0x9E3779B97F4A7C15ull) &
	       (fake.nr_slots - 1);
}

__thread struct fake_task fake_task;

static struct fake_block *find_slot(uintptr_t addr)
{
	size_t i = slot_of(addr);

	while (fake.slots[i].addr && fake.slots[i].addr != addr)
		i = (i + 1) & (fake.nr_slots - 1);
	return &fake.slots[i];
}

static void insert_block(struct fake_block block);

static void grow_table(void)
{
	struct fake_block *old = fake.slots;
	size_t i, old_nr = fake.nr_slots;

	fake.nr_slots = old_nr ? old_nr * 2 : 1024;
	fake.slots = calloc(fake.nr_slots, sizeof(*fake.slots));
	if (!fake.slots)
		abort();
	fake.nr_used = 0;
	for (i = 0; i < old_nr; i++)
		if (old[i].addr)
			insert_block(old[i]);
	free(old);
}

static void insert_block(struct fake_block block)
{
	struct fake_block *slot;

	if (2 * (fake.nr_used + 1) > fake.nr_slots)
		grow_table();
	slot = find_slot(block.addr);
	if (slot->addr)
		fake_violation("host allocator returned a live block twice");
	else
		fake.nr_used++;
	*slot = block;
}

/*
 * Empty @hole, then move back any later entry of its probe run that can no
 * longer be reached across the gap, so that lookups need no tombstones.
 */
static void remove_slot(struct fake_block *hole)
{
	size_t mask = fake.nr_slots - 1;
	size_t gap = hole - fake.slots, i = gap, home;

	for (;;) {
		i = (i + 1) & mask;
		if (!fake.slots[i].addr)
			break;
		home = slot_of(fake.slots[i].addr);
		/* Stays if its home lies cyclically in (gap, i]. */
		if (((i - home) & mask) < ((i - gap) & mask))
			continue;
		fake.slots[gap] = fake.slots[i];
		gap = i;
	}
	fake.slots[gap].addr = 0;
	fake.nr_used--;
}

static bool lib_kind(enum fake_kind kind)
{
	return kind != FAKE_KVMALLOC;
}

/* Decide whether this call fails; count it either way. */
static bool should_fail(enum fake_kind kind, gfp_t flags)
{
	bool fail = false;

	fake.counts.calls[kind]++;
	if (!lib_kind(kind))
		return false;

	fake.lib_calls++;
	/* The kernel's fail_nth counts down to the allocation to fail. */
	if (fake_task.fail_nth && !--fake_task.fail_nth)
		fail = true;
	if (fake.fail_mode == FAIL_ONCE && fake.lib_calls == fake.fail_at)
		fail = true;
	if (fake.fail_mode == FAIL_FROM && fake.lib_calls >= fake.fail_at)
		fail = true;
	if (fake.fail_nonblocking && !gfpflags_allow_blocking(flags))
		fail = true;
	if (fail)
		fake.counts.injected[kind]++;
	return fail;
}

static void check_flags(enum fake_kind kind, gfp_t flags, size_t size)
{
	if (lib_kind(kind) && (flags & (__GFP_HIGHMEM | __GFP_MOVABLE)))
		fake_violation("%s of %zu bytes with __GFP_HIGHMEM or __GFP_MOVABLE",
			       kind == FAKE_PAGE ? "page allocation" : "kmalloc",
			       size);
	if (atomic_depth && gfpflags_allow_blocking(flags))
		fake_violation("allocation of %zu bytes that may sleep, in atomic context",
			       size);
}

static void *fake_alloc(enum fake_kind kind, size_t size, gfp_t flags)
{
	size_t align = kind == FAKE_PAGE ? PAGE_SIZE : 0;
	void *p = NULL;

	pthread_mutex_lock(&fake.lock);
	check_flags(kind, flags, size);
	if (should_fail(kind, flags))
		goto out;

	/* Pages are page-aligned, as the kernel's are. */
	p = align ? aligned_alloc(align, size) : malloc(size);
	if (!p) {
		fake_violation("host out of memory for %zu bytes", size);
		goto out;
	}
	memset(p, flags & __GFP_ZERO ? 0 : POISON_UNINIT, size);

	insert_block((struct fake_block){ (uintptr_t)p, size, kind });
	fake.counts.live[kind]++;
	fake.counts.live_bytes[kind] += size;
	if (lib_kind(kind) && size > fake.counts.largest)
		fake.counts.largest = size;
out:
	pthread_mutex_unlock(&fake.lock);
	return p;
}

static void fake_free(enum fake_kind kind, const void *p)
{
	struct fake_block *slot = NULL;
	size_t size;

	pthread_mutex_lock(&fake.lock);
	if (fake.slots)
		slot = find_slot((uintptr_t)p);
	if (!slot || !slot->addr || slot->kind != kind) {
		/* Leave the block alone: freeing it is the bug. */
		fake_violation("free of %p, which is no live %s block", p,
			       kind == FAKE_PAGE ? "page" : "kmalloc");
		pthread_mutex_unlock(&fake.lock);
		return;
	}
	size = slot->size;
	remove_slot(slot);
	fake.counts.frees[kind]++;
	fake.counts.live[kind]--;
	fake.counts.live_bytes[kind] -= size;
	pthread_mutex_unlock(&fake.lock);

	/*
	 * A stale pointer then reads garbage even without a sanitizer; with
	 * one, the sanitizer's own poisoning does better, at no extra cost.
	 */
	if (!SANITIZED)
		memset((void *)p, POISON_FREED, size);
	free((void *)p);
}

void *kmalloc(size_t size, gfp_t flags)
{
	if (!size)
		return ZERO_SIZE_PTR;
	return fake_alloc(FAKE_KMALLOC, size, flags);
}

void kfree(const void *p)
{
	if (p && p != ZERO_SIZE_PTR)
		fake_free(FAKE_KMALLOC, p);
}

void *kvmalloc(size_t size, gfp_t flags)
{
	return fake_alloc(FAKE_KVMALLOC, size ? size : 1, flags);
}

void kvfree(const void *p)
{
	if (p)
		fake_free(FAKE_KVMALLOC, p);
}

size_t ksize(const void *p)
{
	return fake_block_size(p, FAKE_KMALLOC);
}

/*
 * The page rendezvous: while armed, a thread that got a page waits here
 * until @threads threads are waiting, or @timeout_us have passed.  Threads
 * that all found the same slot empty then all hold a page before any of
 * them can install one, so that every install is a race with losers.
 */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int threads, timeout_us;
	unsigned int waiting;
	unsigned long generation;
	unsigned long met, timeouts;
} rendezvous = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

void fake_page_rendezvous(unsigned int threads, unsigned int timeout_us)
{
	pthread_mutex_lock(&rendezvous.lock);
	rendezvous.threads = threads;
	rendezvous.timeout_us = timeout_us;
	rendezvous.waiting = 0;
	rendezvous.generation++;
	rendezvous.met = 0;
	rendezvous.timeouts = 0;
	pthread_cond_broadcast(&rendezvous.cond);
	pthread_mutex_unlock(&rendezvous.lock);
}

void fake_page_rendezvous_stats(unsigned long *met, unsigned long *timeouts)
{
	pthread_mutex_lock(&rendezvous.lock);
	*met = rendezvous.met;
	*timeouts = rendezvous.timeouts;
	pthread_mutex_unlock(&rendezvous.lock);
}

static void meet_others(void)
{
	unsigned long generation;
	struct timespec until;
	int err = 0;

	pthread_mutex_lock(&rendezvous.lock);
	if (rendezvous.threads < 2)
		goto out;
	generation = rendezvous.generation;
	if (++rendezvous.waiting >= rendezvous.threads) {
		rendezvous.waiting = 0;
		rendezvous.generation++;
		rendezvous.met++;
		pthread_cond_broadcast(&rendezvous.cond);
		goto out;
	}
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += (long)rendezvous.timeout_us * 1000;
	until.tv_sec += until.tv_nsec / 1000000000;
	until.tv_nsec %= 1000000000;
	while (rendezvous.generation == generation && err != ETIMEDOUT)
		err = pthread_cond_timedwait(&rendezvous.cond, &rendezvous.lock,
					     &until);
	if (rendezvous.generation == generation) {
		/* Gave up: the others are not coming. */
		rendezvous.waiting--;
		rendezvous.timeouts++;
	}
out:
	pthread_mutex_unlock(&rendezvous.lock);
}

unsigned long __get_free_pages(gfp_t flags, unsigned int order)
{
	void *p;

	if (order) {
		/* The library promises never to ask for more than a page. */
		pthread_mutex_lock(&fake.lock);
		fake_violation("page allocation of order %u", order);
		pthread_mutex_unlock(&fake.lock);
	}
	p = fake_alloc(FAKE_PAGE, PAGE_SIZE << order, flags);
	if (p)
		meet_others();
	return (unsigned long)p;
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		fake_free(FAKE_PAGE, (void *)addr);
}

void __might_sleep(const char *file, int line)
{
	if (!atomic_depth)
		return;
	pthread_mutex_lock(&fake.lock);
	fake_violation("sleeping function called from atomic context at %s:%d",
		       file, line);
	pthread_mutex_unlock(&fake.lock);
}

void __fa_warn(const char *file, int line, const char *what)
{
	pthread_mutex_lock(&fake.lock);
	if (!fake.counts.warnings++)
		snprintf(fake.first_warning, sizeof(fake.first_warning),
			 "WARN_ON(%s) at %s:%d", what, file, line);
	pthread_mutex_unlock(&fake.lock);
}

unsigned long fake_take_warnings(void)
{
	unsigned long warnings;

	pthread_mutex_lock(&fake.lock);
	warnings = fake.counts.warnings;
	fake.counts.warnings = 0;
	fake.first_warning[0] = '\0';
	pthread_mutex_unlock(&fake.lock);
	return warnings;
}

const char *fake_first_warning(void)
{
	unsigned long warnings;

	pthread_mutex_lock(&fake.lock);
	warnings = fake.counts.warnings;
	pthread_mutex_unlock(&fake.lock);
	return warnings ? fake.first_warning : NULL;
}

void fake_atomic_enter(void)
{
	atomic_depth++;
}

void fake_atomic_exit(void)
{
	if (!atomic_depth--) {
		atomic_depth = 0;
		pthread_mutex_lock(&fake.lock);
		fake_violation("spin_unlock() without spin_lock()");
		pthread_mutex_unlock(&fake.lock);
	}
}

int fake_atomic_depth(void)
{
	return atomic_depth;
}

void fake_get_counts(struct fake_counts *c)
{
	pthread_mutex_lock(&fake.lock);
	*c = fake.counts;
	pthread_mutex_unlock(&fake.lock);
}

unsigned long fake_lib_calls(void)
{
	unsigned long calls;

	pthread_mutex_lock(&fake.lock);
	calls = fake.lib_calls;
	pthread_mutex_unlock(&fake.lock);
	return calls;
}

static void arm(enum fake_fail_mode mode, unsigned long nth)
{
	pthread_mutex_lock(&fake.lock);
	fake.fail_mode = nth ? mode : FAIL_NONE;
	fake.fail_at = fake.lib_calls + nth;
	pthread_mutex_unlock(&fake.lock);
}

void fake_fail_nth(unsigned long nth)
{
	arm(FAIL_ONCE, nth);
}

void fake_fail_from(unsigned long nth)
{
	arm(FAIL_FROM, nth);
}

void fake_fail_nonblocking(bool on)
{
	pthread_mutex_lock(&fake.lock);
	fake.fail_nonblocking = on;
	pthread_mutex_unlock(&fake.lock);
}

void fake_fail_off(void)
{
	arm(FAIL_NONE, 0);
	fake_fail_nonblocking(false);
}

void fake_reset_stats(void)
{
	int kind;

	pthread_mutex_lock(&fake.lock);
	for (kind = 0; kind < FAKE_NR_KINDS; kind++) {
		fake.counts.calls[kind] = 0;
		fake.counts.injected[kind] = 0;
		fake.counts.frees[kind] = 0;
	}
	fake.counts.largest = 0;
	fake.counts.violations = 0;
	fake.first_violation[0] = '\0';
	fake.counts.warnings = 0;
	fake.first_warning[0] = '\0';
	pthread_mutex_unlock(&fake.lock);
}

void fake_forget_live(void)
{
	int kind;

	pthread_mutex_lock(&fake.lock);
	if (fake.slots)
		memset(fake.slots, 0, fake.nr_slots * sizeof(*fake.slots));
	fake.nr_used = 0;
	for (kind = 0; kind < FAKE_NR_KINDS; kind++) {
		fake.counts.live[kind] = 0;
		fake.counts.live_bytes[kind] = 0;
	}
	pthread_mutex_unlock(&fake.lock);
}

/* Not to be called while other threads may still record a violation. */
const char *fake_first_violation(void)
{
	unsigned long violations;

	pthread_mutex_lock(&fake.lock);
	violations = fake.counts.violations;
	pthread_mutex_unlock(&fake.lock);
	return violations ? fake.first_violation : NULL;
}

static struct fake_block *lookup(const void *block, enum fake_kind kind)
{
	struct fake_block *slot;

	if (!fake.slots)
		return NULL;
	slot = find_slot((uintptr_t)block);
	return slot->addr && slot->kind == kind ? slot : NULL;
}

bool fake_within(const void *block, enum fake_kind kind, const void *p,
		 size_t len)
{
	uintptr_t addr = (uintptr_t)p;
	struct fake_block *slot;
	bool inside = false;

	pthread_mutex_lock(&fake.lock);
	slot = lookup(block, kind);
	if (slot)
		inside = addr >= slot->addr && addr - slot->addr <= slot->size &&
			 len <= slot->size - (addr - slot->addr);
	pthread_mutex_unlock(&fake.lock);
	return inside;
}

size_t fake_block_size(const void *block, enum fake_kind kind)
{
	struct fake_block *slot;
	size_t size;

	pthread_mutex_lock(&fake.lock);
	slot = lookup(block, kind);
	size = slot ? slot->size : 0;
	pthread_mutex_unlock(&fake.lock);
	return size;
}

/* For virt_addr_valid(): any address inside a live library-side block. */
bool fake_addr_valid(const void *p)
{
	uintptr_t addr = (uintptr_t)p;
	bool valid = false;
	size_t i;

	if (fake_within((void *)(addr & PAGE_MASK), FAKE_PAGE, p, 1))
		return true;
	pthread_mutex_lock(&fake.lock);
	for (i = 0; i < fake.nr_slots && !valid; i++)
		valid = fake.slots[i].addr && fake.slots[i].kind == FAKE_KMALLOC &&
			addr - fake.slots[i].addr < fake.slots[i].size;
	pthread_mutex_unlock(&fake.lock);
	return valid;
}
