// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-devices: the PCI devices the suite can test on this host, found and
 * named with libpci (driver, IOMMU group, pci.ids names). One line each:
 *   BDF VENDOR:DEVICE DRIVER GROUP NAME
 * With BDFs given, those devices (exit 1 naming any that does not exist);
 * without, every device bound to vfio-pci (none: no output, exit 0).
 */
#include <pci/pci.h>
#include <stdio.h>
#include <string.h>

static void describe(struct pci_access *pacc, struct pci_dev *d)
{
	char name[256];
	const char *driver, *group;

	pci_fill_info(d, PCI_FILL_IDENT | PCI_FILL_DRIVER | PCI_FILL_IOMMU_GROUP);
	driver = pci_get_string_property(d, PCI_FILL_DRIVER);
	group = pci_get_string_property(d, PCI_FILL_IOMMU_GROUP);
	printf("%04x:%02x:%02x.%x %04x:%04x %s %s %s\n", d->domain, d->bus, d->dev,
	       d->func, d->vendor_id, d->device_id, driver ? driver : "none",
	       group ? group : "none",
	       pci_lookup_name(pacc, name, sizeof(name),
			       PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE, d->vendor_id,
			       d->device_id));
}

static struct pci_dev *find(struct pci_access *pacc, const char *bdf)
{
	struct pci_filter f;
	char text[64];

	pci_filter_init(pacc, &f);
	snprintf(text, sizeof(text), "%s", bdf);
	if (pci_filter_parse_slot(&f, text))
		return NULL;
	for (struct pci_dev *d = pacc->devices; d; d = d->next)
		if (pci_filter_match(&f, d))
			return d;
	return NULL;
}

int main(int argc, char **argv)
{
	struct pci_access *pacc = pci_alloc();
	int status = 0;

	pci_init(pacc);
	pci_scan_bus(pacc);
	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			struct pci_dev *d = find(pacc, argv[i]);

			if (d) {
				describe(pacc, d);
			} else {
				fprintf(stderr, "vfio-devices: %s: no such PCI device\n", argv[i]);
				status = 1;
			}
		}
	} else {
		for (struct pci_dev *d = pacc->devices; d; d = d->next) {
			const char *driver;

			pci_fill_info(d, PCI_FILL_DRIVER);
			driver = pci_get_string_property(d, PCI_FILL_DRIVER);
			if (driver && !strcmp(driver, "vfio-pci"))
				describe(pacc, d);
		}
	}
	pci_cleanup(pacc);
	return status;
}
