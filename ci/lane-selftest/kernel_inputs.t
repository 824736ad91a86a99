#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# --kernel takes a kernel as users have it. From the vtd-6.1 lane's own
# Debian package this makes an RPM set, a usr-merged package, Debian's
# split linux-binary + linux-modules pair and a kernel build tree; a lane boots
# each and runs the suite's container and DMA programs. A package of
# another architecture, and an image without its modules, are refused
# with one sentence.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

lane_kernel=$("$root/vm/kernel.sh" amd64 'linux-image-6\.1\.0-[0-9]+-amd64-unsigned')
deb=$(ls "$vfioc_cache/debs/"linux-image-6.1.0-*-amd64-unsigned_*_amd64.deb | sort -V | tail -n 1)
release=$(cat "$lane_kernel/release")
dpkg-deb -R "$deb" "$tmp/raw"

# Every package made here is the same, byte for byte, from one run to the
# next (fixed times, as reproducible builds fix them): vm/kernel.sh keys
# its cache by content, and finds each unpacked once, not once a run.
export SOURCE_DATE_EPOCH=1
same_times() { find "$@" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +; }

# pack NAME DIR: a .deb of DIR as it stands
pack() {
	mkdir -p "$2/DEBIAN"
	printf 'Package: %s\nVersion: 1\nArchitecture: amd64\nMaintainer: self-test\nDescription: repacked\n' \
		"$1" > "$2/DEBIAN/control"
	same_times "$2"
	dpkg-deb -Znone -b "$2" "$tmp/$1.deb" > /dev/null
}
# usr-merged: /usr/lib/modules
mkdir -p "$tmp/usr/usr/lib"
cp -al "$tmp/raw/boot" "$tmp/usr/boot"
cp -al "$tmp/raw/lib/modules" "$tmp/usr/usr/lib/modules"
pack usr-merged "$tmp/usr"
# split: the image in the module directory (linux-binary), modules apart
mkdir -p "$tmp/bin/usr/lib/modules/$release" "$tmp/mod/usr/lib"
cp "$tmp/raw/boot/vmlinuz-$release" "$tmp/bin/usr/lib/modules/$release/vmlinuz"
cp -al "$tmp/raw/lib/modules" "$tmp/mod/usr/lib/modules"
pack linux-binary "$tmp/bin"
pack linux-modules "$tmp/mod"
# a build tree: image, the modules where the build left them, module lists
tree=$tmp/tree
mkdir -p "$tree/arch/x86/boot" "$tree/include/config"
echo "$release" > "$tree/include/config/kernel.release"
cp "$tmp/raw/boot/vmlinuz-$release" "$tree/arch/x86/boot/bzImage"
: > "$tree/Makefile"
(cd "$tmp/raw/lib/modules/$release/kernel" && find drivers/vfio drivers/virtio drivers/iommu virt -name '*.ko*' 2>/dev/null) |
while read -r m; do
	mkdir -p "$tree/$(dirname "$m")"
	case "$m" in *.xz) xz -dc "$tmp/raw/lib/modules/$release/kernel/$m" > "$tree/${m%.xz}" ;;
	*) cp "$tmp/raw/lib/modules/$release/kernel/$m" "$tree/$m" ;; esac
	m=${m%.xz}
	echo "${m%.ko}.o" >> "$tree/modules.order"
done
cp "$tmp/raw/lib/modules/$release/modules.builtin"* "$tree/"

