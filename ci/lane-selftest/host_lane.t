#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The README's path on a real host, taken in a lane that is one
# (vm/host-lane): a Debian userspace, two devices in two IOMMU groups on
# their own driver, ./run_tests.sh --check-host and --device A --device B
# --bind, and a run stopped by SIGTERM halfway; its TAP is this test's.
exec "$(cd "$(dirname "$0")/../.." && pwd)/vm/host-lane"
