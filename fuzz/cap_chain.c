// SPDX-License-Identifier: GPL-2.0-only
/*
 * The capability-chain walker and every cap reader on whatever a kernel
 * might write: the input is an info buffer, read as the suite reads one,
 * from the cap_offset in its header; in both namespaces; and the chain's
 * dump too, since a failure prints it.
 */
#include <stdio.h>

#include "cap_chain.h"
#include "cap_readers.h"
#include "fuzz.h"
#include "kernel_abi.h"
#include "unaligned.h"

static void walk_and_read(const uint8_t *buf, uint32_t len, uint32_t first,
			  uint32_t floor, enum cap_namespace ns)
{
	struct cap_chain chain;
	char line[400];

	static FILE *sink;

	/* the dump is formatted in full, and its bytes go nowhere */
	if (!sink)
		sink = fopen("/dev/null", "w");
	cap_chain_walk(buf, len, first, floor, ns, &chain);
	for (unsigned int i = 0; i < chain.count; i++)
		cap_decode(ns, buf, &chain.caps[i], line, sizeof(line));
	if (sink)
		cap_chain_dump(sink, buf, &chain);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf;
	uint32_t first = 0;

	if (size > 65536)
		return 0;
	/* the IOMMU and the device info headers have cap_offset at one place */
	if (size >= kabi_off(vfio_iommu_type1_info, cap_offset) + 4)
		first = load_u32(data, kabi_off(vfio_iommu_type1_info, cap_offset));
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	walk_and_read(buf, size, first, kabi_sizeof(vfio_iommu_type1_info), CAP_NS_IOMMU_INFO);
	walk_and_read(buf, size, first, kabi_sizeof_before(vfio_device_info), CAP_NS_DEVICE_INFO);
	free(buf);
	return 0;
}
