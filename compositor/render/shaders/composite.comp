#version 450
/*
 * One draw of the Vulkan renderer: each invocation writes one pixel of the
 * target's box. Sources and targets are storage buffers, not images, so
 * that a client's buffer is read where it lies in its pool, at any offset
 * and stride: the shader does the addressing a linear image would need
 * the driver's own pitch for. The arithmetic follows pixman's (16.16
 * positions, 7-bit bilinear weights, rounded 8-bit products) so that both
 * renderers give the same pixels. The source's layout and the draw's mode
 * are specialization constants: each pipeline is compiled for one of them,
 * with the decoding folded away.
 */
layout(local_size_x = 32, local_size_y = 8) in;

layout(std430, set = 0, binding = 0) readonly buffer Source {
	uint src[];
};
layout(std430, set = 0, binding = 1) buffer Target {
	uint dst[];
};

const uint MODE_OP = 3u;	/* which of the three below */
const uint MODE_CLEAR = 0u;
const uint MODE_SRC = 1u;
const uint MODE_OVER = 2u;
const uint MODE_BILINEAR = 4u;	/* else nearest */
const uint MODE_WIDE = 8u;	/* a channel over 8 bits: work in floats */
const uint MODE_DST_X = 16u;	/* the target's alpha byte is padding */

/* bits per pixel; a, r, g, b shifts and widths, 8 bits each from bit 0 */
layout(constant_id = 0) const uint SRC_BPP = 32u;
layout(constant_id = 1) const uint SRC_SHIFTS = 0u;
layout(constant_id = 2) const uint SRC_BITS = 0u;
layout(constant_id = 3) const uint MODE = 0u;

layout(push_constant) uniform Draw {
	ivec4 mx;		/* target pixel to texel, 16.16: x row */
	ivec4 my;		/* y row */
	ivec4 box;		/* target pixels written: x1, y1, x2, y2 */
	uint src_offset;	/* bytes to the buffer's first pixel */
	uint src_stride;	/* bytes per row */
	int src_width;
	int src_height;
	uint dst_stride;	/* words per row */
	uint color;		/* MODE_CLEAR: premultiplied a8r8g8b8 */
} p;

/* The pixel's bits; 24-bit pixels may straddle two words. */
uint fetch_raw(int x, int y)
{
	uint a = p.src_offset + uint(y) * p.src_stride +
		 uint(x) * (SRC_BPP / 8u);
	uint shift = (a & 3u) * 8u;
	uint v = src[a >> 2] >> shift;

	if (SRC_BPP == 32u)
		return v;
	if (SRC_BPP == 24u && shift > 8u)
		v |= src[(a >> 2) + 1u] << (32u - shift);
	return SRC_BPP == 24u ? v & 0xffffffu : v & ((1u << SRC_BPP) - 1u);
}

uint field(uint v, uint i, out uint n)
{
	uint s = (SRC_SHIFTS >> (8u * i)) & 0xffu;

	n = (SRC_BITS >> (8u * i)) & 0xffu;
	return n == 0u ? 0u : (v >> s) & ((1u << n) - 1u);
}

/* n bits to 8 by repeating them, as pixman widens its narrow formats. */
uint widen(uint v, uint n)
{
	uint r = 0u;
	int s = 8 - int(n);

	if (n == 0u)
		return 0xffu;
	if (n >= 8u)
		return v >> (n - 8u);
	while (s > -int(n)) {
		r |= s >= 0 ? v << uint(s) : v >> uint(-s);
		s -= int(n);
	}
	return r & 0xffu;
}

/* a, r, g, b in 0..255 */
uvec4 fetch8(int x, int y)
{
	uint v = fetch_raw(clamp(x, 0, p.src_width - 1),
			   clamp(y, 0, p.src_height - 1));
	uvec4 c;
	uint n;

	for (uint i = 0u; i < 4u; i++) {
		uint f = field(v, i, n);

		c[i] = widen(f, n);
	}
	return c;
}

vec4 fetchf(int x, int y)
{
	uint v = fetch_raw(clamp(x, 0, p.src_width - 1),
			   clamp(y, 0, p.src_height - 1));
	vec4 c;
	uint n;

	for (uint i = 0u; i < 4u; i++) {
		uint f = field(v, i, n);

		c[i] = n == 0u ? 1.0 : float(f) * (1.0 / float((1u << n) - 1u));
	}
	return c;
}