# An RPM set as Fedora splits a kernel: the image in the module directory
# (kernel-core), the modules apart (kernel-modules-core); rpmbuild
# packs them, stored uncompressed and untouched by its post-processing.
rpm_of() {	# NAME DIR: an RPM of DIR's files
	local name=$1 dir=$2
	mkdir -p "$tmp/rpm/SPECS"
	{
		printf 'Name: %s\nVersion: 1\nRelease: 1\nSummary: repacked\nLicense: GPL-2.0-only\n' "$name"
		printf 'BuildArch: x86_64\nAutoReqProv: no\n%%global __os_install_post %%{nil}\n'
		printf '%%define _binary_payload w0.gzdio\n%%global debug_package %%{nil}\n'
		printf '%%description\nrepacked\n%%install\ncp -a %s/. %%{buildroot}/\n%%files\n/lib\n' "$dir"
	} > "$tmp/rpm/SPECS/$name.spec"
	same_times "$dir"
	rpmbuild --quiet --define "_topdir $tmp/rpm" --define 'use_source_date_epoch_as_buildtime 1' \
		--define 'clamp_mtime_to_source_date_epoch 1' --define '_buildhost self-test' \
		-bb "$tmp/rpm/SPECS/$name.spec" > "$tmp/rpm/$name.log" 2>&1
	ls "$tmp/rpm/RPMS/x86_64/$name-1-1.x86_64.rpm"
}
rpms=()
if command -v rpmbuild >/dev/null; then
	mkdir -p "$tmp/core/lib/modules/$release" "$tmp/modcore/lib/modules/$release/kernel/drivers"
	cp "$tmp/raw/boot/vmlinuz-$release" "$tmp/core/lib/modules/$release/vmlinuz"
	for d in drivers/vfio drivers/virtio drivers/pci drivers/char virt; do
		[ ! -d "$tmp/raw/lib/modules/$release/kernel/$d" ] ||
			cp -a "$tmp/raw/lib/modules/$release/kernel/$d" "$tmp/modcore/lib/modules/$release/kernel/$d"
	done
	cp "$tmp/raw/lib/modules/$release/modules."{builtin,order} "$tmp/modcore/lib/modules/$release/"
	rpms=("$(rpm_of kernel-core "$tmp/core")" "$(rpm_of kernel-modules-core "$tmp/modcore")")
fi

# boots NAME INPUT...: the lane runs with --kernel INPUT...
boots() {
	local name=$1 out
	shift
	n=$((n + 1))
	out=$(VFIO_CONFORMANCE_KERNEL=$(printf '%s\n' "$@") VFIO_CONFORMANCE_PROGRAMS="container dma_functional" \
		VFIO_CONFORMANCE_RESULTS=$tmp/results-$name "$root/vm/run-lane" "$root/lanes/vtd-6.1" 2>&1) || true
	if grep -q "^ok .* setup" <<<"$out" && grep -q "^ok .* lane_finished" <<<"$out" &&
	   grep -q "kernel $release" <<<"$out" &&
	   "$root/tools/tap-exec" "$tmp/results-$name/vtd-6.1/dma_functional.tap" > /dev/null; then
		echo "ok $n kernel_inputs.$name"
	else
		echo "not ok $n kernel_inputs.$name"
		sed 's/^/# /' <<<"$out" | head -n 12
	fi
}
# refused NAME PATTERN INPUT...
refused() {
	local name=$1 pattern=$2 out
	shift 2
	n=$((n + 1))
	out=$(VFIO_CONFORMANCE_KERNEL=$(printf '%s\n' "$@") VFIO_CONFORMANCE_RESULTS=$tmp/results-$name \
		"$root/vm/run-lane" "$root/lanes/vtd-6.1" 2>&1) || true
	if grep -q -- "^not ok 1 vtd-6.1: lane_ran # .*$pattern" <<<"$out"; then
		echo "ok $n kernel_inputs.$name"
	else
		echo "not ok $n kernel_inputs.$name"
		sed 's/^/# /' <<<"$out" | head -n 6
	fi
}

