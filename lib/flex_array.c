// SPDX-License-Identifier: GPL-2.0
/*
 * Flexible arrays: fixed-size objects addressed by index, stored in memory
 * obtained one page at a time.
 *
 * The fast paths, flex_array_get() and flex_array_put(), are inline in
 * <linux/flex_array.h>; this file creates and destroys arrays and allocates
 * the parts those fast paths find missing.
 */

#include <linux/export.h>
#include <linux/flex_array.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/slab.h>

/* Bytes after the header of a base page: elements or part pointers. */
#define FLEX_ARRAY_BASE_ROOM	(PAGE_SIZE - sizeof(struct flex_array))
#define FLEX_ARRAY_MAX_PARTS	(FLEX_ARRAY_BASE_ROOM / sizeof(void *))

/*
 * Every allocation is zeroed so that elements never stored read as zeroes
 * rather than stale data, and is kept out of highmem because the library
 * addresses its memory directly.  __GFP_ZERO costs nothing extra where
 * init_on_alloc already clears pages.
 */
static gfp_t flex_array_gfp(gfp_t flags)
{
	return (flags & ~__GFP_HIGHMEM) | __GFP_ZERO;
}

static unsigned int flex_array_part_of(const struct flex_array *fa,
				       unsigned int element_nr)
{
	return reciprocal_divide(element_nr, fa->part_div);
}

static unsigned int flex_array_nr_parts(const struct flex_array *fa)
{
	return fa->levels ? flex_array_part_of(fa, fa->total - 1) + 1 : 0;
}

/**
 * flex_array_alloc() - Create a flexible array.
 * @element_size: Size of each element in bytes, 1 to %PAGE_SIZE.
 * @total: Maximum number of elements the array will hold.
 * @flags: Allocation flags for the base.  Parts are allocated later with
 *	   the flags of the call that needs them.  __GFP_HIGHMEM is ignored.
 *
 * Allocates only the base, sized to hold either all the elements, when
 * they fit in one page beside the header, or one pointer per part.  Parts
 * are allocated later, by flex_array_put() or flex_array_prealloc().
 *
 * Context: Process context if @flags allow sleeping, otherwise any context.
 * Return: The new array, or %NULL if @element_size is out of range, if
 * @total elements need more parts than one base page can point to, or if
 * memory is short.
 */
struct flex_array *flex_array_alloc(int element_size, unsigned int total,
				    gfp_t flags)
{
	unsigned int elems_per_part = 0, nr_parts = 0;
	struct flex_array *fa;
	size_t bytes;

	if (element_size <= 0 || element_size > PAGE_SIZE)
		return NULL;
	if (check_mul_overflow((size_t)element_size, (size_t)total, &bytes))
		return NULL;

	if (bytes <= FLEX_ARRAY_BASE_ROOM) {
		fa = kmalloc(struct_size(fa, elements, bytes),
			     flex_array_gfp(flags));
	} else {
		elems_per_part = PAGE_SIZE / element_size;
		nr_parts = total / elems_per_part +
			   !!(total % elems_per_part);
		if (nr_parts > FLEX_ARRAY_MAX_PARTS)
			return NULL;
		fa = kmalloc(struct_size(fa, parts, nr_parts),
			     flex_array_gfp(flags));
	}
	if (!fa)
		return NULL;

	fa->element_size = element_size;
	fa->total = total;
	if (nr_parts) {
		fa->levels = 1;
		fa->elems_per_part = elems_per_part;
		fa->part_div = reciprocal_value(elems_per_part);
	}
	return fa;
}
EXPORT_SYMBOL_GPL(flex_array_alloc);

/*
 * Return the page in @slot, first installing a zeroed one if it is empty.
 * Racing callers may both allocate; the loser frees its page and uses the
 * winner's.
 */
static void *flex_array_ensure_part(void **slot, gfp_t flags)
{
	void *page, *old;

	/* Pairs with the cmpxchg() below, done by whoever installed it. */
	page = smp_load_acquire(slot);
	if (page)
		return page;

	page = (void *)__get_free_page(flex_array_gfp(flags));
	if (!page)
		return NULL;
	/*
	 * Fully ordered: the release half publishes the zeroing to readers
	 * of the slot, the acquire half orders our use of a winner's page
	 * after its zeroing.
	 */
	old = cmpxchg(slot, NULL, page);
	if (old) {
		free_page((unsigned long)page);
		return old;
	}
	return page;
}

