#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The first run on a fresh machine, simulated: `make run` prepares its tree
# with tools/setup/kernel-deps and tools/setup/prepare-tree, and so does
# this test, with
#
#  - a dpkg-query on PATH that knows no installed package, so that every
#    script takes its install path.  The apt-get it reaches is the real one
#    when run as root: it installs what this machine really lacks and is
#    quick for the rest;
#  - an empty FLEX_ARRAY_CACHE, so that the tree is extracted afresh.
#
# It checks that each $(...) capture of a script gets only what it asks for,
# that a user who is not root is given the exact apt-get command and a
# failure, and that what cannot be fetched fails with one line and leaves
# nothing half-written.  No kernel is built.

set -uo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/flex_array-fresh.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
passes=0

fail() {
	echo "not ok: $*"
	failures=$((failures + 1))
}
pass() {
	echo "ok: $*"
	passes=$((passes + 1))
}

# fake DIR NAME <<SCRIPT: a command NAME in DIR, shadowing the real one.
fake() {
	mkdir -p "$1"
	cat >"$1/$2"
	chmod +x "$1/$2"
}

# A fresh machine: no package is installed.  id -u answers $FAKE_UID.
fresh=$work/fresh-bin
fake "$fresh" dpkg-query <<'EOF'
#!/bin/sh
exit 1
EOF
fake "$fresh" id <<'EOF'
#!/bin/sh
[ "$1" = -u ] && [ -n "${FAKE_UID:-}" ] && { echo "$FAKE_UID"; exit 0; }
exec /usr/bin/id "$@"
EOF
# apt-get is logged and, when the test really runs as root, run.  It
# writes to standard output as the real one does.
real_uid=$(/usr/bin/id -u)
fake "$fresh" apt-get <<EOF
#!/bin/sh
echo "\$*" >>"$work/apt.log"
echo "Reading package lists..."
[ $real_uid = 0 ] && exec /usr/bin/apt-get "\$@"
exit 0
EOF
# A machine without a network: apt-get fails as it does there.
offline=$work/offline-bin
mkdir -p "$offline"
cp "$fresh"/* "$offline/"
fake "$offline" apt-get <<'EOF'
#!/bin/sh
echo "Reading package lists..."
echo "E: Failed to fetch http://mirror.invalid/pool/x.deb  Temporary failure resolving 'mirror.invalid'" >&2
exit 100
EOF
# A tar that dies halfway through, as on a full disk or a ^C.
broken_tar=$work/broken-tar-bin
fake "$broken_tar" tar <<'EOF'
#!/bin/sh
while [ $# -gt 0 ]; do
	[ "$1" = -C ] && { mkdir -p "$2/linux-source-6.12/lib"; echo half >"$2/linux-source-6.12/Makefile"; }
	shift
done
echo "tar: write error: No space left on device" >&2
exit 2
EOF

# run NAME PATH_DIR [VAR=VALUE...] -- COMMAND...: COMMAND with PATH_DIR first
# on PATH; its standard output in $work/NAME.out, its error in NAME.err,
# its status in $status.
run() {
	local name=$1 dir=$2
	shift 2
	local vars=()
	while [ "$1" != -- ]; do
		vars+=("$1")
		shift
	done
	shift
	env PATH="$dir:$PATH" "${vars[@]}" "$@" \
		>"$work/$name.out" 2>"$work/$name.err"
	status=$?
}

# one_error NAME WHAT: NAME failed with nothing on standard output and one
# line naming the error, its last, on standard error.
one_error() {
	if [ "$status" = 0 ]; then
		fail "$2: exit status 0"
	elif [ -s "$work/$1.out" ]; then
		fail "$2: standard output not empty: $(head -c 200 "$work/$1.out")"
	elif [ "$(grep -c 'error:' "$work/$1.err")" != 1 ] ||
	     ! tail -n 1 "$work/$1.err" | grep -q '^flex_array: error: '; then
		fail "$2: not one error line at the end:"
		sed 's/^/    /' "$work/$1.err"
	else
		pass "$2: $(tail -n 1 "$work/$1.err")"
	fi
}

# asks_for_install NAME PACKAGE WHAT: NAME, run as a user, failed with
# nothing on standard output and the apt-get command for PACKAGE (a prefix
# of its name) on standard error.
asks_for_install() {
	if [ "$status" != 0 ] && [ ! -s "$work/$1.out" ] &&
	   grep -qF "sudo apt-get install -y --no-install-recommends $2" "$work/$1.err"; then
		pass "$3 as a user prints the command for $2 and fails"
	else
		fail "$3 as a user: status $status"
		sed 's/^/    /' "$work/$1.out" "$work/$1.err"
	fi
}

# nothing_in DIR WHAT: DIR holds no file.
nothing_in() {
	local left
	left=$(find "$1" -mindepth 1 2>/dev/null | head -n 5)
	if [ -n "$left" ]; then
		fail "$2 left behind: $left"
	else
		pass "$2 leaves nothing in $1"
	fi
}

cd "$repo" || exit 1
kver=6.12

# 1. make run's steps, as root on a fresh machine.
cache=$work/cache
run deps "$fresh" FAKE_UID=0 FLEX_ARRAY_CACHE="$cache" -- tools/setup/kernel-deps
if [ $status != 0 ]; then
	fail "tools/setup/kernel-deps as root: status $status"
	cat "$work/deps.err"
elif [ -s "$work/deps.out" ]; then
	fail "tools/setup/kernel-deps wrote to standard output: $(cat "$work/deps.out")"
elif ! grep -q '^install .* qemu-system-x86' "$work/apt.log"; then
	fail "tools/setup/kernel-deps did not take the install path"
else
	pass "tools/setup/kernel-deps installs through apt-get and prints on stderr only"
fi

run prepare "$fresh" FAKE_UID=0 FLEX_ARRAY_CACHE="$cache" -- tools/setup/prepare-tree
tree=$(cat "$work/prepare.out")
if [ $status != 0 ]; then
	fail "tools/setup/prepare-tree on an empty cache: status $status"
	cat "$work/prepare.err"
elif [ "$tree" != "$cache/linux-source-$kver" ]; then
	fail "tree=\$(tools/setup/prepare-tree) captured more than the tree's path:"
	sed 's/^/    /' "$work/prepare.out"
elif ! cmp -s include/linux/flex_array.h "$tree/include/linux/flex_array.h" ||
     ! grep -qx 'source "lib/Kconfig.flex_array"' "$tree/lib/Kconfig"; then
	fail "$tree is not prepared"
elif ! grep -q "^install .*linux-source-$kver" "$work/apt.log"; then
	fail "linux-source-$kver was not asked of apt-get"
else
	pass "tree=\$(tools/setup/prepare-tree) is the prepared tree, extracted afresh"
fi
left=$(find "$cache" -maxdepth 1 -name '*.extract.*')
[ -z "$left" ] && pass "the extraction leaves no temporary directory" ||
	fail "the extraction left $left"

run again "$fresh" FAKE_UID=0 FLEX_ARRAY_CACHE="$cache" -- tools/setup/prepare-tree
if [ $status = 0 ] && [ "$(cat "$work/again.out")" = "$tree" ] &&
   grep -q 'already up to date' "$work/again.err"; then
	pass "a second tools/setup/prepare-tree changes nothing and prints the path alone"
else
	fail "a second tools/setup/prepare-tree: status $status, output $(cat "$work/again.out")"
fi

# The conversions, applied in place to a tree of the user's own.
run clients "$fresh" FAKE_UID=0 FLEX_ARRAY_CACHE="$cache" CLIENTS=1 \
	KERNEL_SRC="$tree" -- tools/setup/prepare-tree
if [ $status = 0 ] && [ "$(cat "$work/clients.out")" = "$tree" ] &&
   grep -q flex_array_ "$tree/net/sctp/stream.c"; then
	pass "CLIENTS=1 KERNEL_SRC=tree tools/setup/prepare-tree prints the path alone"
else
	fail "CLIENTS=1 KERNEL_SRC=tree tools/setup/prepare-tree: status $status, output $(cat "$work/clients.out")"
	cat "$work/clients.err"
fi

# make module: the stock headers installed, the modules built in the cache,
# and the build directory alone on standard output.
run module "$fresh" FAKE_UID=0 FLEX_ARRAY_CACHE="$cache" -- tools/stock/module
dir=$(cat "$work/module.out")
if [ $status != 0 ]; then
	fail "tools/stock/module on a fresh machine: status $status"
	tail -n 5 "$work/module.err"
elif [ "$(wc -l <"$work/module.out")" != 1 ] ||
     [ "${dir#"$cache"/module/}" = "$dir" ] ||
     [ ! -f "$dir/flex_array/flex_array.ko" ]; then
	fail "dir=\$(tools/stock/module) captured more than the build directory:"
	sed 's/^/    /' "$work/module.out"
elif [ ! -f "/lib/modules/$(uname -r)/build/Makefile" ] &&
     ! grep -q '^install .*linux-headers-' "$work/apt.log"; then
	fail "tools/stock/module did not ask apt-get for the stock headers"
else
	pass "dir=\$(tools/stock/module) is the build directory of flex_array.ko"
fi

# 2. Not root: the exact command, and a failure.
run user "$fresh" FAKE_UID=1000 FLEX_ARRAY_CACHE="$work/user-cache" -- \
	tools/setup/kernel-deps
cmd="  sudo apt-get update && sudo apt-get install -y --no-install-recommends gcc make flex bison bc libelf-dev libssl-dev python3 cpio xz-utils qemu-system-x86 sparse"
if [ $status = 0 ]; then
	fail "tools/setup/kernel-deps as a user with packages missing: exit status 0"
elif [ -s "$work/user.out" ] || ! grep -qxF "$cmd" "$work/user.err"; then
	fail "tools/setup/kernel-deps as a user does not print the apt-get command alone:"
	sed 's/^/    /' "$work/user.out" "$work/user.err"
else
	pass "tools/setup/kernel-deps as a user prints the exact apt-get command and fails"
fi
run user-tree "$fresh" FAKE_UID=1000 FLEX_ARRAY_CACHE="$work/user-cache" -- \
	tools/setup/prepare-tree
asks_for_install user-tree "linux-source-$kver" tools/setup/prepare-tree
nothing_in "$work/user-cache" "tools/setup/prepare-tree as a user"
if [ ! -f "/lib/modules/$(uname -r)/build/Makefile" ]; then
	run user-module "$fresh" FAKE_UID=1000 \
		FLEX_ARRAY_CACHE="$work/user-cache" -- tools/stock/module
	asks_for_install user-module linux-headers- tools/stock/module
	nothing_in "$work/user-cache" "tools/stock/module as a user"
fi

# 3. What cannot be fetched: one line, and nothing half-written.
run offline "$offline" FAKE_UID=0 FLEX_ARRAY_CACHE="$work/offline-cache" -- \
	tools/setup/prepare-tree
one_error offline "no network"
nothing_in "$work/offline-cache" "no network"
if [ ! -f "/lib/modules/$(uname -r)/build/Makefile" ]; then
	run offline-module "$offline" FAKE_UID=0 \
		FLEX_ARRAY_CACHE="$work/offline-module-cache" -- tools/stock/module
	one_error offline-module "no network: tools/stock/module"
	nothing_in "$work/offline-module-cache" "no network: tools/stock/module"
fi

run kver "$fresh" FAKE_UID=0 KVER=9.99 FLEX_ARRAY_CACHE="$work/kver-cache" -- \
	tools/setup/prepare-tree
one_error kver "KVER=9.99"
nothing_in "$work/kver-cache" "KVER=9.99"

mkdir -p "$work/not-a-tree"
run notatree "$fresh" FAKE_UID=0 KERNEL_SRC="$work/not-a-tree" \
	FLEX_ARRAY_CACHE="$work/own-cache" -- tools/setup/prepare-tree
one_error notatree "KERNEL_SRC that is not a kernel tree"
nothing_in "$work/not-a-tree" "KERNEL_SRC that is not a kernel tree"

built=$work/built-in-place
mkdir -p "$built/lib"
touch "$built/Makefile" "$built/lib/Kconfig" "$built/.config"
run built "$fresh" FAKE_UID=0 KERNEL_SRC="$built" \
	FLEX_ARRAY_CACHE="$work/own-cache" -- tools/setup/prepare-tree
one_error built "KERNEL_SRC built in place"
if [ "$(cd "$built" && find . | sort | tr '\n' ' ')" = ". ./.config ./Makefile ./lib ./lib/Kconfig " ]; then
	pass "KERNEL_SRC built in place is left as it was"
else
	fail "KERNEL_SRC built in place was written to"
fi

run tar "$broken_tar:$fresh" FAKE_UID=0 FLEX_ARRAY_CACHE="$work/tar-cache" -- \
	tools/setup/prepare-tree
one_error tar "an extraction that fails halfway"
nothing_in "$work/tar-cache" "an extraction that fails halfway"

# 4. No script writes a message to standard output behind msg()'s back:
# every file under tools/, whatever its folder, but lib.sh, which defines
# msg(), and this test, which names the pattern.
strays=$(grep -rnI 'echo "flex_array: ' tools |
	 grep -v -e '^tools/lib.sh:' -e '^tools/testing/fresh-machine/run-test.sh:' |
	 grep -v '>&2')
[ -z "$strays" ] && pass "every flex_array: message goes through msg()" ||
	fail "messages on standard output: $strays"

echo "fresh machine: $passes passed, $failures failed"
[ $failures = 0 ]
