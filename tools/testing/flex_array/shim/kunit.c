// SPDX-License-Identifier: GPL-2.0
/*
 * The runner of the thin userspace KUnit: runs every registered suite in
 * one process and prints KTAP much like the kernel's.  After each case it
 * also checks the library's hygiene through the fake allocator: nothing
 * leaked, no allocation above PAGE_SIZE, no misuse (sleeping in atomic
 * context, bad frees), no WARN_ON() the case did not take.  The last
 * line is "N passed, N failed".
 */

#include <fnmatch.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/spinlock.h>

#include "../fake.h"
#include "../harness.h"

/* Past this many failure reports a case only counts its failures. */
#define MAX_REPORTS	25

struct kunit_resource_entry {
	kunit_action_t *action;
	void *ctx;
	struct kunit_resource_entry *next;
};

struct tally {
	unsigned int passed, failed, skipped;
};

struct harness_options harness = {
	.seed = 20240601,
	.ops = 1000000,
	.variant = "userspace",
};

static struct kunit_suite **suites;
static size_t nr_suites;
/* Indentation of the KTAP lines being printed. */
static const char *indent = "";

void __kunit_register_suites(struct kunit_suite **list, size_t n)
{
	suites = realloc(suites, (nr_suites + n) * sizeof(*suites));
	if (!suites)
		abort();
	memcpy(suites + nr_suites, list, n * sizeof(*list));
	nr_suites += n;
}

/* Print @text line by line, each under the current indentation. */
static void print_lines(const char *prefix, const char *text)
{
	const char *end;

	while (*text) {
		end = text + strcspn(text, "\n");
		printf("%s%s%.*s\n", indent, prefix, (int)(end - text), text);
		text = *end ? end + 1 : end;
	}
}

static void vlog(const char *prefix, const char *fmt, va_list args)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, args);
	print_lines(prefix, buf);
}

void __kunit_log(struct kunit *test, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vlog("# ", fmt, args);
	va_end(args);
}

static bool should_report(struct kunit *test)
{
	test->failed = true;
	if (++test->reports == MAX_REPORTS + 1)
		printf("%s# %s: more failures not shown\n", indent, test->name);
	return test->reports <= MAX_REPORTS;
}

void __kunit_fail(struct kunit *test, enum kunit_assert_type type,
		  const char *file, int line, const char *fmt, ...)
{
	va_list args;

	if (!should_report(test))
		return;
	printf("%s# %s: %s FAILED at %s:%d\n", indent, test->name,
	       type == KUNIT_ASSERTION ? "ASSERTION" : "EXPECTATION",
	       file, line);
	va_start(args, fmt);
	vlog("", fmt, args);
	va_end(args);
}

void __kunit_msg(struct kunit *test, const char *fmt, ...)
{
	char buf[1024];
	va_list args;

	if (test->reports > MAX_REPORTS)
		return;
	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	print_lines("", buf);
}

void __kunit_abort(struct kunit *test)
{
	if (!test->abort_to)
		abort();
	longjmp(*test->abort_to, 1);
}

void __kunit_checked(struct kunit *test, enum kunit_assert_type type)
{
	if (type == KUNIT_ASSERTION)
		__kunit_abort(test);
}

void __kunit_skip(struct kunit *test, const char *fmt, ...)
{
	va_list args;

	test->skipped = true;
	va_start(args, fmt);
	vsnprintf(test->skip_reason, sizeof(test->skip_reason), fmt, args);
	va_end(args);
}

/* Show 16 bytes of each side around the first difference. */
void __kunit_hexdump_diff(struct kunit *test, const void *left,
			  const void *right, size_t size)
{
	const u8 *l = left, *r = right;
	size_t at = 0, i, from;

	while (at < size && l[at] == r[at])
		at++;
	from = at & ~(size_t)15;
	printf("%s        first difference at byte %zu of %zu\n", indent, at,
	       size);
	printf("%s        left :", indent);
	for (i = from; i < size && i < from + 16; i++)
		printf(" %02x", l[i]);
	printf("\n%s        right:", indent);
	for (i = from; i < size && i < from + 16; i++)
		printf(" %02x", r[i]);
	printf("\n");
}

