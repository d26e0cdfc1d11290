// SPDX-License-Identifier: GPL-2.0
/*
 * /init of make vmalloc-costs (tools/vmalloc-costs/vmalloc-costs): loads
 * the test module vmalloc_costs.ko, has it allocate arrays with
 * kmalloc_array(), kvmalloc_array() and flex_array, and reads the kernel's
 * own counters around each step: /proc/meminfo, the TLB and CAL rows of
 * /proc/interrupts, and histogram triggers in tracefs on kmem:mm_page_alloc,
 * vmalloc:purge_vmap_area_lazy and a kprobe on the bulk page allocator.
 *
 * It prints one line per figure, "vmcost: CASE WHAT SIZE FIGURE VALUE",
 * and "vmcost: error ..." for anything that could not be measured.  The
 * cases to run and the cycle counts come from the kernel command line:
 * vmcost.cases=space,ctx,ipi,frag vmcost.cycles=1000 vmcost.cycles64=250.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../setup/init.h"

#define TRACING "/sys/kernel/tracing"
#define PAGE_ALLOC TRACING "/events/kmem/mm_page_alloc"
#define PURGE TRACING "/events/vmalloc/purge_vmap_area_lazy"
#define BULK_IN TRACING "/events/vmcost/bulk_in"
#define BULK_OUT TRACING "/events/vmcost/bulk_out"
#define MAX_ORDER_SEEN 16
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int errors;
static char cmdline[4096];
static unsigned long gfp_io, gfp_fs;
static const char *bulk_fn;
/* The pid of the module's kthread, which makes the allocations. */
static int worker = -1;

