#!/bin/busybox sh
# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0-only
#
# /init of a lane's initramfs: load the VFIO modules, bind the lane's test
# devices to vfio-pci, run every suite program, and write their TAP to the
# lane's own channel (not the console) between framing lines the host reads:
#   ### vfioc-setup ok|error TEXT
#   ### vfioc-begin PROGRAM ... ### vfioc-end PROGRAM STATUS SECONDS
#   ### vfioc-times boot SECONDS setup SECONDS
#   ### vfioc-report NAME ... ### vfioc-report-end (a report, not TAP)
#   ### vfioc-set NAME (module sets: what follows is that set's, with a
#       vfioc-setup line of its own)
#   ### vfioc-done
# The kernel log gets "vfioc: begin|end PROGRAM" too, so that a warning in
# the console can be charged to the program that was running.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# what udev would add: the kselftest runner logs to /dev/stdout
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr
mkdir -p /tmp && mount -t tmpfs tmpfs /tmp
# seconds since the kernel started, to the hundredth
uptime_s() { read -r up _ < /proc/uptime; echo "$up"; }
booted=$(uptime_s)

. /lane/env
setup_error=""
# load_modules [DIR]: the lane's modules in order, each from DIR where DIR
# has it (a module set's replacements)
load_modules() {
	for m in $(cat /lane/modules); do
		args="" ko=/lib/modules/$m.ko
		[ -f "/lane/params/$m" ] && args=$(cat "/lane/params/$m")
		[ -n "${1:-}" ] && [ -f "$1/$m.ko" ] && ko=$1/$m.ko
		insmod "$ko" $args || setup_error="$setup_error insmod $m failed;"
	done
}
load_modules

# On virtio-iommu lanes even the TAP port probes only once the IOMMU module
# is loaded, so the channel opens after the modules.
tap=$LANE_TAP_GUEST
i=0
while [ ! -c "$tap" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
stty -F "$tap" raw -echo 2>/dev/null
exec 3>"$tap"
say() { echo "$*" >&3; }
finish() {
	# leave the machine as found: every device back on its driver
	if /lane/bind-vfio.sh --restore > /tmp/restore.out 2>&1; then
		say "### vfioc-restore ok $(tr '\n' ' ' < /tmp/restore.out)"
	else
		say "### vfioc-restore error $(tr '\n' ' ' < /tmp/restore.out)"
	fi
	say "### vfioc-done"
	sync
	poweroff -f
}

# The lane's devices go to vfio-pci the way a user's would: bind-vfio.sh,
# which records the driver each had so that the end of the run restores it.
bound="" bdfs=""
for d in /sys/bus/pci/devices/*; do
	id="$(cat "$d/vendor"):$(cat "$d/device")"
	case " $LANE_BIND " in
	*" $id "*) ;;
	*) continue ;;
	esac
	bdfs="$bdfs ${d##*/}"
	bound="$bound ${d##*/}($id)"
done
# all in one call: under TCG each process the script starts costs
# milliseconds, and a call per device repeated its checks
bind() {
	# shellcheck disable=SC2086 # a list of addresses
	if [ -n "$bdfs" ] && ! /lane/bind-vfio.sh $bdfs > /dev/null 2>/tmp/bind.err; then
		setup_error="$setup_error $(cat /tmp/bind.err);"
	fi
}
bind
[ -n "$bound" ] || [ -z "$LANE_BIND" ] || setup_error="$setup_error no device of '$LANE_BIND' found;"

# The kernel's own word on each module it loaded: taint E marks an unsigned
# one and O one built out of tree, which is how a module from --modules shows
# it is the one in use (a kernel that signs nothing, as a lane's own build,
# shows only O).
say_setup() {
	loaded=""
	for m in $(cat /lane/modules); do
		sysname=$(echo "$m" | tr - _)
		loaded="$loaded $m($(cat "/sys/module/$sysname/taint" 2>/dev/null))"
	done
	if [ -n "$setup_error" ]; then
		say "### vfioc-setup error$setup_error"
	else
		say "### vfioc-setup ok bound:$bound; modules:$loaded"
	fi
}
say_setup
say "### vfioc-times boot $booted setup $(echo "$(uptime_s) $booted" | awk '{ printf "%.2f", $1 - $2 }')"

# For another dispatcher (LAVA): set up, bound, and a shell on the console.
if [ -f /lane/interactive ]; then
	export PS1='vfioc# ' HOME=/root
	mkdir -p /root
	exec setsid cttyhack sh
fi

# run PROGRAM COMMAND...: one program's output framed, its time measured,
# and the kernel log marked around it.
run() {
	name=$1
	shift
	say "### vfioc-begin $name"
	echo "vfioc: begin $name" > /dev/kmsg
	start=$(uptime_s)
	"$@" >&3 2>&1
	status=$?
	echo "vfioc: end $name" > /dev/kmsg
	say "### vfioc-end $name $status $(echo "$(uptime_s) $start" | awk '{ printf "%.2f", $1 - $2 }')"
}

# What --check-host says of this machine, kept beside the results.
if [ -x /lane/check-host ]; then
	say "### vfioc-report check-host"
	/lane/check-host /suite/fixtures >&3 2>&1
	say "### vfioc-report-end"
fi

# An installed kselftest tree instead of the suite: the kernel's own
# runner runs the collection, as LKFT and KernelCI do.
if [ -x /kselftest/run_kselftest.sh ]; then
	cd /kselftest && run run_kselftest ./run_kselftest.sh -c vfio_type1
	finish
fi

cd /suite || { say "### vfioc-setup error no /suite"; finish; }
export VFIO_CONFORMANCE_FIXTURES=/suite/fixtures VFIO_CONFORMANCE_FIXTURE="${LANE_FIXTURE:-}"
# Module sets (negative controls, one boot for many): before each set's
# programs, the devices go back to their drivers, every lane module is
# unloaded, last first, and loaded again with the set's replacements, and
# the devices are bound again -- what a boot's set-up does. A module that
# will not unload ends the run: what follows would not be the set's.
if [ -f /lane/sets/order ]; then
	for set in $(cat /lane/sets/order); do
		say "### vfioc-set $set"
		echo "vfioc: set $set" > /dev/kmsg
		setup_error=""
		/lane/bind-vfio.sh --restore > /tmp/restore.out 2>&1 ||
			setup_error="$setup_error restore before the set: $(tr '\n' ' ' < /tmp/restore.out);"
		last_first=""
		for m in $(cat /lane/modules); do last_first="$m $last_first"; done
		for m in $last_first; do
			rmmod "$(echo "$m" | tr - _)" 2>/tmp/rmmod.err ||
				setup_error="$setup_error rmmod $m: $(cat /tmp/rmmod.err);"
		done
		[ -n "$setup_error" ] || load_modules "/lane/sets/$set"
		[ -n "$setup_error" ] || bind
		say_setup
		[ -z "$setup_error" ] || break
		for t in $(cat "/lane/sets/$set/programs"); do
			run "$t" "./tests/$t"
		done
	done
	finish
fi
for t in tests/*; do
	[ -x "$t" ] || continue	# a bare run has none
	run "${t##*/}" "./$t"
done
if [ -x /lane/record-fixture ]; then
	/lane/record-fixture > /tmp/fixture 2>&1
	status=$?
	sed 's/^/### vfioc-fixture /' /tmp/fixture >&3
	say "### vfioc-fixture-end $status"
fi
finish
