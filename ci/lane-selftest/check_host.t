#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# --check-host describes a machine as it is: on the vtd-6.1 and smmuv3-6.1
# lanes (their reports, from make lanes' results or from a run of their
# own), the IOMMU and how MSIs are isolated, the three groups the lane
# bound with their drivers and reserved regions, the platform fixture, and
# what the suite would run.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${VFIO_CONFORMANCE_BUILD:-$root/build}
results=$build/results
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

report() {	# LANE -> its check-host report
	local file=$results/$1/check-host.txt
	if [ ! -s "$file" ]; then
		file=$tmp/$1/check-host.txt
		[ -s "$file" ] || VFIO_CONFORMANCE_RESULTS=$tmp "$root/vm/run-lane" "$root/lanes/$1" \
			> /dev/null 2>&1 || true
	fi
	cat "$file" 2>/dev/null || echo "(no report from $1)"
}

n=0
# says LANE NAME PATTERN...: every PATTERN is a line of LANE's report
says() {
	local lane=$1 name=$2 out pattern missing=""
	shift 2
	n=$((n + 1))
	out=$(report "$lane")
	for pattern in "$@"; do
		grep -qx -- "$pattern" <<<"$out" || missing="$missing
#   $pattern"
	done
	if [ -z "$missing" ]; then
		echo "ok $n check_host.$lane.$name"
	else
		echo "not ok $n check_host.$lane.$name"
		echo "# not in the report:$missing"
		sed 's/^/#   | /' <<<"$out"
	fi
}

echo "TAP version 13"
echo "1..4"
says vtd-6.1 iommu_and_msi_isolation "IOMMU: dmar0 (Intel VT-d)" \
	"MSI isolation: yes: interrupt remapping is on (IR- domains in /proc/interrupts); allow_unsafe_interrupts not needed"
says vtd-6.1 groups_devices_and_plan \
	"IOMMU group 1 type DMA: the suite can test it" \
	"  0000:00:01.0 \[1234:11e8\] vfio-pci, DMA driver edu" \
	"  0000:00:03.0 \[1af4:1044\] vfio-pci, DMA driver virtio-rng" \
	"  reserved 0x00000000fee00000-0x00000000feefffff msi" \
	"platform fixture: .*/platforms/x86_64-vtd.ini (x86_64 Intel VT-d)" \
	"backend type1v2: type1, as type1 v2, on /dev/vfio/vfio" \
	"backend iommufd_v2: not here: no /dev/iommu here (a kernel without CONFIG_IOMMUFD)" \
	"the suite would: test 3 IOMMU group(s), each once, on type1v2, type1v1" \
	"  multi_group: runs" "  zpci: skips: s390x only"
says smmuv3-6.1 iommu_and_msi_isolation "IOMMU: smmu3\..* (Arm SMMUv3)" \
	"MSI isolation: yes: a GICv3 ITS translates MSIs; allow_unsafe_interrupts not needed"
says smmuv3-6.1 fixture "platform fixture: .*/platforms/arm64-smmuv3.ini (arm64 SMMUv3 (4 KiB pages))"
