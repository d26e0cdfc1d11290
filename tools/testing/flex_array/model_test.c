// SPDX-License-Identifier: GPL-2.0
/*
 * The randomised differential test: millions of puts, gets, pokes, pointer
 * puts and gets, next-element lookups, iterations, clears, shrinks,
 * preallocs and free_parts, on arrays of random geometry, tracked or not,
 * each checked against the reference model (model.c) together with the
 * allocator traffic it caused.  Now and then an allocation is made to fail.
 *
 * Geometries favour the edges: element sizes around PAGE_SIZE / k and
 * powers of two, totals at the in-base limit, at part boundaries and at
 * full capacity (and one past it).  Indices favour part boundaries, both
 * ends and just out of range.
 *
 * The run is set by --seed and --ops; a failure prints both, to replay it.
 */

#include <stdlib.h>

#include <kunit/test.h>
#include <linux/flex_array.h>
#include <linux/kernel.h>
#include <linux/prandom.h>

#include "fake.h"
#include "harness.h"
#include "model.h"

/* Live part memory above which an array is emptied: bounds the run's RSS. */
#define LIVE_CAP	(4UL << 20)
#define BASE_ROOM	((unsigned int)(PAGE_SIZE - sizeof(struct flex_array)))
#define WINDOW_PARTS	8

enum size_class {
	TINY,		/* 1 to 8 bytes */
	SMALL,		/* 9 to 256 */
	LARGE,		/* 257 to PAGE_SIZE */
	EDGES,		/* around PAGE_SIZE / k and powers of two */
};

struct model_class {
	const char *name;
	enum size_class size_class;
	/* Share of the run's operations, in percent. */
	unsigned int share;
};

static const struct model_class classes[] = {
	{ "tiny elements", TINY, 35 },
	{ "small elements", SMALL, 30 },
	{ "large elements", LARGE, 10 },
	{ "edge sizes", EDGES, 25 },
};

KUNIT_ARRAY_PARAM_DESC(classes, classes, name);

struct model_run {
	struct kunit *test;
	const struct model_class *class;
	struct rnd_state rnd;
	struct fa_model m;
	u8 *pool;		/* 2 * PAGE_SIZE random bytes */
	u8 *buf;		/* one element */
	unsigned int last_nr;	/* for indices near the previous one */
	unsigned int window_start, window;	/* the busy part of the array */
	unsigned long since_verify;
	/* Counts by kind, for the report. */
	unsigned long puts, gets, pokes, ptrs, nexts, iterations, clears;
	unsigned long shrinks, preallocs, emptied, allocs, tracked, faults;
};

/* Totals over every class, printed when the suite ends. */
static unsigned long total_ops;

static void model_run_fail(void *ctx, const char *msg)
{
	struct model_run *run = ctx;

	KUNIT_FAIL(run->test, "%s\nreplay: --seed=%llu --ops=%lu --filter='flex_array_model'",
		   msg, (unsigned long long)harness.seed, harness.ops);
}

static u32 rnd(struct model_run *run)
{
	return prandom_u32_state(&run->rnd);
}

/* Uniform in [0, n), n >= 1; the tiny bias of % is harmless here. */
static u32 below(struct model_run *run, u32 n)
{
	return n ? rnd(run) % n : 0;
}

static bool chance(struct model_run *run, unsigned int percent)
{
	return below(run, 100) < percent;
}

static int edge_size(struct model_run *run)
{
	int size, k = 1 + below(run, 64);

	if (chance(run, 50))
		size = PAGE_SIZE / k;
	else
		size = 1 << below(run, PAGE_SHIFT + 1);
	size += (int)below(run, 3) - 1;
	return clamp(size, 1, (int)PAGE_SIZE);
}

static int pick_size(struct model_run *run)
{
	switch (run->class->size_class) {
	case TINY:
		return 1 + below(run, 8);
	case SMALL:
		return 9 + below(run, 248);
	case LARGE:
		return 257 + below(run, PAGE_SIZE - 256);
	default:
		return edge_size(run);
	}
}

/* Totals at the layout's edges: base full, part boundaries, new levels. */
static unsigned int pick_total(struct model_run *run, int size)
{
	unsigned int per_part = PAGE_SIZE / size, in_base = BASE_ROOM / size;
	u32 dice = below(run, 100);
	u64 total;

	if (dice < 20)
		total = below(run, in_base + 1);
	else if (dice < 30)
		total = in_base + below(run, 3);
	else if (dice < 65)
		total = (1 + below(run, 8)) * per_part +
			(chance(run, 50) ? below(run, 3) : below(run, per_part));
	else if (dice < 85)
		total = (u64)fa_level_max(size, 1 + below(run, 3)) + below(run, 3);
	else if (dice < 93)
		total = 1 + below(run, 64 * per_part);
	else
		total = ((u64)1 << below(run, 33)) + below(run, 1000);
	/* -1 for the dice above that added 0 to 2: both sides of each edge. */
	if (dice >= 30 && dice < 85 && total > 1)
		total--;
	return min_t(u64, total, fa_model_max(size));
}

