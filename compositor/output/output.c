/* Outputs: wl_output, damage, and when frames are drawn and shown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "output/layout.h"
#include "output/output.h"
#include "util/log.h"
#include "util/region.h"
#include "util/trace.h"

#define OUTPUT_VERSION 4
/*
 * Damage of more rectangles than this is held as their extents: every
 * region operation costs its rectangles, and a client can scatter
 * thousands of them (one per subsurface) over a frame.
 */
#define DAMAGE_RECTS_MAX 64

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

void tack_output_usable_box(struct tack_output *output, pixman_box32_t *box)
{
	const struct tack_output_reserved *r = &output->reserved;

	pixman_box32_t full;

	tack_output_logical_box(output, &full);
	*box = (pixman_box32_t){ full.x1 + r->left, full.y1 + r->top,
				 full.x2 - r->right, full.y2 - r->bottom };
	/* Panels that ask for more than there is leave windows nothing. */
	if (box->x2 <= box->x1 || box->y2 <= box->y1)
		*box = (pixman_box32_t){ full.x1, full.y1, full.x1 + 1,
					 full.y1 + 1 };
}

void tack_output_set_reserved(struct tack_output *output,
			      const struct tack_output_reserved *reserved)
{
	const struct tack_output_reserved *r = &output->reserved;

	if (r->top == reserved->top && r->right == reserved->right &&
	    r->bottom == reserved->bottom && r->left == reserved->left)
		return;
	output->reserved = *reserved;
	wl_signal_emit(&output->layout->events.change, output->layout);
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

struct tack_output *tack_output_create(struct tack_layout *layout,
				       const struct tack_output_impl *impl,
				       void *backend_data, const char *name,
				       int32_t width, int32_t height,
				       int32_t refresh_mhz)
{
	struct tack_output *output = calloc(1, sizeof(*output));
	int i;

	if (!output)
		return NULL;
	output->layout = layout;
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
	pixman_region32_init(&output->damage);
	for (i = 0; i < TACK_OUTPUT_DAMAGE_HISTORY; i++)
		pixman_region32_init(&output->history[i]);
	wl_signal_init(&output->events.frame);
	wl_signal_init(&output->events.present);
	wl_signal_init(&output->events.destroy);
	output->global = wl_global_create(layout->display, &wl_output_interface,
					  OUTPUT_VERSION, output, bind_output);
	if (!output->global) {
		free(output);
		return NULL;
	}
	output->enabled = true;
	tack_layout_add_output(layout, output);
	tack_trace_output_added(layout->trace, output->id, output->name);
	tack_output_damage_whole(output);
	tack_info("output %s: %dx%d@%.3fHz at %d,%d", output->name, width,
		  height, refresh_mhz / 1000.0, output->x, output->y);
	return output;
}

void tack_output_destroy(struct tack_output *output)
{
	struct wl_resource *resource, *tmp;
	int i;

	wl_signal_emit(&output->events.destroy, output);
	tack_layout_remove_output(output->layout, output);
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
	tack_trace_output_removed(output->layout->trace, output->id);
	wl_global_destroy(output->global);
	pixman_region32_fini(&output->damage);
	for (i = 0; i < TACK_OUTPUT_DAMAGE_HISTORY; i++)
		pixman_region32_fini(&output->history[i]);
	if (output->impl && output->impl->destroy)
		output->impl->destroy(output);
	free(output);
}

void tack_output_schedule_frame(struct tack_output *output)
{
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
		if (pixman_region32_n_rects(&output->damage) > DAMAGE_RECTS_MAX)
			pixman_region32_reset(&output->damage,
				pixman_region32_extents(&output->damage));
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

void tack_output_frame(struct tack_output *output)
{
	output->frame_scheduled = false;
	wl_signal_emit(&output->events.frame, output);
}

void tack_output_take_damage(struct tack_output *output,
			     pixman_region32_t *damage)
{
	pixman_region32_copy(damage, &output->damage);
	pixman_region32_clear(&output->damage);
}

void tack_output_damage_for_age(struct tack_output *output,
				const pixman_region32_t *damage, int age,
				pixman_region32_t *out)
{
	int i;

	pixman_region32_copy(out, (pixman_region32_t *)damage);
	if (age <= 0 || age > TACK_OUTPUT_DAMAGE_HISTORY) {
		pixman_region32_union_rect(out, out, 0, 0, output->width,
					   output->height);
		return;
	}
	for (i = 0; i < age - 1; i++)
		pixman_region32_union(out, out, &output->history[i]);
}

void tack_output_push_damage(struct tack_output *output,
			     const pixman_region32_t *damage)
{
	int i;

	for (i = TACK_OUTPUT_DAMAGE_HISTORY - 1; i > 0; i--)
		pixman_region32_copy(&output->history[i],
				     &output->history[i - 1]);
	pixman_region32_copy(&output->history[0], (pixman_region32_t *)damage);
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
	wl_signal_emit(&output->events.present, &event);
	wl_display_flush_clients(output->layout->display);
}
