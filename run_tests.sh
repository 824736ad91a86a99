#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs the vfio-conformance suite and prints its TAP through prove: on this
# machine's VFIO devices, or inside virtual runners (QEMU lanes). See --help.
set -eu

root=$(cd "$(dirname "$0")" && pwd)
default_lane=vtd-6.1

usage() {
	cat <<USAGE
usage: ./run_tests.sh [options]

Runs the VFIO type1 conformance suite, installing the Debian packages it
needs first (as root; otherwise it names them and stops).

Where it runs:
  (default)        on this machine when /dev/vfio/vfio exists (devices bound
                   to vfio-pci); otherwise, saying so, in the virtual runner
                   $default_lane
  --host-only      on this machine only, never a virtual runner
  --vm LANE        in virtual runner LANE (QEMU under TCG booting a Debian
                   kernel with an emulated IOMMU); repeatable; 'all' runs
                   every lane, in parallel up to the core count
  --list-lanes     print the lanes and exit

Virtual runner options:
  --modules DIR    .ko files in DIR replace the lane kernel's modules of the
                   same name (e.g. a vfio_iommu_type1.ko you built)
  --kernel FILE    boot this kernel package (.deb for the lane's
                   architecture) instead of the lane's Debian kernel
  --timeout SECS   stop a lane that has not finished after SECS (300)

Other options:
  --fixtures DIR   expectation fixtures (default: $root/fixtures)
  --build-dir DIR  where programs are built (default: $root/build)
  -v, --verbose    show every TAP line, not only prove's summary
  -h, --help       this text

What the suite checks today: abi_layout (every VFIO type1 struct, flag, cap
ID and ioctl number of the uapi headers against the layout the kernel
writes; known ABI deviations show as '# TODO'), in each lane after binding
QEMU's edu device to vfio-pci, with a check that the kernel log stayed free
of warnings and oopses.

Exit status: 0 when every result passed (TODO results do not fail), 1 when
a result failed or set-up failed, 2 on a usage error.
USAGE
}

list_lanes() {
	for f in "$root"/ci/lanes/*; do
		printf '%-18s %s\n' "${f##*/}" "$(sed -n '1s/^# //p' "$f")"
	done
}

need_value() { [ $# -ge 2 ] || { echo "run_tests.sh: $1 needs a value" >&2; usage >&2; exit 2; }; }

fixtures=$root/fixtures
build=$root/build
verbose=
host_only=
lanes=()
while [ $# -gt 0 ]; do
	case "$1" in
	--host-only) host_only=1; shift ;;
	--vm) need_value "$@"; lanes+=("$2"); shift 2 ;;
	--list-lanes) list_lanes; exit 0 ;;
	--modules) need_value "$@"; export VFIO_CONFORMANCE_MODULES; VFIO_CONFORMANCE_MODULES=$(readlink -f "$2"); shift 2 ;;
	--kernel) need_value "$@"; export VFIO_CONFORMANCE_KERNEL_DEB; VFIO_CONFORMANCE_KERNEL_DEB=$(readlink -f "$2"); shift 2 ;;
	--timeout) need_value "$@"; export VFIO_CONFORMANCE_LANE_TIMEOUT=$2; shift 2 ;;
	--fixtures) need_value "$@"; fixtures=$(readlink -f "$2"); shift 2 ;;
	--build-dir) need_value "$@"; build=$(readlink -f "$2"); shift 2 ;;
	-v|--verbose) verbose=-v; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "run_tests.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
done

die() { echo "run_tests.sh: $*" >&2; exit 1; }

[ -r "$fixtures/abi-deviations.ini" ] ||
	die "$fixtures/abi-deviations.ini not found: pass --fixtures DIR"
case "${VFIO_CONFORMANCE_LANE_TIMEOUT:-300}" in
''|*[!0-9]*) die "--timeout takes whole seconds, not '$VFIO_CONFORMANCE_LANE_TIMEOUT'" ;;
esac
if [ -n "${VFIO_CONFORMANCE_MODULES:-}" ]; then
	ls "$VFIO_CONFORMANCE_MODULES"/*.ko >/dev/null 2>&1 ||
		die "--modules: no .ko files in $VFIO_CONFORMANCE_MODULES"
fi
if [ -n "${VFIO_CONFORMANCE_KERNEL_DEB:-}" ]; then
	[ -r "$VFIO_CONFORMANCE_KERNEL_DEB" ] || die "--kernel: $VFIO_CONFORMANCE_KERNEL_DEB not found"
fi

run_host() {
	local abi
	case "$(uname -m)" in
	x86_64) abi=x86_64 ;;
	i?86) abi=i386 ;;
	aarch64) abi=arm64 ;;
	armv7l|armv8l) abi=armhf ;;
	s390x) abi=s390x ;;
	*) die "no build of the suite for machine '$(uname -m)'" ;;
	esac
	"$root/ci/install-deps.sh" build
	make -C "$root" --no-print-directory -s BUILD="$build" programs
	echo "# host run: kernel $(uname -r), ABI $abi, fixtures $fixtures" >&2
	local programs=()
	for t in "$build/$abi/tests/"*; do
		case "${t##*/}" in unit_*) ;; *) programs+=("$t") ;; esac
	done
	VFIO_CONFORMANCE_FIXTURES=$fixtures exec prove $verbose \
		--exec "$root/ci/tap-exec" "${programs[@]}"
}

run_lanes() {
	local files=() l
	for l in "$@"; do
		if [ "$l" = all ]; then
			files+=("$root"/ci/lanes/*)
		elif [ -f "$root/ci/lanes/$l" ]; then
			files+=("$root/ci/lanes/$l")
		else
			echo "run_tests.sh: no lane '$l'; the lanes are:" >&2
			list_lanes >&2
			exit 2
		fi
	done
	"$root/ci/install-deps.sh" lanes
	make -C "$root" --no-print-directory -s BUILD="$build" programs
	VFIO_CONFORMANCE_BUILD=$build VFIO_CONFORMANCE_FIXTURES=$fixtures \
		exec prove $verbose -j"$(nproc)" --exec "$root/ci/lane-run" "${files[@]}"
}

if [ ${#lanes[@]} -gt 0 ]; then
	[ -z "$host_only" ] || { echo "run_tests.sh: --host-only and --vm exclude each other" >&2; exit 2; }
	run_lanes "${lanes[@]}"
elif [ -e /dev/vfio/vfio ] || [ -n "$host_only" ]; then
	run_host
else
	echo "run_tests.sh: no /dev/vfio/vfio here (no device bound to vfio-pci):" \
	     "running the suite in the virtual runner $default_lane instead" \
	     "(--host-only to refuse, --vm LANE to choose)" >&2
	run_lanes "$default_lane"
fi
