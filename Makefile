# SPDX-License-Identifier: GPL-2.0
#
# flex_array: entry points for developers.  See README.
#
#   make run            build a kernel with the library and its self-test,
#                       boot it under QEMU, show the verdict
#   make check          everything that verifies the project: check-user,
#                       then check-kunit
#   make check-user     the library in userspace: sanitizers, valgrind,
#                       fault injection, model check, fuzzer (~2 minutes)
#   make check-kunit    the KUnit suite and self-test on UML and x86_64
#   make bench          flex_array against kvmalloc_array(), genradix and
#                       the XArray, timed under UML
#
# Variables: KERNEL_SRC=/path/to/linux to use your own tree instead of
# Debian's linux-source-$(KVER) (KVER defaults to 6.12); FLEX_ARRAY_CACHE
# for where trees and builds are kept (default ~/.cache/flex_array).

export KERNEL_SRC KVER FLEX_ARRAY_CACHE

.PHONY: all run check check-user check-kunit bench fuzz prepare help

all: help

help:
	@sed -n '3,18s/^# \{0,1\}//p' Makefile

prepare:
	@tools/deps >/dev/null
	@tools/prepare-tree >/dev/null

run:
	@tools/deps
	@tools/run

# UML first: it is the quicker build.  x86_64 (QEMU) comes last, so that
# the output ends with its kunit.py summary.
check-kunit:
	@tools/deps
	@tools/kunit um
	@tools/kunit x86_64

check-user:
	@$(MAKE) --no-print-directory -C tools/testing/flex_array check

fuzz:
	@$(MAKE) --no-print-directory -C tools/testing/flex_array fuzz

# Userspace first: it fails in seconds where a kernel build takes minutes.
check:
	@$(MAKE) --no-print-directory check-user
	@$(MAKE) --no-print-directory check-kunit

bench:
	@tools/deps
	@tools/bench
