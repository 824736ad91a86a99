# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# What the project's bash scripts share: where they are, the download cache
# (outside the work tree), one way to stop with a sentence, and the ABI
# table (abis.tsv). Sourced, never run.

vfioc_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
vfioc_cache=${VFIO_CONFORMANCE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vfio-conformance}

# What in a guest's console means the kernel warned or oopsed (grep -E):
# a lane with any of it fails its kernel_log_clean.
# shellcheck disable=SC2034 # read by the scripts that source this
vfioc_kernel_log_bad='WARNING:|BUG:|Oops|Kernel panic|general protection fault|Call Trace:'

# What every lane's kernel command line adds to the lane's own: a panic
# ends the guest at once; no speculation mitigations, which change no
# answer of the VFIO ABI but make every syscall and context switch dearer
# under TCG (rules, a fork per test: median 5.6 s against 6.8 s on vtd-6.1);
# and no self-tests of the crypto algorithms at boot, which test no part of
# VFIO (boot to /init, median of 3: vtd-6.1 2.46 -> 2.21 s, smmuv3-6.12
# 3.17 -> 2.44 s; every lane, variant and self-test boots once or more).
# shellcheck disable=SC2034 # read by the scripts that source this
vfioc_lane_cmdline='mitigations=off cryptomgr.notests panic=-1'

# job_key JOB: a job of ci/pool (a lane file, a self-test NAME.t or a
# VARIANT.patch@LANE) as one file name
job_key() {
	echo "$1" | tr '/@' '__'
}

# seconds_file JOB: where how long JOB took last time is kept. A lane's,
# by its name, is vm/run-lane's to write; any other job's ci/pool-job's.
seconds_file() {
	case "$1" in
	*.t|*@*) echo "$vfioc_cache/job-seconds/$(job_key "$1")" ;;
	*) echo "$vfioc_cache/lane-seconds/${1##*/}" ;;
	esac
}

# variant_lanes PATCH: the lanes a negative variant runs in, its Lanes:
# line or, without one, vtd-6.1
variant_lanes() {
	local lanes
	lanes=$(sed -n 's/^Lanes: //p' "$1")
	echo "${lanes:-vtd-6.1}"
}

# variant_batchable PATCH: the variant only replaces modules, and no lane
# result (a name with no program in it, as lane_finished) must pass, which
# would be its boot's alone: it can share one boot with others
# (ci/negative/run-variant DIR@LANE)
variant_batchable() {
	! grep -qx "Kernel: yes" "$1" &&
		! sed -n 's/^Passes: //p' "$1" | tr ' ' '\n' | grep -qvF .
}

# never_timed_rank JOB: where a job never timed goes, before every timed
# one: a lane that builds its kernel (LANE_KERNEL_SOURCE) first, a batch of
# variants in one boot (DIR@LANE) next, the rest as given. Run as given on a
# fresh machine, the s390x kernel's build began after eight lanes and the
# vtd-6.1 batch, the longest job after the builds, ran last beside an idle
# core.
never_timed_rank() {
	case "$1" in
	lanes/*) grep -q '^LANE_KERNEL_SOURCE=.' "$1" 2>/dev/null && echo 3000000 && return ;;
	*/variants@*) echo 2000000 && return ;;
	esac
	echo 1000000
}

# longest_first JOB...: the jobs, one a line, the longest last time first,
# so that the cores stay busy to the end instead of waiting on one long
# job; the jobs never timed go first, by never_timed_rank.
longest_first() {
	local job
	for job; do
		echo "$(cat "$(seconds_file "$job")" 2>/dev/null || never_timed_rank "$job") $job"
	done | sort -k1,1nr -s | cut -d' ' -f2-
}

# kselftest_kept_results BUILD: where ci/lane-selftest/kselftest.t keeps
# its lane's results -- the kernel runner's run of the collection in
# vtd-6.1 -- for ci/lava/run_script.t to check the LAVA script against
kselftest_kept_results() {
	echo "$1/results/kselftest-run"
}

# cpu_seconds_of_children: the user + system CPU time, in seconds,
# of every child this shell has waited for (bash's times, second line)
cpu_seconds_of_children() {
	local f
	f=$(mktemp) || return 1
	# not in a pipeline: a subshell's times would count its own children
	times > "$f"
	awk 'NR == 2 {
		for (i = 1; i <= 2; i++) { split($i, t, "m"); sum += t[1] * 60 + t[2] }
		printf "%.1f\n", sum }' "$f"
	rm -f "$f"
}

