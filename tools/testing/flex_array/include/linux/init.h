/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_INIT_H
#define _FA_SHIM_LINUX_INIT_H

#define __init
#define __exit
#define __initdata
/* For const data; the const is the declaration's, named here for lint. */
#define __fa_init_attribute(qualifier)
#define __initconst		__fa_init_attribute(const)

/* Modules are linked in: init runs before main(), exit after it. */
#define module_init(fn) \
	static void __attribute__((constructor)) __fa_init_##fn(void) { fn(); }
#define module_exit(fn) \
	static void __attribute__((destructor)) __fa_exit_##fn(void) { fn(); }

#endif
