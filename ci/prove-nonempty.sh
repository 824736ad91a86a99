#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs prove over test programs (through tools/tap-exec, or the --exec
# given) and fails when prove fails or when no test result was produced at
# all: a tier that silently ran nothing must not pass.
#   prove-nonempty.sh [-jN] [--timer] [--exec COMMAND] FILE...
set -eu -o pipefail
here=$(dirname "$0")
options=() exec=$here/../tools/tap-exec
while [ $# -gt 0 ]; do
	case "$1" in
	-j*|--timer) options+=("$1"); shift ;;
	--exec) exec=$2; shift 2 ;;
	*) break ;;
	esac
done
log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
prove "${options[@]}" --exec "$exec" "$@" | tee "$log" || status=$?
[ "$status" -eq 0 ] || exit "$status"
tests=$(sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\),.*/\1/p' "$log")
if [ -z "$tests" ] || [ "$tests" -eq 0 ]; then
	echo "error: prove ran no test result" >&2
	exit 1
fi