int kunit_add_action(struct kunit *test, kunit_action_t *action, void *ctx)
{
	struct kunit_resource_entry *e = malloc(sizeof(*e));

	if (!e)
		return -ENOMEM;
	e->action = action;
	e->ctx = ctx;
	e->next = test->resources;
	test->resources = e;
	return 0;
}

int kunit_add_action_or_reset(struct kunit *test, kunit_action_t *action,
			      void *ctx)
{
	int err = kunit_add_action(test, action, ctx);

	if (err)
		action(ctx);
	return err;
}

/* Unlink the newest entry for (@action, @ctx), or return NULL. */
static struct kunit_resource_entry *unlink_action(struct kunit *test,
						  kunit_action_t *action,
						  void *ctx)
{
	struct kunit_resource_entry **link, *e;

	for (link = &test->resources; (e = *link); link = &e->next) {
		if (e->action == action && e->ctx == ctx) {
			*link = e->next;
			return e;
		}
	}
	return NULL;
}

void kunit_remove_action(struct kunit *test, kunit_action_t *action,
			 void *ctx)
{
	free(unlink_action(test, action, ctx));
}

void kunit_release_action(struct kunit *test, kunit_action_t *action,
			  void *ctx)
{
	struct kunit_resource_entry *e = unlink_action(test, action, ctx);

	if (e) {
		e->action(e->ctx);
		free(e);
	}
}

static void release_all(struct kunit *test)
{
	struct kunit_resource_entry *e;

	while ((e = test->resources)) {
		test->resources = e->next;
		e->action(e->ctx);
		free(e);
	}
}

static void free_action(void *p)
{
	free(p);
}

void *kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		return NULL;
	/* Like kmalloc(): garbage unless asked to zero. */
	memset(p, gfp & __GFP_ZERO ? 0 : 0x5a, size);
	if (kunit_add_action_or_reset(test, free_action, p))
		return NULL;
	return p;
}

void kunit_kfree(struct kunit *test, const void *ptr)
{
	if (ptr)
		kunit_release_action(test, free_action, (void *)ptr);
}

/*
 * What every case must leave behind, whatever it tested: the fake
 * allocator's books balanced and no misuse recorded.
 */
static void check_hygiene(struct kunit *test)
{
	struct fake_counts c;

	fake_get_counts(&c);
	fake_fail_off();
	if (c.live[FAKE_KMALLOC] || c.live[FAKE_PAGE] || c.live[FAKE_KVMALLOC]) {
		__kunit_fail(test, KUNIT_EXPECTATION, "harness", 0,
			     "leaked %lu kmalloc (%zu bytes), %lu pages, %lu kvmalloc",
			     c.live[FAKE_KMALLOC], c.live_bytes[FAKE_KMALLOC],
			     c.live[FAKE_PAGE], c.live[FAKE_KVMALLOC]);
		fake_forget_live();
	}
	if (c.largest > PAGE_SIZE)
		__kunit_fail(test, KUNIT_EXPECTATION, "harness", 0,
			     "an allocation of %zu bytes, above PAGE_SIZE %lu",
			     c.largest, PAGE_SIZE);
	if (c.violations)
		__kunit_fail(test, KUNIT_EXPECTATION, "harness", 0,
			     "%lu misuse(s), first: %s", c.violations,
			     fake_first_violation());
	if (c.warnings)
		__kunit_fail(test, KUNIT_EXPECTATION, "harness", 0,
			     "%lu warning(s) the test did not expect, first: %s",
			     c.warnings, fake_first_warning());
	if (fake_atomic_depth()) {
		__kunit_fail(test, KUNIT_EXPECTATION, "harness", 0,
			     "case ended holding %d spinlock(s)",
			     fake_atomic_depth());
		while (fake_atomic_depth())
			fake_atomic_exit();
	}
}

static void report(struct kunit *test, unsigned int nr, const char *name,
		   struct tally *tally)
{
	if (test->failed) {
		tally->failed++;
		printf("%snot ok %u %s\n", indent, nr, name);
	} else if (test->skipped) {
		tally->skipped++;
		printf("%sok %u %s # SKIP %s\n", indent, nr, name,
		       test->skip_reason);
	} else {
		tally->passed++;
		printf("%sok %u %s\n", indent, nr, name);
	}
	fflush(stdout);
}

