#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every variant of the userspace harness, $JOBS at a time, then print
# each one's output in a fixed order and end with the summed verdict,
# "N passed, N failed", alone on the last line.  Exits non-zero on any
# failure, including a variant that crashed or reported nothing.
#
# Called by "make check", which sets: O (build directory), SEED, OPS,
# OPS_64K, M32_OPS, M32_64K_OPS, M32_256K_OPS, VALGRIND_OPS, FUZZ_SECONDS,
# CORPUS (the seed corpus).

set -u
: "${O:?}" "${SEED:?}" "${OPS:?}" "${OPS_64K:?}" "${M32_OPS:?}"
: "${M32_64K_OPS:?}" "${M32_256K_OPS:?}"
: "${VALGRIND_OPS:?}" "${FUZZ_SECONDS:?}" "${CORPUS:?}"
JOBS=${JOBS:-$(nproc)}
# A variant that hangs is killed, and counts as failed.  The slowest take
# 4 to 7 minutes on two busy cores: the limit is for hangs, not for load.
TIMEOUT=${TIMEOUT:-1800}

LOGS=$O/logs
rm -rf "$LOGS" "$O/fuzz-corpus"
mkdir -p "$LOGS" "$O/fuzz-corpus" "$O/crashes"

# Slowest first, two at a time: the 64K build runs the KUnit suite on
# arrays sixteen times larger.
VARIANTS=(asan-ubsan-64k asan-ubsan-16k valgrind-memcheck-4k libfuzzer-4k
	  m32-asan-ubsan-256k m32-asan-ubsan-64k tsan-4k asan-ubsan-4k
	  m32-asan-ubsan-4k)
declare -A WHAT CMD
WHAT[asan-ubsan-4k]="gcc -fsanitize=address,undefined, PAGE_SIZE 4096, $OPS random ops"
CMD[asan-ubsan-4k]="$O/asan-4k/flex_array_test --ops=$OPS"
WHAT[asan-ubsan-16k]="gcc -fsanitize=address,undefined, PAGE_SIZE 16384, $OPS random ops"
CMD[asan-ubsan-16k]="$O/asan-16k/flex_array_test --ops=$OPS"
WHAT[asan-ubsan-64k]="gcc -fsanitize=address,undefined, PAGE_SIZE 65536, $OPS_64K random ops"
CMD[asan-ubsan-64k]="$O/asan-64k/flex_array_test --ops=$OPS_64K"
WHAT[m32-asan-ubsan-4k]="gcc -m32 (32-bit pointers) -fsanitize=address,undefined, PAGE_SIZE 4096, $M32_OPS random ops"
CMD[m32-asan-ubsan-4k]="$O/m32-4k/flex_array_test --ops=$M32_OPS"
# 32-bit with large pages: a page of pointers holds 2^14 or 2^16 of them,
# so that the shift of the top level reaches 32 with 256 KiB pages.
WHAT[m32-asan-ubsan-64k]="gcc -m32 -fsanitize=address,undefined, PAGE_SIZE 65536, $M32_64K_OPS random ops"
CMD[m32-asan-ubsan-64k]="$O/m32-64k/flex_array_test --ops=$M32_64K_OPS"
WHAT[m32-asan-ubsan-256k]="gcc -m32 -fsanitize=address,undefined, PAGE_SIZE 262144, $M32_256K_OPS random ops"
CMD[m32-asan-ubsan-256k]="$O/m32-256k/flex_array_test --ops=$M32_256K_OPS"
WHAT[valgrind-memcheck-4k]="valgrind memcheck --error-exitcode=99 --leak-check=full, PAGE_SIZE 4096, $VALGRIND_OPS random ops"
CMD[valgrind-memcheck-4k]="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect $O/valgrind-4k/flex_array_test --ops=$VALGRIND_OPS"
# The concurrency tests alone: the KUnit race case and the race suite.
WHAT[tsan-4k]="gcc -fsanitize=thread (halt_on_error=1), PAGE_SIZE 4096, real pthreads: KUnit flex_array_test_concurrent and the flex_array_race suite"
CMD[tsan-4k]="env TSAN_OPTIONS=halt_on_error=1:exitcode=66:second_deadlock_stack=1 $O/tsan-4k/flex_array_test --filter=flex_array.flex_array_test_concurrent,flex_array_race"
WHAT[libfuzzer-4k]="clang -fsanitize=fuzzer,address,undefined, PAGE_SIZE 4096, ${FUZZ_SECONDS}s from the seed corpus"
CMD[libfuzzer-4k]="$O/fuzz-4k/flex_array_fuzz -max_total_time=$FUZZ_SECONDS -seed=$SEED -timeout=20 -print_final_stats=1 -artifact_prefix=$O/crashes/ $O/fuzz-corpus $CORPUS"

