/* Outputs: wl_output, damage, and the repaint cycle every backend drives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/log.h"
#include "output/output.h"
#include "surface/presentation.h"
#include "util/region.h"
#include "render/render.h"
#include "scene/scene.h"
#include "server.h"
#include "shell/shell.h"
#include "surface/surface.h"
#include "util/time.h"
#include "util/trace.h"
#include "presentation-time-server-protocol.h"

#define OUTPUT_VERSION 4

static const struct wl_output_interface output_impl;

struct tack_output *tack_output_from_resource(struct wl_resource *resource)
{
	if (!wl_resource_instance_of(resource, &wl_output_interface,
				     &output_impl))
		return NULL;
	return wl_resource_get_user_data(resource);
}

void tack_output_logical_box(struct tack_output *output, pixman_box32_t *box)
{
	box->x1 = output->x;
	box->y1 = output->y;
	box->x2 = output->x + output->width / output->scale;
	box->y2 = output->y + output->height / output->scale;
}

static void send_output_state(struct wl_resource *resource,
			      struct tack_output *output)
{
	uint32_t version = wl_resource_get_version(resource);

	wl_output_send_geometry(resource, output->x, output->y,
				output->phys_width_mm, output->phys_height_mm,
				WL_OUTPUT_SUBPIXEL_UNKNOWN, output->make,
				output->model, WL_OUTPUT_TRANSFORM_NORMAL);
	wl_output_send_mode(resource,
			    WL_OUTPUT_MODE_CURRENT | WL_OUTPUT_MODE_PREFERRED,
			    output->width, output->height,
			    output->refresh_mhz);
	if (version >= WL_OUTPUT_SCALE_SINCE_VERSION)
		wl_output_send_scale(resource, output->scale);
	if (version >= WL_OUTPUT_NAME_SINCE_VERSION)
		wl_output_send_name(resource, output->name);
	if (version >= WL_OUTPUT_DESCRIPTION_SINCE_VERSION)
		wl_output_send_description(resource, output->description);
}

static void handle_output_release(struct wl_client *client,
				  struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct wl_output_interface output_impl = {
	.release = handle_output_release,
};

static void handle_output_resource_destroy(struct wl_resource *resource)
{
	wl_list_remove(wl_resource_get_link(resource));
}

static void bind_output(struct wl_client *client, void *data, uint32_t version,
			uint32_t id)
{
	struct tack_output *output = data;
	struct wl_resource *resource;

	resource = wl_resource_create(client, &wl_output_interface, version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &output_impl, output,
				       handle_output_resource_destroy);
	wl_list_insert(&output->resources, wl_resource_get_link(resource));
	send_output_state(resource, output);
	if (version >= WL_OUTPUT_DONE_SINCE_VERSION)
		wl_output_send_done(resource);
}

struct wl_resource *tack_output_resource_for_client(struct tack_output *output,
						    struct wl_client *client)
{
	struct wl_resource *resource;

	wl_resource_for_each(resource, &output->resources)
		if (wl_resource_get_client(resource) == client)
			return resource;
	return NULL;
}

/* Outputs beyond 32 share the last bit: enter and leave get coarse. */
static uint32_t free_output_bit(struct tack_server *server)
{
	struct tack_output *other;
	uint32_t used = 0, bit;

	wl_list_for_each(other, &server->outputs, link)
		used |= other->bit;
	for (bit = 1; bit != 1u << 31; bit <<= 1)
		if (!(used & bit))
			return bit;
	return bit;
}

/* New outputs go to the right of the others. */
static void place_output(struct tack_output *output)
{
	struct tack_output *other;
	int32_t right = 0;

	wl_list_for_each(other, &output->server->outputs, link) {
		pixman_box32_t box;

		if (other == output)
			continue;
		tack_output_logical_box(other, &box);
		if (box.x2 > right)
			right = box.x2;
	}
	output->x = right;
	output->y = 0;
}