/*
 * Whether the case's suite init succeeded.  Not a local of run_one(): it
 * changes between setjmp() and a longjmp() back, after which a local
 * that is not volatile would hold no defined value.
 */
static bool init_ok;

/* One run of a case: with one parameter for parameterised cases. */
static bool run_one(struct kunit_suite *suite, struct kunit_case *c,
		    const void *param, int index, unsigned int nr,
		    const char *name, struct tally *tally)
{
	struct kunit test = {
		.name = c->name,
		.param_value = param,
		.param_index = index,
	};
	jmp_buf env;

	fake_fail_off();
	fake_reset_stats();
	test.abort_to = &env;
	init_ok = false;
	if (!setjmp(env)) {
		if (suite->init && suite->init(&test))
			KUNIT_FAIL(&test, "suite init failed");
		else
			init_ok = true;
		if (init_ok)
			c->run_case(&test);
	}
	if (!setjmp(env) && init_ok && suite->exit)
		suite->exit(&test);
	test.abort_to = NULL;
	/* Threads first: they may still use what the resources hold. */
	fake_reap_threads();
	/* A race case that stopped half way leaves no rendezvous armed. */
	fake_page_rendezvous(0, 0);
	release_all(&test);
	check_hygiene(&test);
	report(&test, nr, name, tally);
	return !test.failed;
}

static bool matches(const char *glob, const char *name)
{
	return !glob || !fnmatch(glob, name, 0);
}

static bool excluded(const struct kunit_suite *suite)
{
	return harness.exclude && !fnmatch(harness.exclude, suite->name, 0);
}

/*
 * harness.filter is a comma-separated list of "suite_glob[.case_glob]":
 * a case runs if any entry matches its suite and itself.
 */
struct filter {
	char *suite_glob, *case_glob;	/* NULL: any */
};

static struct filter *filters;
static unsigned int nr_filters;

static void parse_filter(void)
{
	char *list, *entry, *dot, *save = NULL;

	if (!harness.filter)
		return;
	list = strdup(harness.filter);
	if (!list)
		abort();
	for (entry = strtok_r(list, ",", &save); entry;
	     entry = strtok_r(NULL, ",", &save)) {
		filters = realloc(filters, (nr_filters + 1) * sizeof(*filters));
		if (!filters)
			abort();
		dot = strchr(entry, '.');
		if (dot)
			*dot++ = '\0';
		filters[nr_filters].suite_glob = entry;
		filters[nr_filters].case_glob = dot;
		nr_filters++;
	}
	if (!nr_filters)
		harness.filter = NULL;
}

static bool case_selected(const struct kunit_suite *suite,
			  const struct kunit_case *c)
{
	unsigned int i;

	if (!harness.filter)
		return true;
	for (i = 0; i < nr_filters; i++)
		if (matches(filters[i].suite_glob, suite->name) &&
		    matches(filters[i].case_glob, c->name))
			return true;
	return false;
}

static unsigned int count_cases(struct kunit_suite *suite)
{
	struct kunit_case *c;
	unsigned int n = 0;

	for (c = suite->test_cases; c->run_case; c++)
		n += case_selected(suite, c);
	return n;
}

static bool selected(struct kunit_suite *suite)
{
	return !excluded(suite) && count_cases(suite);
}

static bool run_params(struct kunit_suite *suite, struct kunit_case *c,
		       struct tally *tally)
{
	/* The generator's own context: as in the kernel, not a case's. */
	struct kunit parent = { .name = c->name };
	char desc[KUNIT_PARAM_DESC_SIZE];
	const char *outer = indent;
	const void *param = NULL;
	unsigned int nr = 0;
	bool ok = true;

	indent = "        ";
	printf("%sKTAP version 1\n%s# Subtest: %s\n", indent, indent, c->name);
	for (;;) {
		desc[0] = '\0';
		param = c->generate_params(&parent, param, desc);
		if (!param)
			break;
		if (!desc[0])
			snprintf(desc, sizeof(desc), "param-%u", nr);
		ok &= run_one(suite, c, param, nr, nr + 1, desc, tally);
		nr++;
	}
	printf("%s1..%u\n", indent, nr);
	indent = outer;
	return ok;
}

