# SPDX-License-Identifier: GPL-2.0-only
#
# vfio-conformance. Targets:
#   make            build every test program for every ABI
#   make unit       the offline tier (ABI layout, lib unit tests) via prove
#   make lanes      the suite in every virtual runner (lanes/*)
#   make negative   broken vfio_iommu_type1 variants: each must be caught
#   make bench      time each lane: suite run against a bare boot
#   make soak       stress and differential runs for SOAK_SECONDS (60) in every lane
#   make check      everything the project tests about itself (unit,
#                   fuzz-smoke, and lanes, negative and lava-check as one pool)
# Set KSFT_DIR to a kernel tree's tools/testing/selftests to take the
# kselftest harness from there instead of Debian's linux-source-6.12.

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SECONDARY:

BUILD ?= build
KSFT_TARBALL ?= /usr/src/linux-source-6.12.tar.xz
# abis.tsv has one line per ABI: its name (column 1) and cross compiler (4).
comma := ,
ABIS := $(shell awk -F'\t' '/^[a-z]/ { print $$1 }' abis.tsv)
$(foreach a,$(ABIS),$(eval CC_$(a) := $(shell awk -F'\t' '$$1 == "$(a)" { print $$4 }' abis.tsv)))
ABI_STRINGS := $(subst " ","$(comma)",$(patsubst %,"%",$(ABIS)))

