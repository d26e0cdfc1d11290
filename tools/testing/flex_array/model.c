// SPDX-License-Identifier: GPL-2.0
/*
 * The reference model.  It predicts, from the documented layout only, what
 * each call must return, how many pages it may allocate, and what every
 * element must read afterwards; the fake allocator tells what the call
 * really did.  An allocation failure is never predicted but observed:
 * whenever the allocator failed a call on purpose, the model expects
 * -ENOMEM (or NULL) and an array left as documented, then learns from the
 * allocator which pages the failed call kept.
 *
 * Pages of pointers cannot be seen through the API, only counted, so the
 * model tracks them by position: a page of pointers is kept iff something
 * below it was installed.  When a failed call kept pages that no present
 * part explains, they belong to the path of the part whose allocation
 * failed, taken top down: a page of pointers cannot be linked before the
 * one above it.  For flex_array_prealloc() that part is taken to be the
 * first missing one, as parts are allocated in ascending order.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <linux/flex_array.h>
#include <linux/kernel.h>
#include <linux/log2.h>

#include "model.h"

#define BASE_ROOM	(PAGE_SIZE - sizeof(struct flex_array))
#define BASE_PTRS	(BASE_ROOM / sizeof(void *))
#define PTR_SHIFT	(PAGE_SHIFT - ilog2(sizeof(void *)))
#define LONG_BITS	(8 * sizeof(unsigned long))
/* Absent parts are all checked below this many parts, else sampled. */
#define FULL_SCAN_PARTS	4096

/* Never more than this is mapped for the model's flat image. */
#if UINTPTR_MAX > 0xffffffffu
#define MODEL_MAP_LIMIT	(1ULL << 46)
#else
#define MODEL_MAP_LIMIT	(1ULL << 28)
#endif

void fa_predict(int element_size, unsigned int total, struct fa_geometry *g)
{
	u64 bytes = (u64)(unsigned int)element_size * total;
	unsigned int slots;

	memset(g, 0, sizeof(*g));
	if (element_size <= 0 || element_size > PAGE_SIZE)
		return;
	g->valid = true;
	if (bytes <= BASE_ROOM) {
		g->in_base = true;
		g->base_size = sizeof(struct flex_array) + bytes;
		return;
	}
	g->per_part = PAGE_SIZE / element_size;
	g->nr_parts = DIV_ROUND_UP((u64)total, g->per_part);
	g->levels = 1;
	while ((u64)(g->nr_parts - 1) >> g->top_shift >= BASE_PTRS) {
		g->top_shift += PTR_SHIFT;
		g->levels++;
	}
	slots = ((g->nr_parts - 1) >> g->top_shift) + 1;
	g->base_size = sizeof(struct flex_array) + slots * sizeof(void *);
}

unsigned int fa_level_max(int element_size, unsigned int levels)
{
	u64 parts = BASE_PTRS;

	if (element_size <= 0 || element_size > PAGE_SIZE || !levels)
		return 0;
	while (--levels && parts <= UINT_MAX)
		parts <<= PTR_SHIFT;
	return min_t(u64, parts * (PAGE_SIZE / element_size), UINT_MAX);
}

static void *model_map(size_t bytes);

/*
 * The largest image the host will map: untouched pages cost nothing, but
 * the address space, or valgrind, sets a limit.  Probed once.
 */
static u64 model_max_bytes(void)
{
	static u64 max_bytes;
	void *p;

	while (!max_bytes) {
		for (max_bytes = MODEL_MAP_LIMIT; max_bytes > PAGE_SIZE;
		     max_bytes /= 2) {
			p = model_map(max_bytes);
			if (p) {
				munmap(p, max_bytes);
				break;
			}
		}
	}
	return max_bytes;
}

unsigned int fa_model_max(int element_size)
{
	if (element_size <= 0)
		return UINT_MAX;
	return min_t(u64, model_max_bytes() / element_size - 1, UINT_MAX);
}

/* The page set: open addressing on 64-bit keys, never holding key 0. */

static u64 page_key(unsigned int depth, unsigned int nr)
{
	return (u64)(depth + 1) << 32 | nr;
}

