/*
 * Figures for userptr objects, printed, never asserted: create-and-pin cost
 * for 1920x1080 and 3840x2160 XRGB8888 ranges, re-pin cost after an
 * invalidation, and memcpy of the same buffer for comparison.
 *
 * Pinning happens in the vmap of a commit's prepare step, which a
 * nonblocking commit runs before it returns; the cost of a nonblocking
 * commit of an already pinned framebuffer is measured too and subtracted.
 * UNSYNCHRONIZED objects pin inside the create ioctl, which times the pin
 * directly.
 *
 * Where the kernel has udmabuf (the debug kernel), the same for a sealed
 * memfd imported through it: udmabuf takes the pages when it makes the
 * dma-buf, vkms imports it with PRIME and maps it at the first commit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <xf86drm.h>
#include <linux/udmabuf.h>

#include "kms_util.h"
#include "drm/vkms_drm.h"

#define RUNS 15

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* Nonblocking commit of fb on the primary plane, then wait for the flip. */
static int flip(struct kms *k, uint32_t fb, double *us)
{
	drmModeAtomicReq *req = drmModeAtomicAlloc();
	drmEventContext ev = { .version = 2 };
	double t0;
	int ret;

	if (!req)
		return -ENOMEM;
	ret = kms_add_plane(k, req, k->primary_id, fb, 0, 0, k->mode.hdisplay,
			    k->mode.vdisplay);
	t0 = now_us();
	if (!ret && drmModeAtomicCommit(k->fd, req, DRM_MODE_ATOMIC_NONBLOCK |
					DRM_MODE_PAGE_FLIP_EVENT, NULL))
		ret = -errno;
	*us = now_us() - t0;
	drmModeAtomicFree(req);
	if (!ret && drmHandleEvent(k->fd, &ev))
		ret = -EIO;
	return ret;
}

/* Every failure of a step says which one, with errno when it has one. */
static int failed(unsigned int w, unsigned int h, const char *what)
{
	fprintf(stderr, "%ux%u: %s failed: %s\n", w, h, what, strerror(errno));
	return -EIO;
}

/* A sealed memfd of size bytes, filled; -errno. */
static int sealed_memfd(size_t size)
{
	int fd = memfd_create("bench", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	void *p;

	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size) < 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) < 0)
		goto close_fd;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		goto close_fd;
	memset(p, 0x40, size);
	munmap(p, size);
	return fd;

close_fd:
	close(fd);
	return -errno;
}

/* The udmabuf route, on the same device and modeset as userptr's. */
static int bench_udmabuf(struct kms *k, int dev, uint32_t dumb_fb,
			 unsigned int w, unsigned int h)
{
	size_t size = (size_t)w * h * 4;
	double create[RUNS], import[RUNS], first[RUNS], mapped[RUNS], us;
	int memfd = sealed_memfd(size), i;

	if (memfd < 0)
		return failed(w, h, "sealed memfd");
	for (i = 0; i < RUNS; i++) {
		struct udmabuf_create args = {
			.memfd = (uint32_t)memfd,
			.flags = UDMABUF_FLAGS_CLOEXEC,
			.size = size,
		};
		uint32_t handle, fb;
		double t0 = now_us();
		int dmabuf = ioctl(dev, UDMABUF_CREATE, &args);

		create[i] = now_us() - t0;
		if (dmabuf < 0)
			return failed(w, h, "UDMABUF_CREATE");
		t0 = now_us();
		if (drmPrimeFDToHandle(k->fd, dmabuf, &handle))
			return failed(w, h, "PRIME import");
		import[i] = now_us() - t0;
		if (fb_add(k->fd, handle, w, h, w * 4, 0, DRM_FORMAT_XRGB8888,
			   &fb))
			return failed(w, h, "ADDFB2 of the udmabuf");
		if (flip(k, fb, &first[i]) || flip(k, dumb_fb, &us) ||
		    flip(k, fb, &mapped[i]) || flip(k, dumb_fb, &us))
			return failed(w, h, "flip of the udmabuf");
		drmModeRmFB(k->fd, fb);
		gem_close(k->fd, handle);
		close(dmabuf);
	}
	close(memfd);
	printf("  udmabuf of a sealed memfd:\n");
	printf("  UDMABUF_CREATE (takes the pages):        %8.1f us\n",
	       median(create, RUNS));
	printf("  PRIME import into vkms:                  %8.1f us\n",
	       median(import, RUNS));
	printf("  first commit (vmaps):                    %8.1f us\n",
	       median(first, RUNS));
	printf("  commit of the already mapped fb:         %8.1f us\n",
	       median(mapped, RUNS));
	printf("  => create-and-pin (create + import + first - mapped): %8.1f us\n",
	       median(create, RUNS) + median(import, RUNS) +
	       median(first, RUNS) - median(mapped, RUNS));
	return 0;
}

