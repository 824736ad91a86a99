#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Binds PCI devices to vfio-pci, recording the driver each had, and puts
# every recorded device back. POSIX sh: it also runs in the lanes' busybox.
#   bind-vfio.sh BDF...        bind each device and every other device of its
#                              IOMMU group (a group is only usable whole;
#                              bridges stay on their driver), after recording
#                              each driver; refuse, changing nothing, when a
#                              device of a group is in use or has no group
#                              (loading vfio-pci if it is not)
#   bind-vfio.sh --restore     rebind every recorded device, forget them
#                              (and unload vfio-pci if this script loaded it)
#   bind-vfio.sh --list        the recorded devices: BDF ORIGINAL-DRIVER
# VFIO_CONFORMANCE_BIND_STATE names the record (default
# /run/vfio-conformance/bound); SYSFS_PCI and SYSFS_CLASS the sysfs trees
# (/sys/bus/pci, /sys/class), VFIO_CONFORMANCE_PROC the proc tree (/proc),
# for the self-tests.
set -eu

pci=${SYSFS_PCI:-/sys/bus/pci}
sysclass=${SYSFS_CLASS:-/sys/class}
proc=${VFIO_CONFORMANCE_PROC:-/proc}
state=${VFIO_CONFORMANCE_BIND_STATE:-/run/vfio-conformance/bound}

# This script runs in busybox guests too, where tools/lib.sh is not.
die() { echo "bind-vfio: $*" >&2; exit 1; }

driver_of() {	# BDF -> driver name, or "none"
	if [ -e "$pci/devices/$1/driver" ]; then
		link=$(readlink "$pci/devices/$1/driver")
		echo "${link##*/}"
	else
		echo none
	fi
}

# The devices of BDF's IOMMU group, one per line. Where the firmware
# describes the IOMMU (device tree, IORT) a device joins its group only
# when a driver probes it: one with no driver and no group yet is its own
# list, to be looked at again once vfio-pci has it. One with a driver and
# no group has no IOMMU.
group_of() {
	if [ -e "$pci/devices/$1/iommu_group" ]; then
		ls "$pci/devices/$1/iommu_group/devices"
	elif [ "$(driver_of "$1")" = none ]; then
		echo "$1"
	else
		die "$1 has no IOMMU group: this kernel runs without an IOMMU for it (intel_iommu=on or amd_iommu=on on the kernel command line? IOMMU enabled in the firmware?)"
	fi
}

is_bridge() {	# class 0x0604: a PCI bridge may stay on its driver
	case "$(cat "$pci/devices/$1/class" 2>/dev/null)" in 0x0604*) return 0 ;; esac
	return 1
}

# What uses BDF, in one sentence, or nothing: a mounted block device or a
# swap on it (or a device-mapper/RAID holder), an up network interface,
# the boot display.
in_use() {
	dev=$pci/devices/$1
	if [ "$(cat "$dev/boot_vga" 2>/dev/null)" = 1 ]; then
		echo "it is the boot display"
		return
	fi
	for net in "$dev"/net/* "$dev"/*/net/*; do
		[ -e "$net/flags" ] || continue
		# IFF_UP is bit 0 of the interface flags
		if [ $(( $(cat "$net/flags") & 1 )) -eq 1 ]; then
			echo "its network interface ${net##*/} is up"
			return
		fi
	done
	# its block devices and their partitions, wherever below it they sit
	# (NVMe namespaces, SCSI disks, virtio-blk)
	devpath=$(readlink -f "$dev")
	for blk in "$sysclass"/block/*; do
		[ -e "$blk" ] || continue
		case "$(readlink -f "$blk")" in "$devpath"/*) ;; *) continue ;; esac
		name=${blk##*/}
		if [ -n "$(ls "$blk/holders" 2>/dev/null)" ]; then
			echo "its block device $name is held by $(ls "$blk/holders" | tr '\n' ' ' | sed 's/ $//')"
			return
		fi
		if grep -q "^/dev/$name " "$proc/mounts" 2>/dev/null; then
			echo "its block device /dev/$name is mounted on $(awk -v d="/dev/$name" '$1 == d { print $2; exit }' "$proc/mounts")"
			return
		fi
		if grep -q "^/dev/$name " "$proc/swaps" 2>/dev/null; then
			echo "its block device /dev/$name is a swap"
			return
		fi
	done
}

