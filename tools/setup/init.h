/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the /init programs of the test boots share, each of which
 * tools/setup/pack-init builds as a static program.  They include this
 * file by its path relative to theirs, "../setup/init.h" from a folder of
 * tools/ and "../../setup/init.h" from one below, so that gcc needs no -I
 * to find it.  The functions are static inline, so that a program that
 * calls only some of them builds without a warning about the others.
 *
 * A program that prints through say() defines SAY_PREFIX, the text that
 * starts each of its lines, before it includes this file, as the kernel's
 * sources define pr_fmt().
 */

#ifndef FLEX_ARRAY_TOOLS_INIT_H
#define FLEX_ARRAY_TOOLS_INIT_H

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

/*
 * The console as stdin, stdout and stderr, in case the kernel found no
 * /dev/console to open for /init: the node is made here where /dev lacks
 * it.  Where the kernel did open it, the open() returns 3, not 0, and the
 * descriptors stay as they are.
 */
static inline void open_console(void)
{
	mkdir("/dev", 0755);
	mknod("/dev/console", S_IFCHR | 0600, makedev(5, 1));
	if (open("/dev/console", O_RDWR) == 0) {
		dup2(0, 1);
		dup2(0, 2);
	}
}

#ifdef SAY_PREFIX
/*
 * Print one line, SAY_PREFIX and the rest, which the script that booted
 * the kernel finds in the console log by that prefix.  The serial console
 * sends what we write at its own pace, while printk() writes straight
 * through: wait until the line is out, or the kernel's next lines may land
 * inside it.
 */
static inline void say(const char *fmt, ...)
{
	va_list args;

	fputs(SAY_PREFIX, stdout);
	va_start(args, fmt);
	vprintf(fmt, args);
	va_end(args);
	putchar('\n');
	fflush(stdout);
	tcdrain(STDOUT_FILENO);
}
#endif

/*
 * End the boot with reboot(@cmd).  reboot() neither writes out what stdio
 * holds nor syncs the files: both are done first.  Should it fail, /init
 * exits, and the kernel panics: the boot ends either way.
 */
static inline void end_boot(int cmd)
{
	fflush(stdout);
	sync();
	reboot(cmd);
	exit(1);
}

#endif /* FLEX_ARRAY_TOOLS_INIT_H */
