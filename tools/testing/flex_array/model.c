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
 *
 * A tracked array has a second tree, its map of stored elements: a 1-byte
 * flex_array of the same total, laid out by the same rules and followed
 * the same way.  A put ensures its part's path, then its mark's path in
 * the map; a prealloc does the map's range first, then the array's.  The
 * model knows which elements hold a stored value (put since the last clear
 * or free_parts; a write through get() is not a store), so it predicts
 * exactly what shrink frees: every part and map part with nothing stored,
 * then every page of pointers left with nothing below it.
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
#define MODEL_MAP_LIMIT	BIT_ULL(46)
#else
#define MODEL_MAP_LIMIT	BIT_ULL(28)
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
	/* u64: the top shift reaches 32 with 256 KiB pages on 32-bit. */
	slots = ((u64)(g->nr_parts - 1) >> g->top_shift) + 1;
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

/*
 * Where things are.  The model follows two trees of pages: the array's,
 * and for a tracked array its map of stored elements, a flex_array of one
 * byte per element.  A tree is seen through this view of either.
 */
struct tree {
	const struct fa_geometry *geo;
	struct page_set *pages;
	unsigned int *present, *nodes;
	/* The library's array, to find its parts through. */
	struct flex_array *fa;
	unsigned int total;
};

static struct tree main_tree(struct fa_model *m)
{
	return (struct tree){ &m->geo, &m->pages, &m->nr_present,
			      &m->nr_nodes, m->fa, m->total };
}

static struct tree map_tree(struct fa_model *m)
{
	return (struct tree){ &m->map_geo, &m->map_pages, &m->map_present,
			      &m->map_nodes, m->fa ? m->fa->stored : NULL,
			      m->total };
}

/* A tracked array whose map has pages of its own, not just a base. */
static bool map_has_parts(const struct fa_model *m)
{
	return m->tracked && !m->map_geo.in_base;
}

static unsigned int t_part_of(const struct tree *t, unsigned int nr)
{
	return nr / t->geo->per_part;
}

static unsigned int t_part_first(const struct tree *t, unsigned int part)
{
	return part * t->geo->per_part;
}

/* One past the last element of @part. */
static unsigned int t_part_end(const struct tree *t, unsigned int part)
{
	return min_t(u64, (u64)(part + 1) * t->geo->per_part, t->total);
}

/* The page at @depth (1 .. levels - 1 for pointers, levels for the part). */
static u64 t_key(const struct tree *t, unsigned int part, unsigned int depth)
{
	unsigned int shift = t->geo->top_shift - (depth - 1) * PTR_SHIFT;

	return page_key(depth, (u64)part >> shift);
}

static bool t_part_present(const struct tree *t, unsigned int part)
{
	return set_has(t->pages, t_key(t, part, t->geo->levels));
}

/* Pages missing on the way to @part, itself included. */
static unsigned int t_missing_on_path(const struct tree *t, unsigned int part)
{
	unsigned int depth, missing = 0;

	for (depth = 1; depth <= t->geo->levels; depth++)
		missing += !set_has(t->pages, t_key(t, part, depth));
	return missing;
}

/* Record the first @count missing pages on @part's path, top down. */
static void t_add_path(struct tree *t, unsigned int part, unsigned int count)
{
	unsigned int depth;
	u64 key;

	for (depth = 1; depth <= t->geo->levels && count; depth++) {
		key = t_key(t, part, depth);
		if (set_has(t->pages, key))
			continue;
		set_add(t->pages, key);
		count--;
		if (depth == t->geo->levels)
			(*t->present)++;
		else
			(*t->nodes)++;
	}
}

