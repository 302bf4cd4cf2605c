#!/usr/bin/env python3
"""Draws the app icons for the web app manifest: web/icon-192.png and web/icon-512.png.

The same mark as web/favicon.svg (a rounded square in the brand blue, #2d5bd7 = --accent in
web/style.css, with three dots in the token's header, payload and signature colours), drawn
with the standard library only (zlib for the PNG), anti-aliased by 4x4 supersampling.
Run it again after changing the mark: python3 scripts/make-icons.py
"""
import struct
import zlib
from pathlib import Path

# In units of the favicon's 32x32 viewBox.
BACKGROUND = (0x2D, 0x5B, 0xD7)
CORNER = 6
DOTS = [((8, 16), (0xF0, 0x5A, 0x7E)), ((16, 16), (0xA6, 0x4D, 0xFF)), ((24, 16), (0x19, 0xB6, 0xC9))]
RADIUS = 3.5
SAMPLES = 4


def inside_rounded_square(x, y):
    """Whether (x, y) in viewBox units lies inside the 32x32 square with rounded corners."""
    cx = min(max(x, CORNER), 32 - CORNER)
    cy = min(max(y, CORNER), 32 - CORNER)
    return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER**2


def colour_at(x, y):
    """RGBA at (x, y) in viewBox units."""
    if not inside_rounded_square(x, y):
        return (0, 0, 0, 0)
    for (dx, dy), rgb in DOTS:
        if (x - dx) ** 2 + (y - dy) ** 2 <= RADIUS**2:
            return (*rgb, 255)
    return (*BACKGROUND, 255)


def render(size):
    scale = 32 / size
    rows = []
    for py in range(size):
        row = bytearray([0])  # PNG filter type 0 (none)
        for px in range(size):
            total = [0, 0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    r, g, b, a = colour_at((px + (sx + 0.5) / SAMPLES) * scale, (py + (sy + 0.5) / SAMPLES) * scale)
                    total[0] += r * a
                    total[1] += g * a
                    total[2] += b * a
                    total[3] += a
            alpha = total[3]
            if alpha == 0:
                row += bytes(4)
            else:
                row += bytes([round(total[0] / alpha), round(total[1] / alpha), round(total[2] / alpha), round(alpha / SAMPLES**2)])
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def png(width, height, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    web = Path(__file__).resolve().parent.parent / "web"
    for size in (192, 512):
        path = web / f"icon-{size}.png"
        path.write_bytes(render(size))
        print(f"{path.relative_to(web.parent)}: {path.stat().st_size} bytes")
