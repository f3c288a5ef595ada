/* Argument checking, framebuffers on every plane, writeback, coherence. */
#include "test.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <xf86drm.h>
#include <linux/capability.h>

#include "drm/vkms_drm.h"

#define FB_SIZE ((size_t)W * H * 4)

static int create_basic(struct kms *k)
{
	void *p = anon(FB_SIZE);
	uint32_t h = 0;

	CHECK(p);
	CHECK_RET(userptr_create(k->fd, p, FB_SIZE, 0, &h), 0);
	CHECK(h != 0);
	CHECK(debugfs_counter("objects") == 1);
	/* nothing is pinned until a commit needs the pages */
	CHECK(debugfs_counter("pinned_pages") == 0);
	CHECK_RET(gem_close(k->fd, h), 0);
	CHECK(debugfs_counter("objects") == 0);
	return 0;
}

static int einval_flags(struct kms *k)
{
	static const uint32_t bad[] = { 1u << 2, 1u << 3, 1u << 30, 0x7ffffffcu };
	void *p = anon(FB_SIZE);
	uint32_t h;
	size_t i;

	CHECK(p);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_RET(userptr_create(k->fd, p, FB_SIZE, bad[i], &h), -EINVAL);
	return 0;
}

static int einval_unaligned_ptr(struct kms *k)
{
	char *p = anon(FB_SIZE + PAGE);
	uint32_t h;

	CHECK(p);
	CHECK_RET(userptr_create(k->fd, p + 64, FB_SIZE, 0, &h), -EINVAL);
	CHECK_RET(userptr_create(k->fd, p + 1, FB_SIZE, 0, &h), -EINVAL);
	return 0;
}

static int einval_unaligned_size(struct kms *k)
{
	void *p = anon(FB_SIZE + PAGE);
	uint32_t h;

	CHECK(p);
	CHECK_RET(userptr_create(k->fd, p, FB_SIZE + 4, 0, &h), -EINVAL);
	CHECK_RET(userptr_create(k->fd, p, 100, 0, &h), -EINVAL);
	return 0;
}

static int einval_zero_size(struct kms *k)
{
	void *p = anon(PAGE);
	uint32_t h;

	CHECK(p);
	CHECK_RET(userptr_create(k->fd, p, 0, 0, &h), -EINVAL);
	return 0;
}

static int einval_wrap(struct kms *k)
{
	uint32_t h;

	CHECK_RET(userptr_create(k->fd, (void *)(uintptr_t)0xffffffffffffe000ull,
				 0x4000, 0, &h), -EINVAL);
	CHECK_RET(userptr_create(k->fd, (void *)(uintptr_t)0x1000,
				 0xfffffffffffff000ull, 0, &h), -EINVAL);
	return 0;
}

static int einval_outside_user(struct kms *k)
{
	uint32_t h;

	/* kernel half of the address space, with and without PROBE */
	CHECK_RET(userptr_create(k->fd, (void *)(uintptr_t)(1ull << 63), PAGE,
				 0, &h), -EINVAL);
	CHECK_RET(userptr_create(k->fd, (void *)(uintptr_t)0xffff888000000000ull,
				 PAGE, VKMS_USERPTR_PROBE, &h), -EINVAL);
	return 0;
}

static int drop_sys_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	data[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
	data[CAP_SYS_ADMIN / 32].permitted &= ~(1u << (CAP_SYS_ADMIN % 32));
	if (syscall(SYS_capset, &hdr, data))
		return -errno;
	return 0;
}

