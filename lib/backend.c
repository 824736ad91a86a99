// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "backend.h"

#define BACKEND_DEFINE(_, n, path, type, how)                                   \
	const struct backend backend_##n = { #n, path, type, how };
BACKEND_TABLE(BACKEND_DEFINE, )
#undef BACKEND_DEFINE

#define BACKEND_ENTRY(_, n, path, type, how) &backend_##n,
const struct backend *const backends[BACKEND_COUNT] = { BACKEND_TABLE(BACKEND_ENTRY, ) };
#undef BACKEND_ENTRY
const size_t backend_count = BACKEND_COUNT;

size_t backend_index(const struct backend *b)
{
	size_t i = 0;

	while (i < backend_count && backends[i] != b)
		i++;
	return i;
}

const struct backend *backend_of_variant(const char *variant)
{
	size_t vlen = strlen(variant);

	for (size_t i = 0; i < backend_count; i++) {
		const char *n = backends[i]->name;
		size_t len = strlen(n);

		if (vlen < len)
			continue;
		if (!strncmp(variant, n, len) && (variant[len] == '\0' || variant[len] == '_'))
			return backends[i];
		if (vlen > len && !strcmp(variant + vlen - len, n) && variant[vlen - len - 1] == '_')
			return backends[i];
	}
	return NULL;
}

const char *backend_impl_name(enum backend_impl impl)
{
	return impl == BACKEND_TYPE1 ? "type1" : "iommufd's compat container";
}

int __backend_open(const struct backend *b)
{
	int fd = open(b->node, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int backend_impl_of(const char *node, enum backend_impl *impl, struct problem *p)
{
	int fd = open(node, O_RDWR | O_CLOEXEC), ret, err;

	problem_clear(p);
	if (fd < 0) {
		err = errno;
		problem_set(p, 1, "%s: %s", node, strerror(err));
		return -err;
	}
	ret = ioctl(fd, VFIO_CHECK_EXTENSION, VFIO_DMA_CC_IOMMU);
	err = errno;
	close(fd);
	if (ret == 0) {
		*impl = BACKEND_TYPE1;
		return 0;
	}
	if (ret < 0 && err == ENODEV) {
		*impl = BACKEND_IOMMUFD_COMPAT;
		return 0;
	}
	if (ret < 0 && err == ENOTTY) {
		/* type1's container has a compat_ioctl; only iommufd refuses */
		problem_set(p, 1, "%s is iommufd's, which takes no ioctl from a 32-bit process "
			    "(iommufd_fops has no compat_ioctl, drivers/iommu/iommufd/main.c)", node);
		return -ENOTTY;
	}
	problem_set(p, 1, "%s: CHECK_EXTENSION(VFIO_DMA_CC_IOMMU) on a fresh open gave %d (%s), "
		    "neither type1's 0 nor compat's ENODEV", node, ret, ret < 0 ? strerror(err) : "no error");
	return -EPROTO;
}

bool backend_present(const struct backend *b, struct problem *p)
{
	enum backend_impl impl;

	problem_clear(p);
	if (access(b->node, F_OK)) {
		problem_set(p, 1, "no %s here (%s)", b->node,
			    strcmp(b->node, "/dev/iommu") ? "vfio is not loaded" :
			    "a kernel without CONFIG_IOMMUFD");
		return false;
	}
	if (backend_impl_of(b->node, &impl, p))
		return false;
	if (impl != b->impl) {
		problem_set(p, 1, "%s is served by %s here, not %s%s", b->node,
			    backend_impl_name(impl), backend_impl_name(b->impl),
			    impl == BACKEND_IOMMUFD_COMPAT ?
			    " (CONFIG_IOMMUFD_VFIO_CONTAINER: the kernel has no vfio_iommu_type1)" :
			    " (the kernel has CONFIG_VFIO_CONTAINER; compat is reached through /dev/iommu)");
		return false;
	}
	return true;
}

void backend_survey(struct backend_survey *s)
{
	for (size_t i = 0; i < backend_count; i++)
		s->here[i] = backend_present(backends[i], &s->why[i]);
}
