#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Binds PCI devices to vfio-pci, recording the driver each had, and puts
# every recorded device back. POSIX sh: it also runs in the lanes' busybox.
#   bind-vfio.sh BDF...        bind (after recording the current driver)
#   bind-vfio.sh --restore     rebind every recorded device, forget them
#   bind-vfio.sh --list        the recorded devices: BDF ORIGINAL-DRIVER
# VFIO_CONFORMANCE_BIND_STATE names the record (default
# /run/vfio-conformance/bound); SYSFS_PCI the sysfs tree (/sys/bus/pci).
set -eu

pci=${SYSFS_PCI:-/sys/bus/pci}
state=${VFIO_CONFORMANCE_BIND_STATE:-/run/vfio-conformance/bound}

die() { echo "bind-vfio: $*" >&2; exit 1; }

driver_of() {	# BDF -> driver name, or "none"
	if [ -e "$pci/devices/$1/driver" ]; then
		basename "$(readlink "$pci/devices/$1/driver")"
	else
		echo none
	fi
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
	return $status
}

[ $# -gt 0 ] || die "usage: bind-vfio.sh BDF... | --restore | --list"
mkdir -p "$(dirname "$state")"
case "$1" in
--restore) restore_all ;;
--list) cat "$state" 2>/dev/null || true ;;
-*) die "unknown option $1" ;;
*) for bdf in "$@"; do bind_one "$bdf"; done ;;
esac
