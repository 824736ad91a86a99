#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Every shell script of the project is shellcheck-clean at severity
# warning and above: one result per script.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

echo "TAP version 13"
if ! command -v shellcheck >/dev/null; then
	echo "1..0 # SKIP shellcheck is not installed (apt-get install shellcheck)"
	exit 0
fi
mapfile -t scripts < <(git ls-files 2>/dev/null | while read -r f; do
	[ -f "$f" ] || continue
	case "$f" in *.sh|*.t) echo "$f"; continue ;; esac
	head -n 1 "$f" | grep -q '^#!.*\(sh\|bash\)$' && echo "$f"
done)
echo "1..${#scripts[@]}"
n=0
for f in "${scripts[@]}"; do
	n=$((n + 1))
	if out=$(shellcheck -x -S warning "$f" 2>&1); then
		echo "ok $n shellcheck.$f"
	else
		echo "not ok $n shellcheck.$f"
		sed 's/^/# /' <<<"$out"
	fi
done
