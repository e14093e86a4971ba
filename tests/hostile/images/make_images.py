"""Test images made at test time: PNGs written by hand (zlib and struct,
so that every byte of a broken one is chosen), JPEGs by Pillow."""
import io
import struct
import zlib

RED, GREEN, BLUE, GREY = (255, 0, 0), (0, 255, 0), (0, 0, 255), (128, 128, 128)
PATCHES = [RED, GREEN, BLUE, GREY]  # top left, top right, bottom left, bottom right


def chunk(kind, data, crc=None):
    c = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", c & 0xFFFFFFFF)


SIG = b"\x89PNG\r\n\x1a\n"


def ihdr(w, h, depth=8, ctype=2):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0))


def png(w, h, rows, depth=8, ctype=2, extra=b""):
    """rows: the raw bytes of each row, without the filter byte."""
    raw = b"".join(b"\x00" + r for r in rows)
    return SIG + ihdr(w, h, depth, ctype) + extra + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def quad(x, y, w, h):
    return PATCHES[(0 if y < h // 2 else 2) + (0 if x < w // 2 else 1)]


def patches_png(w=64, h=64, depth=8, alpha=False):
    """The four patches; with alpha the grey one is (100, 100, 100) at 50 %
    (not black, whose premultiplied value is its plain one)."""
    rows = []
    for y in range(h):
        r = bytearray()
        for x in range(w):
            px = quad(x, y, w, h)
            a = 255
            if alpha and px == GREY:
                px, a = (100, 100, 100), 128
            vals = list(px) + ([a] if alpha else [])
            for v in vals:
                r += bytes([v, v]) if depth == 16 else bytes([v])
        rows.append(bytes(r))
    return png(w, h, rows, depth, 6 if alpha else 2)


def patches_image(mode, w=64, h=64):
    from PIL import Image  # python3-pil

    im = Image.new("RGB", (w, h))
    for y in range(h):
        for x in range(w):
            im.putpixel((x, y), quad(x, y, w, h))
    return im.convert(mode)


def jpeg(mode, w=64, h=64):
    buf = io.BytesIO()
    patches_image(mode, w, h).save(buf, "JPEG", quality=95)
    return buf.getvalue()


def solid_png(w, h):
    return png(w, h, [bytes(3 * w)] * h)


def huge_png(w, h):
    """A valid PNG of w x h black pixels, written row by row."""
    z = zlib.compressobj(9)
    row = b"\x00" + bytes(3 * w)
    data = b"".join(z.compress(row) for _ in range(h)) + z.flush()
    return SIG + ihdr(w, h) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def hostile():
    """name -> (bytes, the reason the program must give)."""
    good = solid_png(8, 8)
    idat_at = good.index(b"IDAT") - 4
    bad_crc = bytearray(good)
    end_of_idat = idat_at + 8 + struct.unpack(">I", good[idat_at:idat_at + 4])[0]
    bad_crc[end_of_idat] ^= 0xFF  # the first byte of IDAT's CRC
    rgb = jpeg("RGB", 64, 64)
    sof = rgb.index(b"\xff\xc0")
    big = bytearray(rgb)
    big[sof + 5:sof + 9] = b"\xff\xff\xff\xff"  # height and width 65,535
    sos = rgb.index(b"\xff\xda")
    # An ancillary chunk with a bad CRC: libpng would drop it (here the
    # transparency) and go on.
    trns = png(8, 8, [bytes(24)] * 8, extra=chunk(b"tRNS", b"\x00\x00\x00\x00\x00\x00", crc=1))
    return {
        "png-bad-crc-trns": (trns, "a PNG file that cannot be decoded: tRNS: CRC error"),
        "png-garbage": (SIG + ihdr(8, 8) + b"\x13\x37garbage" * 20,
                        "a PNG file that cannot be decoded: the file ends early (rbag: chunk data is too large)"),
        "png-bad-crc": (bytes(bad_crc), "a PNG file that cannot be decoded: IDAT: CRC error"),
        "png-depth-7": (png(8, 8, [bytes(8)] * 8, depth=7, ctype=0),
                        "a PNG file that cannot be decoded: Invalid IHDR data (Invalid bit depth in IHDR)"),
        "png-palette-no-plte": (png(8, 8, [bytes(8)] * 8, depth=8, ctype=3),
                                "a PNG file that cannot be decoded: IDAT: Missing PLTE before IDAT"),
        "png-30000": (SIG + ihdr(30000, 30000) + chunk(b"IEND", b""),
                      "30000 x 30000 pixels, over the limit of 50000000 pixels"),
        "png-short-data": (png(8, 8, [bytes(24)] * 3), "a PNG file that cannot be decoded: Not enough image data"),
        "png-truncated": (good[:len(good) - 20], "a PNG file that cannot be decoded: the file ends early"),
        "png-zero-size": (SIG + ihdr(0, 8) + chunk(b"IEND", b""), "a PNG file with an invalid size (0 x 8)"),
        "jpeg-65535": (bytes(big), "65535 x 65535 pixels, over the limit of 50000000 pixels"),
        "jpeg-truncated-scan": (rgb[:sos + (len(rgb) - sos) // 2],
                                "a JPEG file that cannot be decoded: Premature end of JPEG file"),
        "jpeg-truncated-header": (rgb[:sof + 4], "a JPEG file without a readable frame header"),
        "jpeg-no-eoi": (rgb[:-2], "a JPEG file that cannot be decoded: Premature end of JPEG file"),
        "empty": (b"", "neither a PNG nor a JPEG file"),
    }
