#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# apt-get / apt-cache for one Debian architecture, with package lists of its
# own in the cache: lanes fetch arm64 or s390x kernels without the host
# adding those architectures, and a foreign index that fails to download
# for the host (say, i386 in mid-sync) cannot hide the lane's.
#   vm/apt.sh ARCH apt-cache search ...   /   vm/apt.sh ARCH apt-get download ...
#   vm/apt.sh ARCH refresh                update the lists now
#   vm/apt.sh ARCH newest REGEX           the newest package whose name
#                                         matches, with its version
#   vm/apt.sh ARCH version PACKAGE        the package's version
#                                         (both answered from a memo of
#                                         these lists: every lane and
#                                         negative control asks them, and
#                                         apt-cache takes a second each time)
#   vm/apt.sh ARCH sources                the sources these lists come from,
#                                         one "deb" line each (mmdebstrap)
# VFIO_CONFORMANCE_APT_SUITES (a lane's LANE_APT_SUITES, set by lane_load)
# names Debian suites the machine's own sources lack ("bullseye
# bullseye-security", "unstable"): they go into a sources list of the
# lane's own, on the machine's Debian mirrors; /etc/apt is never changed.
set -eu
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/../tools/lib.sh"
arch=${1:?usage: vm/apt.sh ARCH apt-get|apt-cache|refresh ...}
shift
suites=${VFIO_CONFORMANCE_APT_SUITES:-}
state=$vfioc_cache/apt/$arch${suites:+-$(tr ' ' '+' <<<"$suites")}
mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
opts=(-o "APT::Architectures::=$arch" -o "APT::Architecture=$arch"
      -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
      -o "Dir::State::status=/dev/null" -o "Debug::NoLocking=1")

# The machine's Debian mirrors, as "URI SUITE" pairs of its sources (both
# the one-line and the deb822 formats).
machine_sources() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while ($i !~ /\]$/) i++;
			if ($2 ~ /^\[/) i++; print $i, $(i + 1) }' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && awk 'BEGIN { RS = ""; FS = "\n" } /(^|\n)Types:[^\n]*deb([ \n]|$)/ {
			u = ""; s = ""
			for (i = 1; i <= NF; i++) {
				if ($i ~ /^URIs:/) u = substr($i, 6)
				if ($i ~ /^Suites:/) s = substr($i, 8)
			}
			n = split(u, us, " "); m = split(s, ss, " ")
			for (a = 1; a <= n; a++) for (b = 1; b <= m; b++) print us[a], ss[b]
		}' "$f"
	done
}

# A lane's suites, each on the mirror that serves its kind (the security
# archive for *-security), beside the machine's own Debian suites.
lane_sources() {
	local pairs main security suite
	pairs=$(machine_sources | awk '$1 ~ /\/debian(-security)?\/?$/' | sort -u)
	main=$(awk '$2 !~ /-security$/ { print $1; exit }' <<<"$pairs")
	security=$(awk '$2 ~ /-security$/ { print $1; exit }' <<<"$pairs")
	[ -n "$main" ] || die "the machine's apt sources name no Debian mirror to take $suites from"
	while read -r uri suite; do
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite main"
	done <<<"$pairs"
	for suite in $suites; do
		case "$suite" in
		*-security) [ -n "$security" ] || die "the machine's apt sources name no security mirror for $suite"
			echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $security $suite main" ;;
		*) echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $main $suite main" ;;
		esac
	done
}

if [ -n "$suites" ]; then
	lane_sources > "$state/sources.list.$$"
	mv "$state/sources.list.$$" "$state/sources.list"
	opts+=(-o "Dir::Etc::SourceList=$state/sources.list" -o "Dir::Etc::SourceParts=/nonexistent")
fi

refresh() {
	exec 9>"$state/.lock"
	flock 9
	# errors of unrelated repositories must not stop the lane
	apt-get "${opts[@]}" -q update >"$state/update.log" 2>&1 || true
	touch "$state/updated"
}

if [ "${1:-}" = sources ]; then
	if [ -n "$suites" ]; then cat "$state/sources.list"; else lane_sources; fi
	exit 0
fi
if [ "${1:-}" = refresh ]; then
	refresh
	exit 0
fi
# Lists older than a day are refreshed: the newest kernel of a series moves.
if [ ! -f "$state/updated" ] || [ -n "$(find "$state/updated" -mmin +1440)" ]; then
	refresh
fi
# memo KIND ARG COMMAND...: COMMAND's answer, kept until the lists change
memo() {
	local file answer
	file=$state/memo/$1-$(sha256sum <<<"$2" | cut -c1-16)
	shift 2
	if [ -s "$file" ] && [ "$file" -nt "$state/updated" ]; then
		cat "$file"
		return
	fi
	answer=$("$@") || return
	[ -n "$answer" ] || return 0
	mkdir -p "$state/memo"
	echo "$answer" > "$file.$$" && mv "$file.$$" "$file"
	echo "$answer"
}
newest() {
	local pkg
	pkg=$(apt-cache "${opts[@]}" search --names-only "^$1\$" 2>/dev/null |
		awk '{ print $1 }' | sort -V | tail -n 1)
	[ -z "$pkg" ] || echo "$pkg $(version "$pkg")"
}
version() {
	apt-cache "${opts[@]}" show --no-all-versions "$1" 2>/dev/null |
		sed -n 's/^Version: //p' | head -n 1
}
case "${1:?apt-get, apt-cache, newest or version}" in
newest) memo newest "${2:?newest REGEX}" newest "$2"; exit ;;
version) memo version "${2:?version PACKAGE}" version "$2"; exit ;;
esac
tool=$1
shift
exec "$tool" "${opts[@]}" "$@"
