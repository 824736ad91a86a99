#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs the vfio-conformance suite and prints its TAP through prove: on this
# machine's VFIO devices, or inside virtual runners (QEMU lanes). See --help.
set -eu

# shellcheck source=tools/lib.sh
. "$(dirname "$0")/tools/lib.sh"
root=$vfioc_root
default_lane=vtd-6.1

# The live test programs, from their sources: never a list kept by hand.
live_programs() {
	local f
	for f in "$root"/tests/*.c; do
		f=${f##*/}
		case "$f" in abi_layout*) ;; *) printf '%s ' "${f%.c}" ;; esac
	done
	echo
}

usage() {
	cat <<USAGE
usage: ./run_tests.sh [options]

Runs the VFIO type1 conformance suite, installing the Debian packages it
needs first (as root; otherwise it names them and stops).

Where it runs:
  (default)        on this machine's devices bound to vfio-pci, one run per
                   IOMMU group; with none, saying so, in the virtual runner
                   $default_lane
  --device BDF     the device to test on this machine (repeatable; also
                   \$VFIO_CONFORMANCE_BDF, space-separated)
  --bind           bind the --device(s) to vfio-pci first (tools/bind-vfio.sh,
                   as root) and put them back on their drivers afterwards
  --host-only      on this machine only, never a virtual runner
  --vm LANE        in virtual runner LANE (QEMU under TCG booting a Debian
                   kernel with an emulated IOMMU); repeatable; 'all' runs
                   every lane, in parallel up to the core count
  --list-lanes     print the lanes and exit
  --check-host     say what this machine offers the suite and change nothing:
                   the IOMMU, MSI isolation, every IOMMU group with its
                   devices, drivers and reserved regions, the platform
                   fixture, and what would be tested or skipped, and why

Virtual runner options:
  --modules DIR    .ko files in DIR replace the lane kernel's modules of the
                   same name (e.g. a vfio_iommu_type1.ko you built)
  --kernel INPUT   boot this kernel instead of the lane's (repeatable, for
                   packages that go together): .deb packages (Debian,
                   usr-merged, split linux-binary + linux-modules, Ubuntu
                   linux-image + linux-modules [+ -extra]), .rpm packages
                   (kernel-core + kernel-modules[-core], kernel-default), a
                   directory of them, or a kernel build tree
  --timeout SECS   stop a lane that has not finished after SECS (300)

Other options:
  --record FILE    after the run, write a platform fixture of what this
                   kernel reports (page sizes, reserved windows) to FILE, to
                   check the next kernel against with --fixture FILE
                   (a host run, or a single --vm LANE)
  --fixture FILE   this platform fixture instead of the one detected
  --fixtures DIR   expectation fixtures (default: $root/fixtures)
  --build-dir DIR  where programs are built (default: $root/build)
  --results DIR    where the run leaves each program's TAP and exit status
                   (RUNNER/PROGRAM.tap, .status) and each lane's console
                   log and times (default: results/DATE-TIME)
  --junit FILE     after the run, JUnit XML of it: a suite per program
  --kcidb FILE     after the run, KCIDB v5.3 tests[] of it (origin from
                   \$VFIO_CONFORMANCE_KCIDB_ORIGIN, default vfio_conformance)
  -v, --verbose    show every TAP line, not only prove's summary
  -h, --help       this text

What the suite checks: abi_layout (the uapi headers' layout against the
kernel's; known ABI deviations show as '# TODO'), and on a container with
the device's group, on every backend present (type1 v2 and v1; iommufd's
compat container; README.md's backend table):
$(live_programs | fmt -w 72 | sed 's/^/  /')
(README.md says what each covers.) In a lane it also checks that the
kernel log stayed free of warnings and oopses and that the devices went
back to their drivers.

Exit status: 0 when every result passed (TODO results do not fail), 1 when
a result failed or set-up failed, 2 on a usage error.
USAGE
}

list_lanes() {
	for f in "$root"/lanes/*; do
		[ -f "$f" ] || continue
		printf '%-18s %s\n' "${f##*/}" "$(sed -n '1s/^# //p' "$f")"
	done
}

