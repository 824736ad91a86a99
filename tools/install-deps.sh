#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Makes sure the Debian packages a tier needs are installed, installing the
# missing ones when run as root. Changes nothing when all are present.
#   tools/install-deps.sh host [BUILD]  this machine's ABI only: what
#                                 ./run_tests.sh needs to build and run the
#                                 suite here (no harness source when BUILD
#                                 already holds the harness)
#   tools/install-deps.sh build   compilers, harness source, libraries
#   tools/install-deps.sh unit    build + what the offline tier runs with
#   tools/install-deps.sh lanes   build + what the virtual runners need
#   tools/install-deps.sh --list TIER   the packages, installing nothing
# Every ABI of abis.tsv gets its cross compiler and libraries (but host).
set -eu
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/lib.sh"

host_arch=$(dpkg --print-architecture)
FOREIGN_ARCHES=$(for abi in $(abi_list); do
	a=$(abi_field "$abi" debian)
	[ "$a" = "$host_arch" ] || echo "$a"
done)

host_packages() {
	echo make gcc libc6-dev perl xz-utils libinih-dev libpci-dev
	[ -n "${KSFT_DIR:-}" ] || [ -f "${1:-}/ksft/kselftest_harness.h" ] || echo linux-source-6.12
}

build_packages() {
	local abi a cc
	host_packages
	# eleven flavours, rebuilt from the compiler's cache in a clean checkout
	echo ccache
	for abi in $(abi_list); do
		a=$(abi_field "$abi" debian) cc=$(abi_field "$abi" cc)
		# the host's own triplet compiler comes with gcc
		[ "$a" = "$host_arch" ] ||
			echo "gcc-${cc%-gcc} libc6-dev-$a-cross linux-libc-dev-$a-cross libinih-dev:$a"
	done
}

packages_for() {
	case "$1" in
	host) host_packages "${2:-}" ;;
	build) build_packages ;;
	unit) build_packages; echo qemu-user-static shellcheck libtap-harness-junit-perl python3-jsonschema ;;
	lanes)
		build_packages
		echo qemu-system-x86 qemu-system-arm qemu-system-misc cpio kmod bc util-linux gzip
		echo xz-utils zstd lz4 binutils file rpm2cpio rpm
		# building lane kernels (libelf: objtool, on x86_64)
		echo patch flex bison libelf-dev mmdebstrap
		;;
	lava) echo lava-dispatcher python3-jinja2 ;;
	fuzz) echo clang libclang-rt-14-dev ;;
	*) echo "usage: $0 [--list] host|build|unit|lanes|lava|fuzz" >&2; exit 2 ;;
	esac
}

if [ "${1:-}" = --list ]; then
	packages_for "${2:-}" "${3:-}" | tr '\n' ' '
	echo
	exit 0
fi
wanted=$(packages_for "${1:-}" "${2:-}")
# One dpkg-query for them all, not one each: in the host lane's TCG guest
# each took about 0.4 s, and run_tests.sh asks three times. A package is
# installed when its status is "ii"; a bare name is the host's
# architecture's package or an Architecture: all one.
missing=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}:${Architecture}\n' 2>/dev/null |
	awk -v host="$host_arch" -v wanted="$wanted" '
	$1 == "ii" { have[$2] = 1; split($2, p, ":"); if (p[2] == host || p[2] == "all") have[p[1]] = 1 }
	END { n = split(wanted, w, /[ \n]+/)
		for (i = 1; i <= n; i++) if (w[i] != "" && !have[w[i]]) printf " %s", w[i] }')
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "error: missing Debian packages:$missing; run this as root, or" \
	     "install them: sudo dpkg --add-architecture {$(echo "$FOREIGN_ARCHES" | tr '\n' , | sed 's/,$//')} &&" \
	     "sudo apt-get update && sudo apt-get install$missing" >&2
	exit 1
fi

echo "installing missing Debian packages:$missing"
for a in $FOREIGN_ARCHES; do
	dpkg --print-foreign-architectures | grep -qx "$a" || dpkg --add-architecture "$a"
done
# a foreign index caught mid-sync must not stop the install of the others
apt-get update -qq || echo "warning: apt-get update reported errors; using the lists it has" >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
