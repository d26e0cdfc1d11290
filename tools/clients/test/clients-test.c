// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the client boot test (tools/clients/check-clients): drives the
 * kernel users of flex_array's conversions, /proc/<pid>/map_files, SCTP's
 * stream tables and tracing_map (hist triggers, through tracefs), through
 * their user-visible interfaces, so that the same program judges the
 * unpatched kernel (genradix, tracing_map's own page array) and the
 * patched one.
 *
 * Every check prints "clients: PASS name: ..." or "clients: FAIL name: ...";
 * timings print as "clients: time key value unit" for the table that
 * tools/clients/check-clients puts side by side.  The last line is either
 * "clients: all N tests passed" or "clients: N of M tests FAILED".
 * Then the guest reboots, which QEMU's -no-reboot turns into an exit: the
 * minimal kernel has no PCI, so ACPI cannot load the DSDT that holds the
 * power-off method, and a power-off would only halt the CPUs.  Under UML a
 * reboot starts the kernel again: there the command line says "poweroff",
 * which the kernel passes on to /init, and a power-off ends the process.
 *
 * The kernel's own selftests of the converted code, which tools/check-clients
 * builds from the tree and packs in /bin, run too: proc-self-map-files-001
 * and -002, and sctp_hello's server and client over loopback.  One that
 * the tree does not have is reported as not run, and counts as no test.
 * So do the tracing maintainers' ftracetest, on its hist trigger tests, with
 * busybox for its shell and tools, which check-clients packs in /bin: each
 * of its results prints as "clients: ftrace RESULT description", for
 * check-clients to compare between the kernels.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/sctp.h>

#include "../../setup/init.h"

#define PFX "clients: "

/* Enough to show what went wrong without flooding the console. */
#define MAX_DETAILS 10

static int tests, failed;
static int details;
static const char *current;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One line per failed detail; the test's verdict is printed by end_test(). */
static void fail(const char *fmt, ...)
{
	va_list ap;

	if (details++ >= MAX_DETAILS)
		return;
	printf(PFX "FAIL %s: ", current);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void begin_test(const char *name)
{
	current = name;
	details = 0;
	tests++;
}

static int end_test(const char *what)
{
	if (details) {
		failed++;
		printf(PFX "FAIL %s: %d problem(s); %s\n", current, details,
		       what);
		return -1;
	}
	printf(PFX "PASS %s: %s\n", current, what);
	return 0;
}

static void timing(const char *key, double value, const char *unit)
{
	printf(PFX "time %s %.3f %s\n", key, value, unit);
}

/* A small fixed-seed generator: every boot makes the same choices. */
static uint32_t rnd_state = 20241125;

static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return rnd_state >> 8;
}

/* ---- /proc/self/map_files ---- */

#define MAP_FILE_PATH "/tmp/clients-mapped"

struct range {
	unsigned long start, end;
	const char *path;	/* into the copy of /proc/self/maps */
};

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/* Room for the copy of maps and the tables, mapped before they are read. */
struct snapshot {
	char *maps;
	size_t maps_room;
	struct range *lines, *links;
	size_t room;		/* entries in each table */
};

/*
 * Map the one-page file @count times side by side below @base.  Every
 * mapping has file offset 0, so none continues its neighbour's file range,
 * and the protection alternates, so the flags differ too: no two merge
 * into one VMA, and each is a link of its own in map_files.
 */
static int map_file_pages(int fd, char *base, long first, long count)
{
	long page = sysconf(_SC_PAGESIZE);
	long i;

	for (i = first; i < first + count; i++) {
		int prot = i % 2 ? PROT_READ : PROT_READ | PROT_WRITE;

		if (mmap(base + i * page, page, prot, MAP_PRIVATE | MAP_FIXED,
			 fd, 0) == MAP_FAILED) {
			fail("mmap number %ld: %s", i, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Read all of /proc/self/maps; keep the lines of file mappings. */
static long read_maps(struct snapshot *s, long *ours)
{
	size_t len = 0;
	long n = 0;
	char *line, *next;
	ssize_t r;
	int fd;

	fd = open("/proc/self/maps", O_RDONLY);
	if (fd < 0) {
		fail("open /proc/self/maps: %s", strerror(errno));
		return -1;
	}
	while ((r = read(fd, s->maps + len, s->maps_room - 1 - len)) > 0)
		len += r;
	close(fd);
	if (r < 0 || len >= s->maps_room - 1) {
		fail("reading /proc/self/maps: %s",
		     r < 0 ? strerror(errno) : "larger than the buffer");
		return -1;
	}
	s->maps[len] = '\0';

	*ours = 0;
	for (line = s->maps; *line; line = next) {
		unsigned long start, end, inode;
		int path_at = 0;

		next = strchr(line, '\n');
		if (!next) {
			fail("unterminated line in maps: %s", line);
			return -1;
		}
		*next++ = '\0';
		if (sscanf(line, "%lx-%lx %*s %*x %*x:%*x %lu %n",
			   &start, &end, &inode, &path_at) < 3 || !path_at) {
			fail("cannot parse maps line: %s", line);
			return -1;
		}
		/* Only mappings of a file have an inode, as only they link. */
		if (!inode)
			continue;
		if ((size_t)n == s->room) {
			fail("more file mappings than %zu", s->room);
			return -1;
		}
		s->lines[n].start = start;
		s->lines[n].end = end;
		s->lines[n].path = line + path_at;
		if (!strcmp(line + path_at, MAP_FILE_PATH))
			(*ours)++;
		n++;
	}
	qsort(s->lines, n, sizeof(*s->lines), cmp_range);
	return n;
}

/* List map_files with readdir(), as ls would; time it in @ms. */
static long read_links(struct snapshot *s, double *ms)
{
	struct dirent *de;
	double t0;
	long n = 0;
	DIR *dir;

	t0 = now_ms();
	dir = opendir("/proc/self/map_files");
	if (!dir) {
		fail("opendir /proc/self/map_files: %s", strerror(errno));
		return -1;
	}
	errno = 0;
	while ((de = readdir(dir))) {
		unsigned long start, end;
		char again[64];
		int used = 0;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (sscanf(de->d_name, "%lx-%lx%n", &start, &end, &used) != 2 ||
		    de->d_name[used]) {
			fail("link name %s is not START-END", de->d_name);
			continue;
		}
		/* The name must be exactly what the kernel formats. */
		snprintf(again, sizeof(again), "%lx-%lx", start, end);
		if (strcmp(again, de->d_name))
			fail("link name %s is not in canonical form %s",
			     de->d_name, again);
		if ((size_t)n == s->room) {
			fail("more links than %zu", s->room);
			break;
		}
		s->links[n].start = start;
		s->links[n].end = end;
		n++;
	}
	if (errno)
		fail("readdir /proc/self/map_files: %s", strerror(errno));
	closedir(dir);
	*ms = now_ms() - t0;
	qsort(s->links, n, sizeof(*s->links), cmp_range);
	return n;
}

/* Every link a line of maps, every file line a link: a sorted merge. */
static void compare(struct snapshot *s, long nlines, long nlinks)
{
	long i = 0, j = 0;

	while (i < nlines || j < nlinks) {
		struct range *l = i < nlines ? &s->lines[i] : NULL;
		struct range *k = j < nlinks ? &s->links[j] : NULL;

		if (l && k && l->start == k->start) {
			if (l->end != k->end)
				fail("link %lx-%lx but maps has %lx-%lx",
				     k->start, k->end, l->start, l->end);
			i++;
			j++;
		} else if (l && (!k || l->start < k->start)) {
			fail("missing link for %lx-%lx %s", l->start, l->end,
			     l->path);
			i++;
		} else {
			fail("extra link %lx-%lx, not in maps", k->start,
			     k->end);
			j++;
		}
	}
}

/* readlink() the first, the last and random links: each names its file. */
static int check_readlinks(struct snapshot *s, long nlines, int samples)
{
	char name[80], target[4096];
	int k;

	for (k = 0; k < samples && nlines; k++) {
		long i = k == 0 ? 0 : k == 1 ? nlines - 1 : rnd() % nlines;
		struct range *l = &s->lines[i];
		ssize_t len;

		snprintf(name, sizeof(name), "/proc/self/map_files/%lx-%lx",
			 l->start, l->end);
		len = readlink(name, target, sizeof(target) - 1);
		if (len < 0) {
			fail("readlink %s: %s", name, strerror(errno));
			continue;
		}
		target[len] = '\0';
		if (strcmp(target, l->path))
			fail("readlink %s gives %s, maps says %s", name,
			     target, l->path);
	}
	return samples;
}

/*
 * The test proper at @total mappings of the test file: snapshot maps, list
 * map_files, compare, and look up some links one by one.
 */
static void check_map_files(struct snapshot *s, long total, const char *key)
{
	long nlines, nlinks = 0, ours = 0;
	char what[160];
	double ms = 0;
	int sampled = 0;

	nlines = read_maps(s, &ours);
	if (nlines < 0)
		goto out;
	if (ours != total)
		fail("maps shows %ld mappings of %s, %ld were made", ours,
		     MAP_FILE_PATH, total);
	nlinks = read_links(s, &ms);
	if (nlinks < 0)
		goto out;
	compare(s, nlines, nlinks);
	sampled = check_readlinks(s, nlines, 66);

	/* A range that is no mapping must not resolve. */
	if (access("/proc/self/map_files/1000-2000", F_OK) == 0 ||
	    errno != ENOENT)
		fail("lookup of the unmapped 1000-2000 did not give ENOENT");
	timing(key, ms, "ms");
out:
	snprintf(what, sizeof(what),
		 "%ld file mappings in maps (%ld of the test file), %ld links, %d readlinks, readdir %.1f ms",
		 nlines, ours, nlinks, sampled, ms);
	end_test(what);
}

static void test_map_files(long count, long more)
{
	long page = sysconf(_SC_PAGESIZE);
	struct snapshot s;
	char *base, buf[256];
	double t0;
	int fd;

	begin_test("map_files setup");
	s.room = count + more + 1024;
	s.maps_room = s.room * 128;
	s.maps = mmap(NULL, s.maps_room, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	s.lines = mmap(NULL, s.room * sizeof(struct range),
		       PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	s.links = mmap(NULL, s.room * sizeof(struct range),
		       PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	/* Reserve the address range the file mappings will replace. */
	base = mmap(NULL, (count + more) * page, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (s.maps == MAP_FAILED || s.lines == MAP_FAILED ||
	    s.links == MAP_FAILED || base == MAP_FAILED) {
		fail("mmap of buffers: %s", strerror(errno));
		end_test("no buffers");
		return;
	}
	fd = open(MAP_FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	memset(buf, 'm', sizeof(buf));
	if (fd < 0 || ftruncate(fd, page) ||
	    write(fd, buf, sizeof(buf)) != sizeof(buf)) {
		fail("creating %s: %s", MAP_FILE_PATH, strerror(errno));
		end_test("no file to map");
		return;
	}
	t0 = now_ms();
	if (map_file_pages(fd, base, 0, count)) {
		end_test("mapping failed");
		goto out;
	}
	timing("map_files_mmap_each_us", (now_ms() - t0) * 1e3 / count, "us");
	snprintf(buf, sizeof(buf), "%ld one-page mappings of %s", count,
		 MAP_FILE_PATH);
	end_test(buf);

	snprintf(buf, sizeof(buf), "map_files at %ld mappings", count);
	begin_test(buf);
	check_map_files(&s, count, "map_files_readdir_20k_ms");

	if (!more)
		goto out;
	/*
	 * More than the historic flex_array could hold for map_files (about
	 * 86,000 entries of 24 bytes): the conversion's levels are needed.
	 */
	snprintf(buf, sizeof(buf), "map_files at %ld mappings", count + more);
	begin_test(buf);
	if (map_file_pages(fd, base, count, more) == 0)
		check_map_files(&s, count + more, "map_files_readdir_100k_ms");
	else
		end_test("mapping failed");
out:
	munmap(base, (count + more) * page);
	close(fd);
	unlink(MAP_FILE_PATH);
}

/* ---- SCTP streams ---- */

#define MAX_STREAMS 65535	/* stream ids 0..65534 */
#define TIMEOUT_S 20		/* for a message that never comes */
#define MSG_MAX 1200

struct peer {
	int fd;
	const char *name;
};

static int sctp_opt(int fd, int opt, const void *val, socklen_t len,
		    const char *what)
{
	if (setsockopt(fd, IPPROTO_SCTP, opt, val, len) == 0)
		return 0;
	fail("setsockopt %s: %s", what, strerror(errno));
	return -1;
}

/*
 * A one-to-one SCTP socket that asks for @out outbound and accepts up to
 * @in inbound streams, reports the stream of each message and stream
 * changes, sends without delay (ping-pong traffic would otherwise wait on
 * the delayed SACK) and lets its associations add streams.
 */
static int sctp_socket(int out, int in)
{
	struct sctp_initmsg init = {
		.sinit_num_ostreams = out,
		.sinit_max_instreams = in,
	};
	struct sctp_assoc_value reconf = {
		.assoc_id = SCTP_FUTURE_ASSOC,
		.assoc_value = 1,
	};
	struct sctp_assoc_value reset = {
		.assoc_id = SCTP_FUTURE_ASSOC,
		.assoc_value = SCTP_ENABLE_CHANGE_ASSOC_REQ,
	};
	struct sctp_event change = {
		.se_assoc_id = SCTP_FUTURE_ASSOC,
		.se_type = SCTP_STREAM_CHANGE_EVENT,
		.se_on = 1,
	};
	struct timeval tv = { .tv_sec = TIMEOUT_S };
	int one = 1;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
	if (fd < 0) {
		fail("socket(IPPROTO_SCTP): %s", strerror(errno));
		return -1;
	}
	/* A lost message must fail the test, not hang the boot. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)))
		fail("SO_RCVTIMEO/SO_SNDTIMEO: %s", strerror(errno));
	if (sctp_opt(fd, SCTP_INITMSG, &init, sizeof(init), "SCTP_INITMSG") ||
	    sctp_opt(fd, SCTP_NODELAY, &one, sizeof(one), "SCTP_NODELAY") ||
	    sctp_opt(fd, SCTP_RECVRCVINFO, &one, sizeof(one),
		     "SCTP_RECVRCVINFO") ||
	    sctp_opt(fd, SCTP_RECONFIG_SUPPORTED, &reconf, sizeof(reconf),
		     "SCTP_RECONFIG_SUPPORTED") ||
	    sctp_opt(fd, SCTP_ENABLE_STREAM_RESET, &reset, sizeof(reset),
		     "SCTP_ENABLE_STREAM_RESET") ||
	    sctp_opt(fd, SCTP_EVENT, &change, sizeof(change),
		     "SCTP_EVENT stream change")) {
		close(fd);
		return -1;
	}
	return fd;
}

static int sctp_listener(struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd;

	fd = sctp_socket(MAX_STREAMS, MAX_STREAMS);
	if (fd < 0)
		return -1;
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr->sin_port = 0;
	if (bind(fd, (struct sockaddr *)addr, sizeof(*addr)) ||
	    getsockname(fd, (struct sockaddr *)addr, &len) ||
	    listen(fd, 4)) {
		fail("bind/listen on 127.0.0.1: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Connect a client asking for @streams each way; accept its peer. */
static int sctp_pair(int listener, struct sockaddr_in *addr, int streams,
		     struct peer *client, struct peer *server)
{
	client->fd = sctp_socket(streams, streams);
	if (client->fd < 0)
		return -1;
	if (connect(client->fd, (struct sockaddr *)addr, sizeof(*addr))) {
		fail("connect: %s", strerror(errno));
		return -1;
	}
	server->fd = accept(listener, NULL, NULL);
	if (server->fd < 0) {
		fail("accept: %s", strerror(errno));
		return -1;
	}
	client->name = "client";
	server->name = "server";
	return 0;
}

static int check_streams(struct peer *p, int in, int out)
{
	struct sctp_status st;
	socklen_t len = sizeof(st);

	memset(&st, 0, sizeof(st));
	if (getsockopt(p->fd, IPPROTO_SCTP, SCTP_STATUS, &st, &len)) {
		fail("%s: SCTP_STATUS: %s", p->name, strerror(errno));
		return -1;
	}
	if (st.sstat_instrms != in || st.sstat_outstrms != out) {
		fail("%s: %u inbound and %u outbound streams, expected %d and %d",
		     p->name, st.sstat_instrms, st.sstat_outstrms, in, out);
		return -1;
	}
	return 0;
}

/* The payload of message @seq on stream @sid: its length varies too. */
static size_t make_payload(char *buf, unsigned int seq, unsigned int sid)
{
	size_t len = 16 + (seq * 37) % (MSG_MAX - 16);
	size_t i;

	snprintf(buf, 16, "%06u:%05u:", seq, sid);
	for (i = 13; i < len; i++)
		buf[i] = 'a' + (seq + sid + i) % 26;
	return len;
}

/* Send message @seq on stream @sid; 0 or an errno value. */
static int try_send(struct peer *p, unsigned int sid, unsigned int seq)
{
	char buf[MSG_MAX], cbuf[CMSG_SPACE(sizeof(struct sctp_sndinfo))];
	struct iovec iov = { .iov_base = buf };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct sctp_sndinfo *info;
	struct cmsghdr *cmsg;

	iov.iov_len = make_payload(buf, seq, sid);
	memset(cbuf, 0, sizeof(cbuf));
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = IPPROTO_SCTP;
	cmsg->cmsg_type = SCTP_SNDINFO;
	cmsg->cmsg_len = CMSG_LEN(sizeof(*info));
	info = (struct sctp_sndinfo *)CMSG_DATA(cmsg);
	info->snd_sid = sid;
	info->snd_ppid = htonl(seq);
	if (sendmsg(p->fd, &msg, 0) != (ssize_t)iov.iov_len)
		return errno ? errno : EMSGSIZE;
	return 0;
}

static int send_on(struct peer *p, unsigned int sid, unsigned int seq)
{
	int err = try_send(p, sid, seq);

	if (err)
		fail("%s: send of message %u on stream %u: %s", p->name, seq,
		     sid, strerror(err));
	return err ? -1 : 0;
}

/*
 * Receive one message or notification.  Returns 1 for data (stream id in
 * *sid, sequence number in *seq, payload checked), 0 for a notification
 * (copied to *note), -1 on error.
 */
static int receive(struct peer *p, unsigned int *sid, unsigned int *seq,
		   union sctp_notification *note)
{
	char buf[MSG_MAX + 64];
	char cbuf[CMSG_SPACE(sizeof(struct sctp_rcvinfo))];
	char want[MSG_MAX];
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct sctp_rcvinfo *info = NULL;
	struct cmsghdr *cmsg;
	unsigned int named_sid;
	ssize_t len;

	len = recvmsg(p->fd, &msg, 0);
	if (len < 0 && errno == EAGAIN) {
		fail("%s: nothing received in %d s", p->name, TIMEOUT_S);
		return -1;
	} else if (len < 0) {
		fail("%s: recvmsg: %s", p->name, strerror(errno));
		return -1;
	}
	if (msg.msg_flags & MSG_NOTIFICATION) {
		memset(note, 0, sizeof(*note));
		memcpy(note, buf, (size_t)len < sizeof(*note) ? (size_t)len :
		       sizeof(*note));
		return 0;
	}
	for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg))
		if (cmsg->cmsg_level == IPPROTO_SCTP &&
		    cmsg->cmsg_type == SCTP_RCVINFO)
			info = (struct sctp_rcvinfo *)CMSG_DATA(cmsg);
	if (!info) {
		fail("%s: message without SCTP_RCVINFO", p->name);
		return -1;
	}
	if (!(msg.msg_flags & MSG_EOR) ||
	    sscanf(buf, "%6u:%5u:", seq, &named_sid) != 2) {
		fail("%s: truncated or foreign message of %zd bytes", p->name,
		     len);
		return -1;
	}
	*sid = info->rcv_sid;
	if (*sid != named_sid || ntohl(info->rcv_ppid) != *seq) {
		fail("%s: message %u sent on stream %u arrived on stream %u with ppid %u",
		     p->name, *seq, named_sid, *sid, ntohl(info->rcv_ppid));
		return -1;
	}
	if ((size_t)len != make_payload(want, *seq, *sid) ||
	    memcmp(buf, want, len)) {
		fail("%s: message %u on stream %u: payload differs", p->name,
		     *seq, *sid);
		return -1;
	}
	return 1;
}

/*
 * Send @n messages from @from to @to, on the streams in @sids, in batches
 * small enough for the receive window; check that each arrives once, on
 * its stream, intact.  Returns the milliseconds taken or -1.
 */
static double exchange(struct peer *from, struct peer *to,
		       const unsigned int *sids, unsigned int n)
{
	static unsigned char seen[1 << 16];
	union sctp_notification note;
	unsigned int i, k, batch, got, sid, seq;
	double t0 = now_ms();

	memset(seen, 0, n);
	for (i = 0; i < n; i += batch) {
		batch = n - i < 32 ? n - i : 32;
		for (k = 0; k < batch; k++)
			if (send_on(from, sids[i + k], i + k))
				return -1;
		got = 0;
		while (got < batch) {
			int r = receive(to, &sid, &seq, &note);

			if (r < 0)
				return -1;
			if (!r)
				continue;
			if (seq < i || seq >= i + batch || seen[seq]++) {
				fail("%s: unexpected or repeated message %u",
				     to->name, seq);
				return -1;
			}
			got++;
		}
	}
	return now_ms() - t0;
}

/* The first, the last and random streams among @streams. */
static unsigned int pick_streams(unsigned int *sids, unsigned int n,
				 unsigned int streams)
{
	unsigned int i;

	sids[0] = 0;
	sids[1] = streams - 1;
	for (i = 2; i < n; i++)
		sids[i] = rnd() % streams;
	return n;
}

/*
 * Setting an association up takes a few milliseconds, too short for one
 * sample to mean much: time SETUP_ROUNDS of them, each closed again, and
 * keep the best.  -1 if one failed.
 */
#define SETUP_ROUNDS 10

static double sctp_setup_best(int listener, struct sockaddr_in *addr)
{
	double best = -1, t0, t;
	int k;

	for (k = 0; k < SETUP_ROUNDS; k++) {
		struct peer client = { .fd = -1 }, server = { .fd = -1 };
		int err;

		t0 = now_ms();
		err = sctp_pair(listener, addr, MAX_STREAMS, &client, &server);
		t = now_ms() - t0;
		close(client.fd);
		close(server.fd);
		if (err)
			return -1;
		if (best < 0 || t < best)
			best = t;
	}
	return best;
}

static void test_sctp_max_streams(int listener, struct sockaddr_in *addr)
{
	static unsigned int sids[1000];
	struct peer client = { .fd = -1 }, server = { .fd = -1 };
	unsigned int n = pick_streams(sids, 1000, MAX_STREAMS);
	double setup, there = 0, back = 0;
	char what[200];

	begin_test("sctp 65535 streams");
	if (sctp_pair(listener, addr, MAX_STREAMS, &client, &server))
		goto out;
	if (check_streams(&client, MAX_STREAMS, MAX_STREAMS) ||
	    check_streams(&server, MAX_STREAMS, MAX_STREAMS))
		goto out;
	setup = sctp_setup_best(listener, addr);
	if (setup < 0)
		goto out;
	timing("sctp_assoc_setup_65535_ms", setup, "ms");
	there = exchange(&client, &server, sids, n);
	if (there < 0)
		goto out;
	back = exchange(&server, &client, sids, n);
	if (back < 0)
		goto out;
	timing("sctp_1000_msgs_client_to_server_ms", there, "ms");
	timing("sctp_1000_msgs_server_to_client_ms", back, "ms");
out:
	snprintf(what, sizeof(what),
		 "65535/65535 streams negotiated, %u messages each way on streams 0, 65534 and random ones (%.1f + %.1f ms)",
		 n, there, back);
	end_test(what);
	close(client.fd);
	close(server.fd);
}

/*
 * Wait until both ends of the association report @streams each way,
 * taking in stream change notifications; a denied or failed change ends
 * the wait.
 */
static int wait_streams(struct peer *p, int streams)
{
	union sctp_notification note;
	unsigned int sid, seq;
	struct sctp_status st;
	socklen_t len;
	int r;

	for (;;) {
		len = sizeof(st);
		memset(&st, 0, sizeof(st));
		if (getsockopt(p->fd, IPPROTO_SCTP, SCTP_STATUS, &st, &len)) {
			fail("%s: SCTP_STATUS: %s", p->name, strerror(errno));
			return -1;
		}
		if (st.sstat_instrms == streams && st.sstat_outstrms == streams)
			return 0;
		r = receive(p, &sid, &seq, &note);
		if (r < 0)
			return -1;
		if (r > 0) {
			fail("%s: unexpected message %u", p->name, seq);
			return -1;
		}
		if (note.sn_header.sn_type == SCTP_STREAM_CHANGE_EVENT &&
		    note.sn_strchange_event.strchange_flags &
		    (SCTP_STREAM_CHANGE_DENIED | SCTP_STREAM_CHANGE_FAILED)) {
			fail("%s: stream change denied or failed (flags %#x)",
			     p->name,
			     note.sn_strchange_event.strchange_flags);
			return -1;
		}
	}
}

static void test_sctp_add_streams(int listener, struct sockaddr_in *addr)
{
	static unsigned int sids[200];
	struct peer client = { .fd = -1 }, server = { .fd = -1 };
	const int start = 100;
	struct sctp_add_streams add = {
		.sas_instrms = MAX_STREAMS - start,
		.sas_outstrms = MAX_STREAMS - start,
	};
	unsigned int i, n = 0;
	int err;
	double t0, reconf = -1, there = -1, back = -1;
	char what[240];

	begin_test("sctp add streams");
	if (sctp_pair(listener, addr, start, &client, &server) ||
	    check_streams(&client, start, start) ||
	    check_streams(&server, start, start))
		goto out;
	/* Stream 100 does not exist yet. */
	err = try_send(&client, start, 0);
	if (err != EINVAL)
		fail("client: a send on stream %d before adding it gave %s, not EINVAL",
		     start, err ? strerror(err) : "success");

	/*
	 * Traffic on every old stream first: the messages after the change
	 * are ordered, so they arrive only if each end kept the sequence
	 * numbers of the old streams while their state grew.
	 */
	for (i = 0; i < (unsigned int)start; i++)
		sids[n++] = i;
	sids[n++] = 0;
	sids[n++] = start - 1;
	if (exchange(&client, &server, sids, n) < 0 ||
	    exchange(&server, &client, sids, n) < 0)
		goto out;

	t0 = now_ms();
	if (setsockopt(client.fd, IPPROTO_SCTP, SCTP_ADD_STREAMS, &add,
		       sizeof(add))) {
		fail("SCTP_ADD_STREAMS: %s", strerror(errno));
		goto out;
	}
	if (wait_streams(&client, MAX_STREAMS))
		goto out;
	reconf = now_ms() - t0;
	/* The server's side changed before the client heard of it. */
	if (check_streams(&server, MAX_STREAMS, MAX_STREAMS))
		goto out;
	timing("sctp_add_65435_streams_ms", reconf, "ms");

	/* The old first and last, the new last, then new and old at random. */
	n = 0;
	sids[n++] = 0;
	sids[n++] = start - 1;
	sids[n++] = MAX_STREAMS - 1;
	sids[n++] = start;
	for (i = n; i < 200; i++)
		sids[n++] = rnd() % MAX_STREAMS;
	there = exchange(&client, &server, sids, n);
	if (there < 0)
		goto out;
	back = exchange(&server, &client, sids, n);
out:
	snprintf(what, sizeof(what),
		 "%d streams each way, traffic on each, %d added each way by SCTP_ADD_STREAMS (%.1f ms), then %u messages each way on old and new streams (%.1f + %.1f ms)",
		 start, MAX_STREAMS - start, reconf, n, there, back);
	end_test(what);
	close(client.fd);
	close(server.fd);
}

static void test_sctp(void)
{
	struct sockaddr_in addr;
	int listener;

	begin_test("sctp listen");
	listener = sctp_listener(&addr);
	if (end_test("one-to-one socket on 127.0.0.1 accepting 65535 streams"))
		return;
	test_sctp_max_streams(listener, &addr);
	test_sctp_add_streams(listener, &addr);
	close(listener);
}

/* ---- tracing_map, through hist triggers on a scheduler event ---- */

#define TRACING "/sys/kernel/tracing"
#define SWITCH_DIR TRACING "/events/sched/sched_switch"
#define HIST_SPEC "hist:keys=common_pid:vals=hitcount"
/* Far more than any case makes: the children, init, the kernel threads. */
#define MAX_KEYS 4096
#define CHILDREN 200
#define CYCLES 20

/* What a hist file says: its key lines and its totals. */
struct hist {
	long hits, entries, dropped;
	bool totals;
	long nkeys, sum;
	long pid[MAX_KEYS], count[MAX_KEYS];
};

/* The children of the last workloads, which may no longer be in /proc. */
static pid_t kids[MAX_KEYS];
static int nkids;

static char text_buf[1 << 20];

/* Read a tracefs file whole into text_buf; its length, or -1. */
static long read_text(const char *path)
{
	long len = 0;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fail("open %s: %s", path, strerror(errno));
		return -1;
	}
	while ((r = read(fd, text_buf + len, sizeof(text_buf) - 1 - len)) > 0)
		len += r;
	close(fd);
	if (r < 0 || len >= (long)sizeof(text_buf) - 1) {
		fail("reading %s: %s", path,
		     r < 0 ? strerror(errno) : "larger than the buffer");
		return -1;
	}
	text_buf[len] = '\0';
	return len;
}

/*
 * Write @text to a trigger file, as ">>" would: without O_TRUNC, which
 * would remove every trigger of the event.  0 or an errno value.
 */
static int write_text(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_APPEND);
	if (fd < 0)
		return errno;
	if (write(fd, text, len) != (ssize_t)len)
		err = errno ? errno : EIO;
	if (close(fd) && !err)
		err = errno;
	return err;
}

/* Write a command to an event's trigger file; fail the test if refused. */
static int write_trigger(const char *event_dir, const char *fmt, ...)
{
	char path[160], cmd[256];
	va_list ap;
	int err;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/trigger", event_dir);
	err = write_text(path, cmd);
	if (err)
		fail("'%s' >> %s: %s", cmd, path, strerror(err));
	return err ? -1 : 0;
}

/* Parse the hist file of @event_dir with one numeric key @key into @h. */
static int read_hist(const char *event_dir, const char *key, struct hist *h)
{
	char path[160], fmt[64];
	char *line, *next;
	long k, v;

	snprintf(path, sizeof(path), "%s/hist", event_dir);
	memset(h, 0, sizeof(*h));
	if (read_text(path) < 0)
		return -1;
	snprintf(fmt, sizeof(fmt), "{ %s: %%ld } hitcount: %%ld", key);
	for (line = text_buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (sscanf(line, fmt, &k, &v) == 2) {
			if (h->nkeys == MAX_KEYS) {
				fail("more than %d keys in %s", MAX_KEYS, path);
				return -1;
			}
			h->pid[h->nkeys] = k;
			h->count[h->nkeys++] = v;
			h->sum += v;
		} else if (sscanf(line, " Hits: %ld", &v) == 1) {
			h->hits = v;
		} else if (sscanf(line, " Entries: %ld", &v) == 1) {
			h->entries = v;
		} else if (sscanf(line, " Dropped: %ld", &v) == 1) {
			h->dropped = v;
			h->totals = true;
		}
	}
	if (!h->totals) {
		fail("no totals in %s", path);
		return -1;
	}
	return 0;
}

/* Fork @n children that yield a few times and exit; the time taken. */
static double run_children(int n)
{
	double t0 = now_ms();
	int i, k;

	nkids = 0;
	for (i = 0; i < n && nkids < MAX_KEYS; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			for (k = 0; k < 5; k++)
				sched_yield();
			_exit(0);
		}
		if (pid < 0) {
			fail("fork: %s", strerror(errno));
			break;
		}
		kids[nkids++] = pid;
	}
	for (i = 0; i < nkids; i++)
		if (waitpid(kids[i], NULL, 0) != kids[i])
			fail("waitpid %d: %s", kids[i], strerror(errno));
	return now_ms() - t0;
}

static bool is_kid(long pid)
{
	int i;

	for (i = 0; i < nkids; i++)
		if (kids[i] == pid)
			return true;
	return false;
}

/*
 * A pid that ran: the idle task's 0, a child of the last workload, or a
 * task still alive, such as this one and the kernel's threads.
 */
static bool pid_ran(long pid)
{
	char path[32];

	if (pid == 0 || is_kid(pid))
		return true;
	snprintf(path, sizeof(path), "/proc/%ld", pid);
	return pid > 0 && access(path, F_OK) == 0;
}

/*
 * Check a hist file after a workload: every key a pid that ran with a
 * positive count, the totals consistent with the lines, and, when
 * @all_kids, every child of the workload among the keys.
 */
static void check_keys(const struct hist *h, bool all_kids)
{
	int i, j;

	if (h->entries != h->nkeys)
		fail("Entries: %ld, but %ld key lines", h->entries, h->nkeys);
	/* Each hit counts before its hitcount does, and reading takes time. */
	if (h->sum > h->hits)
		fail("the hitcounts add up to %ld, more than Hits: %ld", h->sum,
		     h->hits);
	for (i = 0; i < h->nkeys; i++) {
		if (h->count[i] <= 0)
			fail("pid %ld has hitcount %ld", h->pid[i], h->count[i]);
		if (!pid_ran(h->pid[i]))
			fail("key %ld is no pid that ran", h->pid[i]);
	}
	if (!all_kids)
		return;
	/* Each child switched out at least once: when it exited. */
	for (j = 0; j < nkids; j++) {
		for (i = 0; i < h->nkeys && h->pid[i] != kids[j]; i++)
			;
		if (i == h->nkeys)
			fail("child %d ran, but is no key", kids[j]);
	}
}

/* The trigger file lists the trigger at @size, active; or none at all. */
static void check_listed(const char *spec, long size)
{
	char want[128];

	if (read_text(SWITCH_DIR "/trigger") < 0)
		return;
	if (!size) {
		if (strstr(text_buf, "hist:"))
			fail("a hist trigger is left after its removal: %s",
			     text_buf);
		return;
	}
	snprintf(want, sizeof(want), ":size=%ld", size);
	if (!strstr(text_buf, spec) || !strstr(text_buf, want) ||
	    !strstr(text_buf, "[active]"))
		fail("the trigger file does not list %s%s, active: %s", spec,
		     want, text_buf);
}

/*
 * Pause the trigger, clear it, and find the map empty; then let it run on
 * and find a new workload's children, and none of the old ones: clearing
 * must leave a working map.
 */
static void check_clear(const char *spec)
{
	pid_t old = nkids ? kids[0] : -1;
	static struct hist h;
	int i;

	if (write_trigger(SWITCH_DIR, "%s:pause", spec) ||
	    write_trigger(SWITCH_DIR, "%s:clear", spec) ||
	    read_hist(SWITCH_DIR, "common_pid", &h))
		return;
	if (h.hits || h.entries || h.dropped || h.nkeys)
		fail("after :clear, Hits: %ld, Entries: %ld, Dropped: %ld and %ld keys",
		     h.hits, h.entries, h.dropped, h.nkeys);
	if (write_trigger(SWITCH_DIR, "%s:cont", spec))
		return;
	run_children(20);
	if (read_hist(SWITCH_DIR, "common_pid", &h))
		return;
	check_keys(&h, true);
	for (i = 0; i < h.nkeys; i++)
		if (h.pid[i] == old)
			fail("pid %d of before the clear is still a key", old);
	if (h.dropped)
		fail("Dropped: %ld after the clear", h.dropped);
}

/*
 * One hist trigger of @size entries (0: the default, 2048) through a
 * workload of @children: its keys, its totals, a clear, and its removal.
 */
static void test_hist(long size, int children, const char *key)
{
	static struct hist h;
	char name[128], spec[96], what[200];
	long want = size ? size : 2048;
	double ms = -1;

	snprintf(spec, sizeof(spec), HIST_SPEC);
	if (size)
		snprintf(spec, sizeof(spec), HIST_SPEC ":size=%ld", size);
	snprintf(name, sizeof(name), "tracing_map %s, %ld entries", spec, want);
	begin_test(name);
	if (write_trigger(SWITCH_DIR, "%s", spec))
		goto out;
	check_listed(HIST_SPEC, want);
	ms = run_children(children);
	if (read_hist(SWITCH_DIR, "common_pid", &h))
		goto remove;
	if (children < want) {
		/* Room for every key: none may be lost. */
		check_keys(&h, true);
		if (h.dropped)
			fail("Dropped: %ld with room for every key", h.dropped);
	} else {
		/* More keys than entries: a full map, and drops. */
		check_keys(&h, false);
		if (h.entries != want || !h.dropped)
			fail("%d keys into %ld entries: Entries: %ld, Dropped: %ld",
			     children, want, h.entries, h.dropped);
	}
	if (key)
		timing(key, ms, "ms");
	check_clear(spec);
remove:
	write_trigger(SWITCH_DIR, "!%s", spec);
	check_listed(HIST_SPEC, 0);
out:
	snprintf(what, sizeof(what),
		 "%d children in %.1f ms: %ld keys, Hits: %ld, Entries: %ld, Dropped: %ld; cleared, removed",
		 children, ms, h.nkeys, h.hits, h.entries, h.dropped);
	end_test(what);
}

/* A line of /proc/meminfo, in KiB; -1 if it is not there. */
static long meminfo_kib(const char *name)
{
	char line[128];
	size_t len = strlen(name);
	long kib = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, len) && line[len] == ':')
			kib = strtol(line + len + 1, NULL, 10);
	fclose(f);
	return kib;
}

/* Create a hist trigger of @size and destroy it; the milliseconds, or -1. */
static double create_destroy(long size)
{
	double t0 = now_ms();

	if (write_trigger(SWITCH_DIR, HIST_SPEC ":size=%ld", size) ||
	    write_trigger(SWITCH_DIR, "!" HIST_SPEC ":size=%ld", size))
		return -1;
	return now_ms() - t0;
}

#define KMEMLEAK "/sys/kernel/debug/kmemleak"

/*
 * Have kmemleak scan, and count what it reports as unreferenced.  It only
 * reports objects older than 5 s, hence the wait.  -1 without kmemleak.
 */
static int kmemleak_scan(void)
{
	int err, n = 0;
	char *p;

	if (access(KMEMLEAK, F_OK))
		return -1;
	sleep(6);
	err = write_text(KMEMLEAK, "scan");
	if (err) {
		fail("scan >> %s: %s", KMEMLEAK, strerror(err));
		return 0;
	}
	if (read_text(KMEMLEAK) < 0)
		return 0;
	for (p = text_buf; (p = strstr(p, "unreferenced object")); p++)
		n++;
	if (n)
		fail("kmemleak: %.600s", text_buf);
	return n;
}

/*
 * The cost of a large map: the time to create and destroy one of 131072
 * entries (map bits 17) and the memory it holds; then CYCLES maps of the
 * default size created and destroyed, with no leak: MemFree must come
 * back, and kmemleak, where the kernel has it, must find nothing while a
 * map is alive, whose elements are then referenced from its arrays' pages
 * alone, which kmemleak must know of to scan.  The scan comes after the
 * cycles, so that what they might have leaked is old enough to report.
 */
static void test_hist_cycles(void)
{
	const long size = 131072;
	long before = 0, with, after = 0, slab_before = 0, slab_after = 0;
	long kib = 0;
	double best = -1, ms;
	char what[280];
	int i, leaks = -1;

	begin_test("tracing_map create and destroy");
	/* The first creation sets up caches that stay: keep it out. */
	if (create_destroy(size) < 0)
		goto out;
	if (!access(KMEMLEAK, F_OK) && write_text(KMEMLEAK, "clear"))
		fail("clear >> %s failed", KMEMLEAK);
	before = meminfo_kib("MemFree");
	slab_before = meminfo_kib("Slab");
	if (write_trigger(SWITCH_DIR, HIST_SPEC ":size=%ld", size))
		goto out;
	with = meminfo_kib("MemFree");
	if (write_trigger(SWITCH_DIR, "!" HIST_SPEC ":size=%ld", size))
		goto out;
	kib = before - with;
	timing("trace_map_131072_kib", kib, "KiB");
	for (i = 0; i < 3; i++) {
		ms = create_destroy(size);
		if (ms < 0)
			goto out;
		if (best < 0 || ms < best)
			best = ms;
	}
	timing("trace_create_destroy_131072_ms", best, "ms");
	for (i = 0; i < CYCLES; i++)
		if (write_trigger(SWITCH_DIR, HIST_SPEC) ||
		    write_trigger(SWITCH_DIR, "!" HIST_SPEC))
			goto out;
	after = meminfo_kib("MemFree");
	slab_after = meminfo_kib("Slab");
	/* A map's worth is megabytes: leaking any part of it would show. */
	if (before - after > kib / 8)
		fail("MemFree %ld KiB before, %ld after: %ld gone; %ld entries hold %ld",
		     before, after, before - after, size, kib);
	if (write_trigger(SWITCH_DIR, HIST_SPEC))
		goto out;
	leaks = kmemleak_scan();
	write_trigger(SWITCH_DIR, "!" HIST_SPEC);
out:
	snprintf(what, sizeof(what),
		 "5 maps of %ld entries (best %.1f ms each, %ld KiB), then %d of 2048: MemFree %+ld KiB, Slab %+ld KiB; kmemleak with a map alive: %s",
		 size, best, kib, CYCLES, after - before,
		 slab_after - slab_before,
		 leaks < 0 ? "not in this kernel" : leaks ? "leaks" : "nothing");
	end_test(what);
}

#define KMALLOC_DIR TRACING "/events/kmem/kmalloc"
#define PAGE_ALLOC_DIR TRACING "/events/kmem/mm_page_alloc"

/*
 * What the creation and destruction of a map of 131072 entries allocates,
 * seen through two more hist triggers, on kmem:kmalloc by bytes_alloc and
 * on kmem:mm_page_alloc by order, both for this process alone.  kmalloc()
 * serves up to 8 KiB from slab caches, whose pages are the caches' own
 * business; anything larger is a page allocation of its own, of order 2
 * for 16 KiB: the largest bytes_alloc tells whether the map asks for more
 * than a page at once.
 */
static void test_hist_allocations(void)
{
	static struct hist k, p;
	const char *kspec = "hist:keys=bytes_alloc:vals=hitcount";
	const char *pspec = "hist:keys=order:vals=hitcount";
	char filter[64], what[400], orders[160] = "";
	long largest = 0, order_max = -1, pages0 = 0;
	size_t used = 0;
	int i;

	begin_test("tracing_map allocations");
	/* A filter comes last, after the commands :clear and :pause. */
	snprintf(filter, sizeof(filter), "if common_pid == %d", getpid());
	if (write_trigger(PAGE_ALLOC_DIR, "%s %s", pspec, filter))
		goto out;
	if (write_trigger(KMALLOC_DIR, "%s %s", kspec, filter))
		goto remove_page_alloc;
	/* Forget what setting them up allocated. */
	if (write_trigger(KMALLOC_DIR, "%s:clear %s", kspec, filter) ||
	    write_trigger(PAGE_ALLOC_DIR, "%s:clear %s", pspec, filter))
		goto remove;
	if (create_destroy(131072) < 0)
		goto remove;
	if (write_trigger(KMALLOC_DIR, "%s:pause %s", kspec, filter) ||
	    write_trigger(PAGE_ALLOC_DIR, "%s:pause %s", pspec, filter) ||
	    read_hist(KMALLOC_DIR, "bytes_alloc", &k) ||
	    read_hist(PAGE_ALLOC_DIR, "order", &p))
		goto remove;
	if (k.dropped || p.dropped)
		fail("the measuring triggers dropped %ld and %ld hits",
		     k.dropped, p.dropped);
	for (i = 0; i < k.nkeys; i++)
		if (k.pid[i] > largest)
			largest = k.pid[i];
	for (i = 0; i < p.nkeys; i++) {
		if (p.pid[i] > order_max)
			order_max = p.pid[i];
		if (p.pid[i] == 0)
			pages0 = p.count[i];
		if (used < sizeof(orders))
			used += snprintf(orders + used, sizeof(orders) - used,
					 " %ld:%ld", p.pid[i], p.count[i]);
	}
	/* Its 262144 entries of 16 bytes are 1024 pages at the least. */
	if (pages0 < 1024)
		fail("%ld pages of order 0 for a map of 1024 pages", pages0);
	timing("trace_largest_kmalloc_131072_bytes", largest, "bytes");
	timing("trace_largest_page_order_131072", order_max, "order");
remove:
	write_trigger(KMALLOC_DIR, "!%s %s", kspec, filter);
remove_page_alloc:
	write_trigger(PAGE_ALLOC_DIR, "!%s %s", pspec, filter);
out:
	snprintf(what, sizeof(what),
		 "creating and destroying a map of 131072 entries: largest kmalloc %ld bytes (%ld sizes), page allocations by order:%s",
		 largest, k.nkeys, orders);
	end_test(what);
}

/* Mount sysfs, tracefs and debugfs where the tools look for them. */
static int mount_tracing(void)
{
	if (mount("sysfs", "/sys", "sysfs", 0, NULL) && errno != EBUSY)
		fail("mount /sys: %s", strerror(errno));
	if (mount("tracefs", TRACING, "tracefs", 0, NULL) && errno != EBUSY) {
		fail("mount %s: %s", TRACING, strerror(errno));
		return -1;
	}
	if (mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) &&
	    errno != EBUSY)
		fail("mount /sys/kernel/debug: %s", strerror(errno));
	if (access(SWITCH_DIR "/hist", F_OK)) {
		fail("no %s/hist: a kernel without hist triggers", SWITCH_DIR);
		return -1;
	}
	return 0;
}

static void test_tracing(void)
{
	char what[80];
	double ms;

	begin_test("tracefs");
	if (mount_tracing()) {
		end_test("no hist triggers to test");
		return;
	}
	ms = run_children(CHILDREN);
	timing("trace_200_children_no_trigger_ms", ms, "ms");
	snprintf(what, sizeof(what), "mounted; %d children in %.1f ms untraced",
		 CHILDREN, ms);
	end_test(what);
	test_hist(0, CHILDREN, "trace_200_children_2048_ms");
	test_hist(131072, CHILDREN, "trace_200_children_131072_ms");
	/* The smallest map, 128 entries, for more keys than it holds. */
	test_hist(128, 300, NULL);
	test_hist_cycles();
	test_hist_allocations();
}

/* ---- the ftrace selftests of hist triggers ---- */

#define FTRACETEST_DIR "/ftrace"
/* The tests of tracing_map's users: hist triggers and synthetic events. */
#define FTRACETEST_CASES \
	"test.d/trigger/trigger-hist*.tc test.d/trigger/trigger-multihist.tc test.d/trigger/inter-event"

/* Results of ftracetest that mean a test did not pass where it could run. */
static bool ftrace_failure(const char *result)
{
	return !strcmp(result, "FAIL") || !strcmp(result, "UNRESOLVED") ||
	       !strcmp(result, "UNDEFINED");
}

/*
 * One line of ftracetest: "[N] description<TAB>[RESULT]" for each test,
 * reprinted as "ftracetest RESULT description" for check-clients to
 * compare between kernels; the rest (the summary, the logs of failed
 * tests) passes through.  Counts each result in @counts.
 */
static void ftrace_line(char *line, int *passed, int *bad, int *other)
{
	char *open = strrchr(line, '['), *close;
	char result[32];

	printf(PFX "ftracetest| %s\n", line);
	if (line[0] != '[' || !open || open == line)
		return;
	close = strchr(open, ']');
	if (!close || close - open - 1 >= (long)sizeof(result))
		return;
	memcpy(result, open + 1, close - open - 1);
	result[close - open - 1] = '\0';
	while (open > line && (open[-1] == '\t' || open[-1] == ' '))
		open--;
	*open = '\0';
	printf(PFX "ftrace %s %s\n", result, line);
	if (!strcmp(result, "PASS"))
		(*passed)++;
	else if (ftrace_failure(result))
		(*bad)++;
	else
		(*other)++;
}

/*
 * tools/testing/selftests/ftrace's ftracetest on the trigger tests that
 * build on tracing_map, with busybox's shell and tools, which check-clients
 * packs beside it.  Not run when they are not there.
 */
static void test_ftracetest(void)
{
	char *const argv[] = { "bash", "-c",
		"cd " FTRACETEST_DIR " && bash ./ftracetest -v " FTRACETEST_CASES,
		NULL };
	int passed = 0, bad = 0, other = 0, fds[2], status = 0;
	char line[1024], what[160];
	pid_t pid;
	FILE *out;

	if (access("/bin/busybox", X_OK) || access("/bin/bash", X_OK) ||
	    access(FTRACETEST_DIR "/ftracetest", F_OK)) {
		printf(PFX "NOT RUN ftracetest: no busybox, bash or ftracetest packed\n");
		return;
	}
	/* The tests send much to /dev/null. */
	if (access("/dev/null", F_OK) &&
	    mknod("/dev/null", S_IFCHR | 0666, makedev(1, 3)))
		printf(PFX "mknod /dev/null: %s\n", strerror(errno));
	begin_test("ftracetest hist triggers");
	pid = fork();
	if (pid == 0) {
		execl("/bin/busybox", "busybox", "--install", "-s", "/bin",
		      NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status)
		fail("busybox --install: status %d", status);
	if (pipe(fds)) {
		fail("pipe: %s", strerror(errno));
		goto out;
	}
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		execv("/bin/bash", argv);
		_exit(127);
	}
	close(fds[1]);
	out = fdopen(fds[0], "r");
	while (out && fgets(line, sizeof(line), out)) {
		line[strcspn(line, "\n")] = '\0';
		ftrace_line(line, &passed, &bad, &other);
	}
	if (out)
		fclose(out);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		fail("ftracetest could not be run");
	if (!passed && !bad && !other)
		fail("ftracetest ran no test (status %d)", status);
	if (bad)
		fail("%d tests failed or unresolved", bad);
out:
	snprintf(what, sizeof(what),
		 "%d passed, %d failed or unresolved, %d unsupported or otherwise skipped",
		 passed, bad, other);
	end_test(what);
}

/* ---- the kernel's own selftests ---- */

#define SELFTEST_TIMEOUT_S 30

/* Start /bin/NAME with ARGS; its pid, or -1 when it is not there. */
static pid_t start(const char *name, char *const argv[])
{
	char path[64];
	pid_t pid;

	snprintf(path, sizeof(path), "/bin/%s", name);
	if (access(path, X_OK))
		return -1;
	pid = fork();
	if (pid == 0) {
		alarm(SELFTEST_TIMEOUT_S);
		execv(path, argv);
		_exit(127);
	}
	return pid;
}

/* How PID ended, as a word for the log; true if it exited with 0. */
static bool ended_well(pid_t pid, char *how, size_t size)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		snprintf(how, size, "could not be run");
		return false;
	}
	if (WIFSIGNALED(status)) {
		snprintf(how, size, "killed by signal %d%s", WTERMSIG(status),
			 WTERMSIG(status) == SIGALRM ? " (timed out)" : "");
		return false;
	}
	snprintf(how, size, "exit status %d", WEXITSTATUS(status));
	return WEXITSTATUS(status) == 0;
}

/* A selftest that passes when it exits with 0. */
static void selftest(const char *name)
{
	char *const argv[] = { (char *)name, NULL };
	char how[64];
	pid_t pid = start(name, argv);

	if (pid < 0) {
		printf(PFX "NOT RUN %s: not in this kernel's selftests\n", name);
		return;
	}
	begin_test(name);
	if (!ended_well(pid, how, sizeof(how)))
		fail("%s", how);
	end_test(how);
}

/*
 * sctp_hello, as sctp_vrf.sh runs it but on loopback: a server that accepts
 * one association, and a client that connects to it.  The client is
 * retried until the server listens.
 */
static void selftest_sctp_hello(void)
{
	char *const server_argv[] = { "sctp_hello", "server", "-4", "127.0.0.1",
				"4321", NULL };
	char *const client_argv[] = { "sctp_hello", "client", "-4", "127.0.0.1",
				"4321", NULL };
	char how[64], server_how[64];
	pid_t server = start("sctp_hello", server_argv);
	bool ok = false;
	int try;

	if (server < 0) {
		printf(PFX "NOT RUN sctp_hello: not in this kernel's selftests\n");
		return;
	}
	begin_test("sctp_hello");
	for (try = 0; try < 100 && !ok; try++) {
		ok = ended_well(start("sctp_hello", client_argv), how,
				sizeof(how));
		if (!ok)
			usleep(20000);
	}
	if (!ok) {
		fail("client: %s after %d tries", how, try);
		kill(server, SIGKILL);
	}
	if (!ended_well(server, server_how, sizeof(server_how)))
		fail("server: %s", server_how);
	end_test("server and client over 127.0.0.1");
}

static void test_selftests(void)
{
	/* The map_files tests map /dev/zero. */
	if (access("/dev/zero", F_OK) &&
	    mknod("/dev/zero", S_IFCHR | 0666, makedev(1, 5)))
		printf(PFX "mknod /dev/zero: %s\n", strerror(errno));
	selftest("proc-self-map-files-001");
	selftest("proc-self-map-files-002");
	selftest_sctp_hello();
}

/* ---- the boot ---- */

static void setup(void)
{
	struct ifreq ifr;
	int fd;

	if (mount("proc", "/proc", "proc", 0, NULL) && errno != EBUSY)
		printf(PFX "mount /proc: %s\n", strerror(errno));
	/* Loopback starts down; without iproute2, raise it by hand. */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		printf(PFX "SIOCGIFFLAGS lo: %s\n", strerror(errno));
	} else {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			printf(PFX "SIOCSIFFLAGS lo: %s\n", strerror(errno));
	}
	if (fd >= 0)
		close(fd);
}

