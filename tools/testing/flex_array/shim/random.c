// SPDX-License-Identifier: GPL-2.0
/*
 * Seeded pseudo-random numbers for the tests: xoshiro128** (Blackman and
 * Vigna), whose 128-bit state fits struct rnd_state, seeded through
 * splitmix64.  Not the kernel's generator: only determinism matters here.
 */

#include <linux/prandom.h>
#include <linux/random.h>

#include "../fake.h"

static struct rnd_state global_state = { 1, 2, 3, 4 };

static u64 splitmix64(u64 *x)
{
	u64 z = (*x += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void prandom_seed_state(struct rnd_state *state, u64 seed)
{
	u64 a = splitmix64(&seed), b = splitmix64(&seed);

	state->s1 = (u32)a;
	state->s2 = (u32)(a >> 32);
	state->s3 = (u32)b;
	/* An all-zero state would stay zero forever. */
	state->s4 = (u32)(b >> 32) | 1;
}

static u32 rotl(u32 x, int k)
{
	return (x << k) | (x >> (32 - k));
}

u32 prandom_u32_state(struct rnd_state *s)
{
	u32 result = rotl(s->s2 * 5, 7) * 9;
	u32 t = s->s2 << 9;

	s->s3 ^= s->s1;
	s->s4 ^= s->s2;
	s->s2 ^= s->s3;
	s->s1 ^= s->s4;
	s->s3 ^= t;
	s->s4 = rotl(s->s4, 11);
	return result;
}

void prandom_bytes_state(struct rnd_state *state, void *buf, size_t nbytes)
{
	u8 *p = buf;
	u32 word;

	for (; nbytes >= 4; nbytes -= 4, p += 4) {
		word = prandom_u32_state(state);
		__builtin_memcpy(p, &word, 4);
	}
	if (nbytes) {
		word = prandom_u32_state(state);
		__builtin_memcpy(p, &word, nbytes);
	}
}

void fake_random_seed(u64 seed)
{
	prandom_seed_state(&global_state, seed);
}

u32 get_random_u32(void)
{
	return prandom_u32_state(&global_state);
}

/* Uniform in [0, ceil): reject the 2^32 mod ceil values that would bias. */
u32 get_random_u32_below(u32 ceil)
{
	u32 reject, x;

	if (ceil <= 1)
		return 0;
	reject = (UINT32_MAX % ceil + 1) % ceil;
	do
		x = get_random_u32();
	while (x < reject);
	return x % ceil;
}

void get_random_bytes(void *buf, size_t nbytes)
{
	prandom_bytes_state(&global_state, buf, nbytes);
}
