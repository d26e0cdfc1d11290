// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark of flexible arrays against the other ways the kernel offers to
 * keep many fixed-size objects addressed by index: one flat, zeroed
 * kvmalloc_array() allocation (the physical limit), the generic radix tree
 * and the XArray.  A fifth structure, "paged", is no API but a yardstick:
 * the least any array built of separate pages must do, see below.  All five
 * run the same workloads in the same boot, and one table reports
 * nanoseconds per operation and the memory used per byte stored, each as a
 * ratio to the flat array.
 *
 * Workloads, each the best of FAB_ROUNDS rounds:
 *
 * - seq put: create an array and put every element in index order, so the
 *   allocations the structure makes on the way are included;
 * - seq put, tracked: the same into an array from flex_array_alloc_tracked(),
 *   flex_array alone: what recording the stored elements for an exact
 *   flex_array_shrink() costs a put, and (in the "dense, tracked" memory
 *   row) the memory;
 * - seq get and random get: read every element of that array in index
 *   order, or in the order of a random permutation drawn once, before any
 *   timing and from a fixed seed, so that every boot reads the same order;
 *   arrays of fewer than FAB_MIN_GETS elements are read several times over;
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
 * others hand out zeroed memory.  Every structure uses its fastest
 * public access: the inline genradix lookup, and for flex_array its inline
 * get and put.  A get reads the first bytes of the element and adds them to
 * a sum that is checked against the expected one, so no read can be
 * optimised away and every round also verifies the structure.  The XArray
 * cannot hold objects: it stores each index as an 8-byte value entry
 * (xa_mk_value()), which costs no allocation beyond its nodes, and it is
 * run on the 16-byte rows only, as the pointer-sized alternative.
 *
 * A get costs one or two nanoseconds, so an indirect call per operation
 * would be a large part of what is measured.  Each timed loop is therefore
 * compiled once per structure and element size (FAB_INSTANCE below), with
 * both as compile-time constants: the operations fab_put(), fab_read() and
 * so on are switches on the structure that the compiler folds away, which
 * leaves every structure the same loop around its own inlined access.
 * Only the choice of a whole timed loop goes through a function pointer.
 *
 * Memory is what each structure obtained from the allocators, measured
 * after the array was filled: for the flat array the kmalloc() size
 * (ksize()) or, when kvmalloc() fell back to vmalloc(), the pages mapped;
 * for flex_array the ksize() of its base plus one page per distinct page
 * that flex_array_get() returns addresses in, outside the base; for the
 * genradix the ksize() of every node, found by walking the tree; for the
 * XArray sizeof(struct xa_node) for every node, found by walking it;
 * for the paged yardstick the ksize() of its table plus its data pages.
 * Bytes stored are the element size times the elements put, 8 bytes per
 * element for the XArray.  The pages of pointers of a flex_array with more
 * than one level are not visible through its API and go uncounted, and so
 * do the yardstick's: one page per 512 parts of the array's span, 0.2% of
 * a dense array of 16-byte elements, 0.8% in its sparse rows.
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
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#define FAB_ROUNDS		5
#define FAB_SMALL_ELEMENTS	64
#define FAB_SMALL_SIZE		8
#define FAB_SMALL_ITERATIONS	10000
#define FAB_MIN_GETS		100000
/* Far enough apart that every sparse element needs its own flex_array part. */
#define FAB_SPARSE_STRIDE	SZ_16K
#define FAB_SEED		0x666c65785f617272ULL

/*
 * Linux 6.9 shrank genradix nodes from a page to GENRADIX_NODE_SIZE bytes,
 * the largest object it holds, and gave it an inline lookup and a public
 * node layout.  Each kernel's genradix is measured with its fastest
 * lookup; its memory can only be counted where its nodes are visible.
 */
#ifdef GENRADIX_NODE_SIZE
#define FAB_GENRADIX_MAX	GENRADIX_NODE_SIZE
#define fab_genradix_ptr	__genradix_ptr_inlined
#define fab_genradix_alloc(gr, offset, gfp)	\
	__genradix_ptr_alloc(gr, offset, NULL, gfp)
#else
#define FAB_GENRADIX_MAX	PAGE_SIZE
#define fab_genradix_ptr	__genradix_ptr
#define fab_genradix_alloc	__genradix_ptr_alloc
#endif

