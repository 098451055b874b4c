"""The pages of a file PDFium refuses, read by pdfminer (through pdfplumber).

:mod:`.source` opens the file and hands its pages here, as it hands PDFium's pages to
:mod:`.pdfium_geometry`. pdfminer raises exceptions of many kinds on damaged content:
each becomes an :class:`~delib_extract.errors.UnreadablePageError` with its reason in
French, and running out of memory stays a :class:`MemoryError` (the memory limit's
business, not a damaged page).
"""

from __future__ import annotations

from dataclasses import dataclass

from delib_extract.errors import UnreadablePageError
from delib_extract.pdf import failures


@dataclass(frozen=True)
class TextLayer:
    text: str
    width: float
    height: float
    rotation: int
    image_coverage: float  # share of the page covered by its largest image


def text_layer(page) -> TextLayer:
    """One pdfplumber page's text, size and largest image; released once read."""
    try:
        unknown = unknown_filters(page.page_obj)
        if unknown:
            raise UnreadablePageError(failures.unsupported_filter(unknown))
        width, height = float(page.width), float(page.height)
        return TextLayer(
            page.extract_text() or "",
            width,
            height,
            int(page.rotation or 0),
            _image_coverage(page.images, width * height),
        )
    except UnreadablePageError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged content
        cause = failures.from_pdfminer(pdfminer_error(exc))
        raise UnreadablePageError(cause or failures.UNREADABLE_CONTENT) from exc
    finally:
        page.close()  # pdfplumber keeps every parsed page otherwise


def unknown_filters(page_obj) -> list[str]:
    """The filters no reader decodes, on a pdfminer page's content streams and XObjects."""
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import literal_name

    resources = resolve1(page_obj.resources)
    xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    streams = [*page_obj.contents, *(xobjects.values() if isinstance(xobjects, dict) else ())]
    names = []
    for stream in map(resolve1, streams):
        if isinstance(stream, PDFStream):
            names += [str(literal_name(name)) for name, _ in stream.get_filters()]
    return [name for name in dict.fromkeys(names) if name not in failures.KNOWN_FILTERS]


def pdfminer_error(exc: Exception) -> BaseException:
    """The error pdfminer raised (pdfplumber wraps it); a MemoryError is raised again."""
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(cause, MemoryError) or isinstance(exc, MemoryError):
        raise MemoryError from exc
    return cause


def _image_coverage(images: list[dict], area: float) -> float:
    if area <= 0:
        return 0.0
    sizes = [abs(i["x1"] - i["x0"]) * abs(i["bottom"] - i["top"]) for i in images]
    return min(max(sizes, default=0.0) / area, 1.0)
