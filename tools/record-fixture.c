// SPDX-License-Identifier: GPL-2.0-only
/*
 * record-fixture: writes a platform fixture (fixtures/platforms format) from
 * the live system, for run_tests.sh --record: a validation team blesses a
 * known-good kernel with it and checks the next kernel against it. The
 * device is the first of $VFIO_CONFORMANCE_BDF, else of those bound to
 * vfio-pci; page sizes and windows are what this kernel reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "cap_chain.h"
#include "dut.h"
#include "info_chain.h"
#include "kernel_abi.h"
#include "sysfs_iommu.h"
#include "vfio_calls.h"

/* "dmar0" -> "dmar*", "smmu3.0x0000000009050000" -> "smmu3.*" */
static void instance_glob(const char *name, char *out, size_t size)
{
	size_t keep = strcspn(name, ".0123456789");

	snprintf(out, size, "%.*s%s*", (int)keep, name, name[keep] == '.' ? "." : "");
}

int main(void)
{
	struct dut d[DUT_MAX];
	struct resv_region r[64];
	struct vfio_info_buf info;
	struct iova_space io;
	struct utsname uts;
	struct problem p;
	size_t n, nr;
	char glob[128];
	int container, group, ret;

	uname(&uts);
	if (dut_discover(PCI_SYSFS, getenv("VFIO_CONFORMANCE_BDF"), d, DUT_MAX, &n, &p)) {
		fprintf(stderr, "record-fixture: %s\n", p.text);
		return 1;
	}
	container = __vfio_container_open();
	group = __vfio_group_open(d[0].group);
	ret = container < 0 ? container : group < 0 ? group :
	      __vfio_group_set_container(group, container) ?:
	      __vfio_set_iommu(container, VFIO_TYPE1v2_IOMMU) ?:
	      __vfio_iommu_info_fetch(container, &info);
	if (ret) {
		fprintf(stderr, "record-fixture: a type1v2 container for group %u: %s\n",
			d[0].group, strerror(-ret));
		return 1;
	}
	if (resv_regions_read(IOMMU_GROUPS_SYSFS, d[0].group, r, 64, &nr, &p)) {
		fprintf(stderr, "record-fixture: %s\n", p.text);
		return 1;
	}
	printf("; recorded by run_tests.sh --record on %s %s (%s), device %s [%04x:%04x]\n",
	       uts.release, uts.machine, uts.version, d[0].bdf, d[0].vendor, d[0].device);
	printf("[platform]\nname = %s behind %s, recorded on %s\narch = %s\n", uts.machine,
	       d[0].iommu, uts.release, uts.machine);
	if (!strcmp(d[0].iommu_driver, "virtio_iommu")) {
		printf("iommu_driver = %s\n", d[0].iommu_driver);
	} else {
		instance_glob(d[0].iommu, glob, sizeof(glob));
		printf("iommu = %s\n", glob);
	}
	printf("page_size = %ld\n\n", sysconf(_SC_PAGESIZE));
	printf("[iova_pgsizes]\nmust = 0x%llx\nmay = 0x%llx\n",
	       (unsigned long long)vfio_iommu_info_pgsizes(&info),
	       (unsigned long long)vfio_iommu_info_pgsizes(&info));
	/* A73: where this machine's IOVA space ends, exactly */
	if (!__iova_space_read(container, &io, &p) && io.nr)
		printf("\n[aperture]\nend = 0x%llx\n", (unsigned long long)io.r[io.nr - 1].end);
	for (size_t i = 0; i < nr; i++) {
		if (r[i].type == RESV_DIRECT_RELAXABLE)
			continue;	/* mappable: not a window */
		printf("\n[window %s%zu]\nstart = 0x%llx\nend = 0x%llx\ntype = %s\n",
		       resv_type_name(r[i].type), i, (unsigned long long)r[i].range.start,
		       (unsigned long long)r[i].range.end, resv_type_name(r[i].type));
	}
	vfio_info_buf_free(&info);
	close(group);
	close(container);
	return 0;
}
