/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_PRINTK_H
#define _FA_SHIM_LINUX_PRINTK_H

#include <stdio.h>

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

/* Kernel log levels are dropped: everything goes to stdout, in order. */
#define printk(fmt, ...)	printf(fmt, ##__VA_ARGS__)
#define pr_emerg(fmt, ...)	printf(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printf(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printf(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printf(pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printf(pr_fmt(fmt), ##__VA_ARGS__)
/* Type-checked, never printed. */
#define pr_debug(fmt, ...) \
	do { if (0) printf(pr_fmt(fmt), ##__VA_ARGS__); } while (0)

#endif
