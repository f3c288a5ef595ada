/*
 * zwlr_screencopy_manager_v1: a frame copies one output frame (or a box of
 * it) into a client's shm buffer at the output's render signal, and reports
 * ready with that frame's presentation time at the present signal. Where
 * the backend can capture the frame as the display composes it (DRM
 * writeback), that copy is used instead, planes and all. The cursor (the
 * scene's cursor layer) is left out unless overlay_cursor, but for
 * captures, which show what the display showed.
 */
#include <stdlib.h>
#include <string.h>
#include <drm_fourcc.h>
#include "buffer/shm.h"
#include "output/output.h"
#include "render/renderer.h"
#include "scene/repaint.h"
#include "scene/scene.h"
#include "scene/screencopy.h"
#include "util/log.h"
#include "wlr-screencopy-unstable-v1-server-protocol.h"

#define SCREENCOPY_MANAGER_VERSION 3
/* Targets are x8r8g8b8 images: copies are cheapest so. */
#define SCREENCOPY_FORMAT WL_SHM_FORMAT_XRGB8888
#define SCREENCOPY_DRM_FORMAT DRM_FORMAT_XRGB8888
#define SCREENCOPY_BPP 4
/* More damage rectangles than this are sent as their extents. */
#define SCREENCOPY_MAX_DAMAGE_RECTS 32

struct tack_screencopy {
	struct tack_scene *scene;
	struct wl_global *global;
	struct wl_list damages;		/* screencopy_damage.link */
};

/*
 * What changed on an output since a client's last copy_with_damage there:
 * one per client and output, born with the whole output damaged.
 */
struct screencopy_damage {
	struct wl_list link;
	struct wl_client *client;
	struct tack_scene_output *scene_output;
	pixman_region32_t region;	/* output pixels */
	uint64_t frames_seen;		/* frames_rendered accumulated */
	struct wl_listener client_destroy;
	struct wl_listener output_render;
	struct wl_listener output_destroy;
};

enum frame_state {
	FRAME_IDLE,		/* buffer described, no copy yet */
	FRAME_WAIT_RENDER,	/* copy asked: waiting for a (damaged) frame */
	FRAME_WAIT_CAPTURE,	/* the backend captures the frame as shown */
	FRAME_WAIT_PRESENT,	/* pixels copied: waiting for the present time */
	FRAME_DONE,		/* ready or failed sent; the resource is inert */
};

struct screencopy_frame {
	struct wl_resource *resource;
	struct tack_screencopy *screencopy;
	struct tack_scene_output *scene_output;	/* NULL once done */
	struct tack_output *output;		/* NULL once done */
	pixman_box32_t box;		/* output pixels to copy */
	bool overlay_cursor;
	bool with_damage;
	bool copy_requested;
	enum frame_state state;
	struct tack_shm_buffer *buffer;	/* a reference while copying */
	pixman_region32_t damage;	/* to report, buffer coordinates */
	struct wl_listener output_render;
	struct wl_listener output_present;
	struct wl_listener output_destroy;
	struct wl_listener buffer_resource_destroy;
	struct tack_output_capture capture;
};

static const struct zwlr_screencopy_frame_v1_interface frame_impl;

/* Damage trackers */

static void damage_destroy(struct screencopy_damage *damage)
{
	wl_list_remove(&damage->link);
	wl_list_remove(&damage->client_destroy.link);
	wl_list_remove(&damage->output_render.link);
	wl_list_remove(&damage->output_destroy.link);
	pixman_region32_fini(&damage->region);
	free(damage);
}

/* Idempotent per frame: the tracker and a frame may both see one render. */
static void damage_accumulate(struct screencopy_damage *damage,
			      const struct tack_scene_render_event *event)
{
	struct tack_output *output = damage->scene_output->output;

	if (damage->frames_seen == damage->scene_output->frames_rendered)
		return;
	damage->frames_seen = damage->scene_output->frames_rendered;
	pixman_region32_union(&damage->region, &damage->region, event->damage);
	pixman_region32_intersect_rect(&damage->region, &damage->region, 0, 0,
				       output->width, output->height);
}

static void handle_damage_output_render(struct wl_listener *listener,
					void *data)
{
	struct screencopy_damage *damage =
		wl_container_of(listener, damage, output_render);

	damage_accumulate(damage, data);
}

