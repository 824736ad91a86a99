// SPDX-License-Identifier: GPL-2.0-only
#include "failure_context.h"
#include "info_chain.h"
#include "sysfs_iommu.h"

#define REGIONS_SHOWN 32

static void dump_info(FILE *out, int container)
{
	struct info_chain ic;
	struct problem p;

	if (__iommu_info_read(container, &ic, &p)) {
		fprintf(out, "# %s\n", p.text);
		return;
	}
	fprintf(out, "# VFIO_IOMMU_GET_INFO: argsz %u flags 0x%x iova_pgsizes 0x%llx\n",
		vfio_info_argsz(&ic.raw), vfio_info_flags(&ic.raw),
		(unsigned long long)vfio_iommu_info_pgsizes(&ic.raw));
	cap_chain_dump(out, ic.raw.buf, &ic.chain);
	info_chain_free(&ic);
}

static void dump_regions(FILE *out, const struct failure_context *ctx)
{
	struct resv_region r[REGIONS_SHOWN];
	struct problem p;
	size_t n;

	if (resv_regions_read(ctx->iommu_groups_sysfs, ctx->dut->group, r,
			      REGIONS_SHOWN, &n, &p)) {
		fprintf(out, "# reserved regions: %s\n", p.text);
		return;
	}
	fprintf(out, "# group %u reserved_regions (%zu):\n", ctx->dut->group, n);
	for (size_t i = 0; i < n && i < REGIONS_SHOWN; i++)
		fprintf(out, "#   0x%016llx 0x%016llx %s\n",
			(unsigned long long)r[i].range.start,
			(unsigned long long)r[i].range.end, resv_type_name(r[i].type));
}

void failure_context_dump(FILE *out, const struct failure_context *ctx, int container)
{
	fprintf(out, "# kernel %s %s, device %s, group %u, %s\n", ctx->release,
		ctx->machine, ctx->dut->bdf, ctx->dut->group, ctx->fixture);
	if (container >= 0)
		dump_info(out, container);
	dump_regions(out, ctx);
}
