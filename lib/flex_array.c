// SPDX-License-Identifier: GPL-2.0
/*
 * Flexible arrays: fixed-size objects addressed by index, stored in memory
 * obtained one page at a time.
 *
 * The lookups are inline in <linux/flex_array.h>, for the _inlined
 * variants; this file has the plain calls, creates and destroys arrays,
 * and allocates the parts the lookups find missing.
 */

#include <linux/bits.h>
#include <linux/export.h>
#include <linux/flex_array.h>
#include <linux/gfp.h>
#include <linux/kcsan-checks.h>
#include <linux/kernel.h>
#include <linux/kmemleak.h>
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#define FLEX_ARRAY_PTRS		BIT(FLEX_ARRAY_PTR_SHIFT)
#define FLEX_ARRAY_PTR_MASK	(FLEX_ARRAY_PTRS - 1)

/*
 * Every allocation is zeroed so that elements never stored read as zeroes
 * rather than stale data, and pointer pages start out empty.  It is kept
 * out of highmem because the library addresses its memory directly, and
 * out of movable memory (movable pageblocks, CMA) because nothing can
 * migrate a page the library points at: a caller's GFP_HIGHUSER_MOVABLE
 * gets pages that do not stand in the way of compaction.  __GFP_ZERO costs
 * nothing extra where init_on_alloc already clears pages.
 */
static gfp_t flex_array_gfp(gfp_t flags)
{
	return (flags & ~(__GFP_HIGHMEM | __GFP_MOVABLE)) | __GFP_ZERO;
}

/* Elements in a part.  Off the get and put paths, which never divide. */
static unsigned int flex_array_per_part(const struct flex_array *fa)
{
	return fa->part_bytes / fa->element_size;
}

static unsigned int flex_array_part_of(const struct flex_array *fa,
				       unsigned int element_nr)
{
	return reciprocal_divide(element_nr, fa->part_div);
}

/* Number of slots in the base: enough for the last part. */
static unsigned int flex_array_base_slots(const struct flex_array *fa)
{
	if (!fa->levels)
		return 0;
	/* u64: @fa->top_shift reaches 32 with 256 KiB pages on 32-bit. */
	return ((u64)flex_array_part_of(fa, fa->total - 1) >> fa->top_shift) + 1;
}

/**
 * flex_array_alloc() - Create a flexible array.
 * @element_size: Size of each element in bytes, 1 to %PAGE_SIZE.
 * @total: Maximum number of elements the array will hold.
 * @flags: Allocation flags for the base.  Parts are allocated later with
 *	   the flags of the call that needs them.  __GFP_HIGHMEM and
 *	   __GFP_MOVABLE are ignored.
 *
 * Allocates only the base, sized to hold either all the elements, when
 * they fit in one page beside the header, or pointers.  Each part, a page of
 * elements, is allocated later, by flex_array_put() or flex_array_prealloc().
 * When the base cannot point at every part, it points at pages of pointers
 * instead, as many levels of them as @total needs, also allocated on demand.
 *
 * Context: Process context if @flags allow sleeping, otherwise any context.
 * Return: The new array, or %NULL if @element_size is out of range or memory
 * is short.
 */
