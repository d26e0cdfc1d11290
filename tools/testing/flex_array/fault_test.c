// SPDX-License-Identifier: GPL-2.0
/*
 * Exhaustive fault injection.  Each script below is a sequence of
 * operations; a clean run counts the N allocations it makes, then for
 * every k in 1..N the script runs again with allocation k failing.  The
 * failing call must return its documented error, the array must still
 * match the model, and then either the call is retried at once and must
 * succeed, or the script goes on without it.  Every run ends with the
 * whole array compared and freed, and nothing left allocated.
 */

#include <kunit/test.h>
#include <linux/flex_array.h>
#include <linux/kernel.h>

#include "fake.h"
#include "model.h"

/* An element position, by part so that scripts fit every PAGE_SIZE. */
struct pos {
	bool from_end;		/* total - 1 - off */
	int part, off;		/* part * per_part + off */
};

enum step_kind {
	STEP_END,
	STEP_ALLOC,
	STEP_PUT,
	STEP_GET,
	STEP_POKE,
	STEP_PREALLOC,
	STEP_FREE_PARTS,
	STEP_PUT_PTR,		/* put_ptr on pointers, put otherwise */
	STEP_CLEAR,
	STEP_SHRINK,
	STEP_ITERATE,		/* flex_array_for_each_from() */
};

/* How an ALLOC step sizes the array: total = f(n) + extra. */
enum total_kind {
	TOTAL_N,		/* n */
	TOTAL_PARTS,		/* n parts */
	TOTAL_BASE_FULL,	/* as many as fit in the base */
	TOTAL_LEVEL,		/* as many as n levels reach */
};

struct step {
	enum step_kind kind;
	bool tracked;		/* ALLOC: flex_array_alloc_tracked() */
	int size;
	enum total_kind total_kind;
	int n, extra;
	struct pos at, to;
};

struct script {
	const char *name;
	struct step steps[24];
};

#define AT(p, o)		{ .part = (p), .off = (o) }
#define FROM_END(o)		{ .from_end = true, .off = (o) }
#define ALLOC(sz, tk, nn, ex)	{ .kind = STEP_ALLOC, .size = (sz), \
				  .total_kind = (tk), .n = (nn), .extra = (ex) }
#define PUT(p)			{ .kind = STEP_PUT, .at = p }
#define GET(p)			{ .kind = STEP_GET, .at = p }
#define POKE(p)			{ .kind = STEP_POKE, .at = p }
#define PREALLOC(a, b)		{ .kind = STEP_PREALLOC, .at = a, .to = b }
#define FREE_PARTS		{ .kind = STEP_FREE_PARTS }
#define ALLOC_TRACKED(sz, tk, nn, ex) { .kind = STEP_ALLOC, .tracked = true, \
				  .size = (sz), .total_kind = (tk), \
				  .n = (nn), .extra = (ex) }
#define PUT_PTR(p)		{ .kind = STEP_PUT_PTR, .at = p }
#define CLEAR(p)		{ .kind = STEP_CLEAR, .at = p }
#define SHRINK			{ .kind = STEP_SHRINK }
#define ITERATE(p)		{ .kind = STEP_ITERATE, .at = p }

#define THIRD	((int)(PAGE_SIZE / 3 + 1))
#define HALF	((int)(PAGE_SIZE / 2 + 1))
#define PAGE	((int)PAGE_SIZE)
#define PTR	((int)sizeof(void *))

