#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs the vfio-conformance suite on this machine and prints one TAP stream
# (through prove). See --help.
set -eu

root=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat <<USAGE
usage: ./run_tests.sh [options]

Runs the VFIO type1 conformance suite on this machine, installing the Debian
packages it needs first (as root; otherwise it names them and stops).

What runs today:
  abi_layout  this machine's ABI: every VFIO type1 struct, flag, cap ID and
              ioctl number of the installed uapi headers against the layout
              the kernel writes; known ABI deviations show as '# TODO'.
  live tier   needs /dev/vfio/vfio and a device bound to vfio-pci; the live
              checks and the virtual runners are not part of this version,
              so without a device it reports that it was not run.

options:
  --fixtures DIR   expectation fixtures (default: $root/fixtures)
  --build-dir DIR  where programs are built (default: $root/build)
  -v, --verbose    show every TAP line, not only prove's summary
  -h, --help       this text

exit status: 0 when every result passed (TODO results do not fail),
1 when a result failed or set-up failed, 2 on a usage error.
USAGE
}

fixtures=$root/fixtures
build=$root/build
verbose=
while [ $# -gt 0 ]; do
	case "$1" in
	--fixtures) [ $# -ge 2 ] || { usage >&2; exit 2; }; fixtures=$2; shift 2 ;;
	--build-dir) [ $# -ge 2 ] || { usage >&2; exit 2; }; build=$2; shift 2 ;;
	-v|--verbose) verbose=-v; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "run_tests.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
done

case "$(uname -m)" in
x86_64) abi=x86_64 ;;
i?86) abi=i386 ;;
aarch64) abi=arm64 ;;
armv7l|armv8l) abi=armhf ;;
s390x) abi=s390x ;;
*) echo "run_tests.sh: no build of the suite for machine '$(uname -m)'" >&2; exit 1 ;;
esac

[ -r "$fixtures/abi-deviations.ini" ] || {
	echo "run_tests.sh: $fixtures/abi-deviations.ini not found: pass --fixtures DIR" >&2
	exit 1
}

"$root/ci/install-deps.sh" build
make -C "$root" --no-print-directory -s BUILD="$build" "$build/$abi/tests/abi_layout"

echo "# kernel $(uname -r), ABI $abi, fixtures $fixtures" >&2
if [ ! -e /dev/vfio/vfio ]; then
	echo "# live tier not run: no /dev/vfio/vfio on this machine (no vfio-pci device)" >&2
fi
VFIO_CONFORMANCE_FIXTURES=$fixtures exec prove $verbose --exec "$root/ci/tap-exec" \
	"$build/$abi/tests/abi_layout"
