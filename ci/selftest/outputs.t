#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every output says the same of the same results: a failing, a skipping,
# an expected-failure (known defect) result and a program with nothing
# applicable, read by prove (through tools/tap-exec), by the kernel's own
# run_kselftest.sh (from the exit statuses), in the JUnit file and in the
# KCIDB file, which must also validate against the KCIDB schema.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$root/build}
schema=${VFIO_CONFORMANCE_KCIDB_SCHEMA:-$root/../shared/kcidb/v05_03.schema.json}
# shellcheck source=ci/tap.sh
tap_prefix=outputs.
. "$root/ci/tap.sh"

# program NAME STATUS TAP-LINES...: one program's recorded results
program() {
	local name=$1 status=$2
	shift 2
	printf '%s\n' "TAP version 13" "$@" > "$tmp/results/lane-a/$name.tap"
	echo "$status" > "$tmp/results/lane-a/$name.status"
}
mkdir -p "$tmp/results/lane-a"
program mixed 1 "1..3" \
	"# device 0000:00:01.0 [1234:11e8] group 1 behind dmar0; kernel 6.1.0-56-amd64 x86_64" \
	"ok 1 mixed.type1v2.passes" \
	"# tests/mixed.c:10:fails:Expected 0 (0) == size (4096)" \
	"not ok 2 mixed.type1v2.fails" \
	"ok 3 mixed.type1v2.skips # SKIP needs root"
program known 0 "1..2" "ok 1 known.type1v2.passes" \
	"ok 2 known.type1v2.defect # XFAIL last page refused: s390-iommu before a4d996c2c4b5 (6.2)"
program nothing 4 "1..0 # SKIP zPCI exists on s390x only"

echo "TAP version 13"
echo "1..7"

# prove's verdicts, per test: pass fail skip todo
"$root/tools/tap-results" "$tmp/results/lane-a/"*.tap > "$tmp/prove" 2>&1
want=$(printf '%s\n' "todo known.type1v2.defect" "pass known.type1v2.passes" \
	"fail mixed.type1v2.fails" "pass mixed.type1v2.passes" "skip mixed.type1v2.skips")
if [ "$(sort "$tmp/prove")" = "$(sort <<<"$want")" ]; then
	result ok prove_reads_each_verdict
else
	result "not ok" prove_reads_each_verdict "$(cat "$tmp/prove")"
fi

# the kernel's runner, on programs that replay the same TAP and exit status
mkdir -p "$tmp/ksft/c"
cp -r "$build/ksft-runner/." "$tmp/ksft/"
for p in mixed known nothing; do
	printf '#!/bin/sh\ncat %s\nexit %s\n' "$tmp/results/lane-a/$p.tap" \
		"$(cat "$tmp/results/lane-a/$p.status")" > "$tmp/ksft/c/$p"
	chmod +x "$tmp/ksft/c/$p"
	echo "c:$p" >> "$tmp/ksft/kselftest-list.txt"
done
(cd "$tmp/ksft" && ./run_kselftest.sh -c c) > "$tmp/ksft.out" 2>&1 || true
if grep -q '^not ok [0-9]* selftests: c: mixed' "$tmp/ksft.out" &&
   grep -q '^ok [0-9]* selftests: c: known$' "$tmp/ksft.out" &&
   grep -q '^ok [0-9]* selftests: c: nothing # SKIP' "$tmp/ksft.out"; then
	result ok run_kselftest_agrees
else
	result "not ok" run_kselftest_agrees "$(grep 'selftests: c:' "$tmp/ksft.out")"
fi

