/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_EXPORT_H
#define _FA_SHIM_LINUX_EXPORT_H

/*
 * Nothing to export in a single program.  A redundant declaration keeps
 * the trailing semicolon legal at file scope and checks that @sym exists.
 */
#define EXPORT_SYMBOL(sym)		extern typeof(sym) sym
#define EXPORT_SYMBOL_GPL(sym)		extern typeof(sym) sym
#define EXPORT_SYMBOL_NS(sym, ns)	extern typeof(sym) sym
#define EXPORT_SYMBOL_NS_GPL(sym, ns)	extern typeof(sym) sym

#endif
