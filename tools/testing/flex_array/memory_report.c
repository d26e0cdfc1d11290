// SPDX-License-Identifier: GPL-2.0
/*
 * Memory report: bytes the library allocates per byte stored, for several
 * element sizes and four workloads, printed as a table.  Sizes are the
 * bytes requested from the allocator; the kernel's slab rounding comes on
 * top for the base.  A few bounds are checked while at it.
 */

#include <kunit/test.h>
#include <linux/flex_array.h>
#include <linux/kernel.h>
#include <linux/prandom.h>

#include "fake.h"
#include "harness.h"
#include "model.h"

enum workload {
	SMALL_DENSE,	/* 64 elements, all stored */
	DENSE,		/* 1 MiB of elements, all stored */
	SPARSE,		/* 4 MiB of elements, 1% stored, evenly spread */
	ONE_PER_PART,	/* one element in each of 64 parts */
	NR_WORKLOADS,
};

static const char *const workload_names[] = {
	"64 stored", "dense 1MiB", "sparse 1%", "1 per part",
};

static size_t live_bytes(void)
{
	struct fake_counts c;

	fake_get_counts(&c);
	return c.live_bytes[FAKE_KMALLOC] + c.live_bytes[FAKE_PAGE];
}

static unsigned int workload_total(enum workload w, int size)
{
	unsigned int cap = UINT_MAX;

	switch (w) {
	case SMALL_DENSE:
		return 64;
	case DENSE:
		return min(cap, (1U << 20) / size);
	case SPARSE:
		return min(cap, (4U << 20) / size);
	default:
		return min(cap, 64 * (unsigned int)(PAGE_SIZE / size));
	}
}

/* Bytes the last DENSE workload allocated. */
static size_t dense_bytes;

/* Store per @w, then return allocated bytes per stored byte. */
static double measure(struct kunit *test, enum workload w, int size, u8 *buf,
		      struct rnd_state *rnd)
{
	unsigned int total = workload_total(w, size), nr, stored = 0;
	unsigned int step = w == ONE_PER_PART ? PAGE_SIZE / size : 1;
	size_t before = live_bytes(), used;
	struct flex_array *fa = flex_array_alloc(size, total, GFP_KERNEL);

	if (!fa) {
		KUNIT_FAIL(test, "alloc(%d, %u) failed", size, total);
		return 0;
	}
	if (w == SPARSE)
		step = 100;
	/* Sparse: every 100th element, from a random start in the first 100. */
	for (nr = w == SPARSE ? prandom_u32_state(rnd) % min(total, 100U) : 0;
	     nr < total; nr += step) {
		memset(buf, nr | 1, size);
		if (flex_array_put(fa, nr, buf, GFP_KERNEL))
			KUNIT_FAIL(test, "put(%u) failed", nr);
		stored++;
	}
	used = live_bytes() - before;
	if (w == DENSE)
		dense_bytes = used;
	flex_array_free(fa);
	return stored ? (double)used / ((double)stored * size) : 0;
}

static void bytes_per_byte_stored(struct kunit *test)
{
	const int sizes[] = { 1, 8, 24, 64, 100, 512, 1000,
			      PAGE_SIZE / 2 + 1, PAGE_SIZE };
	double ratio[NR_WORKLOADS];
	struct fa_geometry geo;
	struct rnd_state rnd;
	unsigned int i, w;
	u8 *buf = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	prandom_seed_state(&rnd, harness.seed);
	kunit_info(test, "memory: bytes allocated per byte stored, PAGE_SIZE %lu",
		   PAGE_SIZE);
	kunit_info(test, "%8s %8s %11s %11s %11s %11s", "element", "per part",
		   workload_names[0], workload_names[1], workload_names[2],
		   workload_names[3]);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (w = 0; w < NR_WORKLOADS; w++)
			ratio[w] = measure(test, w, sizes[i], buf, &rnd);
		kunit_info(test, "%8d %8lu %11.2f %11.2f %11.2f %11.2f",
			   sizes[i], PAGE_SIZE / sizes[i], ratio[0], ratio[1],
			   ratio[2], ratio[3]);

		/* Dense storage costs the base and one page per part. */
		fa_predict(sizes[i], workload_total(DENSE, sizes[i]), &geo);
		if (geo.levels == 1)
			KUNIT_EXPECT_EQ_MSG(test, dense_bytes,
					    geo.base_size + (size_t)geo.nr_parts * PAGE_SIZE,
					    "size %d", sizes[i]);
	}
}

/* "A 64 x 8-byte array costs far less than a page." */
static void small_array_cost(struct kunit *test)
{
	size_t before = live_bytes(), used;
	struct flex_array *fa = flex_array_alloc(8, 64, GFP_KERNEL);
	u64 v = 1;
	int nr;

	KUNIT_ASSERT_NOT_NULL(test, fa);
	for (nr = 0; nr < 64; nr++)
		KUNIT_EXPECT_EQ(test, flex_array_put(fa, nr, &v, GFP_KERNEL), 0);
	used = live_bytes() - before;
	kunit_info(test, "64 x 8 bytes: %zu bytes allocated", used);
	KUNIT_EXPECT_LE(test, used, 64 * 8 + sizeof(struct flex_array));
	KUNIT_EXPECT_LE(test, used, PAGE_SIZE / 4);
	flex_array_free(fa);
}

static struct kunit_case flex_array_memory_cases[] = {
	KUNIT_CASE(bytes_per_byte_stored),
	KUNIT_CASE(small_array_cost),
	{}
};

static struct kunit_suite flex_array_memory_suite = {
	.name = "flex_array_memory",
	.test_cases = flex_array_memory_cases,
};

kunit_test_suite(flex_array_memory_suite);
