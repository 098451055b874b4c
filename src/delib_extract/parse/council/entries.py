"""A printed list of members cut into its entries: « A, B ; C - D / E et F », wrapped
over lines, a parenthesis (« (pouvoir à X) ») kept with its entry.

Where a line ends, the list either goes on with the same name (« Valérie » /
« BARTHAS-ORSAL », « LEVY- » / « RAMEAU », « Mme » / « Véronique MADEC ») or starts
another entry (one name per line): a name left incomplete at the end of a line, or a
surname alone at the start of the next, is one name across the break.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from delib_extract.parse.council.lines import fold_keep
from delib_extract.parse.council.names import (
    FIRST_LAST,
    LAST_FIRST,
    is_caps,
    strip_civility,
    tokens,
)

# Between two entries: a comma, a semicolon, a slash, « & », « et », a dash set apart.
_SEPARATOR_RE = re.compile(
    r"\s*[,;/&]\s*|\s+et\s+|\s+[-–—]+(?:\s+[-–—]+)*\s+|\s*\n\s*"
    # « MICHOT- Jean-Pierre »: a dash glued to a surname, then a first name
    r"|(?<=[A-ZÀ-ÖØ-Þ]{2})[-–—]\s+(?=[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])"
)
_TRAILING_JOIN_RE = re.compile(r"(?:\b(?:à|a|au|par|de|du|donné|donne|pouvoir|procuration)|[(\-])$")


def join_lines(lines: Sequence[str], style: str) -> str:
    """The lines of one list as one text, a line break kept (as ``\\n``, a separator)
    only where a new entry starts."""
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not text:
            text = line
        elif re.search(r"[^\W\d_]-$", text):  # « LEVY- » / « RAMEAU »
            text += line
        elif _continues(text, line, style):
            text += " " + line
        else:
            text += "\n" + line
    return text


def _continues(before: str, line: str, style: str) -> bool:
    if before.count("(") > before.count(")") or _TRAILING_JOIN_RE.search(before):
        return True
    if re.search(r"[,;/&\-–—]$", before) or re.match(r"[,;/&\-–—(]", line):
        return True  # a separator already stands between them, or the name's parenthesis
    return _incomplete(_last_entry(before), style, end=True) or _incomplete(
        _first_entry(line), style, end=False
    )


def _last_entry(text: str) -> str:
    return split_entries(text)[-1] if split_entries(text) else ""


def _first_entry(text: str) -> str:
    return split_entries(text)[0] if split_entries(text) else ""


def _incomplete(entry: str, style: str, end: bool) -> bool:
    civility, rest = strip_civility(entry)
    words = tokens(rest)
    if civility and not words:
        return True
    if not words or style not in (FIRST_LAST, LAST_FIRST):
        return False
    caps = [is_caps(w) for w in words]
    if style == FIRST_LAST:
        # end of a line: first names without their surname; start: a surname alone.
        return not any(caps) if end else all(caps) and civility is None and len(words) <= 2
    # LAST_FIRST: « CHEVALARD » / « Paul »
    return all(caps) if end else not any(caps) and civility is None


def split_entries(text: str) -> list[str]:
    """Entries of a list text, parentheses kept whole, empty entries dropped."""
    out, depth, start = [], 0, 0
    i = 0
    while i < len(text):
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            match = _SEPARATOR_RE.match(text, i)
            if match and match.end() > i and _is_separator(text, match):
                out.append(text[start:i])
                start = i = match.end()
                continue
        i += 1
    out.append(text[start:])
    return [entry.strip(" .,;:") for entry in out if entry.strip(" .,;:-–—")]


def _is_separator(text: str, match: re.Match[str]) -> bool:
    # « et » between two names, not inside « Marie et Jean » — both are separators in a
    # list; a hyphen glued to a word is part of it (« Jean-Pierre »).
    sep = match.group(0)
    if sep.strip() == "/" and re.match(r"\d", text[match.end() : match.end() + 1]):
        return False  # « 1/2 »
    return bool(sep)


def merge_fragments(entries: list[str], style: str, connectors: str = r"$^") -> list[str]:
    """Join what a separator cut inside a name: « Philippe ROUVIER - COROUGE » (a
    hyphenated surname printed apart), « Mme Nathalie, COLIN » (a stray comma); and an
    entry's proxy printed after a comma (« Mme X, pouvoir à M. Y »: ``connectors``)."""
    out: list[str] = []
    for entry in entries:
        if out and re.match(rf"\W{{0,2}}(?:{connectors})", fold_keep(entry)):
            out[-1] = f"{out[-1]} {entry}"
            continue
        civility, rest = strip_civility(entry)
        words = tokens(rest)
        alone = words and civility is None and "(" not in entry and all(map(is_caps, words))
        if out and style == FIRST_LAST and alone and not _has_connector(out[-1]):
            previous = tokens(strip_civility(out[-1])[1])
            joiner = "-" if previous and is_caps(previous[-1]) else " "
            out[-1] = f"{out[-1]}{joiner}{rest}"
            continue
        out.append(entry)
    return out


def _has_connector(entry: str) -> bool:
    return bool(re.search(r"\b(?:a|pouvoir|procuration|par)\b", fold_keep(entry)))
