/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_STRING_H
#define _FA_SHIM_LINUX_STRING_H

#include_next <linux/string.h>
#include <errno.h>
#include <string.h>
#include <sys/types.h>

/* Kernel semantics: always terminates, -E2BIG when @src was cut short. */
static inline ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t len = strnlen(src, size);

	if (!size)
		return -E2BIG;
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return len;
}

/* The first byte of [@start, @start + @bytes) that is not @c, or NULL. */
static inline void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;

	for (; bytes; bytes--, p++)
		if (*p != (unsigned char)c)
			return (void *)p;
	return NULL;
}

#endif
