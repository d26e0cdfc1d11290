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
 * by shifting and masking the element's byte offset in the array when the
 * element size is a power of two and the array has one or two levels, and
 * otherwise by a multiplication by a reciprocal computed once by
 * flex_array_alloc(): no lookup divides.
 *
 * The main operations are:
 *
 * - flex_array_alloc() creates an array, flex_array_free() destroys it.
 * - flex_array_put() copies an object in; flex_array_get() returns the
 *   address of an element in place.
 * - flex_array_prealloc() allocates every part of an index range ahead of
 *   time, so that later puts into it cannot fail and never sleep.
 * - flex_array_free_parts() drops every element but keeps the array.
 * - flex_array_clear() drops one element; in an array from
 *   flex_array_alloc_tracked(), flex_array_shrink() then frees the parts
 *   that hold no element any more.
 * - flex_array_for_each() visits the elements that have memory, a part at
 *   a time: within a part, the next element is one addition away.
 *
 * flex_array_get() and flex_array_put() are calls, small at every call
 * site.  Loops where the lookup itself is the cost can use
 * flex_array_get_inlined() and flex_array_put_inlined() instead, which
 * expand the lookup in place; a loop over elements in order is quicker
 * still with flex_array_for_each().
 *
 * Memory handed out by the library is always zeroed: an element that was
 * never stored reads as zeroes, never as stale kernel data, whether or not
 * the caller passed __GFP_ZERO.  __GFP_HIGHMEM and __GFP_MOVABLE are masked
 * off: the library needs its pages mapped, and cannot move them.
 *
 * Flexible arrays take no locks.  A missing part is installed with an
 * atomic compare-and-exchange, so puts, gets and preallocations of
 * distinct elements may run concurrently without a lock.  Two writers of
 * the same element, and flex_array_free_parts(), flex_array_shrink() or
 * flex_array_free() against anything else, need mutual exclusion provided
 * by the caller.
 */

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/limits.h>
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
	/* Bytes of elements in a part: a page less its unused tail. */
	unsigned int part_bytes;
	/*
	 * Steps from the base to a part: 0 when the elements live in
	 * @elements, 1 when @parts points at the parts themselves, more when
	 * it points at pages of pointers, each level indexed by
	 * FLEX_ARRAY_PTR_SHIFT bits of the part number.
	 */
	u8 levels;
	/*
	 * Shift that turns a part number into an index into @parts, in an
	 * array with parts: (@levels - 1) * FLEX_ARRAY_PTR_SHIFT.
	 */
	u8 top_shift;
	/*
	 * How an index turns into an element, which the lookups test after
	 * the range: one of the FLEX_ARRAY_LOOKUP_* values below.
	 */
	u8 lookup;
	/* Divides an index by the number of elements in a part. */
	struct reciprocal_value part_div;
	/*
	 * In arrays from flex_array_alloc_tracked(), a byte per element, set
	 * while the element holds data stored by flex_array_put().
	 */
	struct flex_array *stored;
	union {
		DECLARE_FLEX_ARRAY(void *, parts);
		DECLARE_FLEX_ARRAY(u8, elements);
	};
};

/*
 * Values of @lookup in struct flex_array, in the order the lookups test
 * them: the shapes of the large arrays whose lookups are hot loops first,
 * the small arrays that live in their base and the deepest ones last.
 * PAGED: the element size is a power of two, parts are whole pages, and
 * the byte offset of an element in the array gives its part and its offset
 * in the part's page.  DIVIDED: an index is divided by the elements in a
 * part, by reciprocal.  _1 and _2: the base points at the parts, or at one
 * level of pages of pointers to them.  IN_BASE: the elements live in the
 * base.  DEEP: more levels, a lookup out of line.
 */
enum {
	FLEX_ARRAY_LOOKUP_PAGED_1,
	FLEX_ARRAY_LOOKUP_PAGED_2,
	FLEX_ARRAY_LOOKUP_DIVIDED_1,
	FLEX_ARRAY_LOOKUP_DIVIDED_2,
	FLEX_ARRAY_LOOKUP_IN_BASE,
	FLEX_ARRAY_LOOKUP_DEEP,
};

/* Bytes after the header of a one-page base: for elements or pointers. */
#define FLEX_ARRAY_BASE_BYTES	(PAGE_SIZE - sizeof(struct flex_array))
/* Parts a base can point at directly. */
#define FLEX_ARRAY_BASE_PTRS	(FLEX_ARRAY_BASE_BYTES / sizeof(void *))
/* Pointers per page of pointers, as a shift. */
#define FLEX_ARRAY_PTR_SHIFT	(PAGE_SHIFT - ilog2(sizeof(void *)))