static size_t set_slot(const struct page_set *s, u64 key)
{
	size_t i = (size_t)(key * 0x9E3779B97F4A7C15ull >> 20) &
		   (s->nr_slots - 1);

	while (s->keys[i] && s->keys[i] != key)
		i = (i + 1) & (s->nr_slots - 1);
	return i;
}

static bool set_has(const struct page_set *s, u64 key)
{
	return s->nr_slots && s->keys[set_slot(s, key)] == key;
}

static void set_add(struct page_set *s, u64 key)
{
	u64 *old = s->keys;
	size_t i, old_nr = s->nr_slots;

	if (2 * (s->nr_used + 1) > s->nr_slots) {
		s->nr_slots = old_nr ? 2 * old_nr : 64;
		s->keys = calloc(s->nr_slots, sizeof(*s->keys));
		if (!s->keys)
			abort();
		s->nr_used = 0;
		for (i = 0; i < old_nr; i++)
			if (old[i])
				set_add(s, old[i]);
		free(old);
	}
	i = set_slot(s, key);
	if (!s->keys[i]) {
		s->keys[i] = key;
		s->nr_used++;
	}
}

static void set_clear(struct page_set *s)
{
	free(s->keys);
	memset(s, 0, sizeof(*s));
}

/* Where things are. */

static unsigned int part_of(const struct fa_model *m, unsigned int nr)
{
	return nr / m->geo.per_part;
}

static unsigned int part_first(const struct fa_model *m, unsigned int part)
{
	return part * m->geo.per_part;
}

/* One past the last element of @part. */
static unsigned int part_end(const struct fa_model *m, unsigned int part)
{
	return min_t(u64, (u64)(part + 1) * m->geo.per_part, m->total);
}

/* The page at @depth (1 .. levels - 1 for pointers, levels for the part). */
static u64 path_key(const struct fa_model *m, unsigned int part,
		    unsigned int depth)
{
	unsigned int shift = m->geo.top_shift - (depth - 1) * PTR_SHIFT;

	return page_key(depth, part >> shift);
}

static bool part_present(const struct fa_model *m, unsigned int part)
{
	return set_has(&m->pages, path_key(m, part, m->geo.levels));
}

static bool element_present(const struct fa_model *m, unsigned int nr)
{
	return nr < m->total &&
	       (m->geo.in_base || part_present(m, part_of(m, nr)));
}

/* Pages missing on the way to @part, itself included. */
static unsigned int missing_on_path(const struct fa_model *m,
				    unsigned int part)
{
	unsigned int depth, missing = 0;

	for (depth = 1; depth <= m->geo.levels; depth++)
		missing += !set_has(&m->pages, path_key(m, part, depth));
	return missing;
}

/* Record the first @count missing pages on @part's path, top down. */
static void add_path(struct fa_model *m, unsigned int part, unsigned int count)
{
	unsigned int depth;
	u64 key;

	for (depth = 1; depth <= m->geo.levels && count; depth++) {
		key = path_key(m, part, depth);
		if (set_has(&m->pages, key))
			continue;
		set_add(&m->pages, key);
		count--;
		if (depth == m->geo.levels)
			m->nr_present++;
		else
			m->nr_nodes++;
	}
}

static void __printf(2, 3) model_fail(struct fa_model *m, const char *fmt, ...)
{
	char msg[512];
	int len;
	va_list args;

	m->failures++;
	len = snprintf(msg, sizeof(msg), "op %lu, array(%d x %u, %s, %u levels): ",
		       m->op, m->element_size, m->total,
		       m->geo.in_base ? "in base" : "parts", m->geo.levels);
	va_start(args, fmt);
	vsnprintf(msg + len, sizeof(msg) - len, fmt, args);
	va_end(args);
	m->fail(m->ctx, msg);
}

void model_init(struct fa_model *m, model_fail_fn fail, void *ctx)
{
	memset(m, 0, sizeof(*m));
	m->fail = fail;
	m->ctx = ctx;
}

/* Allocator traffic caused by one call. */
struct traffic {
	struct fake_counts before, after;
};

static void traffic_start(struct traffic *t)
{
	fake_get_counts(&t->before);
}

static void traffic_stop(struct traffic *t)
{
	fake_get_counts(&t->after);
}

static long calls(const struct traffic *t, enum fake_kind kind)
{
	return t->after.calls[kind] - t->before.calls[kind];
}

