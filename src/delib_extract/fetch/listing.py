"""Reading a listing page (pure: HTML text in, links out).

A listing is a web page that links to deliberation PDFs and, often, to a next page.
PDF links: an ``<a href>`` whose path ends in ``.pdf``, or that is marked
``type="application/pdf"``. Next page: ``rel="next"`` (on ``<a>`` or ``<link>``),
or an ``<a>`` whose text or class says so ("Suivant", "Page suivante", "›", "»"...).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser

_NEXT_TEXT = {"suivant", "suivante", "page suivante", "next", "next page", "›", "»", ">", ">>"}
_NEXT_CLASS_RE = re.compile(r"\bnext\b|\bsuivant", re.IGNORECASE)


@dataclass
class Listing:
    pdfs: list[str] = field(default_factory=list)  # absolute URLs, in page order, no repeats
    next_pages: list[str] = field(default_factory=list)


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[dict[str, str], str]] = []  # (attributes, text)
        self._open: dict[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k.lower(): v or "" for k, v in attrs}
        if tag == "link" and "next" in attributes.get("rel", "").lower().split():
            self.links.append((attributes, ""))
        elif tag == "a":
            self._open, self._text = attributes, []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links.append((self._open, " ".join("".join(self._text).split())))
            self._open = None


def parse_listing(html: str, base_url: str) -> Listing:
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    listing = Listing()
    for attributes, text in parser.links:
        href = attributes.get("href", "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = urllib.parse.urldefrag(urllib.parse.urljoin(base_url, href)).url
        if _is_pdf(url, attributes):
            if url not in listing.pdfs:
                listing.pdfs.append(url)
        elif _is_next(attributes, text) and url not in listing.next_pages:
            listing.next_pages.append(url)
    return listing


def _is_pdf(url: str, attributes: dict[str, str]) -> bool:
    path = urllib.parse.urlsplit(url).path.lower()
    return path.endswith(".pdf") or attributes.get("type", "").lower() == "application/pdf"


def _is_next(attributes: dict[str, str], text: str) -> bool:
    if "next" in attributes.get("rel", "").lower().split():
        return True
    if text.strip().lower() in _NEXT_TEXT:
        return True
    return bool(_NEXT_CLASS_RE.search(attributes.get("class", "")))


def same_site(url: str, other: str) -> bool:
    """Pagination is only followed on the listing's own host."""
    return urllib.parse.urlsplit(url).netloc == urllib.parse.urlsplit(other).netloc
