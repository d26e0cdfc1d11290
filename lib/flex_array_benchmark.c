// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark of flexible arrays against the other ways the kernel offers to
 * keep many fixed-size objects addressed by index: one flat, zeroed
 * kvmalloc_array() allocation (the physical limit), the generic radix tree
 * and the XArray, beside "paged", a yardstick rather than an API (see
 * below).  All of them run the same workloads in the same boot, and two
 * tables report nanoseconds per operation and the memory used per byte
 * stored.
 *
 * flex_array has two columns: its calls, flex_array_get(), flex_array_put()
 * and a walk with flex_array_next(), and its inline forms for hot loops,
 * flex_array_get_inlined(), flex_array_put_inlined() and
 * flex_array_for_each().  Each of their figures is also given as a ratio
 * to the flat array ("x flat"), to the yardstick ("x pg") and to the
 * genradix ("x gr"); the other structures' figures as a ratio to the flat
 * array.  Every structure is used through its public API alone: the
 * genradix through genradix_ptr(), genradix_ptr_alloc(),
 * genradix_prealloc() and genradix_for_each(), the calls every kernel's
 * genradix has.  It runs the 1-, 16- and 24-byte rows, since some kernels'
 * genradix holds objects of at most 512 bytes; the XArray runs the 16-byte
 * rows, as the pointer-sized alternative: it cannot hold objects, so it
 * stores each index as an 8-byte value entry (xa_mk_value()), which costs
 * no allocation beyond its nodes.
 *
 * Workloads, each the best of FAB_ROUNDS rounds.  Every round runs each
 * structure in turn, so that a slow spell of the machine falls on all of
 * them alike:
 *
 * - seq put: create an array and put every element in index order, so the
 *   allocations the structure makes on the way are included;
 * - seq put, tracked: the same into an array from flex_array_alloc_tracked(),
 *   flex_array alone: what recording the stored elements for an exact
 *   flex_array_shrink() costs a put (a line after the table gives it as a
 *   ratio to seq put) and, in the "dense, tracked" memory row, memory;
 * - seq get and random get: read every element of a full array in index
 *   order, or in the order of a random permutation drawn once, before any
 *   timing and from a fixed seed, so that every boot reads the same order;
 *   arrays of fewer than FAB_MIN_GETS elements are read several times over;
 * - walk: visit every element of a full array in index order with the
 *   structure's own iterator (flex_array_next(), flex_array_for_each(),
 *   genradix_for_each(), xa_for_each()), or a loop over the flat array, or
 *   a loop over each page of the yardstick;
 * - prealloc, then put after prealloc: create and allocate everything
 *   ahead, then put in order; the two are timed apart, so that the second
 *   is the put fast path alone, as it runs under a lock after a
 *   preallocation;
 * - sparse put: create and put one element every FAB_SPARSE_STRIDE bytes
 *   of index space, timed per element put;
 * - small alloc+free: create an array of 64 8-byte elements, make all of
 *   them storable without further allocation, and free it.  That takes
 *   genradix_prealloc() for the genradix, which allocates nothing before;
 *   flex_array_prealloc() is called too, as a caller who wants the
 *   guarantee must, although such an array lives in its base.  The XArray
 *   has no such step and sits this one out.
 *
 * The paged yardstick is a bare table of page pointers, with the element
 * size a compile-time constant.  Like flex_array it allocates nothing
 * larger than a page: when the pointers to the data pages do not fit in
 * one page, the table points at pages of them, all allocated with the
 * table.  A get tests which of the two shapes the array has, as the size
 * of an array is known only at run time, then makes one or two table
 * loads and an add, with no check that the index is in range or that its
 * page exists, and plain loads where flex_array publishes pages without a
 * lock; a put allocates a missing data page, zeroed, as flex_array does.
 * Any array built of separate pages must do at least these loads: what
 * separates the paged column from the flat one is the price of building an
 * array from pages, which the library's design requires, and what
 * separates flex_array from the paged column is the price of its checks,
 * of its lock-free publication of pages and of an element size known only
 * at run time.  It has no small alloc+free figure: it would hold a page for
 * 64 elements, where flex_array holds them in its base.
 *
 * Fairness.  The flat array is allocated with __GFP_ZERO, because the
 * others hand out zeroed memory.  A get reads the first bytes of the
 * element and adds them to a sum that is checked against the expected one,
 * so no read can be optimised away and every round also verifies the
 * structure.  A get costs one or two nanoseconds, so an indirect call per
 * operation would be a large part of what is measured.  Each timed loop is
 * therefore compiled once per structure and element size (FAB_INSTANCE
 * below), with both as compile-time constants: the operations fab_put(),
 * fab_read() and so on are switches on the structure that the compiler
 * folds away, which leaves every structure the same loop around its own
 * access.  Only the choice of a whole timed loop goes through a function
 * pointer.
 *
 * Memory is counted from outside the structures, by the page allocator:
 * its vm events PGALLOC (of every zone) and PGFREE count each page it hands
 * out and takes back, whether through a CPU's list of free pages or the
 * buddy lists, so the difference between two readings is exact.  (A count
 * of free pages would not be: a page on a per-CPU list is counted neither
 * free nor in use, so those lists, refilled and drained in batches, would
 * show in it.)  Slab caches show up there as the slab pages they take.
 * So that the free objects the caches already held do not hide the
 * structure's own, each array is built, untimed, 2 * K times, with all the
 * copies kept, K being FAB_MEM_BYTES of elements' worth, 1 to
 * FAB_MEM_COPIES: the first K use up those free objects, and the count
 * covers the last K alone.  Before it starts, rcu_barrier() and
 * vm_unmap_aliases() carry out the frees that earlier arrays left pending.
 * Everything a structure allocates is counted: flex_array's base, parts
 * and pages of pointers, and when tracked its record of stored elements;
 * the genradix's and the XArray's nodes; the yardstick's table and pages;
 * the flat array's pages, and where kvmalloc() fell back to vmalloc() the
 * page tables and the array of pages vmalloc() needs.  The error is in the
 * slab objects, counted in whole slabs: at most one slab (up to 8 pages) of
 * each cache a structure allocates from, divided by K; that is below 1% of
 * every row here.  Anything else the kernel allocates meanwhile is counted
 * too, so the figures are exact only in a quiet boot.  Bytes stored are
 * the element size times the elements put, 8 bytes per element for the
 * XArray.
 *
 * Under UML, each page of a vmalloc()ed array costs a host page fault the
 * first time it is touched, which a real kernel does not pay: the flat
 * array's puts are inflated where kvmalloc() falls back to vmalloc().  The
 * table says so when run under UML.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/flex_array.h>
#include <linux/generic-radix-tree.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>
#include <linux/xarray.h>