/* The kernel prints a case's attributes before its result. */
static void print_attributes(const struct kunit_case *c)
{
	if (c->attr.speed == KUNIT_SPEED_SLOW)
		printf("%s# %s.speed: slow\n", indent, c->name);
}

static bool run_suite(struct kunit_suite *suite, unsigned int nr,
		      struct tally *tally)
{
	bool ok = true, params_ok;
	unsigned int n = 0;
	struct kunit_case *c;

	indent = "    ";
	printf("%sKTAP version 1\n%s# Subtest: %s\n%s1..%u\n", indent, indent,
	       suite->name, indent, count_cases(suite));
	if (suite->suite_init && suite->suite_init(suite)) {
		printf("%s# %s: suite_init failed\n", indent, suite->name);
		tally->failed++;
		ok = false;
		goto out;
	}
	for (c = suite->test_cases; c->run_case; c++) {
		if (!case_selected(suite, c))
			continue;
		n++;
		if (!c->generate_params) {
			print_attributes(c);
			ok &= run_one(suite, c, NULL, 0, n, c->name, tally);
			continue;
		}
		params_ok = run_params(suite, c, tally);
		print_attributes(c);
		if (params_ok) {
			printf("%sok %u %s\n", indent, n, c->name);
		} else {
			printf("%snot ok %u %s\n", indent, n, c->name);
			ok = false;
		}
	}
	if (suite->suite_exit)
		suite->suite_exit(suite);
out:
	indent = "";
	printf("%s %u %s\n", ok ? "ok" : "not ok", nr, suite->name);
	return ok;
}

static void print_usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [--seed=N] [--ops=N] [--filter=SUITE[.CASE][,...]] [--exclude=SUITE]\n"
		"       [--variant=NAME] [--list]\n",
		prog);
	exit(2);
}

static void list_cases(void)
{
	struct kunit_case *c;
	size_t i;

	for (i = 0; i < nr_suites; i++)
		for (c = suites[i]->test_cases; c->run_case; c++)
			printf("%s.%s\n", suites[i]->name, c->name);
	exit(0);
}

static void parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "ops", required_argument, NULL, 'o' },
		{ "filter", required_argument, NULL, 'f' },
		{ "variant", required_argument, NULL, 'v' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 's':
			harness.seed = strtoull(optarg, NULL, 0);
			break;
		case 'o':
			harness.ops = strtoul(optarg, NULL, 0);
			break;
		case 'f':
			harness.filter = optarg;
			break;
		case 'v':
			harness.variant = optarg;
			break;
		case 'x':
			harness.exclude = optarg;
			break;
		case 'l':
			list_cases();
			break;
		default:
			print_usage(argv[0]);
		}
	}
	if (optind != argc)
		print_usage(argv[0]);
}

int main(int argc, char **argv)
{
	struct tally tally = { 0 };
	unsigned int nr = 0;
	size_t i;

	parse_options(argc, argv);
	parse_filter();
	fake_random_seed(harness.seed);
	setvbuf(stdout, NULL, _IOLBF, 0);

	printf("KTAP version 1\n# %s: PAGE_SIZE %lu, seed %llu\n",
	       harness.variant, PAGE_SIZE, (unsigned long long)harness.seed);
	for (i = 0; i < nr_suites; i++)
		nr += selected(suites[i]);
	printf("1..%u\n", nr);
	nr = 0;
	for (i = 0; i < nr_suites; i++) {
		if (selected(suites[i]))
			run_suite(suites[i], ++nr, &tally);
		else if (excluded(suites[i]))
			printf("# %s: not run in this variant (--exclude)\n",
			       suites[i]->name);
	}

	if (!tally.passed && !tally.failed) {
		printf("# no test matched\n");
		tally.failed = 1;
	}
	printf("# %s: %u passed, %u failed, %u skipped\n", harness.variant,
	       tally.passed, tally.failed, tally.skipped);
	printf("%u passed, %u failed\n", tally.passed, tally.failed);
	return tally.failed ? 1 : 0;
}