/* Status of a cell, besides 0 for a figure. */
#define FAB_NOT_RUN	(-ENOENT)	/* not a workload for this structure */
#define FAB_TOO_BIG	(-EMSGSIZE)	/* element larger than supported */
#define FAB_REFUSED	(-E2BIG)	/* flex_array_alloc() returned NULL */

enum fab_structure {
	FAB_FLAT,
	FAB_FLEX,
	FAB_GENRADIX,
	FAB_XARRAY,
	FAB_PAGED,
	FAB_NR_STRUCTURES
};

enum fab_workload {
	FAB_SEQ_PUT,
	FAB_TRACKED_PUT,
	FAB_SEQ_GET,
	FAB_RANDOM_GET,
	FAB_PREALLOC,
	FAB_PREALLOC_PUT,
	FAB_SPARSE_PUT,
	FAB_SMALL,
	FAB_NR_WORKLOADS
};

static const char *const fab_workload_names[FAB_NR_WORKLOADS] = {
	[FAB_SEQ_PUT]		= "seq put",
	[FAB_TRACKED_PUT]	= "seq put, tracked",
	[FAB_SEQ_GET]		= "seq get",
	[FAB_RANDOM_GET]	= "random get",
	[FAB_PREALLOC]		= "prealloc",
	[FAB_PREALLOC_PUT]	= "put after prealloc",
	[FAB_SPARSE_PUT]	= "sparse put",
	[FAB_SMALL]		= "small alloc+free",
};

/*
 * What a timed loop needs to reach an array: one pointer, so that every
 * structure's loop keeps it in a register.  Only one array exists at a
 * time, so the genradix and XArray roots and the yardstick's size can be
 * static.
 */
union fab_handle {
	u8 *flat;
	struct flex_array *fa;
	struct __genradix *gr;
	struct xarray *xa;
	u8 **pages;
};

static struct __genradix fab_genradix;
static DEFINE_XARRAY(fab_xarray);
/* Data pages that the paged yardstick's array spans. */
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

/* The object every put copies in; its first bytes are set to the index. */
static u64 fab_src[PAGE_SIZE / sizeof(u64)];

/**
 * struct fab_job - One timed loop's arguments and results.
 * @h: The array: created by the put workloads, read by the get ones.
 * @n: Number of elements of the array.
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
				      u32 n, bool tracked, union fab_handle *h)
{
	switch (s) {
	case FAB_FLAT:
		h->flat = kvmalloc_array(n, size, GFP_KERNEL | __GFP_ZERO);
		return h->flat ? 0 : -ENOMEM;
	case FAB_FLEX:
		h->fa = tracked ? flex_array_alloc_tracked(size, n, GFP_KERNEL) :
				  flex_array_alloc(size, n, GFP_KERNEL);
		return h->fa ? 0 : FAB_REFUSED;
	case FAB_GENRADIX:
		/* What genradix_init() does to a typed genradix. */
		fab_genradix.root = NULL;
		h->gr = &fab_genradix;
		return 0;
	case FAB_XARRAY:
		xa_init(&fab_xarray);
		h->xa = &fab_xarray;
		return 0;
	case FAB_PAGED:
		h->pages = fab_paged_create(n, size);
		return h->pages ? 0 : -ENOMEM;
	default:
		return -EINVAL;
	}
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

/* Allocate what elements 0 to @n - 1 need, where the structure can. */
static __always_inline int fab_prealloc(enum fab_structure s, size_t size,
					union fab_handle h, u32 n)
{
	u32 i;

	switch (s) {
	case FAB_FLAT:
		return 0;
	case FAB_FLEX:
		return flex_array_prealloc(h.fa, 0, n - 1, GFP_KERNEL);
	case FAB_GENRADIX:
		return __genradix_prealloc(h.gr, __idx_to_offset(n, size),
					   GFP_KERNEL);
	case FAB_PAGED:
		for (i = 0; i < n; i += FAB_PER_PAGE(size))
			if (!fab_paged_page(size, h, i))
				return -ENOMEM;
		return 0;
	default:
		/* The XArray can only reserve one index at a time. */
		return -EOPNOTSUPP;
	}
}

