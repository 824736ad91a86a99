// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>

#include "info_chain.h"
#include "kernel_abi.h"
#include "kernel_probes.h"

/*
 * a881b496941f pads every cap to 8 bytes: DMA_AVAIL (12 bytes of content)
 * then spans 16 bytes up to whatever follows it.
 */
static int dma_avail_cap_padded(int container, bool *present, struct problem *p)
{
	struct info_chain ic;
	const struct cap_entry *cap = __iommu_info_cap_read(container, KABI_CAP_DMA_AVAIL, &ic, p);

	if (!cap)
		return p->code;
	*present = cap->extent == 16;
	info_chain_free(&ic);
	return 0;
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
