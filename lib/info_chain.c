// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>

#include "cap_readers.h"
#include "info_chain.h"
#include "kernel_abi.h"

int __iommu_info_read(int container, struct info_chain *ic, struct problem *p)
{
	int ret = __vfio_iommu_info_fetch(container, &ic->raw);

	problem_clear(p);
	memset(&ic->chain, 0, sizeof(ic->chain));
	if (ret)
		return problem_set(p, ret, "VFIO_IOMMU_GET_INFO: %s", strerror(-ret));
	cap_chain_walk(ic->raw.buf, ic->raw.len, vfio_iommu_info_cap_offset(&ic->raw),
		       kabi_sizeof(vfio_iommu_type1_info), CAP_NS_IOMMU_INFO, &ic->chain);
	return 0;
}

int __device_info_read(int device, uint32_t floor, struct info_chain *ic,
		       struct problem *p)
{
	int ret = __vfio_device_info_fetch(device, &ic->raw);

	problem_clear(p);
	memset(&ic->chain, 0, sizeof(ic->chain));
	if (ret)
		return problem_set(p, ret, "VFIO_DEVICE_GET_INFO: %s", strerror(-ret));
	cap_chain_walk(ic->raw.buf, ic->raw.len, vfio_device_info_cap_offset(&ic->raw),
		       floor, CAP_NS_DEVICE_INFO, &ic->chain);
	return 0;
}

void info_chain_free(struct info_chain *ic)
{
	vfio_info_buf_free(&ic->raw);
}

const struct cap_entry *info_chain_cap(const struct info_chain *ic, uint16_t id,
				       struct problem *p)
{
	const struct cap_entry *cap = cap_chain_find(&ic->chain, id);
	const char *name = cap_name(ic->chain.ns, id);

	problem_clear(p);
	if (!cap && ic->chain.problem.code)
		problem_set(p, -EPROTO, "no %s cap before the chain broke: %s",
			    name ? name : "such", ic->chain.problem.text);
	else if (!cap)
		problem_set(p, -ENOENT, "no %s cap in the chain", name ? name : "such");
	return cap;
}

const struct cap_entry *__iommu_info_cap_read(int container, uint16_t id,
					      struct info_chain *ic, struct problem *p)
{
	const struct cap_entry *cap;

	if (__iommu_info_read(container, ic, p))
		return NULL;
	cap = info_chain_cap(ic, id, p);
	if (!cap)
		info_chain_free(ic);
	return cap;
}

int __iommu_dma_avail(int container, uint32_t *avail, struct problem *p)
{
	struct info_chain ic;
	const struct cap_entry *cap = __iommu_info_cap_read(container, KABI_CAP_DMA_AVAIL, &ic, p);

	if (!cap)
		return p->code;
	cap_read_dma_avail(ic.raw.buf, cap, avail, p);
	info_chain_free(&ic);
	return p->code;
}

int __iova_space_read(int container, struct iova_space *io, struct problem *p)
{
	struct info_chain ic;
	const struct cap_entry *cap;

	if (__iommu_info_read(container, &ic, p))
		return p->code;
	io->pgsizes = vfio_iommu_info_pgsizes(&ic.raw);
	io->granule = io->pgsizes & -io->pgsizes;
	io->nr = 0;
	cap = info_chain_cap(&ic, KABI_CAP_IOVA_RANGE, p);
	if (cap)
		cap_read_iova_ranges(ic.raw.buf, cap, io->r, IOVA_SPACE_MAX, &io->nr, p);
	info_chain_free(&ic);
	return p->code;
}