/*
 * genradix_ptr_alloc_inlined() and genradix_ptr_inlined() need a typed
 * genradix; these are what they expand to for an element of @size bytes
 * (before Linux 6.9, what genradix_ptr_alloc() and genradix_ptr() do).
 */
static __always_inline int fab_put(enum fab_structure s, size_t size,
				   union fab_handle h, u32 i, const void *src)
{
	size_t offset;
	u8 *elem;

	switch (s) {
	case FAB_FLAT:
		memcpy(h.flat + (size_t)i * size, src, size);
		return 0;
	case FAB_FLEX:
		return flex_array_put(h.fa, i, src, GFP_KERNEL);
	case FAB_GENRADIX:
		offset = __idx_to_offset(i, size);
		elem = fab_genradix_ptr(h.gr, offset) ?:
		       fab_genradix_alloc(h.gr, offset, GFP_KERNEL);
		if (!elem)
			return -ENOMEM;
		memcpy(elem, src, size);
		return 0;
	case FAB_XARRAY:
		return xa_err(xa_store(h.xa, i, xa_mk_value(i), GFP_KERNEL));
	case FAB_PAGED:
		elem = fab_paged_page(size, h, i);
		if (!elem)
			return -ENOMEM;
		memcpy(elem + i % FAB_PER_PAGE(size) * size, src, size);
		return 0;
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
	case FAB_FLEX:
		return fab_value(flex_array_get(h.fa, i), size);
	case FAB_GENRADIX:
		return fab_value(fab_genradix_ptr(h.gr,
						  __idx_to_offset(i, size)),
				 size);
	case FAB_XARRAY:
		return xa_to_value(xa_load(h.xa, i));
	case FAB_PAGED:
		return fab_value(*fab_paged_slot(h.pages,
						 i / FAB_PER_PAGE(size)) +
				 i % FAB_PER_PAGE(size) * size, size);
	default:
		return 0;
	}
}