struct tack_output *tack_output_create(struct tack_server *server,
				       const struct tack_output_impl *impl,
				       void *backend_data, const char *name,
				       int32_t width, int32_t height,
				       int32_t refresh_mhz)
{
	struct tack_output *output = calloc(1, sizeof(*output));
	int i;

	if (!output)
		return NULL;
	output->server = server;
	output->impl = impl;
	output->backend_data = backend_data;
	output->width = width;
	output->height = height;
	output->refresh_mhz = refresh_mhz;
	output->scale = 1;
	/* A 96 dpi panel of that many pixels. */
	output->phys_width_mm = width * 254 / 960;
	output->phys_height_mm = height * 254 / 960;
	snprintf(output->name, sizeof(output->name), "%s", name);
	snprintf(output->make, sizeof(output->make), "tack");
	snprintf(output->model, sizeof(output->model), "%s", impl == NULL ?
		 "output" : name);
	snprintf(output->description, sizeof(output->description),
		 "tack %s %dx%d@%d.%03d", name, width, height,
		 refresh_mhz / 1000, refresh_mhz % 1000);
	wl_list_init(&output->resources);
	wl_list_init(&output->xdg_resources);
	wl_list_init(&output->frame_feedbacks);
	wl_list_init(&output->frame_callbacks);
	pixman_region32_init(&output->damage);
	for (i = 0; i < TACK_OUTPUT_DAMAGE_HISTORY; i++)
		pixman_region32_init(&output->history[i]);
	wl_signal_init(&output->events.frame);
	wl_signal_init(&output->events.render);
	wl_signal_init(&output->events.present);
	wl_signal_init(&output->events.destroy);
	output->global = wl_global_create(server->display, &wl_output_interface,
					  OUTPUT_VERSION, output, bind_output);
	if (!output->global) {
		free(output);
		return NULL;
	}
	output->bit = free_output_bit(server);
	output->id = ++server->next_output_id;
	tack_trace_output_added(server->trace, output->id, output->name);
	output->enabled = true;
	wl_list_insert(server->outputs.prev, &output->link);
	place_output(output);
	wl_signal_emit(&server->events.new_output, output);
	if (server->shell)
		tack_shell_outputs_changed(server->shell);
	tack_output_damage_whole(output);
	tack_info("output %s: %dx%d@%.3fHz at %d,%d", output->name, width,
		  height, refresh_mhz / 1000.0, output->x, output->y);
	return output;
}

static void send_frame_done(struct wl_list *callbacks, uint32_t msec)
{
	struct wl_resource *cb, *tmp;

	wl_resource_for_each_safe(cb, tmp, callbacks) {
		wl_callback_send_done(cb, msec);
		wl_resource_destroy(cb);
	}
}

void tack_output_destroy(struct tack_output *output)
{
	struct wl_resource *resource, *tmp;
	struct tack_surface *surface;
	int i;

	wl_signal_emit(&output->events.destroy, output);
	wl_list_for_each(surface, &output->server->surfaces, link)
		tack_surface_update_output(surface, output, false);
	wl_list_remove(&output->link);
	wl_resource_for_each_safe(resource, tmp, &output->resources) {
		wl_list_remove(wl_resource_get_link(resource));
		wl_list_init(wl_resource_get_link(resource));
		wl_resource_set_user_data(resource, NULL);
	}
	wl_resource_for_each_safe(resource, tmp, &output->xdg_resources) {
		wl_list_remove(wl_resource_get_link(resource));
		wl_list_init(wl_resource_get_link(resource));
		wl_resource_set_user_data(resource, NULL);
	}
	tack_presentation_discard_all(&output->frame_feedbacks);
	/* never presented here: the clients may draw for another output */
	send_frame_done(&output->frame_callbacks, tack_now_msec());
	tack_trace_output_removed(output->server->trace, output->id);
	wl_global_destroy(output->global);
	pixman_region32_fini(&output->damage);
	for (i = 0; i < TACK_OUTPUT_DAMAGE_HISTORY; i++)
		pixman_region32_fini(&output->history[i]);
	if (output->impl && output->impl->destroy)
		output->impl->destroy(output);
	if (output->server->shell)
		tack_shell_outputs_changed(output->server->shell);
	free(output);
}

