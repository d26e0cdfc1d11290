# SPDX-License-Identifier: GPL-2.0
#
# flex_array: entry points for developers.  See README.
#
#   make run            build a kernel with the library and its self-test,
#                       boot it under QEMU, show the verdict (CLIENTS=1:
#                       the converted map_files and SCTP, booted)
#   make check          what CI runs: check-fresh, lint, check-user, the
#                       KUnit suite and self-test on x86_64 (Linux 6.12
#                       and 7.3), check-debug, check-stock
#   make check-fresh    the first run on a simulated fresh machine: no
#                       package installed, an empty cache (under a minute)
#   make lint           checkpatch --strict, sparse (C=2), W=1, kernel-doc
#   make check-user     the library in userspace: sanitizers, valgrind,
#                       fault injection, model check, fuzzer (~2 minutes)
#   make check-kunit    the KUnit suite and self-test on UML and x86_64
#   make check-debug    the same on x86_64 with KASAN, UBSAN, KFENCE,
#                       lockdep, kmemleak and fault injection, then in a
#                       second kernel with KCSAN (strict)
#   make check-matrix   x86_64, i386, arm64 (64K pages) and UML, on Linux
#                       7.3, 6.12 and 6.1, with a table of what passed where
#   make module         flex_array.ko, the self-test and (where the kernel
#                       has KUnit) the KUnit suite as external modules
#                       (M=) against KDIR: by default the running
#                       kernel's build directory, else Debian's stock
#                       6.12 headers
#   make check-stock    Debian's stock kernel image booted under QEMU,
#                       loading and unloading those modules
#   make check-clients  boot test of map_files and SCTP, on genradix and
#                       converted to flex_array, timed side by side
#                       (CLIENTS_ARCH=um: under UML, for real timings)
#   make patch O=DIR    the library and the conversions as a git
#                       format-patch series for pristine Linux 7.3
#                       (KVER=6.12 or 6.1: a backport, keeping genradix)
#   make check-patch    apply that series to a pristine tree with git am
#                       and build it patch by patch
#   make bench          flex_array against kvmalloc_array(), genradix and
#                       the XArray, timed under UML
#   make callsite-bytes the code each get and put form adds at a call
#                       site, x86_64 defconfig (fails over 128 bytes)
#   make vmalloc-costs  what vmalloc costs that flex_array does not, as
#                       kernel counters: address space on i386, IPIs and
#                       purges, fragmented memory, NOIO/NOFS contexts
#                       (x86_64 and i386 QEMU, Linux 7.3 and 6.12)
#
# Variables: KERNEL_SRC=/path/to/linux to use your own tree instead of
# Debian's linux-source-$(KVER) (KVER: 6.12 by default, 6.1, or 7.3 from
# trixie-backports; 7.3 for make patch and check-patch); FLEX_ARRAY_CACHE
# for where trees and builds are kept (default ~/.cache/flex_array);
# CLIENTS=1 to apply the map_files and SCTP conversions to the tree;
# CLIENTS_ROUNDS=N and CLIENTS_ARCH=um for check-clients; KDIR for make
# module; STOCK_RELEASE=6.12.N+deb12-amd64 to pin the stock kernel of
# make module and check-stock.

export KERNEL_SRC KVER FLEX_ARRAY_CACHE CLIENTS CLIENTS_ROUNDS CLIENTS_ARCH \
	KDIR STOCK_RELEASE

.PHONY: all run check check-fresh lint check-user check-kunit check-kunit-x86_64 \
	check-debug check-matrix check-clients patch check-patch bench fuzz \
	prepare help module check-stock callsite-bytes vmalloc-costs

all: help

help:
	@sed -n '3,/^$$/s/^# \{0,1\}//p' Makefile

prepare:
	@tools/setup/kernel-deps >/dev/null
	@tools/setup/prepare-tree >/dev/null

# With CLIENTS=1, the kernel converted to flex_array boots the users' test.
run:
	@tools/setup/kernel-deps
	@if [ "$(CLIENTS)" = 1 ]; then tools/clients/check-clients patched; \
	else tools/kernel/boot-selftest; fi

# UML first: it is the quicker build.  x86_64 (QEMU) comes last, so that
# the output ends with its kunit.py summary.
check-kunit:
	@tools/setup/kernel-deps
	@tools/kernel/kunit um
	@tools/kernel/kunit x86_64

# make check's KUnit runs: the default kernel, and today's mainline unless
# the tree is the user's own.
check-kunit-x86_64:
	@tools/setup/kernel-deps
	@tools/kernel/kunit x86_64
	@[ -n "$(KERNEL_SRC)" ] || KVER=7.3 tools/kernel/kunit x86_64

lint:
	@tools/setup/kernel-deps
	@tools/lint/lint

check-fresh:
	@tools/testing/fresh-machine/run-test.sh

check-user:
	@$(MAKE) --no-print-directory -C tools/testing/flex_array check

fuzz:
	@$(MAKE) --no-print-directory -C tools/testing/flex_array fuzz

# Both kernels run, whatever the first one's verdict.
check-debug:
	@tools/setup/kernel-deps
	@status=0; tools/kernel/check-debug || status=1; \
	tools/kernel/check-debug-kcsan || status=1; exit $$status

# The modules go to $(FLEX_ARRAY_CACHE)/module/RELEASE, whose path the
# script prints.
module:
	@tools/stock/module

check-stock:
	@tools/stock/check-stock

check-matrix:
	@tools/setup/kernel-deps
	@tools/kernel/check-matrix

check-clients:
	@tools/setup/kernel-deps
	@tools/clients/check-clients

# The series is for today's mainline unless KVER says otherwise.
patch check-patch: KVER := $(or $(KVER),7.3)

patch:
	@tools/series/write-series O=$(O)

check-patch:
	@tools/setup/kernel-deps
	@tools/series/check-series

# Quickest failures first: the fresh-machine test takes a minute, lint and
# the userspace harness minutes, a kernel build more.  UML is left to check-matrix.
check:
	@$(MAKE) --no-print-directory check-fresh
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory check-user
	@$(MAKE) --no-print-directory check-kunit-x86_64
	@$(MAKE) --no-print-directory check-debug
	@$(MAKE) --no-print-directory check-stock

bench:
	@tools/setup/kernel-deps
	@tools/kernel/bench

callsite-bytes:
	@tools/setup/kernel-deps
	@tools/kernel/callsite-bytes

vmalloc-costs:
	@tools/setup/kernel-deps
	@VMCOST_KVERS="$(or $(VMCOST_KVERS),$(KVER),7.3 6.12)" \
		tools/vmalloc-costs/vmalloc-costs
