/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_TYPES_H
#define _FA_SHIM_LINUX_TYPES_H

/*
 * libc headers include <linux/types.h> for the uapi __u32 family and get
 * this file first on the search path: hand them the real one too.
 */
#include_next <linux/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
/* As in the kernel, on every architecture: printed with %llu. */
typedef unsigned long long u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;

typedef unsigned int gfp_t;

#endif
