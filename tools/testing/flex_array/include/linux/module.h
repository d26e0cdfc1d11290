/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_MODULE_H
#define _FA_SHIM_LINUX_MODULE_H

#include_next <linux/module.h>
#include <linux/export.h>
#include <linux/init.h>

#define MODULE_LICENSE(s)	struct __fa_module_info
#define MODULE_AUTHOR(s)	struct __fa_module_info
#define MODULE_DESCRIPTION(s)	struct __fa_module_info
#define MODULE_IMPORT_NS(ns)	struct __fa_module_info
#define MODULE_INFO(tag, info)	struct __fa_module_info

#endif
