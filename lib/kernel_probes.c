// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "info_chain.h"
#include "kernel_abi.h"
#include "kernel_probes.h"
#include "unaligned.h"

/*
 * Each probe observes one behaviour of an upstream change (SPEC §7.3) and
 * leaves nothing behind: what it maps or opens, it undoes.
 */

/* Does GET_INFO on the set container carry cap id? */
static int info_has_cap(int container, uint16_t id, bool *present, struct problem *p)
{
	struct info_chain ic;
	struct problem none;
	int ret = __iommu_info_read(container, &ic, p);

	if (ret)
		return ret;
	*present = info_chain_cap(&ic, id, &none) != NULL;
	info_chain_free(&ic);
	return 0;
}

/* 9b77e5c79840 series (5.4): GET_INFO says CAPS and has a chain at all. */
static int info_has_caps_flag(int container, bool *present, struct problem *p)
{
	struct info_chain ic;
	int ret = __iommu_info_read(container, &ic, p);

	if (ret)
		return ret;
	*present = vfio_info_flags(&ic.raw) & VFIO_IOMMU_INFO_CAPS;
	info_chain_free(&ic);
	return 0;
}

/* ad721705d09c (5.8) */
static int migration_cap_present(int container, bool *present, struct problem *p)
{
	return info_has_cap(container, KABI_CAP_MIGRATION, present, p);
}

/* 7d6e1329652e (5.10, 5.4.90) */
static int dma_avail_cap_present(int container, bool *present, struct problem *p)
{
	return info_has_cap(container, KABI_CAP_DMA_AVAIL, present, p);
}

/*
 * a881b496941f pads every cap to 8 bytes: DMA_AVAIL (12 bytes of content)
 * then spans 16 bytes up to whatever follows it. Without DMA_AVAIL the
 * same commit is seen in the header: it copies out min(argsz, 24) bytes
 * of a zeroed header, so the pad bytes 20..23 become 0.
 */
static int dma_avail_cap_padded(int container, bool *present, struct problem *p)
{
	uint8_t buf[24];
	struct info_chain ic;
	struct problem none;
	const struct cap_entry *cap;
	int ret = __iommu_info_read(container, &ic, p);

	if (ret)
		return ret;
	cap = info_chain_cap(&ic, KABI_CAP_DMA_AVAIL, &none);
	if (cap)
		*present = cap->extent == 16;
	info_chain_free(&ic);
	if (cap)
		return 0;
	memset(buf, 0xa5, sizeof(buf));
	store_u32(buf, kabi_off(vfio_iommu_type1_info, argsz), sizeof(buf));
	ret = __vfio_iommu_get_info(container, buf);
	if (ret)
		return problem_set(p, ret, "GET_INFO with argsz 24: %s", strerror(-ret));
	*present = !load_u32(buf, 20);
	return 0;
}

/* What a newly opened container, with no group, says of an extension. */
static int fresh_extension(unsigned long extension, int *answer, struct problem *p)
{
	int fresh = __vfio_container_open();

	if (fresh < 0)
		return problem_set(p, fresh, "open %s: %s", VFIO_CONTAINER_PATH, strerror(-fresh));
	*answer = __vfio_check_extension(fresh, extension);
	close(fresh);
	if (*answer < 0)
		return problem_set(p, *answer, "CHECK_EXTENSION(%lu) on a fresh container: %s",
				   extension, strerror(-*answer));
	return 0;
}

/* c19650995374 series (5.12): type1 claims UNMAP_ALL. */
static int unmap_all_claimed(int container __attribute__((unused)), bool *present, struct problem *p)
{
	int answer, ret = fresh_extension(VFIO_UNMAP_ALL, &answer, p);

	*present = answer == 1;
	return ret;
}

/*
 * ef3a3f6a294b (6.3, 6.1.y): UPDATE_VADDR is offered only once a container
 * holds a non-mdev group, so a fresh container says 0 -- where the
 * extension exists at all (5.12 on).
 */
static int vaddr_needs_a_group(int container __attribute__((unused)), bool *present, struct problem *p)
{
	int vaddr, all, ret = fresh_extension(VFIO_UNMAP_ALL, &all, p);

	if (!ret)
		ret = fresh_extension(VFIO_UPDATE_VADDR, &vaddr, p);
	*present = !ret && all == 1 && vaddr == 0;
	return ret;
}

/* 35890f85573c (6.13): nothing claims the nesting backend (6). */
static int nesting_unclaimed(int container __attribute__((unused)), bool *present, struct problem *p)
{
	int answer, ret = fresh_extension(6, &answer, p);

	*present = answer == 0;
	return ret;
}

/*
 * 6012379ede6a (6.18): an UNMAP whose range wraps 2^64 is EOVERFLOW, where
 * older kernels said EINVAL. Nothing is unmapped on either path.
 */
static int unmap_wrap_is_eoverflow(int container, bool *present, struct problem *p)
{
	struct iova_space io;
	int ret = __iova_space_read(container, &io, p);

	if (ret)
		return ret;
	ret = __vfio_unmap_dma(container, -io.granule, 2 * io.granule, 0, NULL);
	if (ret != -EOVERFLOW && ret != -EINVAL)
		return problem_set(p, ret ? ret : -EPROTO,
				   "UNMAP {iova 2^64-0x%llx, size 0x%llx}: %s, neither EOVERFLOW nor EINVAL",
				   (unsigned long long)io.granule, 2ull * io.granule,
				   ret ? strerror(-ret) : "success");
	*present = ret == -EOVERFLOW;
	return 0;
}

static const struct {
	const char *name;
	int (*run)(int container, bool *present, struct problem *p);
} probes[] = {
	{ "info_has_caps_flag", info_has_caps_flag },
	{ "migration_cap_present", migration_cap_present },
	{ "dma_avail_cap_present", dma_avail_cap_present },
	{ "dma_avail_cap_padded", dma_avail_cap_padded },
	{ "unmap_all_claimed", unmap_all_claimed },
	{ "vaddr_needs_a_group", vaddr_needs_a_group },
	{ "nesting_unclaimed", nesting_unclaimed },
	{ "unmap_wrap_is_eoverflow", unmap_wrap_is_eoverflow },
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
