/* SPDX-License-Identifier: GPL-2.0 */
/* Options of the harness runner, shared by the userspace-only suites. */
#ifndef _FA_HARNESS_H
#define _FA_HARNESS_H

#include <linux/types.h>

struct harness_options {
	/* Seed of every random choice; printed so that a failure replays. */
	u64 seed;
	/* Random operations for the model check, per page size build. */
	unsigned long ops;
	/* Only the cases matching "suite_glob[.case_glob]", comma-separated. */
	const char *filter;
	/* Suites not to run, as a glob. */
	const char *exclude;
	/* Name of the build, printed in the summary. */
	const char *variant;
};

extern struct harness_options harness;

#endif