/*
 * The texel position of a target pixel's centre, in 16.16, as pixman
 * computes it: the fixed-point matrix times (x + 1/2, y + 1/2, 1), rounded
 * once. The halves come out of the products, so 32 bits suffice.
 */
ivec2 position(uint x, uint y)
{
	ivec2 at = ivec2(x, y);

	return ivec2(p.mx.x * at.x + p.mx.y * at.y + p.mx.z +
		     ((p.mx.x + p.mx.y + 1) >> 1),
		     p.my.x * at.x + p.my.y * at.y + p.my.z +
		     ((p.my.x + p.my.y + 1) >> 1));
}

uvec4 sample8(ivec2 pos)
{
	ivec2 t, d;
	uvec4 tl, tr, bl, br;
	uint dx, dy, dxy, dxiy, dixy, dixiy;

	if ((MODE & MODE_BILINEAR) == 0u) {
		/* the texel whose square holds the position, edges in */
		t = (pos - 1) >> 16;
		return fetch8(t.x, t.y);
	}
	pos -= 0x8000;
	t = pos >> 16;
	d = (pos >> 9) & 0x7f;
	dx = uint(d.x) << 1;
	dy = uint(d.y) << 1;
	tl = fetch8(t.x, t.y);
	tr = fetch8(t.x + 1, t.y);
	bl = fetch8(t.x, t.y + 1);
	br = fetch8(t.x + 1, t.y + 1);
	dxy = dx * dy;
	dxiy = (dx << 8) - dxy;
	dixy = (dy << 8) - dxy;
	dixiy = 65536u - (dy << 8) - (dx << 8) + dxy;
	return (tl * dixiy + tr * dxiy + bl * dixy + br * dxy) >> 16;
}

/* pixman's wide path weighs by the whole 16-bit fraction, in floats */
vec4 samplef(ivec2 pos)
{
	ivec2 t;
	vec2 d;

	if ((MODE & MODE_BILINEAR) == 0u) {
		t = (pos - 1) >> 16;
		return fetchf(t.x, t.y);
	}
	pos -= 0x8000;
	t = pos >> 16;
	d = vec2(pos & 0xffff) / 65536.0;
	return fetchf(t.x, t.y) * ((1.0 - d.x) * (1.0 - d.y)) +
	       fetchf(t.x + 1, t.y) * (d.x * (1.0 - d.y)) +
	       fetchf(t.x, t.y + 1) * ((1.0 - d.x) * d.y) +
	       fetchf(t.x + 1, t.y + 1) * (d.x * d.y);
}

uvec4 unpack(uint w)
{
	return uvec4(w >> 24, (w >> 16) & 0xffu, (w >> 8) & 0xffu, w & 0xffu);
}

uint pack(uvec4 c)
{
	return (c[0] << 24) | (c[1] << 16) | (c[2] << 8) | c[3];
}

/* a * b / 255, rounded as pixman rounds */
uvec4 mul8(uvec4 a, uint b)
{
	uvec4 t = a * b + 0x80u;

	return ((t >> 8) + t) >> 8;
}

/* pixman's float to 8 bits */
uvec4 unorm8(vec4 f)
{
	uvec4 u = uvec4(clamp(f, 0.0, 1.0) * 256.0);

	return u - (u >> 8);
}

void main()
{
	uvec2 at = gl_GlobalInvocationID.xy + uvec2(p.box.xy);
	uint op = MODE & MODE_OP;
	uint i;
	uvec4 d, s;

	if (at.x >= uint(p.box.z) || at.y >= uint(p.box.w))
		return;
	i = at.y * p.dst_stride + at.x;
	if (op == MODE_CLEAR) {
		dst[i] = p.color;
		return;
	}
	/* only OVER reads what is there */
	if (op == MODE_OVER) {
		d = unpack(dst[i]);
		if ((MODE & MODE_DST_X) != 0u)
			d[0] = 0xffu;
	}
	if ((MODE & MODE_WIDE) != 0u) {
		vec4 sf = samplef(position(at.x, at.y));

		if (op == MODE_OVER)
			sf += vec4(d) * (1.0 / 255.0) * (1.0 - sf[0]);
		s = unorm8(sf);
	} else {
		s = sample8(position(at.x, at.y));
		if (op == MODE_OVER)
			s = min(s + mul8(d, 255u - s[0]), 255u);
	}
	dst[i] = pack(s);
}