# Every device to bind for the BDFs given: each with the rest of its group
# (bridges excepted), checked before anything changes.
plan() {
	planned=""
	for bdf in "$@"; do
		[ -d "$pci/devices/$bdf" ] || die "$bdf: no such PCI device"
		members=$(group_of "$bdf") || exit 1
		group=$(basename "$(readlink "$pci/devices/$bdf/iommu_group" 2>/dev/null || echo pending)")
		for m in $members; do
			is_bridge "$m" && continue
			use=$(in_use "$m")
			if [ -n "$use" ]; then
				if [ "$m" = "$bdf" ]; then
					die "$bdf is in use: $use; nothing was changed"
				fi
				die "$bdf shares IOMMU group $group with $m, which is in use: $use; the group cannot be given to VFIO whole; nothing was changed"
			fi
			planned="$planned$m $group
"
		done
	done
	printf '%s' "$planned" | sort -u
}

# vfio-pci loaded when it is not: recorded, so that --restore unloads it
# again (never on a fake sysfs tree: that is a self-test's)
ensure_vfio_pci() {
	[ ! -d "$pci/drivers/vfio-pci" ] || return 0
	[ -z "${SYSFS_PCI:-}" ] || die "no vfio-pci driver in $pci"
	modprobe vfio-pci ||
		die "the vfio-pci driver is not loaded and 'modprobe vfio-pci' failed: is this kernel built with CONFIG_VFIO_PCI?"
	echo vfio-pci >> "$state.modules"
	echo "bind-vfio: loaded the vfio-pci module"
}

bind_one() {
	bdf=$1
	[ -d "$pci/devices/$bdf" ] || die "$bdf: no such PCI device"
	old=$(driver_of "$bdf")
	[ "$old" != vfio-pci ] || { echo "bind-vfio: $bdf is already bound to vfio-pci"; return 0; }
	grep -q "^$bdf " "$state" 2>/dev/null || echo "$bdf $old" >> "$state"
	echo vfio-pci > "$pci/devices/$bdf/driver_override"
	[ "$old" = none ] || echo "$bdf" > "$pci/devices/$bdf/driver/unbind"
	echo "$bdf" > "$pci/drivers_probe"
	[ "$(driver_of "$bdf")" = vfio-pci ] ||
		die "$bdf did not bind to vfio-pci (is the vfio-pci module loaded? is an IOMMU enabled?)"
	echo "bind-vfio: $bdf: $old -> vfio-pci"
}

restore_all() {
	[ -f "$state" ] || return 0
	status=0
	while read -r bdf old; do
		[ -d "$pci/devices/$bdf" ] || { echo "bind-vfio: $bdf has gone" >&2; status=1; continue; }
		[ "$(driver_of "$bdf")" = none ] || echo "$bdf" > "$pci/devices/$bdf/driver/unbind"
		echo > "$pci/devices/$bdf/driver_override"
		if [ "$old" != none ]; then
			echo "$bdf" > "$pci/drivers/$old/bind" 2>/dev/null ||
				echo "$bdf" > "$pci/drivers_probe"
		fi
		if [ "$(driver_of "$bdf")" = "$old" ]; then
			echo "bind-vfio: $bdf: vfio-pci -> $old"
		else
			echo "bind-vfio: $bdf is on $(driver_of "$bdf"), not $old as before" >&2
			status=1
		fi
	done < "$state"
	rm -f "$state"
	if [ -f "$state.modules" ]; then
		if modprobe -r vfio-pci; then
			echo "bind-vfio: unloaded the vfio-pci module, as before"
		else
			echo "bind-vfio: could not unload the vfio-pci module it loaded" >&2
			status=1
		fi
		rm -f "$state.modules"
	fi
	return $status
}

[ $# -gt 0 ] || die "usage: bind-vfio.sh BDF... | --restore | --list"
mkdir -p "$(dirname "$state")"
case "$1" in
--restore) restore_all ;;
--list) cat "$state" 2>/dev/null || true ;;
-*) die "unknown option $1" ;;
*)
	devices=$(plan "$@") || exit 1
	echo "$devices" | awk '{ g[$2] = g[$2] " " $1 } END { for (i in g) print "bind-vfio: IOMMU group " i ":" g[i] }'
	ensure_vfio_pci
	for bdf in $(echo "$devices" | cut -d' ' -f1); do bind_one "$bdf"; done
	# groups formed only now, as vfio-pci probed: the rest of each
	late=$(echo "$devices" | awk '$2 == "pending" { print $1 }')
	if [ -n "$late" ]; then
		# shellcheck disable=SC2086 # a list of addresses
		devices=$(plan $late) || { restore_all >&2; exit 1; }
		for bdf in $(echo "$devices" | cut -d' ' -f1); do bind_one "$bdf"; done
	fi
	;;
esac