run_variant()
{
	local v=$1 start end

	start=$(date +%s.%N)
	# shellcheck disable=SC2086
	timeout "$TIMEOUT" ${CMD[$v]} --seed="$SEED" --variant="$v" \
		>"$LOGS/$v.log" 2>&1
	echo $? >"$LOGS/$v.rc"
	end=$(date +%s.%N)
	echo "$start $end" | awk '{ printf "%.1f\n", $2 - $1 }' >"$LOGS/$v.time"
}

# libFuzzer takes no --seed=/--variant=: give it its own runner.
run_fuzzer()
{
	local v=$1 start end

	start=$(date +%s.%N)
	# shellcheck disable=SC2086
	timeout "$TIMEOUT" ${CMD[$v]} >"$LOGS/$v.log" 2>&1
	echo $? >"$LOGS/$v.rc"
	end=$(date +%s.%N)
	echo "$start $end" | awk '{ printf "%.1f\n", $2 - $1 }' >"$LOGS/$v.time"
}

running=0
for v in "${VARIANTS[@]}"; do
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
	case $v in
	libfuzzer-*) run_fuzzer "$v" & ;;
	*) run_variant "$v" & ;;
	esac
	running=$((running + 1))
done
wait

passed=0
failed=0
summary=()

# Lines worth reading: not the "ok" of each case, not KTAP framing.
show_log()
{
	grep -Ev '^[[:space:]]*(ok [0-9]+ |KTAP version|1\.\.[0-9]+$|# Subtest:)' "$1"
}

report_tests()
{
	local v=$1 rc=$2 last p f

	show_log "$LOGS/$v.log"
	last=$(tail -n 1 "$LOGS/$v.log")
	if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		p=${BASH_REMATCH[1]}
		f=${BASH_REMATCH[2]}
	else
		echo "# $v: no verdict (crashed?); full log: $LOGS/$v.log"
		p=0
		f=1
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "# $v: exited with status $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	summary+=("$v: $p passed, $f failed")
}

report_fuzzer()
{
	local v=$1 rc=$2 runs secs

	runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' "$LOGS/$v.log")
	secs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$LOGS/$v.log")
	if [ "$rc" -eq 0 ] && [ -n "$runs" ]; then
		grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)' "$LOGS/$v.log"
		echo "# $v: $runs runs in ${secs}s, $((runs / (secs > 0 ? secs : 1))) exec/s, corpus in $O/fuzz-corpus"
		passed=$((passed + 1))
		summary+=("$v: 1 passed, 0 failed ($((runs / (secs > 0 ? secs : 1))) exec/s)")
	else
		tail -n 60 "$LOGS/$v.log"
		echo "# $v: failed with status $rc; reproducer in $O/crashes/"
		failed=$((failed + 1))
		summary+=("$v: 0 passed, 1 failed")
	fi
}

for v in "${VARIANTS[@]}"; do
	rc=$(cat "$LOGS/$v.rc")
	echo
	echo "=== variant $v: ${WHAT[$v]} ($(cat "$LOGS/$v.time")s) ==="
	case $v in
	libfuzzer-*) report_fuzzer "$v" "$rc" ;;
	*) report_tests "$v" "$rc" ;;
	esac
	summary[-1]="${summary[-1]} in $(cat "$LOGS/$v.time")s"
done

ops=$(grep -h '# model check:' "$LOGS"/*.log |
      awk '{ n += $4 } END { print n + 0 }')
echo
echo "=== summary (logs in $LOGS) ==="
printf '%s\n' "${summary[@]}"
echo "model check: $ops random operations in all, seed $SEED"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
