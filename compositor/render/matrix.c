#include <math.h>
#include "render/matrix.h"

void tack_matrix_identity(struct tack_matrix *a)
{
	*a = (struct tack_matrix){ { 1, 0, 0, 0, 1, 0 } };
}

void tack_matrix_then(struct tack_matrix *a, const struct tack_matrix *next)
{
	const double *n = next->m, *p = a->m;
	struct tack_matrix r = { {
		n[0] * p[0] + n[1] * p[3], n[0] * p[1] + n[1] * p[4],
		n[0] * p[2] + n[1] * p[5] + n[2],
		n[3] * p[0] + n[4] * p[3], n[3] * p[1] + n[4] * p[4],
		n[3] * p[2] + n[4] * p[5] + n[5],
	} };

	*a = r;
}

void tack_matrix_scale_translate(struct tack_matrix *a, double sx, double sy,
				 double tx, double ty)
{
	struct tack_matrix step = { { sx, 0, tx, 0, sy, ty } };

	tack_matrix_then(a, &step);
}

void tack_matrix_transform(struct tack_matrix *a, enum wl_output_transform t,
			   double w, double h)
{
	static const double rot[8][4] = {
		[WL_OUTPUT_TRANSFORM_NORMAL] = { 1, 0, 0, 1 },
		[WL_OUTPUT_TRANSFORM_90] = { 0, -1, 1, 0 },
		[WL_OUTPUT_TRANSFORM_180] = { -1, 0, 0, -1 },
		[WL_OUTPUT_TRANSFORM_270] = { 0, 1, -1, 0 },
		[WL_OUTPUT_TRANSFORM_FLIPPED] = { -1, 0, 0, 1 },
		[WL_OUTPUT_TRANSFORM_FLIPPED_90] = { 0, 1, 1, 0 },
		[WL_OUTPUT_TRANSFORM_FLIPPED_180] = { 1, 0, 0, -1 },
		[WL_OUTPUT_TRANSFORM_FLIPPED_270] = { 0, -1, -1, 0 },
	};
	const double *r = rot[t];
	/* Translate so that the turned area starts at the origin again. */
	double tx = (r[0] < 0 ? w : 0) + (r[1] < 0 ? h : 0);
	double ty = (r[2] < 0 ? w : 0) + (r[3] < 0 ? h : 0);
	struct tack_matrix step = { { r[0], r[1], tx, r[2], r[3], ty } };

	tack_matrix_then(a, &step);
}

bool tack_matrix_is_exact(const struct tack_matrix *a)
{
	int i;

	for (i = 0; i < 6; i++) {
		double v = a->m[i];

		if (v != floor(v) || ((i % 3) != 2 && fabs(v) > 1))
			return false;
	}
	return true;
}

void tack_matrix_apply(const struct tack_matrix *a, double x, double y,
		       double *out_x, double *out_y)
{
	*out_x = a->m[0] * x + a->m[1] * y + a->m[2];
	*out_y = a->m[3] * x + a->m[4] * y + a->m[5];
}

pixman_box32_t tack_matrix_sampled_box(const struct tack_matrix *m,
				       const pixman_box32_t *clip,
				       int32_t width, int32_t height)
{
	const double cx[2] = { clip->x1, clip->x2 }, cy[2] = { clip->y1, clip->y2 };
	double x1 = width, y1 = height, x2 = 0, y2 = 0;
	pixman_box32_t box;
	int i;

	for (i = 0; i < 4; i++) {
		double x, y;

		tack_matrix_apply(m, cx[i & 1], cy[i >> 1], &x, &y);
		x1 = fmin(x1, x);
		y1 = fmin(y1, y);
		x2 = fmax(x2, x);
		y2 = fmax(y2, y);
	}
	box.x1 = (int32_t)fmax(floor(x1) - 1, 0);
	box.y1 = (int32_t)fmax(floor(y1) - 1, 0);
	box.x2 = (int32_t)fmin(ceil(x2) + 1, width);
	box.y2 = (int32_t)fmin(ceil(y2) + 1, height);
	return box;
}