need_value() { [ $# -ge 2 ] || { echo "run_tests.sh: $1 needs a value" >&2; usage >&2; exit 2; }; }

fixtures=$root/fixtures
build=$root/build
results=results/$(date +%Y%m%d-%H%M%S)
junit=
kcidb=
check_host=
kernel=()
verbose=
host_only=
bind=
devices=${VFIO_CONFORMANCE_BDF:-}
lanes=()
while [ $# -gt 0 ]; do
	case "$1" in
	--host-only) host_only=1; shift ;;
	--device) need_value "$@"; devices="$devices $2"; shift 2 ;;
	--bind) bind=1; shift ;;
	--record) need_value "$@"; export VFIO_CONFORMANCE_RECORD; VFIO_CONFORMANCE_RECORD=$(readlink -f "$2"); shift 2 ;;
	--fixture) need_value "$@"; export VFIO_CONFORMANCE_FIXTURE; VFIO_CONFORMANCE_FIXTURE=$(readlink -f "$2"); shift 2 ;;
	--vm) need_value "$@"; lanes+=("$2"); shift 2 ;;
	--list-lanes) list_lanes; exit 0 ;;
	--check-host) check_host=1; shift ;;
	--modules) need_value "$@"; export VFIO_CONFORMANCE_MODULES; VFIO_CONFORMANCE_MODULES=$(readlink -f "$2"); shift 2 ;;
	--kernel) need_value "$@"; kernel+=("$(readlink -f "$2")"); shift 2 ;;
	--timeout) need_value "$@"; export VFIO_CONFORMANCE_LANE_TIMEOUT=$2; shift 2 ;;
	--fixtures) need_value "$@"; fixtures=$(readlink -f "$2"); shift 2 ;;
	--build-dir) need_value "$@"; build=$(readlink -f "$2"); shift 2 ;;
	--results) need_value "$@"; results=$2; shift 2 ;;
	--junit) need_value "$@"; junit=$2; shift 2 ;;
	--kcidb) need_value "$@"; kcidb=$2; shift 2 ;;
	-v|--verbose) verbose=-v; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "run_tests.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
done


[ -r "$fixtures/abi-deviations.ini" ] ||
	die "$fixtures/abi-deviations.ini not found: pass --fixtures DIR"
case "${VFIO_CONFORMANCE_LANE_TIMEOUT:-300}" in
''|*[!0-9]*) die "--timeout takes whole seconds, not '$VFIO_CONFORMANCE_LANE_TIMEOUT'" ;;
esac
if [ -n "${VFIO_CONFORMANCE_MODULES:-}" ]; then
	ls "$VFIO_CONFORMANCE_MODULES"/*.ko >/dev/null 2>&1 ||
		die "--modules: no .ko files in $VFIO_CONFORMANCE_MODULES"
fi
if [ -n "${VFIO_CONFORMANCE_FIXTURE:-}" ]; then
	[ -r "$VFIO_CONFORMANCE_FIXTURE" ] || die "--fixture: $VFIO_CONFORMANCE_FIXTURE not found"
fi
[ -z "$bind" ] || [ -n "$devices" ] || die "--bind needs --device BDF: which devices to bind"
if [ -n "${VFIO_CONFORMANCE_RECORD:-}" ]; then
	[ -d "$(dirname "$VFIO_CONFORMANCE_RECORD")" ] || die "--record: no directory for $VFIO_CONFORMANCE_RECORD"
	[ "${#lanes[@]}" -le 1 ] && [ "${lanes[0]:-}" != all ] || die "--record takes one lane at a time"
fi
for k in "${kernel[@]}"; do
	[ -e "$k" ] || die "--kernel: $k not found"
done
if [ ${#kernel[@]} -gt 0 ]; then
	export VFIO_CONFORMANCE_KERNEL
	VFIO_CONFORMANCE_KERNEL=$(printf '%s\n' "${kernel[@]}")
fi

host_abi() {
	local abi
	abi=$(abi_of_machine)
	[ -n "$abi" ] || die "no build of the suite for machine '$(uname -m)' (abis.tsv)"
	echo "$abi"
}

# Every program, its TAP and exit status recorded in DIR as a lane records
# them, with VFIO_CONFORMANCE_BDF=BDFS (the first device's group is the
# one under test; the others serve the tests that need a second group).
record_programs() {
	local dir=$1 bdfs=$2 abi t
	abi=$(host_abi)
	mkdir -p "$dir"
	for t in "$build/$abi/tests/"*; do
		VFIO_CONFORMANCE_BDF=$bdfs VFIO_CONFORMANCE_FIXTURES=$fixtures "$t" \
			> "$dir/${t##*/}.tap" 2>&1
		echo $? > "$dir/${t##*/}.status"
	done
}

