"""Text normalisation: how printed text is stored, and how it is compared."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Every horizontal space a PDF may carry: no-break, narrow no-break, thin, figure...
_SPACES = "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t"
_SPACE_RE = re.compile(f"[ {_SPACES}]+")
_WS_RE = re.compile(rf"[\s{_SPACES}]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_HYPHEN_RE = re.compile(r"\s*-\s*")
# Folded strings this short are kept (labels, words, names: the same ones again and again).
_CACHED_LENGTH = 80


class _Marks(dict):
    """A translation table that deletes combining marks, filled as characters come
    (a table of every code point would cost start-up time)."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_NO_MARKS = _Marks()
# Marks deleted, apostrophes and dashes unified, in one pass (their sources are neither
# marks nor each other's targets: the same as one table after the other).
_FOLD_TABLE = _Marks({**_APOSTROPHES, **_DASHES})


def clean_pdf_text(text: str) -> str:
    """Undo the PDF text layer's artefacts, keep its line breaks.

    PDFium marks a hyphen that ends a line as U+FFFE (or U+0002) and drops the break;
    in these documents such hyphens belong to the word (``MESSEANNE-GROBELNY``,
    ``Pas-de-Calais``), so they are restored as hyphens.
    """
    if text.isascii() and text.isprintable():  # a word: nothing to undo (NFC of ASCII is ASCII)
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufffe", "-").replace("\x02", "-").replace("\u00ad", "-")
    text = text.replace("\x00", "").replace("\ufeff", "")
    return unicodedata.normalize("NFC", text)


def collapse(text: str | None) -> str:
    """NFC, every run of whitespace (line breaks included) as one space, stripped."""
    if not text:
        return ""
    return _WS_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def collapse_spaces(text: str) -> str:
    """Collapse horizontal spaces only, keeping line breaks."""
    return "\n".join(_SPACE_RE.sub(" ", line).strip() for line in text.split("\n"))


def strip_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).translate(_NO_MARKS)


def accent_count(text: str) -> int:
    """How many characters carry a mark :func:`strip_accents` removes (``CÉRÉDA``: 2):
    of two printings of one name, the one with more is the better."""
    return sum(1 for char in text if strip_accents(char) != char)


def fold(text: str | None) -> str:
    """Comparison key: no accents, no case, one space, unified apostrophes and dashes."""
    if not text:
        return ""
    if len(text) <= _CACHED_LENGTH:
        return _fold_short(text)
    return _fold(text)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).translate(_FOLD_TABLE)
    text = _HYPHEN_RE.sub("-", _WS_RE.sub(" ", text))
    return text.strip().casefold()


_fold_short = lru_cache(maxsize=1 << 14)(_fold)


def slug(text: str | None) -> str:
    """Stable identifier: folded, every non-alphanumeric run as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def loose_key(text: str | None) -> str:
    """Key that ignores punctuation and spacing altogether (for beneficiary matching)."""
    return re.sub(r"[^a-z0-9]+", "", fold(text))


def join_wrapped(lines: Iterable[str]) -> str:
    """Lines of one table cell or label as one text: joined by a space, but a line that
    ends with a hyphen is joined to the next without one (``LENS-`` + ``LIEVIN`` →
    ``LENS-LIEVIN``); a dash printed after a space (``Arras -``) stays a separator."""
    text = ""
    for line in lines:
        if text.endswith("-") and not text.endswith(" -"):
            text += line
        else:
            text = f"{text} {line}" if text else line
    return text
