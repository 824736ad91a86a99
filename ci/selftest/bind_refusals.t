#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# tools/bind-vfio.sh on a crafted sysfs: it refuses, in one sentence and
# changing nothing, a device whose network interface is up, whose block
# device is mounted or a swap, that is the boot display, that shares its
# IOMMU group with a device in use, that has no IOMMU group, or that does
# not exist; run_tests.sh --bind refuses a user who is not root.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pci=$tmp/sys/bus/pci class=$tmp/sys/class groups=$tmp/sys/kernel/iommu_groups
mkdir -p "$pci/devices" "$pci/drivers/e1000e" "$pci/drivers/nvme" "$class/block" "$groups" "$tmp/proc"
: > "$tmp/proc/mounts"
: > "$tmp/proc/swaps"

# device BDF GROUP DRIVER CLASS: a PCI function in group GROUP on DRIVER
device() {
	local d=$pci/devices/$1
	mkdir -p "$d" "$groups/$2/devices"
	echo "$4" > "$d/class"
	: > "$d/driver_override"
	ln -s "$groups/$2" "$d/iommu_group"
	ln -s "$d" "$groups/$2/devices/$1"
	[ "$3" = none ] || ln -s "$pci/drivers/$3" "$d/driver"
}
net_up() {	# BDF IFNAME
	mkdir -p "$pci/devices/$1/net/$2"
	echo 0x1003 > "$pci/devices/$1/net/$2/flags"
}
disk() {	# BDF NAME: an NVMe namespace of BDF
	mkdir -p "$pci/devices/$1/nvme/nvme0/$2/holders"
	ln -s "$pci/devices/$1/nvme/nvme0/$2" "$class/block/$2"
}

device 0000:01:00.0 5 e1000e 0x020000
net_up 0000:01:00.0 eno1
device 0000:02:00.0 6 nvme 0x010802
disk 0000:02:00.0 nvme0n1
echo "/dev/nvme0n1 / ext4 rw 0 0" >> "$tmp/proc/mounts"
device 0000:03:00.0 8 none 0x030000
echo 1 > "$pci/devices/0000:03:00.0/boot_vga"
device 0000:04:00.0 7 none 0x020000
device 0000:04:00.1 7 e1000e 0x020000
net_up 0000:04:00.1 eno2
device 0000:06:00.0 9 nvme 0x010802
disk 0000:06:00.0 nvme1n1
echo "/dev/nvme1n1 partition 8388604 0 -2" >> "$tmp/proc/swaps"
mkdir -p "$pci/devices/0000:05:00.0"
ln -s "$pci/drivers/e1000e" "$pci/devices/0000:05:00.0/driver"

before=$(cd "$tmp/sys" && find . -type f -exec md5sum {} + | sort)
n=0
# refuses NAME PATTERN BDF...
refuses() {
	local name=$1 pattern=$2 out status=0
	shift 2
	n=$((n + 1))
	out=$(SYSFS_PCI=$pci SYSFS_CLASS=$class VFIO_CONFORMANCE_PROC=$tmp/proc \
		VFIO_CONFORMANCE_BIND_STATE=$tmp/state "$root/tools/bind-vfio.sh" "$@" 2>&1) || status=$?
	if [ "$status" -eq 1 ] && [ "$(wc -l <<<"$out")" -eq 1 ] && grep -q -- "$pattern" <<<"$out" &&
	   [ ! -e "$tmp/state" ] && [ "$(cd "$tmp/sys" && find . -type f -exec md5sum {} + | sort)" = "$before" ]; then
		echo "ok $n bind_refusals.$name"
	else
		echo "not ok $n bind_refusals.$name"
		echo "# exit $status, wanted 1 and one line matching '$pattern'; saw:"
		sed 's/^/#   /' <<<"$out"
	fi
}

echo "TAP version 13"
echo "1..8"
refuses up_network_interface "0000:01:00.0 is in use: its network interface eno1 is up; nothing was changed" 0000:01:00.0
refuses mounted_block_device "0000:02:00.0 is in use: its block device /dev/nvme0n1 is mounted on /; nothing was changed" 0000:02:00.0
refuses swap "0000:06:00.0 is in use: its block device /dev/nvme1n1 is a swap" 0000:06:00.0
refuses boot_display "0000:03:00.0 is in use: it is the boot display" 0000:03:00.0
refuses group_not_viable "0000:04:00.0 shares IOMMU group 7 with 0000:04:00.1, which is in use: its network interface eno2 is up" 0000:04:00.0
refuses no_iommu_group "0000:05:00.0 has no IOMMU group: this kernel runs without an IOMMU" 0000:05:00.0
refuses unknown_device "0000:7f:00.0: no such PCI device" 0000:7f:00.0
n=$((n + 1))
if ! command -v setpriv >/dev/null; then
	echo "ok $n bind_refusals.not_root # SKIP no setpriv to drop root"
elif out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$root/run_tests.sh" --host-only --device 0000:01:00.0 --bind 2>&1); then
	echo "not ok $n bind_refusals.not_root"
	echo "# a user who is not root was not refused"
elif grep -q -- "--bind changes driver bindings: run as root" <<<"$out"; then
	echo "ok $n bind_refusals.not_root"
else
	echo "not ok $n bind_refusals.not_root"
	sed 's/^/#   /' <<<"$out" | head -n 5
fi
