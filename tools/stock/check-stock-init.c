// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the tools/stock/check-stock boot: Debian's stock kernel with
 * the modules of tools/stock/module in /lib/modules of the initramfs.
 * It
 *
 * 1. prints whether the kernel enforces module signatures (sig_enforce,
 *    lockdown): ours are unsigned;
 * 2. loads flex_array.ko, then test_flex_array.ko, whose init runs the
 *    self-test, with finit_module(), and finds "flex_array: all N tests
 *    passed" in the kernel log;
 * 3. if the initramfs holds flex_array_kunit.ko (the kernel has KUnit),
 *    loads it, after kunit.ko when that is a module, and checks its KTAP
 *    results: an "ok N SUITE" line for each suite, no "not ok", and
 *    "fail:0" in every "# NAME: pass:N fail:0" summary;
 * 4. unloads our modules and checks that /proc/modules and /sys/module no
 *    longer list them;
 * 5. fails on any taint of /proc/sys/kernel/tainted but those that the
 *    loads cause on purpose: O (TAINT_OOT_MODULE, an external module), E
 *    (TAINT_UNSIGNED_MODULE) and N (TAINT_TEST, which the self-test and
 *    KUnit set);
 *
 * then prints "check-stock: PASSED" or "check-stock: FAILED: why" and
 * reboots, which ends QEMU, run with -no-reboot.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define SAY_PREFIX "check-stock: "
#include "../setup/init.h"

#define MODULES "/lib/modules"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Our modules, in the order they are unloaded. */
static const char * const ours[] = {
	"flex_array_kunit", "test_flex_array", "flex_array",
};

/* The taints that loading our modules causes, from linux/panic.h. */
#define TAINT_OOT_MODULE	12
#define TAINT_UNSIGNED_MODULE	13
#define TAINT_TEST		18
#define TAINTS_EXPECTED		((1UL << TAINT_OOT_MODULE) | \
				 (1UL << TAINT_UNSIGNED_MODULE) | \
				 (1UL << TAINT_TEST))

/* The kernel's letters for taint bits 0 to 19, from kernel/panic.c. */
static const char taint_letters[] = "PFSRMBUDAWCIOELKXTNJ";

static int kmsg = -1;
static char log_text[1 << 20];
static size_t log_len;

static void finish(const char *failure)
{
	if (failure)
		say("FAILED: %s", failure);
	else
		say("PASSED");
	end_boot(RB_AUTOBOOT);
}

/* Read a small file into @buf; false if it cannot be read. */
static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = -1;

	if (fd >= 0) {
		n = read(fd, buf, size - 1);
		close(fd);
	}
	if (n < 0)
		return 0;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 1;
}

/*
 * Append the kernel log's new records to log_text, one message a line.
 * A /dev/kmsg record is "PRIORITY,SEQUENCE,TIME,FLAGS;MESSAGE\n", then
 * lines of " KEY=VALUE" that we drop.
 */