static const struct script scripts[] = {
	{ "in base: fill, poke, clear, refill", {
		ALLOC(8, TOTAL_N, 64, 0), PUT(AT(0, 0)), PUT(FROM_END(0)),
		POKE(AT(0, 5)), PREALLOC(AT(0, 0), FROM_END(0)), FREE_PARTS,
		PUT(AT(0, 1)), GET(AT(0, 0)), FREE_PARTS, PUT(FROM_END(1)) } },
	{ "in base, full page of 24-byte elements", {
		ALLOC(24, TOTAL_BASE_FULL, 0, 0), PUT(FROM_END(0)),
		PUT(AT(0, 0)), PREALLOC(AT(0, 3), AT(0, 3)), FREE_PARTS,
		PUT(AT(0, 2)) } },
	{ "one element past the base: first parts", {
		ALLOC(8, TOTAL_BASE_FULL, 0, 1), PUT(FROM_END(0)), PUT(AT(0, 0)),
		PREALLOC(AT(0, 0), FROM_END(0)), FREE_PARTS, PUT(AT(0, 7)) } },
	{ "sparse puts at part boundaries", {
		ALLOC(8, TOTAL_PARTS, 4, 0), PUT(AT(1, -1)), PUT(AT(1, 0)),
		PUT(AT(3, 0)), PUT(FROM_END(0)), PUT(AT(0, 0)), GET(AT(2, 0)),
		PUT(AT(2, -1)), POKE(AT(1, 1)), PUT(AT(1, 2)) } },
	{ "prealloc everything, then puts", {
		ALLOC(100, TOTAL_PARTS, 5, 3), PREALLOC(AT(0, 0), FROM_END(0)),
		PUT(AT(0, 0)), PUT(AT(3, 1)), PUT(FROM_END(0)),
		PREALLOC(AT(2, 0), AT(4, 0)) } },
	{ "overlapping preallocs around puts", {
		ALLOC(24, TOTAL_PARTS, 6, 1), PUT(AT(2, 5)),
		PREALLOC(AT(1, 0), AT(3, 0)), PREALLOC(AT(0, 5), AT(4, -1)),
		PUT(AT(5, 0)), PREALLOC(AT(4, 0), FROM_END(0)),
		PREALLOC(AT(0, 0), FROM_END(0)) } },
	{ "free_parts between rounds", {
		ALLOC(16, TOTAL_PARTS, 3, 5), PUT(AT(0, 3)), PUT(AT(2, 0)),
		PUT(FROM_END(0)), FREE_PARTS, PUT(AT(2, 0)),
		PREALLOC(AT(0, 0), AT(1, 0)), FREE_PARTS, FREE_PARTS,
		PUT(AT(1, 1)),
		PREALLOC(AT(0, 0), FROM_END(0)) } },
	{ "1-byte elements", {
		ALLOC(1, TOTAL_PARTS, 3, 1), PUT(AT(1, -1)), PUT(AT(1, 0)),
		PREALLOC(AT(0, 1), AT(2, 0)), PUT(FROM_END(0)) } },
	{ "third-of-a-page elements", {
		ALLOC(THIRD, TOTAL_PARTS, 7, 1), PUT(AT(0, 1)), PUT(AT(1, 0)),
		PREALLOC(AT(2, 1), AT(5, 0)), PUT(FROM_END(0)), FREE_PARTS,
		PUT(AT(6, 1)) } },
	{ "half-page-plus-one elements", {
		ALLOC(HALF, TOTAL_PARTS, 5, 0), PUT(AT(0, 0)), PUT(AT(4, 0)),
		PREALLOC(AT(1, 0), AT(3, 0)), PUT(AT(2, 0)) } },
	{ "page-sized elements", {
		ALLOC(PAGE, TOTAL_PARTS, 6, 0), PUT(AT(0, 0)), PUT(AT(5, 0)),
		PREALLOC(AT(1, 0), AT(4, 0)), POKE(AT(3, 0)), FREE_PARTS,
		PREALLOC(AT(2, 0), AT(3, 0)), PUT(AT(0, 0)) } },
	{ "one level, full, 1-byte elements", {
		ALLOC(1, TOTAL_LEVEL, 1, 0), PUT(AT(0, 0)), PUT(FROM_END(0)),
		PREALLOC(FROM_END(2 * PAGE), FROM_END(0)), PUT(FROM_END(PAGE)) } },
	{ "one level, full, page-sized elements", {
		ALLOC(PAGE, TOTAL_LEVEL, 1, 0), PUT(FROM_END(0)),
		PREALLOC(AT(0, 0), AT(3, 0)), PUT(AT(2, 0)), FREE_PARTS,
		PUT(FROM_END(1)) } },
	{ "two levels, just", {
		ALLOC(PAGE, TOTAL_LEVEL, 1, 1), PUT(FROM_END(0)), PUT(AT(0, 0)),
		PREALLOC(FROM_END(3), FROM_END(0)), GET(FROM_END(4)),
		FREE_PARTS, PUT(FROM_END(1)), PREALLOC(AT(0, 0), AT(2, 0)) } },
	{ "two levels, full", {
		ALLOC(PAGE, TOTAL_LEVEL, 2, 0), PUT(FROM_END(0)), PUT(AT(0, 0)),
		PREALLOC(FROM_END(2), FROM_END(0)), PUT(FROM_END(PAGE / 8)),
		FREE_PARTS, PUT(AT(1, 0)) } },
	{ "three levels, 1-byte elements", {
		ALLOC(1, TOTAL_LEVEL, 2, 1), PUT(FROM_END(0)), PUT(AT(0, 0)),
		PREALLOC(FROM_END(PAGE), FROM_END(0)), FREE_PARTS,
		PREALLOC(AT(0, 0), AT(1, 0)), PUT(FROM_END(1)) } },
	{ "three levels, page-sized elements", {
		ALLOC(PAGE, TOTAL_LEVEL, 2, 1), PUT(FROM_END(0)), PUT(AT(0, 0)),
		PREALLOC(FROM_END(2), FROM_END(0)), FREE_PARTS,
		PUT(FROM_END(1)), PREALLOC(AT(0, 0), AT(1, 0)) } },
	{ "two arrays' worth: alloc, free, alloc", {
		ALLOC(8, TOTAL_PARTS, 2, 0), PUT(AT(1, 0)),
		ALLOC(32, TOTAL_N, 16, 0), PUT(AT(0, 15)) } },
	{ "no elements at all", {
		ALLOC(8, TOTAL_N, 0, 0), PUT(AT(0, 0)),
		PREALLOC(AT(0, 0), AT(0, 0)), FREE_PARTS } },
	{ "untracked: clear, shrink frees nothing, iterate, pointers", {
		ALLOC(PTR, TOTAL_PARTS, 3, 1), PUT_PTR(AT(1, 0)), PUT(AT(2, 1)),
		CLEAR(AT(1, 0)), SHRINK, ITERATE(AT(0, 3)), PUT_PTR(FROM_END(0)),
		PREALLOC(AT(0, 0), AT(1, 0)), SHRINK, ITERATE(AT(0, 0)) } },
	{ "tracked, in base", {
		ALLOC_TRACKED(8, TOTAL_N, 64, 0), PUT(AT(0, 0)), PUT(FROM_END(0)),
		CLEAR(AT(0, 0)), SHRINK, PREALLOC(AT(0, 0), FROM_END(0)),
		PUT(AT(0, 5)), FREE_PARTS, PUT(AT(0, 1)), SHRINK } },
	{ "tracked parts, map in its base", {
		ALLOC_TRACKED(8, TOTAL_PARTS, 4, 3), PUT(AT(1, 0)), PUT(AT(3, 1)),
		PREALLOC(AT(0, 0), AT(2, 0)), CLEAR(AT(1, 0)), SHRINK,
		PUT(FROM_END(0)), ITERATE(AT(0, 0)), SHRINK, PUT(AT(2, 3)) } },
	{ "tracked parts, map parts", {
		ALLOC_TRACKED(1, TOTAL_PARTS, 4, 1), PUT(AT(0, 0)), PUT(AT(3, 5)),
		PUT(FROM_END(0)), PREALLOC(AT(1, 0), AT(2, 0)), CLEAR(AT(3, 5)),
		SHRINK, PUT(AT(2, 7)), CLEAR(AT(2, 7)), SHRINK, FREE_PARTS,
		PUT(AT(1, 1)), SHRINK } },
	{ "tracked, third-of-a-page elements across map parts", {
		ALLOC_TRACKED(THIRD, TOTAL_PARTS, 9, 1), PUT(AT(0, 0)),
		PUT(AT(8, 1)), PREALLOC(AT(2, 0), AT(6, 1)), CLEAR(AT(0, 0)),
		SHRINK, PUT(FROM_END(0)), POKE(AT(4, 0)), SHRINK,
		PUT(AT(4, 1)) } },
	{ "tracked, one level of pointer pages", {
		ALLOC_TRACKED(16, TOTAL_LEVEL, 1, 1), PUT(FROM_END(0)),
		PUT(AT(0, 0)), PREALLOC(FROM_END(600), FROM_END(0)),
		CLEAR(FROM_END(0)), SHRINK, PUT(AT(300, 1)), CLEAR(AT(0, 0)),
		SHRINK, ITERATE(AT(0, 0)) } },
	{ "tracked, two levels of pointer pages, map too", {
		ALLOC_TRACKED(1, TOTAL_LEVEL, 2, 1), PUT(FROM_END(0)),
		PUT(AT(0, 0)), PREALLOC(FROM_END(PAGE), FROM_END(0)),
		CLEAR(FROM_END(0)), SHRINK, PUT(FROM_END(1)), FREE_PARTS,
		PREALLOC(AT(0, 0), AT(1, 0)), SHRINK, PUT(AT(1, 1)) } },
	{ "tracked pointers", {
		ALLOC_TRACKED(PTR, TOTAL_PARTS, 3, 0), PUT_PTR(AT(1, 1)),
		PUT_PTR(FROM_END(0)), ITERATE(AT(0, 0)), CLEAR(AT(1, 1)), SHRINK,
		PUT_PTR(AT(1, 1)), PREALLOC(AT(0, 0), FROM_END(0)), SHRINK } },
};