#define FAB_ROUNDS		5
#define FAB_SMALL_ELEMENTS	64
#define FAB_SMALL_SIZE		8
#define FAB_SMALL_ITERATIONS	10000
#define FAB_MIN_GETS		100000
/* Far enough apart that every sparse element needs its own flex_array part. */
#define FAB_SPARSE_STRIDE	SZ_16K
#define FAB_SEED		0x666c65785f617272ULL
/* Copies of an array counted for its memory (K), at most; see the top. */
#define FAB_MEM_COPIES		64
#define FAB_MEM_BYTES		SZ_64M
/* Arrays of one structure that can exist at once: see fab_memory(). */
#define FAB_SLOTS		(2 * FAB_MEM_COPIES)

/* Status of a cell, besides 0 for a figure. */
#define FAB_NOT_RUN	(-ENOENT)	/* not a workload for this structure */
#define FAB_REFUSED	(-E2BIG)	/* flex_array_alloc() returned NULL */

enum fab_structure {
	FAB_FLAT,
	FAB_PAGED,
	FAB_FLEX,
	FAB_FLEX_INLINED,
	FAB_GENRADIX,
	FAB_XARRAY,
	FAB_NR_STRUCTURES
};

static const char *const fab_structure_names[FAB_NR_STRUCTURES] = {
	[FAB_FLAT]		= "flat",
	[FAB_PAGED]		= "paged",
	[FAB_FLEX]		= "flex_array",
	[FAB_FLEX_INLINED]	= "inlined",
	[FAB_GENRADIX]		= "genradix",
	[FAB_XARRAY]		= "xarray",
};

enum fab_workload {
	FAB_SEQ_PUT,
	FAB_TRACKED_PUT,
	FAB_SEQ_GET,
	FAB_RANDOM_GET,
	FAB_WALK,
	FAB_PREALLOC,
	FAB_PREALLOC_PUT,
	FAB_SPARSE_PUT,
	FAB_SMALL,
	FAB_NR_WORKLOADS,
	/* Not a workload: destroys the array a put workload left in a job. */
	FAB_DESTROY = FAB_NR_WORKLOADS,
};

static const char *const fab_workload_names[FAB_NR_WORKLOADS] = {
	[FAB_SEQ_PUT]		= "seq put",
	[FAB_TRACKED_PUT]	= "seq put, tracked",
	[FAB_SEQ_GET]		= "seq get",
	[FAB_RANDOM_GET]	= "random get",
	[FAB_WALK]		= "walk",
	[FAB_PREALLOC]		= "prealloc",
	[FAB_PREALLOC_PUT]	= "put after prealloc",
	[FAB_SPARSE_PUT]	= "sparse put",
	[FAB_SMALL]		= "small alloc+free",
};

/*
 * The genradix API is typed: a genradix per element size, and as many of
 * each as arrays of one structure can exist at once.  The same goes for
 * the XArrays.  The element size is a constant in every timed loop, which
 * leaves only its own case of the switches below.
 */
struct fab_genradixes {
	GENRADIX(struct { u8 bytes[1]; }) size_1[FAB_SLOTS];
	GENRADIX(struct { u8 bytes[8]; }) size_8[FAB_SLOTS];
	GENRADIX(struct { u8 bytes[16]; }) size_16[FAB_SLOTS];
	GENRADIX(struct { u8 bytes[24]; }) size_24[FAB_SLOTS];
};

static struct fab_genradixes fab_gr;
static struct xarray fab_xarrays[FAB_SLOTS];

static __always_inline void fab_genradix_init(size_t size, unsigned int slot)
{
	switch (size) {
	case 1:
		genradix_init(&fab_gr.size_1[slot]);
		break;
	case 8:
		genradix_init(&fab_gr.size_8[slot]);
		break;
	case 16:
		genradix_init(&fab_gr.size_16[slot]);
		break;
	case 24:
		genradix_init(&fab_gr.size_24[slot]);
		break;
	}
}

static __always_inline void fab_genradix_free(size_t size, unsigned int slot)
{
	switch (size) {
	case 1:
		genradix_free(&fab_gr.size_1[slot]);
		break;
	case 8:
		genradix_free(&fab_gr.size_8[slot]);
		break;
	case 16:
		genradix_free(&fab_gr.size_16[slot]);
		break;
	case 24:
		genradix_free(&fab_gr.size_24[slot]);
		break;
	}
}

static __always_inline int fab_genradix_prealloc(size_t size,
						 unsigned int slot, u32 n)
{
	switch (size) {
	case 1:
		return genradix_prealloc(&fab_gr.size_1[slot], n - 1,
					 GFP_KERNEL);
	case 8:
		return genradix_prealloc(&fab_gr.size_8[slot], n - 1,
					 GFP_KERNEL);
	case 16:
		return genradix_prealloc(&fab_gr.size_16[slot], n - 1,
					 GFP_KERNEL);
	case 24:
		return genradix_prealloc(&fab_gr.size_24[slot], n - 1,
					 GFP_KERNEL);
	}
	return -EINVAL;
}

static __always_inline void *fab_genradix_ptr_alloc(size_t size,
						    unsigned int slot, u32 i)
{
	switch (size) {
	case 1:
		return genradix_ptr_alloc(&fab_gr.size_1[slot], i, GFP_KERNEL);
	case 8:
		return genradix_ptr_alloc(&fab_gr.size_8[slot], i, GFP_KERNEL);
	case 16:
		return genradix_ptr_alloc(&fab_gr.size_16[slot], i, GFP_KERNEL);
	case 24:
		return genradix_ptr_alloc(&fab_gr.size_24[slot], i, GFP_KERNEL);
	}
	return NULL;
}

static __always_inline void *fab_genradix_ptr(size_t size, unsigned int slot,
					      u32 i)
{
	switch (size) {
	case 1:
		return genradix_ptr(&fab_gr.size_1[slot], i);
	case 8:
		return genradix_ptr(&fab_gr.size_8[slot], i);
	case 16:
		return genradix_ptr(&fab_gr.size_16[slot], i);
	case 24:
		return genradix_ptr(&fab_gr.size_24[slot], i);
	}
	return NULL;
}

/*
 * What a timed loop needs to reach an array: one word, so that every
 * structure's loop keeps it in a register.  The genradix and the XArray
 * are named by their slot.  Arrays of the yardstick that exist at once all
 * have the same size, which can therefore be static.
 */
union fab_handle {
	u8 *flat;
	u8 **pages;
	struct flex_array *fa;
	unsigned long slot;
};

/* Data pages that the paged yardstick's arrays span. */
static u32 fab_nr_pages;

/* Elements in a page of the paged yardstick: a constant in each instance. */
#define FAB_PER_PAGE(size)	(PAGE_SIZE / (size))
/* Pointers in a page: more data pages than that take two levels. */
#define FAB_PTRS		(PAGE_SIZE / sizeof(void *))

