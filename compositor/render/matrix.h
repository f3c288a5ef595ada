/*
 * Affine maps of the plane, as renderers take them: from pixels of a
 * render target to pixels of a texture.
 */
#ifndef TACK_MATRIX_H
#define TACK_MATRIX_H

#include <stdbool.h>
#include <stdint.h>
#include <pixman.h>
#include <wayland-server-protocol.h>

/* Row-major 2x3: out = m * (x, y, 1). */
struct tack_matrix {
	double m[6];
};

void tack_matrix_identity(struct tack_matrix *a);
/* a, then next. */
void tack_matrix_then(struct tack_matrix *a, const struct tack_matrix *next);
/* a, then scale by sx, sy and translate by tx, ty. */
void tack_matrix_scale_translate(struct tack_matrix *a, double sx, double sy,
				 double tx, double ty);
/*
 * a, then points of a w x h area turned by t and moved back to start at
 * the origin (as tack_region_transform turns buffer coordinates into
 * surface coordinates for a buffer transform t).
 */
void tack_matrix_transform(struct tack_matrix *a, enum wl_output_transform t,
			   double w, double h);
/* Whole pixels onto whole pixels, one to one: no filtering needed. */
bool tack_matrix_is_exact(const struct tack_matrix *a);
void tack_matrix_apply(const struct tack_matrix *a, double x, double y,
		       double *out_x, double *out_y);

/*
 * The texels a draw through a reads for the target pixels of clip: the
 * clip's corners mapped, a texel wider for filtering, within the texture.
 */
pixman_box32_t tack_matrix_sampled_box(const struct tack_matrix *a,
				       const pixman_box32_t *clip,
				       int32_t width, int32_t height);

#endif