static void complain(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("vmcost: error: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
	errors++;
}

static void figure(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("vmcost: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

/* Write @s to @path; append rather than truncate for trigger files. */
static int put(const char *path, const char *s, int append)
{
	int fd = open(path, O_WRONLY | (append ? O_APPEND : O_TRUNC));
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	n = n < 0 ? -errno : 0;
	close(fd);
	return n;
}

static char *slurp(const char *path)
{
	static char buf[1 << 16];
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY);

	buf[0] = '\0';
	if (fd < 0)
		return buf;
	while (len < sizeof(buf) - 1 &&
	       (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	close(fd);
	return buf;
}

/*
 * The files read while memory may be exhausted are opened, and read once,
 * ahead: opening a file allocates, and an allocation at that point would
 * have the OOM killer find nothing to kill but /init.
 */
static int module_fd = -1, meminfo_fd = -1;
static char meminfo_buf[8192];

/* Run one module command; its result line is in @out.  0 on success. */
static int module_cmd(char *out, size_t size, const char *fmt, ...)
{
	char line[64];
	va_list ap;
	ssize_t n = -1;
	int ret;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ret = write(module_fd, line, strlen(line)) < 0 ? -errno : 0;
	if (!ret)
		n = pread(module_fd, out, size - 1, 0);
	if (ret || n <= 0) {
		complain("module command '%s' failed: %s", line, strerror(-ret));
		return -1;
	}
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
	return 0;
}

/* Take a copy of /proc/meminfo, which meminfo_kb() then reads. */
static void meminfo_snapshot(void)
{
	ssize_t n = pread(meminfo_fd, meminfo_buf, sizeof(meminfo_buf) - 1, 0);

	meminfo_buf[n > 0 ? n : 0] = '\0';
}

/* The number after "@key " in a module result, or -1. */
static long field(const char *res, const char *key)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), "%s ", key);
	for (p = res; (p = strstr(p, pat)); p++)
		if (p == res || p[-1] == ' ')
			return strtol(p + strlen(pat), NULL, 0);
	return -1;
}

/* A value of the last meminfo_snapshot() in kB, or -1 if there is none. */
static long meminfo_kb(const char *key)
{
	char pat[40], *p;

	snprintf(pat, sizeof(pat), "\n%s:", key);
	p = strstr(meminfo_buf, pat);
	return p ? strtol(p + strlen(pat), NULL, 10) : -1;
}

/* The sum over CPUs of a row of /proc/interrupts, such as "TLB". */
static long long irq_row(const char *row)
{
	char *s = slurp("/proc/interrupts"), *line, *p, *end;
	size_t len = strlen(row);
	int cpus = 0, i;
	long long sum = 0;

	line = strchr(s, '\n');
	if (!line)
		return -1;
	for (p = s; (p = strstr(p, "CPU")) && p < line; p++)
		cpus++;
	for (; line; line = strchr(line + 1, '\n')) {
		p = line + 1 + strspn(line + 1, " ");
		if (strncmp(p, row, len) || p[len] != ':')
			continue;
		p += len + 1;
		for (i = 0; i < cpus; i++) {
			sum += strtoll(p, &end, 10);
			if (end == p)
				return -1;
			p = end;
		}
		return cpus ? sum : -1;
	}
	return -1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Histogram triggers.  Each trigger string is kept so that it can be
 * removed by writing it again behind a '!'.
 */
struct trig {
	const char *event;
	char spec[160];
};

static int trig_add(struct trig *t, const char *event, const char *fmt, ...)
{
	char path[160];
	va_list ap;
	int ret;

	t->event = event;
	va_start(ap, fmt);
	vsnprintf(t->spec, sizeof(t->spec), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/trigger", event);
	ret = put(path, t->spec, 1);
	if (ret)
		complain("cannot set '%s' on %s: %s", t->spec, event, strerror(-ret));
	return ret;
}

static void trig_del(struct trig *t)
{
	char path[160], spec[168];

	snprintf(path, sizeof(path), "%s/trigger", t->event);
	snprintf(spec, sizeof(spec), "!%s", t->spec);
	if (put(path, spec, 1))
		complain("cannot remove '%s' from %s", t->spec, t->event);
}

/*
 * The section of @event's hist file that belongs to trigger @t: from its
 * "# trigger info:" line to the next section.  Copied into @buf.
 */
static const char *trig_section(struct trig *t, char *buf, size_t size)
{
	char path[160], *s, *p, *end;
	const char *filter = strstr(t->spec, " if ");

	snprintf(path, sizeof(path), "%s/hist", t->event);
	s = slurp(path);
	for (p = s; (p = strstr(p, "# trigger info: ")); p++) {
		end = strchr(p, '\n');
		if (!end)
			break;
		if (filter && !memmem(p, end - p, filter, strlen(filter)))
			continue;
		end = strstr(end, "# event histogram");
		if (!end)
			end = p + strlen(p);
		snprintf(buf, size, "%.*s", (int)(end - p), p);
		return buf;
	}
	complain("no histogram for '%s' in %s", t->spec, path);
	buf[0] = '\0';
	return buf;
}

/* Sum the values of "@name: N" over the histogram's entries. */
static long long hist_sum(const char *sec, const char *name)
{
	char pat[40];
	const char *p;
	long long sum = 0;

	snprintf(pat, sizeof(pat), " %s: ", name);
	for (p = sec; (p = strstr(p, "\n{")); p++) {
		const char *line_end = strchr(p + 1, '\n');
		const char *q = strstr(p, pat);

		if (q && (!line_end || q < line_end))
			sum += strtoll(q + strlen(pat), NULL, 10);
	}
	return sum;
}

/* Hit counts per order, in an mm_page_alloc histogram keyed on order. */
static void hist_orders(const char *sec, long long *hits)
{
	const char *p;

	memset(hits, 0, sizeof(*hits) * MAX_ORDER_SEEN);
	for (p = sec; (p = strstr(p, "\n{")); p++) {
		const char *o = strstr(p, "order: "), *h = strstr(p, "hitcount: ");
		long order;

		if (!o || !h)
			break;
		order = strtol(o + 7, NULL, 10);
		if (order >= 0 && order < MAX_ORDER_SEEN)
			hits[order] += strtoll(h + 10, NULL, 10);
	}
}

/* "0:4096,9:8", or "none". */
static const char *orders_str(const long long *hits)
{
	static char buf[4][256];
	static int next;
	char *s = buf[next++ % 4];
	size_t len = 0;
	int o;

	s[0] = '\0';
	for (o = 0; o < MAX_ORDER_SEEN; o++)
		if (hits[o])
			len += snprintf(s + len, 256 - len, "%s%d:%lld",
					len ? "," : "", o, hits[o]);
	return len ? s : "none";
}

/*
 * The page allocations of the module's worker: every call of the page allocator,
 * successful or not, from kmem:mm_page_alloc; and the order-0 pages of the
 * bulk allocator, which vmalloc uses and which that tracepoint does not
 * see, from a kprobe on its return.  A bulk call that falls back to the
 * single-page allocator for one page shows that page in both.
 */
struct page_trace {
	struct trig ok, fail, bulk_in, bulk_out;
};

static int page_trace_start(struct page_trace *pt)
{
	int ret;

	ret = trig_add(&pt->ok, PAGE_ALLOC,
		       "hist:keys=order,gfp_flags:vals=hitcount if common_pid == %d && pfn != %lu",
		       worker, ULONG_MAX);
	ret = ret ?: trig_add(&pt->fail, PAGE_ALLOC,
			      "hist:keys=order:vals=hitcount if common_pid == %d && pfn == %lu",
			      worker, ULONG_MAX);
	ret = ret ?: trig_add(&pt->bulk_in, BULK_IN,
			      "hist:keys=gfp:vals=hitcount if common_pid == %d", worker);
	ret = ret ?: trig_add(&pt->bulk_out, BULK_OUT,
			      "hist:keys=common_pid:vals=hitcount,pages if common_pid == %d",
			      worker);
	return ret;
}

/* Hit counts of the gfp masks in @sec, keyed on @key, that lack @bit. */
static long long hits_without(const char *sec, const char *key,
			      unsigned long bit)
{
	char pat[40];
	const char *p;
	long long n = 0;

	snprintf(pat, sizeof(pat), "%s: ", key);
	for (p = sec; (p = strstr(p, "\n{")); p++) {
		const char *k = strstr(p, pat), *h = strstr(p, "hitcount: ");

		if (!k || !h)
			break;
		if (!(strtoul(k + strlen(pat), NULL, 0) & bit))
			n += strtoll(h + 10, NULL, 10);
	}
	return n;
}

/* Print what was traced as figures of "@what", and remove the triggers. */
static void page_trace_stop(struct page_trace *pt, const char *what, int gfp)
{
	static char ok[1 << 16], fail[1 << 14], in[1 << 14], out[1 << 12];
	long long hits[MAX_ORDER_SEEN];

	trig_section(&pt->ok, ok, sizeof(ok));
	trig_section(&pt->fail, fail, sizeof(fail));
	trig_section(&pt->bulk_in, in, sizeof(in));
	trig_section(&pt->bulk_out, out, sizeof(out));
	hist_orders(ok, hits);
	figure("%s orders_obtained %s", what, orders_str(hits));
	hist_orders(fail, hits);
	figure("%s orders_failed %s", what, orders_str(hits));
	figure("%s bulk_calls %lld", what, hist_sum(out, "hitcount"));
	figure("%s bulk_pages %lld", what, hist_sum(out, "pages"));
	if (gfp) {
		figure("%s allocs_without_io %lld", what,
		       hits_without(ok, "gfp_flags", gfp_io));
		figure("%s allocs_without_fs %lld", what,
		       hits_without(ok, "gfp_flags", gfp_fs));
		figure("%s bulk_calls_without_io %lld", what,
		       hits_without(in, "gfp", gfp_io));
		figure("%s bulk_calls_without_fs %lld", what,
		       hits_without(in, "gfp", gfp_fs));
	}
	trig_del(&pt->ok);
	trig_del(&pt->fail);
	trig_del(&pt->bulk_in);
	trig_del(&pt->bulk_out);
}

/* The kprobe events on the bulk allocator, under whichever name it has. */
static void bulk_probes(void)
{
	static const char *const names[] = {
		"alloc_pages_bulk_noprof", "__alloc_pages_bulk",
	};
	char probe[160];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(probe, sizeof(probe),
			 "p:vmcost/bulk_in %s gfp=$arg1:x32", names[i]);
		if (put(TRACING "/kprobe_events", probe, 1))
			continue;
		snprintf(probe, sizeof(probe),
			 "r:vmcost/bulk_out %s pages=$retval:u32", names[i]);
		if (put(TRACING "/kprobe_events", probe, 1)) {
			complain("cannot probe the return of %s", names[i]);
			return;
		}
		bulk_fn = names[i];
		figure("setup bulk_allocator %s", bulk_fn);
		return;
	}
	complain("no bulk page allocator of a known name to probe");
}

static const char *const kinds[] = { "kvmalloc", "flex" };

/*
 * Address space: arrays held until the first failure, and the memory and
 * vmalloc counters at that point, with the arrays still held.
 */
static void case_space(void)
{
	static const int sizes[] = { 16, 64 };
	static const char *const keys[] = {
		"MemTotal", "MemFree", "LowTotal", "LowFree", "HighTotal",
		"HighFree", "VmallocTotal", "VmallocUsed",
	};
	char res[128], held[128], what[48];
	unsigned int s, k, i;

	for (s = 0; s < 2; s++) {
		for (k = 0; k < 2; k++) {
			snprintf(what, sizeof(what), "space %s %dM", kinds[k],
				 sizes[s]);
			if (module_cmd(res, sizeof(res), "hold %s %d", kinds[k],
				       sizes[s]))
				continue;
			/* Nothing is printed until the arrays are freed. */
			meminfo_snapshot();
			snprintf(held, sizeof(held), "%s", res);
			module_cmd(res, sizeof(res), "release");
			figure("%s held %ld", what, field(held, "held"));
			figure("%s vmalloc %ld", what, field(held, "vmalloc"));
			figure("%s capped %ld", what, field(held, "capped"));
			for (i = 0; i < ARRAY_SIZE(keys); i++)
				if (meminfo_kb(keys[i]) >= 0)
					figure("%s %s_kB %ld", what, keys[i],
					       meminfo_kb(keys[i]));
		}
	}
}

/* Allocation context: one 16 MiB array of each, in each context. */
static void case_ctx(void)
{
	static const char *const modes[] = {
		"gfp_kernel", "gfp_noio", "gfp_nofs", "gfp_nowait",
		"gfp_atomic", "scope_noio", "scope_nofs",
	};
	struct page_trace pt;
	char res[128], what[64];
	unsigned int m, k;

	if (module_cmd(res, sizeof(res), "gfpbits"))
		return;
	gfp_io = field(res, "io");
	gfp_fs = field(res, "fs");
	figure("setup gfp_io %#lx", gfp_io);
	figure("setup gfp_fs %#lx", gfp_fs);
	for (m = 0; m < ARRAY_SIZE(modes); m++) {
		for (k = 0; k < 2; k++) {
			snprintf(what, sizeof(what), "ctx %s 16M %s", kinds[k],
				 modes[m]);
			if (page_trace_start(&pt))
				return;
			if (!module_cmd(res, sizeof(res), "ctx %s %s 16",
					modes[m], kinds[k])) {
				figure("%s ok %ld", what, field(res, "ok"));
				figure("%s vmalloc %ld", what,
				       field(res, "vmalloc"));
			}
			page_trace_stop(&pt, what, 1);
		}
	}
}

/* Pin the caller to @cpu. */
static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* A process spinning in user space on each CPU but the first. */
static int spinners(pid_t *pids, int max)
{
	int cpus = sysconf(_SC_NPROCESSORS_ONLN), n = 0, cpu;

	for (cpu = 1; cpu < cpus && n < max; cpu++) {
		pid_t pid = fork();

		if (pid == 0) {
			if (pin(cpu))
				_exit(1);
			for (;;)
				;
		}
		if (pid > 0)
			pids[n++] = pid;
	}
	return n;
}

struct ipi_counts {
	long long tlb, cal, purges, purged;
};

static void ipi_read(struct trig *purge, struct ipi_counts *c)
{
	static char sec[1 << 14];

	c->tlb = irq_row("TLB");
	c->cal = irq_row("CAL");
	trig_section(purge, sec, sizeof(sec));
	c->purges = hist_sum(sec, "hitcount");
	c->purged = hist_sum(sec, "npurged");
}

static void ipi_figures(const char *what, const char *figure_name,
			const struct ipi_counts *a, const struct ipi_counts *b,
			const struct ipi_counts *idle_a,
			const struct ipi_counts *idle_b, long cycles)
{
	long long tlb = (b->tlb - a->tlb) - (idle_b->tlb - idle_a->tlb);
	long long cal = (b->cal - a->cal) - (idle_b->cal - idle_a->cal);
	long long purges = (b->purges - a->purges) -
			   (idle_b->purges - idle_a->purges);
	long long purged = (b->purged - a->purged) -
			   (idle_b->purged - idle_a->purged);

	figure("%s %s_tlb_ipis_raw %lld", what, figure_name, b->tlb - a->tlb);
	figure("%s %s_cal_ipis_raw %lld", what, figure_name, b->cal - a->cal);
	figure("%s %s_purges_raw %lld", what, figure_name,
	       b->purges - a->purges);
	figure("%s idle_tlb_ipis %lld", what, idle_b->tlb - idle_a->tlb);
	figure("%s idle_cal_ipis %lld", what, idle_b->cal - idle_a->cal);
	figure("%s idle_purges %lld", what, idle_b->purges - idle_a->purges);
	figure("%s tlb_ipis_per_1000 %lld", what, tlb * 1000 / cycles);
	figure("%s cal_ipis_per_1000 %lld", what, cal * 1000 / cycles);
	figure("%s purges_per_1000 %lld", what, purges * 1000 / cycles);
	figure("%s areas_purged_per_1000 %lld", what, purged * 1000 / cycles);
}

/* A cmdline value "vmcost.@key=N", or @def. */
static long param(const char *key, long def)
{
	char pat[48];
	const char *p;

	snprintf(pat, sizeof(pat), "vmcost.%s=", key);
	p = strstr(cmdline, pat);
	return p ? strtol(p + strlen(pat), NULL, 10) : def;
}

/*
 * Cross-CPU interrupts: create/fill/destroy cycles with the other CPUs
 * busy, then an idle window of the same length with the same spinners,
 * whose counts are subtracted.
 */
static void case_ipi(void)
{
	static const int sizes[] = { 1, 16, 64 };
	struct ipi_counts a, b, idle_a, idle_b;
	pid_t pids[64];
	struct trig purge;
	char res[128], what[48];
	unsigned int s, k;
	int n, i;

	n = spinners(pids, 64);
	figure("setup spinners %d", n);
	if (n < 1)
		complain("no other CPU to keep busy");
	if (trig_add(&purge, PURGE, "hist:keys=common_cpu:vals=hitcount,npurged"))
		goto out;
	for (s = 0; s < 3; s++) {
		long cycles = sizes[s] == 64 ? param("cycles64", 1000) :
					       param("cycles", 1000);

		for (k = 0; k < 2; k++) {
			struct timespec ts;
			double t0, t;

			snprintf(what, sizeof(what), "ipi %s %dM", kinds[k],
				 sizes[s]);
			ipi_read(&purge, &a);
			t0 = now();
			if (module_cmd(res, sizeof(res), "cycle %s %d %ld",
				       kinds[k], sizes[s], cycles))
				continue;
			/*
			 * The last vfree()s may have queued a purge: let it
			 * run inside the window, not the idle one.
			 */
			sleep(2);
			t = now() - t0;
			ipi_read(&purge, &b);
			ts.tv_sec = (time_t)t;
			ts.tv_nsec = (long)((t - ts.tv_sec) * 1e9);
			ipi_read(&purge, &idle_a);
			nanosleep(&ts, NULL);
			ipi_read(&purge, &idle_b);
			figure("%s cycles %ld", what, field(res, "cycles"));
			figure("%s vmalloc %ld", what, field(res, "vmalloc"));
			figure("%s failed %ld", what, field(res, "failed"));
			figure("%s seconds %.1f", what, t);
			ipi_figures(what, "run", &a, &b, &idle_a, &idle_b,
				    cycles);
		}
	}
	trig_del(&purge);
out:
	for (i = 0; i < n; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
}

/*
 * Fragmented memory: what each obtains of 1 MiB and 16 MiB arrays once
 * free memory is order-0 pages only, and with which page orders.
 */
static void case_frag(void)
{
	static const int sizes[] = { 1, 16 };
	static const char *const all[] = { "kmalloc", "kvmalloc", "flex" };
	struct page_trace pt;
	char res[128], held[128], what[48];
	unsigned int s, k;

	if (module_cmd(res, sizeof(res), "fragment"))
		return;
	figure("frag setup pages_kept %ld", field(res, "kept"));
	figure("frag setup pages_freed %ld", field(res, "freed"));
	meminfo_snapshot();
	figure("frag setup MemFree_kB %ld", meminfo_kb("MemFree"));
	for (s = 0; s < 2; s++) {
		for (k = 0; k < 3; k++) {
			snprintf(what, sizeof(what), "frag %s %dM", all[k],
				 sizes[s]);
			if (page_trace_start(&pt))
				return;
			if (module_cmd(held, sizeof(held), "hold %s %d",
				       all[k], sizes[s]))
				held[0] = '\0';
			/* Nothing is read or printed until they are freed. */
			meminfo_snapshot();
			module_cmd(res, sizeof(res), "release");
			figure("%s held %ld", what, field(held, "held"));
			figure("%s vmalloc %ld", what, field(held, "vmalloc"));
			figure("%s capped %ld", what, field(held, "capped"));
			figure("%s MemFree_kB %ld", what, meminfo_kb("MemFree"));
			page_trace_stop(&pt, what, 0);
		}
	}
	module_cmd(res, sizeof(res), "unfragment");
}

static void prepare(void)
{
	char res[128];
	int fd;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("tracefs", TRACING, "tracefs", 0, NULL);
	snprintf(cmdline, sizeof(cmdline), "%s", slurp("/proc/cmdline"));
	fd = open("/lib/modules/vmalloc_costs.ko", O_RDONLY);
	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0))
		complain("cannot load vmalloc_costs.ko: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	module_fd = open("/proc/vmalloc_costs", O_RDWR);
	meminfo_fd = open("/proc/meminfo", O_RDONLY);
	if (module_fd < 0 || meminfo_fd < 0)
		complain("cannot open /proc/vmalloc_costs or /proc/meminfo");
	meminfo_snapshot();
	if (!module_cmd(res, sizeof(res), "worker"))
		worker = field(res, "pid");
	figure("setup worker_pid %d", worker);
	if (pin(0))
		complain("cannot pin /init to CPU 0: %s", strerror(errno));
	figure("setup cpus %ld", sysconf(_SC_NPROCESSORS_ONLN));
	figure("setup page_kB %ld", sysconf(_SC_PAGESIZE) / 1024);
	figure("setup pointer_bits %d", (int)sizeof(long) * 8);
	figure("setup min_free_kB %ld",
	       strtol(slurp("/proc/sys/vm/min_free_kbytes"), NULL, 10));
}

/* Is @name in the comma-separated list of vmcost.cases=? */
static int want(const char *name)
{
	const char *p = strstr(cmdline, "vmcost.cases=");
	size_t len = strlen(name);

	if (!p)
		return !strcmp(name, "space");
	for (p += strlen("vmcost.cases="); *p && !strchr("\n ", *p);
	     p += strcspn(p, ",\n ") + (p[strcspn(p, ",\n ")] == ',')) {
		if (!strncmp(p, name, len) && strchr(",\n ", p[len]))
			return 1;
	}
	return 0;
}

int main(void)
{
	prepare();
	if (want("ctx") || want("frag"))
		bulk_probes();
	/* Address space first, on memory nothing else has touched. */
	if (want("space"))
		case_space();
	if (want("ctx"))
		case_ctx();
	if (want("ipi"))
		case_ipi();
	/* Fragmentation last: the pages it frees come back scattered. */
	if (want("frag"))
		case_frag();
	figure("done errors %d", errors);
	end_boot(RB_AUTOBOOT);
	return 0;
}
