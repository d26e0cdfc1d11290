/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_RANDOM_H
#define _FA_SHIM_LINUX_RANDOM_H

#include_next <linux/random.h>
#include <linux/prandom.h>
#include <linux/types.h>

/* Deterministic in the harness: seeded by its --seed option. */
u32 get_random_u32(void);
u32 get_random_u32_below(u32 ceil);
void get_random_bytes(void *buf, size_t nbytes);

#endif
