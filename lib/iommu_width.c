// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iommu_width.h"
#include "text_file.h"

int iommu_width_parse_vtd_cap(const char *text, const char *origin, unsigned int *bits,
			      struct problem *p)
{
	uint64_t cap;
	char *end;

	problem_clear(p);
	errno = 0;
	cap = strtoull(text, &end, 16);
	if (errno || end == text || strcmp(end, "\n"))
		return problem_set(p, IOMMU_WIDTH_MALFORMED,
				   "%s: expected the capability register in hex and a newline, not '%.40s'",
				   origin, text);
	*bits = ((cap >> 16) & 0x3f) + 1;
	if (*bits < 32)
		return problem_set(p, IOMMU_WIDTH_MALFORMED,
				   "%s: MGAW says %u address bits, fewer than any VT-d has", origin, *bits);
	return IOMMU_WIDTH_OK;
}

int iommu_width_read(const char *class_root, const char *iommu, unsigned int *bits,
		     struct problem *p)
{
	char path[512];
	char *text;
	int ret;

	snprintf(path, sizeof(path), "%s/%s/intel-iommu/cap", class_root, iommu);
	if (access(path, F_OK))
		return problem_set(p, IOMMU_WIDTH_UNREPORTED,
				   "%s reports no address width in sysfs (no %s)", iommu, path);
	text = text_file_read(path, 64, p);
	if (!text)
		return p->code = IOMMU_WIDTH_MALFORMED;
	ret = iommu_width_parse_vtd_cap(text, path, bits, p);
	free(text);
	return ret;
}
