/*
 * tack-demo: an animated wl_shm window that redraws every frame and reports
 * how its frames were presented (wp_presentation).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "client_common.h"

#define N_BUFFERS 3

struct demo {
	struct tc_display display;
	struct tc_window window;
	struct tc_buffer buffers[N_BUFFERS];
	int32_t width, height;
	unsigned frame;
	double seconds;
	struct timespec start;
	bool done;
	/* Presentation statistics. */
	unsigned presented, discarded, zero_copy;
	double latency_sum_ms;
	struct wl_list feedbacks;	/* feedback_ctx.link, not answered yet */
	struct wl_callback *frame_callback;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void draw(struct demo *d, struct tc_buffer *b)
{
	uint32_t *px = b->data;
	int32_t bar = (int32_t)(d->frame * 4 % (unsigned)d->width);
	int32_t x, y;

	for (y = 0; y < b->height; y++) {
		uint32_t *row = px + (size_t)y * b->stride / 4;

		for (x = 0; x < b->width; x++) {
			uint32_t r = x * 255 / b->width, g = y * 255 / b->height;
			uint32_t blue = (x / 32 + y / 32) % 2 ? 0x60 : 0x30;

			row[x] = 0xff000000 | r << 16 | g << 8 | blue;
			if (x >= bar && x < bar + 24)
				row[x] = 0xfff0f0f0;
		}
	}
}

struct feedback_ctx {
	struct demo *demo;
	struct wp_presentation_feedback *feedback;
	double committed_at;
	struct wl_list link;		/* demo.feedbacks */
};

static void handle_feedback_sync_output(void *data,
					struct wp_presentation_feedback *fb,
					struct wl_output *output)
{
}

static void handle_feedback_presented(void *data,
				      struct wp_presentation_feedback *fb,
				      uint32_t sec_hi, uint32_t sec_lo,
				      uint32_t nsec, uint32_t refresh,
				      uint32_t seq_hi, uint32_t seq_lo,
				      uint32_t flags)
{
	struct feedback_ctx *ctx = data;
	double when = ((uint64_t)sec_hi << 32 | sec_lo) + nsec / 1e9;

	ctx->demo->presented++;
	ctx->demo->latency_sum_ms += (when - ctx->committed_at) * 1000;
	if (flags & WP_PRESENTATION_FEEDBACK_KIND_ZERO_COPY)
		ctx->demo->zero_copy++;
	wl_list_remove(&ctx->link);
	wp_presentation_feedback_destroy(fb);
	free(ctx);
}

static void handle_feedback_discarded(void *data,
				      struct wp_presentation_feedback *fb)
{
	struct feedback_ctx *ctx = data;

	ctx->demo->discarded++;
	wl_list_remove(&ctx->link);
	wp_presentation_feedback_destroy(fb);
	free(ctx);
}

static const struct wp_presentation_feedback_listener feedback_listener = {
	.sync_output = handle_feedback_sync_output,
	.presented = handle_feedback_presented,
	.discarded = handle_feedback_discarded,
};

static void redraw(struct demo *d);

static void handle_frame_done(void *data, struct wl_callback *cb,
			      uint32_t time)
{
	struct demo *d = data;

	wl_callback_destroy(cb);
	d->frame_callback = NULL;
	if (now_s() - (d->start.tv_sec + d->start.tv_nsec / 1e9) >= d->seconds) {
		d->done = true;
		return;
	}
	redraw(d);
}

static const struct wl_callback_listener frame_listener = {
	.done = handle_frame_done,
};

static void redraw(struct demo *d)
{
	struct tc_buffer *b = NULL;
	struct wl_callback *cb;
	int i;

	for (i = 0; i < N_BUFFERS; i++) {
		if (!d->buffers[i].busy) {
			b = &d->buffers[i];
			break;
		}
	}
	if (!b) {
		fprintf(stderr, "tack-demo: every buffer is still in use\n");
		d->done = true;
		return;
	}
	draw(d, b);
	d->frame++;
	cb = wl_surface_frame(d->window.surface);
	wl_callback_add_listener(cb, &frame_listener, d);
	d->frame_callback = cb;
	if (d->display.presentation) {
		struct feedback_ctx *ctx = calloc(1, sizeof(*ctx));

		if (ctx) {
			ctx->feedback = wp_presentation_feedback(
				d->display.presentation, d->window.surface);
			ctx->demo = d;
			ctx->committed_at = now_s();
			wl_list_insert(&d->feedbacks, &ctx->link);
			wp_presentation_feedback_add_listener(ctx->feedback,
				&feedback_listener, ctx);
		}
	}
	wl_surface_attach(d->window.surface, b->buffer, 0, 0);
	wl_surface_damage_buffer(d->window.surface, 0, 0, b->width, b->height);
	b->busy = true;
	wl_surface_commit(d->window.surface);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "seconds", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct demo d = { .width = 640, .height = 400, .seconds = 5 };
	struct feedback_ctx *ctx, *tmp;
	double elapsed;
	int c, i;

	wl_list_init(&d.feedbacks);
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (sscanf(optarg, "%dx%d", &d.width, &d.height) != 2 ||
			    d.width <= 0 || d.height <= 0) {
				fprintf(stderr, "tack-demo: bad size '%s'\n", optarg);
				return 2;
			}
			break;
		case 't':
			d.seconds = atof(optarg);
			break;
		case 'h':
			printf("Usage: tack-demo [--size WxH] [--seconds S]\n");
			return 0;
		default:
			return 2;
		}
	}
	if (tc_connect(&d.display) < 0) {
		fprintf(stderr, "tack-demo: cannot connect to the compositor\n");
		return 1;
	}
	if (tc_window_create(&d.display, &d.window, "tack-demo") < 0) {
		fprintf(stderr, "tack-demo: the compositor has no xdg_wm_base\n");
		return 1;
	}
	if (d.window.width > 0 && d.window.height > 0) {
		d.width = d.window.width;
		d.height = d.window.height;
	}
	for (i = 0; i < N_BUFFERS; i++)
		if (tc_buffer_create(&d.display, &d.buffers[i], d.width,
				     d.height, WL_SHM_FORMAT_XRGB8888) < 0) {
			fprintf(stderr, "tack-demo: cannot allocate buffers\n");
			return 1;
		}
	clock_gettime(CLOCK_MONOTONIC, &d.start);
	redraw(&d);
	while (!d.done && !d.window.closed)
		if (wl_display_dispatch(d.display.display) < 0) {
			tc_report_protocol_error(&d.display);
			return 1;
		}
	wl_display_roundtrip(d.display.display);
	elapsed = now_s() - (d.start.tv_sec + d.start.tv_nsec / 1e9);
	printf("tack-demo: %u frames in %.2f s (%.1f fps), %u presented, %u discarded, %u zero-copy, mean commit-to-present %.2f ms\n",
	       d.frame, elapsed, d.frame / elapsed, d.presented, d.discarded,
	       d.zero_copy,
	       d.presented ? d.latency_sum_ms / d.presented : 0.0);
	wl_list_for_each_safe(ctx, tmp, &d.feedbacks, link) {
		wp_presentation_feedback_destroy(ctx->feedback);
		free(ctx);
	}
	if (d.frame_callback)
		wl_callback_destroy(d.frame_callback);
	for (i = 0; i < N_BUFFERS; i++)
		tc_buffer_destroy(&d.buffers[i]);
	tc_window_destroy(&d.window);
	tc_disconnect(&d.display);
	return d.frame > 0 && d.presented > 0 ? 0 : 1;
}
