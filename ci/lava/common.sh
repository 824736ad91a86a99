# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# What the LAVA self-tests share: the checkout and its build, the lib,
# a temporary directory removed on exit, and TAP results named "lava.".
# Sourced, never run.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck disable=SC2034 # read by the scripts that source this
build=${VFIO_CONFORMANCE_BUILD:-$root/build}
# shellcheck source=tools/lib.sh
. "$root/tools/lib.sh"
# shellcheck disable=SC2034 # read by ci/tap.sh
tap_prefix=lava.
# shellcheck source=ci/tap.sh
. "$root/ci/tap.sh"
