"""Draw the application icon: a white yurt on a teal rounded square.

Writes resources/icons/aimak.png (256x256, for Qt and Linux) and resources/icons/aimak.ico
(16-256 px, for the Windows executable and installer). Needs Pillow (`pip install pillow`).
Run from anywhere: `.venv/bin/python scripts/make_icon.py`.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SCALE = 4  # draw large, then shrink: smooth edges without an antialiasing API
SIZE = 256 * SCALE
TEAL = (24, 110, 130, 255)
WHITE = (255, 255, 255, 255)
RED = (200, 60, 50, 255)


def s(value: float) -> int:
    """A coordinate on the 256 px grid, scaled to the drawing size."""
    return round(value * SCALE)


def draw() -> Image.Image:
    img = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((s(8), s(8), s(248), s(248)), radius=s(44), fill=TEAL)
    # yurt: a dome over a round wall, a door, the tündük (smoke ring) on top
    d.pieslice((s(44), s(58), s(212), s(178)), 180, 360, fill=WHITE)
    d.rectangle((s(56), s(118), s(200), s(196)), fill=WHITE)
    d.rounded_rectangle((s(108), s(138), s(148), s(196)), radius=s(6), fill=RED)
    d.ellipse((s(114), s(50), s(142), s(70)), fill=WHITE, outline=TEAL, width=s(5))
    # the lattice band of the wall
    for x in range(66, 186, 16):  # 8 crosses centred on the wall
        d.line((s(x), s(120), s(x + 12), s(132)), fill=TEAL, width=s(3))
        d.line((s(x + 12), s(120), s(x), s(132)), fill=TEAL, width=s(3))
    return img.resize((256, 256), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    icon = draw()
    icon.save(ICONS / "aimak.png")
    icon.save(
        ICONS / "aimak.ico",
        sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)],
    )
    print(ICONS / "aimak.png")
    print(ICONS / "aimak.ico")


if __name__ == "__main__":
    main()