/*
 * Most indices fall in a window of a few parts, chosen per array: parts
 * get reused rather than each put allocating a fresh page, which would
 * make a 64K-page run a benchmark of memset().
 */
static void pick_window(struct model_run *run)
{
	const struct fa_model *m = &run->m;
	unsigned int per_part = m->geo.in_base ? m->total : m->geo.per_part;

	run->window = min(m->total, WINDOW_PARTS * per_part);
	run->window_start = below(run, m->total - run->window + 1);
}

static unsigned int pick_index(struct model_run *run)
{
	const struct fa_model *m = &run->m;
	unsigned int total = m->total, per_part, nr;
	u32 dice = below(run, 100);

	per_part = m->geo.in_base ? max(total, 1U) : m->geo.per_part;
	if (dice < 35)
		nr = run->window_start + below(run, run->window);
	else if (dice < 40)
		nr = below(run, total);
	else if (dice < 55)
		nr = (run->window_start / per_part + below(run, WINDOW_PARTS + 1)) *
		     per_part + below(run, 4) - 2;
	else if (dice < 80)
		nr = run->last_nr + below(run, 2 * per_part) - per_part;
	else if (dice < 92)
		nr = total - 1 - below(run, 2);
	else if (dice < 97)
		nr = total + below(run, 3);
	else
		nr = UINT_MAX - below(run, 2);
	/* Mostly in range; the out-of-range ones above stay. */
	if (dice < 92 && total && nr >= total)
		nr = run->window_start + below(run, run->window);
	run->last_nr = nr;
	return nr;
}

static gfp_t pick_flags(struct model_run *run)
{
	static const gfp_t flags[] = {
		GFP_KERNEL, GFP_KERNEL | __GFP_ZERO, GFP_ATOMIC, GFP_NOWAIT,
		GFP_KERNEL | __GFP_HIGHMEM, GFP_HIGHUSER, GFP_HIGHUSER_MOVABLE,
	};

	return flags[below(run, ARRAY_SIZE(flags))];
}

/* Fresh element contents, whose last byte always changes the element. */
static const u8 *pick_data(struct model_run *run, unsigned int nr)
{
	int size = run->m.element_size;
	const u8 *old;

	memcpy(run->buf, run->pool + below(run, PAGE_SIZE), size);
	if (nr < run->m.total) {
		old = run->m.bytes + (size_t)nr * size;
		if (run->buf[size - 1] == old[size - 1])
			run->buf[size - 1] ^= 0x80;
	}
	return run->buf;
}

/* Sometimes make the next allocation fail. */
static void maybe_fault(struct model_run *run)
{
	if (chance(run, 2)) {
		fake_fail_nth(1);
		run->faults++;
	}
}

static void keep_live_small(struct model_run *run)
{
	const struct fa_model *m = &run->m;

	if ((unsigned long)(m->nr_present + m->nr_nodes + m->map_present +
			    m->map_nodes) * PAGE_SIZE >= LIVE_CAP) {
		model_free_parts(&run->m);
		run->emptied++;
	}
}

static void do_prealloc(struct model_run *run)
{
	struct fa_model *m = &run->m;
	unsigned int start = pick_index(run), end, span;

	/* A few parts at most, or all of a small array. */
	span = (m->geo.in_base ? m->total : m->geo.per_part) * (1 + below(run, 4));
	/* Saturated, so that the swap below only ever makes start > end. */
	end = start + min(below(run, span), UINT_MAX - start);
	if (chance(run, 10))
		swap(start, end);
	if (chance(run, 5) && m->geo.nr_parts <= 64) {
		start = 0;
		end = m->total - 1;
	}
	keep_live_small(run);
	maybe_fault(run);
	model_prealloc(m, start, end, pick_flags(run));
	fake_fail_off();
	run->preallocs++;
}

/* Pointers of every bit pattern: get_ptr() hands them back, unread. */
static void *pick_ptr(struct model_run *run)
{
	uintptr_t v = rnd(run);

	if (sizeof(v) > 4)
		v = v << 16 << 16 | rnd(run);
	return chance(run, 10) ? NULL : (void *)v;
}

/*
 * Iterate from a random index (part boundaries are likely) for up to two
 * parts' worth, at most 4096 elements, or over everything when that is
 * small.
 */
static void do_iterate(struct model_run *run)
{
	const struct fa_model *m = &run->m;
	unsigned long limit = 8 + below(run, min(2 * model_per_part(m), 4096U));
	unsigned int start = chance(run, 30) ? 0 : pick_index(run);

	if ((unsigned long)m->nr_present * m->geo.per_part <= 4096 &&
	    chance(run, 50))
		limit = ULONG_MAX;
	model_iterate(&run->m, start, limit);
	run->iterations++;
}