struct flex_array *flex_array_alloc(int element_size, unsigned int total,
				    gfp_t flags);
struct flex_array *flex_array_alloc_tracked(int element_size,
					    unsigned int total, gfp_t flags);
int flex_array_clear(struct flex_array *fa, unsigned int element_nr);
unsigned long flex_array_shrink(struct flex_array *fa);
int __must_check flex_array_prealloc(struct flex_array *fa, unsigned int start,
				     unsigned int end, gfp_t flags);
void flex_array_free_parts(struct flex_array *fa);
void flex_array_free(struct flex_array *fa);
void *flex_array_get(struct flex_array *fa, unsigned int element_nr);
int flex_array_put(struct flex_array *fa, unsigned int element_nr,
		   const void *src, gfp_t flags);
void *flex_array_next(struct flex_array *fa, unsigned int *index);
int __flex_array_put(struct flex_array *fa, unsigned int element_nr,
		     const void *src, gfp_t flags);
bool __flex_array_set_stored(struct flex_array *fa, unsigned int element_nr);
void *__flex_array_get_deep(struct flex_array *fa, unsigned int element_nr);

/*
 * The page of pointers that holds the slot of part @part in a two-level
 * array, or NULL if it is missing; the slot is its entry
 * @part & (BIT(FLEX_ARRAY_PTR_SHIFT) - 1).  A page pointer is read with
 * READ_ONCE() alone: see flex_array_ensure_page() for why that orders the
 * page's zeroing before any use of it.
 */
static __always_inline void **__flex_array_node(struct flex_array *fa,
						unsigned int part)
{
	/* @fa->top_shift is FLEX_ARRAY_PTR_SHIFT, a constant. */
	return READ_ONCE(fa->parts[part >> FLEX_ARRAY_PTR_SHIFT]);
}

/*
 * The offset of element @element_nr in the page of its part @part: its
 * offset in the array less its part's.  Both products may wrap; their
 * difference is exact.
 */
static __always_inline unsigned int
__flex_array_part_offset(const struct flex_array *fa, unsigned int element_nr,
			 unsigned int part)
{
	return element_nr * fa->element_size - part * fa->part_bytes;
}

/* Elements in the base, or below more than two levels: a call. */
static __always_inline bool __flex_array_find_other(struct flex_array *fa,
						    unsigned int element_nr,
						    void **elem)
{
	if (fa->lookup == FLEX_ARRAY_LOOKUP_IN_BASE) {
		*elem = fa->elements + (size_t)element_nr * fa->element_size;
		return true;
	}
	*elem = __flex_array_get_deep(fa, element_nr);
	return !!*elem;
}

/*
 * The lookup of every array __flex_array_find() does not handle with a
 * byte offset: element sizes that are not a power of two, and the
 * elements in the base or below more than two levels.  As
 * __flex_array_find().
 */
static __always_inline bool __flex_array_find_divided(struct flex_array *fa,
						      unsigned int element_nr,
						      void **elem)
{
	unsigned int part = reciprocal_divide(element_nr, fa->part_div);
	void **node, **slot;
	u8 *page;

	if (likely(fa->lookup == FLEX_ARRAY_LOOKUP_DIVIDED_1)) {
		slot = &fa->parts[part];
	} else if (likely(fa->lookup == FLEX_ARRAY_LOOKUP_DIVIDED_2)) {
		node = __flex_array_node(fa, part);
		if (!node)
			return false;
		slot = &node[part & (BIT(FLEX_ARRAY_PTR_SHIFT) - 1)];
	} else {
		return __flex_array_find_other(fa, element_nr, elem);
	}
	page = READ_ONCE(*slot);
	if (!page)
		return false;
	*elem = page + __flex_array_part_offset(fa, element_nr, part);
	return true;
}

/*
 * Find element @element_nr: store its address in *@elem and return true,
 * or return false if the index is out of range or its memory missing.
 * The answer comes from the test of the page pointer, so that a caller
 * branching on it does not test the address again: the kernel is built
 * with -fno-delete-null-pointer-checks, and the compiler cannot know that
 * a page plus an offset is not NULL.
 */
