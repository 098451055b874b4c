"""Why a PDF, or one of its pages, cannot be read: one French sentence a person understands.

Pure functions of what the reader saw: the first and last bytes of the file, PDFium's
error code, pdfminer's exception, the filter names of a stream. The libraries' own
words (« Data format error », « Success ») never reach the user: each known cause is
named, the bytes are asked first (a web page saved as .pdf, a download cut short),
and what is left is said plainly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pypdfium2.raw as pdfium_c

HEAD_BYTES = 64 * 1024  # where a PDF header is looked for (PDFium: the first 1 KiB only)
TAIL_BYTES = 1024  # where « %%EOF » must be, once trailing blanks are dropped
_PDFIUM_HEADER_WINDOW = 1024

ENCRYPTED = "PDF chiffré : mot de passe requis pour l'ouvrir"
UNKNOWN_ENCRYPTION = "PDF chiffré : méthode de chiffrement non prise en charge"
TRUNCATED = "fichier tronqué : fin du PDF absente"
BAD_PAGE_OBJECT = "objet de page invalide"
UNREADABLE_CONTENT = "contenu de la page illisible"

# The filters every PDF reader decodes (ISO 32000-1, 7.4), full and abbreviated names.
KNOWN_FILTERS = frozenset({
    "ASCIIHexDecode", "AHx", "ASCII85Decode", "A85", "LZWDecode", "LZW", "FlateDecode", "Fl",
    "RunLengthDecode", "RL", "CCITTFaxDecode", "CCF", "JBIG2Decode", "DCTDecode", "DCT",
    "JPXDecode", "Crypt",
})  # fmt: skip

# What a file that is not a PDF usually is, by its first bytes.
_MAGIC = (
    (b"PK\x03\x04", "archive ZIP (document Word, LibreOffice ou Excel récent ?)"),
    (b"\xd0\xcf\x11\xe0", "document Office ancien (Word ou Excel .doc/.xls ?)"),
    (b"{\\rtf", "document RTF"),
    (b"\x89PNG", "image PNG"),
    (b"\xff\xd8\xff", "image JPEG"),
    (b"GIF8", "image GIF"),
    (b"II*\x00", "image TIFF"),
    (b"MM\x00*", "image TIFF"),
)
_OBJECT_RE = re.compile(rb"(?:^|[\r\n])\d+\s+\d+\s+obj\b")  # « 1 0 obj », a PDF's object
_HTML_RE = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<\?xml)", re.IGNORECASE)

# PDFium's codes, where they say something: on some failures (a catalog not found)
# PDFium sets none and leaves its last one (« Success », or a previous file's), so a
# code that did not change is not asked (None), and the others say only « damaged ».
_PDFIUM_CAUSES = {
    pdfium_c.FPDF_ERR_FILE: "fichier impossible à ouvrir (introuvable ou accès refusé)",
    pdfium_c.FPDF_ERR_PASSWORD: ENCRYPTED,
    pdfium_c.FPDF_ERR_SECURITY: UNKNOWN_ENCRYPTION,
}
DAMAGED = "PDF endommagé : structure du fichier illisible"

_UNSUPPORTED_RE = re.compile(r"unsupported filter: /?'?([^'\s]+)", re.IGNORECASE)
_FILTER_RE = re.compile(rb"/Filter\s*(\[[^\]]{0,400}\]|/[^\s/\[\]<>()%]+)")
_NAME_RE = re.compile(rb"/([^\s/\[\]<>()%]+)")


def from_bytes(head: bytes, tail: bytes) -> str | None:
    """What the file's first and last bytes say is wrong with it, or None.

    ``head``: its first :data:`HEAD_BYTES`; ``tail``: its last :data:`TAIL_BYTES` once
    trailing blanks and NUL bytes are dropped.
    """
    if not head:
        return "fichier vide (0 octet)"
    start = head.find(b"%PDF-")
    if start < 0:
        return "en-tête PDF absent" if _OBJECT_RE.search(head) else not_a_pdf(head)
    if b"%%EOF" not in tail:
        return TRUNCATED
    if start > _PDFIUM_HEADER_WINDOW:
        return f"en-tête PDF précédé de {start} octets étrangers"
    return None


def not_a_pdf(head: bytes) -> str:
    if _HTML_RE.match(head):
        return "pas un fichier PDF : page web (HTML)"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"pas un fichier PDF : {what}"
    return "pas un fichier PDF (aucun en-tête « %PDF »)"


def is_pdf(head: bytes) -> bool:
    """Worth a second engine: the bytes hold a PDF header or objects (pdfminer needs no
    header); other files are not scanned through in vain."""
    return b"%PDF-" in head or bool(_OBJECT_RE.search(head))


def from_pdfium(code: int | None) -> str:
    """PDFium's refusal to open a file, in French (never its « Success »)."""
    return _PDFIUM_CAUSES.get(code, DAMAGED)