struct flex_array *flex_array_alloc(int element_size, unsigned int total,
				    gfp_t flags)
{
	unsigned int per_part, nr_parts, levels = 1, top_shift = 0;
	struct flex_array *fa;

	might_alloc(flags);
	if (element_size <= 0 || element_size > PAGE_SIZE)
		return NULL;

	if ((u64)element_size * total <= FLEX_ARRAY_BASE_BYTES) {
		fa = kmalloc(struct_size(fa, elements, element_size * total),
			     flex_array_gfp(flags));
		if (fa) {
			fa->element_size = element_size;
			fa->total = total;
			fa->lookup = FLEX_ARRAY_LOOKUP_IN_BASE;
		}
		return fa;
	}

	per_part = PAGE_SIZE / element_size;
	/* Not inline, so @total is not 0. */
	nr_parts = (total - 1) / per_part + 1;
	/*
	 * Each level of pointer pages multiplies the reach of the base.  The
	 * shift is done in 64 bits: with 256 KiB pages on 32-bit, three
	 * levels make it 32.
	 */
	while (((u64)(nr_parts - 1) >> top_shift) >= FLEX_ARRAY_BASE_PTRS) {
		top_shift += FLEX_ARRAY_PTR_SHIFT;
		levels++;
	}

	fa = kmalloc(struct_size(fa, parts,
				 ((u64)(nr_parts - 1) >> top_shift) + 1),
		     flex_array_gfp(flags));
	if (!fa)
		return NULL;
	fa->element_size = element_size;
	fa->total = total;
	fa->part_bytes = per_part * element_size;
	fa->levels = levels;
	fa->top_shift = top_shift;
	if (levels > 2)
		fa->lookup = FLEX_ARRAY_LOOKUP_DEEP;
	else if (is_power_of_2(element_size))
		fa->lookup = levels == 1 ? FLEX_ARRAY_LOOKUP_PAGED_1 :
					   FLEX_ARRAY_LOOKUP_PAGED_2;
	else
		fa->lookup = levels == 1 ? FLEX_ARRAY_LOOKUP_DIVIDED_1 :
					   FLEX_ARRAY_LOOKUP_DIVIDED_2;
	fa->part_div = reciprocal_value(per_part);
	return fa;
}
EXPORT_SYMBOL_GPL(flex_array_alloc);

/*
 * A zeroed page for the array, made known to kmemleak, which scans it like
 * a slab object: the elements of a part may hold the only pointers to
 * other objects, and pages of pointers the only pointers to parts.  Pages
 * from the page allocator are not scanned otherwise, and what only they
 * point at would be reported as leaked.  The base, from kmalloc(), points
 * at the first level, so no page is reported while the array has it.
 */
static void *flex_array_new_page(gfp_t flags)
{
	gfp_t gfp = flex_array_gfp(flags);
	void *page = (void *)__get_free_page(gfp);

	if (page)
		kmemleak_alloc(page, PAGE_SIZE, 1, gfp);
	return page;
}

static void flex_array_free_page(void *page)
{
	kmemleak_free(page);
	free_page((unsigned long)page);
}

/*
 * Return the page in @slot, first installing a zeroed one if it is empty.
 * Racing callers may both allocate; the loser frees its page and uses the
 * winner's.
 *
 * Ordering, for every reader of a slot in this file and the header: a
 * successful cmpxchg() is fully ordered, so the page's zeroing is done
 * before the page can be seen in the slot.  A reader loads the slot with
 * READ_ONCE() and reaches the page only through the pointer it loaded;
 * those accesses carry an address dependency on the load, which orders
 * them after it (tools/memory-model), so they see the zeroes.  A failed
 * cmpxchg() is unordered, but the same holds for the winner's page it
 * returns: the loser uses it only through that value.
 */
static void *flex_array_ensure_page(void **slot, gfp_t flags)
{
	void *page, *old;

	page = READ_ONCE(*slot);
	if (page)
		return page;

	page = flex_array_new_page(flags);
	if (!page)
		return NULL;
	old = cmpxchg(slot, NULL, page);
	if (old) {
		flex_array_free_page(page);
		return old;
	}
	return page;
}

/*
 * The slot pointing at @part's page.  Missing pages of pointers on the way
 * are allocated with @flags if @alloc, otherwise end the walk with NULL.
 */
static void **flex_array_part_slot(struct flex_array *fa, unsigned int part,
				   bool alloc, gfp_t flags)
{
	unsigned int shift = fa->top_shift;
	void **slot = &fa->parts[(u64)part >> shift];
	void **node;

	while (shift) {
		if (alloc)
			node = flex_array_ensure_page(slot, flags);
		else
			node = READ_ONCE(*slot);
		if (!node)
			return NULL;
		shift -= FLEX_ARRAY_PTR_SHIFT;
		slot = &node[(part >> shift) & FLEX_ARRAY_PTR_MASK];
	}
	return slot;
}

/* Allocate @part, and the pointer pages above it, unless present. */
static void *flex_array_ensure_part(struct flex_array *fa, unsigned int part,
				    gfp_t flags)
{
	void **slot = flex_array_part_slot(fa, part, true, flags);

	return slot ? flex_array_ensure_page(slot, flags) : NULL;
}

/*
 * Make sure element @element_nr has memory.  Allocates only what is
 * missing: when nothing is, it neither sleeps nor can fail.
 */
