"""PDFium's C functions called without ctypes converting each argument.

pypdfium2's bindings declare every argument's type, so each call converts each
argument: on hundreds of thousands of glyphs that is half the cost of the calls. These
are the same functions of the same library, taken by address, with their declared
result type (a handle as a plain address where noted). Pass handles as ``c_void_p``
(see :func:`handle`), structures by ``byref``, indexes as ints — except where the C
argument is wider than an int (``FPDFFormObj_GetObject``: ``c_ulong``).
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c


def _fast(function: Any, restype: Any = None) -> Any:
    """``function`` of pypdfium2's bindings, without argument types (``restype``: another
    result type than the binding's)."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    fast = ctypes.CFUNCTYPE(restype or function.restype)(address)
    fast.argtypes = None
    return fast


COUNT_CHARS = _fast(pdfium_c.FPDFText_CountChars)
UNICODE = _fast(pdfium_c.FPDFText_GetUnicode)
IS_GENERATED = _fast(pdfium_c.FPDFText_IsGenerated)
LOOSE_BOX = _fast(pdfium_c.FPDFText_GetLooseCharBox)
MATRIX = _fast(pdfium_c.FPDFText_GetMatrix)
FONT_SIZE = _fast(pdfium_c.FPDFText_GetFontSize)
TEXT_OBJECT = _fast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)  # the address, an int
COUNT_OBJECTS = _fast(pdfium_c.FPDFPage_CountObjects)
GET_OBJECT = _fast(pdfium_c.FPDFPage_GetObject, ctypes.c_void_p)
COUNT_FORM_OBJECTS = _fast(pdfium_c.FPDFFormObj_CountObjects)
GET_FORM_OBJECT = _fast(pdfium_c.FPDFFormObj_GetObject, ctypes.c_void_p)  # index: c_ulong
OBJECT_TYPE = _fast(pdfium_c.FPDFPageObj_GetType)
OBJECT_BOUNDS = _fast(pdfium_c.FPDFPageObj_GetBounds)
OBJECT_MATRIX = _fast(pdfium_c.FPDFPageObj_GetMatrix)
COUNT_SEGMENTS = _fast(pdfium_c.FPDFPath_CountSegments)
GET_SEGMENT = _fast(pdfium_c.FPDFPath_GetPathSegment, ctypes.c_void_p)
SEGMENT_TYPE = _fast(pdfium_c.FPDFPathSegment_GetType)
SEGMENT_POINT = _fast(pdfium_c.FPDFPathSegment_GetPoint)
SEGMENT_CLOSE = _fast(pdfium_c.FPDFPathSegment_GetClose)


def handle(raw: object) -> ctypes.c_void_p:
    """A pypdfium2 handle (``page.raw``, ``textpage.raw``) as these functions take it."""
    return ctypes.c_void_p(ctypes.cast(raw, ctypes.c_void_p).value)
