# SPDX-License-Identifier: GPL-2.0
#
# Shared by the scripts in tools/: where things live, and how to report.
# Each script lives one folder down, in tools/<group>/, and sources this
# file as "$(dirname "$0")/../lib.sh".
# KERNEL_SRC names the user's kernel tree; without it the tree is Debian's
# linux-source-$KVER, extracted once under $FLEX_ARRAY_CACHE.  CLIENTS=1
# asks for a tree whose users of genradix that once used flex_array are
# converted back (tools/clients/patches/<version>/*.patch): by default a
# tree of its own, linux-source-$KVER-clients, so that the plain one stays
# plain.

# Standard output is for results a caller captures (a tree's path, a build
# directory); every message goes to standard error.  With CDPATH set, cd
# would print the directory it changed to into such a capture.
unset CDPATH
REPO=$(cd "$(dirname "$0")/../.." && pwd)
FLEX_ARRAY_CACHE=${FLEX_ARRAY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flex_array}
KVER=${KVER:-6.12}
CLIENTS=${CLIENTS:-0}

msg() { echo "flex_array: $*" >&2; }
die() { msg "error: $*"; exit 1; }

[ -f "$REPO/tools/lib.sh" ] ||
	die "$0 is not in a folder of the project's tools/, where lib.sh expects it"

case $CLIENTS in
0|1) ;;
*) die "CLIENTS=$CLIENTS: say CLIENTS=1 for the converted users, or 0" ;;
esac

ensure_packages() { "$REPO/tools/setup/ensure-packages" "$@" || exit 1; }

# The kernel versions Debian packages as linux-source-$KVER and the
# project has conversions for.  7.3 comes from a suite of Debian's that
# this machine's apt need not list: see backport_tarball.
case $KVER in
6.1|6.12|7.3) ;;
*) [ -n "${KERNEL_SRC:-}" ] ||
	die "KVER=$KVER: Debian's linux-source is used for KVER=7.3, 6.12 or 6.1; for another kernel, set KERNEL_SRC=/path/to/linux" ;;
esac

