/*
 * vkms's vblank timer against the vblank core turning it off: with
 * drm.vblankoffdelay below 0 the core turns vblank off the moment the last
 * reference goes, which happens in the timer's own callback when it sends
 * an event, and on another CPU while the callback still runs when a
 * blocking wait returns. vkms used to wait for its callback there, under
 * the lock that callback takes: the guest locked up for good.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <xf86drm.h>

#include "test.h"

#define OFFDELAY "/sys/module/drm/parameters/vblankoffdelay"

static int read_offdelay(char *buf, size_t len)
{
	int fd = open(OFFDELAY, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return n ? -errno : -EIO;
	buf[n] = '\0';
	return 0;
}

static int write_offdelay(const char *value)
{
	int fd = open(OFFDELAY, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, value, strlen(value));
	close(fd);
	return n == (ssize_t)strlen(value) ? 0 : -errno;
}

/* The CRTC lit with a dumb buffer, so that vblanks can be asked for. */
static int light_crtc(struct kms *k)
{
	uint32_t handle, pitch, fb;
	uint64_t size;
	void *map;
	int ret;

	ret = dumb_create(k->fd, W, H, &handle, &pitch, &size, &map);
	if (ret)
		return ret;
	fill(map, pitch, W, H, 7);
	munmap(map, size);
	ret = fb_add(k->fd, handle, W, H, pitch, 0, DRM_FORMAT_XRGB8888, &fb);
	return ret ? ret : kms_show(k, fb);
}

static int vblank_event(struct kms *k, unsigned int *sequence)
{
	drmVBlank vbl = {
		.request.type = DRM_VBLANK_RELATIVE | DRM_VBLANK_EVENT,
		.request.sequence = 1,
	};
	struct pollfd pfd = { .fd = k->fd, .events = POLLIN };
	char buf[256];
	struct drm_event_vblank *ev = (void *)buf;
	ssize_t n;

	if (drmWaitVBlank(k->fd, &vbl))
		return -errno;
	if (poll(&pfd, 1, 2000) != 1)
		return -ETIMEDOUT;
	n = read(k->fd, buf, sizeof(buf));
	if (n < (ssize_t)sizeof(*ev) || ev->base.type != DRM_EVENT_VBLANK)
		return -EIO;
	*sequence = ev->sequence;
	return 0;
}

static int vblank_wait(struct kms *k, unsigned int *sequence)
{
	drmVBlank vbl = {
		.request.type = DRM_VBLANK_RELATIVE,
		.request.sequence = 1,
	};

	if (drmWaitVBlank(k->fd, &vbl))
		return -errno;
	*sequence = vbl.reply.sequence;
	return 0;
}

/*
 * A blocking wait drops its reference once the callback woke it, on
 * whichever CPU it runs, often while the callback is still going; a query
 * after it turns vblank on and off at once, between callbacks.
 */
static int wait_then_query(struct kms *k, unsigned int *sequence)
{
	drmVBlank query = { .request.type = DRM_VBLANK_RELATIVE };
	int ret = vblank_wait(k, sequence);

	if (!ret && drmWaitVBlank(k->fd, &query))
		ret = -errno;
	return ret;
}

/* n vblanks through next(), each with a higher sequence than the last. */
static int sequences_rise(struct kms *k, int n,
			  int (*next)(struct kms *k, unsigned int *sequence))
{
	unsigned int seq = 0, last = 0;
	int i, ret;

	for (i = 0; i < n; i++) {
		ret = next(k, &seq);
		if (ret)
			return fail("vblank %d: %s", i, strerror(-ret));
		if (i && seq <= last)
			return fail("vblank %d: sequence %u after %u", i, seq, last);
		last = seq;
	}
	return 0;
}

static int with_immediate_off(struct kms *k, int n,
			      int (*next)(struct kms *k, unsigned int *sequence))
{
	char old[32];
	int ret;

	CHECK_RET(read_offdelay(old, sizeof(old)), 0);
	CHECK_RET(light_crtc(k), 0);
	CHECK_RET(write_offdelay("-1"), 0);
	ret = sequences_rise(k, n, next);
	if (write_offdelay(old) && !ret)
		ret = fail("cannot restore %s", OFFDELAY);
	return ret;
}

/*
 * Each event takes the last reference away inside the timer's callback, so
 * vblank goes off there, and the next request turns it on again.
 */
static int vblank_off_in_callback(struct kms *k)
{
	return with_immediate_off(k, 100, vblank_event);
}

static int vblank_off_beside_callback(struct kms *k)
{
	return with_immediate_off(k, 300, wait_then_query);
}

const struct subtest vblank_tests[] = {
	{ "vblank-off-from-its-own-event", "default", vblank_off_in_callback },
	{ "vblank-off-beside-a-running-callback", "default",
	  vblank_off_beside_callback },
	{ NULL, NULL, NULL },
};
