// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: each input is decoded into an array geometry and a
 * sequence of operations, run through the reference model (model.c), so
 * that any disagreement, leak, or misuse becomes a crash with the input
 * that caused it.
 *
 * Input format, byte by byte; a missing byte reads as zero:
 *
 *   geometry:  size-kind, size-arg, total-kind, total-arg
 *   then ops:  opcode [index...]
 *
 * Opcodes, by their low three bits; bit 3 of a put asks for GFP_ATOMIC:
 *
 *   0, 1  put; 1 with bit 4: put_ptr on an array of pointers
 *   2     get; with bits 5-4 = 01: next, 10: get_ptr on an array of
 *         pointers, 11: iterate from an index (with bit 6: from 0, through
 *         flex_array_for_each(), no index), a few parts' worth at most
 *   3     poke; with bit 4: clear
 *   4     prealloc (two indices)
 *   5     free_parts; with bit 4: shrink
 *   6     fail the next allocation
 *   7     verify the whole array; with the top bit: free it and decode a
 *         new geometry, tracked with bit 6
 *
 * Each index is one byte whose top two bits pick: a small index, a part
 * boundary (one more byte: the part), an index from the end, or any u32
 * (four more bytes).
 */

#include <stdio.h>
#include <stdlib.h>

#include <linux/flex_array.h>
#include <linux/kernel.h>

#include "fake.h"
#include "model.h"

/* The most parts one prealloc may ask for. */
#define MAX_PREALLOC_PARTS	64

struct input {
	const u8 *data;
	size_t size, at;
};

static u8 next(struct input *in)
{
	return in->at < in->size ? in->data[in->at++] : 0;
}

static bool more(const struct input *in)
{
	return in->at < in->size;
}

static void fuzz_fail(void *ctx, const char *msg)
{
	fprintf(stderr, "flex_array model: %s\n", msg);
	abort();
}

static int decode_size(struct input *in)
{
	u8 kind = next(in), arg = next(in);

	switch (kind & 3) {
	case 0:
		return 1 + arg % 16;
	case 1:
		return 1 + (arg << 8 | next(in)) % PAGE_SIZE;
	case 2:
		return PAGE_SIZE / (1 + arg % 64) + (kind >> 2) % 3 - 1;
	default:
		/* Invalid sizes too: zero, negative, above a page. */
		return kind & 4 ? (s8)arg : (int)PAGE_SIZE + (s8)arg;
	}
}

static unsigned int decode_total(struct input *in, int size)
{
	unsigned int per_part;
	u8 kind = next(in);
	s8 delta = next(in);
	s64 total;

	if (size <= 0 || size > PAGE_SIZE)
		return kind;
	per_part = PAGE_SIZE / size;
	switch (kind & 3) {
	case 0:
		return (u8)delta;
	case 1:
		total = (PAGE_SIZE - sizeof(struct flex_array)) / size + delta;
		break;
	case 2:
		total = (1 + (kind >> 2) % 16) * per_part + delta;
		break;
	default:
		/* Around the most one, two or three levels reach. */
		total = (s64)fa_level_max(size, 1 + (kind >> 2) % 3) + delta;
	}
	return clamp_t(s64, total, 0, fa_model_max(size));
}

static unsigned int decode_index(struct input *in, const struct fa_model *m)
{
	unsigned int per_part = m->geo.in_base ? m->total : m->geo.per_part;
	u8 b = next(in);
	u32 v;

	switch (b >> 6) {
	case 0:
		return b & 63;
	case 1:
		return next(in) * per_part + (b & 7) - 4;
	case 2:
		return m->total - 1 - (b & 63);
	default:
		v = next(in);
		v = v << 8 | next(in);
		v = v << 8 | next(in);
		return v << 8 | next(in);
	}
}

