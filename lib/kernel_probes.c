// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>

#include "cap_chain.h"
#include "kernel_abi.h"
#include "kernel_probes.h"
#include "vfio_calls.h"

#define CAP_DMA_AVAIL 3

/*
 * a881b496941f pads every cap to 8 bytes: DMA_AVAIL (12 bytes of content)
 * then spans 16 bytes up to whatever follows it.
 */
static int dma_avail_cap_padded(int container, bool *present, struct problem *p)
{
	struct vfio_info_buf info;
	struct cap_chain chain;
	const struct cap_entry *cap;
	int ret = __vfio_iommu_info_fetch(container, &info);

	if (ret)
		return problem_set(p, ret, "VFIO_IOMMU_GET_INFO: %s", strerror(-ret));
	ret = cap_chain_walk(info.buf, info.len, vfio_iommu_info_cap_offset(&info),
			     kabi_sizeof(vfio_iommu_type1_info), CAP_NS_IOMMU_INFO,
			     &chain);
	cap = ret ? NULL : cap_chain_find(&chain, CAP_DMA_AVAIL);
	if (ret)
		problem_set(p, -EPROTO, "cap chain: %s", chain.problem.text);
	else if (!cap)
		problem_set(p, -ENOENT, "no DMA_AVAIL cap to look at");
	else
		*present = cap->extent == 16;
	vfio_info_buf_free(&info);
	return p->code;
}

static const struct {
	const char *name;
	int (*run)(int container, bool *present, struct problem *p);
} probes[] = {
	{ "dma_avail_cap_padded", dma_avail_cap_padded },
};

bool kernel_probe_known(const char *name)
{
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		if (!strcmp(probes[i].name, name))
			return true;
	return false;
}

int kernel_probe_run(const char *name, int container, bool *present,
		     struct problem *p)
{
	problem_clear(p);
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		if (!strcmp(probes[i].name, name))
			return probes[i].run(container, present, p);
	return problem_set(p, -EINVAL, "no probe named %s", name);
}