static void script_desc(const struct script *s, char *desc)
{
	strscpy(desc, s->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(scripts, scripts, script_desc);

enum fault_mode {
	NO_FAULT,
	RETRY,		/* fail allocation k, retry the call at once */
	SKIP,		/* fail allocation k, go on without the call */
};

static const char *const mode_names[] = { "clean", "retry", "skip" };

struct fault_run {
	struct kunit *test;
	const struct script *script;
	enum fault_mode mode;
	unsigned long k;
	unsigned int step;
	struct fa_model model;
	u8 *buf;
};

static void fault_fail(void *ctx, const char *msg)
{
	struct fault_run *run = ctx;

	if (run->mode == NO_FAULT)
		KUNIT_FAIL(run->test, "%s, clean run, step %u: %s",
			   run->script->name, run->step, msg);
	else
		KUNIT_FAIL(run->test, "%s, allocation %lu failing (%s), step %u: %s",
			   run->script->name, run->k, mode_names[run->mode],
			   run->step, msg);
}

static unsigned int total_of(const struct step *s)
{
	unsigned int room = PAGE_SIZE - sizeof(struct flex_array);

	switch (s->total_kind) {
	case TOTAL_PARTS:
		return s->n * (PAGE_SIZE / s->size) + s->extra;
	case TOTAL_BASE_FULL:
		return room / s->size + s->extra;
	case TOTAL_LEVEL:
		return fa_level_max(s->size, s->n) + s->extra;
	default:
		return s->n + s->extra;
	}
}

static unsigned int index_of(const struct fa_model *m, struct pos p)
{
	unsigned int per_part = m->geo.in_base ? m->total : m->geo.per_part;

	if (p.from_end)
		return m->total - 1 - p.off;
	return p.part * per_part + p.off;
}

/* Different for every step, the same for a retry of it. */
static void step_data(struct fault_run *run)
{
	int i;

	for (i = 0; i < run->model.element_size; i++)
		run->buf[i] = (u8)(run->step * 37 + i * 11 + 1) | 0x80;
}

/* Run one step; return true if an allocation in it failed. */
static bool do_step(struct fault_run *run, const struct step *s)
{
	struct fa_model *m = &run->model;

	if (s->kind != STEP_ALLOC && !m->fa)
		return false;
	switch (s->kind) {
	case STEP_ALLOC:
		model_free(m);
		if (s->tracked)
			return !model_alloc_tracked(m, s->size, total_of(s),
						    GFP_KERNEL);
		return !model_alloc(m, s->size, total_of(s), GFP_KERNEL);
	case STEP_PUT_PTR:
		step_data(run);
		if (m->element_size != sizeof(void *))
			return model_put(m, index_of(m, s->at), run->buf,
					 GFP_KERNEL) == -ENOMEM;
		return model_put_ptr(m, index_of(m, s->at), *(void **)run->buf,
				     GFP_KERNEL) == -ENOMEM;
	case STEP_CLEAR:
		model_clear(m, index_of(m, s->at));
		return false;
	case STEP_SHRINK:
		model_shrink(m);
		return false;
	case STEP_ITERATE:
		model_iterate(m, index_of(m, s->at), ULONG_MAX);
		return false;
	case STEP_PUT:
		step_data(run);
		return model_put(m, index_of(m, s->at), run->buf,
				 GFP_KERNEL) == -ENOMEM;
	case STEP_GET:
		model_get(m, index_of(m, s->at));
		return false;
	case STEP_POKE:
		step_data(run);
		model_poke(m, index_of(m, s->at), run->buf);
		return false;
	case STEP_PREALLOC:
		return model_prealloc(m, index_of(m, s->at),
				      index_of(m, s->to), GFP_KERNEL) == -ENOMEM;
	case STEP_FREE_PARTS:
		model_free_parts(m);
		return false;
	default:
		return false;
	}
}

static bool fits_model(const struct script *script)
{
	const struct step *s;

	for (s = script->steps; s->kind != STEP_END; s++)
		if (s->kind == STEP_ALLOC && total_of(s) > fa_model_max(s->size))
			return false;
	return true;
}

static void run_script(struct fault_run *run)
{
	const struct step *s = run->script->steps;

	model_init(&run->model, fault_fail, run);
	for (run->step = 0; s->kind != STEP_END; s++, run->step++) {
		if (!do_step(run, s))
			continue;
		/* The failed call left the array as documented... */
		model_verify(&run->model);
		if (run->mode == SKIP && s->kind != STEP_ALLOC)
			continue;
		/* ...and usable: the same call succeeds now. */
		if (do_step(run, s))
			fault_fail(run, "the retry failed too");
	}
	model_verify(&run->model);
	model_free(&run->model);
}

static unsigned long injected_total(void)
{
	struct fake_counts c;

	fake_get_counts(&c);
	return c.injected[FAKE_KMALLOC] + c.injected[FAKE_PAGE];
}

/* Run the script once with allocation k failing; false on any failure. */
static bool run_with_fault(struct fault_run *run)
{
	unsigned long injected = injected_total();
	struct fake_counts c;
	bool ok = true;

	fake_fail_nth(run->k);
	run_script(run);
	fake_fail_off();
	if (injected_total() - injected != 1) {
		fault_fail(run, "the allocation to fail was never made");
		ok = false;
	}
	fake_get_counts(&c);
	if (c.live[FAKE_KMALLOC] || c.live[FAKE_PAGE]) {
		fault_fail(run, "memory left allocated after the array was freed");
		fake_forget_live();
		ok = false;
	}
	return ok && !run->model.failures;
}

static void fail_each_allocation(struct kunit *test)
{
	struct fault_run run = {
		.test = test,
		.script = test->param_value,
		.mode = NO_FAULT,
	};
	unsigned long start, n, runs = 0;

	run.buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, run.buf);
	if (!fits_model(run.script))
		kunit_skip(test, "an array larger than this host can map a model of");

	start = fake_lib_calls();
	run_script(&run);
	n = fake_lib_calls() - start;
	KUNIT_ASSERT_EQ(test, run.model.failures, 0);

	for (run.mode = RETRY; run.mode <= SKIP; run.mode++)
		for (run.k = 1; run.k <= n; run.k++, runs++)
			if (!run_with_fault(&run))
				return;
	kunit_info(test, "%s: %lu allocations, each failed in turn: %lu runs",
		   run.script->name, n, runs);
}

static struct kunit_case flex_array_fault_cases[] = {
	KUNIT_CASE_PARAM(fail_each_allocation, scripts_gen_params),
	{}
};

static struct kunit_suite flex_array_fault_suite = {
	.name = "flex_array_faults",
	.test_cases = flex_array_fault_cases,
};

kunit_test_suite(flex_array_fault_suite);