static void handle_damage_output_destroy(struct wl_listener *listener,
					 void *data)
{
	struct screencopy_damage *damage =
		wl_container_of(listener, damage, output_destroy);

	damage_destroy(damage);
}

static void handle_damage_client_destroy(struct wl_listener *listener,
					 void *data)
{
	struct screencopy_damage *damage =
		wl_container_of(listener, damage, client_destroy);

	damage_destroy(damage);
}

static struct screencopy_damage *damage_find(struct tack_screencopy *sc,
					     struct wl_client *client,
					     struct tack_scene_output *so)
{
	struct screencopy_damage *damage;

	wl_list_for_each(damage, &sc->damages, link)
		if (damage->client == client && damage->scene_output == so)
			return damage;
	return NULL;
}

static struct screencopy_damage *damage_get(struct tack_screencopy *sc,
					    struct wl_client *client,
					    struct tack_scene_output *so)
{
	struct screencopy_damage *damage = damage_find(sc, client, so);

	if (damage)
		return damage;
	damage = calloc(1, sizeof(*damage));
	if (!damage)
		return NULL;
	damage->client = client;
	damage->scene_output = so;
	/* A first copy_with_damage has everything to learn. */
	pixman_region32_init_rect(&damage->region, 0, 0, so->output->width,
				  so->output->height);
	damage->frames_seen = so->frames_rendered;
	damage->client_destroy.notify = handle_damage_client_destroy;
	wl_client_add_destroy_listener(client, &damage->client_destroy);
	damage->output_render.notify = handle_damage_output_render;
	wl_signal_add(&so->events.render, &damage->output_render);
	damage->output_destroy.notify = handle_damage_output_destroy;
	wl_signal_add(&so->events.destroy, &damage->output_destroy);
	wl_list_insert(&sc->damages, &damage->link);
	return damage;
}

/* Frames */

static void frame_remove_listeners(struct screencopy_frame *frame)
{
	wl_list_remove(&frame->output_render.link);
	wl_list_init(&frame->output_render.link);
	wl_list_remove(&frame->output_present.link);
	wl_list_init(&frame->output_present.link);
	wl_list_remove(&frame->output_destroy.link);
	wl_list_init(&frame->output_destroy.link);
	wl_list_remove(&frame->buffer_resource_destroy.link);
	wl_list_init(&frame->buffer_resource_destroy.link);
	tack_output_capture_cancel(&frame->capture);
}

/* Nothing more will happen to the frame but its destruction. */
static void frame_finish(struct screencopy_frame *frame)
{
	frame_remove_listeners(frame);
	if (frame->buffer)
		tack_shm_buffer_unref(frame->buffer);
	frame->buffer = NULL;
	frame->scene_output = NULL;
	frame->output = NULL;
	frame->state = FRAME_DONE;
}

static void frame_fail(struct screencopy_frame *frame)
{
	zwlr_screencopy_frame_v1_send_failed(frame->resource);
	frame_finish(frame);
}

/*
 * Is there something to report? Takes the tracker's damage inside the box
 * into frame->damage, or leaves everything as it was and returns false.
 */
static bool frame_take_damage(struct screencopy_frame *frame,
			      const struct tack_scene_render_event *event)
{
	struct screencopy_damage *damage;
	const pixman_box32_t *b = &frame->box;

	/* The copy made the tracker; only a lookup here, mid-signal. */
	damage = damage_find(frame->screencopy,
			     wl_resource_get_client(frame->resource),
			     frame->scene_output);
	if (!damage) {
		/* Without a tracker, the whole box is the honest answer. */
		pixman_region32_reset(&frame->damage, (pixman_box32_t *)b);
	} else {
		damage_accumulate(damage, event);
		pixman_region32_intersect_rect(&frame->damage, &damage->region,
					       b->x1, b->y1, b->x2 - b->x1,
					       b->y2 - b->y1);
		if (!pixman_region32_not_empty(&frame->damage))
			return false;
		pixman_region32_clear(&damage->region);
	}
	pixman_region32_translate(&frame->damage, -b->x1, -b->y1);
	return true;
}