# JUnit: a failure with its diagnostics, a skip, the known defect passing
# and named in the output, the program with nothing applicable skipped
if "$root/tools/results-report" junit "$tmp/results" "$tmp/junit.xml" 2> "$tmp/err"; then
	j=$tmp/junit.xml
	if grep -q '<testcase name="mixed.type1v2.fails" classname="lane-a.mixed"' "$j" &&
	   grep -q 'Expected 0 (0) == size (4096)' "$j" &&
	   grep -A1 '<testcase name="mixed.type1v2.skips"' "$j" | grep -q '<skipped' &&
	   grep -q '<testcase name="known.type1v2.defect" classname="lane-a.known" time="0" />' "$j" &&
	   grep -q 'XFAIL known.type1v2.defect: last page refused: s390-iommu before a4d996c2c4b5' "$j" &&
	   grep -A1 'classname="lane-a.nothing"' "$j" | grep -q 'skipped message="SKIP zPCI exists on s390x only"'; then
		result ok junit_agrees
	else
		result "not ok" junit_agrees "$(cat "$j")"
	fi
else
	result "not ok" junit_agrees "$(cat "$tmp/err")"
fi

# KCIDB: the same statuses, the defect's fix commit in misc
if "$root/tools/results-report" kcidb "$tmp/results" "$tmp/kcidb.json" selftest build1 2> "$tmp/err"; then
	got=$(perl -MJSON::PP -e 'local $/; my $d = decode_json(<STDIN>);
		print map { "$_->{status} $_->{path} " . ($_->{misc}{fix_commit} // "-") . "\n" } @{$d->{tests}}' \
		< "$tmp/kcidb.json")
	want=$(printf '%s\n' "PASS vfio_type1.known.type1v2.passes -" \
		"PASS vfio_type1.known.type1v2.defect a4d996c2c4b5" \
		"PASS vfio_type1.mixed.type1v2.passes -" "FAIL vfio_type1.mixed.type1v2.fails -" \
		"SKIP vfio_type1.mixed.type1v2.skips -" "SKIP vfio_type1.nothing -")
	if [ "$(sort <<<"$got")" = "$(sort <<<"$want")" ]; then
		result ok kcidb_agrees
	else
		result "not ok" kcidb_agrees "$got"
	fi
else
	result "not ok" kcidb_agrees "$(cat "$tmp/err")"
fi
if [ ! -r "$schema" ]; then
	result ok kcidb_is_valid "SKIP no KCIDB schema at $schema"
elif out=$(python3 -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
	"$tmp/kcidb.json" "$schema" 2>&1); then
	result ok kcidb_is_valid
else
	result "not ok" kcidb_is_valid "$out"
fi

# the exit statuses kselftest's consumers read: 1 failed, 0 passed, 4 nothing applicable
if [ "$(cat "$tmp/results/lane-a/"{mixed,known,nothing}.status | tr '\n' ' ')" = "1 0 4 " ] &&
   "$root/tools/tap-exec" "$tmp/results/lane-a/nothing.tap" > /dev/null &&
   ! "$root/tools/tap-exec" "$tmp/results/lane-a/mixed.tap" > /dev/null; then
	result ok exit_statuses_map_for_prove
else
	result "not ok" exit_statuses_map_for_prove
fi

# one lane per CI job: their results directories merge into one report
mkdir -p "$tmp/job1/lane-b" "$tmp/job2/lane-c"
cp "$tmp/results/lane-a/known.tap" "$tmp/results/lane-a/known.status" "$tmp/job1/lane-b/"
cp "$tmp/results/lane-a/mixed.tap" "$tmp/results/lane-a/mixed.status" "$tmp/job2/lane-c/"
if "$root/tools/results-merge" "$tmp/merged" "$tmp/job1" "$tmp/job2" &&
   "$root/tools/results-report" kcidb "$tmp/merged" "$tmp/merged.json" &&
   [ "$(grep -c '"path"' "$tmp/merged.json")" -eq 5 ] &&
   ! "$root/tools/results-merge" "$tmp/merged" "$tmp/job1" 2>/dev/null; then
	result ok results_of_separate_jobs_merge
else
	result "not ok" results_of_separate_jobs_merge
fi
