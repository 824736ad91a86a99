#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Bad input gets one clear sentence and the documented exit status.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

# expect NAME STATUS PATTERN COMMAND...: COMMAND exits STATUS and its
# output has a line matching PATTERN.
expect() {
	local name=$1 want=$2 pattern=$3 out status=0
	shift 3
	n=$((n + 1))
	out=$("$@" 2>&1) || status=$?
	if [ "$status" -eq "$want" ] && grep -q -- "$pattern" <<<"$out"; then
		echo "ok $n bad_input.$name"
	else
		echo "not ok $n bad_input.$name"
		echo "# want exit $want and '$pattern'; exit $status, saw:"
		printf '%s\n' "$out" | head -n 5 | sed 's/^/# /'
	fi
}

echo "TAP version 13"
echo "1..13"
expect unknown_option_is_usage_error 2 "unknown option '--frobnicate'" \
	"$root/run_tests.sh" --frobnicate
expect option_without_value_is_usage_error 2 '^usage:' \
	"$root/run_tests.sh" --fixtures
expect help_documents_every_option 0 '--build-dir DIR' \
	"$root/run_tests.sh" --help
expect missing_fixtures_are_named 1 "$tmp/none/abi-deviations.ini not found" \
	"$root/run_tests.sh" --fixtures "$tmp/none"
expect missing_harness_source_is_named 1 \
	"install the kselftest harness with 'apt-get install linux-source-6.12', or set KSFT_DIR" \
	"$root/tools/linux-source-extract.sh" "$tmp/linux-source-6.12.tar.xz" "$tmp/out"
expect unknown_lane_lists_the_lanes 2 "no lane 'nope'; the lanes are:" \
	"$root/run_tests.sh" --vm nope
expect host_only_and_vm_exclude_each_other 2 "--vm runs in a virtual runner; --host-only and --device run here" \
	"$root/run_tests.sh" --host-only --vm vtd-6.1
expect timeout_must_be_seconds 1 "--timeout takes whole seconds, not '5m'" \
	"$root/run_tests.sh" --vm vtd-6.1 --timeout 5m
expect modules_dir_without_modules_is_named 1 "--modules: no .ko files in $tmp" \
	"$root/run_tests.sh" --vm vtd-6.1 --modules "$tmp"
expect missing_kernel_package_is_named 1 "--kernel: $tmp/linux.deb not found" \
	"$root/run_tests.sh" --vm vtd-6.1 --kernel "$tmp/linux.deb"
expect missing_device_is_named 1 "0000:7f:1f.7: no such PCI device" \
	"$root/run_tests.sh" --host-only --device 0000:7f:1f.7
expect device_on_another_driver_says_how_to_bind 1 "is bound to .*, not vfio-pci: bind it with tools/bind-vfio.sh" \
	"$root/run_tests.sh" --host-only --device "$(ls /sys/bus/pci/devices | head -n 1)"
expect bind_needs_a_device 1 "--bind needs --device BDF" \
	"$root/run_tests.sh" --bind