static long injected(const struct traffic *t, enum fake_kind kind)
{
	return t->after.injected[kind] - t->before.injected[kind];
}

static long frees(const struct traffic *t, enum fake_kind kind)
{
	return t->after.frees[kind] - t->before.frees[kind];
}

static long live_delta(const struct traffic *t, enum fake_kind kind)
{
	return (long)(t->after.live[kind] - t->before.live[kind]);
}

static bool expect_no_traffic(struct fa_model *m, const struct traffic *t,
			      const char *what)
{
	if (!calls(t, FAKE_KMALLOC) && !calls(t, FAKE_PAGE) &&
	    !frees(t, FAKE_KMALLOC) && !frees(t, FAKE_PAGE))
		return true;
	model_fail(m, "%s: %ld kmalloc and %ld page calls, %ld frees; expected no allocator call",
		   what, calls(t, FAKE_KMALLOC), calls(t, FAKE_PAGE),
		   frees(t, FAKE_KMALLOC) + frees(t, FAKE_PAGE));
	return false;
}

static bool test_bit_ul(const unsigned long *map, unsigned int nr)
{
	return map[nr / LONG_BITS] & (1UL << (nr % LONG_BITS));
}

static void set_bit_ul(unsigned long *map, unsigned int nr)
{
	map[nr / LONG_BITS] |= 1UL << (nr % LONG_BITS);
}

/* Clear bits [first, end) of @map, whole words at a time where possible. */
static void clear_bits(unsigned long *map, unsigned int first,
		       unsigned int end)
{
	unsigned int words;

	for (; first < end && first % LONG_BITS; first++)
		map[first / LONG_BITS] &= ~(1UL << (first % LONG_BITS));
	words = (end - first) / LONG_BITS;
	memset(map + first / LONG_BITS, 0, words * sizeof(long));
	for (first += words * LONG_BITS; first < end; first++)
		map[first / LONG_BITS] &= ~(1UL << (first % LONG_BITS));
}

/* Forget elements [first, end): they read as zeroes again. */
static void clear_range(struct fa_model *m, unsigned int first,
			unsigned int end)
{
	memset(m->bytes + (size_t)first * m->element_size, 0,
	       (size_t)(end - first) * m->element_size);
	clear_bits(m->stored, first, end);
}

/* Is [p, p + element_size) inside the memory the element must live in? */
static bool element_placed(const struct fa_model *m, const u8 *p)
{
	const void *page = (const void *)((uintptr_t)p & PAGE_MASK);

	if (m->geo.in_base)
		return p >= (const u8 *)m->fa + sizeof(struct flex_array) &&
		       fake_within(m->fa, FAKE_KMALLOC, p, m->element_size);
	return fake_within(page, FAKE_PAGE, p, m->element_size);
}

static void report_content(struct fa_model *m, unsigned int nr, const u8 *p)
{
	const u8 *want = m->bytes + (size_t)nr * m->element_size;
	size_t at = 0;

	while (p[at] == want[at])
		at++;
	model_fail(m, "element %u (%s) byte %zu of %d reads %#x, expected %#x",
		   nr, test_bit_ul(m->stored, nr) ? "stored" : "never stored",
		   at, m->element_size, p[at], want[at]);
}

/*
 * Check one element's address and contents.  @page_of_part, if not NULL,
 * is the page the part's first element lies in: the others must share it.
 */
static void *check_element(struct fa_model *m, unsigned int nr,
			   uintptr_t page_of_part)
{
	u8 *p = flex_array_get(m->fa, nr);
	uintptr_t page = (uintptr_t)p & PAGE_MASK;

	if (!element_present(m, nr)) {
		if (p)
			model_fail(m, "get(%u) = %p, expected NULL", nr, p);
		return p;
	}
	if (!p) {
		model_fail(m, "get(%u) = NULL, expected an element", nr);
		return NULL;
	}
	if (page_of_part ? page != page_of_part ||
			   (uintptr_t)p + m->element_size > page + PAGE_SIZE :
			   !element_placed(m, p)) {
		model_fail(m, "get(%u) = %p, outside its %s", nr, p,
			   m->geo.in_base ? "base allocation" : "part page");
		return NULL;
	}
	if (memcmp(p, m->bytes + (size_t)nr * m->element_size, m->element_size))
		report_content(m, nr, p);
	return p;
}

