// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the KCSAN boot of tools/kernel/check-debug-kcsan.  By the time
 * it runs, the KUnit suites and the self-test have run at boot under
 * KCSAN.  It prints KCSAN's counters from debugfs between the lines
 * "check-debug-kcsan: begin counters" and "check-debug-kcsan: end
 * counters": how many accesses it watched, and how many races and failed
 * assertions it found.  Then it powers the machine off.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>

#define SAY_PREFIX "check-debug-kcsan: "
#include "../setup/init.h"

/* Copy the counters to the console; false if they cannot be read. */
static int show_counters(void)
{
	char buf[4096];
	FILE *f = fopen("/sys/kernel/debug/kcsan", "r");

	if (!f) {
		say("error: cannot open /sys/kernel/debug/kcsan: %s",
		    strerror(errno));
		return 0;
	}
	say("begin counters");
	while (fgets(buf, sizeof(buf), f))
		fputs(buf, stdout);
	fclose(f);
	say("end counters");
	return 1;
}

int main(void)
{
	open_console();
	say("init started");
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	if (mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL))
		say("error: cannot mount debugfs: %s", strerror(errno));
	else if (show_counters())
		say("done");
	end_boot(RB_AUTOBOOT);
	return 1;
}
