// SPDX-License-Identifier: GPL-2.0
/*
 * The cost of finding an entry of tracing_map's table, before and after
 * its conversion to flex_array, in userspace: the unchanged
 * lib/flex_array.c and <linux/flex_array.h> against the userspace
 * harness's shims, beside a copy of the address computation the
 * conversion removes (an array of page pointers, indexed by a shift, the
 * entry found in its page by a mask and a shift).
 *
 * The table is that of a map of 2^bits entries: 2^(bits + 1) entries of
 * 16 bytes, as tracing_map sizes it.  Each round looks up the same
 * indices in each: random ones, as the hashes of new keys fall, and a few
 * hot ones, as the keys of a busy event repeat.  Independent lookups
 * overlap in the processor, which gives their throughput; chained ones,
 * where each index comes from the entry found before, give their latency,
 * closer to one lookup per event.  The figure is the best round's time per
 * lookup, and the sum of what was read, which must agree.
 *
 * Built and run by hand, from the top of the project:
 *   H=tools/testing/flex_array
 *   gcc -O2 -std=gnu11 -I$H/include -Iinclude -o /tmp/tracing-map-lookup \
 *	tools/clients/test/tracing-map-lookup.c lib/flex_array.c \
 *	$H/shim/alloc.c $H/shim/reciprocal_div.c $H/shim/random.c \
 *	$H/shim/thread.c -lpthread
 *   /tmp/tracing-map-lookup
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <linux/flex_array.h>
#include <linux/gfp.h>

#define LOOKUPS BIT(22)
#define ROUNDS 15

struct entry {
	unsigned int key;
	void *val;
};

/* The page array the conversion removes: its fields and its lookup. */
struct page_table {
	unsigned int entry_shift, entry_mask, size_shift;
	void **pages;
};

static void *table_entry(const struct page_table *t, unsigned int idx)
{
	return (char *)t->pages[idx >> t->entry_shift] +
	       ((idx & t->entry_mask) << t->size_shift);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Fill entry i of both with key i + 1, so that the sums check the lookups. */
static int fill(struct page_table *t, struct flex_array **fa,
		unsigned int total)
{
	unsigned int per_page = PAGE_SIZE / sizeof(struct entry), i;

	t->size_shift = 4;
	t->entry_shift = __builtin_ctz(per_page);
	t->entry_mask = per_page - 1;
	t->pages = calloc(total / per_page, sizeof(void *));
	*fa = flex_array_alloc(sizeof(struct entry), total, GFP_KERNEL);
	if (!t->pages || !*fa || flex_array_prealloc(*fa, 0, total - 1,
						     GFP_KERNEL))
		return -1;
	for (i = 0; i < total / per_page; i++) {
		t->pages[i] = calloc(1, PAGE_SIZE);
		if (!t->pages[i])
			return -1;
	}
	for (i = 0; i < total; i++) {
		((struct entry *)table_entry(t, i))->key = i + 1;
		((struct entry *)flex_array_get(*fa, i))->key = i + 1;
	}
	return 0;
}

static double time_table(const struct page_table *t, const unsigned int *idx,
			 unsigned long *sum)
{
	double t0 = now_ns();
	unsigned long s = 0;
	int i;

	for (i = 0; i < LOOKUPS; i++)
		s += ((struct entry *)table_entry(t, idx[i]))->key;
	*sum = s;
	return (now_ns() - t0) / LOOKUPS;
}

static double time_flex(struct flex_array *fa, const unsigned int *idx,
			unsigned long *sum)
{
	double t0 = now_ns();
	unsigned long s = 0;
	int i;

	for (i = 0; i < LOOKUPS; i++)
		s += ((struct entry *)flex_array_get_inlined(fa, idx[i]))->key;
	*sum = s;
	return (now_ns() - t0) / LOOKUPS;
}

/*
 * The next index of a chain, from the key found: one of 16 hot ones, or
 * anywhere.  No division, which would cost more than the lookups.
 */
static unsigned int next_index(unsigned int key, unsigned int hot,
			       unsigned int total)
{
	key *= 2654435761u;
	return (hot ? (key >> 28) * 977 : key >> 8) & (total - 1);
}

static double chain_table(const struct page_table *t, unsigned int hot,
			  unsigned int total, unsigned long *sum)
{
	double t0 = now_ns();
	unsigned int idx = 0, key;
	unsigned long s = 0;
	int i;

	for (i = 0; i < LOOKUPS; i++) {
		key = ((struct entry *)table_entry(t, idx))->key;
		s += key;
		idx = next_index(key, hot, total);
	}
	*sum = s;
	return (now_ns() - t0) / LOOKUPS;
}

static double chain_flex(struct flex_array *fa, unsigned int hot,
			 unsigned int total, unsigned long *sum)
{
	double t0 = now_ns();
	unsigned int idx = 0, key;
	unsigned long s = 0;
	int i;

	for (i = 0; i < LOOKUPS; i++) {
		key = ((struct entry *)flex_array_get_inlined(fa, idx))->key;
		s += key;
		idx = next_index(key, hot, total);
	}
	*sum = s;
	return (now_ns() - t0) / LOOKUPS;
}

static void run(unsigned int bits, const char *pattern, unsigned int hot,
		bool chained)
{
	unsigned int total = 2u << bits, i;
	static unsigned int idx[LOOKUPS];
	double bt = 1e9, bf = 1e9, v;
	unsigned long st, sf;
	struct page_table t;
	struct flex_array *fa;
	int r;

	if (fill(&t, &fa, total)) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	srand(bits);
	for (i = 0; i < LOOKUPS; i++)
		idx[i] = hot ? ((unsigned int)rand() % hot) * 977 % total :
			       (unsigned int)rand() % total;
	for (r = 0; r < ROUNDS; r++) {
		v = chained ? chain_table(&t, hot, total, &st) :
			      time_table(&t, idx, &st);
		bt = v < bt ? v : bt;
		v = chained ? chain_flex(fa, hot, total, &sf) :
			      time_flex(fa, idx, &sf);
		bf = v < bf ? v : bf;
	}
	printf("bits %2u (%6u entries, %u level%s  %-11s %-11s  ",
	       bits, total, fa->levels, fa->levels == 1 ? ") " : "s)", pattern,
	       chained ? "chained" : "independent");
	printf("page table %6.2f ns  flex_array %6.2f ns  ratio %.2f%s\n",
	       bt, bf, bf / bt,
	       st == sf ? "" : "  SUMS DIFFER");
	for (i = 0; i < total / (PAGE_SIZE / sizeof(struct entry)); i++)
		free(t.pages[i]);
	free(t.pages);
	flex_array_free(fa);
}

int main(void)
{
	static const unsigned int bits[] = { 7, 11, 17 };
	unsigned int b;

	for (b = 0; b < 3; b++) {
		run(bits[b], "random", 0, false);
		run(bits[b], "16 hot keys", 16, false);
		run(bits[b], "random", 0, true);
		run(bits[b], "16 hot keys", 16, true);
	}
	return 0;
}
