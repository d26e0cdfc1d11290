// SPDX-License-Identifier: GPL-2.0
/*
 * Install races, with real threads.  Several pthreads put, put_ptr, get,
 * prealloc and look up the next element of one array at once, in lockstep
 * over the same groups of indices: each group is a part, or neighbouring
 * parts, that no thread has touched yet in the round, so that all of them
 * find the same part, and the same pages of pointers above it, missing at
 * the same moment.  That is the race behind CVE-2024-47668 in the generic
 * radix tree: a missing node allocated by two threads at once.
 *
 * In half the rounds the fake allocator holds every thread that got a page
 * until all of them have one (fake_page_rendezvous()): each install is
 * then certainly contested, and all but one thread must lose it, free
 * their page and use the winner's.  The other rounds run at natural speed.
 *
 * Tracked arrays (flex_array_alloc_tracked()) race for the pages of their
 * map of stored elements too, which every put and prealloc installs.
 *
 * After each round, with the threads joined: every element stored reads
 * back (no lost element), every address a thread saw stayed the element's
 * address, the pages live are exactly the distinct parts and pages of
 * pointers the round needed, the map's included (the losers freed theirs:
 * no leak), iteration visits exactly the elements of those parts, and on a
 * tracked array shrink frees what it counts and keeps every element
 * stored.  Run under ThreadSanitizer by the tsan-4k variant, with no
 * suppression.
 *
 * Concurrent writers of one element would be a data race by the library's
 * contract; the threads collide on pages, never on an element.  Reads of
 * elements that another thread may be writing are not made either: other
 * threads' elements are only looked up, their addresses recorded.
 */

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <kunit/test.h>
#include <linux/flex_array.h>
#include <linux/kernel.h>
#include <linux/log2.h>

#include "fake.h"
#include "model.h"

#define RACE_THREADS	4
#define RACE_ROUNDS	4
/* Bytes of pages a round may allocate at most: bounds groups per round. */
#define ROUND_BYTES	(8UL << 20)
#define MAX_GROUPS	512
#define RENDEZVOUS_GROUPS 48
/* Long enough for a descheduled thread, short enough not to matter. */
#define RENDEZVOUS_US	5000
#define PTR_SHIFT	(PAGE_SHIFT - ilog2(sizeof(void *)))

/* Non-power-of-two elements, four to a part with any PAGE_SIZE. */
#define QUARTER		((int)(PAGE_SIZE / 4 - 24))

struct race_shape {
	const char *name;
	int size;
	/* 1: the base points at the parts; 2, 3: levels of pointer pages. */
	unsigned int levels;
	/* From flex_array_alloc_tracked(): puts also install map pages. */
	bool tracked;
};

static const struct race_shape race_shapes[] = {
	{ "pointers, no pointer page", sizeof(void *), 1 },
	{ "pointers, one level of pointer pages", sizeof(void *), 2 },
	{ "pointers, two levels of pointer pages", sizeof(void *), 3 },
	{ "quarter pages, no pointer page", QUARTER, 1 },
	{ "quarter pages, one level of pointer pages", QUARTER, 2 },
	{ "quarter pages, two levels of pointer pages", QUARTER, 3 },
	{ "whole pages, one level of pointer pages", PAGE_SIZE, 2 },
	{ "whole pages, two levels of pointer pages", PAGE_SIZE, 3 },
	{ "tracked pointers, one level of pointer pages", sizeof(void *), 2, true },
	{ "tracked quarter pages, two levels of pointer pages", QUARTER, 3, true },
	{ "tracked whole pages, one level of pointer pages", PAGE_SIZE, 2, true },
};

KUNIT_ARRAY_PARAM_DESC(race_shapes, race_shapes, name);

enum race_mode {
	SAME_PART,	/* every thread in one part: puts, or prealloc */
	NEIGHBOURS,	/* thread t in part + t: same pages of pointers */
};

/* What a thread saw: element @nr at @addr, which must never change. */
struct sighting {
	unsigned int nr;
	void *addr;
};

struct race;

struct racer {
	struct race *race;
	pthread_t thread;
	unsigned int id;
	/* Elements this thread stored, and what it saw of others. */
	unsigned int *stored;
	unsigned int nr_stored;
	struct sighting *seen;
	unsigned int nr_seen;
	/*
	 * Parts this thread needed, and parts of the map of stored elements:
	 * the round's expected pages.
	 */
	unsigned int *parts, *map_parts;
	unsigned int nr_parts, nr_map_parts;
	unsigned long errors;
	char first_error[160];
	u8 *buf;
};