static void do_one_op(struct model_run *run)
{
	bool ptrs = run->m.element_size == sizeof(void *) && chance(run, 33);
	unsigned int nr = pick_index(run);
	u32 dice = below(run, 1000);

	if (dice < 420) {
		keep_live_small(run);
		maybe_fault(run);
		if (ptrs)
			model_put_ptr(&run->m, nr, pick_ptr(run),
				      pick_flags(run));
		else
			model_put(&run->m, nr, pick_data(run, nr),
				  pick_flags(run));
		fake_fail_off();
		run->puts++;
		run->ptrs += ptrs;
	} else if (dice < 790) {
		if (ptrs)
			model_get_ptr(&run->m, nr);
		else
			model_get(&run->m, nr);
		run->gets++;
		run->ptrs += ptrs;
	} else if (dice < 820) {
		model_poke(&run->m, nr, pick_data(run, nr));
		run->pokes++;
	} else if (dice < 840) {
		model_next(&run->m, nr);
		run->nexts++;
	} else if (dice < 845) {
		do_iterate(run);
	} else if (dice < 885) {
		model_clear(&run->m, nr);
		run->clears++;
	} else if (dice < 895) {
		model_shrink(&run->m);
		run->shrinks++;
	} else if (dice < 995) {
		do_prealloc(run);
	} else {
		model_free_parts(&run->m);
		run->emptied++;
	}
}

/*
 * A full comparison costs one check per element present: done once that
 * many operations have passed, it stays a constant cost per operation.
 */
static void maybe_verify(struct model_run *run)
{
	unsigned long present = run->m.geo.in_base ? run->m.total :
				(unsigned long)run->m.nr_present * run->m.geo.per_part;

	if (++run->since_verify < max(present, 4096UL))
		return;
	model_verify(&run->m);
	run->since_verify = 0;
}

/* Operations on the array the model follows, then verify and free it. */
static unsigned long run_ops(struct model_run *run, unsigned long lifetime,
			     unsigned long budget)
{
	unsigned long ops = 1;

	pick_window(run);
	for (; ops < lifetime && ops < budget && !run->m.failures; ops++) {
		do_one_op(run);
		maybe_verify(run);
	}
	/* What the array holds at the end, as iteration finds it. */
	model_iterate(&run->m, 0, ULONG_MAX);
	model_verify(&run->m);
	model_free(&run->m);
	return ops + 2;
}

/* Element sizes that flex_array_alloc() must refuse. */
static const int bad_sizes[] = { 0, -1, PAGE_SIZE + 1, INT_MIN };

/* One array: allocate, run a random number of operations, free. */
static unsigned long one_array(struct model_run *run, unsigned long budget)
{
	unsigned long lifetime = 1 + below(run, chance(run, 80) ? 3000 : 30000);
	bool tracked = chance(run, 30);
	int size = pick_size(run);
	unsigned int total;

	if (chance(run, 1))
		size = bad_sizes[below(run, ARRAY_SIZE(bad_sizes))];
	total = size > 0 ? pick_total(run, size) : 1;
	if (chance(run, 3))
		fake_fail_nth(1 + tracked * below(run, 2));
	if (tracked)
		model_alloc_tracked(&run->m, size, total, pick_flags(run));
	else
		model_alloc(&run->m, size, total, pick_flags(run));
	fake_fail_off();
	run->allocs++;
	run->tracked += tracked;
	if (!run->m.fa)
		return 1;
	return run_ops(run, lifetime, budget);
}

static void run_init(struct kunit *test, struct model_run *run, u64 seed)
{
	prandom_seed_state(&run->rnd, seed);
	run->pool = kunit_kmalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	run->buf = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, run->pool);
	KUNIT_ASSERT_NOT_NULL(test, run->buf);
	prandom_bytes_state(&run->rnd, run->pool, 2 * PAGE_SIZE);
	model_init(&run->m, model_run_fail, run);
}

static void random_operations(struct kunit *test)
{
	const struct model_class *class = test->param_value;
	unsigned long budget = harness.ops / 100 * class->share, done = 0;
	struct model_run run = { .test = test, .class = class };

	run_init(test, &run, harness.seed * 31 + class->size_class);
	while (done < budget && !run.m.failures)
		done += one_array(&run, budget - done);
	model_free(&run.m);

	total_ops += done;
	kunit_info(test, "%s: %lu ops: %lu put, %lu get (%lu of them pointers), %lu poke, %lu next, %lu iteration, %lu clear, %lu shrink, %lu prealloc, %lu free_parts, %lu alloc (%lu tracked), %lu faults",
		   class->name, done, run.puts, run.gets, run.ptrs, run.pokes,
		   run.nexts, run.iterations, run.clears, run.shrinks,
		   run.preallocs, run.emptied, run.allocs, run.tracked, run.faults);
}

static void report_total(struct kunit_suite *suite)
{
	printf("    # model check: %lu random operations, seed %llu\n",
	       total_ops, (unsigned long long)harness.seed);
}

static struct kunit_case flex_array_model_cases[] = {
	KUNIT_CASE_PARAM(random_operations, classes_gen_params),
	{}
};

static struct kunit_suite flex_array_model_suite = {
	.name = "flex_array_model",
	.suite_exit = report_total,
	.test_cases = flex_array_model_cases,
};

kunit_test_suite(flex_array_model_suite);