/* Does a visible view of the tree, or its surfaces, reach into the box? */
static bool view_tree_meets(struct tack_view *view, struct tack_output *output,
			    const pixman_box32_t *box)
{
	struct tack_view *child;
	pixman_box32_t e;
	int32_t lx, ly, s = output->scale;
	int64_t x1, y1, x2, y2;

	if (!tack_view_is_visible(view))
		return false;
	tack_view_layout_position(view, &lx, &ly);
	tack_surface_tree_extents(view->surface, &e);
	/* layout sums saturate near INT32_MAX / 2: scaled, they need more */
	x1 = ((int64_t)e.x1 + lx - output->x) * s;
	x2 = ((int64_t)e.x2 + lx - output->x) * s;
	y1 = ((int64_t)e.y1 + ly - output->y) * s;
	y2 = ((int64_t)e.y2 + ly - output->y) * s;
	if (x1 < box->x2 && box->x1 < x2 && y1 < box->y2 && box->y1 < y2)
		return true;
	wl_list_for_each(child, &view->children, link)
		if (view_tree_meets(child, output, box))
			return true;
	return false;
}

static bool cursor_meets(struct tack_scene *scene, struct tack_output *output,
			  const pixman_box32_t *box)
{
	struct tack_view *view;

	wl_list_for_each(view, &scene->layers[TACK_LAYER_CURSOR], link)
		if (view_tree_meets(view, output, box))
			return true;
	return false;
}

/*
 * The box drawn again from the scene, with the layers in mask, into a
 * target that reaches just as far as the box; NULL when out of memory.
 */
static struct tack_render_target *frame_redraw(struct screencopy_frame *frame,
					       uint32_t layer_mask)
{
	struct tack_scene *scene = frame->screencopy->scene;
	const pixman_box32_t *b = &frame->box;
	struct tack_render_target_desc desc = {
		.width = b->x2, .height = b->y2,
		.format = SCREENCOPY_DRM_FORMAT,
	};
	struct tack_frame redraw;
	pixman_region32_t region;
	int ret;

	tack_frame_init(&redraw, frame->output);
	redraw.target = tack_renderer_create_target(scene->renderer, &desc);
	if (!redraw.target) {
		tack_frame_finish(&redraw);
		return NULL;
	}
	tack_frame_collect(&redraw, scene, layer_mask);
	pixman_region32_init_rect(&region, b->x1, b->y1, b->x2 - b->x1,
				  b->y2 - b->y1);
	ret = tack_frame_draw(&redraw, scene->renderer, &region, false, NULL);
	pixman_region32_fini(&region);
	tack_frame_finish(&redraw);
	if (ret < 0) {
		tack_render_target_destroy(redraw.target);
		return NULL;
	}
	return redraw.target;
}

static bool frame_write(struct screencopy_frame *frame,
			struct tack_render_target *src)
{
	const pixman_box32_t *b = &frame->box;
	void *dst = tack_shm_buffer_begin_access(frame->buffer);
	int ret;

	if (!dst) {
		tack_err("screencopy: cannot write the client's buffer");
		return false;
	}
	ret = tack_render_target_read_pixels(src, b, SCREENCOPY_FORMAT,
					     frame->buffer->stride, dst);
	/* False: the client truncated its pool, and is being disconnected. */
	if (!tack_shm_buffer_end_access(frame->buffer))
		return false;
	if (ret < 0)
		tack_err("screencopy: cannot read the frame back: %s",
			 strerror(-ret));
	return ret == 0;
}

/*
 * The copy comes from the frame as drawn, unless it lacks what planes show
 * (NULL) or holds the cursor layer that the client did not
 * ask for; then the box is drawn again.
 */
static bool frame_copy_pixels(struct screencopy_frame *frame,
			      struct tack_render_target *frame_target)
{
	struct tack_render_target *redrawn;
	uint32_t layers = ~0u;
	bool ok;

	if (!frame->overlay_cursor &&
	    cursor_meets(frame->screencopy->scene, frame->output, &frame->box))
		layers = ~(1u << TACK_LAYER_CURSOR);
	else if (frame_target)
		return frame_write(frame, frame_target);
	redrawn = frame_redraw(frame, layers);
	if (!redrawn) {
		tack_err("screencopy: no memory to draw the frame again");
		return false;
	}
	ok = frame_write(frame, redrawn);
	tack_render_target_destroy(redrawn);
	return ok;
}