void tack_output_schedule_frame(struct tack_output *output)
{
	output->frame_wanted = true;
	if (output->frame_scheduled || !output->enabled)
		return;
	output->frame_scheduled = true;
	output->impl->schedule_frame(output);
}

void tack_output_damage_layout(struct tack_output *output,
			       pixman_region32_t *layout_region)
{
	pixman_region32_t local;
	pixman_box32_t box;

	tack_output_logical_box(output, &box);
	pixman_region32_init(&local);
	pixman_region32_intersect_rect(&local, layout_region, box.x1, box.y1,
				       box.x2 - box.x1, box.y2 - box.y1);
	if (pixman_region32_not_empty(&local)) {
		pixman_region32_translate(&local, -output->x, -output->y);
		tack_region_scale(&local, &local, output->scale, output->scale);
		pixman_region32_union(&output->damage, &output->damage, &local);
		tack_output_schedule_frame(output);
	}
	pixman_region32_fini(&local);
}

void tack_output_damage_whole(struct tack_output *output)
{
	pixman_region32_union_rect(&output->damage, &output->damage, 0, 0,
				   output->width, output->height);
	tack_output_schedule_frame(output);
}

/* What must be redrawn in an image whose contents are age frames old. */
static void region_for_age(struct tack_output *output, int age,
			   pixman_region32_t *region)
{
	int i;

	pixman_region32_copy(region, &output->damage);
	if (age <= 0 || age > TACK_OUTPUT_DAMAGE_HISTORY) {
		pixman_region32_union_rect(region, region, 0, 0, output->width,
					   output->height);
		return;
	}
	for (i = 0; i < age - 1; i++)
		pixman_region32_union(region, region, &output->history[i]);
}

static void push_damage_history(struct tack_output *output)
{
	int i;

	for (i = TACK_OUTPUT_DAMAGE_HISTORY - 1; i > 0; i--)
		pixman_region32_copy(&output->history[i],
				     &output->history[i - 1]);
	pixman_region32_copy(&output->history[0], &output->damage);
	pixman_region32_clear(&output->damage);
}

/* What this frame shows of a surface: its feedbacks go with the frame. */
static void take_feedbacks(struct tack_surface *surface, int32_t lx,
			   int32_t ly, void *data)
{
	struct tack_output *output = data;
	uint32_t flags = 0;

	if (!tack_output_overlaps(output, lx, ly, surface->width,
				  surface->height))
		return;
	if (output->impl->on_plane && output->impl->on_plane(output, surface))
		flags = WP_PRESENTATION_FEEDBACK_KIND_ZERO_COPY;
	tack_presentation_take_all(&output->frame_feedbacks,
				   &surface->current.feedbacks, flags);
	tack_surface_take_frame_callbacks(surface, &output->frame_callbacks);
	if (tack_trace_on(output->server->trace) &&
	    surface->shown_commit != surface->commit_id) {
		tack_trace_frame_shows(output->server->trace, output->id,
				       surface->trace_id, surface->commit_id,
				       surface->commit_time, flags != 0);
		surface->shown_commit = surface->commit_id;
	}
}