static bool fab_paged_two_levels(void)
{
	return fab_nr_pages > FAB_PTRS;
}

/* Slots of the paged table: data pages, or pages of pointers to them. */
static u32 fab_paged_slots(void)
{
	return fab_paged_two_levels() ? DIV_ROUND_UP(fab_nr_pages, FAB_PTRS) :
					fab_nr_pages;
}

/* The table of an array of @n elements of @size bytes, levels included. */
static u8 **fab_paged_create(u32 n, size_t size)
{
	u8 **table;
	u32 k;

	fab_nr_pages = DIV_ROUND_UP(n, FAB_PER_PAGE(size));
	table = kcalloc(fab_paged_slots(), sizeof(*table), GFP_KERNEL);
	if (!table || !fab_paged_two_levels())
		return table;
	for (k = 0; k < fab_paged_slots(); k++) {
		table[k] = (u8 *)get_zeroed_page(GFP_KERNEL);
		if (!table[k])
			goto free_pointer_pages;
	}
	return table;

free_pointer_pages:
	while (k--)
		free_page((unsigned long)table[k]);
	kfree(table);
	return NULL;
}

static __always_inline u8 **fab_paged_slot(u8 **table, u32 page)
{
	if (!fab_paged_two_levels())
		return &table[page];
	return &((u8 **)table[page / FAB_PTRS])[page % FAB_PTRS];
}

static void fab_paged_destroy(u8 **table)
{
	u32 k;

	if (!table)
		return;
	for (k = 0; k < fab_nr_pages; k++)
		free_page((unsigned long)*fab_paged_slot(table, k));
	if (fab_paged_two_levels())
		for (k = 0; k < fab_paged_slots(); k++)
			free_page((unsigned long)table[k]);
	kfree(table);
}

/* The paged yardstick's page for element @i, allocated if missing. */
static __always_inline u8 *fab_paged_page(size_t size, union fab_handle h,
					  u32 i)
{
	u8 **slot = fab_paged_slot(h.pages, i / FAB_PER_PAGE(size));

	if (unlikely(!*slot))
		*slot = (u8 *)get_zeroed_page(GFP_KERNEL);
	return *slot;
}

/* The object every put copies in; its first bytes are set to the index. */
static u64 fab_src[PAGE_SIZE / sizeof(u64)];

/**
 * struct fab_job - One timed loop's arguments and results.
 * @h: The array: created by the put workloads, read by the others.
 * @n: Number of elements of the array.
 * @slot: The genradix or XArray a put workload fills.
 * @perm: For random get, the order in which to read the elements.
 * @ops: Number of operations the loop timed.
 * @ns: Nanoseconds the loop took.
 * @prealloc_ns: Nanoseconds the creation and preallocation took, for the
 *		 workload that preallocates.
 * @sum: Sum of the values read by a get loop.
 */
struct fab_job {
	union fab_handle h;
	u32 n;
	unsigned int slot;
	const u32 *perm;
	u32 ops;
	u64 ns;
	u64 prealloc_ns;
	unsigned long sum;
};

/*
 * The value an element holds: its index, truncated to the element when
 * that is shorter than 8 bytes.
 */
static __always_inline void fab_set_value(void *elem, size_t size, u32 i)
{
	if (size >= sizeof(u64))
		*(u64 *)elem = i;
	else
		*(u8 *)elem = i;
}

static __always_inline unsigned long fab_value(const void *elem, size_t size)
{
	if (size >= sizeof(u64))
		return *(const u64 *)elem;
	return *(const u8 *)elem;
}

/* @tracked asks for flex_array_alloc_tracked(); the others ignore it. */
static __always_inline int fab_create(enum fab_structure s, size_t size,
				      u32 n, bool tracked, unsigned int slot,
				      union fab_handle *h)
{
	switch (s) {
	case FAB_FLAT:
		h->flat = kvmalloc_array(n, size, GFP_KERNEL | __GFP_ZERO);
		return h->flat ? 0 : -ENOMEM;
	case FAB_PAGED:
		h->pages = fab_paged_create(n, size);
		return h->pages ? 0 : -ENOMEM;
	case FAB_FLEX:
	case FAB_FLEX_INLINED:
		h->fa = tracked ? flex_array_alloc_tracked(size, n, GFP_KERNEL) :
				  flex_array_alloc(size, n, GFP_KERNEL);
		return h->fa ? 0 : FAB_REFUSED;
	case FAB_GENRADIX:
		h->slot = slot;
		fab_genradix_init(size, slot);
		return 0;
	case FAB_XARRAY:
		h->slot = slot;
		xa_init(&fab_xarrays[slot]);
		return 0;
	default:
		return -EINVAL;
	}
}

/* Allocate what elements 0 to @n - 1 need, where the structure can. */
static __always_inline int fab_prealloc(enum fab_structure s, size_t size,
					union fab_handle h, u32 n)
{
	u32 i;

	switch (s) {
	case FAB_FLAT:
		return 0;
	case FAB_PAGED:
		for (i = 0; i < n; i += FAB_PER_PAGE(size))
			if (!fab_paged_page(size, h, i))
				return -ENOMEM;
		return 0;
	case FAB_FLEX:
	case FAB_FLEX_INLINED:
		return flex_array_prealloc(h.fa, 0, n - 1, GFP_KERNEL);
	case FAB_GENRADIX:
		return fab_genradix_prealloc(size, h.slot, n);
	default:
		/* The XArray can only reserve one index at a time. */
		return -EOPNOTSUPP;
	}
}

static __always_inline int fab_put(enum fab_structure s, size_t size,
				   union fab_handle h, u32 i, const void *src)
{
	void *elem;

	switch (s) {
	case FAB_FLAT:
		memcpy(h.flat + (size_t)i * size, src, size);
		return 0;
	case FAB_PAGED:
		elem = fab_paged_page(size, h, i);
		if (!elem)
			return -ENOMEM;
		memcpy(elem + i % FAB_PER_PAGE(size) * size, src, size);
		return 0;
	case FAB_FLEX:
		return flex_array_put(h.fa, i, src, GFP_KERNEL);
	case FAB_FLEX_INLINED:
		return flex_array_put_inlined(h.fa, i, src, GFP_KERNEL);
	case FAB_GENRADIX:
		elem = fab_genradix_ptr_alloc(size, h.slot, i);
		if (!elem)
			return -ENOMEM;
		memcpy(elem, src, size);
		return 0;
	case FAB_XARRAY:
		return xa_err(xa_store(&fab_xarrays[h.slot], i, xa_mk_value(i),
				       GFP_KERNEL));
	default:
		return -EINVAL;
	}
}

