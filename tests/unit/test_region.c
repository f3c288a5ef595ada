/* Region math: transforms, scaling, clamping; the render transform. */
#include <string.h>
#include "render/matrix.h"
#include "scene/frame.h"
#include "surface/surface.h"
#include "util/region.h"
#include "tap.h"

static bool region_is_box(pixman_region32_t *r, int x1, int y1, int x2, int y2)
{
	pixman_box32_t *e = pixman_region32_extents(r);

	return pixman_region32_n_rects(r) == 1 && e->x1 == x1 && e->y1 == y1 &&
	       e->x2 == x2 && e->y2 == y2;
}

static void check_transform(enum wl_output_transform t, int x1, int y1, int x2,
			    int y2, const char *name)
{
	pixman_region32_t src, dst, back;
	int w = 100, h = 50, tw = t & 1 ? h : w, th = t & 1 ? w : h;

	pixman_region32_init_rect(&src, 10, 5, 20, 10);
	pixman_region32_init(&dst);
	pixman_region32_init(&back);
	tack_region_transform(&dst, &src, t, w, h);
	if (!tap_ok(region_is_box(&dst, x1, y1, x2, y2), name)) {
		pixman_box32_t *e = pixman_region32_extents(&dst);

		printf("# got %d,%d %d,%d\n", e->x1, e->y1, e->x2, e->y2);
	}
	tack_region_transform(&back, &dst, tack_transform_invert(t), tw, th);
	tap_ok(region_is_box(&back, 10, 5, 30, 15), "inverse brings it back");
	pixman_region32_fini(&src);
	pixman_region32_fini(&dst);
	pixman_region32_fini(&back);
}

static void map(struct tack_matrix *t, double x, double y, double *ox,
		double *oy)
{
	tack_matrix_apply(t, x, y, ox, oy);
}

/* The matrix a renderer gets, and whether it samples without filtering. */
static void surface_matrix(struct tack_surface *s, double x, double y,
			   double scale, struct tack_matrix *t, bool *exact)
{
	tack_surface_output_matrix(s, x, y, scale, t);
	*exact = tack_matrix_is_exact(t);
}

static struct tack_surface fake_surface(int bw, int bh, int scale,
					enum wl_output_transform t)
{
	struct tack_surface s;

	memset(&s, 0, sizeof(s));
	s.buffer_width = bw;
	s.buffer_height = bh;
	s.current.scale = scale;
	s.current.transform = t;
	s.width = (t & 1 ? bh : bw) / scale;
	s.height = (t & 1 ? bw : bh) / scale;
	return s;
}

int main(void)
{
	pixman_region32_t r;
	struct tack_surface s;
	struct tack_matrix t;
	double x, y;
	bool exact;

	check_transform(WL_OUTPUT_TRANSFORM_NORMAL, 10, 5, 30, 15, "normal");
	check_transform(WL_OUTPUT_TRANSFORM_90, 35, 10, 45, 30, "90");
	check_transform(WL_OUTPUT_TRANSFORM_180, 70, 35, 90, 45, "180");
	check_transform(WL_OUTPUT_TRANSFORM_270, 5, 70, 15, 90, "270");
	check_transform(WL_OUTPUT_TRANSFORM_FLIPPED, 70, 5, 90, 15, "flipped");
	check_transform(WL_OUTPUT_TRANSFORM_FLIPPED_90, 5, 10, 15, 30,
			"flipped-90");
	check_transform(WL_OUTPUT_TRANSFORM_FLIPPED_180, 10, 35, 30, 45,
			"flipped-180");
	check_transform(WL_OUTPUT_TRANSFORM_FLIPPED_270, 35, 70, 45, 90,
			"flipped-270");

	pixman_region32_init_rect(&r, 1, 1, 3, 3);
	tack_region_scale(&r, &r, 0.5, 0.5);
	tap_ok(region_is_box(&r, 0, 0, 2, 2), "scaling down rounds outward");
	pixman_region32_fini(&r);

	pixman_region32_init(&r);
	tack_region_add_rect(&r, -10, 0, 0x7fffffff, 10);
	tap_ok(pixman_region32_not_empty(&r) &&
	       pixman_region32_extents(&r)->x2 > pixman_region32_extents(&r)->x1,
	       "huge client rectangles are clamped, not wrapped");
	tack_region_add_rect(&r, 0, 0, -5, 10);
	tap_ok(pixman_region32_n_rects(&r) == 1, "negative sizes add nothing");
	pixman_region32_fini(&r);

	/* A 200x100 buffer at scale 2 shows as 100x50 on a scale-1 output. */
	s = fake_surface(200, 100, 2, WL_OUTPUT_TRANSFORM_NORMAL);
	surface_matrix(&s, 10, 20, 1, &t, &exact);
	map(&t, 10, 20, &x, &y);
	tap_ok(x == 0 && y == 0, "surface origin maps to buffer origin");
	map(&t, 60, 45, &x, &y);
	tap_ok(x == 100 && y == 50, "scale 2: output pixel 50,25 reads 100,50");
	tap_ok(!exact, "scale 2 on scale 1 output needs filtering");

	s = fake_surface(200, 100, 2, WL_OUTPUT_TRANSFORM_NORMAL);
	surface_matrix(&s, 0, 0, 2, &t, &exact);
	tap_ok(exact, "scale 2 on a scale 2 output maps pixels one to one");

	/*
	 * Turned 90: the surface is 100 wide and 200 tall; as in weston's
	 * weston_transformed_coord, surface x,y reads buffer (y, 100 - x).
	 */
	s = fake_surface(200, 100, 1, WL_OUTPUT_TRANSFORM_90);
	surface_matrix(&s, 0, 0, 1, &t, &exact);
	map(&t, 0, 0, &x, &y);
	tap_ok(x == 0 && y == 100, "transform 90: surface origin from buffer 0,100");
	map(&t, 100, 200, &x, &y);
	tap_ok(x == 200 && y == 0, "transform 90 maps the far corner");
	tap_ok(exact, "transform 90 is exact");

	s = fake_surface(64, 64, 1, WL_OUTPUT_TRANSFORM_NORMAL);
	s.current.viewport.has_src = true;
	s.current.viewport.src_x = 16;
	s.current.viewport.src_y = 8;
	s.current.viewport.src_w = 32;
	s.current.viewport.src_h = 32;
	s.current.viewport.has_dst = true;
	s.current.viewport.dst_w = 128;
	s.current.viewport.dst_h = 128;
	s.width = s.height = 128;
	surface_matrix(&s, 0, 0, 1, &t, &exact);
	map(&t, 64, 64, &x, &y);
	tap_ok(x == 32 && y == 24, "viewport crop and scale");
	return tap_done();
}