# Unit tests of lib/ (tests/unit/), run offline on every ABI.
UNIT_TESTS := $(sort $(basename $(notdir $(wildcard tests/unit/*.c))))
# Live tests need a VFIO container and device: the host's devices, lanes.
LIVE_TESTS := $(sort $(filter-out abi_layout abi_layout_static,$(basename $(notdir $(wildcard tests/*.c)))))
LIB_OBJS := $(patsubst lib/%.c,%.o,$(wildcard lib/*.c lib/drivers/*.c))

ifdef KSFT_DIR
KSFT_INC := $(KSFT_DIR)
HARNESS :=
else
KSFT_INC := $(BUILD)/ksft
HARNESS := $(BUILD)/ksft/kselftest_harness.h
endif
UAPI_NEW := $(BUILD)/uapi-new

CFLAGS ?= -O2 -g
# Compiles go through ccache when it is installed (tools/install-deps.sh
# installs it), with its cache beside the lanes' downloads: a clean checkout
# then rebuilds its eleven flavours from the cache. The checkout's path is
# mapped out of the debug info, so that another checkout of the same sources
# hits too.
VFIOC_CACHE := $(shell bash -c '. tools/lib.sh && echo "$$vfioc_cache"')
CCACHE ?= $(shell command -v ccache)
export CCACHE_DIR ?= $(VFIOC_CACHE)/ccache
export CCACHE_BASEDIR := $(CURDIR)
# make V=1 shows every command.
ifeq ($(V),1)
Q :=
say := @true
else
Q := @
say := @printf '  %-4s %s\n'
endif

# Diagnostics are cut to their buffers on purpose: no -Wformat-truncation.
WARNINGS := -Wall -Wextra -Werror -Wno-missing-field-initializers \
	    -Wno-format-truncation
# The harness's EXPECT_EQ(literal, unsigned), its signal handler and its
# printing of pointers as integers (32-bit ABIs) and its setjmp trip these; the kernel's
# own selftests build without -Wextra.
TEST_WARNINGS := -Wno-sign-compare -Wno-unused-parameter -Wno-pointer-to-int-cast -Wno-psabi \
		 -Wno-clobbered
# 64-bit file offsets everywhere: VFIO region offsets sit at index << 40.
CPPFLAGS_ALL := -std=gnu11 $(WARNINGS) -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 \
		-Ilib -I$(KSFT_INC) '-DVFIOC_ABIS=$(ABI_STRINGS)' -fdebug-prefix-map=$(CURDIR)=.
# Static: the same binaries run under qemu-user here and in the lanes'
# initramfs, with no foreign libc to find.
LDLIBS_ALL := -static -linih
# armhf ld aligns segments to 4 KiB; the arm64 lanes run the armhf build on
# 16 KiB-page kernels too, where text and data then share a page and the
# program faults at exec. (arm64's ld already aligns to 64 KiB.)
LDFLAGS_armhf := -Wl,-z,max-page-size=0x10000 -Wl,-z,common-page-size=0x10000

$(BUILD)/ksft/kselftest_harness.h $(UAPI_NEW)/linux/vfio.h $(BUILD)/ksft-runner/run_kselftest.sh &:
	tools/linux-source-extract.sh $(KSFT_TARBALL) $(BUILD)

# compile_source FLAVOUR COMPILER FLAGS: $< into the object $@, with FLAGS
# between the project's and the flavour's
define compile_source
@mkdir -p $(@D)
$(say) CC $@
$(Q)$(CCACHE) $(2) $(CPPFLAGS_ALL) $(3) $(FLAGS_$(1)) $(CFLAGS) -c $< -o $@
endef

# link_program FLAVOUR COMPILER: the objects and library of $^ into $@
define link_program
@mkdir -p $(@D)
$(say) LINK $@
$(Q)$(2) $(FLAGS_$(1)) $(CFLAGS) $^ $(or $(LINK_$(1)),$(LDLIBS_ALL)) $(LDFLAGS_$(patsubst %-uapi-new,%,$(1))) -o $@
endef

# $(1): flavour directory (ABI[-uapi-new]), $(2): compiler, $(3): extra
# include flags, $(4): what the headers come from. Every source is compiled
# on its own, so that the compiler cache has every compile; links are not
# cached.
define flavour_rules
$(BUILD)/$(1)/lib/%.o: lib/%.c $(wildcard lib/*.h lib/drivers/*.h) Makefile abis.tsv | $(HARNESS) $(4)
	$$(call compile_source,$(1),$(2),'-DVFIOC_ABI="$(firstword $(subst -, ,$(1)))"' $(3))

$(BUILD)/$(1)/libvfioc.a: $$(addprefix $(BUILD)/$(1)/lib/,$$(LIB_OBJS))
	@rm -f $$@
	$$(say) AR $$@
	$$(Q)$(patsubst %gcc,%gcc-ar,$(2)) rcs $$@ $$^

$(BUILD)/$(1)/obj/tests/%.o: tests/%.c $(wildcard tests/*.h lib/*.h lib/drivers/*.h) Makefile abis.tsv | $(HARNESS) $(4)
	$$(call compile_source,$(1),$(2),$$(TEST_WARNINGS) $(3))

$(BUILD)/$(1)/obj/unit/%.o: tests/unit/%.c $(wildcard tests/unit/*.h tests/*.h lib/*.h lib/drivers/*.h) Makefile abis.tsv | $(HARNESS) $(4)
	$$(call compile_source,$(1),$(2),$$(TEST_WARNINGS) -Itests/unit -Itests $(3))

$(BUILD)/$(1)/obj/tools/%.o: tools/%.c $(wildcard lib/*.h lib/drivers/*.h) Makefile abis.tsv | $(HARNESS) $(4)
	$$(call compile_source,$(1),$(2),$(3))

$(BUILD)/$(1)/tests/abi_layout: $(BUILD)/$(1)/obj/tests/abi_layout.o $(BUILD)/$(1)/obj/tests/abi_layout_static.o $(BUILD)/$(1)/libvfioc.a
	$$(call link_program,$(1),$(2))
$(BUILD)/$(1)/tests/%: $(BUILD)/$(1)/obj/tests/%.o $(BUILD)/$(1)/libvfioc.a
	$$(call link_program,$(1),$(2))
$(BUILD)/$(1)/unit/%: $(BUILD)/$(1)/obj/unit/%.o $(BUILD)/$(1)/libvfioc.a
	$$(call link_program,$(1),$(2))
$(BUILD)/$(1)/tools/%: $(BUILD)/$(1)/obj/tools/%.o $(BUILD)/$(1)/libvfioc.a
	$$(call link_program,$(1),$(2))
endef

$(foreach a,$(ABIS),$(eval $(call flavour_rules,$(a),$(CC_$(a)),,)))
$(foreach a,$(ABIS),$(eval $(call flavour_rules,$(a)-uapi-new,$(CC_$(a)),-I$(UAPI_NEW),$(UAPI_NEW)/linux/vfio.h)))
# This machine's ABI once more with AddressSanitizer and UBSan: the unit
# tests and the offline tier run in it too (dynamically linked: the
# sanitizers' runtimes are shared libraries).
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
SAN := $(shell bash -c '. tools/lib.sh && abi_of_machine')-san
FLAGS_$(SAN) := $(SANITIZE)
LINK_$(SAN) := -linih
$(eval $(call flavour_rules,$(SAN),$(CC_$(firstword $(subst -, ,$(SAN)))),,))

# Every tier builds the programs first (in parallel: a fresh build for the
# five ABIs took 320 s one file at a time on 2 cores) and runs up to this
# many lanes, variants or self-tests at once.
JOBS ?= $(shell nproc)
BUILD_PROGRAMS_ARGS = --no-print-directory -j$(JOBS) programs

# Every ABI runs every offline test against Debian 12's 6.1 uapi headers;
# the layout check also runs against the newer headers of linux-source.
OFFLINE_PROGRAMS := \
	$(BUILD)/$(SAN)/tests/abi_layout $(addprefix $(BUILD)/$(SAN)/unit/,$(UNIT_TESTS)) \
	$(foreach a,$(ABIS),$(BUILD)/$(a)/tests/abi_layout $(addprefix $(BUILD)/$(a)/unit/,$(UNIT_TESTS))) \
	$(foreach a,$(ABIS),$(BUILD)/$(a)-uapi-new/tests/abi_layout)
LIVE_PROGRAMS := $(foreach a,$(ABIS),$(addprefix $(BUILD)/$(a)/tests/,$(LIVE_TESTS)) \
		   $(BUILD)/$(a)/tools/record-fixture $(BUILD)/$(a)/tools/check-host) \
		 $(addprefix $(BUILD)/$(SAN)/tests/,$(LIVE_TESTS))

.PHONY: all programs deps deps-build deps-lanes unit lanes negative bench lava-check check clean
all: deps-build
	@$(MAKE) $(BUILD_PROGRAMS_ARGS)
programs: $(OFFLINE_PROGRAMS) $(LIVE_PROGRAMS) $(BUILD)/host/vfio-devices
	@# a program whose source is gone must not ship to the lanes
	@for f in $(foreach a,$(ABIS),$(wildcard $(BUILD)/$(a)/tests/*)); do \
		case " abi_layout $(LIVE_TESTS) " in *" $${f##*/} "*) ;; *) rm -f "$$f" ;; esac; \
	done

# What a run on this machine's own devices needs (./run_tests.sh): this
# machine's ABI only, no cross compiler.
HOST_ABI := $(SAN:-san=)
.PHONY: host-programs
host-programs: $(addprefix $(BUILD)/$(HOST_ABI)/tests/,abi_layout $(LIVE_TESTS)) \
	$(BUILD)/$(HOST_ABI)/tools/record-fixture $(BUILD)/$(HOST_ABI)/tools/check-host \
	$(BUILD)/host/vfio-devices

# The host runner's device list, named with libpci (Debian ships no static
# libpci, so this one program is built for this machine only).
$(BUILD)/host/vfio-devices: tools/vfio-devices.c $(BUILD)/$(HOST_ABI)/libvfioc.a
	@mkdir -p $(@D)
	$(say) CC $@
	$(Q)$(CC) $(CPPFLAGS_ALL) '-DVFIOC_ABI="$(HOST_ABI)"' $(CFLAGS) $^ -lpci -linih -o $@

deps-build:
	@tools/install-deps.sh build
deps:
	@tools/install-deps.sh unit
deps-lanes:
	@tools/install-deps.sh lanes

# deps runs first, alone: a missing compiler must be installed before any
# rule that uses it starts.
unit: deps
	@$(MAKE) $(BUILD_PROGRAMS_ARGS)
	VFIO_CONFORMANCE_FIXTURES=fixtures BUILD=$(BUILD) KSFT_INC=$(KSFT_INC) ci/prove-nonempty.sh -j$(JOBS) \
		$(OFFLINE_PROGRAMS) ci/selftest/*.t

LANES := $(sort $(notdir $(shell find lanes -maxdepth 1 -type f)))

# The jobs that boot QEMU, for ci/pool: the lanes and their self-tests (but
# the one that reads the lanes' results, which runs after them), each
# negative variant in each lane it names, the LAVA check.
AFTER_LANES := ci/lane-selftest/check_host.t
LANE_JOBS = $(addprefix lanes/,$(LANES)) $(filter-out $(AFTER_LANES),$(wildcard ci/lane-selftest/*.t))
NEGATIVE_JOBS = $(shell ci/negative/pairs ci/negative/variants/*.patch)
POOL := VFIO_CONFORMANCE_BUILD=$(abspath $(BUILD)) ci/pool -j$(JOBS) $(BUILD)/results

# Every lane and lane self-test in parallel, up to the core count; prove
# fails if any fails.
lanes: deps-lanes
	@$(MAKE) $(BUILD_PROGRAMS_ARGS)
	$(POOL) $(LANE_JOBS) -- $(AFTER_LANES)

# Each variant is built from Debian's linux-source against the lane
# kernel's linux-headers (cross-compiled for arm64) and run in each lane its
# Lanes: line names; prove fails on one not caught.
negative: deps-lanes
	@$(MAKE) $(BUILD_PROGRAMS_ARGS)
	$(POOL) $(NEGATIVE_JOBS)

# The stress tier and the differential runs, SOAK_SECONDS (60) each per
# backend and ABI, alone in every lane.
SOAK_SECONDS ?= 60
.PHONY: soak
soak: deps-lanes
	@$(MAKE) $(BUILD_PROGRAMS_ARGS)
	VFIO_CONFORMANCE_BUILD=$(abspath $(BUILD)) VFIO_CONFORMANCE_PROGRAMS="stress differential" \
		VFIO_CONFORMANCE_STRESS_SECONDS=$(SOAK_SECONDS) \
		VFIO_CONFORMANCE_DIFF_SECONDS=$(SOAK_SECONDS) \
		VFIO_CONFORMANCE_LANE_TIMEOUT=$$(( $(SOAK_SECONDS) * 14 + 300 )) \
		vm/run-lanes -j$(JOBS) $(BUILD)/soak $(addprefix lanes/,$(LANES))

bench: deps-lanes
	@$(MAKE) $(BUILD_PROGRAMS_ARGS)
	VFIO_CONFORMANCE_BUILD=$(abspath $(BUILD)) vm/bench.sh $(LANES)

# The suite as kselftest collection vfio_type1, for this machine's ABI
# unless ABI= says otherwise, into INSTALL_PATH (an installed kselftest
# tree's, or a new one with the kernel's runner); gen_tar packs that tree
# as the kselftest.tar.gz that LKFT's test definition takes.
INSTALL_PATH ?= $(BUILD)/kselftest
ABI ?= $(shell bash -c '. tools/lib.sh && abi_of_machine')
.PHONY: install gen_tar
install: deps-build $(BUILD)/ksft-runner/run_kselftest.sh
	@$(MAKE) $(BUILD_PROGRAMS_ARGS)
	@mkdir -p $(INSTALL_PATH)
	@[ -e $(INSTALL_PATH)/run_kselftest.sh ] || cp -r $(BUILD)/ksft-runner/. $(INSTALL_PATH)/
	tools/ksft-install $(INSTALL_PATH) $(BUILD) $(ABI)
gen_tar: install
	tar -czf $(BUILD)/kselftest.tar.gz -C $(INSTALL_PATH) .
	@echo "wrote $(BUILD)/kselftest.tar.gz"

# libFuzzer targets (fuzz/*.c) for every parser of what a kernel or a
# fixture hands the suite, with ASan and UBSan, built with Debian's clang
# for this machine; make fuzz runs each FUZZ_SECONDS, fuzz-smoke briefly.
FUZZ_TARGETS := $(sort $(basename $(notdir $(filter-out fuzz/seeds.c,$(wildcard fuzz/*.c)))))
FUZZ_SECONDS ?= 60
FUZZ_DIR := $(BUILD)/fuzz
LIB_SRCS := $(wildcard lib/*.c lib/drivers/*.c)

$(FUZZ_DIR)/%: fuzz/%.c fuzz/fuzz.h $(LIB_SRCS) $(wildcard lib/*.h lib/drivers/*.h) Makefile | $(HARNESS)
	@mkdir -p $(@D)
	$(say) FUZZ $@
	$(Q)clang -std=gnu11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -Ilib -I$(KSFT_INC) \
		'-DVFIOC_ABI="x86_64"' '-DVFIOC_ABIS=$(ABI_STRINGS)' -g -O1 \
		-fsanitize=fuzzer $(SANITIZE) $< $(LIB_SRCS) -linih -o $@
$(FUZZ_DIR)/seeds/.made: fuzz/seeds.c tests/unit/crafted.h lib/unaligned.h lib/kernel_abi.h
	@mkdir -p $(@D)
	$(Q)$(CC) -std=gnu11 -Ilib -Itests/unit $< -o $(FUZZ_DIR)/make-seeds
	$(Q)$(FUZZ_DIR)/make-seeds $(@D) && touch $@

.PHONY: fuzz fuzz-build fuzz-smoke
fuzz-build: deps
	@tools/install-deps.sh fuzz
	@$(MAKE) --no-print-directory -j$(JOBS) $(addprefix $(FUZZ_DIR)/,$(FUZZ_TARGETS)) $(FUZZ_DIR)/seeds/.made
fuzz: fuzz-build
	fuzz/run $(FUZZ_SECONDS) $(FUZZ_DIR) $(FUZZ_TARGETS)
# a few seconds each, as prove sees it: part of make check
fuzz-smoke: fuzz-build
	prove -j$(JOBS) --exec "fuzz/run $(FUZZ_SMOKE_SECONDS) $(FUZZ_DIR)" $(addprefix $(FUZZ_DIR)/,$(FUZZ_TARGETS))
FUZZ_SMOKE_SECONDS ?= 5

# The LAVA integration with Debian's lava-dispatcher, as far as it runs
# here (ci/lava/check.t says how far, and why).
.PHONY: deps-lava check-vm
deps-lava: deps-lanes
	@tools/install-deps.sh lava || echo "lava-dispatcher could not be installed: its checks will skip"
lava-check: deps-lava
	@$(MAKE) $(BUILD_PROGRAMS_ARGS)
	VFIO_CONFORMANCE_BUILD=$(abspath $(BUILD)) ci/prove-nonempty.sh ci/lava/check.t ci/lava/run_script.t

# make lanes, negative and lava-check as one pool: no tier waits for the
# last job of the one before it.
check-vm: deps-lava
	@$(MAKE) $(BUILD_PROGRAMS_ARGS)
	$(POOL) $(LANE_JOBS) $(NEGATIVE_JOBS) ci/lava/check.t -- $(AFTER_LANES) ci/lava/run_script.t

check: unit fuzz-smoke check-vm

clean:
	rm -rf $(BUILD)
