"""Draw the application icon once and write every platform's files from it.

    python build/icons/make_icons.py

writes, beside this script: png/resolution-center-<N>.png for N in 16..1024, resolution-center.ico
(Windows: 16-256 in one file), resolution-center.icns (macOS: 16-1024) and a copy of the 256 px
PNG into resources/icons/ (the window's own icon at run time). The drawing is code, so a change
of colour or shape is a reviewed diff and every size comes from the same picture; Pillow does the
drawing and writes .ico and .icns itself.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
RESOURCES = HERE.parent.parent / "resources" / "icons"
NAME = "resolution-center"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
MASTER = 1024
SUPERSAMPLE = 2  # drawn at 2048 px and scaled down: smooth edges without anti-aliased shapes

BLUE_TOP = (47, 101, 202)  # the dark palette's highlight (ui/screenshots.py)
BLUE_BOTTOM = (28, 63, 138)
WHITE = (255, 255, 255, 255)
GREEN = (46, 160, 67, 255)


def draw_master() -> Image.Image:
    """A speech bubble (a customer's complaint) carrying a tick (resolved) on a blue tile."""
    size = MASTER * SUPERSAMPLE
    s = size / 1024  # the coordinates below are on a 1024 grid

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        return round(x0 * s), round(y0 * s), round(x1 * s), round(y1 * s)

    # The tile: a vertical gradient clipped to a rounded square (macOS's grid leaves a margin).
    gradient = Image.new("RGBA", (size, size))
    pixels = ImageDraw.Draw(gradient)
    for y in range(size):
        t = y / (size - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(BLUE_TOP, BLUE_BOTTOM, strict=True))
        pixels.line([(0, y), (size, y)], fill=(*colour, 255))
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle(box(80, 80, 944, 944), radius=round(190 * s), fill=255)
    tile = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    tile.paste(gradient, mask=mask)

    # A soft shadow under the bubble, so it reads as lifted at large sizes.
    shadow = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    sd = ImageDraw.Draw(shadow)
    sd.rounded_rectangle(box(212, 262, 828, 712), radius=round(120 * s), fill=(0, 0, 0, 90))
    sd.polygon([(310 * s, 700 * s), (300 * s, 860 * s), (470 * s, 700 * s)], fill=(0, 0, 0, 90))
    tile.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(18 * s)))

    d = ImageDraw.Draw(tile)
    d.rounded_rectangle(box(196, 236, 828, 688), radius=round(120 * s), fill=WHITE)
    d.polygon([(296 * s, 676 * s), (282 * s, 840 * s), (456 * s, 676 * s)], fill=WHITE)
    # The tick, thick enough to survive 16 px.
    tick = [(352 * s, 468 * s), (470 * s, 584 * s), (680 * s, 362 * s)]
    d.line(tick, fill=GREEN, width=round(84 * s), joint="curve")
    for x, y in (tick[0], tick[-1]):
        r = 42 * s
        d.ellipse((x - r, y - r, x + r, y + r), fill=GREEN)
    return tile.resize((MASTER, MASTER), Image.Resampling.LANCZOS)


def main() -> None:
    master = draw_master()
    png_dir = HERE / "png"
    png_dir.mkdir(exist_ok=True)
    scaled = {}
    for size in SIZES:
        image = master if size == MASTER else master.resize((size, size), Image.Resampling.LANCZOS)
        scaled[size] = image
        image.save(png_dir / f"{NAME}-{size}.png", optimize=True)
    master.save(HERE / f"{NAME}.ico", sizes=[(n, n) for n in ICO_SIZES])
    master.save(HERE / f"{NAME}.icns")
    RESOURCES.mkdir(exist_ok=True)
    scaled[256].save(RESOURCES / f"{NAME}.png", optimize=True)
    for path in sorted([*png_dir.iterdir(), HERE / f"{NAME}.ico", HERE / f"{NAME}.icns"]):
        print(path.relative_to(HERE.parent.parent))


if __name__ == "__main__":
    main()