/* Pages missing for parts @first to @last, pages of pointers counted once. */
static unsigned long t_missing_in_range(const struct tree *t,
					unsigned int first, unsigned int last)
{
	struct page_set seen = { 0 };
	unsigned long missing = 0;
	unsigned int part, depth;
	u64 key;

	for (part = first; part <= last; part++) {
		for (depth = 1; depth <= t->geo->levels; depth++) {
			key = t_key(t, part, depth);
			if (set_has(t->pages, key) || set_has(&seen, key))
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

/* The parts of @t the model holds present, in ascending order. */
static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

static unsigned int t_sorted_parts(const struct tree *t, unsigned int **out)
{
	unsigned int n = 0;
	size_t i;

	*out = malloc((*t->present + 1) * sizeof(**out));
	if (!*out)
		abort();
	for (i = 0; i < t->pages->nr_slots; i++)
		if (t->pages->keys[i] >> 32 == t->geo->levels + 1)
			(*out)[n++] = (unsigned int)t->pages->keys[i];
	qsort(*out, n, sizeof(**out), cmp_uint);
	return n;
}

/*
 * Keep only @parts (and the pages of pointers above them) of @t's pages;
 * return how many pages that drops.
 */
static unsigned long t_keep_only(struct tree *t, const unsigned int *parts,
				 unsigned int nr)
{
	unsigned long before = *t->present + *t->nodes;
	unsigned int i;

	set_clear(t->pages);
	*t->present = 0;
	*t->nodes = 0;
	for (i = 0; i < nr; i++)
		t_add_path(t, parts[i], t->geo->levels);
	return before - (*t->present + *t->nodes);
}

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

static bool part_present(struct fa_model *m, unsigned int part)
{
	struct tree t = main_tree(m);

	return t_part_present(&t, part);
}

static bool element_present(struct fa_model *m, unsigned int nr)
{
	return nr < m->total &&
	       (m->geo.in_base || part_present(m, part_of(m, nr)));
}

static void __printf(2, 3) model_fail(struct fa_model *m, const char *fmt, ...)
{
	char msg[512];
	int len;
	va_list args;

	m->failures++;
	len = snprintf(msg, sizeof(msg), "op %lu, %sarray(%d x %u, %s, %u levels): ",
		       m->op, m->tracked ? "tracked " : "", m->element_size, m->total,
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

/* Whether any bit of [first, end) is set in @map. */
static bool any_bit(const unsigned long *map, unsigned int first,
		    unsigned int end)
{
	for (; first < end && first % LONG_BITS; first++)
		if (test_bit_ul(map, first))
			return true;
	for (; end - first >= LONG_BITS; first += LONG_BITS)
		if (map[first / LONG_BITS])
			return true;
	for (; first < end; first++)
		if (test_bit_ul(map, first))
			return true;
	return false;
}

/* Forget elements [first, end): they read as zeroes again, unstored. */
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
	const u8 *elements = (const u8 *)m->fa + sizeof(struct flex_array);

	if (m->geo.in_base)
		return p >= elements &&
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
		   nr, test_bit_ul(m->stored, nr) ? "stored" : "not stored",
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
	bool misplaced;

	if (!element_present(m, nr)) {
		if (p)
			model_fail(m, "get(%u) = %p, expected NULL", nr, p);
		return p;
	}
	if (!p) {
		model_fail(m, "get(%u) = NULL, expected an element", nr);
		return NULL;
	}
	if (page_of_part)
		misplaced = page != page_of_part ||
			    (uintptr_t)p + m->element_size > page + PAGE_SIZE;
	else
		misplaced = !element_placed(m, p);
	if (misplaced) {
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
	memset(&m->map_pages, 0, sizeof(m->map_pages));
	m->nr_present = 0;
	m->nr_nodes = 0;
	m->map_present = 0;
	m->map_nodes = 0;
	return m->bytes && m->stored;
}

static void model_release(struct fa_model *m)
{
	if (m->bytes)
		munmap(m->bytes, bytes_size(m));
	if (m->stored)
		munmap(m->stored, stored_size(m));
	set_clear(&m->pages);
	set_clear(&m->map_pages);
	m->bytes = NULL;
	m->stored = NULL;
	m->fa = NULL;
	m->tracked = false;
}

static void check_header(struct fa_model *m)
{
	size_t size = fake_block_size(m->fa, FAKE_KMALLOC);
	struct flex_array *map = m->fa->stored;

	if (size != m->geo.base_size)
		model_fail(m, "base allocation of %zu bytes, expected %zu",
			   size, m->geo.base_size);
	if (m->fa->element_size != m->element_size || m->fa->total != m->total)
		model_fail(m, "header says %u x %u", m->fa->element_size,
			   m->fa->total);
	if (!m->tracked != !map) {
		model_fail(m, "the array %s a map of stored elements",
			   map ? "has" : "lacks");
		return;
	}
	if (!map)
		return;
	size = fake_block_size(map, FAKE_KMALLOC);
	if (size != m->map_geo.base_size || map->element_size != 1 ||
	    map->total != m->total || map->stored)
		model_fail(m, "map of %zu bytes says %u x %u, expected %zu bytes for 1 x %u",
			   size, map->element_size, map->total,
			   m->map_geo.base_size, m->total);
}

/* Start following @fa, just allocated, as an empty array. */
static bool model_adopt(struct fa_model *m, struct flex_array *fa,
			const struct traffic *t)
{
	memcpy(m->base_live, t->before.live, sizeof(m->base_live));
	memcpy(m->base_live_bytes, t->before.live_bytes,
	       sizeof(m->base_live_bytes));
	m->fa = fa;
	if (!model_buffers(m)) {
		m->fail(m->ctx, "host out of memory for the model");
		flex_array_free(fa);
		model_release(m);
		return false;
	}
	check_header(m);
	return true;
}

static struct flex_array *alloc_checked(struct fa_model *m, int element_size,
					unsigned int total, gfp_t flags,
					bool tracked)
{
	long want_kmallocs = tracked ? 2 : 1;
	struct traffic t;
	struct flex_array *fa;

	m->op++;
	m->element_size = element_size;
	m->total = total;
	m->tracked = tracked;
	fa_predict(element_size, total, &m->geo);
	fa_predict(1, total, &m->map_geo);
	if (m->geo.valid && total > fa_model_max(element_size)) {
		model_fail(m, "array too large for the model");
		return NULL;
	}

	traffic_start(&t);
	if (tracked)
		fa = flex_array_alloc_tracked(element_size, total, flags);
	else
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
	if (calls(&t, FAKE_PAGE))
		model_fail(m, "alloc made %ld page calls, expected none",
			   calls(&t, FAKE_PAGE));
	if (injected(&t, FAKE_KMALLOC)) {
		/* The base, then the map: a failure ends the calls. */
		if (calls(&t, FAKE_KMALLOC) > want_kmallocs)
			model_fail(m, "failed alloc made %ld kmalloc calls, at most %ld expected",
				   calls(&t, FAKE_KMALLOC), want_kmallocs);
		if (fa)
			model_fail(m, "alloc succeeded although its allocation failed");
		if (live_delta(&t, FAKE_KMALLOC) || live_delta(&t, FAKE_PAGE))
			model_fail(m, "failed alloc left memory behind");
		return NULL;
	}
	if (calls(&t, FAKE_KMALLOC) != want_kmallocs)
		model_fail(m, "alloc made %ld kmalloc calls, expected %ld",
			   calls(&t, FAKE_KMALLOC), want_kmallocs);
	if (!fa) {
		model_fail(m, "alloc returned NULL, expected an array");
		return NULL;
	}
	return model_adopt(m, fa, &t) ? fa : NULL;
}

struct flex_array *model_alloc(struct fa_model *m, int element_size,
			       unsigned int total, gfp_t flags)
{
	return alloc_checked(m, element_size, total, flags, false);
}

struct flex_array *model_alloc_tracked(struct fa_model *m, int element_size,
				       unsigned int total, gfp_t flags)
{
	return alloc_checked(m, element_size, total, flags, true);
}

/*
 * A put allocates the pages missing on its part's path, top down, then on
 * a tracked array those missing on the path of the map's part for its
 * mark, and stops at the first failure, keeping what it installed.
 */
static int expect_put_traffic(struct fa_model *m, const struct traffic *t,
			      unsigned int nr)
{
	struct tree main = main_tree(m), map = map_tree(m);
	unsigned int part = 0, map_part = 0, main_missing = 0, map_missing = 0;
	long made = calls(t, FAKE_PAGE) - injected(t, FAKE_PAGE);
	long kept = live_delta(t, FAKE_PAGE), missing;

	if (!m->geo.in_base) {
		part = part_of(m, nr);
		main_missing = t_missing_on_path(&main, part);
	}
	if (map_has_parts(m)) {
		map_part = t_part_of(&map, nr);
		map_missing = t_missing_on_path(&map, map_part);
	}
	missing = main_missing + map_missing;

	if (calls(t, FAKE_KMALLOC) || frees(t, FAKE_PAGE) || frees(t, FAKE_KMALLOC))
		model_fail(m, "put(%u) called kmalloc or freed memory", nr);
	if (!injected(t, FAKE_PAGE)) {
		if (calls(t, FAKE_PAGE) != missing || kept != missing)
			model_fail(m,
				   "put(%u) made %ld page calls and kept %ld pages, for %ld missing",
				   nr, calls(t, FAKE_PAGE), kept, missing);
		t_add_path(&main, part, main_missing);
		t_add_path(&map, map_part, map_missing);
		return 0;
	}
	if (calls(t, FAKE_PAGE) > missing || kept < 0 || kept > made ||
	    kept >= missing) {
		model_fail(m,
			   "failed put(%u) made %ld page calls and kept %ld pages, for %ld missing",
			   nr, calls(t, FAKE_PAGE), kept, missing);
		return -ENOMEM;
	}
	/* The part's path first: what is left over went to the map. */
	t_add_path(&main, part, min_t(long, kept, main_missing));
	t_add_path(&map, map_part, kept - min_t(long, kept, main_missing));
	return -ENOMEM;
}

static int put_checked(struct fa_model *m, unsigned int nr, const void *src,
		       gfp_t flags, bool as_ptr)
{
	struct traffic t;
	void *ptr;
	int ret, want;

	m->op++;
	memcpy(&ptr, src, as_ptr ? sizeof(ptr) : 0);
	traffic_start(&t);
	if (as_ptr)
		ret = flex_array_put_ptr(m->fa, nr, ptr, flags);
	else
		ret = flex_array_put(m->fa, nr, src, flags);
	traffic_stop(&t);

	if (nr >= m->total) {
		want = -ENOSPC;
		expect_no_traffic(m, &t, "put");
	} else if (!m->tracked && element_present(m, nr)) {
		want = 0;
		expect_no_traffic(m, &t, "put");
	} else {
		want = expect_put_traffic(m, &t, nr);
	}
	if (ret != want) {
		model_fail(m, "put%s(%u) returned %d, expected %d",
			   as_ptr ? "_ptr" : "", nr, ret, want);
		return ret;
	}
	if (ret)
		return ret;

	memcpy(m->bytes + (size_t)nr * m->element_size, src, m->element_size);
	set_bit_ul(m->stored, nr);
	/* Read it straight back: the cheapest place to catch a bad copy. */
	check_element(m, nr, 0);
	if (as_ptr && flex_array_get_ptr(m->fa, nr) != ptr)
		model_fail(m, "get_ptr(%u) = %p right after put_ptr(%p)", nr,
			   flex_array_get_ptr(m->fa, nr), ptr);
	return ret;
}

int model_put(struct fa_model *m, unsigned int nr, const void *src,
	      gfp_t flags)
{
	return put_checked(m, nr, src, flags, false);
}

int model_put_ptr(struct fa_model *m, unsigned int nr, void *ptr, gfp_t flags)
{
	if (m->element_size != sizeof(void *)) {
		model_fail(m, "put_ptr on an array of %d-byte elements", m->element_size);
		return -EINVAL;
	}
	return put_checked(m, nr, &ptr, flags, true);
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

void *model_get_ptr(struct fa_model *m, unsigned int nr)
{
	void *want = NULL, *p;
	struct traffic t;

	m->op++;
	if (m->element_size != sizeof(void *)) {
		model_fail(m, "get_ptr on an array of %d-byte elements", m->element_size);
		return NULL;
	}
	if (element_present(m, nr))
		memcpy(&want, m->bytes + (size_t)nr * sizeof(want), sizeof(want));
	traffic_start(&t);
	p = flex_array_get_ptr(m->fa, nr);
	traffic_stop(&t);
	expect_no_traffic(m, &t, "get_ptr");
	if (p != want)
		model_fail(m, "get_ptr(%u) = %p, expected %p", nr, p, want);
	return p;
}

/* A write through flex_array_get(): new bytes, but no mark of a store. */
void model_poke(struct fa_model *m, unsigned int nr, const void *src)
{
	u8 *p = model_get(m, nr);

	if (!p || !element_present(m, nr))
		return;
	memcpy(p, src, m->element_size);
	memcpy(m->bytes + (size_t)nr * m->element_size, src, m->element_size);
}

int model_clear(struct fa_model *m, unsigned int nr)
{
	int ret, want = nr < m->total ? 0 : -ENOSPC;
	struct traffic t;

	m->op++;
	traffic_start(&t);
	ret = flex_array_clear(m->fa, nr);
	traffic_stop(&t);
	expect_no_traffic(m, &t, "clear");
	if (ret != want)
		model_fail(m, "clear(%u) returned %d, expected %d", nr, ret, want);
	if (ret || want)
		return ret;
	clear_range(m, nr, nr + 1);
	check_element(m, nr, 0);
	return ret;
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

/*
 * Where iteration must go: the elements from @start on of the parts
 * present, in order, each part's elements all in a row.
 */
struct walk {
	struct fa_model *m;
	unsigned int *parts, nr_parts, i;
	unsigned int next, end;		/* the element expected, its part's end */
	bool done;
};

static void walk_part(struct walk *w)
{
	if (w->i >= w->nr_parts) {
		w->done = true;
		return;
	}
	w->next = max(w->next, part_first(w->m, w->parts[w->i]));
	w->end = part_end(w->m, w->parts[w->i]);
	w->i++;
	if (w->next >= w->end)
		walk_part(w);
}

static void walk_start(struct walk *w, struct fa_model *m, unsigned int start)
{
	struct tree t = main_tree(m);

	memset(w, 0, sizeof(*w));
	w->m = m;
	w->next = start;
	if (start >= m->total) {
		w->done = true;
		return;
	}
	if (m->geo.in_base) {
		w->end = m->total;
		return;
	}
	w->nr_parts = t_sorted_parts(&t, &w->parts);
	while (w->i < w->nr_parts && part_end(m, w->parts[w->i]) <= start)
		w->i++;
	walk_part(w);
}

static void walk_step(struct walk *w)
{
	if (++w->next >= w->end) {
		if (w->m->geo.in_base)
			w->done = true;
		else
			walk_part(w);
	}
}

/* Check one visit of the walk; false once it went wrong. */
static bool walk_visit(struct walk *w, unsigned int index, u8 *p)
{
	struct fa_model *m = w->m;

	if (w->done) {
		model_fail(m, "iteration visits element %u after the last present one",
			   index);
		return false;
	}
	if (index != w->next || p != flex_array_get(m->fa, index)) {
		model_fail(m, "iteration visits element %u at %p, expected element %u at %p",
			   index, p, w->next, flex_array_get(m->fa, w->next));
		return false;
	}
	if (memcmp(p, m->bytes + (size_t)index * m->element_size, m->element_size)) {
		report_content(m, index, p);
		return false;
	}
	walk_step(w);
	return true;
}

unsigned long model_iterate(struct fa_model *m, unsigned int start,
			    unsigned long limit)
{
	unsigned long visits = 0;
	unsigned int index;
	struct traffic t;
	struct walk w;
	bool ok = true;
	u8 *p;

	m->op++;
	walk_start(&w, m, start);
	traffic_start(&t);
	/* From 0 through the macro for it, so that both macros are used. */
	if (!start) {
		flex_array_for_each(m->fa, index, p) {
			if (visits++ == limit)
				break;
			ok = walk_visit(&w, index, p);
			if (!ok)
				break;
		}
	} else {
		flex_array_for_each_from(m->fa, index, p, start) {
			if (visits++ == limit)
				break;
			ok = walk_visit(&w, index, p);
			if (!ok)
				break;
		}
	}
	traffic_stop(&t);
	expect_no_traffic(m, &t, "iteration");
	if (ok && visits <= limit && !w.done)
		model_fail(m, "iteration from %u ended after %lu elements, before element %u",
			   start, visits, w.next);
	free(w.parts);
	return visits;
}

/* After a failed prealloc, learn which pages of @t it left in place. */
static long adopt_pages(struct fa_model *m, struct tree *t, long kept,
			unsigned int first, unsigned int last)
{
	unsigned int part, before = *t->present + *t->nodes;

	/* Parts show through get(); all of their paths came with them. */
	for (part = first; part <= last; part++) {
		if (!t_part_present(t, part) &&
		    flex_array_get(t->fa, t_part_first(t, part)))
			t_add_path(t, part, t->geo->levels);
		if (part == last)
			break;
	}
	kept -= *t->present + *t->nodes - before;
	if (kept < 0) {
		model_fail(m,
			   "failed prealloc(%u..%u parts) kept fewer pages than the parts it left",
			   first, last);
		return 0;
	}
	/* The rest lead to the first part still missing. */
	for (part = first; part <= last && kept; part++) {
		if (t_part_present(t, part))
			continue;
		if (kept >= t_missing_on_path(t, part)) {
			model_fail(m,
				   "failed prealloc kept %ld pages of pointers more than part %u needs",
				   kept, part);
			return 0;
		}
		t_add_path(t, part, kept);
		return 0;
	}
	/* Every part is there: the failure came after this tree. */
	return kept;
}

/*
 * A prealloc allocates, on a tracked array, the map's parts for the range
 * first, then the array's, each in ascending order with the pages of
 * pointers on their paths.
 */
static void check_prealloc_parts(struct fa_model *m, const struct traffic *t,
				 unsigned int start, unsigned int end, int ret)
{
	struct tree main = main_tree(m), map = map_tree(m);
	unsigned int first = 0, last = 0, map_first = 0, map_last = 0, part;
	unsigned long missing = 0;
	long kept;

	if (map_has_parts(m)) {
		map_first = t_part_of(&map, start);
		map_last = t_part_of(&map, end);
		missing += t_missing_in_range(&map, map_first, map_last);
	}
	if (!m->geo.in_base) {
		first = part_of(m, start);
		last = part_of(m, end);
		missing += t_missing_in_range(&main, first, last);
	}

	if (calls(t, FAKE_KMALLOC) || frees(t, FAKE_PAGE))
		model_fail(m, "prealloc called kmalloc or freed pages");
	if (!injected(t, FAKE_PAGE)) {
		if (ret)
			model_fail(m, "prealloc(%u, %u) returned %d, expected 0",
				   start, end, ret);
		if (calls(t, FAKE_PAGE) != missing ||
		    live_delta(t, FAKE_PAGE) != missing)
			model_fail(m,
				   "prealloc(%u, %u) made %ld page calls and kept %ld, for %lu missing pages",
				   start, end, calls(t, FAKE_PAGE),
				   live_delta(t, FAKE_PAGE), missing);
		for (part = map_first; map_has_parts(m) && part <= map_last; part++)
			t_add_path(&map, part, map.geo->levels);
		for (part = first; !m->geo.in_base && part <= last; part++) {
			t_add_path(&main, part, m->geo.levels);
			if (part == last)
				break;
		}
		return;
	}
	if (ret != -ENOMEM)
		model_fail(m, "prealloc(%u, %u) returned %d after a failed allocation, expected %d",
			   start, end, ret, -ENOMEM);
	kept = live_delta(t, FAKE_PAGE);
	if (kept > calls(t, FAKE_PAGE) - injected(t, FAKE_PAGE))
		model_fail(m, "prealloc(%u, %u) kept more pages than it allocated",
			   start, end);
	if (map_has_parts(m))
		kept = adopt_pages(m, &map, kept, map_first, map_last);
	if (!m->geo.in_base)
		kept = adopt_pages(m, &main, kept, first, last);
	if (kept)
		model_fail(m, "failed prealloc(%u, %u) kept %ld pages no part explains",
			   start, end, kept);
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
	if (want || (m->geo.in_base && !map_has_parts(m))) {
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

static unsigned long map_pages(const struct fa_model *m)
{
	return m->map_present + m->map_nodes;
}

void model_free_parts(struct fa_model *m)
{
	long pages = m->nr_present + m->nr_nodes + map_pages(m);
	struct traffic t;

	m->op++;
	traffic_start(&t);
	flex_array_free_parts(m->fa);
	traffic_stop(&t);

	/* Every page goes, pages of pointers and of the map too. */
	if (calls(&t, FAKE_KMALLOC) || calls(&t, FAKE_PAGE) ||
	    live_delta(&t, FAKE_KMALLOC) || live_delta(&t, FAKE_PAGE) != -pages)
		model_fail(m,
			   "free_parts: %ld allocator calls, %ld pages and %ld kmalloc freed, expected %ld pages",
			   calls(&t, FAKE_KMALLOC) + calls(&t, FAKE_PAGE),
			   -live_delta(&t, FAKE_PAGE),
			   -live_delta(&t, FAKE_KMALLOC), pages);

	/* A mark only ever stands in a present part, or in the base. */
	if (m->geo.in_base)
		clear_range(m, 0, m->total);
	else
		clear_present_parts(m);
	set_clear(&m->map_pages);
	m->map_present = 0;
	m->map_nodes = 0;
}

/*
 * Exactly what shrink must free: the parts with no element stored, whatever
 * their bytes; the map's parts with no mark; and then every page of
 * pointers of either with nothing left below it.
 */
unsigned long model_shrink(struct fa_model *m)
{
	struct tree main = main_tree(m), map = map_tree(m);
	unsigned long ret, warnings, want = 0;
	unsigned int *parts, nr, i, kept;
	struct traffic t;

	m->op++;
	traffic_start(&t);
	ret = flex_array_shrink(m->fa);
	traffic_stop(&t);
	/* Shrinking an untracked array is a misuse the library warns of. */
	warnings = fake_take_warnings();
	if (warnings != !m->tracked)
		model_fail(m, "shrink raised %lu warnings, expected %d",
			   warnings, !m->tracked);

	if (m->tracked && !m->geo.in_base) {
		nr = t_sorted_parts(&main, &parts);
		for (i = kept = 0; i < nr; i++) {
			if (any_bit(m->stored, part_first(m, parts[i]),
				    part_end(m, parts[i])))
				parts[kept++] = parts[i];
			else	/* Unstored bytes, poked ones too, go with it. */
				clear_range(m, part_first(m, parts[i]),
					    part_end(m, parts[i]));
		}
		want += t_keep_only(&main, parts, kept);
		free(parts);
	}
	if (map_has_parts(m)) {
		nr = t_sorted_parts(&map, &parts);
		for (i = kept = 0; i < nr; i++)
			if (any_bit(m->stored, t_part_first(&map, parts[i]),
				    t_part_end(&map, parts[i])))
				parts[kept++] = parts[i];
		want += t_keep_only(&map, parts, kept);
		free(parts);
	}

	if (calls(&t, FAKE_KMALLOC) || calls(&t, FAKE_PAGE) ||
	    frees(&t, FAKE_KMALLOC) || frees(&t, FAKE_PAGE) != want ||
	    live_delta(&t, FAKE_PAGE) != -(long)want || ret != want)
		model_fail(m,
			   "shrink returned %lu, made %ld allocator calls, freed %ld pages and %ld kmalloc; expected %lu pages freed and returned",
			   ret, calls(&t, FAKE_KMALLOC) + calls(&t, FAKE_PAGE),
			   frees(&t, FAKE_PAGE), frees(&t, FAKE_KMALLOC), want);
	return ret;
}

void model_free(struct fa_model *m)
{
	long pages = m->nr_present + m->nr_nodes + map_pages(m);
	long kmallocs = 1 + m->tracked;
	struct traffic t;

	if (!m->fa)
		return;
	m->op++;
	traffic_start(&t);
	flex_array_free(m->fa);
	traffic_stop(&t);

	if (calls(&t, FAKE_KMALLOC) || calls(&t, FAKE_PAGE) ||
	    live_delta(&t, FAKE_KMALLOC) != -kmallocs ||
	    live_delta(&t, FAKE_PAGE) != -pages)
		model_fail(m, "free released %ld kmalloc and %ld pages, expected %ld and %ld",
			   -live_delta(&t, FAKE_KMALLOC),
			   -live_delta(&t, FAKE_PAGE), kmallocs, pages);
	model_release(m);
}

static void verify_books(struct fa_model *m)
{
	size_t want_bytes = m->geo.base_size +
			    (m->tracked ? m->map_geo.base_size : 0);
	unsigned long want_kmallocs = 1 + m->tracked;
	struct fake_counts c;
	unsigned long pages, kmallocs;
	size_t bytes;

	fake_get_counts(&c);
	pages = c.live[FAKE_PAGE] - m->base_live[FAKE_PAGE];
	kmallocs = c.live[FAKE_KMALLOC] - m->base_live[FAKE_KMALLOC];
	bytes = c.live_bytes[FAKE_KMALLOC] - m->base_live_bytes[FAKE_KMALLOC];
	if (kmallocs != want_kmallocs || bytes != want_bytes ||
	    pages != m->nr_present + m->nr_nodes + map_pages(m))
		model_fail(m,
			   "live: %lu kmalloc of %zu bytes and %lu pages, expected %lu of %zu and %lu",
			   kmallocs, bytes, pages, want_kmallocs, want_bytes,
			   m->nr_present + m->nr_nodes + map_pages(m));
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

/* The map's bytes for elements [first, end) are the marks, at @p on. */
static void verify_marks(struct fa_model *m, const u8 *p, unsigned int first,
			 unsigned int end)
{
	unsigned int nr;

	for (nr = first; nr < end; nr++, p++) {
		if (*p != test_bit_ul(m->stored, nr)) {
			model_fail(m, "map byte of element %u is %u, expected %u",
				   nr, *p, test_bit_ul(m->stored, nr));
			return;
		}
	}
}

/* The map holds a byte per element stored, in the pages it must have. */
static void verify_map(struct fa_model *m)
{
	struct tree map = map_tree(m);
	unsigned int *parts, nr, i, first;
	const u8 *p;

	if (!m->tracked)
		return;
	if (m->map_geo.in_base) {
		p = flex_array_get(map.fa, 0);
		if (m->total && !p)
			model_fail(m, "the map in its base has no element 0");
		else if (m->total)
			verify_marks(m, p, 0, m->total);
		return;
	}
	nr = t_sorted_parts(&map, &parts);
	for (i = 0; i < nr; i++) {
		first = t_part_first(&map, parts[i]);
		p = flex_array_get(map.fa, first);
		if (!p) {
			model_fail(m, "map part %u is missing", parts[i]);
			break;
		}
		verify_marks(m, p, first, t_part_end(&map, parts[i]));
		/* The part after it, if absent, really is. */
		if (parts[i] + 1 < m->map_geo.nr_parts &&
		    (i + 1 == nr || parts[i + 1] != parts[i] + 1) &&
		    flex_array_get(map.fa, t_part_end(&map, parts[i])))
			model_fail(m, "map part %u is present, expected absent",
				   parts[i] + 1);
	}
	free(parts);
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
	verify_map(m);
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