static int eperm_unsync_without_cap(struct kms *k)
{
	void *p = anon(FB_SIZE);
	int status;
	pid_t pid;

	CHECK(p);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		uint32_t h;

		if (drop_sys_admin())
			_exit(2);
		if (userptr_create(k->fd, p, FB_SIZE,
				   VKMS_USERPTR_UNSYNCHRONIZED, &h) != -EPERM)
			_exit(3);
		/* a synchronized object needs no privilege */
		_exit(userptr_create(k->fd, p, FB_SIZE, 0, &h) ? 4 : 0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return fail("child status 0x%x (2 capset, 3 not EPERM, 4 sync failed)",
			    status);
	return 0;
}

static int show_and_check(struct kms *k, uint32_t fb, uint32_t seed)
{
	struct capture c;

	CHECK_RET(capture_init(k, &c), 0);
	CHECK_RET(kms_show(k, fb), 0);
	CHECK_RET(capture_frame(k, &c), 0);
	return check_frame(c.map, c.pitch, 0, 0, W, H, seed, -1);
}

static int unsync_with_cap(struct kms *k)
{
	void *p = anon(FB_SIZE);
	uint32_t h, fb;

	CHECK(p);
	fill(p, W * 4, W, H, 3);
	CHECK_RET(userptr_fb(k, p, FB_SIZE, VKMS_USERPTR_UNSYNCHRONIZED, W, H,
			     W * 4, 0, &h, &fb), 0);
	/* pinned at creation, not at the first commit */
	CHECK(debugfs_counter("pinned_pages") == (long)(FB_SIZE / PAGE));
	return show_and_check(k, fb, 3);
}

static int probe_unmapped(struct kms *k)
{
	char *p = anon(FB_SIZE);
	uint32_t h;

	CHECK(p);
	CHECK(munmap(p + 16 * PAGE, PAGE) == 0);
	CHECK_RET(userptr_create(k->fd, p, FB_SIZE, VKMS_USERPTR_PROBE, &h),
		  -EFAULT);
	CHECK_RET(userptr_create(k->fd, p, FB_SIZE,
				 VKMS_USERPTR_PROBE | VKMS_USERPTR_READ_ONLY, &h),
		  -EFAULT);
	/* the range before the hole is fine */
	CHECK_RET(userptr_create(k->fd, p, 16 * PAGE, VKMS_USERPTR_PROBE, &h), 0);
	return 0;
}

static int einval_too_large(struct kms *k)
{
	size_t size = (1ul << 30) + PAGE;
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uint32_t h;

	CHECK(p != MAP_FAILED);
	CHECK_RET(userptr_create(k->fd, p, size, 0, &h), -EINVAL);
	/* 1 GiB itself is allowed; nothing is pinned before a commit */
	CHECK_RET(userptr_create(k->fd, p, size - PAGE, 0, &h), 0);
	return 0;
}

static int prime_export_refused(struct kms *k)
{
	void *p = anon(FB_SIZE);
	uint32_t h;
	int fd;

	CHECK(p);
	CHECK_RET(userptr_create(k->fd, p, FB_SIZE, 0, &h), 0);
	CHECK(drmPrimeHandleToFD(k->fd, h, DRM_CLOEXEC, &fd) == -1 &&
	      errno == EOPNOTSUPP);
	return 0;
}

/*
 * A shared mapping of a filesystem other than tmpfs or hugetlbfs (ramfs
 * here) cannot back a writable object, with or without PROBE; a read-only
 * object may use it, and a private mapping of it is fine either way.
 */
static int writable_shared_file_efault(struct kms *k)
{
	const char *dir = "/tmp/vkms-userptr-ramfs";
	char path[64];
	uint32_t h, fb;
	char *p;
	int fd;

	CHECK(mkdir(dir, 0700) == 0 || errno == EEXIST);
	CHECK(mount("ramfs", dir, "ramfs", 0, NULL) == 0);
	snprintf(path, sizeof(path), "%s/fb", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	CHECK(ftruncate(fd, FB_SIZE) == 0);
	p = mmap(NULL, FB_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	fill(p, W * 4, W, H, 4);
	CHECK_RET(userptr_create(k->fd, p, FB_SIZE, VKMS_USERPTR_PROBE, &h),
		  -EFAULT);
	CHECK_RET(userptr_fb(k, p, FB_SIZE, 0, W, H, W * 4, 0, &h, &fb), 0);
	CHECK_RET(kms_show(k, fb), -EFAULT);
	CHECK_RET(userptr_fb(k, p, FB_SIZE,
			     VKMS_USERPTR_READ_ONLY | VKMS_USERPTR_PROBE, W, H,
			     W * 4, 0, &h, &fb), 0);
	if (show_and_check(k, fb, 4))
		return -1;
	CHECK(mmap(p, FB_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED,
		   fd, 0) == p);
	CHECK_RET(userptr_fb(k, p, FB_SIZE, VKMS_USERPTR_PROBE, W, H, W * 4, 0,
			     &h, &fb), 0);
	if (show_and_check(k, fb, 4))
		return -1;
	CHECK(munmap(p, FB_SIZE) == 0);
	close(fd);
	/* lazily: the DRM file still holds objects that hold the file */
	CHECK(umount2(dir, MNT_DETACH) == 0);
	return 0;
}

static int probe_read_only(struct kms *k)
{
	void *p = mmap(NULL, FB_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	uint32_t h;

	CHECK(p != MAP_FAILED);
	CHECK_RET(userptr_create(k->fd, p, FB_SIZE, VKMS_USERPTR_PROBE, &h),
		  -EFAULT);
	CHECK_RET(userptr_create(k->fd, p, FB_SIZE,
				 VKMS_USERPTR_PROBE | VKMS_USERPTR_READ_ONLY, &h),
		  0);
	return 0;
}

static int read_only_scanout(struct kms *k)
{
	char *p = anon(FB_SIZE);
	uint32_t h, fb;

	CHECK(p);
	fill(p, W * 4, W, H, 9);
	CHECK(mprotect(p, FB_SIZE, PROT_READ) == 0);
	CHECK_RET(userptr_fb(k, p, FB_SIZE,
			     VKMS_USERPTR_READ_ONLY | VKMS_USERPTR_PROBE, W, H,
			     W * 4, 0, &h, &fb), 0);
	return show_and_check(k, fb, 9);
}

static int unprobed_unmapped_commit_efault(struct kms *k)
{
	char *p = anon(FB_SIZE);
	uint32_t h, fb;

	CHECK(p);
	CHECK(munmap(p + 8 * PAGE, PAGE) == 0);
	/* without PROBE the range is only looked at when pinned */
	CHECK_RET(userptr_fb(k, p, FB_SIZE, 0, W, H, W * 4, 0, &h, &fb), 0);
	CHECK_RET(kms_show(k, fb), -EFAULT);
	/* a writable object on a read-only mapping fails the same way */
	CHECK(mmap(p + 8 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_FIXED, -1, 0) != MAP_FAILED);
	CHECK_RET(kms_show(k, fb), -EFAULT);
	CHECK(debugfs_counter("pinned_pages") == 0);
	return 0;
}

static int addfb_range(struct kms *k)
{
	size_t size = round_page((size_t)(W * 4 + 128) * H + 256);
	uint32_t last_fit = size - ((W * 4 + 128) * (H - 1) + W * 4);
	void *p = anon(size);
	uint32_t h, fb;

	CHECK(p);
	CHECK_RET(userptr_create(k->fd, p, size, 0, &h), 0);
	CHECK_RET(fb_add(k->fd, h, W, H, W * 4 + 128, 256, DRM_FORMAT_XRGB8888,
			 &fb), 0);
	CHECK_RET(fb_add(k->fd, h, W, H, W * 4, 4, DRM_FORMAT_XRGB8888, &fb), 0);
	/* the last row ends exactly at the end of the range, then one past */
	CHECK_RET(fb_add(k->fd, h, W, H, W * 4 + 128, last_fit,
			 DRM_FORMAT_XRGB8888, &fb), 0);
	CHECK_RET(fb_add(k->fd, h, W, H, W * 4 + 128, last_fit + 1,
			 DRM_FORMAT_XRGB8888, &fb), -EINVAL);
	CHECK_RET(fb_add(k->fd, h, W, H + 100, W * 4 + 128, 0,
			 DRM_FORMAT_XRGB8888, &fb), -EINVAL);
	return 0;
}

static int primary_pixels(struct kms *k)
{
	uint32_t pitch = W * 4 + 128, offset = 256, h, fb;
	size_t size = round_page((size_t)pitch * H + offset);
	char *p = anon(size);

	CHECK(p);
	fill(p + offset, pitch, W, H, 1);
	CHECK_RET(userptr_fb(k, p, size, 0, W, H, pitch, offset, &h, &fb), 0);
	return show_and_check(k, fb, 1);
}

/* A plane of w x h at (x, y) over a primary of solid color bg. */
static int plane_pixels(struct kms *k, uint32_t plane, int x, int y, int w,
			int h)
{
	uint32_t pitch = (uint32_t)w * 4, bg = 0x00204060, dh, dpitch, dfb;
	uint32_t uh, ufb;
	size_t size = round_page((size_t)pitch * h);
	drmModeAtomicReq *req;
	struct capture c;
	uint64_t dsize;
	void *dmap;
	char *p;
	int i, ret;

	if (!plane)
		return fail("no such plane");
	p = anon(size);
	CHECK(p);
	fill(p, pitch, w, h, 2);
	CHECK_RET(userptr_fb(k, p, size, 0, w, h, pitch, 0, &uh, &ufb), 0);
	CHECK_RET(dumb_create(k->fd, W, H, &dh, &dpitch, &dsize, &dmap), 0);
	for (i = 0; i < W * H; i++)
		((uint32_t *)dmap)[i] = bg;
	CHECK_RET(fb_add(k->fd, dh, W, H, dpitch, 0, DRM_FORMAT_XRGB8888, &dfb), 0);
	CHECK_RET(capture_init(k, &c), 0);

	req = drmModeAtomicAlloc();
	CHECK(req);
	ret = kms_add_modeset(k, req);
	if (!ret)
		ret = kms_add_plane(k, req, k->primary_id, dfb, 0, 0, W, H);
	if (!ret)
		ret = kms_add_plane(k, req, plane, ufb, x, y, w, h);
	if (!ret)
		ret = kms_commit(k, req, 0);
	drmModeAtomicFree(req);
	CHECK_RET(ret, 0);
	CHECK_RET(capture_frame(k, &c), 0);
	return check_frame(c.map, c.pitch, x, y, w, h, 2, bg);
}

static int overlay_pixels(struct kms *k)
{
	return plane_pixels(k, k->overlay_id, 50, 60, 200, 100);
}

static int cursor_pixels(struct kms *k)
{
	return plane_pixels(k, k->cursor_id, 300, 200, 64, 64);
}

static int writeback_into_userptr(struct kms *k)
{
	uint32_t dh, dpitch, dfb, uh, ufb;
	uint64_t dsize;
	void *dmap;
	char *p = anon(FB_SIZE);

	CHECK(p);
	memset(p, 0x5a, FB_SIZE);
	CHECK_RET(dumb_create(k->fd, W, H, &dh, &dpitch, &dsize, &dmap), 0);
	fill(dmap, dpitch, W, H, 4);
	CHECK_RET(fb_add(k->fd, dh, W, H, dpitch, 0, DRM_FORMAT_XRGB8888, &dfb), 0);
	CHECK_RET(userptr_fb(k, p, FB_SIZE, 0, W, H, W * 4, 0, &uh, &ufb), 0);
	CHECK_RET(kms_show(k, dfb), 0);
	CHECK_RET(kms_writeback(k, ufb), 0);
	/* the frame landed in this process's memory, no copy out */
	return check_frame((uint32_t *)p, W * 4, 0, 0, W, H, 4, -1);
}

static int writeback_read_only_refused(struct kms *k)
{
	uint32_t dh, dpitch, dfb, uh, ufb;
	uint64_t dsize;
	void *dmap;
	char *p = anon(FB_SIZE);

	CHECK(p);
	CHECK_RET(dumb_create(k->fd, W, H, &dh, &dpitch, &dsize, &dmap), 0);
	CHECK_RET(fb_add(k->fd, dh, W, H, dpitch, 0, DRM_FORMAT_XRGB8888, &dfb), 0);
	CHECK_RET(userptr_fb(k, p, FB_SIZE, VKMS_USERPTR_READ_ONLY, W, H,
			     W * 4, 0, &uh, &ufb), 0);
	CHECK_RET(kms_show(k, dfb), 0);
	CHECK_RET(kms_writeback(k, ufb), -EINVAL);
	/* but it scans out */
	CHECK_RET(kms_show(k, ufb), 0);
	return 0;
}

static int coherence(struct kms *k)
{
	char *p = anon(FB_SIZE);
	struct capture c;
	uint32_t h, fb;

	CHECK(p);
	fill(p, W * 4, W, H, 5);
	CHECK_RET(userptr_fb(k, p, FB_SIZE, 0, W, H, W * 4, 0, &h, &fb), 0);
	CHECK_RET(capture_init(k, &c), 0);
	CHECK_RET(kms_show(k, fb), 0);
	CHECK_RET(capture_frame(k, &c), 0);
	if (check_frame(c.map, c.pitch, 0, 0, W, H, 5, -1))
		return -1;
	/* only a CPU write: the plane keeps its framebuffer, no ioctl */
	fill(p, W * 4, W, H, 6);
	CHECK_RET(capture_frame(k, &c), 0);
	return check_frame(c.map, c.pitch, 0, 0, W, H, 6, -1);
}

/*
 * Each capture is committed the moment the previous one's fence signals,
 * while the previous job's cleanup may still be waiting for its worker:
 * every job must still complete, with its own frame.
 */
static int writeback_back_to_back(struct kms *k)
{
	char *p = anon(FB_SIZE);
	struct capture c;
	uint32_t h, fb;
	int i;

	CHECK(p);
	fill(p, W * 4, W, H, 9);
	CHECK_RET(userptr_fb(k, p, FB_SIZE, 0, W, H, W * 4, 0, &h, &fb), 0);
	CHECK_RET(capture_init(k, &c), 0);
	CHECK_RET(kms_show(k, fb), 0);
	for (i = 0; i < 300; i++) {
		int ret = capture_frame(k, &c);

		if (ret)
			return fail("capture %d of 300: %s", i + 1,
				    strerror(-ret));
		if (c.map[0] != (pattern(9, 0, 0) | 0xff000000u))
			return fail("capture %d of 300 holds 0x%08x", i + 1,
				    c.map[0]);
	}
	return check_frame(c.map, c.pitch, 0, 0, W, H, 9, -1);
}

static int debugfs_counts(struct kms *k)
{
	char *p = anon(FB_SIZE);
	struct capture c;
	uint32_t h, fb;

	CHECK(p);
	CHECK_RET(capture_init(k, &c), 0);
	CHECK_RET(userptr_fb(k, p, FB_SIZE, 0, W, H, W * 4, 0, &h, &fb), 0);
	CHECK(debugfs_counter("objects") == 1);
	CHECK(debugfs_counter("pinned_pages") == 0);
	CHECK_RET(kms_show(k, fb), 0);
	CHECK(debugfs_counter("pinned_pages") == (long)(FB_SIZE / PAGE));
	CHECK_RET(kms_show(k, c.fb), 0);
	CHECK(drmModeRmFB(k->fd, fb) == 0);
	CHECK_RET(gem_close(k->fd, h), 0);
	CHECK(debugfs_counter("objects") == 0);
	CHECK(debugfs_counter("pinned_pages") == 0);
	return 0;
}

/* userptr_strict_align=1 */
static int strict_accepts_aligned(struct kms *k)
{
	size_t size = round_page((size_t)(W * 4 + 64) * H + 8192);
	void *p = anon(size);
	uint32_t h, fb;

	CHECK(p);
	CHECK_RET(userptr_create(k->fd, p, size, 0, &h), 0);
	CHECK_RET(fb_add(k->fd, h, W, H, W * 4, 0, DRM_FORMAT_XRGB8888, &fb), 0);
	CHECK_RET(fb_add(k->fd, h, W, H, W * 4, 4096, DRM_FORMAT_XRGB8888, &fb), 0);
	CHECK_RET(fb_add(k->fd, h, W, H, W * 4 + 64, 8192, DRM_FORMAT_XRGB8888,
			 &fb), 0);
	CHECK_RET(kms_show(k, fb), 0);
	return 0;
}

static int strict_refuses_offset(struct kms *k)
{
	size_t size = round_page((size_t)W * 4 * H + 8192);
	void *p = anon(size);
	uint32_t h, fb;

	CHECK(p);
	CHECK_RET(userptr_create(k->fd, p, size, 0, &h), 0);
	CHECK_RET(fb_add(k->fd, h, W, H, W * 4, 64, DRM_FORMAT_XRGB8888, &fb),
		  -EINVAL);
	CHECK_RET(fb_add(k->fd, h, W, H, W * 4, 2048, DRM_FORMAT_XRGB8888, &fb),
		  -EINVAL);
	CHECK_RET(fb_add(k->fd, h, W, H, W * 4, 4100, DRM_FORMAT_XRGB8888, &fb),
		  -EINVAL);
	return 0;
}

static int strict_refuses_pitch(struct kms *k)
{
	size_t size = round_page((size_t)(W * 4 + 64) * H);
	void *p = anon(size);
	uint32_t h, fb;

	CHECK(p);
	CHECK_RET(userptr_create(k->fd, p, size, 0, &h), 0);
	CHECK_RET(fb_add(k->fd, h, W, H, W * 4 + 4, 0, DRM_FORMAT_XRGB8888, &fb),
		  -EINVAL);
	CHECK_RET(fb_add(k->fd, h, W, H, W * 4 + 32, 0, DRM_FORMAT_XRGB8888, &fb),
		  -EINVAL);
	return 0;
}

static int strict_leaves_dumb_alone(struct kms *k)
{
	uint32_t dh, dpitch, fb;
	uint64_t dsize;
	void *dmap;

	CHECK_RET(dumb_create(k->fd, W, H + 1, &dh, &dpitch, &dsize, &dmap), 0);
	CHECK_RET(fb_add(k->fd, dh, W, H, dpitch, 64, DRM_FORMAT_XRGB8888, &fb), 0);
	return 0;
}

/* built with VKMS_USERPTR_NO_NOTIFIER */
static int nonotifier_enodev(struct kms *k)
{
	void *p = anon(FB_SIZE);
	uint32_t h;

	CHECK(p);
	CHECK(debugfs_counter("notifier") == 0);
	CHECK_RET(userptr_create(k->fd, p, FB_SIZE, 0, &h), -ENODEV);
	CHECK_RET(userptr_create(k->fd, p, FB_SIZE,
				 VKMS_USERPTR_READ_ONLY | VKMS_USERPTR_PROBE, &h),
		  -ENODEV);
	/* argument errors still come first */
	CHECK_RET(userptr_create(k->fd, p, 0, 0, &h), -EINVAL);
	CHECK(debugfs_counter("objects") == 0);
	return 0;
}

static int nonotifier_unsync_works(struct kms *k)
{
	return unsync_with_cap(k);
}

static int default_has_notifier(struct kms *k)
{
	(void)k;
	CHECK(debugfs_counter("notifier") == 1);
	return 0;
}

const struct subtest uapi_tests[] = {
	{ "notifier-built-in", "default", default_has_notifier },
	{ "create-basic", "default", create_basic },
	{ "einval-unknown-flags", "default", einval_flags },
	{ "einval-unaligned-ptr", "default", einval_unaligned_ptr },
	{ "einval-unaligned-size", "default", einval_unaligned_size },
	{ "einval-zero-size", "default", einval_zero_size },
	{ "einval-wrapping-range", "default", einval_wrap },
	{ "einval-outside-user-space", "default", einval_outside_user },
	{ "eperm-unsynchronized-without-cap-sys-admin", "default",
	  eperm_unsync_without_cap },
	{ "unsynchronized-with-cap-sys-admin", "default", unsync_with_cap },
	{ "probe-efault-unmapped-page", "default", probe_unmapped },
	{ "probe-efault-read-only-mapping", "default", probe_read_only },
	{ "efault-writable-shared-file-mapping", "default",
	  writable_shared_file_efault },
	{ "einval-larger-than-1gib", "default", einval_too_large },
	{ "prime-export-refused", "default", prime_export_refused },
	{ "read-only-object-scans-out", "default", read_only_scanout },
	{ "no-probe-commit-efault", "default", unprobed_unmapped_commit_efault },
	{ "addfb2-offset-pitch-within-range", "default", addfb_range },
	{ "primary-pixels-via-writeback", "default", primary_pixels },
	{ "overlay-pixels-via-writeback", "default", overlay_pixels },
	{ "cursor-pixels-via-writeback", "default", cursor_pixels },
	{ "writeback-into-userptr", "default", writeback_into_userptr },
	{ "writeback-read-only-refused", "default", writeback_read_only_refused },
	{ "coherence-cpu-write-next-frame", "default", coherence },
	{ "writeback-back-to-back", "default", writeback_back_to_back },
	{ "debugfs-counts", "default", debugfs_counts },
	{ "strict-accepts-aligned", "strict", strict_accepts_aligned },
	{ "strict-refuses-unaligned-offset", "strict", strict_refuses_offset },
	{ "strict-refuses-unaligned-pitch", "strict", strict_refuses_pitch },
	{ "strict-leaves-dumb-buffers-alone", "strict", strict_leaves_dumb_alone },
	{ "nonotifier-enodev", "nonotifier", nonotifier_enodev },
	{ "nonotifier-unsynchronized-works", "nonotifier",
	  nonotifier_unsync_works },
	{ NULL, NULL, NULL },
};