static void frame_send_ready(struct screencopy_frame *frame,
			     const struct timespec *when);

/* The backend's copy of the frame as the display showed it. */
static void handle_frame_captured(struct tack_output_capture *capture,
				  struct tack_render_target *image,
				  const struct timespec *when)
{
	struct screencopy_frame *frame =
		wl_container_of(capture, frame, capture);

	if (!image || !frame_write(frame, image)) {
		frame_fail(frame);
		return;
	}
	frame_send_ready(frame, when);
}

static void handle_frame_output_render(struct wl_listener *listener,
				       void *data)
{
	struct screencopy_frame *frame =
		wl_container_of(listener, frame, output_render);
	const struct tack_scene_render_event *event = data;
	struct tack_output *output = frame->output;

	if (frame->with_damage && !frame_take_damage(frame, event))
		return;
	wl_list_remove(&frame->output_render.link);
	wl_list_init(&frame->output_render.link);
	frame->capture.done = handle_frame_captured;
	if (output->impl->capture &&
	    output->impl->capture(output, &frame->capture) == 0) {
		frame->state = FRAME_WAIT_CAPTURE;
		return;
	}
	if (!frame_copy_pixels(frame, event->target)) {
		frame_fail(frame);
		return;
	}
	frame->state = FRAME_WAIT_PRESENT;
}

static void frame_send_damage(struct screencopy_frame *frame)
{
	pixman_box32_t *rects;
	int n, i;

	rects = pixman_region32_rectangles(&frame->damage, &n);
	if (n > SCREENCOPY_MAX_DAMAGE_RECTS) {
		rects = pixman_region32_extents(&frame->damage);
		n = 1;
	}
	for (i = 0; i < n; i++)
		zwlr_screencopy_frame_v1_send_damage(frame->resource,
			rects[i].x1, rects[i].y1, rects[i].x2 - rects[i].x1,
			rects[i].y2 - rects[i].y1);
}

static void handle_frame_output_present(struct wl_listener *listener,
					void *data)
{
	struct screencopy_frame *frame =
		wl_container_of(listener, frame, output_present);
	const struct tack_output_present_event *event = data;

	struct timespec when = event->when;

	/* The present of a frame drawn before our copy is not ours. */
	if (frame->state != FRAME_WAIT_PRESENT)
		return;
	frame_send_ready(frame, &when);
}

static void frame_send_ready(struct screencopy_frame *frame,
			     const struct timespec *when)
{
	uint64_t sec = (uint64_t)when->tv_sec;

	zwlr_screencopy_frame_v1_send_flags(frame->resource, 0);
	if (frame->with_damage)
		frame_send_damage(frame);
	zwlr_screencopy_frame_v1_send_ready(frame->resource,
					    (uint32_t)(sec >> 32),
					    (uint32_t)sec,
					    (uint32_t)when->tv_nsec);
	frame_finish(frame);
}

static void handle_frame_output_destroy(struct wl_listener *listener,
					void *data)
{
	struct screencopy_frame *frame =
		wl_container_of(listener, frame, output_destroy);

	frame_fail(frame);
}

static void handle_frame_buffer_resource_destroy(struct wl_listener *listener,
						 void *data)
{
	struct screencopy_frame *frame =
		wl_container_of(listener, frame, buffer_resource_destroy);

	frame_fail(frame);
}

static bool frame_buffer_matches(struct screencopy_frame *frame,
				 struct tack_shm_buffer *buffer)
{
	int32_t width = frame->box.x2 - frame->box.x1;
	int32_t height = frame->box.y2 - frame->box.y1;

	return buffer->format == SCREENCOPY_FORMAT &&
	       buffer->width == width && buffer->height == height &&
	       buffer->stride == width * SCREENCOPY_BPP;
}

static void frame_copy(struct wl_resource *resource,
		       struct wl_resource *buffer_resource, bool with_damage)
{
	struct screencopy_frame *frame = wl_resource_get_user_data(resource);
	struct tack_shm_buffer *buffer;