struct race {
	struct flex_array *fa;
	struct fa_geometry geo;
	/* The map of a tracked array: a byte per element. */
	bool tracked;
	struct fa_geometry map_geo;
	unsigned int round, groups;
	enum race_mode mode;
	pthread_barrier_t start;
	struct racer racers[RACE_THREADS];
};

/* The contents of element @nr in round @round: no byte is zero. */
static void pattern(u8 *buf, int size, unsigned int nr, unsigned int round)
{
	int i;

	for (i = 0; i < size; i++)
		buf[i] = (u8)(nr * 157 + i * 13 + round * 71) | 1;
}

static void __printf(2, 3) racer_error(struct racer *r, const char *fmt, ...)
{
	va_list args;

	if (!r->errors++) {
		va_start(args, fmt);
		vsnprintf(r->first_error, sizeof(r->first_error), fmt, args);
		va_end(args);
	}
}

static unsigned int part_first(const struct race *race, unsigned int part)
{
	return part * race->geo.per_part;
}

/*
 * The part of group @g: consecutive groups step every level's index by
 * one, so that each group needs a page at every level while the array
 * has room for that.
 */
static unsigned int group_part(const struct race *race, unsigned int g)
{
	u64 stride = 0;
	unsigned int level;

	for (level = 0; level < race->geo.levels; level++)
		stride += 1ULL << (level * PTR_SHIFT);
	return (u64)g * stride % race->geo.nr_parts;
}

static void note_part(struct racer *r, unsigned int part)
{
	r->parts[r->nr_parts++] = part;
}

/* A tracked array needs its map's pages for elements @first to @last. */
static void note_map(struct racer *r, unsigned int first, unsigned int last)
{
	const struct fa_geometry *map = &r->race->map_geo;
	unsigned int part;

	if (!r->race->tracked || map->in_base)
		return;
	for (part = first / map->per_part; part <= last / map->per_part; part++)
		r->map_parts[r->nr_map_parts++] = part;
}

static void sight(struct racer *r, unsigned int nr, void *addr)
{
	if (addr) {
		r->seen[r->nr_seen].nr = nr;
		r->seen[r->nr_seen].addr = addr;
		r->nr_seen++;
	}
}

/* Store element @nr, then read it back: only this thread writes it. */
static void store(struct racer *r, unsigned int nr, bool as_ptr)
{
	struct race *race = r->race;
	struct flex_array *fa = race->fa;
	void *ptr = NULL;
	u8 *p;
	int err;

	pattern(r->buf, fa->element_size, nr, race->round);
	if (as_ptr) {
		memcpy(&ptr, r->buf, sizeof(ptr));
		err = flex_array_put_ptr(fa, nr, ptr, GFP_KERNEL);
	} else {
		err = flex_array_put(fa, nr, r->buf, GFP_KERNEL);
	}
	if (err) {
		racer_error(r, "put(%u) returned %d", nr, err);
		return;
	}
	r->stored[r->nr_stored++] = nr;
	note_map(r, nr, nr);
	if (as_ptr && flex_array_get_ptr(fa, nr) != ptr) {
		racer_error(r, "get_ptr(%u) right after put_ptr is %p, not %p",
			    nr, flex_array_get_ptr(fa, nr), ptr);
		return;
	}
	p = flex_array_get(fa, nr);
	if (!p)
		racer_error(r, "get(%u) right after put is NULL", nr);
	else if (memcmp(p, r->buf, fa->element_size))
		racer_error(r, "element %u lost right after its put", nr);
}

/*
 * Thread @r's share of group @g, in @race->mode.  Whatever the groups, an
 * element is only ever stored by one thread: in SAME_PART, thread t owns
 * element t * (per_part / RACE_THREADS) of every part; in NEIGHBOURS, the
 * elements of every part p with p % RACE_THREADS == t.
 */
