# SPDX-License-Identifier: GPL-2.0
#
# Shared by the scripts in tools/: where things live, and how to report.
# KERNEL_SRC names the user's kernel tree; without it the tree is Debian's
# linux-source-$KVER, extracted once under $FLEX_ARRAY_CACHE.  CLIENTS=1
# asks for a tree whose users of genradix that once used flex_array are
# converted back (tools/clients/<version>/*.patch): by default a tree of
# its own, linux-source-$KVER-clients, so that the plain one stays plain.

REPO=$(cd "$(dirname "$0")/.." && pwd)
FLEX_ARRAY_CACHE=${FLEX_ARRAY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flex_array}
KVER=${KVER:-6.12}
CLIENTS=${CLIENTS:-0}

msg() { echo "flex_array: $*"; }
die() { echo "flex_array: error: $*" >&2; exit 1; }

case $CLIENTS in
0|1) ;;
*) die "CLIENTS=$CLIENTS: say CLIENTS=1 for the converted users, or 0" ;;
esac

ensure_packages() { "$REPO/tools/ensure-packages" "$@" || exit 1; }

# The kernel tree to work on, fetched when it is the default one.
kernel_tree() {
	if [ -n "${KERNEL_SRC:-}" ]; then
		[ -f "$KERNEL_SRC/Makefile" ] && [ -f "$KERNEL_SRC/lib/Kconfig" ] ||
			die "KERNEL_SRC=$KERNEL_SRC is not a kernel source tree"
		(cd "$KERNEL_SRC" && pwd)
		return
	fi
	tree=$FLEX_ARRAY_CACHE/linux-source-$KVER
	[ "$CLIENTS" = 0 ] || tree=$tree-clients
	if [ ! -f "$tree/Makefile" ]; then
		ensure_packages "linux-source-$KVER" xz-utils
		msg "extracting linux-source-$KVER into $FLEX_ARRAY_CACHE" >&2
		mkdir -p "$FLEX_ARRAY_CACHE"
		tmp=$(mktemp -d "$FLEX_ARRAY_CACHE/extract.XXXXXX")
		tar -C "$tmp" -xf "/usr/src/linux-source-$KVER.tar.xz" ||
			die "cannot extract /usr/src/linux-source-$KVER.tar.xz"
		rm -rf "$tree"
		mv "$tmp/linux-source-$KVER" "$tree"
		rmdir "$tmp"
	fi
	echo "$tree"
}

# The kernel version of a tree, as in its Makefile: "6.12".
tree_version() {
	sed -n 's/^VERSION = \([0-9]*\)$/\1/p; s/^PATCHLEVEL = \([0-9]*\)$/\1/p' \
		"$1/Makefile" | paste -sd. -
}

# The directory of the conversion patches for kernel version $1.
clients_dir() {
	dir=$REPO/tools/clients/$1
	ls "$dir"/*.patch >/dev/null 2>&1 ||
		die "no conversion patches for Linux $1 in $REPO/tools/clients"
	echo "$dir"
}

# A build directory per tree and architecture, outside both.
build_dir() {
	id=$(printf '%s' "$1" | md5sum | cut -c1-8)
	echo "$FLEX_ARRAY_CACHE/build/$(basename "$1")-$id-$2"
}

# warns_about_us LOG: show the compiler warnings in a build log about the
# project's own files; true if there are any.
warns_about_us() {
	grep -E 'flex_array[a-z_]*\.[ch]:[0-9]+:[0-9]+: warning:' "$1" >&2
}
