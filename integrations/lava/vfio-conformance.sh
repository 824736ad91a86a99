#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# LAVA test run script (Linaro test-definitions style): runs the installed
# kselftest collection vfio_type1 through the kernel's run_kselftest.sh
# and reports every result with lava-test-case, as
# vfio_type1.PROGRAM.TEST (pass, fail or skip; a known kernel defect,
# kselftest's XFAIL, is a pass whose reason is printed beside it), plus
# one result per program from the runner's own verdict.
#   vfio-conformance.sh [-p KSELFTEST_PATH] [-d "BDF..."] [-b] [-f OUTPUT]
#     -p  the installed kselftest tree (default /opt/kselftests)
#     -d  the devices to test (VFIO_CONFORMANCE_BDF); default: every device
#         bound to vfio-pci
#     -b  bind the -d devices to vfio-pci first and restore them after
#         (tools/bind-vfio.sh of this checkout)
#     -f  report an existing run_kselftest.sh output instead of running
set -eu

path=/opt/kselftests bdfs='' bind='' output=''
while getopts "p:d:bf:" opt; do
	case "$opt" in
	p) path=$OPTARG ;;
	d) bdfs=$OPTARG ;;
	b) bind=1 ;;
	f) output=$OPTARG ;;
	*) echo "usage: $0 [-p KSELFTEST_PATH] [-d \"BDF...\"] [-b] [-f OUTPUT]" >&2; exit 2 ;;
	esac
done

report() {	# NAME pass|fail|skip
	if command -v lava-test-case >/dev/null 2>&1; then
		lava-test-case "$1" --result "$2"
	else
		echo "<TEST_CASE_ID=$1 RESULT=$2>"
	fi
}

if [ -z "$output" ]; then
	output=$(mktemp)
	trap 'rm -f "$output"' EXIT
	if [ -n "$bind" ] && [ -n "$bdfs" ]; then
		# shellcheck disable=SC2086 # a list of addresses
		bind_vfio=$(cd "$(dirname "$0")/../../tools" && pwd)/bind-vfio.sh
		"$bind_vfio" $bdfs
		trap '"$bind_vfio" --restore; rm -f "$output"' EXIT
	fi
	(cd "$path" && VFIO_CONFORMANCE_BDF=$bdfs ./run_kselftest.sh -c vfio_type1) > "$output" 2>&1 || true
	cat "$output"
fi

# The runner's KTAP: "# ok N TEST" lines inside, "ok N selftests: vfio_type1:
# PROGRAM" closing each program.
awk '
	/^# selftests: vfio_type1: / { prog = $4; next }
	/^# (not )?ok [0-9]+ / && prog != "" {
		line = substr($0, 3)
		ok = (line ~ /^ok /)
		sub(/^(not )?ok [0-9]+ /, "", line)
		name = line; sub(/ # .*/, "", name); sub("^" prog "[.]", "", name)
		verdict = !ok ? "fail" : (line ~ / # SKIP/) ? "skip" : "pass"
		if (line ~ / # XFAIL /) { reason = line; sub(/.* # XFAIL /, "", reason); print "# known defect: " name ": " reason }
		print "case vfio_type1." prog "." name " " verdict
		next
	}
	/^(not )?ok [0-9]+ selftests: vfio_type1: / {
		verdict = ($1 == "not") ? "fail" : ($0 ~ / # SKIP/) ? "skip" : "pass"
		name = $0; sub(/.*selftests: vfio_type1: /, "", name); sub(/ .*/, "", name)
		print "case vfio_type1." name " " verdict
		prog = ""
	}
' "$output" | while read -r kind name verdict; do
	case "$kind" in
	case) report "$name" "$verdict" ;;
	*) echo "$kind $name $verdict" ;;
	esac
done
