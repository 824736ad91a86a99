#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# /init of the host lane's guest (vm/host-lane): a Debian userspace with the
# project's checkout in /root/vfio-conformance and two devices on their own
# drivers. It does what README tells a user on a real host, as root:
#   1. ./run_tests.sh --check-host
#   2. ./run_tests.sh --device A --device B --bind
#   3. the same again, sent SIGTERM (a CI timeout) once its first program
#      has finished
# and reports, framed on its own port, each command's output and exit
# status and every PCI device's driver before and after, for the host side
# to judge. It judges nothing itself.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /run /tmp
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
# shellcheck source=/dev/null
. /etc/vfioc-host-lane	# HOST_CHANNEL, HOST_DEVICES
exec 3>"$HOST_CHANNEL"
channel() { echo "### $*" >&3; }

drivers() {	# every PCI device: BDF DRIVER
	local d
	for d in /sys/bus/pci/devices/*; do
		if [ -e "$d/driver" ]; then
			echo "${d##*/} $(basename "$(readlink "$d/driver")")"
		else
			echo "${d##*/} none"
		fi
	done
}

# step NAME COMMAND...: its output on the channel, framed, and its status
step() {
	local name=$1 status
	shift
	channel "host-begin $name"
	"$@" >&3 2>&1
	status=$?
	channel "host-end $name $status"
}

report_drivers() {
	channel "host-begin drivers-$1"
	drivers >&3
	channel "host-end drivers-$1 0"
}

# The run, stopped by SIGTERM as a CI timeout stops it, once the first
# program's result is written: halfway, with devices bound.
run_killed() {
	local pid
	setsid ./run_tests.sh "${device_args[@]}" --bind --results /tmp/killed &
	pid=$!
	for _ in $(seq 600); do
		compgen -G '/tmp/killed/host-group*/*.status' >/dev/null && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	echo "sending SIGTERM to run_tests.sh (pid $pid) after: $(cd /tmp/killed 2>/dev/null && ls -d host-group*/*.status | tr '\n' ' ')"
	kill -TERM "$pid"
	wait "$pid"
}

# what udev's coldplug does at boot: a driver for every device there is,
# twice, for the devices the first drivers create (virtio's on virtio-pci)
for _ in 1 2; do
	find /sys/devices -name modalias -exec cat {} + 2>/dev/null | sort -u | xargs -r modprobe -q -a 2>/dev/null
done
echo "vfioc-host: kernel $(uname -r), devices $HOST_DEVICES" > /dev/console
device_args=()
for d in $HOST_DEVICES; do device_args+=(--device "$d"); done
cd /root/vfio-conformance || channel "host-error no checkout in /root/vfio-conformance"
report_drivers before
step check-host ./run_tests.sh --check-host
step run ./run_tests.sh "${device_args[@]}" --bind -v --results /tmp/run
report_drivers after-run
step killed run_killed
report_drivers after-killed
channel "host-begin lsmod"
cut -d' ' -f1 /proc/modules >&3
channel "host-end lsmod 0"
channel "host-done"
exec 3>&-
sync
echo o > /proc/sysrq-trigger
sleep 5