static void read_log(void)
{
	char record[8192];
	const char *text;
	size_t len;
	ssize_t n;

	for (;;) {
		n = read(kmsg, record, sizeof(record) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten before we read it */
		if (n <= 0)
			break;
		record[n] = '\0';
		text = strchr(record, ';');
		if (!text)
			continue;
		text++;
		len = strcspn(text, "\n");
		if (log_len + len + 2 > sizeof(log_text))
			finish("the kernel log outgrew the buffer of /init");
		memcpy(log_text + log_len, text, len);
		log_len += len;
		log_text[log_len++] = '\n';
		log_text[log_len] = '\0';
	}
}

/* The kernel log from @from on: the lines a step logged. */
static const char *log_since(size_t from)
{
	read_log();
	return log_text + from;
}

/* Load /lib/modules/@name.ko; false if the kernel refused it. */
static int load(const char *name)
{
	char path[256];
	int fd, ret;

	snprintf(path, sizeof(path), MODULES "/%s.ko", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		say("cannot open %s: %s", path, strerror(errno));
		return 0;
	}
	ret = syscall(SYS_finit_module, fd, "", 0);
	if (ret) {
		say("finit_module(%s): %s", path, strerror(errno));
		if (errno == EKEYREJECTED || errno == ENOKEY || errno == EPERM)
			say("%s: %s", "the kernel refuses unsigned modules",
			    "boot it without module.sig_enforce=1 or lockdown");
	} else {
		say("loaded %s", path);
	}
	close(fd);
	return !ret;
}

static int unload(const char *name)
{
	if (syscall(SYS_delete_module, name, O_NONBLOCK)) {
		say("delete_module(%s): %s", name, strerror(errno));
		return 0;
	}
	say("unloaded %s", name);
	return 1;
}

static int present(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Whether /proc/modules has a line for module @name. */
static int listed(const char *name)
{
	char line[512];
	size_t len = strlen(name);
	FILE *f = fopen("/proc/modules", "r");
	int found = 0;

	if (!f)
		finish("cannot read /proc/modules");
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, name, len) && line[len] == ' ';
	fclose(f);
	return found;
}

/*
 * The line of @text that holds @needle, from its start: the self-test's
 * lines start with "flex_array: ", or its module's name before that.
 */
static const char *find_line(const char *text, const char *needle)
{
	const char *hit = strstr(text, needle);

	if (!hit)
		return NULL;
	while (hit > text && hit[-1] != '\n')
		hit--;
	return hit;
}

/* Whether the line at @line ends with @suffix. */
static int ends_with(const char *line, const char *suffix)
{
	size_t len = strcspn(line, "\n"), n = strlen(suffix);

	return len >= n && !strncmp(line + len - n, suffix, n);
}

/* Print the line of @text at @line, alone. */
static void show_line(const char *what, const char *line)
{
	say("%s: %.*s", what, (int)strcspn(line, "\n"), line);
}

/*
 * KUnit's KTAP results in @text: a suite passed where an unindented "ok N
 * SUITE" line ends it; any "not ok" line, or a "# NAME: pass:N fail:F"
 * summary with F > 0, is a failure.  Returns the number of suites that
 * passed, or -1 on a failure.
 */
static int kunit_results(const char *text)
{
	const char *line = text, *start, *fail;
	size_t len;
	int suites = 0, failed = 0;

	while (*line) {
		start = line + strspn(line, " \t");
		len = strcspn(start, "\n");
		fail = strstr(start, " fail:");
		if (!strncmp(start, "not ok ", 7)) {
			show_line("KUnit", start);
			failed = 1;
		} else if (!strncmp(line, "ok ", 3)) {
			show_line("KUnit", line);
			suites++;
		} else if (!strncmp(start, "# ", 2) && fail &&
			   fail < start + len && strtoul(fail + 6, NULL, 10)) {
			show_line("KUnit", start);
			failed = 1;
		}
		line = start + len;
		if (*line)
			line++;
	}
	return failed ? -1 : suites;
}

/* Module @name and the directory the kernel keeps for it are gone. */
static int gone(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	if (listed(name) || present(path)) {
		say("%s is still loaded after delete_module()", name);
		return 0;
	}
	return 1;
}

static void check_taint(void)
{
	char buf[64], letters[sizeof(taint_letters)];
	unsigned long taint, bad;
	size_t i, n = 0;

	if (!read_file("/proc/sys/kernel/tainted", buf, sizeof(buf)))
		finish("cannot read /proc/sys/kernel/tainted");
	taint = strtoul(buf, NULL, 10);
	for (i = 0; i < sizeof(taint_letters) - 1; i++)
		if (taint & (1UL << i))
			letters[n++] = taint_letters[i];
	letters[n] = '\0';
	say("tainted: %lu (%s); allowed: O, E, N", taint, n ? letters : "none");
	bad = taint & ~TAINTS_EXPECTED;
	if (bad) {
		snprintf(buf, sizeof(buf), "the kernel is tainted 0x%lx beyond O, E and N",
			 bad);
		finish(buf);
	}
}

int main(void)
{
	const char *text, *line;
	char buf[256];
	size_t mark;
	int suites, ok = 1;
	unsigned int i;

	/* Without devtmpfs, /dev/kmsg is made here, /dev/console below. */
	mkdir("/dev", 0755);
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL))
		mknod("/dev/kmsg", S_IFCHR | 0600, makedev(1, 11));
	open_console();
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	if (mount("proc", "/proc", "proc", 0, NULL) ||
	    mount("sysfs", "/sys", "sysfs", 0, NULL))
		finish("cannot mount /proc and /sys");
	mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL);
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kmsg < 0)
		finish("cannot open /dev/kmsg");
	read_log();

	if (read_file("/proc/sys/kernel/osrelease", buf, sizeof(buf)))
		say("kernel %s", buf);
	if (read_file("/sys/module/module/parameters/sig_enforce", buf,
		      sizeof(buf)))
		say("module signatures enforced: %s", buf);
	if (read_file("/sys/kernel/security/lockdown", buf, sizeof(buf)))
		say("lockdown: %s", buf);

	/* The self-test runs in the module's init. */
	mark = log_len;
	if (!load("flex_array") || !load("test_flex_array"))
		finish("a module did not load");
	text = log_since(mark);
	line = find_line(text, "flex_array: all ");
	if (!line || !ends_with(line, " tests passed"))
		finish("no \"flex_array: all N tests passed\" in the kernel log");
	show_line("self-test", line);

	if (present(MODULES "/flex_array_kunit.ko")) {
		if (present(MODULES "/kunit.ko") && !load("kunit"))
			finish("kunit.ko did not load");
		mark = log_len;
		if (!load("flex_array_kunit"))
			finish("the KUnit module did not load");
		suites = kunit_results(log_since(mark));
		if (suites < 0)
			finish("a KUnit test failed");
		if (!suites)
			finish("the KUnit module reported no suite");
		say("KUnit: %d suites passed", suites);
	} else {
		say("no KUnit module: the kernel has no CONFIG_KUNIT");
	}

	for (i = 0; i < ARRAY_SIZE(ours); i++)
		if (listed(ours[i]) && !unload(ours[i]))
			ok = 0;
	for (i = 0; i < ARRAY_SIZE(ours); i++)
		if (!gone(ours[i]))
			ok = 0;
	if (!ok)
		finish("unloading left a module behind");
	say("unloaded: none of ours left in /proc/modules or /sys/module");

	check_taint();
	finish(NULL);
	return 0;
}
