/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_PRANDOM_H
#define _FA_SHIM_LINUX_PRANDOM_H

#include <linux/types.h>

/*
 * Seeded pseudo-random numbers: the same seed gives the same sequence, but
 * not the kernel's sequence (shim/random.c uses another generator).
 */
struct rnd_state {
	u32 s1, s2, s3, s4;
};

void prandom_seed_state(struct rnd_state *state, u64 seed);
u32 prandom_u32_state(struct rnd_state *state);
void prandom_bytes_state(struct rnd_state *state, void *buf, size_t nbytes);

#endif
