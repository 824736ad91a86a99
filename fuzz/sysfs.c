// SPDX-License-Identifier: GPL-2.0-only
/* The reserved_regions and type parsers on any text a sysfs file could hold. */
#include "fuzz.h"
#include "sysfs_iommu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct resv_region r[16];
	enum group_type type;
	struct problem p;
	size_t n;

	if (!text)
		return 0;
	resv_regions_parse(text, "reserved_regions", r, 16, &n, &p);
	group_type_parse(text, "type", &type, &p);
	free(text);
	return 0;
}
