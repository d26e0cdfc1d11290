// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the client boot test (tools/clients/check-clients): drives the
 * two kernel users of flex_array's conversions, /proc/<pid>/map_files and
 * SCTP's stream tables, through their user-visible interfaces, so that the
 * same program judges the unpatched kernel (genradix) and the patched one.
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
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
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
	if (init)
		test_selftests();

	if (failed)
		printf(PFX "%d of %d tests FAILED\n", failed, tests);
	else
		printf(PFX "all %d tests passed\n", tests);
	if (!init)
		return failed ? 1 : 0;
	fflush(stdout);
	sync();
	reboot(poweroff ? RB_POWER_OFF : RB_AUTOBOOT);
	return 1;
}