static int bench_size(unsigned int w, unsigned int h)
{
	size_t size = (size_t)w * h * 4;
	double create[RUNS], pinned[RUNS], first[RUNS], repin[RUNS];
	double unsync[RUNS], copy[RUNS];
	uint32_t handle, fb, dumb_fb, dh, dpitch;
	uint64_t dsize;
	void *dmap;
	struct kms k;
	char *p, *dst;
	int i, ret, udmabuf;

	ret = kms_open(&k, w, h);
	if (ret) {
		fprintf(stderr, "cannot open vkms at %ux%u: %s\n", w, h,
			strerror(-ret));
		return ret;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	dst = malloc(size);
	if (p == MAP_FAILED || !dst)
		return failed(w, h, "allocation");
	/* fault everything in: the figures are about pinning, not faults */
	memset(p, 0x40, size);
	memset(dst, 0, size);
	if (dumb_create(k.fd, w, h, &dh, &dpitch, &dsize, &dmap) ||
	    fb_add(k.fd, dh, w, h, dpitch, 0, DRM_FORMAT_XRGB8888, &dumb_fb) ||
	    kms_show(&k, dumb_fb))
		return failed(w, h, "modeset with a dumb buffer");

	for (i = 0; i < RUNS; i++) {
		double t0 = now_us(), us;

		if (userptr_create(k.fd, p, size, 0, &handle))
			return failed(w, h, "userptr create");
		create[i] = now_us() - t0;
		if (fb_add(k.fd, handle, w, h, w * 4, 0, DRM_FORMAT_XRGB8888,
			   &fb))
			return failed(w, h, "ADDFB2");
		if (flip(&k, fb, &first[i]) || flip(&k, dumb_fb, &us) ||
		    flip(&k, fb, &pinned[i]) || flip(&k, dumb_fb, &us))
			return failed(w, h, "flip");
		/* an invalidation that keeps the pages: the re-pin alone */
		if (mprotect(p, size, PROT_READ) ||
		    mprotect(p, size, PROT_READ | PROT_WRITE))
			return failed(w, h, "mprotect");
		if (flip(&k, fb, &repin[i]) || flip(&k, dumb_fb, &us))
			return failed(w, h, "flip after invalidation");
		drmModeRmFB(k.fd, fb);
		gem_close(k.fd, handle);

		t0 = now_us();
		if (userptr_create(k.fd, p, size, VKMS_USERPTR_UNSYNCHRONIZED,
				   &handle))
			return failed(w, h, "UNSYNCHRONIZED create");
		unsync[i] = now_us() - t0;
		gem_close(k.fd, handle);

		t0 = now_us();
		memcpy(dst, p, size);
		copy[i] = now_us() - t0;
	}
	printf("%ux%u XRGB8888, %zu bytes (%zu pages), median of %d:\n",
	       w, h, size, size / 4096, RUNS);
	printf("  create ioctl (synchronized, no pin):     %8.1f us\n",
	       median(create, RUNS));
	printf("  first commit (pins + vmaps):             %8.1f us\n",
	       median(first, RUNS));
	printf("  commit of the already pinned fb:         %8.1f us\n",
	       median(pinned, RUNS));
	printf("  commit after invalidation (re-pin):      %8.1f us\n",
	       median(repin, RUNS));
	printf("  create-and-pin, UNSYNCHRONIZED ioctl:    %8.1f us\n",
	       median(unsync, RUNS));
	printf("  memcpy of the same buffer:               %8.1f us\n",
	       median(copy, RUNS));
	printf("  => create-and-pin (create + first - pinned): %8.1f us\n",
	       median(create, RUNS) + median(first, RUNS) - median(pinned, RUNS));
	printf("  => re-pin (after invalidation - pinned):     %8.1f us\n",
	       median(repin, RUNS) - median(pinned, RUNS));
	udmabuf = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (udmabuf < 0)
		printf("  udmabuf: none in this kernel\n");
	else if (bench_udmabuf(&k, udmabuf, dumb_fb, w, h))
		return -EIO;
	if (udmabuf >= 0)
		close(udmabuf);
	/* the dumb buffer's mapping holds the DRM file, and with it master */
	munmap(dmap, dsize);
	kms_close(&k);
	munmap(p, size);
	free(dst);
	return 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (bench_size(1920, 1080) || bench_size(3840, 2160))
		return 1;
	return 0;
}
