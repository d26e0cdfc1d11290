/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the userspace shims offer the tests beyond the kernel API: a fake
 * allocator that counts and fails on demand, and the misuse it detects.
 */
#ifndef _FA_FAKE_H
#define _FA_FAKE_H

#include <linux/types.h>

/*
 * Library-side allocations are kmalloc() and page allocations: they are
 * numbered for fault injection and held to the one-page limit.  kvmalloc()
 * stands for test-side buffers: tracked for leaks, never failed.
 */
enum fake_kind {
	FAKE_KMALLOC,
	FAKE_PAGE,
	FAKE_KVMALLOC,
	FAKE_NR_KINDS,
};

struct fake_counts {
	/* Allocation calls, failed ones included, since the last reset. */
	unsigned long calls[FAKE_NR_KINDS];
	/* Calls failed on purpose. */
	unsigned long injected[FAKE_NR_KINDS];
	unsigned long frees[FAKE_NR_KINDS];
	unsigned long live[FAKE_NR_KINDS];
	size_t live_bytes[FAKE_NR_KINDS];
	/* Largest kmalloc() or page allocation handed out since the reset. */
	size_t largest;
	/* Misuse seen: sleeping in atomic context, bad frees... */
	unsigned long violations;
	/* WARN_ON()s raised and not taken by the test: fake_take_warnings(). */
	unsigned long warnings;
};

void fake_get_counts(struct fake_counts *c);
/* Library-side calls: what "the Nth allocation" counts. */
unsigned long fake_lib_calls(void);

/* Fault injection, counted in library-side calls from now on (1 = next). */
void fake_fail_nth(unsigned long nth);
void fake_fail_from(unsigned long nth);
/* Fail every library-side call whose flags do not allow sleeping. */
void fake_fail_nonblocking(bool on);
void fake_fail_off(void);

/* Zero the call counters, largest size and violations; live blocks stay. */
void fake_reset_stats(void);
/* Forget the live blocks (leaked by a failed test) without freeing them. */
void fake_forget_live(void);
/* First violation since the reset, or NULL. */
const char *fake_first_violation(void);

/*
 * A warning fails the running test, unless the test takes it: this
 * returns the warnings raised since the reset or the last take, and
 * forgets them.  A test that expects warnings checks the exact count, so
 * that no other warning passes unseen.
 */
unsigned long fake_take_warnings(void);
/* First warning not taken, or NULL. */
const char *fake_first_warning(void);

/* True if @block is a live block of @kind and [p, p + len) lies in it. */
bool fake_within(const void *block, enum fake_kind kind, const void *p,
		 size_t len);
/* The size requested for live block @block, or 0 if it is not one. */
size_t fake_block_size(const void *block, enum fake_kind kind);

/*
 * Race forcing: from now on, every successful page allocation waits until
 * @threads threads are waiting in one (or @timeout_us pass), so that all
 * the threads that found one slot empty allocate before any installs.
 * @threads below 2 turns it off.  The stats count the meetings since.
 */
void fake_page_rendezvous(unsigned int threads, unsigned int timeout_us);
void fake_page_rendezvous_stats(unsigned long *met, unsigned long *timeouts);

/* Nesting depth of spin_lock() on this thread: atomic context if > 0. */
int fake_atomic_depth(void);

/* Join every kernel thread still around; return how many. */
int fake_reap_threads(void);

/* Seeds get_random_u32() and friends. */
void fake_random_seed(u64 seed);

#endif