# The suite once per IOMMU group of the devices (BDF VENDOR:DEVICE DRIVER
# GROUP NAME lines of vfio-devices), into RESULTS/host-groupN/, then read
# by prove; with no device, once, where the live programs report one SKIP
# each.
run_host() {
	local devices=$1 group bdfs status=0
	echo "# host run: kernel $(uname -r), ABI $(host_abi), fixtures $fixtures, results $results" >&2
	if [ -z "$devices" ]; then
		echo "# no device bound to vfio-pci: the live programs will skip" >&2
		record_programs "$results/host" ""
	fi
	for group in $(awk '{ print $4 }' <<<"$devices" | sort -un); do
		awk -v g="$group" '$4 == g { d = $1 " [" $2 "]"; $1 = $2 = $3 = $4 = "";
			sub(/^ +/, ""); print "# group " g ": device " d " " $0 }' <<<"$devices" >&2
		bdfs="$(awk -v g="$group" '$4 == g { print $1 }' <<<"$devices" | tr '\n' ' ')"
		bdfs="$bdfs$(awk -v g="$group" '$4 != g { print $1 }' <<<"$devices" | tr '\n' ' ')"
		record_programs "$results/host-group$group" "$bdfs"
	done
	# shellcheck disable=SC2086 # $verbose is one option or none
	prove $verbose --exec "$root/tools/tap-exec" "$results"/host*/*.tap || status=1
	if [ -n "${VFIO_CONFORMANCE_RECORD:-}" ]; then
		bdfs=$(awk '{ print $1; exit }' <<<"$devices")
		if VFIO_CONFORMANCE_BDF=$bdfs "$build/$(host_abi)/tools/record-fixture" > "$VFIO_CONFORMANCE_RECORD.tmp"; then
			mv "$VFIO_CONFORMANCE_RECORD.tmp" "$VFIO_CONFORMANCE_RECORD"
			echo "# recorded $VFIO_CONFORMANCE_RECORD from $bdfs" >&2
		else
			status=1
		fi
	fi
	return $status
}

# --junit and --kcidb, from what the run left in RESULTS.
write_reports() {
	[ -z "$junit" ] || "$root/tools/results-report" junit "$results" "$junit" ||
		die "could not write the JUnit file $junit"
	[ -z "$kcidb" ] || "$root/tools/results-report" kcidb "$results" "$kcidb" \
		"${VFIO_CONFORMANCE_KCIDB_ORIGIN:-vfio_conformance}" "$(basename "$results")" ||
		die "could not write the KCIDB file $kcidb"
	[ -z "$junit$kcidb" ] || echo "# reports: ${junit:+JUnit $junit }${kcidb:+KCIDB $kcidb}" >&2
}

# The devices to test, as the library chooses them (tools/vfio-devices):
# those named, each of which must be on vfio-pci, else every device bound
# to vfio-pci.
host_devices() {
	# shellcheck disable=SC2086 # a list of addresses
	"$build/host/vfio-devices" $devices || exit 1
}

bind_devices() {
	[ "$(id -u)" -eq 0 ] || die "--bind changes driver bindings: run as root"
	export VFIO_CONFORMANCE_BIND_STATE
	VFIO_CONFORMANCE_BIND_STATE=$(mktemp -u "${TMPDIR:-/tmp}/vfioc-bound.XXXXXX")
	trap '"$root/tools/bind-vfio.sh" --restore >&2' EXIT
	trap 'exit 130' INT TERM
	"$root/tools/bind-vfio.sh" $devices >&2
}

run_lanes() {
	local files=() l f
	for l in "$@"; do
		if [ "$l" = all ]; then
			for f in "$root"/lanes/*; do [ ! -f "$f" ] || files+=("$f"); done
		elif [ -f "$root/lanes/$l" ]; then
			files+=("$root/lanes/$l")
		else
			echo "run_tests.sh: no lane '$l'; the lanes are:" >&2
			list_lanes >&2
			exit 2
		fi
	done
	"$root/tools/install-deps.sh" lanes
	make -C "$root" --no-print-directory -s BUILD="$build" programs
	# shellcheck disable=SC2086 # $verbose is one option or none
	VFIO_CONFORMANCE_BUILD=$build VFIO_CONFORMANCE_FIXTURES=$fixtures \
		"$root/vm/run-lanes" $verbose "$results" "${files[@]}"
}

# The run's own status: 0 all passed, 1 a failure (prove's word).
finish() {
	local status=$1
	write_reports
	exit "$status"
}

if [ ${#lanes[@]} -gt 0 ]; then
	[ -z "$host_only$devices" ] ||
		{ echo "run_tests.sh: --vm runs in a virtual runner; --host-only and --device run here" >&2; exit 2; }
	status=0
	run_lanes "${lanes[@]}" || status=1
	finish "$status"
fi
"$root/tools/install-deps.sh" host "$build"
make -C "$root" --no-print-directory -s BUILD="$build" host-programs
[ -z "$check_host" ] || exec "$build/$(host_abi)/tools/check-host" "$fixtures"
[ -z "$bind" ] || bind_devices
found=$(host_devices)
status=0
if [ -n "$found" ] || [ -n "$host_only" ]; then
	run_host "$found" || status=1
else
	echo "run_tests.sh: no device is bound to vfio-pci here: running the suite" \
	     "in the virtual runner $default_lane instead (--host-only to refuse," \
	     "--vm LANE to choose, --device BDF --bind to use one of this machine's)" >&2
	run_lanes "$default_lane" || status=1
fi
finish "$status"
