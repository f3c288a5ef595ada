/* wl_shm buffer validation and the format table the composite path uses. */
#include <string.h>
#include <drm_fourcc.h>
#include <wayland-server-protocol.h>
#include "buffer/shm.h"
#include "render/pixman_renderer.h"
#include "tap.h"

static void check(size_t pool, int32_t off, int32_t w, int32_t h, int32_t stride,
		  uint32_t fmt, int expected, const char *name)
{
	const char *why = NULL;
	uint32_t error = 0;
	int got = tack_shm_validate_buffer(pool, off, w, h, stride, fmt, &error,
					   &why) ? -1 : (int)error;

	if (!tap_ok(got == expected, name))
		printf("# got %d (%s), expected %d\n", got, why ? why : "ok",
		       expected);
}

#define check_pixel(format, expected, name, ...)                          \
	check_pixel_bytes(format, (uint8_t[]){ __VA_ARGS__ },               \
			  sizeof((uint8_t[]){ __VA_ARGS__ }), expected, name)

/* Read one pixel of the given format through pixman as a8r8g8b8. */
static uint32_t read_pixel(uint32_t format, const void *bytes, size_t len)
{
	uint32_t src[4] = { 0 }, out = 0;
	pixman_image_t *s, *d;

	memcpy(src, bytes, len);
	s = pixman_image_create_bits(tack_pixman_format(format),
				     format == DRM_FORMAT_YUYV ? 2 : 1, 1, src, 16);
	d = pixman_image_create_bits(PIXMAN_a8r8g8b8, 1, 1, &out, 4);
	pixman_image_composite32(PIXMAN_OP_SRC, s, NULL, d, 0, 0, 0, 0, 0, 0, 1, 1);
	pixman_image_unref(s);
	pixman_image_unref(d);
	return out;
}

static void check_pixel_bytes(uint32_t format, const void *bytes, size_t len,
			      uint32_t expected, const char *name)
{
	uint32_t got = read_pixel(format, bytes, len);

	if (!tap_ok(got == expected, name))
		printf("# read 0x%08x, expected 0x%08x\n", got, expected);
}

int main(void)
{
	const uint32_t *formats;
	size_t n = tack_shm_formats(&formats), i;
	bool all_known = true;

	check(1024, 0, 16, 16, 64, WL_SHM_FORMAT_XRGB8888, -1, "exact fit");
	check(4096, -4, 16, 16, 64, WL_SHM_FORMAT_XRGB8888,
	      WL_SHM_ERROR_INVALID_STRIDE, "negative offset");
	check(4096, 0, 16, 16, 60, WL_SHM_FORMAT_XRGB8888,
	      WL_SHM_ERROR_INVALID_STRIDE, "stride smaller than a row");
	check(4096, 0, 0, 16, 64, WL_SHM_FORMAT_XRGB8888,
	      WL_SHM_ERROR_INVALID_STRIDE, "zero width");
	check(4096, 0, 16, -1, 64, WL_SHM_FORMAT_XRGB8888,
	      WL_SHM_ERROR_INVALID_STRIDE, "negative height");
	check(1024, 4, 16, 16, 64, WL_SHM_FORMAT_XRGB8888,
	      WL_SHM_ERROR_INVALID_STRIDE, "four bytes past the pool end");
	check(4096, 0, 16, 16, 64, 0x20202020, WL_SHM_ERROR_INVALID_FORMAT,
	      "unknown format");
	check((size_t)1 << 31, 0, 65536, 65536, 0x7fffffff,
	      WL_SHM_FORMAT_ARGB8888, WL_SHM_ERROR_INVALID_STRIDE,
	      "stride x height overflowing 32 bits");
	check(4096, 0, 10, 10, 30, DRM_FORMAT_RGB888, -1,
	      "24-bit rows need not be word aligned");
	check(4096, 0, 10, 10, 29, DRM_FORMAT_RGB888,
	      WL_SHM_ERROR_INVALID_STRIDE, "24-bit stride one byte short");
	check(4096, 0, 3, 2, 8, DRM_FORMAT_YUYV, WL_SHM_ERROR_INVALID_STRIDE,
	      "YUYV with an odd width");

	tap_ok(n >= 2 && formats[0] == WL_SHM_FORMAT_ARGB8888 &&
	       formats[1] == WL_SHM_FORMAT_XRGB8888,
	       "ARGB8888 and XRGB8888 come first");
	for (i = 0; i < n; i++)
		if (!tack_pixman_format(formats[i]) ||
		    !tack_shm_format_bpp(formats[i]))
			all_known = false;
	tap_ok(all_known, "every advertised format maps to pixman");

	/* Memory order of one red-ish pixel in each layout. */
	check_pixel(WL_SHM_FORMAT_ARGB8888, 0xff102030, "ARGB8888 byte order",
		    0x30, 0x20, 0x10, 0xff);
	check_pixel(DRM_FORMAT_ABGR8888, 0xff102030, "ABGR8888 byte order",
		    0x10, 0x20, 0x30, 0xff);
	check_pixel(DRM_FORMAT_RGBA8888, 0xff102030, "RGBA8888 byte order",
		    0xff, 0x30, 0x20, 0x10);
	check_pixel(DRM_FORMAT_BGRA8888, 0xff102030, "BGRA8888 byte order",
		    0xff, 0x10, 0x20, 0x30);
	check_pixel(DRM_FORMAT_RGB888, 0xff102030, "RGB888 byte order",
		    0x30, 0x20, 0x10);
	check_pixel(DRM_FORMAT_BGR888, 0xff102030, "BGR888 byte order",
		    0x10, 0x20, 0x30);
	check_pixel(DRM_FORMAT_RGB565, 0xffff0000, "RGB565 red in the top bits",
		    0x00, 0xf8);
	check_pixel(DRM_FORMAT_XRGB2101010, 0xffff0000, "XRGB2101010 red",
		    0, 0, 0xf0, 0x3f);
	return tap_done();
}