/* The test goes beyond the default limit of 65530 mappings. */
static long raise_map_count(long want)
{
	FILE *f = fopen("/proc/sys/vm/max_map_count", "r+");
	long now = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%ld", &now) == 1 && now < want) {
		rewind(f);
		fprintf(f, "%ld\n", want);
		now = want;
	}
	if (fclose(f))
		return 0;
	return now;
}

int main(int argc, char **argv)
{
	/* Run by hand on a workstation, it must not touch the system. */
	bool init = getpid() == 1;
	bool poweroff = argc > 1 && !strcmp(argv[1], "poweroff");
	long big = 100000;
	struct utsname u;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (init)
		setup();
	uname(&u);
	printf(PFX "testing %s %s\n", u.release, u.version);

	if ((init ? raise_map_count(big + 1000) : 0) < big + 1000) {
		printf(PFX "cannot raise vm.max_map_count: 100,000 mappings skipped\n");
		big = 20000;
	}
	test_map_files(20000, big - 20000);
	test_sctp();
	if (init) {
		test_tracing();
		test_selftests();
		test_ftracetest();
	}

	if (failed)
		printf(PFX "%d of %d tests FAILED\n", failed, tests);
	else
		printf(PFX "all %d tests passed\n", tests);
	if (!init)
		return failed ? 1 : 0;
	end_boot(poweroff ? RB_POWER_OFF : RB_AUTOBOOT);
	return 1;
}
