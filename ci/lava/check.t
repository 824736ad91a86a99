#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make lava-check: the LAVA integration, as far as this machine lets it run.
#  1. Debian's lava-dispatcher (lava-run) takes a job made from
#     integrations/lava/job-qemu.yaml's shape, with the vtd-6.1 lane's
#     kernel and initramfs (vm/run-lane with VFIO_CONFORMANCE_IMAGES), a
#     device dictionary rendered from lava-server's qemu.jinja2, and the
#     test definition from this git checkout: the job must validate and
#     LAVA must build the test definition's run script. Booting needs
#     LAVA's guest overlay disk, made with libguestfs, whose supermin
#     appliance needs the host's own kernel in /boot; where there is none
#     (a container) the boot is reported as a SKIP with that reason.
# What the definition's run script reports of a real run is
# ci/lava/run_script.t's.
set -u
# shellcheck source=ci/lava/common.sh
. "$(dirname "$0")/common.sh"

echo "TAP version 13"
echo "1..2"

make -C "$root" --no-print-directory -s BUILD="$build" INSTALL_PATH="$tmp/tree" ABI=x86_64 install \
	> "$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; echo "Bail out! make install failed"; exit 1; }

# --- 1. the dispatcher itself
templates=$vfioc_cache/lava-server/usr/share/lava-server/device-types
if ! command -v lava-run >/dev/null; then
	result ok job_validates "SKIP lava-run is not installed (apt-get install lava-dispatcher)"
	result ok job_boots "SKIP lava-run is not installed"
else
	if [ ! -f "$templates/qemu.jinja2" ]; then
		mkdir -p "$vfioc_cache/lava-server"
		deb=$(deb_fetch amd64 lava-server) && dpkg-deb -x "$deb" "$vfioc_cache/lava-server"
	fi
	VFIO_CONFORMANCE_IMAGES=$tmp/img VFIO_CONFORMANCE_KSELFTEST=$tmp/tree \
		VFIO_CONFORMANCE_RESULTS=$tmp/img-results \
		"$root/vm/run-lane" "$root/lanes/vtd-6.1" > "$tmp/img.log" 2>&1
	python3 -c 'import sys, jinja2
env = jinja2.Environment(loader=jinja2.FileSystemLoader(sys.argv[1:3]), trim_blocks=True)
print(env.get_template("device.jinja2").render())' "$root/ci/lava" "$templates" > "$tmp/device.yaml"
	sed -e "s|{{ KERNEL_URL }}|file://$tmp/img/vmlinuz|" -e "s|{{ RAMDISK_URL }}|file://$tmp/img/initrd.gz|" \
	    -e "s|{{ SUITE_GIT_URL }}|$root|" -e "s|{{ QEMU_OPTIONS }}|$(cat "$tmp/img/qemu.args")|" \
	    -e "s|{{ APPEND }}|$(cat "$tmp/img/append")|" "$root/ci/lava/job-lane.yaml" > "$tmp/job.yaml"
	(cd "$tmp" && timeout 600 lava-run --device device.yaml --job-id 1 --output-dir out job.yaml) \
		> "$tmp/lava.log" 2>&1
	sed -n 's/.*"lvl": "results", "msg": {"case": "\([^"]*\)".*"result": "\([a-z]*\)".*/\1 \2/p' \
		"$tmp/lava.log" > "$tmp/lava.results"
	if grep -qx "validate pass" "$tmp/lava.results" && grep -qx "test-runscript-overlay pass" "$tmp/lava.results"; then
		result ok job_validates
	else
		result "not ok" job_validates "$(cat "$tmp/lava.results")" "$(tail -n 5 "$tmp/lava.log")"
	fi
	if grep -qx "job pass" "$tmp/lava.results"; then
		result ok job_boots
	elif grep -q 'Unable to start libguestfs' "$tmp/lava.log" && ! ls /boot/vmlinu* >/dev/null 2>&1; then
		result ok job_boots "SKIP LAVA's QEMU overlay disk needs libguestfs, whose appliance needs a kernel in /boot; this machine has none"
	else
		result "not ok" job_boots "$(cat "$tmp/lava.results")" "$(tail -n 5 "$tmp/lava.log")"
	fi
fi
