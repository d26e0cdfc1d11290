// SPDX-License-Identifier: GPL-2.0
/*
 * The module information of flex_array.ko, the library built as an
 * external module against a distribution's kernel by tools/stock/module.
 * In a kernel tree the library is built in (CONFIG_FLEX_ARRAY is a bool)
 * and lib/flex_array.c has none; modpost requires a license of a module,
 * and the GPL one lets it use the kernel's GPL-only exports.
 */

#include <linux/module.h>

MODULE_DESCRIPTION("Arrays of fixed-size objects built from single pages");
MODULE_LICENSE("GPL");