def from_pdfminer(error: BaseException) -> str | None:
    """pdfminer's refusal, in French, when its cause is one people can act on."""
    name, message = type(error).__name__, str(error)
    if name == "PDFPasswordIncorrect":
        return ENCRYPTED
    if name == "PDFEncryptionError":
        return UNKNOWN_ENCRYPTION
    unsupported = _UNSUPPORTED_RE.search(message)
    if unsupported:
        return unsupported_filter([unsupported.group(1)])
    if "no /root object" in message.lower():
        return "PDF endommagé : catalogue du document introuvable"
    if name == "PSEOF":
        return "PDF endommagé : fin de fichier inattendue"
    return None


def unopenable(
    head: bytes, tail: bytes, pdfium_code: int | None, pdfminer_error: BaseException | None
) -> str:
    """Why neither engine opens the file: what the bytes show, else the engines' causes."""
    return (
        from_bytes(head, tail)
        or (pdfminer_error and from_pdfminer(pdfminer_error))
        or from_pdfium(pdfium_code)
    )


def sentence(reason: str) -> str:
    """A reason as a sentence of a report (``checks.message``): capital, full stop."""
    return reason[:1].upper() + reason[1:] + ("" if reason.endswith(".") else ".")


def page_unreadable(page_number: int, cause: str) -> str:
    return f"page {page_number} illisible : {cause}"


def tables_unreadable(page_number: int) -> str:
    """A page whose text was read, but not the drawing of its tables."""
    return f"page {page_number} : tableaux illisibles (dessin de la page illisible)"


def no_page_read(errors: Mapping[int, str]) -> str:
    """The reason of a document none of whose pages could be read: the causes, once each."""
    causes = list(dict.fromkeys(reason.split(" : ", 1)[-1] for reason in errors.values()))
    if len(causes) == 1:
        return causes[0] if len(errors) == 1 else f"aucune page lisible : {causes[0]}"
    return "aucune page lisible : " + " ; ".join(causes)


def unsupported_filter(names: Iterable[bytes | str]) -> str:
    shown = ", ".join(dict.fromkeys(_text(n).lstrip("/") for n in names))
    return f"filtre de compression non pris en charge ({shown})"


def unknown_filters(data: bytes) -> list[str]:
    """The stream filter names in ``data`` (raw PDF bytes) no PDF reader decodes.

    Streams are never inside object streams, so every stream dictionary's /Filter is
    in the file's raw bytes (an indirect /Filter, very rare, is not seen)."""
    found: dict[str, None] = {}
    for match in _FILTER_RE.finditer(data):
        for name in _NAME_RE.findall(match.group(1)):
            text = _unescape(_text(name))
            if text not in KNOWN_FILTERS:
                found[text] = None
    return list(found)


def _text(name: bytes | str) -> str:
    return name.decode("latin-1") if isinstance(name, bytes) else name


def _unescape(name: str) -> str:
    """A PDF name's ``#xx`` escapes (``/Brotli#44ecode``)."""
    return re.sub(r"#([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), name)
