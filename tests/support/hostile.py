"""Hostile inputs, built by the tests in a fraction of a second each.

A few objects written by hand (``raw_pdf``) are enough for the PDFs a generator like
reportlab will not write: a content stream that inflates to gigabytes, 2,000 pages
that share one content stream, a page of 100,000 tiny words. reportlab writes the
encrypted ones (it is already the suite's PDF generator: no new dependency).

Damaged files, the kinds PDF readers' regression suites hold, are made from a sound
PDF (``raw_pdf``'s, or reportlab's): a page object that is not a page
(``raw_pdf(broken=…)``, ``insert_broken_page``), a file cut inside a stream
(``cut_in_stream``), bytes in front of the header that put every cross-reference
offset off (``shifted``), a trailer whose catalog is gone (``lost_root``), a catalog
whose page tree is gone (``lost_page_tree``), a page tree whose /Kids is not an array
(``kids_not_an_array``), a content stream in a compression
no reader decodes (``raw_pdf(filters={j: b"/BrotliDecode"})``).
"""

from __future__ import annotations

import io
import os
import re
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def raw_pdf(
    contents: Sequence[bytes],
    page_contents: Sequence[int] | None = None,
    *,
    filters=None,
    broken: Mapping[int, bytes] | None = None,
) -> bytes:
    """A valid PDF (xref and all) whose page ``i`` draws ``contents[page_contents[i]]``.

    ``filters[j]`` (e.g. ``b"/FlateDecode"``) is written in stream ``j``'s dictionary:
    the stream is then given already encoded. ``broken[n]``: what is written instead of
    page ``n``'s dictionary (1-based; e.g. ``b"42"``, an object that is not a page).
    """
    page_contents = list(page_contents if page_contents is not None else range(len(contents)))
    filters = filters or {}
    n_pages, n_streams = len(page_contents), len(contents)
    # 1 catalog, 2 page tree, 3 font, streams from 4, pages after them.
    first_stream, first_page = 4, 4 + n_streams
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(n_pages))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n_pages,
        FONT,
    ]
    for index, data in enumerate(contents):
        extra = b" /Filter " + filters[index] if index in filters else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream")
    for number, stream in enumerate(page_contents, start=1):
        objects.append(
            (broken or {}).get(number)
            or b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (first_stream + stream)
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def text_stream(lines: Sequence[str], size: float = 11, x: float = 50, top: float = 800) -> bytes:
    """A content stream printing ``lines`` (Latin-1 text) one under the other."""
    ops = [b"BT /F1 %.2f Tf %.2f TL %.2f %.2f Td" % (size, size * 1.2, x, top)]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("cp1252") + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def many_pages_pdf(count: int = 2000) -> bytes:
    """``count`` pages of a few words: the pages share one content stream."""
    stream = text_stream(["Recueil des actes administratifs", "Page de texte ordinaire."])
    return raw_pdf([stream], [0] * count)


def many_words_pdf(words: int = 100_000) -> bytes:
    """One page of ``words`` tiny words (0.5 pt type, 400 rows of 250)."""
    per_row = 250
    ops = [b"BT /F1 0.5 Tf"]
    for index in range(words):
        row, column = divmod(index, per_row)
        ops.append(b"1 0 0 1 %.2f %.2f Tm (w%d) Tj" % (10 + column * 2.2, 830 - row * 2, index))
    ops.append(b"ET")
    return raw_pdf([b"\n".join(ops)])


def inflating_pdf(inflated_bytes: int = 4 << 30) -> bytes:
    """A few MB of PDF whose page content stream inflates to ``inflated_bytes`` (spaces).

    The deflate stream is built from one compressed 1 MiB block repeated (each block is
    flushed with Z_FULL_FLUSH, so it does not refer to the previous one): no need to
    compress gigabytes; the Adler-32 checksum of the spaces is computed directly.
    """
    block = 1 << 20
    chunk = b" " * block
    compressor = zlib.compressobj(9)
    head = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    unit = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush(zlib.Z_FINISH)[:-4]  # the final empty block, without its checksum
    count = inflated_bytes // block
    body = head + unit * (count - 1) + tail + _adler32_of_spaces(count * block).to_bytes(4, "big")
    return raw_pdf([body], filters={0: b"/FlateDecode"})


def _adler32_of_spaces(length: int) -> int:
    # Adler-32 of `length` bytes of value 32: A = 1 + 32 n, B = n + 32 n (n + 1) / 2 (mod 65521).
    mod = 65521
    a = (1 + 32 * length) % mod
    b = (length + 32 * (length * (length + 1) // 2)) % mod
    return (b << 16) | a


def encrypted_pdf(user_password: str, owner_password: str = "proprietaire") -> bytes:
    """A one-page PDF encrypted by reportlab (RC4 128 bits); ``""``: opens without asking."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    encryption = pdfencrypt.StandardEncryption(user_password, owner_password, strength=128)
    pdf = canvas.Canvas(out, encrypt=encryption)
    pdf.drawString(72, 760, "Document confidentiel chiffré")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def truncated(pdf: bytes, keep: float = 0.5) -> bytes:
    """The first ``keep`` share of a PDF's bytes (a download cut short)."""
    return pdf[: max(1, int(len(pdf) * keep))]


def cut_in_stream(pdf: bytes, stream: int = 1) -> bytes:
    """The PDF cut halfway through its ``stream``-th stream (0-based): a download that
    stopped inside a page's content."""
    starts = [m.end() for m in re.finditer(rb"stream\r?\n", pdf)]
    start = starts[stream]
    end = pdf.index(b"endstream", start)
    return pdf[: (start + end) // 2]


def shifted(pdf: bytes, size: int = 2048) -> bytes:
    """``size`` bytes of a web page in front of the PDF (a proxy's page saved with the
    download): every cross-reference offset is off, and the header is beyond the first
    KiB where PDFium looks for it."""
    page = b"<html><body>Telechargement en cours</body></html>\n"
    return (page * (size // len(page) + 1))[:size] + pdf


def lost_root(pdf: bytes) -> bytes:
    """The trailer names a catalog object that does not exist (the pages are all there)."""
    return _sub_once(pdf, rb"/Root \d+ 0 R", b"/Root 9999 0 R")


def lost_page_tree(pdf: bytes) -> bytes:
    """The catalog's /Pages names an object that does not exist (the pages are all there;
    PDFium then sets no error code)."""
    return _sub_once(pdf, rb"/Pages \d+ 0 R", lambda m: b"/Pages 0 0 R".ljust(len(m[0])))


def kids_not_an_array(pdf: bytes) -> bytes:
    """``raw_pdf``'s page tree with /Kids a single reference instead of an array."""
    # Padded to the same length: every cross-reference offset stays right.
    return _sub_once(
        pdf, rb"/Kids \[(\d+ 0 R)[^\]]*\]", lambda m: (b"/Kids " + m[1]).ljust(len(m[0]))
    )


def insert_broken_page(pdf: bytes, after: int, body: bytes = b"42") -> bytes:
    """``pdf`` (one flat page tree, as reportlab writes it) with an incremental update that
    inserts, after its page ``after``, a page whose object is ``body`` (not a page)."""
    root = int(re.findall(rb"/Root (\d+) 0 R", pdf)[-1])
    size = int(re.findall(rb"/Size (\d+)", pdf)[-1])
    previous = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    catalog = _object(pdf, root)
    pages = int(re.search(rb"/Pages (\d+) 0 R", catalog).group(1))
    tree = _object(pdf, pages)
    kids = re.findall(rb"\d+ 0 R", re.search(rb"/Kids\s*\[([^\]]*)\]", tree).group(1))
    kids.insert(after, b"%d 0 R" % size)
    new_tree = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(kids), b" ".join(kids))
    out = io.BytesIO()
    out.write(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = {}
    for number, content in ((size, body), (pages, new_tree)):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, content))
    xref = out.tell()
    out.write(b"xref\n")
    for number in sorted(offsets):
        out.write(b"%d 1\n%010d 00000 n \n" % (number, offsets[number]))
    out.write(b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\n" % (size + 1, root, previous))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _object(pdf: bytes, number: int) -> bytes:
    return re.findall(rb"(?:^|\n)%d 0 obj(.*?)endobj" % number, pdf, re.S)[-1]


def _sub_once(pdf: bytes, pattern: bytes, replacement) -> bytes:
    out, count = re.subn(pattern, replacement, pdf, count=1)
    assert count == 1, pattern
    return out


def random_bytes(size: int = 4096, seed: int = 8) -> bytes:
    import random

    return random.Random(seed).randbytes(size)


def write(folder: Path, name: str | bytes, data: bytes) -> Path:
    """Write ``data`` under ``name`` (bytes: a name that is not valid UTF-8)."""
    if isinstance(name, bytes):
        path = os.path.join(os.fsencode(folder), name)
        with open(path, "wb") as handle:
            handle.write(data)
        return Path(os.fsdecode(path))
    path = folder / name
    path.write_bytes(data)
    return path
