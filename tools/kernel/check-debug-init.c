// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the tools/kernel/check-debug boot.  By the time it runs, the
 * KUnit suites and the self-test have run at boot.  It then:
 *
 * 1. lets fault injection fail GFP_KERNEL slab allocations and order-0
 *    pages, and reruns the suite flex_array_fault twice through KUnit's
 *    debugfs (at boot it skipped, for want of those settings);
 * 2. asks kmemleak for a scan and prints what it reports;
 * 3. prints every page still allocated that the library allocated: all
 *    arrays are freed by now, so any such page leaked;
 *
 * each between "check-debug: begin NAME" and "check-debug: end NAME"
 * lines, which tools/kernel/check-debug reads, then powers the machine
 * off.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <unistd.h>

#define SAY_PREFIX "check-debug: "
#include "../setup/init.h"

#define DEBUGFS "/sys/kernel/debug"

static void set(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY);
	ssize_t n = -1;

	if (fd >= 0) {
		n = write(fd, value, strlen(value));
		close(fd);
	}
	if (n < 0) {
		say("error: cannot write %s to %s: %s", value, path,
		    strerror(errno));
		end_boot(RB_AUTOBOOT);
	}
}

/*
 * Whether a page_owner record is a page of the library's: the caller of
 * __get_free_pages() is one of its functions.  Its tests are named
 * flex_array_test_*; their slab pages have other stacks.
 */
static int library_page(const char *record)
{
	const char *frame = strstr(record, "get_free_pages");

	frame = frame ? strchr(frame, '\n') : NULL;
	if (!frame)
		return 0;
	frame += strspn(frame, "\n ");
	if (!strncmp(frame, "__", 2))
		frame += 2;
	return !strncmp(frame, "flex_array_", 11) &&
	       strncmp(frame, "flex_array_test", 15);
}

/*
 * Copy @path to the console between markers; with a @filter, only the
 * blank-line separated records it accepts.  Returns the number of records
 * copied.
 */
static unsigned long show(const char *name, const char *path,
			  int (*filter)(const char *record))
{
	static char buf[1 << 16];
	size_t len = 0, start;
	unsigned long records = 0;
	FILE *f = fopen(path, "r");
	char *end;
	ssize_t n;

	if (!f) {
		say("error: cannot open %s: %s", path, strerror(errno));
		end_boot(RB_AUTOBOOT);
	}
	say("begin %s", name);
	for (;;) {
		n = fread(buf + len, 1, sizeof(buf) - 1 - len, f);
		len += n;
		buf[len] = '\0';
		if (!filter) {
			fputs(buf, stdout);
			len = 0;
		} else {
			/* Print the complete records, keep the last part. */
			start = 0;
			while ((end = strstr(buf + start, "\n\n"))) {
				*end = '\0';
				if (filter(buf + start)) {
					printf("%s\n\n", buf + start);
					records++;
				}
				start = end + 2 - buf;
			}
			memmove(buf, buf + start, len - start);
			len -= start;
			if (len == sizeof(buf) - 1)
				len = 0;	/* a record too long: drop it */
		}
		if (n <= 0)
			break;
	}
	fclose(f);
	say("end %s", name);
	return records;
}

int main(void)
{
	open_console();
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	if (mount("debugfs", DEBUGFS, "debugfs", 0, NULL)) {
		say("error: cannot mount debugfs: %s", strerror(errno));
		end_boot(RB_AUTOBOOT);
	}
	say("init started");

	set(DEBUGFS "/failslab/ignore-gfp-wait", "N");
	set(DEBUGFS "/failslab/verbose", "0");
	set(DEBUGFS "/fail_page_alloc/ignore-gfp-wait", "N");
	set(DEBUGFS "/fail_page_alloc/min-order", "0");
	set(DEBUGFS "/fail_page_alloc/verbose", "0");
	/*
	 * Twice: an object leaked by the first run may still be referenced
	 * from a stale slot of the test thread's stack, which kmemleak scans
	 * while the stack waits in the cache for reuse; the second run's
	 * thread reuses and overwrites it.
	 */
	set(DEBUGFS "/kunit/flex_array_fault/run", "1");
	show("fault-results-1", DEBUGFS "/kunit/flex_array_fault/results",
	     NULL);
	set(DEBUGFS "/kunit/flex_array_fault/run", "1");
	show("fault-results", DEBUGFS "/kunit/flex_array_fault/results", NULL);

	/* kmemleak reports only objects older than five seconds. */
	sleep(6);
	set(DEBUGFS "/kmemleak", "scan");
	set(DEBUGFS "/kmemleak", "scan");
	show("kmemleak", DEBUGFS "/kmemleak", NULL);

	say("%lu pages allocated by flex_array are still allocated",
	    show("page-owner", DEBUGFS "/page_owner", library_page));
	say("done");
	end_boot(RB_AUTOBOOT);
	return 0;
}