/* Elements read are known to be present: there is no NULL check. */
static __always_inline unsigned long fab_read(enum fab_structure s,
					      size_t size, union fab_handle h,
					      u32 i)
{
	switch (s) {
	case FAB_FLAT:
		return fab_value(h.flat + (size_t)i * size, size);
	case FAB_PAGED:
		return fab_value(*fab_paged_slot(h.pages,
						 i / FAB_PER_PAGE(size)) +
				 i % FAB_PER_PAGE(size) * size, size);
	case FAB_FLEX:
		return fab_value(flex_array_get(h.fa, i), size);
	case FAB_FLEX_INLINED:
		return fab_value(flex_array_get_inlined(h.fa, i), size);
	case FAB_GENRADIX:
		return fab_value(fab_genradix_ptr(size, h.slot, i), size);
	case FAB_XARRAY:
		return xa_to_value(xa_load(&fab_xarrays[h.slot], i));
	default:
		return 0;
	}
}

/* The sum of the values of a genradix's elements, visited in order. */
static __always_inline unsigned long fab_genradix_walk(size_t size,
						       unsigned int slot)
{
	struct genradix_iter iter;
	unsigned long sum = 0;
	void *elem;

	switch (size) {
	case 1:
		genradix_for_each(&fab_gr.size_1[slot], iter, elem)
			sum += fab_value(elem, size);
		break;
	case 8:
		genradix_for_each(&fab_gr.size_8[slot], iter, elem)
			sum += fab_value(elem, size);
		break;
	case 16:
		genradix_for_each(&fab_gr.size_16[slot], iter, elem)
			sum += fab_value(elem, size);
		break;
	case 24:
		genradix_for_each(&fab_gr.size_24[slot], iter, elem)
			sum += fab_value(elem, size);
		break;
	}
	return sum;
}

/* The sum of the values of elements 0 to @n - 1, visited in order. */
static __always_inline unsigned long fab_walk(enum fab_structure s,
					      size_t size, union fab_handle h,
					      u32 n)
{
	unsigned long sum = 0, xa_index;
	unsigned int i, k, index;
	void *elem;
	u8 *page;

	switch (s) {
	case FAB_FLAT:
		for (i = 0; i < n; i++)
			sum += fab_value(h.flat + (size_t)i * size, size);
		break;
	case FAB_PAGED:
		for (k = 0, i = 0; i < n; k++) {
			page = *fab_paged_slot(h.pages, k);
			for (elem = page; elem < (void *)page +
			     FAB_PER_PAGE(size) * size && i < n;
			     elem += size, i++)
				sum += fab_value(elem, size);
		}
		break;
	case FAB_FLEX:
		for (i = 0; (elem = flex_array_next(h.fa, &i)); i++)
			sum += fab_value(elem, size);
		break;
	case FAB_FLEX_INLINED:
		flex_array_for_each(h.fa, index, elem)
			sum += fab_value(elem, size);
		/* A walk that stopped early fails the check of the sum. */
		if (index != n - 1)
			sum = 0;
		break;
	case FAB_GENRADIX:
		sum = fab_genradix_walk(size, h.slot);
		break;
	case FAB_XARRAY:
		xa_for_each(&fab_xarrays[h.slot], xa_index, elem)
			sum += xa_to_value(elem);
		break;
	default:
		break;
	}
	return sum;
}

/* Safe on an array whose creation failed. */
static __always_inline void fab_destroy(enum fab_structure s, size_t size,
					union fab_handle h)
{
	switch (s) {
	case FAB_FLAT:
		kvfree(h.flat);
		break;
	case FAB_PAGED:
		fab_paged_destroy(h.pages);
		break;
	case FAB_FLEX:
	case FAB_FLEX_INLINED:
		flex_array_free(h.fa);
		break;
	case FAB_GENRADIX:
		fab_genradix_free(size, h.slot);
		break;
	case FAB_XARRAY:
		xa_destroy(&fab_xarrays[h.slot]);
		break;
	default:
		break;
	}
}

/*
 * Create an array of @job->n elements, tracked if @tracked, and put every
 * @stride-th one in index order, after a preallocation of all of them if
 * @prealloc.  The array is left in @job->h, also on failure, for the
 * caller to destroy.
 */
static __always_inline int fab_fill(enum fab_structure s, size_t size,
				    struct fab_job *job, u32 stride,
				    bool prealloc, bool tracked)
{
	union fab_handle h;
	u32 i, n = job->n;
	u64 start, now;
	int err;

	start = ktime_get_ns();
	err = fab_create(s, size, n, tracked, job->slot, &h);
	if (!err && prealloc) {
		err = fab_prealloc(s, size, h, n);
		now = ktime_get_ns();
		job->prealloc_ns = now - start;
		start = now;
	}
	for (i = 0; !err && i < n; i += stride) {
		fab_set_value(fab_src, size, i);
		err = fab_put(s, size, h, i, fab_src);
	}
	job->ns = ktime_get_ns() - start;
	job->ops = DIV_ROUND_UP(n, stride);
	job->h = h;
	return err;
}

/*
 * Passes a get loop makes over an array of @n elements: enough for
 * FAB_MIN_GETS gets, so that even the smallest array is read for a
 * thousand ticks of the clock (256 ns a tick under UML).
 */
static u32 fab_get_reps(u32 n)
{
	return max_t(u32, FAB_MIN_GETS / n, 1);
}

/* Read every element of @job->h, in order, at random or by a walk. */
static __always_inline int fab_get(enum fab_structure s, size_t size,
				   struct fab_job *job, enum fab_workload w)
{
	const u32 *perm = job->perm;
	union fab_handle h = job->h;
	unsigned long sum = 0;
	u32 i, r, n = job->n, reps = fab_get_reps(n);
	u64 start;

	start = ktime_get_ns();
	for (r = 0; r < reps; r++) {
		if (w == FAB_WALK)
			sum += fab_walk(s, size, h, n);
		else
			for (i = 0; i < n; i++)
				sum += fab_read(s, size, h,
						w == FAB_RANDOM_GET ? perm[i] : i);
	}
	job->ns = ktime_get_ns() - start;
	job->ops = n * reps;
	job->sum = sum;
	return 0;
}

static __always_inline int fab_small(enum fab_structure s, struct fab_job *job)
{
	union fab_handle h;
	u64 start;
	int err = 0;
	u32 i;

	start = ktime_get_ns();
	for (i = 0; !err && i < FAB_SMALL_ITERATIONS; i++) {
		err = fab_create(s, FAB_SMALL_SIZE, FAB_SMALL_ELEMENTS, false,
				 0, &h);
		if (!err)
			err = fab_prealloc(s, FAB_SMALL_SIZE, h,
					   FAB_SMALL_ELEMENTS);
		fab_destroy(s, FAB_SMALL_SIZE, h);
	}
	job->ns = ktime_get_ns() - start;
	job->ops = FAB_SMALL_ITERATIONS;
	return err;
}

