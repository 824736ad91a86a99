#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# README.md says what the tree holds: every folder of the tree is in its
# Layout block and every folder there exists; every live test program is
# named in it; and tools/new-test writes a program that builds.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=ci/tap.sh
tap_prefix=readme.
. "$root/ci/tap.sh"

layout=$(awk '/^## Layout/ { on = 1; next } /^## / { on = 0 } on' README.md |
	 sed -n 's|^    \([a-z0-9_./-]*/\) .*|\1|p')
mapfile -t dirs < <(git ls-files | grep / | sed 's|/[^/]*$|/|' | grep -v '^\.' | sort -u)

echo "TAP version 13"
echo "1..4"
missing=$(for d in "${dirs[@]}"; do grep -qxF "$d" <<<"$layout" || echo "$d"; done)
if [ -z "$missing" ]; then result ok every_folder_is_in_the_layout
else result "not ok" every_folder_is_in_the_layout "not in README's Layout:" $missing; fi
gone=$(for d in $layout; do [ -d "$d" ] || echo "$d"; done)
if [ -z "$gone" ]; then result ok every_layout_folder_exists
else result "not ok" every_layout_folder_exists "in README's Layout, not in the tree:" $gone; fi

unnamed=$(for f in tests/*.c; do
	p=${f#tests/}
	p=${p%.c}
	case "$p" in abi_layout_static) continue ;; esac
	grep -q "\`$p\`" README.md || echo "$p"
done)
if [ -z "$unnamed" ]; then result ok every_program_is_described
else result "not ok" every_program_is_described "README.md does not describe:" $unnamed; fi

if out=$(VFIO_CONFORMANCE_TESTS=$tmp tools/new-test sample_rules "a sample (A1)" 2>&1) &&
   out=$(gcc -std=gnu11 -D_GNU_SOURCE -fsyntax-only -Ilib -Itests -I"${KSFT_INC:-${BUILD:-build}/ksft}" \
	 "$tmp/sample_rules.c" 2>&1); then
	result ok new_test_template_builds
else
	result "not ok" new_test_template_builds "$out"
fi
