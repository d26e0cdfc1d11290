# SPDX-License-Identifier: GPL-2.0
#
# Shared by the scripts in tools/: where things live, and how to report.
# KERNEL_SRC names the user's kernel tree; without it the tree is Debian's
# linux-source-$KVER, extracted once under $FLEX_ARRAY_CACHE.

REPO=$(cd "$(dirname "$0")/.." && pwd)
FLEX_ARRAY_CACHE=${FLEX_ARRAY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flex_array}
KVER=${KVER:-6.12}

msg() { echo "flex_array: $*"; }
die() { echo "flex_array: error: $*" >&2; exit 1; }

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

# A build directory per tree and architecture, outside both.
build_dir() {
	id=$(printf '%s' "$1" | md5sum | cut -c1-8)
	echo "$FLEX_ARRAY_CACHE/build/$(basename "$1")-$id-$2"
}
