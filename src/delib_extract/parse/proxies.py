"""Proxies ("pouvoirs", "procurations") printed with the attendance lists.

An absent member may give a present one the power to vote for them; each proxy is one
more vote than members present. The CP deliberations of the Pas-de-Calais rarely print
them; other assemblies write ``M. X a donné pouvoir à M. Y``, ``X (pouvoir donné à Y)``,
``Pouvoirs : X à Y, Z à W``.
"""

from __future__ import annotations

import re

from delib_extract.records import ProxyRecord
from delib_extract.text.doctext import DocText
from delib_extract.text.normalise import collapse

_NAME = r"(?P<holder>(?:M\.|MM\.|Mme|Monsieur|Madame)?\s*[A-ZÀ-Ý][\w\-’'. ]{1,60}?)"
_INLINE_RE = re.compile(
    r"(?:pouvoir|procuration)s?\s+(?:donn[ée]e?s?\s+)?(?:à|a)\s+" + _NAME + r"\s*(?=[),;.\n]|$)",
    re.I,
)
_LIST_RE = re.compile(
    r"(?:^|\n)[ \t]*(?:pouvoirs?|procurations?)[ \t]*:(?P<body>.+?)(?:\.[ \t]*(?:\n|$)|\n[ \t]*\n)",
    re.I | re.S,
)
_PAIR_RE = re.compile(r"^(?P<giver>.*?)\s(?:à|a)\s+" + _NAME + r"\s*$", re.I)


def parse_proxies(doc: DocText) -> list[ProxyRecord]:
    """Every proxy printed in ``doc`` (the deliberation's header, before its title)."""
    found: list[ProxyRecord] = []
    listed: list[tuple[int, int]] = []
    for block in _LIST_RE.finditer(doc.text):
        listed.append(block.span())
        offset = block.start("body")
        for part in re.split(r"[,;]", block.group("body")):
            pair = _PAIR_RE.search(collapse(part))
            if pair:
                holder, giver = collapse(pair.group("holder")), collapse(pair.group("giver"))
                page = doc.page_at(offset)
                found.append(ProxyRecord(holder, collapse(part), page, giver=giver or None))
            offset += len(part) + 1
    for match in _INLINE_RE.finditer(doc.text):
        if any(start <= match.start() < end for start, end in listed):
            continue
        holder, text = collapse(match.group("holder")), collapse(match.group(0))
        found.append(ProxyRecord(holder, text, doc.page_at(match.start())))
    return found