/* Safe on an array whose creation failed. */
static __always_inline void fab_destroy(enum fab_structure s,
					union fab_handle h)
{
	switch (s) {
	case FAB_FLAT:
		kvfree(h.flat);
		break;
	case FAB_FLEX:
		flex_array_free(h.fa);
		break;
	case FAB_GENRADIX:
		__genradix_free(h.gr);
		break;
	case FAB_XARRAY:
		xa_destroy(h.xa);
		break;
	case FAB_PAGED:
		fab_paged_destroy(h.pages);
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
	err = fab_create(s, size, n, tracked, &h);
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

static __always_inline int fab_get(enum fab_structure s, size_t size,
				   struct fab_job *job, bool random)
{
	const u32 *perm = job->perm;
	union fab_handle h = job->h;
	unsigned long sum = 0;
	u32 i, r, n = job->n, reps = fab_get_reps(n);
	u64 start;

	start = ktime_get_ns();
	for (r = 0; r < reps; r++)
		for (i = 0; i < n; i++)
			sum += fab_read(s, size, h, random ? perm[i] : i);
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
				 &h);
		if (!err)
			err = fab_prealloc(s, FAB_SMALL_SIZE, h,
					   FAB_SMALL_ELEMENTS);
		fab_destroy(s, h);
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
	case FAB_SEQ_GET:
		return fab_get(s, size, job, false);
	case FAB_RANDOM_GET:
		return fab_get(s, size, job, true);
	case FAB_SMALL:
		return fab_small(s, job);
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
FAB_INSTANCE(FAB_FLEX, 1)
FAB_INSTANCE(FAB_FLEX, 16)
FAB_INSTANCE(FAB_FLEX, 24)
FAB_INSTANCE(FAB_FLEX, PAGE_SIZE)
FAB_INSTANCE(FAB_GENRADIX, 1)
FAB_INSTANCE(FAB_GENRADIX, 16)
FAB_INSTANCE(FAB_GENRADIX, 24)
#ifndef GENRADIX_NODE_SIZE
FAB_INSTANCE(FAB_GENRADIX, PAGE_SIZE)
#endif
FAB_INSTANCE(FAB_XARRAY, 16)
FAB_INSTANCE(FAB_PAGED, 1)
FAB_INSTANCE(FAB_PAGED, 16)
FAB_INSTANCE(FAB_PAGED, 24)
FAB_INSTANCE(FAB_PAGED, PAGE_SIZE)

/*
 * The instances for one element size.  A missing one is a cell without a
 * figure: the genradix holds objects of at most FAB_GENRADIX_MAX bytes,
 * and the XArray runs in the 16-byte rows only.
 */
struct fab_instances {
	int (*run[FAB_NR_STRUCTURES])(enum fab_workload w,
				      struct fab_job *job);
};

static const struct fab_instances fab_size_1 = { {
	[FAB_FLAT] = fab_FAB_FLAT_1,
	[FAB_FLEX] = fab_FAB_FLEX_1,
	[FAB_GENRADIX] = fab_FAB_GENRADIX_1,
	[FAB_PAGED] = fab_FAB_PAGED_1,
} };

static const struct fab_instances fab_size_16 = { {
	[FAB_FLAT] = fab_FAB_FLAT_16,
	[FAB_FLEX] = fab_FAB_FLEX_16,
	[FAB_GENRADIX] = fab_FAB_GENRADIX_16,
	[FAB_XARRAY] = fab_FAB_XARRAY_16,
	[FAB_PAGED] = fab_FAB_PAGED_16,
} };

static const struct fab_instances fab_size_24 = { {
	[FAB_FLAT] = fab_FAB_FLAT_24,
	[FAB_FLEX] = fab_FAB_FLEX_24,
	[FAB_GENRADIX] = fab_FAB_GENRADIX_24,
	[FAB_PAGED] = fab_FAB_PAGED_24,
} };

static const struct fab_instances fab_size_page = { {
	[FAB_FLAT] = fab_FAB_FLAT_PAGE_SIZE,
	[FAB_FLEX] = fab_FAB_FLEX_PAGE_SIZE,
#ifndef GENRADIX_NODE_SIZE
	[FAB_GENRADIX] = fab_FAB_GENRADIX_PAGE_SIZE,
#endif
	[FAB_PAGED] = fab_FAB_PAGED_PAGE_SIZE,
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

static const char *const fab_structure_names[FAB_NR_STRUCTURES] = {
	[FAB_FLAT]	= "flat",
	[FAB_FLEX]	= "flex_array",
	[FAB_GENRADIX]	= "genradix",
	[FAB_XARRAY]	= "xarray",
	[FAB_PAGED]	= "paged",
};

/* A figure times 100, or in @status why there is none. */
struct fab_cell {
	u64 centi;
	int status;
};

struct fab_memory_row {
	const char *what;
	u32 n;
	u32 size;
	struct fab_cell cell[FAB_NR_STRUCTURES];
};

/* Three memory rows per 16-byte configuration, one for the others. */
static struct fab_memory_row fab_memory_rows[ARRAY_SIZE(fab_configs) * 3];
static unsigned int fab_nr_memory_rows;
static bool fab_failed;

/* Memory measurement, untimed: see the comment at the top. */

static size_t fab_flat_bytes(u8 *flat, size_t bytes)
{
	return is_vmalloc_addr(flat) ? PAGE_ALIGN(bytes) : ksize(flat);
}

static size_t fab_flex_bytes(struct flex_array *fa)
{
	unsigned long base = (unsigned long)fa, base_end = base + ksize(fa);
	unsigned long addr, page, last = 0;
	size_t bytes = ksize(fa);
	u32 i;

	/* Parts are whole pages; their elements have consecutive indices. */
	for (i = 0; i < fa->total; i++) {
		addr = (unsigned long)flex_array_get(fa, i);
		if (!addr || (addr >= base && addr < base_end))
			continue;
		page = addr & PAGE_MASK;
		if (page != last)
			bytes += PAGE_SIZE;
		last = page;
	}
	return bytes;
}

#ifdef GENRADIX_NODE_SIZE
static size_t fab_genradix_node_bytes(struct genradix_node *node,
				      unsigned int depth)
{
	size_t bytes;
	unsigned int k;

	if (!node)
		return 0;
	bytes = ksize(node);
	if (depth)
		for (k = 0; k < GENRADIX_ARY; k++)
			bytes += fab_genradix_node_bytes(node->children[k],
							 depth - 1);
	return bytes;
}

static size_t fab_genradix_bytes(struct __genradix *gr)
{
	struct genradix_root *root = READ_ONCE(gr->root);

	return fab_genradix_node_bytes(genradix_root_to_node(root),
				       genradix_root_to_depth(root));
}
#else
/* Older genradix nodes are private: their memory is not counted. */
static size_t fab_genradix_bytes(struct __genradix *gr)
{
	return 0;
}
#endif

/* xa_head_locked() and xa_entry_locked() are the XArray's own walkers. */
static size_t fab_xa_node_bytes(struct xarray *xa, void *entry)
{
	struct xa_node *node;
	unsigned int k;
	size_t bytes;

	if (!xa_is_node(entry))
		return 0;
	node = xa_to_node(entry);
	bytes = sizeof(*node);
	for (k = 0; k < XA_CHUNK_SIZE; k++)
		bytes += fab_xa_node_bytes(xa, xa_entry_locked(xa, node, k));
	return bytes;
}

static size_t fab_xarray_bytes(struct xarray *xa)
{
	size_t bytes;

	xa_lock(xa);
	bytes = fab_xa_node_bytes(xa, xa_head_locked(xa));
	xa_unlock(xa);
	return bytes;
}

/* Pages of pointers uncounted, as for flex_array: see the top. */
static size_t fab_paged_bytes(u8 **table)
{
	size_t bytes = ksize(table);
	u32 k;

	for (k = 0; k < fab_nr_pages; k++)
		if (*fab_paged_slot(table, k))
			bytes += PAGE_SIZE;
	return bytes;
}

/*
 * Bytes allocated per byte stored, times 100, for an array holding @stored
 * elements of a @size-byte structure of @n.
 */
static struct fab_cell fab_memory(enum fab_structure s, union fab_handle h,
				  u32 n, size_t size, u32 stored)
{
	size_t bytes;

	switch (s) {
	case FAB_FLAT:
		bytes = fab_flat_bytes(h.flat, (size_t)n * size);
		break;
	case FAB_FLEX:
		bytes = fab_flex_bytes(h.fa);
		/* A tracked array records its stored elements in another. */
		if (h.fa->stored)
			bytes += fab_flex_bytes(h.fa->stored);
		break;
	case FAB_GENRADIX:
		bytes = fab_genradix_bytes(h.gr);
		break;
	case FAB_XARRAY:
		bytes = fab_xarray_bytes(h.xa);
		size = sizeof(u64);
		break;
	case FAB_PAGED:
		bytes = fab_paged_bytes(h.pages);
		break;
	default:
		return (struct fab_cell){ .status = -EINVAL };
	}
	if (!bytes)
		return (struct fab_cell){ .status = -EOPNOTSUPP };
	return (struct fab_cell){
		.centi = div64_u64((u64)bytes * 100, (u64)stored * size),
	};
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

/*
 * Run workload @w FAB_ROUNDS times into @cell, keeping the best time per
 * operation, and for FAB_PREALLOC_PUT the best preallocation time per
 * element into @prealloc.  Put workloads destroy their array after each
 * round but the last, which is left in @job for the caller.
 */
static void fab_rounds(enum fab_structure s,
		       int (*instance)(enum fab_workload w, struct fab_job *job),
		       enum fab_workload w, struct fab_job *job,
		       unsigned long expected_sum, struct fab_cell *cell,
		       struct fab_cell *prealloc)
{
	bool puts = w == FAB_SEQ_PUT || w == FAB_TRACKED_PUT ||
		    w == FAB_PREALLOC_PUT || w == FAB_SPARSE_PUT;
	u64 best = U64_MAX, best_prealloc = U64_MAX;
	int round, err = 0;

	for (round = 0; round < FAB_ROUNDS && !err; round++) {
		err = instance(w, job);
		if (!err && !puts && w != FAB_SMALL &&
		    job->sum != expected_sum) {
			pr_err("%s %s of %u elements: read sum %lu, expected %lu\n",
			       fab_structure_names[s], fab_workload_names[w],
			       job->n, job->sum, expected_sum);
			err = -EIO;
		} else if (err && err != FAB_REFUSED && err != -EOPNOTSUPP) {
			pr_err("%s %s of %u elements: error %d\n",
			       fab_structure_names[s], fab_workload_names[w],
			       job->n, err);
		}
		if (!err) {
			best = min(best, div64_u64(job->ns * 100, job->ops));
			if (prealloc)
				best_prealloc = min(best_prealloc,
						    div64_u64(job->prealloc_ns * 100,
							      job->n));
		}
		if (puts && (err || round < FAB_ROUNDS - 1))
			fab_destroy(s, job->h);
		cond_resched();
	}
	*cell = (struct fab_cell){ .centi = best, .status = err };
	if (prealloc)
		*prealloc = (struct fab_cell){ .centi = best_prealloc,
					       .status = err };
}

static void fab_print_header(const char *what)
{
	pr_info("%-18s %8s %5s | %9s | %9s %7s %7s | %9s %7s | %9s %7s | %9s %7s\n",
		what, "elements", "size", "flat", "flex_array", "x flat",
		"x gr", "genradix", "x flat", "xarray", "x flat", "paged",
		"x flat");
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
	case FAB_TOO_BIG:
		return "n/a (too big)";
	case FAB_REFUSED:
		return "n/a (refused)";
	case -EOPNOTSUPP:
		return "n/a";
	default:
		return "FAILED";
	}
}

/*
 * Print one cell: the figure and its ratios to @ref (the flat array's
 * figure) and, if @ref2 is given, to @ref2, or the reason there is none in
 * a field as wide as the figure and its ratios.
 */
static int fab_fmt_cell(char *buf, size_t len, const struct fab_cell *c,
			const struct fab_cell *ref, const struct fab_cell *ref2)
{
	char v[24], r[24], r2[24];
	int width = ref2 ? 25 : 17;

	if (!ref) {
		if (c->status)
			return scnprintf(buf, len, "%9s",
					 fab_status_text(c->status));
		return scnprintf(buf, len, "%9s",
				 fab_fmt_centi(v, sizeof(v), c->centi));
	}
	if (c->status)
		return scnprintf(buf, len, "%-*s", width,
				 fab_status_text(c->status));

	fab_fmt_centi(v, sizeof(v), c->centi);
	if (ref->status || !ref->centi)
		strscpy(r, "-", sizeof(r));
	else
		fab_fmt_centi(r, sizeof(r),
			      div64_u64(c->centi * 100, ref->centi));
	if (!ref2)
		return scnprintf(buf, len, "%9s %7s", v, r);
	if (ref2->status || !ref2->centi)
		strscpy(r2, "-", sizeof(r2));
	else
		fab_fmt_centi(r2, sizeof(r2),
			      div64_u64(c->centi * 100, ref2->centi));
	return scnprintf(buf, len, "%9s %7s %7s", v, r, r2);
}

static void fab_print_row(const char *what, u32 n, u32 size,
			  const struct fab_cell cell[FAB_NR_STRUCTURES])
{
	const struct fab_cell *flat = &cell[FAB_FLAT];
	char buf[192];
	int len;

	len = scnprintf(buf, sizeof(buf), "%-18s %8u %5u | ", what, n, size);
	len += fab_fmt_cell(buf + len, sizeof(buf) - len, flat, NULL, NULL);
	len += scnprintf(buf + len, sizeof(buf) - len, " | ");
	len += fab_fmt_cell(buf + len, sizeof(buf) - len, &cell[FAB_FLEX],
			    flat, &cell[FAB_GENRADIX]);
	len += scnprintf(buf + len, sizeof(buf) - len, " | ");
	len += fab_fmt_cell(buf + len, sizeof(buf) - len,
			    &cell[FAB_GENRADIX], flat, NULL);
	len += scnprintf(buf + len, sizeof(buf) - len, " | ");
	len += fab_fmt_cell(buf + len, sizeof(buf) - len, &cell[FAB_XARRAY],
			    flat, NULL);
	len += scnprintf(buf + len, sizeof(buf) - len, " | ");
	fab_fmt_cell(buf + len, sizeof(buf) - len, &cell[FAB_PAGED], flat,
		     NULL);
	pr_info("%s\n", strim(buf));
}

static void fab_set_status(struct fab_cell cells[][FAB_NR_STRUCTURES],
			   enum fab_structure s, int status)
{
	enum fab_workload w;

	for (w = 0; w < FAB_NR_WORKLOADS; w++)
		cells[w][s] = (struct fab_cell){ .status = status };
}

/* Every workload of one configuration on structure @s. */
static void fab_run_structure(const struct fab_config *c,
			      enum fab_structure s, const u32 *perm,
			      struct fab_cell cells[][FAB_NR_STRUCTURES],
			      struct fab_memory_row *dense,
			      struct fab_memory_row *sparse,
			      struct fab_memory_row *tracked)
{
	int (*instance)(enum fab_workload w, struct fab_job *job) =
		c->instances->run[s];
	unsigned long sum = fab_expected_sum(c->n, c->size) *
			    fab_get_reps(c->n);
	struct fab_job job = { .n = c->n, .perm = perm };
	struct fab_cell *seq_put = &cells[FAB_SEQ_PUT][s];

	if (!instance) {
		fab_set_status(cells, s, s == FAB_GENRADIX &&
			       c->size > FAB_GENRADIX_MAX ?
			       FAB_TOO_BIG : FAB_NOT_RUN);
		dense->cell[s] = cells[FAB_SEQ_PUT][s];
		if (sparse)
			sparse->cell[s] = cells[FAB_SEQ_PUT][s];
		if (tracked)
			tracked->cell[s] = cells[FAB_SEQ_PUT][s];
		return;
	}

	fab_rounds(s, instance, FAB_SEQ_PUT, &job, 0, seq_put, NULL);
	if (seq_put->status) {
		fab_set_status(cells, s, seq_put->status);
		dense->cell[s] = *seq_put;
		if (sparse)
			sparse->cell[s] = *seq_put;
		if (tracked)
			tracked->cell[s] = *seq_put;
		return;
	}
	dense->cell[s] = fab_memory(s, job.h, c->n, c->size, c->n);
	fab_rounds(s, instance, FAB_SEQ_GET, &job, sum,
		   &cells[FAB_SEQ_GET][s], NULL);
	fab_rounds(s, instance, FAB_RANDOM_GET, &job, sum,
		   &cells[FAB_RANDOM_GET][s], NULL);
	fab_destroy(s, job.h);

	if (!c->all_workloads)
		return;
	fab_rounds(s, instance, FAB_PREALLOC_PUT, &job, 0,
		   &cells[FAB_PREALLOC_PUT][s], &cells[FAB_PREALLOC][s]);
	if (!cells[FAB_PREALLOC_PUT][s].status)
		fab_destroy(s, job.h);
	fab_rounds(s, instance, FAB_SPARSE_PUT, &job, 0,
		   &cells[FAB_SPARSE_PUT][s], NULL);
	if (!cells[FAB_SPARSE_PUT][s].status) {
		sparse->cell[s] = fab_memory(s, job.h, c->n, c->size, job.ops);
		fab_destroy(s, job.h);
	} else {
		sparse->cell[s] = cells[FAB_SPARSE_PUT][s];
	}

	/* What flex_array_alloc_tracked() adds to the same puts. */
	if (s != FAB_FLEX)
		return;
	fab_rounds(s, instance, FAB_TRACKED_PUT, &job, 0,
		   &cells[FAB_TRACKED_PUT][s], NULL);
	if (!cells[FAB_TRACKED_PUT][s].status) {
		tracked->cell[s] = fab_memory(s, job.h, c->n, c->size, c->n);
		fab_destroy(s, job.h);
	} else {
		tracked->cell[s] = cells[FAB_TRACKED_PUT][s];
	}
}

static void fab_check(const struct fab_cell *cells, size_t nr)
{
	size_t k;

	for (k = 0; k < nr; k++)
		if (cells[k].status && cells[k].status != FAB_NOT_RUN &&
		    cells[k].status != FAB_TOO_BIG &&
		    cells[k].status != FAB_REFUSED &&
		    cells[k].status != -EOPNOTSUPP)
			fab_failed = true;
}

static int fab_run_config(const struct fab_config *c)
{
	struct fab_cell cells[FAB_NR_WORKLOADS][FAB_NR_STRUCTURES] = {};
	struct fab_memory_row *dense, *sparse = NULL, *tracked = NULL;
	enum fab_structure s;
	enum fab_workload w;
	u32 *perm;

	perm = fab_permutation(c->n);
	if (!perm)
		return -ENOMEM;

	dense = &fab_memory_rows[fab_nr_memory_rows++];
	*dense = (struct fab_memory_row){ "dense", c->n, c->size };
	if (c->all_workloads) {
		sparse = &fab_memory_rows[fab_nr_memory_rows++];
		*sparse = (struct fab_memory_row){ "sparse", c->n, c->size };
		tracked = &fab_memory_rows[fab_nr_memory_rows++];
		*tracked = (struct fab_memory_row){ "dense, tracked", c->n,
						     c->size };
	}
	for (s = 0; s < FAB_NR_STRUCTURES; s++)
		fab_run_structure(c, s, perm, cells, dense, sparse, tracked);
	kvfree(perm);

	/* Only flex_array can be tracked: the others have no figure there. */
	for (s = 0; s < FAB_NR_STRUCTURES; s++) {
		if (s == FAB_FLEX)
			continue;
		cells[FAB_TRACKED_PUT][s] = (struct fab_cell){
			.status = FAB_NOT_RUN };
		if (tracked)
			tracked->cell[s] = cells[FAB_TRACKED_PUT][s];
	}

	for (w = 0; w < FAB_NR_WORKLOADS; w++) {
		if (w == FAB_SMALL ||
		    (!c->all_workloads &&
		     (w == FAB_TRACKED_PUT || w == FAB_PREALLOC ||
		      w == FAB_PREALLOC_PUT || w == FAB_SPARSE_PUT)))
			continue;
		fab_print_row(fab_workload_names[w], c->n, c->size, cells[w]);
		fab_check(cells[w], FAB_NR_STRUCTURES);
	}
	return 0;
}

static void fab_run_small(void)
{
	struct fab_cell cells[FAB_NR_STRUCTURES];
	const struct fab_instances *inst = &fab_size_16;
	struct fab_job job = {};
	enum fab_structure s;

	for (s = 0; s < FAB_NR_STRUCTURES; s++) {
		/* The paged yardstick would hold a page: see the top. */
		if (inst->run[s] && s != FAB_PAGED)
			fab_rounds(s, inst->run[s], FAB_SMALL, &job, 0,
				   &cells[s], NULL);
		else
			cells[s] = (struct fab_cell){ .status = FAB_NOT_RUN };
	}
	fab_print_row(fab_workload_names[FAB_SMALL], FAB_SMALL_ELEMENTS,
		      FAB_SMALL_SIZE, cells);
	fab_check(cells, FAB_NR_STRUCTURES);
}

static int __init fab_init(void)
{
	u64 start = ktime_get_ns();
	unsigned int k;
	int err;

	pr_info("time: ns per operation, best of %d rounds; \"x flat\": ratio to the flat array, \"x gr\": flex_array to genradix\n",
		FAB_ROUNDS);
	pr_info("flat: kvmalloc_array(__GFP_ZERO); xarray: 8-byte xa_mk_value() entries, 16-byte rows only\n");
	pr_info("paged: a yardstick, not an API: a bare table of page pointers, constant element size, no range, NULL or publication checks\n");
	if (IS_ENABLED(CONFIG_UML))
		pr_info("UML: a vmalloc()ed flat array takes a host page fault per page on first touch, inflating its puts\n");
	fab_print_header("workload");
	for (k = 0; k < ARRAY_SIZE(fab_configs); k++) {
		err = fab_run_config(&fab_configs[k]);
		if (err) {
			pr_err("FAILED: out of memory for %u x %u B\n",
			       fab_configs[k].n, fab_configs[k].size);
			return err;
		}
	}
	fab_run_small();

	pr_info("memory: bytes allocated per byte stored (sparse: one element every %u bytes); ratios as above\n",
		FAB_SPARSE_STRIDE);
	fab_print_header("memory");
	for (k = 0; k < fab_nr_memory_rows; k++) {
		fab_print_row(fab_memory_rows[k].what, fab_memory_rows[k].n,
			      fab_memory_rows[k].size,
			      fab_memory_rows[k].cell);
		fab_check(fab_memory_rows[k].cell, FAB_NR_STRUCTURES);
	}

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
