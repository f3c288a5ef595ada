/* xdg_positioner: the rules a client builds up for placing a popup. */
#include <stdlib.h>
#include "shell/xdg_shell_private.h"
#include "util/coord.h"

static const struct xdg_positioner_interface positioner_impl;

static struct tack_positioner_rules *rules_from(struct wl_resource *resource)
{
	return wl_resource_get_user_data(resource);
}

const struct tack_positioner_rules *
tack_xdg_positioner_rules(struct wl_resource *resource)
{
	return rules_from(resource);
}

static void handle_destroy(struct wl_client *client,
			   struct wl_resource *resource)
{
	wl_resource_destroy(resource);
}

static void invalid_input(struct wl_resource *resource, const char *what)
{
	wl_resource_post_error(resource, XDG_POSITIONER_ERROR_INVALID_INPUT,
			       "%s", what);
}

static void handle_set_size(struct wl_client *client,
			    struct wl_resource *resource, int32_t width,
			    int32_t height)
{
	struct tack_positioner_rules *rules = rules_from(resource);

	if (!tack_size_valid(width) || !tack_size_valid(height)) {
		invalid_input(resource, "a popup size must be positive and at most 16777216");
		return;
	}
	rules->width = width;
	rules->height = height;
}

static void handle_set_anchor_rect(struct wl_client *client,
				   struct wl_resource *resource, int32_t x,
				   int32_t y, int32_t width, int32_t height)
{
	struct tack_positioner_rules *rules = rules_from(resource);

	if (!tack_size_valid_or_zero(width) ||
	    !tack_size_valid_or_zero(height)) {
		invalid_input(resource, "an anchor rectangle cannot be negative or beyond 16777216");
		return;
	}
	rules->anchor_rect = (struct tack_box){ tack_coord_clamp(x),
						tack_coord_clamp(y), width,
						height };
	rules->has_anchor_rect = true;
}

static void handle_set_anchor(struct wl_client *client,
			      struct wl_resource *resource, uint32_t anchor)
{
	if (anchor > XDG_POSITIONER_ANCHOR_BOTTOM_RIGHT) {
		invalid_input(resource, "not an anchor");
		return;
	}
	rules_from(resource)->anchor = anchor;
}

static void handle_set_gravity(struct wl_client *client,
			       struct wl_resource *resource, uint32_t gravity)
{
	if (gravity > XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT) {
		invalid_input(resource, "not a gravity");
		return;
	}
	rules_from(resource)->gravity = gravity;
}

static void handle_set_constraint_adjustment(struct wl_client *client,
					     struct wl_resource *resource,
					     uint32_t adjustment)
{
	const uint32_t all = XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_X |
			     XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_Y |
			     XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_X |
			     XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_Y |
			     XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_RESIZE_X |
			     XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_RESIZE_Y;

	if (adjustment & ~all) {
		invalid_input(resource, "unknown constraint adjustment bits");
		return;
	}
	rules_from(resource)->constraint_adjustment = adjustment;
}

static void handle_set_offset(struct wl_client *client,
			      struct wl_resource *resource, int32_t x,
			      int32_t y)
{
	struct tack_positioner_rules *rules = rules_from(resource);

	rules->offset_x = tack_coord_clamp(x);
	rules->offset_y = tack_coord_clamp(y);
}

static void handle_set_reactive(struct wl_client *client,
				struct wl_resource *resource)
{
	rules_from(resource)->reactive = true;
}

static void handle_set_parent_size(struct wl_client *client,
				   struct wl_resource *resource,
				   int32_t width, int32_t height)
{
	struct tack_positioner_rules *rules = rules_from(resource);

	rules->has_parent_size = true;
	rules->parent_width = tack_coord_clamp(width);
	rules->parent_height = tack_coord_clamp(height);
}

static void handle_set_parent_configure(struct wl_client *client,
					struct wl_resource *resource,
					uint32_t serial)
{
	struct tack_positioner_rules *rules = rules_from(resource);

	rules->has_parent_configure = true;
	rules->parent_configure_serial = serial;
}

static const struct xdg_positioner_interface positioner_impl = {
	.destroy = handle_destroy,
	.set_size = handle_set_size,
	.set_anchor_rect = handle_set_anchor_rect,
	.set_anchor = handle_set_anchor,
	.set_gravity = handle_set_gravity,
	.set_constraint_adjustment = handle_set_constraint_adjustment,
	.set_offset = handle_set_offset,
	.set_reactive = handle_set_reactive,
	.set_parent_size = handle_set_parent_size,
	.set_parent_configure = handle_set_parent_configure,
};

static void positioner_resource_destroy(struct wl_resource *resource)
{
	free(rules_from(resource));
}

void tack_xdg_positioner_create(struct wl_client *client, uint32_t version,
				uint32_t id)
{
	struct tack_positioner_rules *rules = calloc(1, sizeof(*rules));
	struct wl_resource *resource;

	if (!rules)
		goto no_memory;
	tack_positioner_rules_init(rules);
	resource = wl_resource_create(client, &xdg_positioner_interface,
				      version, id);
	if (!resource)
		goto free_rules;
	wl_resource_set_implementation(resource, &positioner_impl, rules,
				       positioner_resource_destroy);
	return;

free_rules:
	free(rules);
no_memory:
	wl_client_post_no_memory(client);
}
