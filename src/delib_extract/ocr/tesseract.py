"""OCR of pages that have no text layer, with Tesseract (French model).

Tesseract runs as a subprocess (``tesseract stdin stdout -l fra tsv``), one page per
call, with ``OMP_THREAD_LIMIT=1``: on these machines its own threads make it 4-6×
slower, and pages are OCR'd in parallel instead. The TSV output gives words with
their boxes and confidences, so OCR'd table pages go through the same geometric
table reader as born-digital ones.

The page image is cleaned first (ruling lines and light shading erased, see
scanrules.py); the rules found are kept in the page layout. Tesseract's automatic
page segmentation reads prose well but runs the cells of a table row together, so a
page that holds a table (a grid of rules, or a table header's words) is read a
second time in sparse mode (``--psm 11``), whose words feed the table reader.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from delib_extract.pdf.layout import PageLayout, Rule, Word
from delib_extract.text.normalise import fold

_DIGITS_RE = re.compile(r"\b(?=[\dOo]*\d)[\dOo]*[Oo][\dOo]*\b")
# Header words of the tables (not of the prose around them: "pour un montant de…").
_SPECKS = frozenset("_—–|¦=~`'‘’.,:;!*°«»\"^")  # what dust and rule remnants read as
_UNSURE = 40.0  # a word of 1-3 characters read with less confidence is a speck
_TABLE_WORDS_RE = re.compile(r"imputation|libelle|code\s+op|montant\s+retenu|territoire")


@dataclass(frozen=True)
class OcrResult:
    text: str
    layout: PageLayout
    confidence: float | None  # mean word confidence, 0-100


class OcrUnavailable(Exception):
    """Tesseract or its French model is missing; the message says which."""


@functools.lru_cache(maxsize=4)
def check_tesseract(language: str = "fra") -> str:
    """Path of the tesseract binary; raises OcrUnavailable with the reason."""
    binary = shutil.which("tesseract")
    if not binary:
        raise OcrUnavailable("Tesseract absent (paquet Debian tesseract-ocr non installé)")
    try:
        listed = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrUnavailable(f"Tesseract ne répond pas ({exc})") from exc
    languages = set((listed.stdout + listed.stderr).split())
    if language not in languages:
        raise OcrUnavailable(f"modèle Tesseract « {language} » absent (paquet tesseract-ocr-fra)")
    return binary


def ocr_page(
    image: object, page_number: int, dpi: int, language: str = "fra", timeout: float = 120.0
) -> OcrResult:
    """OCR one rendered page (a PIL image): its text, and words + rules for tables."""
    # numpy and Pillow only for scanned pages: not at start-up of every command.
    from delib_extract.ocr.scanrules import clean_for_ocr, deskew, find_rules

    binary = check_tesseract(language)
    image, _ = deskew(image)  # type: ignore[arg-type]
    rules = find_rules(image, dpi)
    clean = clean_for_ocr(image, dpi)  # type: ignore[arg-type]
    width, height = image.size  # type: ignore[attr-defined]
    scale = 72.0 / dpi
    size = (width * scale, height * scale)
    tsv = _tesseract(binary, clean, language, "3", timeout)
    result = parse_tsv(tsv, page_number, size[0], size[1], scale)
    if _holds_table(result.text, rules):
        sparse = parse_tsv(
            _tesseract(binary, clean, language, "11", timeout), page_number, *size, scale
        )
        result = OcrResult(result.text, sparse.layout, result.confidence)
    result.layout.rules = rules
    return result


def _holds_table(text: str, rules: list[Rule]) -> bool:
    verticals = [r for r in rules if not r.horizontal and r.end - r.start > 12]
    return len(verticals) >= 3 or _TABLE_WORDS_RE.search(fold(text)) is not None


def _tesseract(binary: str, image: object, language: str, psm: str, timeout: float) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")  # type: ignore[attr-defined]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            [binary, "stdin", "stdout", "-l", language, "--psm", psm, "tsv"],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise OcrUnavailable(f"OCR interrompu après {timeout:.0f} s") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrUnavailable(f"échec de Tesseract: {message[-1] if message else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def parse_tsv(tsv: str, page_number: int, width: float, height: float, scale: float) -> OcrResult:
    """Tesseract TSV → text (lines in reading order) and a PageLayout of words."""
    words: list[Word] = []
    lines: dict[tuple[int, int, int], list[str]] = {}
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        try:
            conf = float(cells[10])
            left, top, w, h = (int(cells[i]) for i in (6, 7, 8, 9))
            key = (int(cells[2]), int(cells[3]), int(cells[4]))
        except ValueError:
            continue
        raw = cells[11].strip()
        if not raw or conf < 0:
            continue
        confidences.append(conf)
        lines.setdefault(key, []).append(raw)  # the prose keeps its punctuation
        text = _clean_word(raw, conf)
        if not text:
            continue
        words.append(
            Word(
                text,
                left * scale,
                top * scale,
                (left + w) * scale,
                (top + h) * scale,
                confidence=conf,
            )
        )
    text = repair_text("\n".join(" ".join(parts) for _, parts in sorted(lines.items())))
    layout = PageLayout(page_number, width, height, words=_regroup_digits(words), ocr=True)
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return OcrResult(text, layout, mean)


def _clean_word(text: str, confidence: float) -> str:
    """A word as Tesseract read it, without what specks and rule remnants make of a
    scan: marks that are not words (``—``, ``_``, ``|``) and short, unsure fragments."""
    text = text.strip().strip("_—–|¦‘’`~")
    if not text or (all(c in _SPECKS for c in text) and text != "-"):
        return ""  # "-" is kept: "participants - opération", and "/" of a header label
    if confidence < _UNSURE and len(text) <= 3 and not any(c.isdigit() for c in text):
        return ""  # never a digit group: "9 005,33" must not lose its "9"
    return _repair_digits(text)


def _regroup_digits(words: list[Word]) -> list[Word]:
    """``1121`` followed by ``598,97``: OCR lost the thin space of ``1 121 598,97``. A
    run of 4-6 digits just before a group of three is cut into thousands groups."""
    out = list(words)
    for index, (word, after) in enumerate(zip(words, words[1:])):
        gap = after.x0 - word.x1
        if (
            re.fullmatch(r"\d{4,6}", word.text)
            and re.fullmatch(r"\d{3}(?:[,.]\d{2})?\s*€?", after.text)
            and 0 <= gap < word.height
            and abs(after.yc - word.yc) < word.height / 2
        ):
            digits = word.text
            groups = [digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)][::-1]
            out[index] = dataclasses.replace(word, text=" ".join(groups))
    return out


def repair_text(text: str) -> str:
    """Undo OCR slips that the text parsers cannot: a hyphen ending a line joins the
    next line (``Non-`` / ``inscrit``, as PDFium does for a text layer); a letter O read
    for a zero in a count or an amount (``Contre : O voix``, ``1 O00``)."""
    text = re.sub(r"(?<=\w)-\n(?=\w)", "-", text)
    text = re.sub(r"(?<![\w-])[Oo](?=\s+voix\b)", "0", text)
    return _repair_digits(_semicolons_in_lists(text))


def _semicolons_in_lists(text: str) -> str:
    """Inside parentheses (the groups of a vote) a colon is a misread semicolon."""
    out, depth = [], 0
    for index, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if char == ":" and depth > 0 and text[index - 1 : index] in (" ", "\n", ""):
            char = ";"
        out.append(char)
    return "".join(out)


def _repair_digits(text: str) -> str:
    return _DIGITS_RE.sub(lambda m: re.sub("[Oo]", "0", m.group(0)), text)