static __always_inline bool __flex_array_find(struct flex_array *fa,
					      unsigned int element_nr,
					      void **elem)
{
	void **node, **slot;
	u64 offset;
	u8 *page;

	if (unlikely(element_nr >= fa->total))
		return false;
	/* The byte offset of the element gives its part and its place there. */
	if (likely(fa->lookup == FLEX_ARRAY_LOOKUP_PAGED_1)) {
		offset = (u64)element_nr * fa->element_size;
		slot = &fa->parts[offset >> PAGE_SHIFT];
	} else if (likely(fa->lookup == FLEX_ARRAY_LOOKUP_PAGED_2)) {
		offset = (u64)element_nr * fa->element_size;
		node = __flex_array_node(fa, offset >> PAGE_SHIFT);
		if (!node)
			return false;
		slot = &node[(offset >> PAGE_SHIFT) &
			     (BIT(FLEX_ARRAY_PTR_SHIFT) - 1)];
	} else {
		return __flex_array_find_divided(fa, element_nr, elem);
	}
	page = READ_ONCE(*slot);
	if (!page)
		return false;
	*elem = page + (offset & ~PAGE_MASK);
	return true;
}

/**
 * flex_array_get_inlined() - Find an element, with the lookup inline.
 * @fa: The array.
 * @element_nr: Index of the element.
 *
 * As flex_array_get(), expanded at the call site: a few hundred bytes of
 * code, worth it only in a loop whose cost is the lookup.
 *
 * Context: Any context.
 * Return: As for flex_array_get().
 */
static __always_inline void *flex_array_get_inlined(struct flex_array *fa,
						    unsigned int element_nr)
{
	void *elem;

	return __flex_array_find(fa, element_nr, &elem) ? elem : NULL;
}

/*
 * Copy an element in.  The sizes that fit in a register or two get copies
 * of a constant size, which the compiler turns into moves, not a call.
 */
static __always_inline void __flex_array_copy(void *dst, const void *src,
					      unsigned int size)
{
	/*
	 * @src holds @size bytes.  Hide what the compiler knows of it, or it
	 * checks the object against the copies of the other sizes too.
	 */
	OPTIMIZER_HIDE_VAR(src);
	switch (size) {
	case 1:
		memcpy(dst, src, 1);
		break;
	case 2:
		memcpy(dst, src, 2);
		break;
	case 4:
		memcpy(dst, src, 4);
		break;
	case 8:
		memcpy(dst, src, 8);
		break;
	case 12:
		memcpy(dst, src, 12);
		break;
	case 16:
		memcpy(dst, src, 16);
		break;
	case 24:
		memcpy(dst, src, 24);
		break;
	case 32:
		memcpy(dst, src, 32);
		break;
	default:
		memcpy(dst, src, size);
	}
}

/**
 * flex_array_put_inlined() - Copy an object in, with the lookup inline.
 * @fa: The array.
 * @element_nr: Index to store at; must be below @fa->total.
 * @src: The object, @fa->element_size bytes long.
 * @flags: Allocation flags, as for flex_array_put().
 *
 * As flex_array_put(), with the lookup and the copy expanded at the call
 * site: several hundred bytes of code, worth it only in a loop of puts.
 * A part that must be allocated, and the record of a tracked array, take
 * a call.
 *
 * Context: As for flex_array_put().
 * Return: As for flex_array_put().
 */
static __always_inline int flex_array_put_inlined(struct flex_array *fa,
						  unsigned int element_nr,
						  const void *src, gfp_t flags)
{
	void *dst;

	if (unlikely(!__flex_array_find(fa, element_nr, &dst)))
		return __flex_array_put(fa, element_nr, src, flags);
	/*
	 * A tracked array records the element as stored.  The copy cannot
	 * fail once the mark is found, so the mark may come first: until the
	 * copy is done, only flex_array_clear() of this element or
	 * flex_array_shrink() could see the mark without its data, and
	 * neither may run against a put of it.
	 */
	if (unlikely(fa->stored) &&
	    unlikely(!__flex_array_set_stored(fa, element_nr)))
		return __flex_array_put(fa, element_nr, src, flags);
	__flex_array_copy(dst, src, fa->element_size);
	return 0;
}

/**
 * flex_array_put_ptr() - Store a pointer in an array of pointers.
 * @fa: The array; its elements must be the size of a pointer.
 * @element_nr: Index to store at.
 * @ptr: The pointer.
 * @flags: Allocation flags, as for flex_array_put().
 *
 * Context: As for flex_array_put().
 * Return: As for flex_array_put(), or -EINVAL if the elements of @fa are
 * not pointers.
 */
static inline int flex_array_put_ptr(struct flex_array *fa,
				     unsigned int element_nr, void *ptr,
				     gfp_t flags)
{
	if (WARN_ON_ONCE(fa->element_size != sizeof(ptr)))
		return -EINVAL;
	return flex_array_put(fa, element_nr, &ptr, flags);
}

