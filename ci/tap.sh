# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# What the project's self-test scripts share: a scratch directory ($tmp),
# numbered TAP results, named with the script's prefix ($tap_prefix, e.g.
# "lava."), a SKIP reason, and diagnostics as "# " lines. Sourced, never run.

# a scratch directory for the script, removed when it exits
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tap_n=0
# shellcheck disable=SC2034 # read by the scripts that source this
tap_failed=0
tap_prefix=${tap_prefix:-}

# result ok|"not ok" NAME ["SKIP reason"] [DIAGNOSTIC...]: one result;
# every line of every diagnostic becomes a "# " line.
result() {
	local ok=$1 name=$2
	shift 2
	tap_n=$((tap_n + 1))
	# shellcheck disable=SC2034 # read by the scripts that source this
	[ "$ok" = ok ] || tap_failed=1
	case "${1:-}" in
	"SKIP "*) echo "$ok $tap_n $tap_prefix$name # $1"; shift ;;
	*) echo "$ok $tap_n $tap_prefix$name" ;;
	esac
	[ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/# /'
}
