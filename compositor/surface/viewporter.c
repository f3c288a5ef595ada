/* wp_viewporter: a surface shows a crop of its buffer at a chosen size. */
#include <math.h>
#include <stdlib.h>
#include "surface/surface.h"
#include "surface/viewporter.h"
#include "util/coord.h"
#include "viewporter-server-protocol.h"

struct viewport {
	struct wl_resource *resource;
	struct tack_surface *surface;	/* NULL once the surface is gone */
	struct wl_listener surface_destroy;
};

/* The viewport the pending commit will have, starting from the current. */
static struct tack_viewport_state *pending_viewport(struct tack_surface *surface)
{
	if (!(surface->pending.committed & TACK_SURFACE_VIEWPORT)) {
		surface->pending.viewport = surface->current.viewport;
		surface->pending.committed |= TACK_SURFACE_VIEWPORT;
	}
	return &surface->pending.viewport;
}

static struct tack_surface *viewport_surface(struct wl_resource *resource)
{
	struct viewport *viewport = wl_resource_get_user_data(resource);

	if (!viewport->surface)
		wl_resource_post_error(resource, WP_VIEWPORT_ERROR_NO_SURFACE,
				       "the viewport's wl_surface is gone");
	return viewport->surface;
}

static void handle_viewport_set_source(struct wl_client *client,
				       struct wl_resource *resource,
				       wl_fixed_t x, wl_fixed_t y,
				       wl_fixed_t width, wl_fixed_t height)
{
	struct tack_surface *surface = viewport_surface(resource);
	struct tack_viewport_state *vp;
	bool unset = x == wl_fixed_from_int(-1) && y == wl_fixed_from_int(-1) &&
		     width == wl_fixed_from_int(-1) &&
		     height == wl_fixed_from_int(-1);

	if (!surface)
		return;
	if (!unset && (x < 0 || y < 0 || width <= 0 || height <= 0)) {
		wl_resource_post_error(resource, WP_VIEWPORT_ERROR_BAD_VALUE,
			"source rectangle %.2fx%.2f+%.2f+%.2f is invalid",
			wl_fixed_to_double(width), wl_fixed_to_double(height),
			wl_fixed_to_double(x), wl_fixed_to_double(y));
		return;
	}
	vp = pending_viewport(surface);
	vp->has_src = !unset;
	vp->src_x = wl_fixed_to_double(x);
	vp->src_y = wl_fixed_to_double(y);
	vp->src_w = wl_fixed_to_double(width);
	vp->src_h = wl_fixed_to_double(height);
}

static void handle_viewport_set_destination(struct wl_client *client,
					    struct wl_resource *resource,
					    int32_t width, int32_t height)
{
	struct tack_surface *surface = viewport_surface(resource);
	struct tack_viewport_state *vp;
	bool unset = width == -1 && height == -1;

	if (!surface)
		return;
	if (!unset && (!tack_size_valid(width) || !tack_size_valid(height))) {
		wl_resource_post_error(resource, WP_VIEWPORT_ERROR_BAD_VALUE,
				       "destination size %dx%d is invalid",
				       width, height);
		return;
	}
	vp = pending_viewport(surface);
	vp->has_dst = !unset;
	vp->dst_w = width;
	vp->dst_h = height;
}

static void handle_viewport_destroy(struct wl_client *client,
				    struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct wp_viewport_interface viewport_impl = {
	.destroy = handle_viewport_destroy,
	.set_source = handle_viewport_set_source,
	.set_destination = handle_viewport_set_destination,
};

static void viewport_detach(struct viewport *viewport)
{
	if (!viewport->surface)
		return;
	wl_list_remove(&viewport->surface_destroy.link);
	viewport->surface->viewport_resource = NULL;
	viewport->surface = NULL;
}

static void handle_surface_destroy(struct wl_listener *listener, void *data)
{
	struct viewport *viewport =
		wl_container_of(listener, viewport, surface_destroy);

	viewport_detach(viewport);
}

static void handle_viewport_resource_destroy(struct wl_resource *resource)
{
	struct viewport *viewport = wl_resource_get_user_data(resource);
	struct tack_surface *surface = viewport->surface;

	/* Destroying the viewport drops crop and scale on the next commit. */
	if (surface) {
		struct tack_viewport_state *vp = pending_viewport(surface);

		vp->has_src = vp->has_dst = false;
	}
	viewport_detach(viewport);
	free(viewport);
}

static void handle_viewporter_get_viewport(struct wl_client *client,
					   struct wl_resource *resource,
					   uint32_t id,
					   struct wl_resource *surface_resource)
{
	struct tack_surface *surface =
		tack_surface_from_resource(surface_resource);
	struct viewport *viewport;

	if (surface->viewport_resource) {
		wl_resource_post_error(resource,
			WP_VIEWPORTER_ERROR_VIEWPORT_EXISTS,
			"wl_surface@%u already has a viewport",
			wl_resource_get_id(surface_resource));
		return;
	}
	viewport = calloc(1, sizeof(*viewport));
	if (!viewport)
		goto no_memory;
	viewport->resource = wl_resource_create(client, &wp_viewport_interface,
						1, id);
	if (!viewport->resource)
		goto free_viewport;
	viewport->surface = surface;
	surface->viewport_resource = viewport->resource;
	viewport->surface_destroy.notify = handle_surface_destroy;
	wl_signal_add(&surface->events.destroy, &viewport->surface_destroy);
	wl_resource_set_implementation(viewport->resource, &viewport_impl,
				       viewport,
				       handle_viewport_resource_destroy);
	return;

free_viewport:
	free(viewport);
no_memory:
	wl_client_post_no_memory(client);
}

static void handle_viewporter_destroy(struct wl_client *client,
				      struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static const struct wp_viewporter_interface viewporter_impl = {
	.destroy = handle_viewporter_destroy,
	.get_viewport = handle_viewporter_get_viewport,
};

static void bind_viewporter(struct wl_client *client, void *data,
			    uint32_t version, uint32_t id)
{
	struct wl_resource *resource;

	resource = wl_resource_create(client, &wp_viewporter_interface, version,
				      id);
	if (!resource) {
		wl_client_post_no_memory(client);
		return;
	}
	wl_resource_set_implementation(resource, &viewporter_impl, data, NULL);
}

struct wl_global *tack_viewporter_create(struct wl_display *display)
{
	return wl_global_create(display, &wp_viewporter_interface, 1, NULL,
				bind_viewporter);
}

bool tack_viewport_check(struct tack_surface *surface, int32_t width,
			 int32_t height)
{
	const struct tack_viewport_state *vp =
		surface->pending.committed & TACK_SURFACE_VIEWPORT ?
		&surface->pending.viewport : &surface->current.viewport;

	if (!surface->viewport_resource)
		return true;
	if (vp->has_src && (vp->src_x + vp->src_w > width ||
			    vp->src_y + vp->src_h > height)) {
		wl_resource_post_error(surface->viewport_resource,
			WP_VIEWPORT_ERROR_OUT_OF_BUFFER,
			"source rectangle %.2fx%.2f+%.2f+%.2f leaves the %dx%d buffer",
			vp->src_w, vp->src_h, vp->src_x, vp->src_y, width,
			height);
		return false;
	}
	if (vp->has_src && !vp->has_dst &&
	    (vp->src_w != floor(vp->src_w) || vp->src_h != floor(vp->src_h))) {
		wl_resource_post_error(surface->viewport_resource,
			WP_VIEWPORT_ERROR_BAD_SIZE,
			"without a destination the source size %.2fx%.2f must be whole",
			vp->src_w, vp->src_h);
		return false;
	}
	return true;
}