/**
 * flex_array_get_ptr() - Read a pointer from an array of pointers.
 * @fa: The array; its elements must be the size of a pointer.
 * @element_nr: Index of the element.
 *
 * Context: Any context.
 * Return: The pointer stored at @element_nr, or %NULL if none was: out of
 * range, never stored, or the elements of @fa are not pointers.
 */
static inline void *flex_array_get_ptr(struct flex_array *fa,
				       unsigned int element_nr)
{
	void **slot;

	if (WARN_ON_ONCE(fa->element_size != sizeof(*slot)))
		return NULL;
	slot = flex_array_get(fa, element_nr);
	return slot ? *slot : NULL;
}

/**
 * struct flex_array_iter - A position in a walk over a flexible array.
 * @index: Index of the element the walk is at.
 *
 * Initialise it with flex_array_iter_init(); flex_array_iter_peek() then
 * gives the element at or after @index that has memory, and
 * flex_array_iter_advance() steps past it.  The walk keeps the run of
 * elements of the current part at hand, so that stepping within it is one
 * addition; only moving to the next part takes a call.
 */
struct flex_array_iter {
	unsigned int index;
	/* private: */
	/* The element at @index, and the end of its part's run. */
	u8 *elem;
	u8 *end;
	/* The array's element size, kept at hand. */
	size_t step;
};

struct flex_array_iter __flex_array_iter_seek(struct flex_array *fa,
					      unsigned int index);

/**
 * flex_array_iter_init() - Start a walk.
 * @iter: The iterator.
 * @start: Index to start from.
 *
 * Context: Any context.
 */
static inline void flex_array_iter_init(struct flex_array_iter *iter,
					unsigned int start)
{
	*iter = (struct flex_array_iter){ .index = start };
}

/*
 * Whether the walk has an element at @iter->index or after it: as
 * flex_array_iter_peek(), with the test for the end of the walk only where
 * a run of elements ends, not at every element.
 */
static __always_inline bool __flex_array_iter_more(struct flex_array *fa,
						   struct flex_array_iter *iter)
{
	if (likely(iter->elem != iter->end))
		return true;
	*iter = __flex_array_iter_seek(fa, iter->index);
	return iter->elem;
}

/**
 * flex_array_iter_peek() - The element a walk has reached.
 * @fa: The array.
 * @iter: The iterator.
 *
 * Skips, without touching them, the parts that are not allocated, and
 * whole missing pages of pointers; sets @iter->index to the element found.
 * Elements of allocated parts are found whether or not they were stored:
 * they read as zeroes if not.
 *
 * Context: Any context.
 * Return: The address of the first element at or after @iter->index whose
 * part is allocated, or %NULL if there is none.
 */
static __always_inline void *flex_array_iter_peek(struct flex_array *fa,
						  struct flex_array_iter *iter)
{
	return __flex_array_iter_more(fa, iter) ? iter->elem : NULL;
}

/**
 * flex_array_iter_advance() - Step a walk past the element it is at.
 * @iter: The iterator, which flex_array_iter_peek() found an element for.
 *
 * Context: Any context.
 */
static __always_inline void flex_array_iter_advance(struct flex_array_iter *iter)
{
	iter->index++;
	iter->elem += iter->step;
}

/**
 * flex_array_for_each_from() - Iterate over elements that have memory.
 * @fa: The array.
 * @nr: An unsigned int, set to the index of each element in turn.
 * @ptr: A pointer, set to the address of each element in turn.
 * @start: Index to start from.
 *
 * Visits, in index order, every element from @start on whose part is
 * allocated: see flex_array_iter_peek().  The walk keeps its own position:
 * changing @nr in the body does not move it.
 */
#define flex_array_for_each_from(fa, nr, ptr, start)			\
	for (struct flex_array_iter __fa_iter = { .index = (start) };	\
	     __flex_array_iter_more(fa, &__fa_iter) &&			\
	     ((void)((ptr) = (void *)__fa_iter.elem),			\
	      (nr) = __fa_iter.index, true);				\
	     flex_array_iter_advance(&__fa_iter))

/**
 * flex_array_for_each() - Iterate over all elements that have memory.
 * @fa: The array.
 * @nr: An unsigned int, set to the index of each element in turn.
 * @ptr: A pointer, set to the address of each element in turn.
 */
#define flex_array_for_each(fa, nr, ptr)				\
	flex_array_for_each_from(fa, nr, ptr, 0)

#endif /* _LINUX_FLEX_ARRAY_H */