static __always_inline int fab_workload(enum fab_structure s, size_t size,
					enum fab_workload w,
					struct fab_job *job)
{
	switch (w) {
	case FAB_SEQ_PUT:
		return fab_fill(s, size, job, 1, false, false);
	case FAB_TRACKED_PUT:
		return fab_fill(s, size, job, 1, false, true);
	case FAB_PREALLOC_PUT:
		return fab_fill(s, size, job, 1, true, false);
	case FAB_SPARSE_PUT:
		return fab_fill(s, size, job,
				max_t(size_t, FAB_SPARSE_STRIDE / size, 1),
				false, false);
	/* Each with @w a constant, so that the loop tests nothing more. */
	case FAB_SEQ_GET:
		return fab_get(s, size, job, FAB_SEQ_GET);
	case FAB_RANDOM_GET:
		return fab_get(s, size, job, FAB_RANDOM_GET);
	case FAB_WALK:
		return fab_get(s, size, job, FAB_WALK);
	case FAB_SMALL:
		return fab_small(s, job);
	case FAB_DESTROY:
		fab_destroy(s, size, job->h);
		return 0;
	default:
		return -EINVAL;
	}
}

/* The workloads for structure @s and elements of @size bytes. */
#define FAB_INSTANCE(s, size)						\
static noinline int fab_##s##_##size(enum fab_workload w,		\
				     struct fab_job *job)		\
{									\
	return fab_workload(s, size, w, job);				\
}

FAB_INSTANCE(FAB_FLAT, 1)
FAB_INSTANCE(FAB_FLAT, 16)
FAB_INSTANCE(FAB_FLAT, 24)
FAB_INSTANCE(FAB_FLAT, PAGE_SIZE)
FAB_INSTANCE(FAB_PAGED, 1)
FAB_INSTANCE(FAB_PAGED, 16)
FAB_INSTANCE(FAB_PAGED, 24)
FAB_INSTANCE(FAB_PAGED, PAGE_SIZE)
FAB_INSTANCE(FAB_FLEX, 1)
FAB_INSTANCE(FAB_FLEX, 16)
FAB_INSTANCE(FAB_FLEX, 24)
FAB_INSTANCE(FAB_FLEX, PAGE_SIZE)
FAB_INSTANCE(FAB_FLEX_INLINED, 1)
FAB_INSTANCE(FAB_FLEX_INLINED, 16)
FAB_INSTANCE(FAB_FLEX_INLINED, 24)
FAB_INSTANCE(FAB_FLEX_INLINED, PAGE_SIZE)
FAB_INSTANCE(FAB_GENRADIX, 1)
FAB_INSTANCE(FAB_GENRADIX, 16)
FAB_INSTANCE(FAB_GENRADIX, 24)
FAB_INSTANCE(FAB_XARRAY, 16)

/*
 * The instances for one element size.  A missing one is a cell without a
 * figure: the genradix runs the 1-, 16- and 24-byte rows, the XArray the
 * 16-byte ones.
 */
struct fab_instances {
	int (*run[FAB_NR_STRUCTURES])(enum fab_workload w,
				      struct fab_job *job);
};

static const struct fab_instances fab_size_1 = { {
	[FAB_FLAT] = fab_FAB_FLAT_1,
	[FAB_PAGED] = fab_FAB_PAGED_1,
	[FAB_FLEX] = fab_FAB_FLEX_1,
	[FAB_FLEX_INLINED] = fab_FAB_FLEX_INLINED_1,
	[FAB_GENRADIX] = fab_FAB_GENRADIX_1,
} };

static const struct fab_instances fab_size_16 = { {
	[FAB_FLAT] = fab_FAB_FLAT_16,
	[FAB_PAGED] = fab_FAB_PAGED_16,
	[FAB_FLEX] = fab_FAB_FLEX_16,
	[FAB_FLEX_INLINED] = fab_FAB_FLEX_INLINED_16,
	[FAB_GENRADIX] = fab_FAB_GENRADIX_16,
	[FAB_XARRAY] = fab_FAB_XARRAY_16,
} };

static const struct fab_instances fab_size_24 = { {
	[FAB_FLAT] = fab_FAB_FLAT_24,
	[FAB_PAGED] = fab_FAB_PAGED_24,
	[FAB_FLEX] = fab_FAB_FLEX_24,
	[FAB_FLEX_INLINED] = fab_FAB_FLEX_INLINED_24,
	[FAB_GENRADIX] = fab_FAB_GENRADIX_24,
} };

static const struct fab_instances fab_size_page = { {
	[FAB_FLAT] = fab_FAB_FLAT_PAGE_SIZE,
	[FAB_PAGED] = fab_FAB_PAGED_PAGE_SIZE,
	[FAB_FLEX] = fab_FAB_FLEX_PAGE_SIZE,
	[FAB_FLEX_INLINED] = fab_FAB_FLEX_INLINED_PAGE_SIZE,
} };

/*
 * The arrays measured: a cache-resident one and a 64 MiB one of 16-byte
 * elements with every workload, then the same element counts of 1 and 24
 * bytes, and the same memory in page-sized elements, to show how the
 * element size changes puts and gets.
 */
static const struct fab_config {
	u32 n;
	u32 size;
	bool all_workloads;
	const struct fab_instances *instances;
} fab_configs[] = {
	{ 100000, 16, true, &fab_size_16 },
	{ SZ_4M, 16, true, &fab_size_16 },
	{ 100000, 1, false, &fab_size_1 },
	{ SZ_4M, 1, false, &fab_size_1 },
	{ 100000, 24, false, &fab_size_24 },
	{ SZ_4M, 24, false, &fab_size_24 },
	{ 100000 * 16 / PAGE_SIZE, PAGE_SIZE, false, &fab_size_page },
	{ SZ_64M / PAGE_SIZE, PAGE_SIZE, false, &fab_size_page },
};

/* A figure times 100, or in @status why there is none. */
struct fab_cell {
	u64 centi;
	int status;
};

struct fab_row {
	const char *what;
	u32 n;
	u32 size;
	struct fab_cell cell[FAB_NR_STRUCTURES];
};

/* Three memory rows per configuration with every workload, one otherwise. */
static struct fab_row fab_memory_rows[ARRAY_SIZE(fab_configs) * 3];
static unsigned int fab_nr_memory_rows;
/* Tracked puts: the rows of the configurations with every workload. */
static struct fab_row fab_tracked_rows[ARRAY_SIZE(fab_configs)];
static unsigned int fab_nr_tracked_rows;
static bool fab_failed;

