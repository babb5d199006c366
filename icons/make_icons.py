#!/usr/bin/env python3
"""Draws the CreditDesk app icon and writes every size the Tauri build and bundler use.

The icon is a rounded blue square with four aging bars that shrink from "current" to "90+",
the last one in amber for what is long overdue. It is drawn here, without an image library
(plain zlib and struct), so that anyone can regenerate it:

    python3 icons/make_icons.py            # writes src-tauri/icons/
"""
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src-tauri" / "icons"

TOP = (0x1F, 0x4E, 0x8C)
BOTTOM = (0x2C, 0x74, 0xB8)
WHITE = (0xFF, 0xFF, 0xFF)
AMBER = (0xF2, 0xA5, 0x32)

# (left, top, right, bottom) in units of the icon's side; the last bar is the overdue one.
BARS = [
    (0.20, 0.26, 0.32, 0.74, WHITE),
    (0.36, 0.40, 0.48, 0.74, WHITE),
    (0.52, 0.52, 0.64, 0.74, WHITE),
    (0.68, 0.61, 0.80, 0.74, AMBER),
]
BASELINE = (0.17, 0.77, 0.83, 0.80, WHITE)
INSET, RADIUS = 0.06, 0.19


def in_rounded_square(x, y):
    lo, hi = INSET, 1.0 - INSET
    if not (lo <= x <= hi and lo <= y <= hi):
        return False
    cx = min(max(x, lo + RADIUS), hi - RADIUS)
    cy = min(max(y, lo + RADIUS), hi - RADIUS)
    return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS**2


def colour_at(x, y):
    """The colour at a point of the unit square, or None where the icon is transparent."""
    if not in_rounded_square(x, y):
        return None
    for left, top, right, bottom, colour in BARS + [BASELINE]:
        if left <= x <= right and top <= y <= bottom:
            return colour
    t = (y - INSET) / (1.0 - 2 * INSET)
    return tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM))


def render(size, samples=3):
    """RGBA rows, each pixel averaged over samples x samples points (smooth edges)."""
    rows = []
    n = samples * samples
    for py in range(size):
        row = bytearray()
        for px in range(size):
            r = g = b = a = 0
            for sy in range(samples):
                for sx in range(samples):
                    c = colour_at((px + (sx + 0.5) / samples) / size,
                                  (py + (sy + 0.5) / samples) / size)
                    if c is not None:
                        r, g, b, a = r + c[0], g + c[1], b + c[2], a + 1
            if a:
                row += bytes((r // a, g // a, b // a, round(255 * a / n)))
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return rows


def png(rows):
    size = len(rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\0" + row for row in rows)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def ico(pngs):
    """A Windows icon whose images are PNGs (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in pngs:
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def icns(pngs):
    """A macOS icon family whose images are PNGs."""
    kinds = {128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}
    body = b"".join(kinds[s] + struct.pack(">I", 8 + len(d)) + d for s, d in pngs if s in kinds)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    images = {size: png(render(size)) for size in (32, 64, 128, 256, 512, 1024)}
    (OUT / "32x32.png").write_bytes(images[32])
    (OUT / "64x64.png").write_bytes(images[64])
    (OUT / "128x128.png").write_bytes(images[128])
    (OUT / "128x128@2x.png").write_bytes(images[256])
    (OUT / "icon.png").write_bytes(images[512])
    (OUT / "icon.ico").write_bytes(ico([(s, images[s]) for s in (32, 64, 128, 256)]))
    (OUT / "icon.icns").write_bytes(icns([(s, images[s]) for s in (128, 256, 512, 1024)]))
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
