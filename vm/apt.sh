#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# apt-get / apt-cache for one Debian architecture, with package lists of its
# own in the cache: lanes fetch arm64 or s390x kernels without the host
# adding those architectures, and a foreign index that fails to download
# for the host (say, i386 in mid-sync) cannot hide the lane's.
#   vm/apt.sh ARCH apt-cache search ...   /   vm/apt.sh ARCH apt-get download ...
#   vm/apt.sh ARCH refresh                update the lists now
set -eu
# shellcheck source=tools/lib.sh
. "$(dirname "$0")/../tools/lib.sh"
arch=${1:?usage: vm/apt.sh ARCH apt-get|apt-cache|refresh ...}
shift
state=$vfioc_cache/apt/$arch
mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
opts=(-o "APT::Architectures::=$arch" -o "APT::Architecture=$arch"
      -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache"
      -o "Dir::State::status=/dev/null" -o "Debug::NoLocking=1")

refresh() {
	exec 9>"$state/.lock"
	flock 9
	# errors of unrelated repositories must not stop the lane
	apt-get "${opts[@]}" -q update >"$state/update.log" 2>&1 || true
	touch "$state/updated"
}

if [ "${1:-}" = refresh ]; then
	refresh
	exit 0
fi
# Lists older than a day are refreshed: the newest kernel of a series moves.
if [ ! -f "$state/updated" ] || [ -n "$(find "$state/updated" -mmin +1440)" ]; then
	refresh
fi
tool=${1:?apt-get or apt-cache}
shift
exec "$tool" "${opts[@]}" "$@"