/* Memory measurement, untimed: see the comment at the top. */

static unsigned long fab_events[NR_VM_EVENT_ITEMS];

/* Pages the page allocator has handed out, less those it took back. */
static unsigned long fab_pages_out(void)
{
	unsigned long out = 0;
	int zone;

	all_vm_events(fab_events);
	/* The events of zone z, as __count_zid_vm_events() counts them. */
	for (zone = 0; zone < MAX_NR_ZONES; zone++)
		out += fab_events[PGALLOC_NORMAL - ZONE_NORMAL + zone];
	return out - fab_events[PGFREE];
}

/*
 * Bytes allocated per byte stored, times 100, by the array that workload
 * @w builds on structure @s for configuration @c.
 */
static struct fab_cell fab_memory(const struct fab_config *c,
				  enum fab_structure s, enum fab_workload w)
{
	int (*run)(enum fab_workload w, struct fab_job *job) =
		c->instances->run[s];
	u32 copies = clamp_t(u64, div64_u64(FAB_MEM_BYTES, (u64)c->n * c->size),
			     1, FAB_MEM_COPIES);
	struct fab_job job = { .n = c->n };
	unsigned long pages = 0;
	union fab_handle *h;
	unsigned int k;
	int err = 0;

	if (!IS_ENABLED(CONFIG_VM_EVENT_COUNTERS))
		return (struct fab_cell){ .status = -EOPNOTSUPP };
	h = kcalloc(2 * copies, sizeof(*h), GFP_KERNEL);
	if (!h)
		return (struct fab_cell){ .status = -ENOMEM };
	for (k = 0; k < 2 * copies && !err; k++) {
		if (k == copies) {
			rcu_barrier();
			vm_unmap_aliases();
			pages = fab_pages_out();
		}
		job.slot = k;
		err = run(w, &job);
		h[k] = job.h;
	}
	pages = fab_pages_out() - pages;
	while (k--) {
		job.h = h[k];
		job.slot = k;
		run(FAB_DESTROY, &job);
	}
	kfree(h);
	if (err)
		return (struct fab_cell){ .status = err };
	return (struct fab_cell){
		.centi = div64_u64((u64)pages * PAGE_SIZE * 100,
				   (u64)copies * job.ops *
				   (s == FAB_XARRAY ? sizeof(u64) : c->size)),
	};
}

/* The memory rows of configuration @c. */
static void fab_memory_rows_of(const struct fab_config *c)
{
	static const struct { const char *what; enum fab_workload w; } kinds[] = {
		{ "dense", FAB_SEQ_PUT },
		{ "sparse", FAB_SPARSE_PUT },
		{ "dense, tracked", FAB_TRACKED_PUT },
	};
	unsigned int k, nr = c->all_workloads ? ARRAY_SIZE(kinds) : 1;
	enum fab_structure s;
	struct fab_row *row;

	for (k = 0; k < nr; k++) {
		row = &fab_memory_rows[fab_nr_memory_rows++];
		*row = (struct fab_row){ kinds[k].what, c->n, c->size };
		for (s = 0; s < FAB_NR_STRUCTURES; s++) {
			/* The inlined column builds the same arrays. */
			if (!c->instances->run[s] || s == FAB_FLEX_INLINED ||
			    (kinds[k].w == FAB_TRACKED_PUT && s != FAB_FLEX))
				row->cell[s].status = FAB_NOT_RUN;
			else
				row->cell[s] = fab_memory(c, s, kinds[k].w);
			cond_resched();
		}
	}
}

static u32 *fab_permutation(u32 n)
{
	struct rnd_state rnd;
	u32 i, j, *perm;

	perm = kvmalloc_array(n, sizeof(*perm), GFP_KERNEL);
	if (!perm)
		return NULL;
	for (i = 0; i < n; i++)
		perm[i] = i;
	prandom_seed_state(&rnd, FAB_SEED);
	for (i = n - 1; i > 0; i--) {
		j = ((u64)prandom_u32_state(&rnd) * (i + 1)) >> 32;
		swap(perm[i], perm[j]);
	}
	return perm;
}

/* The sum a get loop over elements 0 to @n - 1 must find. */
static unsigned long fab_expected_sum(u32 n, size_t size)
{
	unsigned long sum = 0;
	u8 elem[sizeof(u64)] __aligned(sizeof(u64)) = {};
	u32 i;

	if (size >= sizeof(u64))
		return (unsigned long)n * (n - 1) / 2;
	for (i = 0; i < n; i++) {
		fab_set_value(elem, size, i);
		sum += fab_value(elem, size);
	}
	return sum;
}

/* Does workload @w run on structure @s in configuration @c? */
static bool fab_runs(const struct fab_config *c, enum fab_workload w,
		     enum fab_structure s)
{
	if (!c->instances->run[s])
		return false;
	switch (w) {
	case FAB_TRACKED_PUT:
		return c->all_workloads &&
		       (s == FAB_FLEX || s == FAB_FLEX_INLINED);
	case FAB_PREALLOC:
	case FAB_PREALLOC_PUT:
		return c->all_workloads && s != FAB_XARRAY;
	case FAB_SPARSE_PUT:
		return c->all_workloads;
	case FAB_SMALL:
		return false;
	default:
		return true;
	}
}

/*
 * One round of workload @w on structure @s: keeps the best time per
 * operation in @cell, and for FAB_PREALLOC_PUT the best preallocation time
 * per element in @prealloc.  A cell that failed is not run again.  Put
 * workloads destroy the array they built.
 */
static void fab_round(const struct fab_config *c, enum fab_structure s,
		      enum fab_workload w, struct fab_job *job,
		      unsigned long expected_sum, struct fab_cell *cell,
		      struct fab_cell *prealloc)
{
	int (*run)(enum fab_workload w, struct fab_job *job) =
		c->instances->run[s];
	bool puts = w == FAB_SEQ_PUT || w == FAB_TRACKED_PUT ||
		    w == FAB_PREALLOC_PUT || w == FAB_SPARSE_PUT;
	int err;

	if (cell->status)
		return;
	err = run(w, job);
	if (!err && !puts && w != FAB_SMALL && job->sum != expected_sum) {
		pr_err("%s %s of %u elements: read sum %lu, expected %lu\n",
		       fab_structure_names[s], fab_workload_names[w], job->n,
		       job->sum, expected_sum);
		err = -EIO;
	} else if (err && err != FAB_REFUSED) {
		pr_err("%s %s of %u elements: error %d\n",
		       fab_structure_names[s], fab_workload_names[w], job->n,
		       err);
	}
	if (puts)
		run(FAB_DESTROY, job);
	cond_resched();
	if (err) {
		cell->status = err;
		if (prealloc)
			prealloc->status = err;
		return;
	}
	cell->centi = min(cell->centi, div64_u64(job->ns * 100, job->ops));
	if (prealloc)
		prealloc->centi = min(prealloc->centi,
				      div64_u64(job->prealloc_ns * 100, job->n));
}

