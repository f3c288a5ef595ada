/*
 * tack-screencopy-probe: drives zwlr_screencopy_manager_v1 the ways grim
 * does not (regions, copy_with_damage, wrong buffers, a second copy) and
 * prints every event as a line, for the integration tests:
 *
 *   buffer FORMAT W H STRIDE | buffer_done | flags F | damage X Y W H |
 *   ready SEC NSEC | failed | clock SEC NSEC | error INTERFACE CODE
 *
 *   tack-screencopy-probe [--output INDEX] [--region X,Y,W,H] [--cursor]
 *       [--damage] [--frames N] [--out PREFIX]
 *       [--bad size|stride|format|truncate|destroy] [--copy-twice]
 *       [--pointer X,Y] [--frames 0]
 *
 * With --out, frame i's pixels are written to PREFIX-i.ppm. --bad truncate
 * sends a right buffer and then shrinks its file to nothing; --bad destroy
 * destroys the wl_buffer right after the copy request. --pointer
 * first puts a virtual pointer at X,Y in the layout (tack --test-input).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "client_common.h"

struct options {
	int output;
	bool region, cursor, damage, copy_twice, pointer;
	double pointer_x, pointer_y;
	int32_t x, y, width, height;
	int frames;
	const char *out;
	const char *bad;
};

struct capture {
	struct tc_display *display;
	const struct options *options;
	struct zwlr_screencopy_frame_v1 *frame;
	uint32_t format, width, height, stride;
	bool described, ready, failed;
	struct wl_buffer *buffer;
	void *data;
	size_t size;
	int fd;
};

static void print_clock(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	printf("clock %lld %ld\n", (long long)now.tv_sec, now.tv_nsec);
}

/* The buffer the compositor described, or a deliberately wrong one. */
static int make_buffer(struct capture *c)
{
	const char *bad = c->options->bad;
	int32_t width = c->width, height = c->height, stride = c->stride;
	uint32_t format = c->format;
	struct wl_shm_pool *pool;
	int fd;

	if (bad && strcmp(bad, "size") == 0)
		width += 1;
	else if (bad && strcmp(bad, "stride") == 0)
		stride += 4;
	else if (bad && strcmp(bad, "format") == 0)
		format = format == WL_SHM_FORMAT_ARGB8888 ?
			 WL_SHM_FORMAT_XRGB8888 : WL_SHM_FORMAT_ARGB8888;
	if (stride < width * 4)
		stride = width * 4;
	c->size = (size_t)stride * height;
	fd = tc_shm_file(c->size);
	if (fd < 0)
		return fd;
	c->data = mmap(NULL, c->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       0);
	if (c->data == MAP_FAILED) {
		int err = -errno;

		close(fd);
		return err;
	}
	/* A recognisable fill: a copy that writes nothing shows. */
	memset(c->data, 0x5a, c->size);
	pool = wl_shm_create_pool(c->display->shm, fd, c->size);
	c->buffer = wl_shm_pool_create_buffer(pool, 0, width, height, stride,
					      format);
	wl_shm_pool_destroy(pool);
	c->fd = fd;
	return 0;
}

static void copy(struct capture *c)
{
	if (make_buffer(c) < 0) {
		fprintf(stderr, "probe: cannot make a buffer\n");
		exit(1);
	}
	if (c->options->damage)
		zwlr_screencopy_frame_v1_copy_with_damage(c->frame, c->buffer);
	else
		zwlr_screencopy_frame_v1_copy(c->frame, c->buffer);
	if (c->options->copy_twice)
		zwlr_screencopy_frame_v1_copy(c->frame, c->buffer);
	if (c->options->bad && strcmp(c->options->bad, "destroy") == 0) {
		wl_buffer_destroy(c->buffer);
		c->buffer = NULL;
	}
	if (c->options->bad && strcmp(c->options->bad, "truncate") == 0) {
		/* Our own mapping goes too: nothing of it is read after this. */
		munmap(c->data, c->size);
		c->data = NULL;
		if (ftruncate(c->fd, 0) < 0)
			perror("probe: ftruncate");
	}
}