static bool flex_array_ensure_element(struct flex_array *fa,
				      unsigned int element_nr, gfp_t flags)
{
	return !fa->levels ||
	       flex_array_ensure_part(fa, flex_array_part_of(fa, element_nr),
				      flags);
}

/* The slow path of flex_array_get_or_alloc(): memory is missing. */
static noinline void *flex_array_alloc_element(struct flex_array *fa,
					       unsigned int element_nr,
					       gfp_t flags)
{
	might_alloc(flags);
	if (!flex_array_ensure_element(fa, element_nr, flags))
		return NULL;
	return flex_array_get_inlined(fa, element_nr);
}

/*
 * The address of element @element_nr, allocating what it lacks; NULL if
 * that fails.  A present element costs one lookup, inline, and no
 * allocation, and may be reached in atomic context whatever @flags say.
 */
static __always_inline void *flex_array_get_or_alloc(struct flex_array *fa,
						     unsigned int element_nr,
						     gfp_t flags)
{
	void *p;

	if (likely(__flex_array_find(fa, element_nr, &p)))
		return p;
	return flex_array_alloc_element(fa, element_nr, flags);
}

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
void *flex_array_get(struct flex_array *fa, unsigned int element_nr)
{
	return flex_array_get_inlined(fa, element_nr);
}
EXPORT_SYMBOL_GPL(flex_array_get);

/**
 * __flex_array_get_deep() - Find an element below pages of pointers.
 * @fa: The array, with more than two levels.
 * @element_nr: Index of the element, below @fa->total.
 *
 * The lookup behind flex_array_get() for arrays too large for their base,
 * or for one level of pages of pointers below it, to point at every part;
 * it should not be called directly.
 *
 * Context: Any context.
 * Return: The address of the element, or %NULL if its part or a page
 * above it is missing.
 */
void *__flex_array_get_deep(struct flex_array *fa, unsigned int element_nr)
{
	unsigned int part = flex_array_part_of(fa, element_nr);
	void **slot = flex_array_part_slot(fa, part, false, 0);
	u8 *page = slot ? READ_ONCE(*slot) : NULL;

	return page ? page + __flex_array_part_offset(fa, element_nr, part) : NULL;
}
EXPORT_SYMBOL_GPL(__flex_array_get_deep);

/*
 * Find the first allocated part at or after *@part and store its index
 * there.  A missing page of pointers is skipped with every part below it.
 */
static bool flex_array_next_part(struct flex_array *fa, unsigned int *part)
{
	u64 p = *part, last = flex_array_part_of(fa, fa->total - 1);
	unsigned int shift;
	void **slot, *page;

	while (p <= last) {
		shift = fa->top_shift;
		slot = &fa->parts[p >> shift];
		while ((page = READ_ONCE(*slot)) && shift) {
			shift -= FLEX_ARRAY_PTR_SHIFT;
			slot = (void **)page + ((p >> shift) & FLEX_ARRAY_PTR_MASK);
		}
		if (page) {
			*part = p;
			return true;
		}
		/* Nothing below this slot: on to the first part of the next. */
		p = ((p >> shift) + 1) << shift;
	}
	return false;
}

/**
 * flex_array_next() - Find the next element that has memory.
 * @fa: The array.
 * @index: Where to start looking; set to the index of the element found.
 *
 * Parts that are not allocated are skipped without being touched, and so
 * are whole missing pages of pointers.  Elements of allocated parts are
 * found whether or not they were stored: they read as zeroes if not.
 *
 * Context: Any context.
 * Return: The address of the first element at or after *@index whose part
 * is allocated, or %NULL if there is none.
 */
void *flex_array_next(struct flex_array *fa, unsigned int *index)
{
	unsigned int part;

	if (*index >= fa->total)
		return NULL;
	if (fa->levels) {
		part = flex_array_part_of(fa, *index);
		if (!flex_array_next_part(fa, &part))
			return NULL;
		if (part != flex_array_part_of(fa, *index))
			*index = part * flex_array_per_part(fa);
	}
	return flex_array_get_inlined(fa, *index);
}
EXPORT_SYMBOL_GPL(flex_array_next);