static void fab_print_row(const struct fab_row *row, bool memory);

static int fab_run_config(const struct fab_config *c)
{
	static const enum fab_workload puts[] = {
		FAB_SEQ_PUT, FAB_TRACKED_PUT, FAB_PREALLOC_PUT, FAB_SPARSE_PUT,
	};
	static const enum fab_workload gets[] = {
		FAB_SEQ_GET, FAB_RANDOM_GET, FAB_WALK,
	};
	unsigned long sum = fab_expected_sum(c->n, c->size) *
			    fab_get_reps(c->n);
	struct fab_row rows[FAB_NR_WORKLOADS];
	union fab_handle arrays[FAB_NR_STRUCTURES] = {};
	struct fab_job job;
	enum fab_structure s;
	enum fab_workload w;
	unsigned int r, k;
	u32 *perm;

	perm = fab_permutation(c->n);
	if (!perm)
		return -ENOMEM;
	for (w = 0; w < FAB_NR_WORKLOADS; w++) {
		rows[w] = (struct fab_row){ fab_workload_names[w], c->n,
					    c->size };
		for (s = 0; s < FAB_NR_STRUCTURES; s++)
			rows[w].cell[s] = fab_runs(c, w, s) ?
				(struct fab_cell){ .centi = U64_MAX } :
				(struct fab_cell){ .status = FAB_NOT_RUN };
	}

	fab_memory_rows_of(c);

	for (r = 0; r < FAB_ROUNDS; r++)
		for (k = 0; k < ARRAY_SIZE(puts); k++)
			for (s = 0; s < FAB_NR_STRUCTURES; s++) {
				w = puts[k];
				job = (struct fab_job){ .n = c->n };
				fab_round(c, s, w, &job, 0, &rows[w].cell[s],
					  w == FAB_PREALLOC_PUT ?
					  &rows[FAB_PREALLOC].cell[s] : NULL);
			}

	/*
	 * The reads: one full array per structure, kept through every round.
	 * The two flex_array columns read the same array.
	 */
	for (s = 0; s < FAB_NR_STRUCTURES; s++) {
		if (s == FAB_FLEX_INLINED || rows[FAB_SEQ_PUT].cell[s].status)
			continue;
		job = (struct fab_job){ .n = c->n };
		if (c->instances->run[s](FAB_SEQ_PUT, &job)) {
			c->instances->run[s](FAB_DESTROY, &job);
			rows[FAB_SEQ_PUT].cell[s].status = -ENOMEM;
			continue;
		}
		arrays[s] = job.h;
	}
	arrays[FAB_FLEX_INLINED] = arrays[FAB_FLEX];
	if (rows[FAB_SEQ_PUT].cell[FAB_FLEX].status)
		rows[FAB_SEQ_PUT].cell[FAB_FLEX_INLINED].status =
			rows[FAB_SEQ_PUT].cell[FAB_FLEX].status;
	for (k = 0; k < ARRAY_SIZE(gets); k++)
		for (s = 0; s < FAB_NR_STRUCTURES; s++)
			if (rows[FAB_SEQ_PUT].cell[s].status)
				rows[gets[k]].cell[s].status =
					rows[FAB_SEQ_PUT].cell[s].status;
	for (r = 0; r < FAB_ROUNDS; r++)
		for (k = 0; k < ARRAY_SIZE(gets); k++)
			for (s = 0; s < FAB_NR_STRUCTURES; s++) {
				job = (struct fab_job){ .h = arrays[s],
					.n = c->n, .perm = perm };
				fab_round(c, s, gets[k], &job, sum,
					  &rows[gets[k]].cell[s], NULL);
			}
	for (s = 0; s < FAB_NR_STRUCTURES; s++) {
		if (s == FAB_FLEX_INLINED || rows[FAB_SEQ_PUT].cell[s].status)
			continue;
		job.h = arrays[s];
		c->instances->run[s](FAB_DESTROY, &job);
	}
	kvfree(perm);

	for (w = 0; w < FAB_NR_WORKLOADS; w++)
		if (w != FAB_SMALL && (c->all_workloads ||
				       rows[w].cell[FAB_FLEX].status !=
				       FAB_NOT_RUN))
			fab_print_row(&rows[w], false);
	if (c->all_workloads) {
		fab_tracked_rows[fab_nr_tracked_rows] = rows[FAB_TRACKED_PUT];
		for (s = FAB_FLEX; s <= FAB_FLEX_INLINED; s++) {
			struct fab_cell *t, *p = &rows[FAB_SEQ_PUT].cell[s];

			t = &fab_tracked_rows[fab_nr_tracked_rows].cell[s];
			if (!t->status && !p->status && p->centi)
				t->centi = div64_u64(t->centi * 100, p->centi);
			else if (!t->status)
				t->status = -EOPNOTSUPP;
		}
		fab_nr_tracked_rows++;
	}
	return 0;
}

static void fab_run_small(void)
{
	const struct fab_config small = { .instances = &fab_size_16 };
	struct fab_row row = { fab_workload_names[FAB_SMALL],
			       FAB_SMALL_ELEMENTS, FAB_SMALL_SIZE };
	struct fab_job job = {};
	enum fab_structure s;
	unsigned int r;

	/*
	 * The paged yardstick would hold a page (see the top) and the XArray
	 * has no preallocation; the inlined column would repeat flex_array's.
	 */
	for (s = 0; s < FAB_NR_STRUCTURES; s++)
		row.cell[s] = s == FAB_FLAT || s == FAB_FLEX ||
			      s == FAB_GENRADIX ?
			(struct fab_cell){ .centi = U64_MAX } :
			(struct fab_cell){ .status = FAB_NOT_RUN };
	for (r = 0; r < FAB_ROUNDS; r++)
		for (s = 0; s < FAB_NR_STRUCTURES; s++)
			fab_round(&small, s, FAB_SMALL, &job, 0, &row.cell[s],
				  NULL);
	fab_print_row(&row, false);
}

/*
 * The columns of the tables: the figures of structure @s, then their
 * ratios to those of the structures in @ratio.
 */
struct fab_column {
	enum fab_structure s;
	unsigned int nr_ratios;
	enum fab_structure ratio[3];
};

static const struct fab_column fab_columns[] = {
	{ FAB_FLAT },
	{ FAB_PAGED, 1, { FAB_FLAT } },
	{ FAB_FLEX, 3, { FAB_FLAT, FAB_PAGED, FAB_GENRADIX } },
	{ FAB_FLEX_INLINED, 3, { FAB_FLAT, FAB_PAGED, FAB_GENRADIX } },
	{ FAB_GENRADIX, 1, { FAB_FLAT } },
	{ FAB_XARRAY, 1, { FAB_FLAT } },
};

