"""What tack-pattern draws (clients/pattern.c, pattern_pixel), computed
independently, and helpers to find it in a screenshot and compare every
pixel. Images are (width, height, rgb bytes) as tacktest.screenshot gives."""

BORDER = (0xff, 0xff, 0x00)
QUADRANTS = (
    (0xff, 0xe0, 0x20, 0x20),
    (0xc0, 0x20, 0xc0, 0x40),
    (0x60, 0x30, 0x40, 0xe0),
    (0x00, 0xa0, 0xa0, 0xa0),
)


def pattern_argb(x, y, w, h, alpha):
    """Straight (not premultiplied) a, r, g, b of logical pixel x, y."""
    if x == 0 or y == 0 or x == w - 1 or y == h - 1:
        return (0xff,) + BORDER
    a, r, g, b = QUADRANTS[(x >= w // 2) + 2 * (y >= h // 2)]
    v = (x * 3 + y * 5) & 0x1f
    return (a if alpha else 0xff, r ^ v, g ^ v, b ^ v)


def premultiply(c, a):
    return (c * a + 127) // 255


def div255(t):
    """pixman's rounding of t / 255."""
    t += 0x80
    return (t + (t >> 8)) >> 8


def over(argb, bg):
    """The premultiplied pixel composited OVER an opaque background."""
    a = argb[0]
    return tuple(premultiply(c, a) + div255(d * (255 - a))
                 for c, d in zip(argb[1:], bg))


def expected_pixel(x, y, w, h, alpha, bg):
    p = pattern_argb(x, y, w, h, alpha)
    return over(p, bg) if alpha else p[1:]


def pixel(image, x, y):
    w, _, rgb = image
    i = (y * w + x) * 3
    return tuple(rgb[i:i + 3])


def find_pattern(image, w, h):
    """Top-left of a w x h pattern: the first border-coloured pixel that
    starts a whole w x h border-coloured frame. None if absent."""
    iw, ih, rgb = image
    border = bytes(BORDER)
    start = 0
    while True:
        i = rgb.find(border, start)
        if i < 0:
            return None
        start = i + 1
        if i % 3:
            continue
        x, y = (i // 3) % iw, (i // 3) // iw
        if x + w > iw or y + h > ih:
            continue
        if all(pixel(image, x + dx, y) == BORDER and
               pixel(image, x + dx, y + h - 1) == BORDER
               for dx in range(w)) and \
                all(pixel(image, x, y + dy) == BORDER and
                    pixel(image, x + w - 1, y + dy) == BORDER
                    for dy in range(h)):
            return x, y


def compare_pattern(image, x0, y0, w, h, alpha=False, bg=None, limit=8):
    """Every pixel of the pattern at x0, y0 against what it must be.
    Returns (mismatch count, a few descriptions)."""
    bad = 0
    notes = []
    for y in range(h):
        for x in range(w):
            want = expected_pixel(x, y, w, h, alpha, bg)
            got = pixel(image, x0 + x, y0 + y)
            if got != want:
                bad += 1
                if len(notes) < limit:
                    notes.append("pattern %d,%d (screen %d,%d): got %s want %s"
                                 % (x, y, x0 + x, y0 + y, rgb_hex(got),
                                    rgb_hex(want)))
    return bad, notes


def rgb_hex(p):
    return "%02x%02x%02x" % tuple(p)


def crop(image, x, y, w, h):
    iw, _, rgb = image
    rows = [rgb[((y + r) * iw + x) * 3:((y + r) * iw + x + w) * 3]
            for r in range(h)]
    return w, h, b"".join(rows)


def uniform(image):
    """The colour every pixel has, or None."""
    _, _, rgb = image
    first = rgb[:3]
    return tuple(first) if rgb == first * (len(rgb) // 3) else None


def foot_argv(seconds):
    """foot in navy and yellow, printing a line and staying seconds."""
    return ["foot", "-o", "colors.background=000080",
            "-o", "colors.foreground=ffff00", "-o", "font=monospace:size=14",
            "sh", "-c", "printf 'HELLO TACK %%s' '$'; sleep %d" % seconds]


def foot_drew(image):
    """Whether foot_argv's window shows: its navy background (over a
    thousand samples of every 7th pixel) and yellow text (over twenty);
    and the two counts."""
    _, _, rgb = image
    blue = yellow = 0
    for i in range(0, len(rgb), 3 * 7):
        r, g, b = rgb[i], rgb[i + 1], rgb[i + 2]
        if (r, g, b) == (0, 0, 0x80):
            blue += 1
        elif r > 0xe0 and g > 0xe0 and b < 0x40:
            yellow += 1
    return blue > 1000 and yellow > 20, blue, yellow