/**
 * __flex_array_iter_seek() - Find where a walk goes on.
 * @fa: The array.
 * @index: Index to look from: the end of a run of elements, or the start.
 *
 * The slow path of flex_array_iter_peek() and flex_array_for_each(), taken
 * at the start of a walk and at the end of each part; it should not be
 * called directly.  It finds the element, as flex_array_next() does, and
 * the end of its part's run.
 *
 * Context: Any context.
 * Return: The walk's new position.  Its element and run end are %NULL if
 * no element at or after @index has memory.
 */
struct flex_array_iter __flex_array_iter_seek(struct flex_array *fa,
					      unsigned int index)
{
	struct flex_array_iter iter = { .index = index };
	u64 run_end = fa->total;

	iter.elem = flex_array_next(fa, &iter.index);
	if (!iter.elem)
		return iter;
	/* The run ends with the part, or with the array if it ends first. */
	if (fa->levels)
		run_end = min(run_end, (flex_array_part_of(fa, iter.index) + 1) *
				       (u64)flex_array_per_part(fa));
	iter.end = iter.elem + (size_t)(run_end - iter.index) * fa->element_size;
	iter.step = fa->element_size;
	return iter;
}
EXPORT_SYMBOL_GPL(__flex_array_iter_seek);

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
 * sleep, whatever @flags say.  On a tracked array the element is also
 * recorded as stored.
 *
 * Context: Any context if the part is present or @flags do not allow
 * sleeping; otherwise process context.
 * Return: 0 on success, -ENOSPC if @element_nr is out of range, -ENOMEM if
 * the part could not be allocated.  On error no element changes; pages
 * allocated before the failure stay, ready for a retry.
 */
int flex_array_put(struct flex_array *fa, unsigned int element_nr,
		   const void *src, gfp_t flags)
{
	return flex_array_put_inlined(fa, element_nr, src, flags);
}
EXPORT_SYMBOL_GPL(flex_array_put);

/**
 * __flex_array_set_stored() - Record an element of a tracked array as stored.
 * @fa: The array, tracked, with memory for element @element_nr.
 * @element_nr: Index of the element, below @fa->total.
 *
 * The tracked arrays' step of flex_array_put_inlined(), out of line so
 * that the puts into other arrays carry only its call; it should not be
 * called directly.
 *
 * Context: Any context.
 * Return: true if the element's mark was set, false if its memory is
 * missing.
 */
noinline bool __flex_array_set_stored(struct flex_array *fa,
				      unsigned int element_nr)
{
	void *mark;

	if (!__flex_array_find(fa->stored, element_nr, &mark))
		return false;
	WRITE_ONCE(*(u8 *)mark, 1);
	return true;
}
EXPORT_SYMBOL_GPL(__flex_array_set_stored);

/**
 * __flex_array_put() - Store an element, allocating what it lacks.
 * @fa: The array.
 * @element_nr: Index to store at.
 * @src: The object, @fa->element_size bytes long.
 * @flags: Allocation flags for the part.
 *
 * The slow path of flex_array_put_inlined(), which should be called
 * instead: the element's part, or in a tracked array the memory of its
 * mark, is missing, or @element_nr is out of range.
 *
 * Context: Process context if @flags allow sleeping, otherwise any context.
 * Return: 0 on success, -ENOSPC if @element_nr is out of range, -ENOMEM if
 * the part could not be allocated.  On error no element changes; pages
 * allocated before the failure stay, ready for a retry.
 */
int __flex_array_put(struct flex_array *fa, unsigned int element_nr,
		     const void *src, gfp_t flags)
{
	u8 *dst, *mark = NULL;

	if (element_nr >= fa->total)
		return -ENOSPC;
	/*
	 * The element and its mark both get memory before either is written:
	 * a failure changes nothing, and sets no mark without its data.
	 */
	dst = flex_array_get_or_alloc(fa, element_nr, flags);
	if (!dst)
		return -ENOMEM;
	if (fa->stored) {
		mark = flex_array_get_or_alloc(fa->stored, element_nr, flags);
		if (!mark)
			return -ENOMEM;
	}
	__flex_array_copy(dst, src, fa->element_size);
	if (mark)
		WRITE_ONCE(*mark, 1);
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
 * are already present are left alone.  A tracked array also gets the
 * memory that records the range's elements as stored.
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
	might_alloc(flags);
	if (fa->stored && flex_array_prealloc(fa->stored, start, end, flags))
		return -ENOMEM;
	if (!fa->levels)
		return 0;

	last = flex_array_part_of(fa, end);
	for (part = flex_array_part_of(fa, start); part <= last; part++) {
		if (!flex_array_ensure_part(fa, part, flags))
			return -ENOMEM;
		if (gfpflags_allow_blocking(flags))
			cond_resched();
	}
	return 0;
}
EXPORT_SYMBOL_GPL(flex_array_prealloc);

