/* wl_touch: touch points, all going to the surface the first one touched. */
#include <stdlib.h>
#include <wayland-server-protocol.h>
#include "scene/scene.h"
#include "seat/seat_internal.h"
#include "surface/surface.h"
#include "util/log.h"
#include "util/time.h"

static struct tack_touch_point *find_point(struct tack_touch *touch, int32_t id)
{
	struct tack_touch_point *point;

	wl_list_for_each(point, &touch->points, link)
		if (point->id == id)
			return point;
	return NULL;
}

static void set_focus(struct tack_touch *touch, struct tack_surface *surface)
{
	touch->focus = surface;
	tack_seat_set_listener(&touch->focus_destroy, surface);
	touch->focus_client = tack_seat_surface_client(surface);
	wl_list_remove(&touch->focus_client_destroy.link);
	wl_list_init(&touch->focus_client_destroy.link);
	if (touch->focus_client)
		wl_client_add_destroy_listener(touch->focus_client,
					       &touch->focus_client_destroy);
}

static void drop_points(struct tack_touch *touch)
{
	struct tack_touch_point *point, *tmp;

	wl_list_for_each_safe(point, tmp, &touch->points, link) {
		wl_list_remove(&point->link);
		free(point);
	}
	set_focus(touch, NULL);
}

void tack_seat_touch_down(struct tack_seat *seat, uint32_t time, int32_t id,
			  double lx, double ly)
{
	struct tack_touch *touch = &seat->touch;
	struct tack_touch_point *point;
	struct wl_resource *resource;
	struct tack_view *view = NULL;
	double sx, sy;
	int32_t x, y;
	uint32_t serial;

	tack_idle_activity(seat);
	if (find_point(touch, id))
		return;
	if (wl_list_empty(&touch->points)) {
		set_focus(touch, tack_scene_surface_at(seat->scene, lx,
						       ly, &sx, &sy, &view));
		if (view)
			tack_seat_focus_view(seat, tack_view_root(view));
	}
	point = calloc(1, sizeof(*point));
	if (!point) {
		tack_err("touch: no memory for a touch point");
		return;
	}
	point->id = id;
	wl_list_insert(touch->points.prev, &point->link);
	if (!touch->focus ||
	    !tack_surface_layout_position(touch->focus, &x, &y))
		return;
	serial = tack_seat_next_serial(seat, touch->focus_client,
				       TACK_SERIAL_TOUCH);
	wl_resource_for_each(resource, &touch->resources)
		if (wl_resource_get_client(resource) == touch->focus_client)
			wl_touch_send_down(resource, serial, time,
					   touch->focus->resource, id,
					   wl_fixed_from_double(lx - x),
					   wl_fixed_from_double(ly - y));
}

void tack_seat_touch_motion(struct tack_seat *seat, uint32_t time, int32_t id,
			    double lx, double ly)
{
	struct tack_touch *touch = &seat->touch;
	struct wl_resource *resource;
	int32_t x, y;

	tack_idle_activity(seat);
	if (!find_point(touch, id) || !touch->focus ||
	    !tack_surface_layout_position(touch->focus, &x, &y))
		return;
	wl_resource_for_each(resource, &touch->resources)
		if (wl_resource_get_client(resource) == touch->focus_client)
			wl_touch_send_motion(resource, time, id,
					     wl_fixed_from_double(lx - x),
					     wl_fixed_from_double(ly - y));
}

void tack_seat_touch_up(struct tack_seat *seat, uint32_t time, int32_t id)
{
	struct tack_touch *touch = &seat->touch;
	struct tack_touch_point *point = find_point(touch, id);
	struct wl_resource *resource;
	uint32_t serial;

	tack_idle_activity(seat);
	if (!point)
		return;
	wl_list_remove(&point->link);
	free(point);
	/* The client hears the up even when the surface went meanwhile. */
	if (touch->focus_client) {
		serial = tack_seat_next_serial(seat, touch->focus_client,
					       TACK_SERIAL_TOUCH);
		wl_resource_for_each(resource, &touch->resources)
			if (wl_resource_get_client(resource) ==
			    touch->focus_client)
				wl_touch_send_up(resource, serial, time, id);
	}
}

void tack_seat_touch_frame(struct tack_seat *seat)
{
	struct tack_touch *touch = &seat->touch;
	struct wl_resource *resource;

	if (touch->focus_client)
		wl_resource_for_each(resource, &touch->resources)
			if (wl_resource_get_client(resource) ==
			    touch->focus_client)
				wl_touch_send_frame(resource);
	if (wl_list_empty(&touch->points))
		set_focus(touch, NULL);
}

void tack_touch_cancel(struct tack_seat *seat)
{
	struct tack_touch *touch = &seat->touch;
	struct wl_resource *resource;

	if (touch->focus_client)
		wl_resource_for_each(resource, &touch->resources)
			if (wl_resource_get_client(resource) ==
			    touch->focus_client)
				wl_touch_send_cancel(resource);
	drop_points(touch);
}

static void handle_focus_destroy(struct wl_listener *listener, void *data)
{
	struct tack_touch *touch = wl_container_of(listener, touch,
						   focus_destroy);
	struct tack_seat *seat = wl_container_of(touch, seat, touch);
	struct tack_touch_point *point, *tmp;
	uint32_t time = tack_now_msec();

	/*
	 * The points end with the surface they touched: the client hears
	 * their ups now, and the fingers' later lifts go nowhere.
	 */
	wl_list_for_each_safe(point, tmp, &touch->points, link)
		tack_seat_touch_up(seat, time, point->id);
	tack_seat_touch_frame(seat);
}

static void handle_focus_client_destroy(struct wl_listener *listener,
					void *data)
{
	struct tack_touch *touch = wl_container_of(listener, touch,
						   focus_client_destroy);

	touch->focus_client = NULL;
	wl_list_remove(&touch->focus_client_destroy.link);
	wl_list_init(&touch->focus_client_destroy.link);
}

static void handle_touch_release(struct wl_client *client,
				 struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct wl_touch_interface touch_impl = {
	.release = handle_touch_release,
};

static void destroy_touch_resource(struct wl_resource *resource)
{
	wl_list_remove(wl_resource_get_link(resource));
}

void tack_touch_create_resource(struct tack_seat *seat, struct wl_client *client,
				uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client, &wl_touch_interface, version, id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &touch_impl, seat,
				       destroy_touch_resource);
	wl_list_insert(&seat->touch.resources, wl_resource_get_link(resource));
}

void tack_touch_init(struct tack_seat *seat)
{
	struct tack_touch *touch = &seat->touch;

	wl_list_init(&touch->resources);
	wl_list_init(&touch->points);
	wl_list_init(&touch->focus_destroy.link);
	wl_list_init(&touch->focus_client_destroy.link);
	touch->focus_destroy.notify = handle_focus_destroy;
	touch->focus_client_destroy.notify = handle_focus_client_destroy;
}

void tack_touch_finish(struct tack_seat *seat)
{
	struct tack_touch *touch = &seat->touch;
	struct wl_resource *resource, *tmp;

	wl_resource_for_each_safe(resource, tmp, &touch->resources) {
		wl_list_remove(wl_resource_get_link(resource));
		wl_list_init(wl_resource_get_link(resource));
	}
	drop_points(touch);
	wl_list_remove(&touch->focus_destroy.link);
	wl_list_remove(&touch->focus_client_destroy.link);
}
