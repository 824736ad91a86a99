#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Times each lane, median of 3: the suite run against a bare boot of the
# same lane (boot, modules, bind, power off), and all lanes together in
# parallel as `--vm all` runs them, against the floor the cores allow (the
# lanes' bare boots summed, over the core count). Prints a table; targets
# are issue targets (each lane <= 1.5x bare; all lanes <= 1.5x the floor),
# printed, not asserted.
#   bench-lanes.sh LANE...
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${BENCH_RUNS:-3}

seconds() {	# command... -> wall seconds, failing if the lane failed
	local start end
	start=$(date +%s.%N)
	"$@" > /dev/null || { echo "bench: '$*' failed" >&2; return 1; }
	end=$(date +%s.%N)
	echo "$end - $start" | bc
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '%-18s %10s %10s %7s\n' lane bare_s suite_s ratio
bare_sum=0
for lane in "$@"; do
	bare=() suite=()
	for _ in $(seq "$runs"); do
		bare+=("$(VFIO_CONFORMANCE_BARE=1 seconds "$root/vm/run-lane" "$root/lanes/$lane")")
		suite+=("$(seconds "$root/vm/run-lane" "$root/lanes/$lane")")
	done
	b=$(median "${bare[@]}") s=$(median "${suite[@]}")
	bare_sum=$(echo "$bare_sum + $b" | bc -l)
	printf '%-18s %10.2f %10.2f %7.2f\n' "$lane" "$b" "$s" "$(echo "$s / $b" | bc -l)"
done
all=()
files=()
for lane in "$@"; do files+=("$root/lanes/$lane"); done
for _ in $(seq "$runs"); do
	all+=("$(seconds prove -j"$(nproc)" --exec "$root/vm/run-lane" "${files[@]}")")
done
floor=$(echo "$bare_sum / $(nproc)" | bc -l) a=$(median "${all[@]}")
printf '%-18s %10.2f %10.2f %7.2f   (%d lanes, prove -j%d; bare: their bare boots summed / %d cores)\n' \
	all-parallel "$floor" "$a" "$(echo "$a / $floor" | bc -l)" $# "$(nproc)" "$(nproc)"