	if (frame->copy_requested) {
		wl_resource_post_error(resource,
			ZWLR_SCREENCOPY_FRAME_V1_ERROR_ALREADY_USED,
			"this frame was already copied");
		return;
	}
	frame->copy_requested = true;
	/* Failed is on its way to the client (its output went away). */
	if (frame->state == FRAME_DONE)
		return;
	buffer = tack_shm_buffer_from_resource(buffer_resource);
	if (!buffer) {
		wl_resource_post_error(resource,
			ZWLR_SCREENCOPY_FRAME_V1_ERROR_INVALID_BUFFER,
			"only wl_shm buffers can be copied into");
		return;
	}
	if (!frame_buffer_matches(frame, buffer)) {
		tack_dbg("screencopy: a %dx%d buffer (stride %d, format 0x%x) does not match the frame",
			 buffer->width, buffer->height, buffer->stride,
			 buffer->format);
		frame_fail(frame);
		return;
	}
	if (!frame->output->enabled) {
		frame_fail(frame);
		return;
	}
	frame->with_damage = with_damage;
	if (with_damage && !damage_get(frame->screencopy,
				       wl_resource_get_client(resource),
				       frame->scene_output)) {
		wl_client_post_no_memory(wl_resource_get_client(resource));
		return;
	}
	frame->buffer = tack_shm_buffer_ref(buffer);
	frame->buffer_resource_destroy.notify =
		handle_frame_buffer_resource_destroy;
	wl_signal_add(&buffer->events.resource_destroy,
		      &frame->buffer_resource_destroy);
	wl_signal_add(&frame->scene_output->events.render,
		      &frame->output_render);
	wl_signal_add(&frame->scene_output->events.present,
		      &frame->output_present);
	frame->state = FRAME_WAIT_RENDER;
	/* An idle output draws nothing unless asked; a copy must still end. */
	tack_output_schedule_frame(frame->output);
}

static void handle_frame_copy(struct wl_client *client,
			      struct wl_resource *resource,
			      struct wl_resource *buffer)
{
	frame_copy(resource, buffer, false);
}

static void handle_frame_copy_with_damage(struct wl_client *client,
					  struct wl_resource *resource,
					  struct wl_resource *buffer)
{
	frame_copy(resource, buffer, true);
}