/* The composite of what planes do not show; NULL without one. */
static pixman_image_t *draw_composite(struct tack_output *output)
{
	pixman_region32_t region;
	pixman_image_t *image;
	int age = 0;

	struct tack_render_stats before = output->stats;
	int64_t start = tack_now_nsec();

	image = output->impl->acquire_image(output, &age);
	if (!image) {
		tack_err("output %s: no image to draw into", output->name);
		return NULL;
	}
	pixman_region32_init(&region);
	region_for_age(output, age, &region);
	pixman_region32_intersect_rect(&region, &region, 0, 0, output->width,
				       output->height);
	if (pixman_region32_not_empty(&region))
		tack_render_output(output, image, &region, &output->stats);
	pixman_region32_fini(&region);
	tack_trace_record(output->server->trace, TACK_TRACE_COMPOSITE, 0,
			  output->id, start, tack_now_nsec() - start,
			  output->stats.bytes_read - before.bytes_read,
			  (int64_t)(output->stats.surfaces - before.surfaces));
	return image;
}

void tack_output_repaint(struct tack_output *output)
{
	struct tack_output_render_event event = { .output = output };
	int64_t start = tack_now_nsec();
	pixman_region32_t damage;
	pixman_image_t *image = NULL;
	bool composite = true;
	int ret;

	output->frame_scheduled = false;
	output->frame_wanted = false;
	wl_signal_emit(&output->events.frame, output);
	/* what changed, before planes take out what they show */
	pixman_region32_init(&damage);
	pixman_region32_copy(&damage, &output->damage);
	if (output->impl->assign_planes)
		composite = output->impl->assign_planes(output);
	output->frames_rendered++;
	if (composite)
		image = draw_composite(output);
	event.image = output->impl->on_plane ? NULL : image;
	event.damage = &damage;
	wl_signal_emit(&output->events.render, &event);
	pixman_region32_fini(&damage);
	push_damage_history(output);
	tack_scene_for_each_surface(output->server->scene, take_feedbacks,
				    output);
	ret = output->impl->commit(output);
	if (ret < 0) {
		tack_err("output %s: commit failed: %s", output->name,
			 strerror(-ret));
		tack_presentation_discard_all(&output->frame_feedbacks);
		tack_trace_frame_dropped(output->server->trace, output->id);
	}
	tack_trace_record(output->server->trace, TACK_TRACE_REPAINT, 0,
			  output->id, start, tack_now_nsec() - start,
			  output->frames_rendered, 0);
}

void tack_output_capture_cancel(struct tack_output_capture *capture)
{
	wl_list_remove(&capture->link);
	wl_list_init(&capture->link);
}

bool tack_output_overlaps(struct tack_output *output, int32_t lx, int32_t ly,
			  int32_t width, int32_t height)
{
	pixman_box32_t box;

	tack_output_logical_box(output, &box);
	return lx < box.x2 && ly < box.y2 && lx + width > box.x1 &&
	       ly + height > box.y1;
}

static bool surface_on_output(struct tack_surface *surface,
			      struct tack_output *output)
{
	int32_t lx, ly;

	return surface->buffer &&
	       tack_surface_layout_position(surface, &lx, &ly) &&
	       tack_output_overlaps(output, lx, ly, surface->width,
				    surface->height);
}

/* wl_surface.enter and leave follow what this frame showed. */
static void update_entered_outputs(struct tack_output *output)
{
	struct tack_surface *surface;

	wl_list_for_each(surface, &output->server->surfaces, link)
		tack_surface_update_output(surface, output,
					   surface_on_output(surface, output));
}

void tack_output_presented(struct tack_output *output,
			   const struct timespec *when, uint64_t seq,
			   uint32_t flags)
{
	struct tack_output_present_event event = {
		.output = output,
		.when = *when,
		.seq = seq,
		.flags = flags,
	};

	output->seq = seq;
	output->last_present = *when;
	tack_trace_frame_presented(output->server->trace, output->id, seq,
				   tack_timespec_to_nsec(when));
	wl_signal_emit(&output->events.present, &event);
	tack_presentation_present_all(&output->frame_feedbacks, &event);
	send_frame_done(&output->frame_callbacks,
			(uint32_t)(tack_timespec_to_nsec(when) / TACK_NSEC_PER_MSEC));
	update_entered_outputs(output);
	wl_display_flush_clients(output->server->display);
}