/*
 * The model's buffers come straight from mmap(): lazily zeroed by the host
 * however large the array, and outside the sanitizers' books, which would
 * otherwise poison and unpoison hundreds of megabytes per array.
 */
static void *model_map(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static size_t bytes_size(const struct fa_model *m)
{
	return (size_t)m->total * m->element_size + 1;
}

static size_t stored_size(const struct fa_model *m)
{
	return (DIV_ROUND_UP((size_t)m->total, LONG_BITS) + 1) *
	       sizeof(unsigned long);
}

static bool model_buffers(struct fa_model *m)
{
	m->bytes = model_map(bytes_size(m));
	m->stored = model_map(stored_size(m));
	memset(&m->pages, 0, sizeof(m->pages));
	m->nr_present = 0;
	m->nr_nodes = 0;
	return m->bytes && m->stored;
}

static void model_release(struct fa_model *m)
{
	if (m->bytes)
		munmap(m->bytes, bytes_size(m));
	if (m->stored)
		munmap(m->stored, stored_size(m));
	set_clear(&m->pages);
	m->bytes = NULL;
	m->stored = NULL;
	m->fa = NULL;
}

static void check_header(struct fa_model *m)
{
	size_t size = fake_block_size(m->fa, FAKE_KMALLOC);

	if (size != m->geo.base_size)
		model_fail(m, "base allocation of %zu bytes, expected %zu",
			   size, m->geo.base_size);
	if (m->fa->element_size != m->element_size || m->fa->total != m->total)
		model_fail(m, "header says %u x %u", m->fa->element_size,
			   m->fa->total);
}

struct flex_array *model_alloc(struct fa_model *m, int element_size,
			       unsigned int total, gfp_t flags)
{
	struct traffic t;
	struct flex_array *fa;

	m->op++;
	m->element_size = element_size;
	m->total = total;
	fa_predict(element_size, total, &m->geo);
	if (m->geo.valid && total > fa_model_max(element_size)) {
		model_fail(m, "array too large for the model");
		return NULL;
	}

	traffic_start(&t);
	fa = flex_array_alloc(element_size, total, flags);
	traffic_stop(&t);

	if (!m->geo.valid) {
		if (fa) {
			model_fail(m, "alloc succeeded, expected NULL");
			flex_array_free(fa);
		}
		if (calls(&t, FAKE_KMALLOC) || calls(&t, FAKE_PAGE))
			model_fail(m, "rejected alloc still called the allocator");
		return NULL;
	}
	if (calls(&t, FAKE_KMALLOC) != 1 || calls(&t, FAKE_PAGE))
		model_fail(m, "alloc made %ld kmalloc and %ld page calls, expected one kmalloc",
			   calls(&t, FAKE_KMALLOC), calls(&t, FAKE_PAGE));
	if (injected(&t, FAKE_KMALLOC)) {
		if (fa)
			model_fail(m, "alloc succeeded although its allocation failed");
		if (live_delta(&t, FAKE_KMALLOC) || live_delta(&t, FAKE_PAGE))
			model_fail(m, "failed alloc left memory behind");
		return NULL;
	}
	if (!fa) {
		model_fail(m, "alloc returned NULL, expected an array");
		return NULL;
	}

	memcpy(m->base_live, t.before.live, sizeof(m->base_live));
	memcpy(m->base_live_bytes, t.before.live_bytes,
	       sizeof(m->base_live_bytes));
	m->fa = fa;
	if (!model_buffers(m)) {
		m->fail(m->ctx, "host out of memory for the model");
		flex_array_free(fa);
		model_release(m);
		return NULL;
	}
	check_header(m);
	return fa;
}

/*
 * A put into a missing part allocates the pages missing on its path, top
 * down, and stops at the first failure, keeping what it installed.
 */
static int expect_put_traffic(struct fa_model *m, const struct traffic *t,
			      unsigned int nr)
{
	unsigned int part = part_of(m, nr), missing = missing_on_path(m, part);
	long made = calls(t, FAKE_PAGE) - injected(t, FAKE_PAGE);
	long kept = live_delta(t, FAKE_PAGE);

	if (calls(t, FAKE_KMALLOC))
		model_fail(m, "put(%u) called kmalloc", nr);
	if (!injected(t, FAKE_PAGE)) {
		if (calls(t, FAKE_PAGE) != missing || kept != missing)
			model_fail(m, "put(%u) made %ld page calls and kept %ld pages, for %u missing",
				   nr, calls(t, FAKE_PAGE), kept, missing);
		add_path(m, part, missing);
		return 0;
	}
	if (calls(t, FAKE_PAGE) > missing || kept < 0 || kept > made ||
	    kept >= missing)
		model_fail(m, "failed put(%u) made %ld page calls and kept %ld pages, for %u missing",
			   nr, calls(t, FAKE_PAGE), kept, missing);
	else
		add_path(m, part, kept);
	return -ENOMEM;
}

int model_put(struct fa_model *m, unsigned int nr, const void *src,
	      gfp_t flags)
{
	bool present = element_present(m, nr);
	struct traffic t;
	int ret, want;

	m->op++;
	traffic_start(&t);
	ret = flex_array_put(m->fa, nr, src, flags);
	traffic_stop(&t);

	if (nr >= m->total || present) {
		want = nr >= m->total ? -ENOSPC : 0;
		expect_no_traffic(m, &t, "put");
	} else {
		want = expect_put_traffic(m, &t, nr);
	}
	if (ret != want) {
		model_fail(m, "put(%u) returned %d, expected %d", nr, ret, want);
		return ret;
	}
	if (ret)
		return ret;

	memcpy(m->bytes + (size_t)nr * m->element_size, src, m->element_size);
	set_bit_ul(m->stored, nr);
	/* Read it straight back: the cheapest place to catch a bad copy. */
	check_element(m, nr, 0);
	return ret;
}

void *model_get(struct fa_model *m, unsigned int nr)
{
	struct traffic t;
	void *p;

	m->op++;
	traffic_start(&t);
	p = check_element(m, nr, 0);
	traffic_stop(&t);
	expect_no_traffic(m, &t, "get");
	return p;
}

void model_poke(struct fa_model *m, unsigned int nr, const void *src)
{
	u8 *p = model_get(m, nr);

	if (!p || !element_present(m, nr))
		return;
	memcpy(p, src, m->element_size);
	memcpy(m->bytes + (size_t)nr * m->element_size, src, m->element_size);
	set_bit_ul(m->stored, nr);
}

/* The first present part at or after @part, or nr_parts if none. */
static unsigned int next_present_part(const struct fa_model *m,
				      unsigned int part)
{
	unsigned int best = m->geo.nr_parts, p;
	size_t i;

	for (i = 0; i < m->pages.nr_slots; i++) {
		if (m->pages.keys[i] >> 32 != m->geo.levels + 1)
			continue;
		p = (unsigned int)m->pages.keys[i];
		if (p >= part && p < best)
			best = p;
	}
	return best;
}

void *model_next(struct fa_model *m, unsigned int nr)
{
	unsigned int index = nr, want = nr, part;
	struct traffic t;
	void *p;

	m->op++;
	if (!m->geo.in_base && nr < m->total) {
		part = next_present_part(m, part_of(m, nr));
		if (part != part_of(m, nr))
			want = part < m->geo.nr_parts ? part_first(m, part) :
							m->total;
	}
	traffic_start(&t);
	p = flex_array_next(m->fa, &index);
	traffic_stop(&t);
	expect_no_traffic(m, &t, "next");

	if (want >= m->total) {
		if (p)
			model_fail(m, "next(%u) found index %u, expected none",
				   nr, index);
		return p;
	}
	if (index != want || p != flex_array_get(m->fa, want))
		model_fail(m, "next(%u) found %p at index %u, expected index %u",
			   nr, p, index, want);
	return p;
}

/* Pages missing in [first, last], pages of pointers counted once. */
static unsigned long missing_in_range(struct fa_model *m, unsigned int first,
				      unsigned int last)
{
	struct page_set seen = { 0 };
	unsigned long missing = 0;
	unsigned int part, depth;
	u64 key;

	for (part = first; part <= last; part++) {
		for (depth = 1; depth <= m->geo.levels; depth++) {
			key = path_key(m, part, depth);
			if (set_has(&m->pages, key) || set_has(&seen, key))
				continue;
			set_add(&seen, key);
			missing++;
		}
		if (part == UINT_MAX)
			break;
	}
	set_clear(&seen);
	return missing;
}

/* After a failed prealloc, learn which pages it left in place. */
static void adopt_pages(struct fa_model *m, const struct traffic *t,
			unsigned int first, unsigned int last)
{
	long kept = live_delta(t, FAKE_PAGE);
	unsigned int part, before = m->nr_present + m->nr_nodes;

	/* Parts show through get(); all of their paths came with them. */
	for (part = first; part <= last; part++) {
		if (!part_present(m, part) &&
		    flex_array_get(m->fa, part_first(m, part)))
			add_path(m, part, m->geo.levels);
		if (part == last)
			break;
	}
	kept -= m->nr_present + m->nr_nodes - before;
	if (kept < 0) {
		model_fail(m, "failed prealloc(%u..%u parts) kept fewer pages than the parts it left",
			   first, last);
		return;
	}
	/* The rest lead to the first part still missing. */
	for (part = first; part <= last && kept; part++) {
		if (part_present(m, part))
			continue;
		if (kept >= missing_on_path(m, part)) {
			model_fail(m, "failed prealloc kept %ld pages of pointers more than part %u needs",
				   kept, part);
			return;
		}
		add_path(m, part, kept);
		break;
	}
}

static void check_prealloc_parts(struct fa_model *m, const struct traffic *t,
				 unsigned int start, unsigned int end, int ret)
{
	unsigned int first = part_of(m, start), last = part_of(m, end), part;
	unsigned long missing = missing_in_range(m, first, last);

	if (calls(t, FAKE_KMALLOC))
		model_fail(m, "prealloc called kmalloc");
	if (!injected(t, FAKE_PAGE)) {
		if (ret)
			model_fail(m, "prealloc(%u, %u) returned %d, expected 0",
				   start, end, ret);
		if (calls(t, FAKE_PAGE) != missing ||
		    live_delta(t, FAKE_PAGE) != missing)
			model_fail(m, "prealloc(%u, %u) made %ld page calls and kept %ld, for %lu missing pages",
				   start, end, calls(t, FAKE_PAGE),
				   live_delta(t, FAKE_PAGE), missing);
		for (part = first; part <= last; part++) {
			add_path(m, part, m->geo.levels);
			if (part == last)
				break;
		}
		return;
	}
	if (ret != -ENOMEM)
		model_fail(m, "prealloc(%u, %u) returned %d after a failed allocation, expected %d",
			   start, end, ret, -ENOMEM);
	if (live_delta(t, FAKE_PAGE) > calls(t, FAKE_PAGE) - injected(t, FAKE_PAGE))
		model_fail(m, "prealloc(%u, %u) kept more pages than it allocated",
			   start, end);
	adopt_pages(m, t, first, last);
}

int model_prealloc(struct fa_model *m, unsigned int start, unsigned int end,
		   gfp_t flags)
{
	struct traffic t;
	int ret, want = 0;

	m->op++;
	traffic_start(&t);
	ret = flex_array_prealloc(m->fa, start, end, flags);
	traffic_stop(&t);

	if (start >= m->total || end >= m->total)
		want = -ENOSPC;
	else if (start > end)
		want = -EINVAL;
	if (want || m->geo.in_base) {
		expect_no_traffic(m, &t, "prealloc");
		if (ret != want)
			model_fail(m, "prealloc(%u, %u) returned %d, expected %d",
				   start, end, ret, want);
		return ret;
	}
	check_prealloc_parts(m, &t, start, end, ret);
	return ret;
}

static void clear_present_parts(struct fa_model *m)
{
	unsigned int part;
	size_t i;

	for (i = 0; i < m->pages.nr_slots; i++) {
		if (m->pages.keys[i] >> 32 != m->geo.levels + 1)
			continue;
		part = (unsigned int)m->pages.keys[i];
		clear_range(m, part_first(m, part), part_end(m, part));
	}
	set_clear(&m->pages);
	m->nr_present = 0;
	m->nr_nodes = 0;
}

void model_free_parts(struct fa_model *m)
{
	long pages = m->nr_present + m->nr_nodes;
	struct traffic t;

	m->op++;
	traffic_start(&t);
	flex_array_free_parts(m->fa);
	traffic_stop(&t);

	/* Every page goes, pages of pointers too: the array is empty. */
	if (calls(&t, FAKE_KMALLOC) || calls(&t, FAKE_PAGE) ||
	    live_delta(&t, FAKE_KMALLOC) || live_delta(&t, FAKE_PAGE) != -pages)
		model_fail(m, "free_parts: %ld allocator calls, %ld pages freed, expected %ld freed",
			   calls(&t, FAKE_KMALLOC) + calls(&t, FAKE_PAGE),
			   -live_delta(&t, FAKE_PAGE), pages);

	if (m->geo.in_base)
		clear_range(m, 0, m->total);
	else
		clear_present_parts(m);
}

void model_free(struct fa_model *m)
{
	long pages = m->nr_present + m->nr_nodes;
	struct traffic t;

	if (!m->fa)
		return;
	m->op++;
	traffic_start(&t);
	flex_array_free(m->fa);
	traffic_stop(&t);

	if (calls(&t, FAKE_KMALLOC) || calls(&t, FAKE_PAGE) ||
	    live_delta(&t, FAKE_KMALLOC) != -1 || live_delta(&t, FAKE_PAGE) != -pages)
		model_fail(m, "free released %ld kmalloc and %ld pages, expected 1 and %ld",
			   -live_delta(&t, FAKE_KMALLOC),
			   -live_delta(&t, FAKE_PAGE), pages);
	model_release(m);
}

static void verify_books(struct fa_model *m)
{
	struct fake_counts c;
	unsigned long pages;

	fake_get_counts(&c);
	pages = c.live[FAKE_PAGE] - m->base_live[FAKE_PAGE];
	if (c.live[FAKE_KMALLOC] - m->base_live[FAKE_KMALLOC] != 1 ||
	    c.live_bytes[FAKE_KMALLOC] - m->base_live_bytes[FAKE_KMALLOC] !=
	    m->geo.base_size || pages != m->nr_present + m->nr_nodes)
		model_fail(m, "live: %lu kmalloc of %zu bytes and %lu pages, expected 1 of %zu and %u",
			   c.live[FAKE_KMALLOC] - m->base_live[FAKE_KMALLOC],
			   c.live_bytes[FAKE_KMALLOC] -
			   m->base_live_bytes[FAKE_KMALLOC],
			   pages, m->geo.base_size,
			   m->nr_present + m->nr_nodes);
}

static void verify_part(struct fa_model *m, unsigned int part)
{
	unsigned int nr = part_first(m, part), end = part_end(m, part);
	u8 *first = check_element(m, nr, 0);

	if (!first)
		return;
	/* Each element of a part lies in the part's page. */
	for (nr++; nr < end; nr++)
		check_element(m, nr, (uintptr_t)first & PAGE_MASK);
}

/* Both ends of an absent part: a boundary off by one shows here. */
static void verify_absent(struct fa_model *m, unsigned int part)
{
	if (part >= m->geo.nr_parts || part_present(m, part))
		return;
	check_element(m, part_first(m, part), 0);
	check_element(m, part_end(m, part) - 1, 0);
}

void model_verify(struct fa_model *m)
{
	unsigned long failures = m->failures;
	unsigned int part, nr;
	size_t i;

	if (!m->fa)
		return;
	verify_books(m);
	check_header(m);
	if (m->geo.in_base) {
		for (nr = 0; nr < m->total && m->failures == failures; nr++)
			check_element(m, nr, 0);
		return;
	}
	for (i = 0; i < m->pages.nr_slots && m->failures == failures; i++) {
		if (m->pages.keys[i] >> 32 != m->geo.levels + 1)
			continue;
		part = (unsigned int)m->pages.keys[i];
		verify_part(m, part);
		verify_absent(m, part - 1);
		verify_absent(m, part + 1);
	}
	if (m->geo.nr_parts <= FULL_SCAN_PARTS) {
		for (part = 0; part < m->geo.nr_parts; part++)
			verify_absent(m, part);
	} else {
		verify_absent(m, 0);
		verify_absent(m, m->geo.nr_parts - 1);
	}
	/* And nothing past the end. */
	if (flex_array_get(m->fa, m->total))
		model_fail(m, "get(total) is not NULL");
}
