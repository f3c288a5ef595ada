/*
 * Modes: the connector's preferred one, or the size asked for, from the
 * connector's list or made up with reduced blanking.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backend/drm/internal.h"
#include "util/log.h"

/*
 * Blanking of made-up modes, like CVT's reduced blanking (CVT-RB):
 * virtual and many real panels take those. Pixels after the active width,
 * lines after the active height.
 */
#define RB_HFRONT_PORCH 48
#define RB_HSYNC 32
#define RB_HBLANK 160
#define RB_VFRONT_PORCH 3
#define RB_VSYNC 5
#define RB_VBLANK 40
/* mHz in a kHz pixel clock spread over a frame's pixels */
#define MHZ_PER_KHZ 1000000ll
/* a listed mode matches an asked refresh this close */
#define REFRESH_SLACK_MHZ 500

int32_t tack_drm_mode_refresh_mhz(const drmModeModeInfo *mode)
{
	int64_t num = (int64_t)mode->clock * MHZ_PER_KHZ;
	int64_t den = (int64_t)mode->htotal * mode->vtotal;

	if (mode->flags & DRM_MODE_FLAG_INTERLACE)
		num *= 2;
	if (mode->vscan > 1)
		den *= mode->vscan;
	return den ? (int32_t)((num + den / 2) / den) : 0;
}

static const drmModeModeInfo *preferred_mode(drmModeConnectorPtr conn)
{
	int i;

	for (i = 0; i < conn->count_modes; i++)
		if (conn->modes[i].type & DRM_MODE_TYPE_PREFERRED)
			return &conn->modes[i];
	return conn->count_modes ? &conn->modes[0] : NULL;
}

static const drmModeModeInfo *listed_mode(drmModeConnectorPtr conn,
					  int32_t width, int32_t height,
					  int32_t mhz)
{
	int i;

	for (i = 0; i < conn->count_modes; i++) {
		const drmModeModeInfo *m = &conn->modes[i];

		if (m->hdisplay == width && m->vdisplay == height &&
		    abs(tack_drm_mode_refresh_mhz(m) - mhz) < REFRESH_SLACK_MHZ)
			return m;
	}
	return NULL;
}

static int made_up_mode(int32_t width, int32_t height, int32_t mhz,
			drmModeModeInfo *out)
{
	int64_t clock;

	memset(out, 0, sizeof(*out));
	out->hdisplay = width;
	out->hsync_start = width + RB_HFRONT_PORCH;
	out->hsync_end = out->hsync_start + RB_HSYNC;
	out->htotal = width + RB_HBLANK;
	out->vdisplay = height;
	out->vsync_start = height + RB_VFRONT_PORCH;
	out->vsync_end = out->vsync_start + RB_VSYNC;
	out->vtotal = height + RB_VBLANK;
	clock = (int64_t)out->htotal * out->vtotal * mhz / MHZ_PER_KHZ;
	/* a refresh so slow that the pixel clock rounds to nothing */
	if (clock <= 0 || clock > UINT32_MAX)
		return -EINVAL;
	out->clock = (uint32_t)clock;
	out->vrefresh = (mhz + 500) / 1000;
	out->flags = DRM_MODE_FLAG_PHSYNC | DRM_MODE_FLAG_NVSYNC;
	snprintf(out->name, sizeof(out->name), "%dx%d", width, height);
	return 0;
}

int tack_drm_mode_pick(drmModeConnectorPtr conn,
		       const struct tack_drm_options *o, drmModeModeInfo *out)
{
	int32_t mhz = o->mode_refresh_mhz ? o->mode_refresh_mhz :
					    TACK_DRM_DEFAULT_REFRESH_MHZ;
	const drmModeModeInfo *mode;

	if (!o->mode_width) {
		mode = preferred_mode(conn);
		if (!mode)
			return -ENOENT;
		*out = *mode;
		return 0;
	}
	mode = listed_mode(conn, o->mode_width, o->mode_height, mhz);
	if (mode) {
		*out = *mode;
		return 0;
	}
	if (made_up_mode(o->mode_width, o->mode_height, mhz, out) < 0) {
		tack_err("drm: no mode %dx%d at %d.%03d Hz: its pixel clock is out of range",
			 o->mode_width, o->mode_height, mhz / 1000, mhz % 1000);
		return -EINVAL;
	}
	return 0;
}
