/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reference model of one flexible array, and checked operations that
 * run on the library and the model together, compare the outcomes and the
 * allocator traffic each call caused, and report every disagreement.
 */
#ifndef _FA_MODEL_H
#define _FA_MODEL_H

#include <linux/flex_array.h>
#include <linux/types.h>

#include "fake.h"

/*
 * What the documented layout says flex_array_alloc() will build: elements
 * in the base if they fit beside the header, otherwise parts of
 * PAGE_SIZE / element_size elements, reached from the base through
 * levels - 1 levels of pages of pointers.
 */
struct fa_geometry {
	bool valid;		/* false: flex_array_alloc() returns NULL */
	bool in_base;		/* elements stored in the base allocation */
	unsigned int per_part;	/* elements in one page-sized part */
	unsigned int nr_parts;
	unsigned int levels;	/* 1: the base points at the parts */
	unsigned int top_shift;	/* part number >> top_shift: base slot */
	size_t base_size;	/* bytes of the base allocation */
};

void fa_predict(int element_size, unsigned int total, struct fa_geometry *g);
/* The largest total that needs at most @levels levels (saturated). */
unsigned int fa_level_max(int element_size, unsigned int levels);
/* The largest total the model can follow: its flat image is mapped. */
unsigned int fa_model_max(int element_size);

typedef void (*model_fail_fn)(void *ctx, const char *msg);

/* A set of pages: parts and pages of pointers, keyed by depth and number. */
struct page_set {
	u64 *keys;		/* 0: empty slot */
	size_t nr_slots, nr_used;
};

struct fa_model {
	struct flex_array *fa;
	int element_size;
	unsigned int total;
	struct fa_geometry geo;

	/* What the array must hold: a flat image of all its elements... */
	u8 *bytes;
	/*
	 * ...which elements were stored by a put since they were last
	 * cleared (what a tracked array's map marks; writes through get()
	 * are not stores)...
	 */
	unsigned long *stored;
	/* ...and which pages must be present, and how many of each. */
	struct page_set pages;
	unsigned int nr_present;	/* parts */
	unsigned int nr_nodes;		/* pages of pointers */

	/*
	 * From flex_array_alloc_tracked(): the map of stored elements, a
	 * 1-byte flex_array of its own, and which of its pages are present.
	 */
	bool tracked;
	struct fa_geometry map_geo;
	struct page_set map_pages;
	unsigned int map_present, map_nodes;

	/* Library-side blocks live before flex_array_alloc(). */
	unsigned long base_live[FAKE_NR_KINDS];
	size_t base_live_bytes[FAKE_NR_KINDS];

	model_fail_fn fail;
	void *ctx;
	/* Operation count, for messages; failures seen so far. */
	unsigned long op;
	unsigned long failures;
};

void model_init(struct fa_model *m, model_fail_fn fail, void *ctx);

/* Each returns what the library returned, after checking it. */
struct flex_array *model_alloc(struct fa_model *m, int element_size,
			       unsigned int total, gfp_t flags);
struct flex_array *model_alloc_tracked(struct fa_model *m, int element_size,
				       unsigned int total, gfp_t flags);
int model_put(struct fa_model *m, unsigned int nr, const void *src,
	      gfp_t flags);
void *model_get(struct fa_model *m, unsigned int nr);
/* Only on arrays of pointer-sized elements. */
int model_put_ptr(struct fa_model *m, unsigned int nr, void *ptr, gfp_t flags);
void *model_get_ptr(struct fa_model *m, unsigned int nr);
int model_prealloc(struct fa_model *m, unsigned int start, unsigned int end,
		   gfp_t flags);
int model_clear(struct fa_model *m, unsigned int nr);
/* Returns what flex_array_shrink() returned: pages freed. */
unsigned long model_shrink(struct fa_model *m);
void model_free_parts(struct fa_model *m);
void model_free(struct fa_model *m);

/* flex_array_next() from @nr: the first element with memory. */
void *model_next(struct fa_model *m, unsigned int nr);
/*
 * flex_array_for_each_from() from @start (flex_array_for_each() from 0),
 * for at most @limit elements; returns how many it visited.
 */
unsigned long model_iterate(struct fa_model *m, unsigned int start,
			    unsigned long limit);
/* Store through the pointer flex_array_get() returns, if any. */
void model_poke(struct fa_model *m, unsigned int nr, const void *src);
/* Compare the whole array, and the allocator's books, with the model. */
void model_verify(struct fa_model *m);

/* Elements per part, or all of them for an array in its base. */
static inline unsigned int model_per_part(const struct fa_model *m)
{
	return m->geo.in_base ? (m->total ? m->total : 1) : m->geo.per_part;
}

#endif