static void run_group(struct racer *r, unsigned int g)
{
	struct race *race = r->race;
	unsigned int per_part = race->geo.per_part, step = per_part / RACE_THREADS;
	unsigned int part = group_part(race, g), nr, t, first, last;
	bool as_ptr = race->fa->element_size == sizeof(void *) && (g + r->id) & 1;

	if (race->mode == NEIGHBOURS) {
		part = part / RACE_THREADS * RACE_THREADS + r->id;
		if (part >= race->geo.nr_parts)
			return;
		note_part(r, part);
		nr = part_first(race, part) + g % per_part;
		if (nr < race->fa->total)
			store(r, nr, as_ptr);
		return;
	}

	note_part(r, part);
	first = part_first(race, part);
	last = min(first + per_part, race->fa->total) - 1;
	nr = first + r->id * step;
	/*
	 * Distinct elements of the part for as many threads as it holds; the
	 * others, and in every other group one thread more, preallocate it.
	 */
	if (r->id < per_part && nr <= last && !(g & 2 && r->id == g % RACE_THREADS)) {
		store(r, nr, as_ptr);
	} else if (note_map(r, first, last),
		   flex_array_prealloc(race->fa, first, last, GFP_KERNEL)) {
		racer_error(r, "prealloc(%u, %u) failed", first, last);
	} else if (!flex_array_get(race->fa, first) ||
		   !flex_array_get(race->fa, last)) {
		racer_error(r, "prealloc(%u, %u) left a hole", first, last);
	}

	/* The others' elements: their addresses only, while they store. */
	for (t = 0; t < RACE_THREADS && t < per_part; t++) {
		nr = min(first + t * step, last);
		sight(r, nr, flex_array_get(race->fa, nr));
	}
}

