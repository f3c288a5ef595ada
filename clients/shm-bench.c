/*
 * tack-shm-bench: a wl_shm client that redraws every frame and measures,
 * through wp_presentation, how long each commit took to reach the screen.
 *
 *   tack-shm-bench [--size WxH | --fullscreen] [--damage PERCENT]
 *                  [--frames N] [--buffers N] [--seal]
 *
 * Each frame rewrites PERCENT of the buffer's rows (100: all of it) and
 * damages just those, on the frame callback, into a released buffer. At
 * the end it prints one line:
 *   bench WxH damage=P frames=N presented=N discarded=N fps=F
 *         c2p_p50_ms=A c2p_p90_ms=B c2p_p99_ms=C c2p_max_ms=D zero_copy=Z
 * where zero_copy is the share of presented frames flagged ZERO_COPY.
 * --seal seals each buffer's memfd against shrinking, as weston's clients
 * and foot do (what udmabuf needs).
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "client_common.h"

#define MAX_BUFFERS 4
#define MAX_FRAMES 100000

struct bench {
	struct tc_display *d;
	struct tc_window w;
	struct tc_buffer buffers[MAX_BUFFERS];
	int n_buffers;
	int32_t width, height;
	int damage_percent;
	int frames, committed, presented, discarded, zero_copy;
	double *latency_ms;
	double first_present, last_present;
	bool frame_due;
};

struct feedback {
	struct bench *bench;
	double commit_ms;
};

static double now_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void handle_sync_output(void *data,
			       struct wp_presentation_feedback *fb,
			       struct wl_output *output)
{
}

static void handle_presented(void *data, struct wp_presentation_feedback *fb,
			     uint32_t sec_hi, uint32_t sec_lo, uint32_t nsec,
			     uint32_t refresh, uint32_t seq_hi, uint32_t seq_lo,
			     uint32_t flags)
{
	struct feedback *f = data;
	struct bench *b = f->bench;
	double when = (((uint64_t)sec_hi << 32 | sec_lo) * 1e3) + nsec / 1e6;

	if (b->presented < MAX_FRAMES)
		b->latency_ms[b->presented] = when - f->commit_ms;
	if (!b->presented)
		b->first_present = when;
	b->last_present = when;
	b->presented++;
	if (flags & WP_PRESENTATION_FEEDBACK_KIND_ZERO_COPY)
		b->zero_copy++;
	wp_presentation_feedback_destroy(fb);
	free(f);
}

static void handle_discarded(void *data, struct wp_presentation_feedback *fb)
{
	struct feedback *f = data;

	f->bench->discarded++;
	wp_presentation_feedback_destroy(fb);
	free(f);
}

static const struct wp_presentation_feedback_listener feedback_listener = {
	.sync_output = handle_sync_output,
	.presented = handle_presented,
	.discarded = handle_discarded,
};

static void handle_frame_done(void *data, struct wl_callback *cb,
			      uint32_t time)
{
	struct bench *b = data;

	wl_callback_destroy(cb);
	b->frame_due = true;
}

static const struct wl_callback_listener frame_listener = {
	.done = handle_frame_done,
};

/* Rows [y0, y1) get this frame's colour: a moving band of damage. */
static void draw(struct bench *b, struct tc_buffer *buf, int32_t y0, int32_t y1)
{
	uint32_t colour = 0xff000000u | (uint32_t)(b->committed * 0x010305);
	int32_t x, y;

	for (y = y0; y < y1; y++) {
		uint32_t *row = (uint32_t *)((char *)buf->data +
					     (size_t)y * buf->stride);

		for (x = 0; x < buf->width; x++)
			row[x] = colour ^ (uint32_t)(x & 0xff);
	}
}

static struct tc_buffer *free_buffer(struct bench *b)
{
	int i;

	for (i = 0; i < b->n_buffers; i++)
		if (!b->buffers[i].busy)
			return &b->buffers[i];
	return NULL;
}

static void commit_frame(struct bench *b, struct tc_buffer *buf)
{
	int32_t rows = b->height * b->damage_percent / 100;
	int32_t y0 = rows >= b->height ? 0 :
		     (b->committed * rows) % (b->height - rows + 1);
	struct feedback *f = calloc(1, sizeof(*f));
	struct wp_presentation_feedback *fb;

	if (rows < 1)
		rows = 1;
	/* a buffer shows its own older frame outside the band: redraw all */
	draw(b, buf, b->committed < b->n_buffers ? 0 : y0,
	     b->committed < b->n_buffers ? b->height : y0 + rows);
	wl_surface_attach(b->w.surface, buf->buffer, 0, 0);
	wl_surface_damage_buffer(b->w.surface, 0, y0, b->width, rows);
	wl_callback_add_listener(wl_surface_frame(b->w.surface),
				 &frame_listener, b);
	f->bench = b;
	fb = wp_presentation_feedback(b->d->presentation, b->w.surface);
	wp_presentation_feedback_add_listener(fb, &feedback_listener, f);
	f->commit_ms = now_ms(b->d->presentation_clock);
	wl_surface_commit(b->w.surface);
	buf->busy = true;
	b->committed++;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, c = *(const double *)y;

	return a < c ? -1 : a > c;
}

