/*
 * tack-flood: redraws as fast as wl_buffer.release allows. Every frame
 * fills a whole buffer with one colour, new each frame, and commits it at
 * once, without waiting for frame callbacks. A compositor that released a
 * buffer still on screen lets a screenshot catch a frame half old, half
 * new: tests look for exactly that.
 *
 *   tack-flood [--size WxH] [--buffers N] [--grow-pool]
 *
 * With --grow-pool the buffers share one pool, which grows by 16 MiB every
 * 20 frames while they stay in use: the compositor's mapping of it may
 * move, and what it imported from the old one must not be used again.
 *
 * Prints "ready" after the first commit, then "frames N" every second.
 */
#include <getopt.h>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "client_common.h"

#define MAX_BUFFERS 8
#define GROW_BYTES (16u << 20)
#define GROW_EVERY 20
#define GROW_TIMES 6

/* One pool for all buffers, kept so that it can grow. */
struct shared_pool {
	struct wl_shm_pool *pool;
	int fd;
	size_t size;
	int grown;
};

static void handle_release(void *data, struct wl_buffer *buffer)
{
	struct tc_buffer *b = data;

	b->busy = false;
}

static const struct wl_buffer_listener release_listener = {
	.release = handle_release,
};

static int shared_buffers(struct tc_display *d, struct shared_pool *sp,
			  struct tc_buffer *buffers, int n, int32_t w,
			  int32_t h)
{
	size_t one = (size_t)w * 4 * h;
	char *data;
	int i;

	sp->size = one * n;
	sp->fd = tc_shm_file(sp->size);
	if (sp->fd < 0)
		return sp->fd;
	data = mmap(NULL, sp->size, PROT_READ | PROT_WRITE, MAP_SHARED, sp->fd,
		    0);
	if (data == MAP_FAILED)
		return -1;
	sp->pool = wl_shm_create_pool(d->shm, sp->fd, sp->size);
	for (i = 0; i < n; i++) {
		struct tc_buffer *b = &buffers[i];

		memset(b, 0, sizeof(*b));
		b->width = w;
		b->height = h;
		b->stride = w * 4;
		b->size = one;
		b->format = WL_SHM_FORMAT_XRGB8888;
		b->data = data + one * i;
		b->buffer = wl_shm_pool_create_buffer(sp->pool, one * i, w, h,
						      w * 4,
						      WL_SHM_FORMAT_XRGB8888);
		wl_buffer_add_listener(b->buffer, &release_listener, b);
	}
	return 0;
}

/* The file and the pool grow; the buffers and our mapping stay. */
static void grow(struct shared_pool *sp)
{
	if (sp->grown == GROW_TIMES)
		return;
	sp->size += GROW_BYTES;
	if (ftruncate(sp->fd, sp->size) < 0)
		return;
	wl_shm_pool_resize(sp->pool, sp->size);
	sp->grown++;
}

/* Colours no pattern of ours uses: each channel is never 0 or 255. */
static uint32_t frame_colour(uint32_t n)
{
	uint32_t h = n * 2654435761u;

	return 0xff000000u | (((h >> 8) % 200 + 20) << 16) |
	       (((h >> 16) % 200 + 20) << 8) | ((h >> 24) % 200 + 20);
}

static void fill(struct tc_buffer *b, uint32_t colour)
{
	uint32_t *px = b->data;
	size_t i, n = (size_t)b->stride / 4 * b->height;

	for (i = 0; i < n; i++)
		px[i] = colour;
}

static struct tc_buffer *free_buffer(struct tc_buffer *buffers, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!buffers[i].busy)
			return &buffers[i];
	return NULL;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}

static int parse(int argc, char **argv, int32_t *w, int32_t *h, int *n,
		 bool *grow_pool)
{
	static const struct option longopts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "buffers", required_argument, NULL, 'b' },
		{ "grow-pool", no_argument, NULL, 'g' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 'g') {
			*grow_pool = true;
			continue;
		}
		if (c == 's' && sscanf(optarg, "%dx%d", w, h) == 2 && *w > 0 &&
		    *h > 0)
			continue;
		if (c == 'b' && (*n = atoi(optarg)) >= 1 && *n <= MAX_BUFFERS)
			continue;
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct tc_buffer buffers[MAX_BUFFERS];
	int32_t width = 256, height = 256;
	int n_buffers = 3, i;
	struct shared_pool sp = { .fd = -1 };
	bool grow_pool = false;
	struct tc_display d;
	struct tc_window w;
	uint32_t frames = 0;
	int64_t last_report;

	if (parse(argc, argv, &width, &height, &n_buffers, &grow_pool) < 0) {
		fprintf(stderr, "usage: tack-flood [--size WxH] [--buffers N] [--grow-pool]\n");
		return 2;
	}
	if (tc_connect(&d) < 0 || tc_window_create(&d, &w, "tack-flood") < 0)
		return 1;
	if (grow_pool) {
		if (shared_buffers(&d, &sp, buffers, n_buffers, width,
				   height) < 0)
			return 1;
	} else {
		for (i = 0; i < n_buffers; i++)
			if (tc_buffer_create(&d, &buffers[i], width, height,
					     WL_SHM_FORMAT_XRGB8888) < 0)
				return 1;
	}
	last_report = now_ms();
	for (;;) {
		struct tc_buffer *b = free_buffer(buffers, n_buffers);
		struct pollfd pfd = { wl_display_get_fd(d.display), POLLIN };

		if (b) {
			if (grow_pool && frames % GROW_EVERY == GROW_EVERY - 1)
				grow(&sp);
			fill(b, frame_colour(frames++));
			wl_surface_attach(w.surface, b->buffer, 0, 0);
			wl_surface_damage_buffer(w.surface, 0, 0, width, height);
			wl_surface_commit(w.surface);
			b->busy = true;
			if (frames == 1) {
				printf("ready\n");
				fflush(stdout);
			}
		}
		if (now_ms() - last_report >= 1000) {
			last_report = now_ms();
			printf("frames %u\n", frames);
			fflush(stdout);
		}
		if (wl_display_flush(d.display) < 0)
			break;
		/* wait for a release when no buffer is free */
		if (!free_buffer(buffers, n_buffers) &&
		    poll(&pfd, 1, 1000) < 0)
			break;
		if (wl_display_dispatch_pending(d.display) < 0 ||
		    (pfd.revents & POLLIN &&
		     wl_display_dispatch(d.display) < 0))
			break;
		if (w.closed)
			break;
	}
	tc_report_protocol_error(&d);
	return 0;
}
