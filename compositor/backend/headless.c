/*
 * The headless backend: virtual outputs whose frames live in memory, with
 * a repaint loop on a timerfd at each output's refresh rate.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include "backend/backend.h"
#include "output/output.h"
#include "render/renderer.h"
#include "util/log.h"
#include "util/time.h"
#include "presentation-time-server-protocol.h"

struct headless_backend {
	struct tack_backend base;
	struct wl_list outputs;		/* headless_output.link */
};

struct headless_output {
	struct tack_output *output;
	struct wl_list link;
	struct tack_render_target *target;
	bool drawn;			/* the target holds a whole frame */
	int timer_fd;
	struct wl_event_source *timer;
	struct timespec vblank;		/* the tick being drawn for */
	uint64_t seq;
};

/* The first virtual vblank at or after now, in phase with the last one. */
static void next_vblank(struct tack_output *output, struct timespec *out)
{
	int64_t period = tack_refresh_period_nsec(output->refresh_mhz);
	int64_t last = tack_timespec_to_nsec(&output->last_present);
	int64_t now = tack_now_nsec();

	if (last == 0 || period <= 0)
		tack_timespec_from_nsec(out, now);
	else if (last + period >= now)
		tack_timespec_from_nsec(out, last + period);
	else
		tack_timespec_from_nsec(out, last + ((now - last + period - 1) /
						     period) * period);
}

static void headless_schedule_frame(struct tack_output *output)
{
	struct headless_output *ho = output->backend_data;
	struct itimerspec its = { 0 };

	next_vblank(output, &ho->vblank);
	its.it_value = ho->vblank;
	/* A zero it_value disarms: the epoch is never a vblank. */
	if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
		its.it_value.tv_nsec = 1;
	if (timerfd_settime(ho->timer_fd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
		tack_err("headless: cannot arm the frame timer: %s",
			 strerror(errno));
}

static int handle_timer_readable(int fd, uint32_t mask, void *data)
{
	struct headless_output *ho = data;
	uint64_t expirations;

	if (read(fd, &expirations, sizeof(expirations)) < 0 && errno != EAGAIN)
		tack_err("headless: frame timer: %s", strerror(errno));
	tack_output_frame(ho->output);
	return 0;
}

static struct tack_render_target *headless_acquire_target(
	struct tack_output *output, struct tack_frame *frame, int *age)
{
	struct headless_output *ho = output->backend_data;

	*age = ho->drawn ? 1 : 0;
	return ho->target;
}

static int headless_commit(struct tack_output *output, struct tack_frame *frame)
{
	struct headless_output *ho = output->backend_data;

	ho->drawn = true;
	tack_output_presented(output, &ho->vblank, ++ho->seq,
			      WP_PRESENTATION_FEEDBACK_KIND_VSYNC);
	return 0;
}

static void headless_output_destroy(struct tack_output *output)
{
	struct headless_output *ho = output->backend_data;

	wl_list_remove(&ho->link);
	wl_event_source_remove(ho->timer);
	close(ho->timer_fd);
	tack_render_target_destroy(ho->target);
	free(ho);
}

static const struct tack_output_impl headless_output_impl = {
	.schedule_frame = headless_schedule_frame,
	.acquire_target = headless_acquire_target,
	.commit = headless_commit,
	.destroy = headless_output_destroy,
};

static int add_output(struct headless_backend *backend,
		      const struct tack_headless_output_spec *spec, int index)
{
	const struct tack_backend_env *env = &backend->base.env;
	struct tack_render_target_desc desc = {
		.width = spec->width, .height = spec->height,
		.format = DRM_FORMAT_XRGB8888,
	};
	struct headless_output *ho = calloc(1, sizeof(*ho));
	char name[32];
	int err = -ENOMEM;

	if (!ho)
		return err;
	/* the frames live in memory the renderer keeps */
	ho->target = tack_renderer_create_target(env->renderer, &desc);
	if (!ho->target)
		goto free_output;
	ho->timer_fd = timerfd_create(TACK_CLOCK, TFD_CLOEXEC | TFD_NONBLOCK);
	if (ho->timer_fd < 0) {
		err = -errno;
		goto destroy_target;
	}
	ho->timer = wl_event_loop_add_fd(env->loop, ho->timer_fd,
					 WL_EVENT_READABLE,
					 handle_timer_readable, ho);
	if (!ho->timer)
		goto close_timer;
	wl_list_insert(backend->outputs.prev, &ho->link);
	snprintf(name, sizeof(name), "HEADLESS-%d", index + 1);
	ho->output = tack_output_create(env->layout, &headless_output_impl, ho,
					name, spec->width, spec->height,
					spec->refresh_mhz);
	if (!ho->output)
		goto remove_timer;
	return 0;

remove_timer:
	wl_list_remove(&ho->link);
	wl_event_source_remove(ho->timer);
close_timer:
	close(ho->timer_fd);
destroy_target:
	tack_render_target_destroy(ho->target);
free_output:
	free(ho);
	return err;
}

static void headless_destroy(struct tack_backend *base)
{
	struct headless_backend *backend =
		wl_container_of(base, backend, base);
	struct headless_output *ho, *tmp;

	wl_list_for_each_safe(ho, tmp, &backend->outputs, link)
		tack_output_destroy(ho->output);
	free(backend);
}

static const struct tack_backend_impl headless_impl = {
	.name = "headless",
	.destroy = headless_destroy,
};

struct tack_backend *tack_headless_backend_create(
	const struct tack_backend_env *env,
	const struct tack_headless_output_spec *specs, int count)
{
	struct headless_backend *backend = calloc(1, sizeof(*backend));
	int i;

	if (!backend)
		return NULL;
	backend->base.impl = &headless_impl;
	backend->base.env = *env;
	wl_list_init(&backend->outputs);
	for (i = 0; i < count; i++) {
		int err = add_output(backend, &specs[i], i);

		if (err < 0) {
			tack_err("headless: cannot create output %d: %s", i + 1,
				 strerror(-err));
			headless_destroy(&backend->base);
			return NULL;
		}
	}
	return &backend->base;
}