static void handle_frame_buffer(void *data,
				struct zwlr_screencopy_frame_v1 *frame,
				uint32_t format, uint32_t width,
				uint32_t height, uint32_t stride)
{
	struct capture *c = data;

	printf("buffer 0x%08x %u %u %u\n", format, width, height, stride);
	c->format = format;
	c->width = width;
	c->height = height;
	c->stride = stride;
	c->described = true;
	if (zwlr_screencopy_frame_v1_get_version(frame) <
	    ZWLR_SCREENCOPY_FRAME_V1_BUFFER_DONE_SINCE_VERSION)
		copy(c);
}

static void handle_frame_flags(void *data,
			       struct zwlr_screencopy_frame_v1 *frame,
			       uint32_t flags)
{
	printf("flags %u\n", flags);
}

static void handle_frame_ready(void *data,
			       struct zwlr_screencopy_frame_v1 *frame,
			       uint32_t sec_hi, uint32_t sec_lo, uint32_t nsec)
{
	struct capture *c = data;

	printf("ready %llu %u\n",
	       (unsigned long long)sec_hi << 32 | sec_lo, nsec);
	c->ready = true;
}

static void handle_frame_failed(void *data,
				struct zwlr_screencopy_frame_v1 *frame)
{
	struct capture *c = data;

	printf("failed\n");
	c->failed = true;
}

static void handle_frame_damage(void *data,
				struct zwlr_screencopy_frame_v1 *frame,
				uint32_t x, uint32_t y, uint32_t width,
				uint32_t height)
{
	printf("damage %u %u %u %u\n", x, y, width, height);
}

static void handle_frame_linux_dmabuf(void *data,
				      struct zwlr_screencopy_frame_v1 *frame,
				      uint32_t format, uint32_t width,
				      uint32_t height)
{
	printf("linux_dmabuf 0x%08x %u %u\n", format, width, height);
}

static void handle_frame_buffer_done(void *data,
				     struct zwlr_screencopy_frame_v1 *frame)
{
	struct capture *c = data;

	printf("buffer_done\n");
	if (c->described)
		copy(c);
}

static const struct zwlr_screencopy_frame_v1_listener frame_listener = {
	.buffer = handle_frame_buffer,
	.flags = handle_frame_flags,
	.ready = handle_frame_ready,
	.failed = handle_frame_failed,
	.damage = handle_frame_damage,
	.linux_dmabuf = handle_frame_linux_dmabuf,
	.buffer_done = handle_frame_buffer_done,
};

static int write_ppm(const struct capture *c, const char *prefix, int index)
{
	char path[4096];
	FILE *f;
	uint32_t x, y;

	snprintf(path, sizeof(path), "%s-%d.ppm", prefix, index);
	f = fopen(path, "wb");
	if (!f)
		return -errno;
	fprintf(f, "P6\n%u %u\n255\n", c->width, c->height);
	for (y = 0; y < c->height; y++) {
		const uint32_t *row = (const uint32_t *)((const char *)c->data +
							 y * c->stride);

		for (x = 0; x < c->width; x++) {
			uint8_t rgb[3] = { row[x] >> 16, row[x] >> 8, row[x] };

			fwrite(rgb, 1, 3, f);
		}
	}
	return fclose(f) == 0 ? 0 : -errno;
}

static void capture_finish(struct capture *c)
{
	zwlr_screencopy_frame_v1_destroy(c->frame);
	if (c->buffer)
		wl_buffer_destroy(c->buffer);
	if (c->data)
		munmap(c->data, c->size);
	if (c->fd >= 0)
		close(c->fd);
}

/* 0 ready, 1 failed, -errno when the connection broke. */
static int capture_one(struct tc_display *d, const struct options *o,
		       int index)
{
	struct wl_output *output = d->outputs[o->output];
	struct capture c = { .display = d, .options = o, .fd = -1 };
	int ret = 0;

	if (o->region)
		c.frame = zwlr_screencopy_manager_v1_capture_output_region(
			d->screencopy, o->cursor, output, o->x, o->y, o->width,
			o->height);
	else
		c.frame = zwlr_screencopy_manager_v1_capture_output(
			d->screencopy, o->cursor, output);
	zwlr_screencopy_frame_v1_add_listener(c.frame, &frame_listener, &c);
	printf("frame %d\n", index);
	fflush(stdout);
	while (!c.ready && !c.failed) {
		if (wl_display_dispatch(d->display) < 0) {
			ret = -EPROTO;
			break;
		}
		fflush(stdout);
	}
	if (c.ready && c.data && o->out && write_ppm(&c, o->out, index) < 0)
		fprintf(stderr, "probe: cannot write %s-%d.ppm\n", o->out,
			index);
	if (ret == 0 && c.failed)
		ret = 1;
	capture_finish(&c);
	return ret;
}