static double quantile(double *v, int n, double q)
{
	int i = (int)(q * (n - 1) + 0.5);

	return n ? v[i] : 0;
}

static void report(struct bench *b)
{
	int n = b->presented < MAX_FRAMES ? b->presented : MAX_FRAMES;
	double span = (b->last_present - b->first_present) / 1e3;

	qsort(b->latency_ms, n, sizeof(double), cmp_double);
	printf("bench %dx%d damage=%d frames=%d presented=%d discarded=%d fps=%.1f c2p_p50_ms=%.2f c2p_p90_ms=%.2f c2p_p99_ms=%.2f c2p_max_ms=%.2f zero_copy=%.2f\n",
	       b->width, b->height, b->damage_percent, b->committed,
	       b->presented, b->discarded,
	       span > 0 ? (b->presented - 1) / span : 0,
	       quantile(b->latency_ms, n, 0.5), quantile(b->latency_ms, n, 0.9),
	       quantile(b->latency_ms, n, 0.99), n ? b->latency_ms[n - 1] : 0,
	       b->presented ? (double)b->zero_copy / b->presented : 0);
	fflush(stdout);
}

static int parse(int argc, char **argv, struct bench *b, bool *fullscreen,
		 unsigned int *seals)
{
	static const struct option longopts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "fullscreen", no_argument, NULL, 'f' },
		{ "damage", required_argument, NULL, 'd' },
		{ "frames", required_argument, NULL, 'n' },
		{ "buffers", required_argument, NULL, 'b' },
		{ "seal", no_argument, NULL, 'e' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 's' && sscanf(optarg, "%dx%d", &b->width,
				       &b->height) == 2 && b->width > 0 &&
		    b->height > 0)
			continue;
		if (c == 'f') {
			*fullscreen = true;
			continue;
		}
		if (c == 'e') {
			*seals = F_SEAL_SHRINK | F_SEAL_SEAL;
			continue;
		}
		if (c == 'd' && (b->damage_percent = atoi(optarg)) >= 1 &&
		    b->damage_percent <= 100)
			continue;
		if (c == 'n' && (b->frames = atoi(optarg)) >= 1 &&
		    b->frames <= MAX_FRAMES)
			continue;
		if (c == 'b' && (b->n_buffers = atoi(optarg)) >= 2 &&
		    b->n_buffers <= MAX_BUFFERS)
			continue;
		return -1;
	}
	return 0;
}

/* Full screen: the size is the one the compositor configures. */
static int go_fullscreen(struct bench *b)
{
	xdg_toplevel_set_fullscreen(b->w.toplevel, NULL);
	b->w.configured = false;
	wl_surface_commit(b->w.surface);
	while (!b->w.configured || !b->w.width)
		if (wl_display_dispatch(b->d->display) < 0)
			return -1;
	b->width = b->w.width;
	b->height = b->w.height;
	return 0;
}

int main(int argc, char **argv)
{
	struct bench b = { .width = 640, .height = 480, .damage_percent = 100,
			   .frames = 300, .n_buffers = 3 };
	struct tc_display d;
	bool fullscreen = false;
	unsigned int seals = 0;
	int i;

	if (parse(argc, argv, &b, &fullscreen, &seals) < 0) {
		fprintf(stderr, "usage: tack-shm-bench [--size WxH | --fullscreen] [--damage PERCENT] [--frames N] [--buffers N] [--seal]\n");
		return 2;
	}
	b.latency_ms = calloc(MAX_FRAMES, sizeof(double));
	if (!b.latency_ms || tc_connect(&d) < 0 || !d.presentation ||
	    tc_window_create(&d, &b.w, "tack-shm-bench") < 0)
		return 1;
	b.d = &d;
	if (fullscreen && go_fullscreen(&b) < 0)
		return 1;
	for (i = 0; i < b.n_buffers; i++)
		if (tc_buffer_create_in_pool(&d, &b.buffers[i], b.width,
					     b.height, WL_SHM_FORMAT_XRGB8888,
					     b.width * 4, 0, seals) < 0)
			return 1;
	b.frame_due = true;
	while (b.presented + b.discarded < b.frames) {
		struct tc_buffer *buf;

		if (b.frame_due && b.committed < b.frames &&
		    (buf = free_buffer(&b))) {
			b.frame_due = false;
			commit_frame(&b, buf);
		}
		if (wl_display_dispatch(d.display) < 0) {
			tc_report_protocol_error(&d);
			return 1;
		}
	}
	report(&b);
	return 0;
}
