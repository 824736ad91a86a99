#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The LAVA test definition's run script, under a stub lava-test-case,
# reports a real run of the installed collection (the kernel's
# run_kselftest.sh in the vtd-6.1 lane) with the same verdict, test by
# test, that prove's parser gives each program's TAP in that run. The run
# is the one ci/lane-selftest/kselftest.t keeps, when it is newer than
# every x86_64 program (make check runs this after the pool), else one of
# its own: the same collection in the same lane, which had cost a second
# whole lane in every make check.
set -u
# shellcheck source=ci/lava/common.sh
. "$(dirname "$0")/common.sh"

echo "TAP version 13"
echo "1..2"
run=$(kselftest_kept_results "$build")/vtd-6.1/run_kselftest.tap
if [ -s "$run" ] && [ -z "$(find "$build/x86_64/tests" -newer "$run" -print -quit)" ]; then
	echo "# the run kselftest.t kept: $run"
else
	make -C "$root" --no-print-directory -s BUILD="$build" INSTALL_PATH="$tmp/tree" ABI=x86_64 install \
		> "$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; echo "Bail out! make install failed"; exit 1; }
	VFIO_CONFORMANCE_KSELFTEST=$tmp/tree VFIO_CONFORMANCE_RESULTS=$tmp/ks \
		"$root/vm/run-lane" "$root/lanes/vtd-6.1" > "$tmp/ks.log" 2>&1
	run=$tmp/ks/vtd-6.1/run_kselftest.tap
	echo "# a run of its own: $run"
fi
# each program's TAP as the runner relayed it (one "# " more on each
# line), and its exit status from the runner's result line
mkdir -p "$tmp/suite"
awk -v dir="$tmp/suite" '
	/^# selftests: vfio_type1: / { prog = $4; out = dir "/" prog ".tap"; printf "" > out; next }
	prog != "" && /^(not )?ok [0-9]+ selftests: vfio_type1: / {
		status = /^ok/ ? (/# SKIP/ ? 4 : 0) : (match($0, /exit=[0-9]+/) ? substr($0, RSTART + 5) : 1)
		print status + 0 > (dir "/" prog ".status"); close(out); prog = ""; next
	}
	prog != "" { sub(/^# /, ""); print > out }
' "$run"
mkdir -p "$tmp/bin"
printf '#!/bin/sh\necho "$1 $3" >> %s\n' "$tmp/lava-cases" > "$tmp/bin/lava-test-case"
chmod +x "$tmp/bin/lava-test-case"
PATH=$tmp/bin:$PATH "$root/integrations/lava/vfio-conformance.sh" \
	-f "$run" > "$tmp/script.out" 2>&1
# prove's verdicts of those programs, as LAVA spells them
for t in "$tmp/suite/"*.tap; do
	p=$(basename "$t" .tap)
	"$root/tools/tap-results" "$t" | awk -v p="$p" '$1 != "fail" || $2 !~ /:/ {
		v = ($1 == "todo" || $1 == "bonus") ? "pass" : $1; name = $2; sub("^" p "[.]", "", name)
		print "vfio_type1." p "." name " " v }'
done | sort > "$tmp/prove.cases"
grep -v '^vfio_type1\.[a-z_0-9]* ' "$tmp/lava-cases" 2>/dev/null | sort > "$tmp/lava.cases"
cases=$(wc -l < "$tmp/lava.cases")
if [ "$cases" -gt 100 ]; then
	result ok run_script_reports_every_test "$cases results reported with lava-test-case"
else
	result "not ok" run_script_reports_every_test "$cases results" "$(tail -n 20 "$tmp/script.out")"
fi
if diff -u "$tmp/prove.cases" "$tmp/lava.cases" > "$tmp/diff"; then
	result ok run_script_agrees_with_prove
else
	result "not ok" run_script_agrees_with_prove "$(head -n 30 "$tmp/diff")"
fi
