// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-devices: the devices the suite tests on this host, chosen by the
 * library's one rule (lib/dut.c: the addresses given, each of which must be
 * bound to vfio-pci in an IOMMU group; else every device bound to
 * vfio-pci), named with libpci's pci.ids. One line each:
 *   BDF VENDOR:DEVICE DRIVER GROUP NAME
 * A device that cannot be tested: its one sentence on stderr, exit 1.
 */
#include <pci/pci.h>
#include <stdio.h>
#include <string.h>

#include "dut.h"

int main(int argc, char **argv)
{
	struct pci_access *pacc = pci_alloc();
	static struct dut duts[DUT_MAX];
	char list[1024] = "", name[256];
	struct problem p;
	size_t count = 0;

	for (int i = 1; i < argc; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s ", argv[i]);
	if (dut_discover(PCI_SYSFS, list, duts, DUT_MAX, &count, &p) && p.code != DUT_NONE) {
		fprintf(stderr, "vfio-devices: %s\n", p.text);
		return 1;
	}
	pci_init(pacc);
	for (size_t i = 0; i < count; i++)
		printf("%s %04x:%04x %s %u %s\n", duts[i].bdf, duts[i].vendor, duts[i].device,
		       duts[i].driver, duts[i].group,
		       pci_lookup_name(pacc, name, sizeof(name),
				       PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE, duts[i].vendor,
				       duts[i].device));
	pci_cleanup(pacc);
	return 0;
}