/*
 * Free the pages that @nr slots point at, and below them @depth levels of
 * the pages they point at in turn, leaving the slots empty.
 */
static void flex_array_free_slots(void **slots, unsigned int nr,
				  unsigned int depth)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		if (!slots[i])
			continue;
		if (depth)
			flex_array_free_slots(slots[i], FLEX_ARRAY_PTRS,
					      depth - 1);
		flex_array_free_page(slots[i]);
		slots[i] = NULL;
	}
}

static void flex_array_release_parts(struct flex_array *fa)
{
	if (fa->levels)
		flex_array_free_slots(fa->parts, flex_array_base_slots(fa),
				      fa->levels - 1);
}

/**
 * flex_array_free_parts() - Remove every element of a flexible array.
 * @fa: The array.
 *
 * Frees every part and page of pointers, leaving an empty array that can be
 * used again: gets return %NULL until puts allocate parts afresh.  The
 * elements of an array small enough to live in its base have no part to
 * free; they are cleared to zeroes instead and keep their addresses.
 *
 * Context: Any context.  Must not race with any other use of @fa.
 */
void flex_array_free_parts(struct flex_array *fa)
{
	/*
	 * Exclusive use is the caller's to ensure: KCSAN reports any other
	 * access to the array while this runs, also one that would not race
	 * with a page freed here (a get of a part that is missing anyway).
	 */
	ASSERT_EXCLUSIVE_ACCESS_SCOPED(*fa);

	if (!fa->levels)
		memset(fa->elements, 0, (size_t)fa->total * fa->element_size);
	flex_array_release_parts(fa);
	if (fa->stored)
		flex_array_free_parts(fa->stored);
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
	/* No one may touch the array any more, as for free_parts. */
	ASSERT_EXCLUSIVE_ACCESS(*fa);
	flex_array_release_parts(fa);
	flex_array_free(fa->stored);
	kfree(fa);
}
EXPORT_SYMBOL_GPL(flex_array_free);

/**
 * flex_array_alloc_tracked() - Create a flexible array that knows what it holds.
 * @element_size: Size of each element in bytes, 1 to %PAGE_SIZE.
 * @total: Maximum number of elements the array will hold.
 * @flags: Allocation flags for the base.
 *
 * As flex_array_alloc(), for an array that also records which elements
 * hold data: those stored by flex_array_put() since they were last cleared
 * by flex_array_clear() or flex_array_free_parts().  flex_array_shrink()
 * then frees exactly the parts that hold none.  Writes through pointers from
 * flex_array_get() are not recorded.  The record costs a byte per element,
 * in pages allocated on demand like the parts, and each put a call that
 * records it.
 *
 * Context: Process context if @flags allow sleeping, otherwise any context.
 * Return: The new array, or %NULL as for flex_array_alloc().
 */
struct flex_array *flex_array_alloc_tracked(int element_size,
					    unsigned int total, gfp_t flags)
{
	struct flex_array *fa = flex_array_alloc(element_size, total, flags);

	if (!fa)
		return NULL;
	fa->stored = flex_array_alloc(1, total, flags);
	if (!fa->stored) {
		flex_array_free(fa);
		return NULL;
	}
	return fa;
}
EXPORT_SYMBOL_GPL(flex_array_alloc_tracked);

/**
 * flex_array_clear() - Return an element to its never-stored state.
 * @fa: The array.
 * @element_nr: Index of the element.
 *
 * Zeroes the element if it has memory, and in a tracked array records it as
 * holding no data, so that flex_array_shrink() may free its part.  Nothing is
 * allocated or freed.
 *
 * Context: Any context.  Must not race with a put of the same element.
 * Return: 0, or -ENOSPC if @element_nr is not below @fa->total.
 */