static void *racer_main(void *arg)
{
	struct racer *r = arg;
	struct race *race = r->race;
	unsigned int g, nr;

	pthread_barrier_wait(&race->start);
	for (g = 0; g < race->groups; g++) {
		run_group(r, g);
		/* Now and then, where iteration finds the next element. */
		if (g % 8 == r->id) {
			nr = part_first(race, group_part(race, g / 2));
			sight(r, nr, flex_array_next(race->fa, &nr));
		}
	}
	return NULL;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/* Sort @v and drop repeats; return how many distinct values remain. */
static unsigned int sort_unique(unsigned int *v, unsigned int n)
{
	unsigned int i, out = 0;

	qsort(v, n, sizeof(*v), cmp_uint);
	for (i = 0; i < n; i++)
		if (!out || v[out - 1] != v[i])
			v[out++] = v[i];
	return out;
}

/*
 * The pages that @nr distinct sorted parts need: the parts, and the pages
 * of pointers on their paths, each counted once.
 */
static unsigned long pages_for(const struct fa_geometry *geo,
			       const unsigned int *parts, unsigned int nr)
{
	unsigned int *nodes = malloc((nr + 1) * sizeof(*nodes));
	unsigned int depth, shift, i;
	unsigned long pages = nr;

	if (!nodes)
		abort();
	for (depth = 1; depth < geo->levels; depth++) {
		shift = geo->top_shift - (depth - 1) * PTR_SHIFT;
		for (i = 0; i < nr; i++)
			nodes[i] = (u64)parts[i] >> shift;
		pages += sort_unique(nodes, nr);
	}
	free(nodes);
	return pages;
}

/*
 * Iteration visits every element of exactly these parts, in order, and
 * allocates nothing.
 */
static void check_iteration(struct kunit *test, struct race *race,
			    const unsigned int *parts, unsigned int nr_parts)
{
	unsigned int index, want, i = 0, end = 0;
	unsigned long visits = 0, expected = 0;
	struct fake_counts before, after;
	void *p;

	fake_get_counts(&before);
	flex_array_for_each(race->fa, index, p) {
		if (index >= end) {
			if (i == nr_parts) {
				KUNIT_FAIL(test, "iteration found element %u, in no part stored",
					   index);
				return;
			}
			want = part_first(race, parts[i]);
			end = min(want + race->geo.per_part, race->fa->total);
			expected += end - want;
			i++;
			if (index != want) {
				KUNIT_FAIL(test, "iteration found element %u, expected %u",
					   index, want);
				return;
			}
		}
		if (p != flex_array_get(race->fa, index)) {
			KUNIT_FAIL(test, "iteration gave %p for element %u, get %p",
				   p, index, flex_array_get(race->fa, index));
			return;
		}
		visits++;
	}
	fake_get_counts(&after);
	KUNIT_EXPECT_EQ_MSG(test, i, nr_parts, "parts visited by iteration");
	KUNIT_EXPECT_EQ_MSG(test, visits, expected, "elements visited by iteration");
	KUNIT_EXPECT_EQ_MSG(test, after.calls[FAKE_PAGE] + after.calls[FAKE_KMALLOC],
			    before.calls[FAKE_PAGE] + before.calls[FAKE_KMALLOC],
			    "allocations made by iteration");
}

/* Everything stored reads back; everything seen is where it was seen. */
static void check_elements(struct kunit *test, struct race *race, u8 *want)
{
	struct flex_array *fa = race->fa;
	unsigned int t, i, nr, bad = 0;
	struct racer *r;
	u8 *p;

	for (t = 0; t < RACE_THREADS; t++) {
		r = &race->racers[t];
		for (i = 0; i < r->nr_stored && bad < 5; i++) {
			nr = r->stored[i];
			p = flex_array_get(fa, nr);
			pattern(want, fa->element_size, nr, race->round);
			if (!p || memcmp(p, want, fa->element_size)) {
				KUNIT_FAIL(test, "round %u: element %u stored by thread %u %s",
					   race->round, nr, t,
					   p ? "lost: reads other bytes" :
					   "lost: get is NULL");
				bad++;
			}
		}
		for (i = 0; i < r->nr_seen && bad < 5; i++) {
			nr = r->seen[i].nr;
			p = flex_array_get(fa, nr);
			if (p != r->seen[i].addr) {
				KUNIT_FAIL(test,
					   "round %u: thread %u saw element %u at %p, now at %p",
					   race->round, t, nr, r->seen[i].addr, p);
				bad++;
			}
		}
	}
}

struct race_totals {
	unsigned long stored, lost_installs, met, timeouts;
};

static void run_round(struct kunit *test, struct race *race, bool forced,
		      struct race_totals *totals, u8 *want)
{
	struct fake_counts before, after, start;
	unsigned int t, nr_parts = 0, distinct;
	unsigned long pages, met, timeouts;
	unsigned int *parts;
	struct racer *r;

	pthread_barrier_init(&race->start, NULL, RACE_THREADS);
	for (t = 0; t < RACE_THREADS; t++) {
		r = &race->racers[t];
		r->nr_stored = 0;
		r->nr_seen = 0;
		r->nr_parts = 0;
		r->nr_map_parts = 0;
		r->errors = 0;
	}
	fake_get_counts(&before);
	start = before;
	fake_page_rendezvous(forced ? RACE_THREADS : 0, RENDEZVOUS_US);
	for (t = 0; t < RACE_THREADS; t++)
		KUNIT_ASSERT_EQ(test, pthread_create(&race->racers[t].thread, NULL,
						     racer_main, &race->racers[t]), 0);
	for (t = 0; t < RACE_THREADS; t++)
		pthread_join(race->racers[t].thread, NULL);
	fake_page_rendezvous_stats(&met, &timeouts);
	fake_page_rendezvous(0, 0);
	fake_get_counts(&after);
	pthread_barrier_destroy(&race->start);

	for (t = 0; t < RACE_THREADS; t++) {
		r = &race->racers[t];
		KUNIT_EXPECT_EQ_MSG(test, r->errors, 0, "round %u, thread %u: %s",
				    race->round, t, r->first_error);
		totals->stored += r->nr_stored;
		nr_parts += r->nr_parts;
	}

	/* The pages live are those the round needed, each exactly once. */
	parts = malloc((nr_parts + 1) * sizeof(*parts));
	KUNIT_ASSERT_NOT_NULL(test, parts);
	nr_parts = 0;
	for (t = 0; t < RACE_THREADS; t++) {
		r = &race->racers[t];
		memcpy(parts + nr_parts, r->map_parts, r->nr_map_parts * sizeof(*parts));
		nr_parts += r->nr_map_parts;
	}
	pages = pages_for(&race->map_geo, parts, sort_unique(parts, nr_parts));
	nr_parts = 0;
	for (t = 0; t < RACE_THREADS; t++) {
		r = &race->racers[t];
		memcpy(parts + nr_parts, r->parts, r->nr_parts * sizeof(*parts));
		nr_parts += r->nr_parts;
	}
	distinct = sort_unique(parts, nr_parts);
	pages += pages_for(&race->geo, parts, distinct);
	KUNIT_EXPECT_EQ_MSG(test, after.live[FAKE_PAGE] - before.live[FAKE_PAGE],
			    pages, "round %u: pages live, for %u parts", race->round,
			    distinct);
	KUNIT_EXPECT_EQ_MSG(test, after.live[FAKE_KMALLOC], before.live[FAKE_KMALLOC],
			    "round %u: kmalloc blocks live", race->round);
	/* Nothing else frees a page while the threads run: losers did. */
	totals->lost_installs += after.frees[FAKE_PAGE] - before.frees[FAKE_PAGE];
	totals->met += met;
	totals->timeouts += timeouts;

	check_elements(test, race, want);
	check_iteration(test, race, parts, distinct);
	free(parts);

	/* What shrink frees it counts, and it keeps every element stored. */
	if (race->tracked) {
		fake_get_counts(&before);
		pages = flex_array_shrink(race->fa);
		fake_get_counts(&after);
		KUNIT_EXPECT_EQ_MSG(test, before.live[FAKE_PAGE] - after.live[FAKE_PAGE],
				    pages, "round %u: pages shrink freed", race->round);
		check_elements(test, race, want);
	}

	flex_array_free_parts(race->fa);
	fake_get_counts(&after);
	KUNIT_EXPECT_EQ_MSG(test, after.live[FAKE_PAGE], start.live[FAKE_PAGE],
			    "round %u: pages live after free_parts", race->round);
}

static void *race_calloc(struct kunit *test, size_t n, size_t size)
{
	void *p = kunit_kzalloc(test, n * size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	return p;
}

static void install_races(struct kunit *test)
{
	const struct race_shape *shape = test->param_value;
	struct race_totals totals = { 0 };
	unsigned int total, t, slots;
	struct race *race;
	u8 *want;
	bool forced;

	if (shape->levels > 1 &&
	    fa_level_max(shape->size, shape->levels - 1) == UINT_MAX)
		kunit_skip(test, "UINT_MAX elements need fewer levels with this PAGE_SIZE");
	race = race_calloc(test, 1, sizeof(*race));
	total = fa_level_max(shape->size, shape->levels);
	fa_predict(shape->size, total, &race->geo);
	fa_predict(1, total, &race->map_geo);
	KUNIT_ASSERT_EQ_MSG(test, race->geo.levels, shape->levels,
			    "%d x %u", shape->size, total);
	race->tracked = shape->tracked;
	if (shape->tracked)
		race->fa = flex_array_alloc_tracked(shape->size, total, GFP_KERNEL);
	else
		race->fa = flex_array_alloc(shape->size, total, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, race->fa);
	want = race_calloc(test, 1, shape->size);

	/* At most ROUND_BYTES of pages: each group needs one per level. */
	race->groups = ROUND_BYTES / PAGE_SIZE / RACE_THREADS / shape->levels;
	race->groups = clamp(race->groups, 8U, (unsigned int)MAX_GROUPS);
	slots = race->groups * 2;
	for (t = 0; t < RACE_THREADS; t++) {
		race->racers[t].race = race;
		race->racers[t].id = t;
		race->racers[t].stored = race_calloc(test, slots, sizeof(unsigned int));
		race->racers[t].parts = race_calloc(test, slots, sizeof(unsigned int));
		race->racers[t].map_parts = race_calloc(test, 2 * slots,
							sizeof(unsigned int));
		race->racers[t].seen = race_calloc(test, slots * (RACE_THREADS + 1),
						   sizeof(struct sighting));
		race->racers[t].buf = race_calloc(test, 1, shape->size);
	}

	for (race->round = 0; race->round < RACE_ROUNDS; race->round++) {
		race->mode = race->round & 1 ? NEIGHBOURS : SAME_PART;
		forced = race->round < RACE_ROUNDS / 2;
		if (forced) {
			t = race->groups;
			race->groups = min_t(unsigned int, t, RENDEZVOUS_GROUPS);
			run_round(test, race, true, &totals, want);
			race->groups = t;
		} else {
			run_round(test, race, false, &totals, want);
		}
	}
	flex_array_free(race->fa);

	/* The forced rounds cannot but contest installs: losers freed pages. */
	KUNIT_EXPECT_GT_MSG(test, totals.lost_installs, 0,
			    "no install was ever lost: the race was not run");
	kunit_info(test, "%s: %u threads, %u groups a round: %lu elements stored, %lu installs lost and their pages freed, %lu rendezvous (%lu timed out)",
		   shape->name, RACE_THREADS, race->groups, totals.stored,
		   totals.lost_installs, totals.met, totals.timeouts);
}

static struct kunit_case flex_array_race_cases[] = {
	KUNIT_CASE_PARAM(install_races, race_shapes_gen_params),
	{}
};

static struct kunit_suite flex_array_race_suite = {
	.name = "flex_array_race",
	.test_cases = flex_array_race_cases,
};

kunit_test_suite(flex_array_race_suite);
