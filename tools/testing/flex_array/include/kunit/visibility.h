/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_KUNIT_VISIBILITY_H
#define _FA_SHIM_KUNIT_VISIBILITY_H

/* The tests are always built in, so what KUnit may see is visible. */
#define VISIBLE_IF_KUNIT
#define EXPORT_SYMBOL_IF_KUNIT(sym)	extern typeof(sym) sym

#endif
