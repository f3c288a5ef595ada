/* The copy path: pixman composites the scene into an output image. */
#ifndef TACK_RENDER_H
#define TACK_RENDER_H

#include <stdbool.h>
#include <stdint.h>
#include <pixman.h>

struct tack_output;
struct tack_surface;

struct tack_render_stats {
	uint64_t surfaces;	/* surfaces composited */
	uint64_t pixels;	/* destination pixels written */
	uint64_t bytes_read;	/* client buffer bytes sampled */
};

/*
 * Draw the region (output pixels) of the output's part of the scene into
 * image, but for the surfaces on planes. Adds to stats when not NULL.
 */
void tack_render_output(struct tack_output *output, pixman_image_t *image,
			pixman_region32_t *region,
			struct tack_render_stats *stats);
/*
 * The whole scene (planes' surfaces too), only the layers in mask
 * (1u << tack_scene_layer).
 */
void tack_render_output_layers(struct tack_output *output,
			       pixman_image_t *image, pixman_region32_t *region,
			       uint32_t layer_mask);

/*
 * The transform from output pixels to a surface's buffer pixels, given the
 * surface's position in output pixels; exposed for tests.
 */
void tack_render_surface_transform(struct tack_surface *surface, double x,
				   double y, double output_scale,
				   pixman_transform_t *out, bool *exact);

#endif
