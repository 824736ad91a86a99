// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writes the binary seeds of the cap_chain target into DIR: the info
 * buffers the unit tests craft as 6.1 and 6.6 kernels write them (VT-d
 * type1 info, packed and 8-byte aligned; a zPCI device info with and
 * without UTIL).
 */
#include <stdio.h>

#include "crafted.h"

static int seed(const char *dir, const char *name, const uint8_t *buf, uint32_t len)
{
	char path[512];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	ok = fwrite(buf, 1, len, f) == len;
	return fclose(f) == 0 && ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	uint8_t buf[512];
	int bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	bad |= seed(argv[1], "vtd-6.1", buf, put_vtd_info(buf, 0));
	bad |= seed(argv[1], "vtd-6.6", buf, put_vtd_info(buf, 1));
	bad |= seed(argv[1], "zpci-util", buf, put_zpci_info(buf, 1));
	bad |= seed(argv[1], "zpci", buf, put_zpci_info(buf, 0));
	return bad ? 1 : 0;
}