/**
 * __flex_array_put() - Store an element, allocating its part if needed.
 * @fa: The array.
 * @element_nr: Index to store at.
 * @src: The object, @fa->element_size bytes long.
 * @flags: Allocation flags for the part.
 *
 * The slow path of flex_array_put(), which should be called instead.
 *
 * Context: Process context if @flags allow sleeping, otherwise any context.
 * Return: 0 on success, -ENOSPC if @element_nr is out of range, -ENOMEM if
 * the part could not be allocated; the array is unchanged on error.
 */
int __flex_array_put(struct flex_array *fa, unsigned int element_nr,
		     const void *src, gfp_t flags)
{
	unsigned int part;

	if (element_nr >= fa->total)
		return -ENOSPC;
	if (fa->levels) {
		part = flex_array_part_of(fa, element_nr);
		if (!flex_array_ensure_part(&fa->parts[part], flags))
			return -ENOMEM;
	}
	memcpy(flex_array_get(fa, element_nr), src, fa->element_size);
	return 0;
}
EXPORT_SYMBOL_GPL(__flex_array_put);

/**
 * flex_array_prealloc() - Allocate the parts behind a range of elements.
 * @fa: The array.
 * @start: Index of the first element of the range.
 * @end: Index of the last element of the range, inclusive.
 * @flags: Allocation flags for the parts.
 *
 * Makes sure every element from @start to @end has its memory, so that a
 * later flex_array_put() into that range neither fails nor sleeps: it may
 * then be called under a spinlock or in an interrupt handler.  Parts that
 * are already present are left alone.
 *
 * Context: Process context if @flags allow sleeping, otherwise any context.
 * Return: 0 on success, -ENOSPC if @start or @end is not below @fa->total,
 * -EINVAL if @start is greater than @end, -ENOMEM if a part could not be
 * allocated.  Parts allocated before a failure stay in place, so calling
 * again finishes the job.
 */
int flex_array_prealloc(struct flex_array *fa, unsigned int start,
			unsigned int end, gfp_t flags)
{
	unsigned int part, last;

	if (start >= fa->total || end >= fa->total)
		return -ENOSPC;
	if (start > end)
		return -EINVAL;
	might_sleep_if(gfpflags_allow_blocking(flags));
	if (!fa->levels)
		return 0;

	last = flex_array_part_of(fa, end);
	for (part = flex_array_part_of(fa, start); part <= last; part++)
		if (!flex_array_ensure_part(&fa->parts[part], flags))
			return -ENOMEM;
	return 0;
}
EXPORT_SYMBOL_GPL(flex_array_prealloc);

static void flex_array_release_parts(struct flex_array *fa)
{
	unsigned int part, nr_parts = flex_array_nr_parts(fa);

	for (part = 0; part < nr_parts; part++) {
		free_page((unsigned long)fa->parts[part]);
		fa->parts[part] = NULL;
	}
}

/**
 * flex_array_free_parts() - Remove every element of a flexible array.
 * @fa: The array.
 *
 * Frees every part, leaving an empty array that can be used again: gets
 * return %NULL until puts allocate parts afresh.  The elements of an array
 * small enough to live in its base have no part to free; they are cleared
 * to zeroes instead and keep their addresses.
 *
 * Context: Any context.  Must not race with any other use of @fa.
 */
void flex_array_free_parts(struct flex_array *fa)
{
	if (fa->levels)
		flex_array_release_parts(fa);
	else
		memset(fa->elements, 0, (size_t)fa->total * fa->element_size);
}
EXPORT_SYMBOL_GPL(flex_array_free_parts);

/**
 * flex_array_free() - Destroy a flexible array.
 * @fa: The array, or %NULL.
 *
 * Frees the parts and the base; @fa must not be used afterwards.
 *
 * Context: Any context.  Must not race with any other use of @fa.
 */
void flex_array_free(struct flex_array *fa)
{
	if (!fa)
		return;
	flex_array_release_parts(fa);
	kfree(fa);
}
EXPORT_SYMBOL_GPL(flex_array_free);
