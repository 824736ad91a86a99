#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The order ci/pool starts its jobs in (longest_first in tools/lib.sh): by
# each job's last time, longest first; on a machine that never timed them,
# the lanes that build a kernel first, the variant batches next, the rest
# as given; a job never timed goes before every timed one.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=ci/tap.sh
tap_prefix=pool_order.
. "$root/ci/tap.sh"
export VFIO_CONFORMANCE_CACHE=$tmp/cache
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"
cd "$root"

jobs=(lanes/vtd-6.1 ci/lane-selftest/robustness.t lanes/zpci-6.1
      ci/negative/variants@vtd-6.1 lanes/iommufd-7.2 ci/lava/check.t)
# order_is NAME WANT...: longest_first of the jobs is WANT
order_is() {
	local name=$1 got
	shift
	got=$(longest_first "${jobs[@]}" | tr '\n' ' ')
	[ "$got" = "$* " ] && result ok "$name" ||
		result "not ok" "$name" "want: $*" "got:  $got"
}
timed() {	# timed JOB SECONDS
	mkdir -p "$(dirname "$(seconds_file "$1")")"
	echo "$2" > "$(seconds_file "$1")"
}

echo "TAP version 13"
echo "1..3"
order_is kernel_builds_then_batches_when_never_timed \
	lanes/zpci-6.1 lanes/iommufd-7.2 ci/negative/variants@vtd-6.1 \
	lanes/vtd-6.1 ci/lane-selftest/robustness.t ci/lava/check.t
for job in "${jobs[@]}"; do timed "$job" 10; done
timed ci/lava/check.t 300
timed lanes/zpci-6.1 5
order_is longest_last_time_first \
	ci/lava/check.t lanes/vtd-6.1 ci/lane-selftest/robustness.t \
	ci/negative/variants@vtd-6.1 lanes/iommufd-7.2 lanes/zpci-6.1
rm "$(seconds_file ci/lane-selftest/robustness.t)"
order_is a_job_never_timed_goes_first \
	ci/lane-selftest/robustness.t ci/lava/check.t lanes/vtd-6.1 \
	ci/negative/variants@vtd-6.1 lanes/iommufd-7.2 lanes/zpci-6.1
exit "$tap_failed"
