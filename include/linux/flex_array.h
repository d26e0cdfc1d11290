/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_FLEX_ARRAY_H
#define _LINUX_FLEX_ARRAY_H

/**
 * DOC: Flexible arrays
 *
 * A flexible array stores up to @total objects of one fixed size, each
 * addressed by an index, without ever asking the allocator for more than
 * one page at a time.  It is meant for arrays too large for a dependable
 * kmalloc() that should still not pay the costs of vmalloc(): its parts
 * come from order-0 page allocations, which rarely fail.
 *
 * The array is described by one base allocation of at most one page.  When
 * all the elements fit in it after the header, they are stored there and
 * the array is that single allocation, sized to what it holds.  Otherwise
 * the base holds one pointer per part: a page of elements, allocated the
 * first time flex_array_put() or flex_array_prealloc() needs it.  Arrays
 * with more parts than the base can point at, up to %UINT_MAX elements of
 * any size, add levels of pointer pages between the base and the parts,
 * also allocated on demand.  An index is turned into a part and an offset
 * with a multiplication by a reciprocal computed once by flex_array_alloc(),
 * so lookups never divide.
 *
 * The main operations are:
 *
 * - flex_array_alloc() creates an array, flex_array_free() destroys it.
 * - flex_array_put() copies an object in; flex_array_get() returns the
 *   address of an element in place.
 * - flex_array_prealloc() allocates every part of an index range ahead of
 *   time, so that later puts into it cannot fail and never sleep.
 * - flex_array_free_parts() drops every element but keeps the array.
 *
 * Memory handed out by the library is always zeroed: an element that was
 * never stored reads as zeroes, never as stale kernel data, whether or not
 * the caller passed __GFP_ZERO.  __GFP_HIGHMEM is masked off, since the
 * library needs its pages mapped.
 *
 * Flexible arrays take no locks.  A missing part is installed with an
 * atomic compare-and-exchange, so puts, gets and preallocations of
 * distinct elements may run concurrently without a lock.  Two writers of
 * the same element, and flex_array_free_parts() or flex_array_free()
 * against anything else, need mutual exclusion provided by the caller.
 */

#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/reciprocal_div.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/page.h>

/**
 * struct flex_array - An array of fixed-size objects built from pages.
 * @element_size: Size of one element in bytes, at most %PAGE_SIZE.
 * @total: Number of elements the array can hold; valid indices are
 *	   0 to @total - 1.
 *
 * The structure is allocated by flex_array_alloc() and must be treated as
 * read-only by its users.
 */
struct flex_array {
	unsigned int element_size;
	unsigned int total;
	/* private: */
	unsigned int elems_per_part;
	/*
	 * Steps from the base to a part: 0 when the elements live in
	 * @elements, 1 when @parts points at the parts themselves, more when
	 * it points at pages of pointers, each level indexed by
	 * FLEX_ARRAY_PTR_SHIFT bits of the part number.
	 */
	u8 levels;
	/* Shift that turns a part number into an index into @parts. */
	u8 top_shift;
	/* Divides an index by @elems_per_part. */
	struct reciprocal_value part_div;
	union {
		DECLARE_FLEX_ARRAY(void *, parts);
		DECLARE_FLEX_ARRAY(u8, elements);
	};
};

/* Pointers per page of pointers, as a shift. */
#define FLEX_ARRAY_PTR_SHIFT	(PAGE_SHIFT - ilog2(sizeof(void *)))

struct flex_array *flex_array_alloc(int element_size, unsigned int total,
				    gfp_t flags);
int __must_check flex_array_prealloc(struct flex_array *fa, unsigned int start,
				     unsigned int end, gfp_t flags);
void flex_array_free_parts(struct flex_array *fa);
void flex_array_free(struct flex_array *fa);
int __flex_array_put(struct flex_array *fa, unsigned int element_nr,
		     const void *src, gfp_t flags);
void *__flex_array_find_part(struct flex_array *fa, unsigned int part);

/**
 * flex_array_get() - Find an element of a flexible array.
 * @fa: The array.
 * @element_nr: Index of the element.
 *
 * The element is returned in place: writes through the pointer change the
 * array.  Memory comes a part at a time, so an element that was never
 * stored but shares a part with one that was has an address too; it reads
 * as zeroes.
 *
 * Context: Any context.
 * Return: The address of the element, or %NULL if @element_nr is not below
 * @fa->total or the part holding it has not been allocated.
 */
static inline void *flex_array_get(struct flex_array *fa,
				   unsigned int element_nr)
{
	unsigned int part;
	u8 *page;

	if (unlikely(element_nr >= fa->total))
		return NULL;
	if (!fa->levels)
		return fa->elements + (size_t)element_nr * fa->element_size;

	part = reciprocal_divide(element_nr, fa->part_div);
	if (likely(fa->levels == 1))
		/* Pairs with the cmpxchg() that published the zeroed part. */
		page = smp_load_acquire(&fa->parts[part]);
	else
		page = __flex_array_find_part(fa, part);
	if (!page)
		return NULL;
	element_nr -= part * fa->elems_per_part;
	return page + (size_t)element_nr * fa->element_size;
}

/**
 * flex_array_put() - Copy an object into a flexible array.
 * @fa: The array.
 * @element_nr: Index to store at; must be below @fa->total.
 * @src: The object, @fa->element_size bytes long.
 * @flags: Allocation flags, used only if the part holding @element_nr has
 *	   to be allocated.
 *
 * Once the part is present the call only copies: after a successful
 * flex_array_prealloc() covering @element_nr it cannot fail and does not
 * sleep, whatever @flags say.
 *
 * Context: Any context if the part is present or @flags do not allow
 * sleeping; otherwise process context.
 * Return: 0 on success, -ENOSPC if @element_nr is out of range, -ENOMEM if
 * the part could not be allocated.
 */
static inline int flex_array_put(struct flex_array *fa,
				 unsigned int element_nr, const void *src,
				 gfp_t flags)
{
	void *dst = flex_array_get(fa, element_nr);

	if (unlikely(!dst))
		return __flex_array_put(fa, element_nr, src, flags);
	memcpy(dst, src, fa->element_size);
	return 0;
}

#endif /* _LINUX_FLEX_ARRAY_H */