int flex_array_clear(struct flex_array *fa, unsigned int element_nr)
{
	u8 *p;

	if (element_nr >= fa->total)
		return -ENOSPC;
	p = flex_array_get_inlined(fa, element_nr);
	if (p)
		memset(p, 0, fa->element_size);
	p = fa->stored ? flex_array_get_inlined(fa->stored, element_nr) : NULL;
	if (p)
		WRITE_ONCE(*p, 0);
	return 0;
}
EXPORT_SYMBOL_GPL(flex_array_clear);

/* Whether any of elements @first to @last is marked in the byte map @map. */
static bool flex_array_any_marked(struct flex_array *map, unsigned int first,
				  unsigned int last)
{
	u64 nr = first, left;
	u8 *p;

	while (nr <= last) {
		p = flex_array_get_inlined(map, nr);
		/* Bytes of the map from @nr to the end of its page or base. */
		left = map->levels ? PAGE_SIZE - (nr & ~PAGE_MASK) :
				     map->total - nr;
		left = min_t(u64, left, last - nr + 1);
		if (p && memchr_inv(p, 0, left))
			return true;
		nr += left;
	}
	return false;
}

/*
 * Whether part @part of @fa holds nothing: no element marked in @map, or,
 * for a map itself, no byte set.
 */
static bool flex_array_part_is_empty(struct flex_array *fa,
				     struct flex_array *map, unsigned int part,
				     void *page)
{
	unsigned int first = part * flex_array_per_part(fa);
	unsigned int last = min_t(u64, fa->total - 1,
				  (u64)first + flex_array_per_part(fa) - 1);

	if (map)
		return !flex_array_any_marked(map, first, last);
	return !memchr_inv(page, 0, last - first + 1);
}

/* Free pointer pages below @slots that point at nothing; count them. */
static unsigned long flex_array_prune(void **slots, unsigned int nr,
				      unsigned int depth)
{
	unsigned long freed = 0;
	unsigned int i;
	void **node;

	for (i = 0; depth && i < nr; i++) {
		node = slots[i];
		if (!node)
			continue;
		freed += flex_array_prune(node, FLEX_ARRAY_PTRS, depth - 1);
		if (!memchr_inv(node, 0, PAGE_SIZE)) {
			flex_array_free_page(node);
			slots[i] = NULL;
			freed++;
		}
	}
	return freed;
}

/* Free the parts of @fa that hold nothing, as flex_array_part_is_empty(). */
static unsigned long flex_array_free_empty(struct flex_array *fa,
					   struct flex_array *map)
{
	unsigned long freed = 0;
	unsigned int part = 0;
	void **slot;

	if (!fa->levels)
		return 0;
	while (flex_array_next_part(fa, &part)) {
		slot = flex_array_part_slot(fa, part, false, 0);
		if (flex_array_part_is_empty(fa, map, part, *slot)) {
			flex_array_free_page(*slot);
			*slot = NULL;
			freed++;
		}
		part++;
	}
	return freed + flex_array_prune(fa->parts, flex_array_base_slots(fa),
					fa->levels - 1);
}

/**
 * flex_array_shrink() - Free the parts of a tracked array that hold nothing.
 * @fa: The array.
 *
 * Frees every part in which no element holds data, whatever bytes the
 * elements hold, then the pages of pointers and of the record of stored
 * elements that are left empty.  Only an array from
 * flex_array_alloc_tracked() knows which elements hold data: called on any
 * other array, it warns once and frees nothing.  Parts preallocated for
 * elements not yet stored are freed too, so that puts into them allocate
 * again.
 *
 * Context: Any context.  Must not race with any other use of @fa.
 * Return: The number of pages freed.
 */
unsigned long flex_array_shrink(struct flex_array *fa)
{
	/* Exclusive use, as for flex_array_free_parts(), checked by KCSAN. */
	ASSERT_EXCLUSIVE_ACCESS_SCOPED(*fa);

	/* Not tracked: the caller would never learn why nothing is freed. */
	if (WARN_ON_ONCE(!fa->stored))
		return 0;
	return flex_array_free_empty(fa, fa->stored) +
	       flex_array_free_empty(fa->stored, NULL);
}
EXPORT_SYMBOL_GPL(flex_array_shrink);