static void handle_frame_destroy(struct wl_client *client,
				 struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct zwlr_screencopy_frame_v1_interface frame_impl = {
	.copy = handle_frame_copy,
	.destroy = handle_frame_destroy,
	.copy_with_damage = handle_frame_copy_with_damage,
};

static void handle_frame_resource_destroy(struct wl_resource *resource)
{
	struct screencopy_frame *frame = wl_resource_get_user_data(resource);

	frame_finish(frame);
	pixman_region32_fini(&frame->damage);
	free(frame);
}

/* Manager */

/* The box in output pixels; false when nothing of the output is in it. */
static bool region_to_box(struct tack_output *output, int32_t x, int32_t y,
			  int32_t width, int32_t height, pixman_box32_t *box)
{
	int64_t s = output->scale;
	int64_t x1 = x * s, y1 = y * s;
	int64_t x2 = x1 + (int64_t)width * s, y2 = y1 + (int64_t)height * s;

	if (width <= 0 || height <= 0)
		return false;
	box->x1 = x1 < 0 ? 0 : x1 > output->width ? output->width : x1;
	box->y1 = y1 < 0 ? 0 : y1 > output->height ? output->height : y1;
	box->x2 = x2 < 0 ? 0 : x2 > output->width ? output->width : x2;
	box->y2 = y2 < 0 ? 0 : y2 > output->height ? output->height : y2;
	return box->x2 > box->x1 && box->y2 > box->y1;
}

static void frame_send_buffer(struct screencopy_frame *frame)
{
	uint32_t width = frame->box.x2 - frame->box.x1;
	uint32_t height = frame->box.y2 - frame->box.y1;

	zwlr_screencopy_frame_v1_send_buffer(frame->resource, SCREENCOPY_FORMAT,
					     width, height,
					     width * SCREENCOPY_BPP);
	if (wl_resource_get_version(frame->resource) >=
	    ZWLR_SCREENCOPY_FRAME_V1_BUFFER_DONE_SINCE_VERSION)
		zwlr_screencopy_frame_v1_send_buffer_done(frame->resource);
}

/* box NULL: the whole output. */
static void capture(struct wl_resource *manager_resource, uint32_t id,
		    int32_t overlay_cursor, struct wl_resource *output_resource,
		    const int32_t *box)
{
	struct wl_client *client = wl_resource_get_client(manager_resource);
	struct tack_output *output = tack_output_from_resource(output_resource);
	struct screencopy_frame *frame = calloc(1, sizeof(*frame));
	struct tack_scene_output *so;

	if (!frame) {
		wl_client_post_no_memory(client);
		return;
	}
	frame->resource = wl_resource_create(client,
		&zwlr_screencopy_frame_v1_interface,
		wl_resource_get_version(manager_resource), id);
	if (!frame->resource) {
		free(frame);
		wl_client_post_no_memory(client);
		return;
	}
	frame->screencopy = wl_resource_get_user_data(manager_resource);
	frame->overlay_cursor = overlay_cursor != 0;
	pixman_region32_init(&frame->damage);
	wl_list_init(&frame->output_render.link);
	wl_list_init(&frame->output_present.link);
	wl_list_init(&frame->output_destroy.link);
	wl_list_init(&frame->buffer_resource_destroy.link);
	wl_list_init(&frame->capture.link);
	frame->output_render.notify = handle_frame_output_render;
	frame->output_present.notify = handle_frame_output_present;
	frame->output_destroy.notify = handle_frame_output_destroy;
	wl_resource_set_implementation(frame->resource, &frame_impl, frame,
				       handle_frame_resource_destroy);

	so = output ? tack_scene_output_for(frame->screencopy->scene, output) :
		      NULL;
	if (!so || !output->enabled) {
		frame_fail(frame);
		return;
	}
	if (!box) {
		frame->box = (pixman_box32_t){ 0, 0, output->width,
					       output->height };
	} else if (!region_to_box(output, box[0], box[1], box[2], box[3],
				  &frame->box)) {
		frame_fail(frame);
		return;
	}
	frame->scene_output = so;
	frame->output = output;
	wl_signal_add(&so->events.destroy, &frame->output_destroy);
	frame_send_buffer(frame);
}

static void handle_manager_capture_output(struct wl_client *client,
					  struct wl_resource *resource,
					  uint32_t id, int32_t overlay_cursor,
					  struct wl_resource *output)
{
	capture(resource, id, overlay_cursor, output, NULL);
}

static void handle_manager_capture_output_region(struct wl_client *client,
						 struct wl_resource *resource,
						 uint32_t id,
						 int32_t overlay_cursor,
						 struct wl_resource *output,
						 int32_t x, int32_t y,
						 int32_t width, int32_t height)
{
	const int32_t box[4] = { x, y, width, height };

	capture(resource, id, overlay_cursor, output, box);
}

static void handle_manager_destroy(struct wl_client *client,
				   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct zwlr_screencopy_manager_v1_interface manager_impl = {
	.capture_output = handle_manager_capture_output,
	.capture_output_region = handle_manager_capture_output_region,
	.destroy = handle_manager_destroy,
};

static void bind_manager(struct wl_client *client, void *data,
			 uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client,
				      &zwlr_screencopy_manager_v1_interface,
				      version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	/* Frames keep the tack_screencopy, which outlives every client. */
	wl_resource_set_implementation(resource, &manager_impl, data, NULL);
}

void tack_screencopy_destroy(struct tack_screencopy *sc)
{
	struct screencopy_damage *damage, *tmp;

	if (!sc)
		return;
	wl_list_for_each_safe(damage, tmp, &sc->damages, link)
		damage_destroy(damage);
	wl_global_destroy(sc->global);
	free(sc);
}

struct tack_screencopy *tack_screencopy_create(struct wl_display *display,
					       struct tack_scene *scene)
{
	struct tack_screencopy *sc = calloc(1, sizeof(*sc));

	if (!sc)
		return NULL;
	sc->scene = scene;
	wl_list_init(&sc->damages);
	sc->global = wl_global_create(display,
				      &zwlr_screencopy_manager_v1_interface,
				      SCREENCOPY_MANAGER_VERSION, sc,
				      bind_manager);
	if (!sc->global) {
		tack_err("screencopy: cannot create the global");
		free(sc);
		return NULL;
	}
	return sc;
}
