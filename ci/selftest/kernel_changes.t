#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A test decides a kernel-version question only through an entry of
# fixtures/kernel-changes.ini, and every entry names its upstream commit
# and first release: every change a test asks about (live_kernel_has) or a
# platform fixture names ([iova_pgsizes before NAME]) has its entry, no
# test reads the release itself (uname, uts.release/version, version
# codes), and every entry has a hex commit and a release. The checks run on
# the tree, and on a crafted tree that breaks each rule once, which must
# fail them.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=ci/tap.sh
. "$root/ci/tap.sh"

# The changes tests ask about, one "FILE NAME" a line.
changes_asked() {	# TESTS-DIR PLATFORMS-DIR
	grep -oE 'live_kernel_has\([^,]+, *"[a-z0-9_]+"' "$1"/*.c /dev/null |
		sed -E 's/^([^:]+):.*"([a-z0-9_]+)"$/\1 \2/'
	grep -oE '^\[iova_pgsizes before [a-z0-9_]+\]' "$2"/*.ini /dev/null |
		sed -E 's/^([^:]+):\[iova_pgsizes before ([a-z0-9_]+)\]$/\1 \2/'
}

# Sentences for every change asked about that has no entry.
unknown_changes() {	# TESTS-DIR PLATFORMS-DIR CHANGES-INI
	changes_asked "$1" "$2" | while read -r file name; do
		grep -q "^\[$name\]\$" "$3" ||
			echo "${file##*/} asks about '$name', which $(basename "$3") has no entry for"
	done
}

# Sentences for every live test that reads the kernel's release itself
# (abi_layout compares uapi headers, not kernels: it may name their version).
release_readers() {	# TESTS-DIR
	find "$1" -maxdepth 1 -name '*.c' ! -name 'abi_layout*' -print0 |
		xargs -0 -r grep -nE '\buname *\(|uts\.(release|version)|LINUX_VERSION_CODE|KERNEL_RELEASE|kernel_release_code|KABI_VERSION' /dev/null |
		sed -E 's/^([^:]+):([0-9]+):.*/\1:\2 decides a version question by itself/; s|^.*/||'
}

# Sentences for every entry without a hex commit or a release.
entries_unpinned() {	# CHANGES-INI
	awk '/^\[/ { if (name && (!commit || !release)) print name; name = $0; commit = release = 0 }
	     /^commit *= *[0-9a-f]+$/ && length($3) >= 12 { commit = 1 }
	     /^release *= *[0-9]+\.[0-9]+$/ { release = 1 }
	     END { if (name && (!commit || !release)) print name }' "$1" |
		sed 's/$/ names no upstream commit id or no first release/'
}

verdict() {	# DESCRIPTION WHY: ok when WHY is empty, else not ok with it
	if [ -z "$2" ]; then
		result ok "$1"
	else
		result "not ok" "$1" "$2"
	fi
}

check_tree() {	# LABEL TESTS-DIR PLATFORMS-DIR CHANGES-INI
	verdict "$1: every change asked about has an entry" "$(unknown_changes "$2" "$3" "$4")"
	verdict "$1: no test reads the release itself" "$(release_readers "$2")"
	verdict "$1: every entry names its commit and release" "$(entries_unpinned "$4")"
}

echo "TAP version 13"
echo "1..7"
check_tree tree "$root/tests" "$root/fixtures/platforms" "$root/fixtures/kernel-changes.ini"

# The crafted tree: one test asks about a change nobody recorded and one
# reads uname itself; one entry has no commit.
mkdir -p "$tmp/tests" "$tmp/platforms"
cat > "$tmp/tests/asks.c" <<'C'
	int has = live_kernel_has(self->container, "not_recorded");
	if (strcmp(live.uts.release, "6.18") >= 0)
C
printf '[platform]\n[iova_pgsizes before also_not_recorded]\nmay = 0x1000\n' > "$tmp/platforms/p.ini"
printf '[recorded]\ntitle = t\nrelease = 6.6\n' > "$tmp/changes.ini"
out=$(check_tree crafted "$tmp/tests" "$tmp/platforms" "$tmp/changes.ini")
for want in "asks.c asks about 'not_recorded'" "p.ini asks about 'also_not_recorded'" \
	    "asks.c:2 decides a version question by itself" \
	    "[recorded] names no upstream commit id"; do
	case "$out" in
	*"$want"*) result ok "crafted tree refused: $want" ;;
	*) verdict "crafted tree refused: $want" "$out" ;;
	esac
done
exit $tap_failed