static const char *const fab_ratio_names[FAB_NR_STRUCTURES] = {
	[FAB_FLAT]	= "x flat",
	[FAB_PAGED]	= "x pg",
	[FAB_GENRADIX]	= "x gr",
};

/* The memory table has no inlined column: it would repeat flex_array's. */
static bool fab_column_shown(const struct fab_column *col, bool memory)
{
	return !memory || col->s != FAB_FLEX_INLINED;
}

static void fab_print_header(const char *what, bool memory)
{
	char buf[256];
	unsigned int k, j;
	int len;

	len = scnprintf(buf, sizeof(buf), "%-18s %8s %5s", what, "elements",
			"size");
	for (k = 0; k < ARRAY_SIZE(fab_columns); k++) {
		if (!fab_column_shown(&fab_columns[k], memory))
			continue;
		len += scnprintf(buf + len, sizeof(buf) - len, " | %9s",
				 fab_structure_names[fab_columns[k].s]);
		for (j = 0; j < fab_columns[k].nr_ratios; j++)
			len += scnprintf(buf + len, sizeof(buf) - len, " %7s",
					 fab_ratio_names[fab_columns[k].ratio[j]]);
	}
	pr_info("%s\n", buf);
}

/* A figure times 100 as a decimal with two places. */
static const char *fab_fmt_centi(char *buf, size_t len, u64 centi)
{
	snprintf(buf, len, "%llu.%02llu", centi / 100, centi % 100);
	return buf;
}

static const char *fab_status_text(int status)
{
	switch (status) {
	case FAB_NOT_RUN:
		return "-";
	case FAB_REFUSED:
		return "n/a (refused)";
	case -EOPNOTSUPP:
		return "n/a";
	default:
		fab_failed = true;
		return "FAILED";
	}
}

/*
 * One cell: the figure and its ratios, or the reason there is none in a
 * field as wide as the figure and its ratios.
 */
static int fab_fmt_cell(char *buf, size_t len, const struct fab_row *row,
			const struct fab_column *col)
{
	const struct fab_cell *c = &row->cell[col->s], *ref;
	char v[24];
	unsigned int j;
	int n;

	if (c->status)
		return scnprintf(buf, len, "%-*s", 9 + 8 * col->nr_ratios,
				 fab_status_text(c->status));
	n = scnprintf(buf, len, "%9s", fab_fmt_centi(v, sizeof(v), c->centi));
	for (j = 0; j < col->nr_ratios; j++) {
		ref = &row->cell[col->ratio[j]];
		if (ref->status || !ref->centi)
			strscpy(v, "-", sizeof(v));
		else
			fab_fmt_centi(v, sizeof(v),
				      div64_u64(c->centi * 100, ref->centi));
		n += scnprintf(buf + n, len - n, " %7s", v);
	}
	return n;
}

static void fab_print_row(const struct fab_row *row, bool memory)
{
	char buf[256];
	unsigned int k;
	int len;

	len = scnprintf(buf, sizeof(buf), "%-18s %8u %5u", row->what, row->n,
			row->size);
	for (k = 0; k < ARRAY_SIZE(fab_columns); k++) {
		if (!fab_column_shown(&fab_columns[k], memory))
			continue;
		len += scnprintf(buf + len, sizeof(buf) - len, " | ");
		len += fab_fmt_cell(buf + len, sizeof(buf) - len, row,
				    &fab_columns[k]);
	}
	pr_info("%s\n", strim(buf));
}

static int __init fab_init(void)
{
	u64 start = ktime_get_ns();
	char call[24], inlined[24];
	const struct fab_row *t;
	unsigned int k;
	int err;

	pr_info("time: ns per operation, best of %d rounds, each round running every structure in turn\n",
		FAB_ROUNDS);
	pr_info("ratios of flex_array's figures to the flat array (x flat), the paged yardstick (x pg) and genradix (x gr); of the others' to the flat array\n");
	pr_info("flex_array: flex_array_get(), _put(), _next(); inlined: flex_array_get_inlined(), _put_inlined(), flex_array_for_each()\n");
	pr_info("flat: kvmalloc_array(__GFP_ZERO); genradix: genradix_ptr(), _ptr_alloc(), _for_each(); xarray: 8-byte xa_mk_value() entries, 16-byte rows only\n");
	pr_info("paged: a yardstick, not an API: a bare table of page pointers, constant element size, no range, NULL or publication checks\n");
	if (IS_ENABLED(CONFIG_UML))
		pr_info("UML: a vmalloc()ed flat array takes a host page fault per page on first touch, inflating its puts\n");
	fab_print_header("workload", false);
	for (k = 0; k < ARRAY_SIZE(fab_configs); k++) {
		err = fab_run_config(&fab_configs[k]);
		if (err) {
			pr_err("FAILED: out of memory for %u x %u B\n",
			       fab_configs[k].n, fab_configs[k].size);
			return err;
		}
	}
	fab_run_small();

	pr_info("tracked puts, as a ratio to the same puts into an untracked array:\n");
	for (k = 0; k < fab_nr_tracked_rows; k++) {
		t = &fab_tracked_rows[k];
		pr_info("%8u x %u B: flex_array_put() %s, flex_array_put_inlined() %s\n",
			t->n, t->size,
			t->cell[FAB_FLEX].status ?
			fab_status_text(t->cell[FAB_FLEX].status) :
			fab_fmt_centi(call, sizeof(call),
				      t->cell[FAB_FLEX].centi),
			t->cell[FAB_FLEX_INLINED].status ?
			fab_status_text(t->cell[FAB_FLEX_INLINED].status) :
			fab_fmt_centi(inlined, sizeof(inlined),
				      t->cell[FAB_FLEX_INLINED].centi));
	}

	pr_info("memory: bytes the page allocator handed out per byte stored, over copies of each array built after as many others (sparse: one element every %u bytes)\n",
		FAB_SPARSE_STRIDE);
	fab_print_header("memory", true);
	for (k = 0; k < fab_nr_memory_rows; k++)
		fab_print_row(&fab_memory_rows[k], true);

	if (fab_failed) {
		pr_err("FAILED: see the FAILED cells above\n");
		return -EIO;
	}
	pr_info("done in %llu s\n", div64_u64(ktime_get_ns() - start,
					      NSEC_PER_SEC));
	return 0;
}

static void __exit fab_exit(void)
{
}

late_initcall(fab_init);
module_exit(fab_exit);

MODULE_DESCRIPTION("Benchmark of flexible arrays against their alternatives");
MODULE_LICENSE("GPL");
