/*
 * uapi tests of vkms userptr objects, igt style: every subtest runs in its
 * own process (so a crash or leak stays in it) and reports one TAP line.
 *
 * usage: vkms_userptr_test MODE [SUBTEST]
 * MODE names the vkms module configuration loaded: default, strict
 * (userptr_strict_align=1) or nonotifier (built with VKMS_USERPTR_NO_NOTIFIER).
 */
#include "test.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <drm_fourcc.h>

static int reason_fd = -1;

int fail(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (reason_fd >= 0 && n > 0 &&
	    write(reason_fd, buf, strnlen(buf, sizeof(buf))) < 0)
		perror("write reason");
	return -1;
}

void diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("# ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	fflush(stdout);
}

size_t round_page(size_t n)
{
	return (n + PAGE - 1) & ~(PAGE - 1);
}

void *anon(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

uint32_t pattern(uint32_t seed, int x, int y)
{
	return ((uint32_t)(x * 7 + seed) & 0xff) << 16 |
	       ((uint32_t)(y * 3 + seed * 5) & 0xff) << 8 |
	       ((uint32_t)(x + y + seed * 11) & 0xff);
}

void fill(void *base, uint32_t pitch, int w, int h, uint32_t seed)
{
	int x, y;

	for (y = 0; y < h; y++) {
		uint32_t *row = (uint32_t *)((char *)base + (size_t)y * pitch);

		for (x = 0; x < w; x++)
			row[x] = pattern(seed, x, y);
	}
}

int userptr_fb(struct kms *k, void *ptr, size_t size, uint32_t flags,
	       uint32_t w, uint32_t h, uint32_t pitch, uint32_t offset,
	       uint32_t *handle, uint32_t *fb)
{
	int ret = userptr_create(k->fd, ptr, size, flags, handle);

	if (ret)
		return ret;
	ret = fb_add(k->fd, *handle, w, h, pitch, offset, DRM_FORMAT_XRGB8888,
		     fb);
	if (ret)
		gem_close(k->fd, *handle);
	return ret;
}

int capture_init(struct kms *k, struct capture *c)
{
	void *map;
	int ret;

	ret = dumb_create(k->fd, W, H, &c->handle, &c->pitch, &c->size, &map);
	if (ret)
		return ret;
	c->map = map;
	return fb_add(k->fd, c->handle, W, H, c->pitch, 0, DRM_FORMAT_XRGB8888,
		      &c->fb);
}

int capture_frame(struct kms *k, struct capture *c)
{
	/* a poison value that composition never produces (alpha byte 0) */
	memset(c->map, 0x5a, c->size);
	return kms_writeback(k, c->fb);
}

int check_frame(const uint32_t *frame, uint32_t pitch, int x, int y, int w,
		int h, uint32_t seed, long background)
{
	int px, py;

	for (py = 0; py < H; py++) {
		const uint32_t *row = (const uint32_t *)((const char *)frame +
							 (size_t)py * pitch);

		for (px = 0; px < W; px++) {
			uint32_t want;

			if (px >= x && px < x + w && py >= y && py < y + h)
				want = pattern(seed, px - x, py - y);
			else if (background < 0)
				continue;
			else
				want = (uint32_t)background;
			want |= 0xff000000u;
			if (row[px] != want)
				return fail("pixel (%d,%d) is 0x%08x, want 0x%08x",
					    px, py, row[px], want);
		}
	}
	return 0;
}

static int run_one(const struct subtest *t, char *reason, size_t len)
{
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(fds))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		struct kms k;
		int ret;

		close(fds[0]);
		reason_fd = fds[1];
		alarm(120);
		ret = kms_open(&k, W, H);
		if (ret) {
			fail("cannot open vkms: %s", strerror(-ret));
			_exit(1);
		}
		ret = t->run(&k);
		kms_close(&k);
		_exit(ret == SKIP ? SKIP : ret ? 1 : 0);
	}
	close(fds[1]);
	n = read(fds[0], reason, len - 1);
	reason[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (WIFSIGNALED(status)) {
		snprintf(reason, len, "killed by signal %d", WTERMSIG(status));
		return 1;
	}
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	const struct subtest *lists[] = { uapi_tests, inval_tests, race_tests,
					  vblank_tests };
	const int nlists = sizeof(lists) / sizeof(lists[0]);
	const char *mode = argc > 1 ? argv[1] : "default";
	/* an optional subtest name runs only that one, for debugging */
	const char *only = argc > 2 ? argv[2] : NULL;
	int count = 0, failed = 0, i, n = 0;
	const struct subtest *t;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < nlists; i++)
		for (t = lists[i]; t->name; t++)
			count += !strcmp(t->mode, mode) &&
				 (!only || !strcmp(t->name, only));
	if (!count) {
		fprintf(stderr, "no subtests for mode %s\n", mode);
		return 2;
	}
	printf("1..%d\n", count);
	for (i = 0; i < nlists; i++) {
		for (t = lists[i]; t->name; t++) {
			char reason[512];
			int ret;

			if (strcmp(t->mode, mode) || (only && strcmp(t->name, only)))
				continue;
			ret = run_one(t, reason, sizeof(reason));
			n++;
			if (ret == 0)
				printf("ok %d - %s\n", n, t->name);
			else if (ret == SKIP)
				printf("ok %d - %s # SKIP %s\n", n, t->name, reason);
			else
				printf("not ok %d - %s # %s\n", n, t->name,
				       reason[0] ? reason : "failed");
			failed += ret != 0 && ret != SKIP;
		}
	}
	return failed ? 1 : 0;
}
