/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _FA_SHIM_LINUX_MATH_H
#define _FA_SHIM_LINUX_MATH_H

/* Not a constant expression, unlike the kernel's: the harness needs none. */
#define DIV_ROUND_UP(n, d)	({ typeof(d) __fa_d = (d); ((n) + __fa_d - 1) / __fa_d; })
#define round_up(x, y)		((((x) - 1) | ((typeof(x))(y) - 1)) + 1)
#define round_down(x, y)	((x) & ~((typeof(x))(y) - 1))

#endif