echo "TAP version 13"
echo "1..9"
if [ ${#rpms[@]} -eq 2 ]; then
	boots rpm_set "${rpms[@]}"
else
	n=$((n + 1))
	echo "ok $n kernel_inputs.rpm_set # SKIP no rpmbuild to make an RPM with (apt-get install rpm)"
fi
boots usr_merged_package "$tmp/usr-merged.deb"
boots split_binary_and_modules "$tmp/linux-binary.deb" "$tmp/linux-modules.deb"
boots build_tree "$tree"
refused image_without_modules "hold no modules .*give the modules package too" "$tmp/linux-binary.deb"
arm=$(ls "$vfioc_cache/debs/"linux-image-6.1.0-*-arm64-unsigned_*_arm64.deb 2>/dev/null | tail -n 1)
if [ -n "$arm" ]; then
	refused wrong_architecture "is not a kernel for amd64: its modules are 'ELF 64-bit LSB relocatable, ARM aarch64" "$arm"
else
	echo "ok 6 kernel_inputs.wrong_architecture # SKIP no arm64 package in the cache"
fi

# A driver built into the kernel satisfies the lane's module list: Debian
# 7.2's arm64 kernel has virtio_pci built in (modules.builtin of linux-base).
sed "s/^LANE_MODULES=.*/LANE_MODULES='virtio_pci vfio vfio_iommu_type1 vfio-pci'/" \
	"$root/lanes/smmuv3-7.2" > "$tmp/smmuv3-7.2"
out=$(VFIO_CONFORMANCE_PROGRAMS=container VFIO_CONFORMANCE_RESULTS=$tmp/results-builtin \
	"$root/vm/run-lane" "$tmp/smmuv3-7.2" 2>&1) || true
if grep -q "^ok .* smmuv3-7.2: setup" <<<"$out" && grep -q "^ok .* lane_finished" <<<"$out"; then
	echo "ok 7 kernel_inputs.driver_built_in"
else
	echo "not ok 7 kernel_inputs.driver_built_in"
	sed 's/^/# /' <<<"$out" | head -n 12
fi

# A kernel build tree as kernel CI leaves it: the zpci lane's kernel, built
# from Debian's linux-source with no modules at all (everything built in),
# booted from its tree.
zpci_tree=$("$root/vm/kernel-build.sh" s390x linux-source-6.1 "$root/lanes/kernel-configs/zpci-6.1.config").tree
out=$(VFIO_CONFORMANCE_KERNEL=$zpci_tree VFIO_CONFORMANCE_PROGRAMS="container zpci" \
	VFIO_CONFORMANCE_RESULTS=$tmp/results-tree "$root/vm/run-lane" "$root/lanes/zpci-6.1" 2>&1) || true
if grep -q "^ok .* zpci-6.1: setup" <<<"$out" && grep -q "^ok .* lane_finished" <<<"$out" &&
   "$root/tools/tap-exec" "$tmp/results-tree/zpci-6.1/zpci.tap" > /dev/null; then
	echo "ok 8 kernel_inputs.build_tree_from_linux_source"
else
	echo "not ok 8 kernel_inputs.build_tree_from_linux_source"
	sed 's/^/# /' <<<"$out" | head -n 12
fi

# A tree rebuilt -- here one kept module changed -- is a new kernel to the
# cache, and the same tree copied elsewhere is the same one: what the
# cache is keyed by is what the lane boots.
first=$("$root/vm/kernel.sh" amd64 --given "$tree" 2>>"$tmp/kernel.err") || true
cp -a "$tree" "$tmp/tree-copy"
copy=$("$root/vm/kernel.sh" amd64 --given "$tmp/tree-copy" 2>>"$tmp/kernel.err") || true
one=$(find "$tmp/tree-copy/drivers/vfio" -name '*.ko' | head -n 1)
printf '\n' >> "$one"
rebuilt=$("$root/vm/kernel.sh" amd64 --given "$tmp/tree-copy" 2>>"$tmp/kernel.err") || true
if [ -d "$first" ] && [ "$copy" = "$first" ] && [ -d "$rebuilt" ] && [ "$rebuilt" != "$first" ]; then
	echo "ok 9 kernel_inputs.rebuilt_tree_is_a_new_kernel"
else
	echo "not ok 9 kernel_inputs.rebuilt_tree_is_a_new_kernel"
	printf '# the tree: %s\n# its copy: %s\n# rebuilt (%s changed): %s\n' "$first" "$copy" "${one#"$tmp"/}" "$rebuilt"
	sed "s/^/# /" "$tmp/kernel.err"
fi
[ ! -d "$rebuilt" ] || [ "$rebuilt" = "$first" ] || rm -rf "$rebuilt"