static void new_array(struct input *in, struct fa_model *m, bool fail,
		      bool tracked)
{
	int size = decode_size(in);
	unsigned int total = decode_total(in, size);

	model_free(m);
	if (fail)
		fake_fail_nth(1);
	if (tracked)
		model_alloc_tracked(m, size, total, GFP_KERNEL);
	else
		model_alloc(m, size, total, GFP_KERNEL);
	fake_fail_off();
}

/* A pointer to store: any bits, from the op count. */
static void *some_ptr(const struct fa_model *m, u8 op)
{
	return (void *)(uintptr_t)((m->op * 0x9E3779B97F4A7C15ull) ^ op);
}

static void run_op(struct input *in, struct fa_model *m, u8 *buf, bool *fail)
{
	u8 op = next(in);
	unsigned int nr, end, span;
	bool ptrs = m->fa && m->element_size == sizeof(void *);

	if (!m->fa && (op & 7) != 7)
		return;
	if (*fail)
		fake_fail_nth(1);
	switch (op & 7) {
	case 0:
	case 1:
		nr = decode_index(in, m);
		if ((op & 0x11) == 0x11 && ptrs) {
			model_put_ptr(m, nr, some_ptr(m, op),
				      op & 8 ? GFP_ATOMIC : GFP_KERNEL);
			break;
		}
		memset(buf, op | 1, m->element_size);
		buf[m->element_size - 1] = (u8)m->op;
		model_put(m, nr, buf, op & 8 ? GFP_ATOMIC : GFP_KERNEL);
		break;
	case 2:
		switch (op & 0x30) {
		case 0x10:
			model_next(m, decode_index(in, m));
			break;
		case 0x20:
			if (ptrs)
				model_get_ptr(m, decode_index(in, m));
			else
				model_get(m, decode_index(in, m));
			break;
		case 0x30:
			nr = op & 0x40 ? 0 : decode_index(in, m);
			model_iterate(m, nr, 4 * model_per_part(m) + 16);
			break;
		default:
			model_get(m, decode_index(in, m));
		}
		break;
	case 3:
		if (op & 0x10) {
			model_clear(m, decode_index(in, m));
			break;
		}
		memset(buf, (u8)m->op | 0x40, m->element_size);
		model_poke(m, decode_index(in, m), buf);
		break;
	case 4:
		nr = decode_index(in, m);
		end = decode_index(in, m);
		/* A few parts at most: the input must not buy gigabytes. */
		span = MAX_PREALLOC_PARTS * model_per_part(m);
		if (end > nr && end - nr > span)
			end = nr + span;
		model_prealloc(m, nr, end, GFP_KERNEL);
		break;
	case 5:
		if (op & 0x10)
			model_shrink(m);
		else
			model_free_parts(m);
		break;
	case 6:
		*fail = true;
		return;
	default:
		if (op & 0x80)
			new_array(in, m, *fail, op & 0x40);
		else
			model_verify(m);
	}
	*fail = false;
	fake_fail_off();
}

/* What every input must leave behind. */
static void check_clean(void)
{
	struct fake_counts c;

	fake_get_counts(&c);
	if (c.live[FAKE_KMALLOC] || c.live[FAKE_PAGE])
		fuzz_fail(NULL, "memory left allocated after the array was freed");
	if (c.largest > PAGE_SIZE)
		fuzz_fail(NULL, "an allocation above PAGE_SIZE");
	if (c.violations)
		fuzz_fail(NULL, fake_first_violation());
	if (c.warnings)
		fuzz_fail(NULL, fake_first_warning());
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static u8 buf[PAGE_SIZE];
	struct input in = { data, size, 0 };
	struct fa_model m;
	bool fail = false;

	fake_reset_stats();
	model_init(&m, fuzz_fail, NULL);
	new_array(&in, &m, false, false);
	while (more(&in))
		run_op(&in, &m, buf, &fail);
	fake_fail_off();
	model_verify(&m);
	model_free(&m);
	check_clean();
	return 0;
}