# debian_mirror: the Debian archive this machine's apt already uses: the
# first URI of a source of a suite other than a security one, read from
# apt's own sources files, deb822 (.sources) or one-line (.list).
debian_mirror() {
	{
		for f in "${APT_SOURCES:-/etc/apt}"/sources.list \
			 "${APT_SOURCES:-/etc/apt}"/sources.list.d/*.list; do
			[ -f "$f" ] && sed 's/#.*//; s/\[[^]]*\]//' "$f" |
				awk '$1 == "deb" && $3 !~ /-security$/ { print $2 }'
		done
		for f in "${APT_SOURCES:-/etc/apt}"/sources.list.d/*.sources; do
			[ -f "$f" ] && awk '
			BEGIN { RS = ""; FS = "\n" }
			{
				types = uris = suites = ""; enabled = "yes"
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^#/ || !match($i, /^[A-Za-z-]+:/))
						continue
					key = tolower(substr($i, 1, RLENGTH - 1))
					val = substr($i, RLENGTH + 1)
					if (key == "types") types = val
					if (key == "uris") uris = val
					if (key == "suites") suites = val
					if (key == "enabled") enabled = val
				}
				if (types !~ /(^| )deb( |$)/ || enabled ~ /no/)
					next
				n = split(suites, s, " ")
				split(uris, u, " ")
				for (i = 1; i <= n; i++)
					if (s[i] !~ /-security$/) { print u[1]; next }
			}' "$f"
		done
	} | head -n 1
}

# backport_apt DIR ARGS...: apt-get with the sources list, package lists
# and download cache in DIR, and none of the system's.
backport_apt() {
	apt_dir=$1
	shift
	apt-get -q -o Dir::Etc::SourceList="$apt_dir/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir" \
		-o Dir::Cache::Archives="$apt_dir/archives" \
		-o Acquire::Languages=none "$@"
}

# backport_tarball: linux-source-$KVER's tarball from trixie-backports.
# apt is pointed at the mirror the machine already uses, with apt state of
# its own under the cache (backport_apt), so that the system's apt
# configuration and state are left as they are; it works without root.
# The tarball is kept, as an extracted tree is.
backport_tarball() {
	apt_dir=$FLEX_ARRAY_CACHE/debian
	tarball=$apt_dir/linux-source-$KVER.tar.xz
	if [ ! -f "$tarball" ]; then
		ensure_packages apt dpkg xz-utils debian-archive-keyring
		mirror=$(debian_mirror)
		[ -n "$mirror" ] ||
			die "no Debian mirror in /etc/apt's sources to fetch linux-source-$KVER from: add one, or set KERNEL_SRC=/path/to/linux"
		mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" ||
			exit 1
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie-backports main" \
			>"$apt_dir/sources.list"
		msg "fetching linux-source-$KVER from trixie-backports"
		{ backport_apt "$apt_dir" update &&
		  (cd "$apt_dir/archives" &&
		   backport_apt "$apt_dir" download "linux-source-$KVER"); } \
			>"$apt_dir/apt.log" 2>&1 ||
			die "cannot fetch linux-source-$KVER from trixie-backports at the mirror apt uses: check the network (apt-get's output: $apt_dir/apt.log)"
		deb=$(ls -t "$apt_dir/archives"/linux-source-"$KVER"_*.deb |
		      head -n 1)
		rm -rf "$apt_dir/unpacked"
		{ dpkg-deb -x "$deb" "$apt_dir/unpacked" &&
		  mv "$apt_dir/unpacked/usr/src/linux-source-$KVER.tar.xz" \
		     "$tarball"; } || die "cannot unpack $deb"
		rm -rf "$apt_dir/unpacked" "$deb"
	fi
	echo "$tarball"
}

# source_tarball: the path of linux-source-$KVER's tarball, installed or
# fetched as needed.
source_tarball() {
	if [ "$KVER" = 7.3 ]; then
		backport_tarball
		return
	fi
	ensure_packages "linux-source-$KVER" xz-utils
	echo "/usr/src/linux-source-$KVER.tar.xz"
}

# extract_source DEST: linux-source-$KVER's tree, extracted to DEST.  It is
# unpacked beside DEST and renamed when whole, so that a failed or
# interrupted extraction leaves no half tree behind.
extract_source() {
	tarball=$(source_tarball) || exit 1
	msg "extracting linux-source-$KVER into $1"
	mkdir -p "$(dirname "$1")" || exit 1
	tmp=$(mktemp -d "$1.extract.XXXXXX") || exit 1
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 1' INT TERM HUP
	tar -C "$tmp" -xf "$tarball" 2>"$tmp.log" || {
		rm -f "$tmp.log"
		die "cannot extract $tarball (is the disk full? df -h $FLEX_ARRAY_CACHE)"
	}
	rm -f "$tmp.log"
	rm -rf "$1"
	mv "$tmp/linux-source-$KVER" "$1" || exit 1
}

# check_own_tree: refuse a KERNEL_SRC that kbuild cannot build out of tree.
check_own_tree() {
	[ -f "$KERNEL_SRC/Makefile" ] && [ -f "$KERNEL_SRC/lib/Kconfig" ] ||
		die "KERNEL_SRC=$KERNEL_SRC is not a kernel source tree: point it at the top of one"
	if [ -e "$KERNEL_SRC/.config" ] || [ -d "$KERNEL_SRC/include/config" ]; then
		die "KERNEL_SRC=$KERNEL_SRC has been built in place, and kbuild builds out of tree (O=) only from a clean tree: run make -C $KERNEL_SRC mrproper"
	fi
}

# The kernel tree to work on, on standard output, fetched when it is the
# default one.
kernel_tree() {
	if [ -n "${KERNEL_SRC:-}" ]; then
		check_own_tree
		(cd "$KERNEL_SRC" && pwd)
		return
	fi
	tree=$FLEX_ARRAY_CACHE/linux-source-$KVER
	[ "$CLIENTS" = 0 ] || tree=$tree-clients
	[ -f "$tree/Makefile" ] || (extract_source "$tree") || exit 1
	echo "$tree"
}

# The kernel version of a tree, as in its Makefile: "6.12".
tree_version() {
	sed -n 's/^VERSION = \([0-9]*\)$/\1/p; s/^PATCHLEVEL = \([0-9]*\)$/\1/p' \
		"$1/Makefile" | paste -sd. -
}

# The directory of the conversion patches for kernel version $1.
clients_dir() {
	dir=$REPO/tools/clients/patches/$1
	ls "$dir"/*.patch >/dev/null 2>&1 ||
		die "no conversion patches for Linux $1 in $REPO/tools/clients/patches"
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

# stock_release: the release of Debian's stock amd64 kernel that the
# distro-kernel checks use (tools/stock), "6.12.118+deb12-amd64", on
# standard output.  STOCK_RELEASE names one; by default it is the newest
# 6.12 one apt offers, which the metapackage linux-headers-6.12-amd64
# depends on.  Package lists are refreshed once when they know none.
stock_release() {
	local rel

	if [ -n "${STOCK_RELEASE:-}" ]; then
		echo "$STOCK_RELEASE"
		return
	fi
	rel=$(stock_newest)
	if [ -z "$rel" ] && [ "$(id -u)" = 0 ]; then
		apt-get update -q >/dev/null 2>&1
		rel=$(stock_newest)
	fi
	[ -n "$rel" ] ||
		die "apt offers no linux-headers-6.12-amd64, the metapackage of Debian's stock 6.12 kernel: add bookworm-security (or another suite with linux-6.12) to apt's sources and run apt-get update, or set STOCK_RELEASE=RELEASE"
	echo "$rel"
}

stock_newest() {
	apt-cache depends linux-headers-6.12-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-headers-\(6\.12\..*-amd64\)$/\1/p' |
		sort -V | tail -n 1
}

# ensure_stock_kernel RELEASE: the headers and the image of Debian's stock
# kernel RELEASE, installed as needed.  The image is the package
# linux-image-RELEASE-unsigned, installed with the headers: alone, they
# would have apt choose the signed image for their dependency on one.  An
# image of RELEASE already in /boot is kept, signed or not: the machine may
# boot the signed one under Secure Boot, and it is the same kernel with a
# UEFI signature, which QEMU boots the same way.
ensure_stock_kernel() {
	if [ -f "/boot/vmlinuz-$1" ]; then
		ensure_packages "linux-headers-$1"
	else
		ensure_packages "linux-headers-$1" "linux-image-$1-unsigned"
		[ -f "/boot/vmlinuz-$1" ] ||
			die "linux-image-$1-unsigned is installed, yet /boot/vmlinuz-$1 is missing: reinstall it (apt-get install --reinstall linux-image-$1-unsigned)"
	fi
}