# One sentence on stderr, named after the script, and exit 1.
die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

# abi_field ABI COLUMN: one cell of abis.tsv. Columns: abi, uname, debian,
# cc, qemu_user, kernel_arch, kernel_image, elf.
abi_field() {
	local col
	case "$2" in
	abi) col=1 ;; uname) col=2 ;; debian) col=3 ;; cc) col=4 ;;
	qemu_user) col=5 ;; kernel_arch) col=6 ;; kernel_image) col=7 ;; elf) col=8 ;;
	*) die "abi_field: no column '$2'" ;;
	esac
	awk -F'\t' -v abi="$1" -v col="$col" \
		'!/^#/ && $1 == abi { print $col; found = 1 } END { exit !found }' \
		"$vfioc_root/abis.tsv"
}

# Every ABI, in the table's order.
abi_list() {
	awk -F'\t' '!/^#/ && NF { print $1 }' "$vfioc_root/abis.tsv"
}

# The ABI whose `uname -m` list names MACHINE (default: this machine's).
abi_of_machine() {
	awk -F'\t' -v m="${1:-$(uname -m)}" '!/^#/ && NF {
		n = split($2, names, ",")
		for (i = 1; i <= n; i++) if (names[i] == m) { print $1; exit }
	}' "$vfioc_root/abis.tsv"
}

# The ABI whose Debian architecture is ARCH.
abi_of_debian_arch() {
	awk -F'\t' -v a="$1" '!/^#/ && $3 == a { print $1; exit }' "$vfioc_root/abis.tsv"
}

# Reads a lane definition (lanes/NAME) into LANE_* variables; the Debian
# architecture of its kernel comes from the ABI table, as LANE_ARCH.
lane_load() {
	# shellcheck source=/dev/null
	. "$1" || return 1
	# shellcheck disable=SC2034 # for the scripts that load a lane
	LANE_ARCH=$(abi_field "$LANE_ABI" debian) || return 1
	# the Debian suites its kernel comes from, beyond the machine's (vm/apt.sh)
	export VFIO_CONFORMANCE_APT_SUITES=${LANE_APT_SUITES:-}
}

# deb_fetch ARCH PACKAGE [VERSION]: the package's .deb in the cache, fetched
# once through the lane's own apt lists (vm/apt.sh); with VERSION, the
# package lists must offer exactly that version.
deb_fetch() {
	local arch=$1 pkg=$2 want=${3:-} have
	have=$("$vfioc_root/vm/apt.sh" "$arch" version "$pkg")
	[ -n "$have" ] || die "$pkg ($arch) is not in the package lists"
	[ -z "$want" ] || [ "$have" = "$want" ] ||
		die "$pkg is $have in the package lists, not $want: no matching build"
	mkdir -p "$vfioc_cache/debs"
	# the same package and version may be cached for another architecture
	local cached=("$vfioc_cache/debs/${pkg}_${have#*:}_"{"$arch",all}.deb)
	ls "${cached[@]}" >/dev/null 2>&1 ||
		(cd "$vfioc_cache/debs" && "$vfioc_root/vm/apt.sh" "$arch" apt-get download -q "$pkg" >/dev/null 2>&1) ||
		die "apt-get download $pkg ($arch) failed"
	ls "${cached[@]}" 2>/dev/null | head -n 1
}

# linux_source_tree PACKAGE VERSION: Debian's linux-source-X.Y unpacked once
# into the cache (the tarball takes most of a minute to decompress); prints
# the tree. Callers copy before patching: the tree stays pristine.
linux_source_tree() {
	local pkg=$1 version=$2 src=$vfioc_cache/kernel-src/${1}_$2 deb
	mkdir -p "$vfioc_cache/kernel-src"
	(
		flock 8
		[ -f "$src/.complete" ] && exit 0
		rm -rf "$src"
		mkdir -p "$src"
		deb=$(deb_fetch amd64 "$pkg" "$version") || exit 1
		echo "${0##*/}: unpacking $pkg $version" >&2
		dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" |
			tar -xJ -C "$src" --strip-components=1 || exit 1
		touch "$src/.complete"
	) 8>"$vfioc_cache/kernel-src/.${pkg}_$version.lock" || die "cannot unpack $pkg $version"
	echo "$src"
}
