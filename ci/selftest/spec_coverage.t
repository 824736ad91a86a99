#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every assertion of the specification (../shared/SPEC.md, or
# $VFIO_CONFORMANCE_SPEC) is named by a test (A37, or within a range
# A18-A25, in tests/), or listed in tests/spec-coverage.txt with why; one
# result per assertion, a not-yet one as TODO.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
spec=${VFIO_CONFORMANCE_SPEC:-$root/../shared/SPEC.md}
listed=$root/tests/spec-coverage.txt

echo "TAP version 13"
if [ ! -r "$spec" ]; then
	echo "1..0 # SKIP no specification at $spec"
	exit 0
fi
mapfile -t assertions < <(grep -oE '^[0-9]{1,3}\. \[' "$spec" | cut -d. -f1 | sort -un)
# every A-number the tests name, ranges spelled out
named=$(grep -rhoE '\bA[0-9]{1,3}([-–]A[0-9]{1,3})?\b' "$root/tests" --include='*.c' --include='*.h' |
	awk -F'[-–]' '{ a = substr($1, 2) + 0; b = (NF > 1) ? substr($2, 2) + 0 : a
		for (i = a; i <= b; i++) print i }' | sort -un)
echo "1..${#assertions[@]}"
n=0
for a in "${assertions[@]}"; do
	n=$((n + 1))
	entry=$(awk -F'\t' -v a="A$a" '$1 == a { print $2 "\t" $3 }' "$listed")
	if grep -qx "$a" <<<"$named"; then
		if [ -n "$entry" ]; then
			echo "not ok $n spec.A$a # named by a test and still listed in tests/spec-coverage.txt"
		else
			echo "ok $n spec.A$a"
		fi
	elif [ -z "$entry" ]; then
		echo "not ok $n spec.A$a # no test names it and tests/spec-coverage.txt does not say why"
	elif [ "${entry%%	*}" = not-applicable ]; then
		echo "ok $n spec.A$a # SKIP not applicable: ${entry#*	}"
	else
		echo "not ok $n spec.A$a # TODO ${entry#*	}"
	fi
done
