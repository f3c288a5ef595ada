/* The layout: where outputs are, and which output a point is on. */
#include <stdlib.h>
#include "output/layout.h"
#include "output/output.h"

struct tack_layout *tack_layout_create(struct wl_display *display,
				       struct tack_trace *trace)
{
	struct tack_layout *layout = calloc(1, sizeof(*layout));

	if (!layout)
		return NULL;
	layout->display = display;
	layout->trace = trace;
	wl_list_init(&layout->outputs);
	wl_signal_init(&layout->events.new_output);
	wl_signal_init(&layout->events.change);
	return layout;
}

void tack_layout_destroy(struct tack_layout *layout)
{
	struct tack_output *output, *tmp;

	if (!layout)
		return;
	wl_list_for_each_safe(output, tmp, &layout->outputs, link)
		tack_output_destroy(output);
	free(layout);
}

void tack_layout_box(struct tack_layout *layout, int32_t *x, int32_t *y,
		     int32_t *width, int32_t *height)
{
	struct tack_output *output;
	pixman_region32_t all;
	pixman_box32_t *ext;

	pixman_region32_init(&all);
	wl_list_for_each(output, &layout->outputs, link) {
		pixman_box32_t box;

		tack_output_logical_box(output, &box);
		pixman_region32_union_rect(&all, &all, box.x1, box.y1,
					   box.x2 - box.x1, box.y2 - box.y1);
	}
	ext = pixman_region32_extents(&all);
	*x = ext->x1;
	*y = ext->y1;
	*width = ext->x2 - ext->x1;
	*height = ext->y2 - ext->y1;
	pixman_region32_fini(&all);
}

struct tack_output *tack_layout_output_at(struct tack_layout *layout,
					  double lx, double ly)
{
	struct tack_output *output;

	wl_list_for_each(output, &layout->outputs, link) {
		pixman_box32_t box;

		tack_output_logical_box(output, &box);
		if (lx >= box.x1 && lx < box.x2 && ly >= box.y1 && ly < box.y2)
			return output;
	}
	return NULL;
}

struct tack_output *tack_layout_first_output(struct tack_layout *layout)
{
	struct tack_output *output;

	if (wl_list_empty(&layout->outputs))
		return NULL;
	return wl_container_of(layout->outputs.next, output, link);
}

/* Outputs beyond 32 share the last bit: enter and leave get coarse. */
static uint32_t free_output_bit(struct tack_layout *layout)
{
	struct tack_output *other;
	uint32_t used = 0, bit;

	wl_list_for_each(other, &layout->outputs, link)
		used |= other->bit;
	for (bit = 1; bit != 1u << 31; bit <<= 1)
		if (!(used & bit))
			return bit;
	return bit;
}

/* New outputs go to the right of the others. */
static void place_output(struct tack_layout *layout, struct tack_output *output)
{
	struct tack_output *other;
	int32_t right = 0;

	wl_list_for_each(other, &layout->outputs, link) {
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

void tack_layout_add_output(struct tack_layout *layout,
			    struct tack_output *output)
{
	output->bit = free_output_bit(layout);
	output->id = ++layout->next_output_id;
	wl_list_insert(layout->outputs.prev, &output->link);
	place_output(layout, output);
	wl_signal_emit(&layout->events.new_output, output);
	wl_signal_emit(&layout->events.change, layout);
}

void tack_layout_remove_output(struct tack_layout *layout,
			       struct tack_output *output)
{
	wl_list_remove(&output->link);
	wl_list_init(&output->link);
	wl_signal_emit(&layout->events.change, layout);
}