static void handle_sync_done(void *data, struct wl_callback *callback,
			     uint32_t serial)
{
	bool *done = data;

	*done = true;
	wl_callback_destroy(callback);
}

static const struct wl_callback_listener sync_listener = {
	.done = handle_sync_done,
};

static int move_pointer(struct tc_display *d, double x, double y)
{
	struct wl_callback *callback;
	bool done = false;

	if (!d->test_input)
		return -ENOTSUP;
	tack_test_input_v1_add_devices(d->test_input,
				       TACK_TEST_INPUT_V1_DEVICE_POINTER);
	tack_test_input_v1_pointer_motion_absolute(d->test_input,
		wl_fixed_from_double(x), wl_fixed_from_double(y));
	callback = tack_test_input_v1_sync(d->test_input);
	wl_callback_add_listener(callback, &sync_listener, &done);
	while (!done)
		if (wl_display_dispatch(d->display) < 0)
			return -EPROTO;
	printf("pointer %g %g\n", x, y);
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "region", required_argument, NULL, 'g' },
		{ "cursor", no_argument, NULL, 'c' },
		{ "damage", no_argument, NULL, 'd' },
		{ "frames", required_argument, NULL, 'n' },
		{ "out", required_argument, NULL, 'w' },
		{ "bad", required_argument, NULL, 'b' },
		{ "copy-twice", no_argument, NULL, 't' },
		{ "pointer", required_argument, NULL, 'p' },
		{ 0 },
	};
	int c;

	*o = (struct options){ .frames = 1 };
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->output = atoi(optarg);
			break;
		case 'g':
			if (sscanf(optarg, "%d,%d,%d,%d", &o->x, &o->y,
				   &o->width, &o->height) != 4)
				return -EINVAL;
			o->region = true;
			break;
		case 'c':
			o->cursor = true;
			break;
		case 'd':
			o->damage = true;
			break;
		case 'n':
			o->frames = atoi(optarg);
			break;
		case 'w':
			o->out = optarg;
			break;
		case 'b':
			o->bad = optarg;
			break;
		case 't':
			o->copy_twice = true;
			break;
		case 'p':
			if (sscanf(optarg, "%lf,%lf", &o->pointer_x,
				   &o->pointer_y) != 2)
				return -EINVAL;
			o->pointer = true;
			break;
		default:
			return -EINVAL;
		}
	}
	return o->frames >= 0 && o->output >= 0 ? 0 : -EINVAL;
}

int main(int argc, char **argv)
{
	struct tc_display d;
	struct options o;
	int i, ret;

	if (parse_options(argc, argv, &o) < 0) {
		fprintf(stderr, "usage: see the top of clients/screencopy_probe.c\n");
		return 2;
	}
	ret = tc_connect(&d);
	if (ret < 0) {
		fprintf(stderr, "probe: cannot connect: %s\n", strerror(-ret));
		return 1;
	}
	if (!d.screencopy || o.output >= d.n_outputs) {
		fprintf(stderr, "probe: no screencopy manager or no output %d\n",
			o.output);
		return 1;
	}
	if (o.pointer && move_pointer(&d, o.pointer_x, o.pointer_y) < 0) {
		fprintf(stderr, "probe: cannot move the pointer\n");
		return 1;
	}
	print_clock();
	for (i = 0, ret = 0; i < o.frames && ret == 0; i++)
		ret = capture_one(&d, &o, i);
	if (ret < 0)
		tc_report_protocol_error(&d);
	print_clock();
	fflush(stdout);
	tc_disconnect(&d);
	return ret == 0 ? 0 : 1;
}
