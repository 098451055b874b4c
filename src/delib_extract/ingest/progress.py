"""A one-line progress bar with ETA on stderr, drawn only on a terminal.

Nothing is written when the stream is not a TTY (cron, CI, a pipe): the summary
line at the end is enough there.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

_REDRAW_S = 0.2  # no more than five redraws a second


def format_duration(seconds: float) -> str:
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    def __init__(
        self, stream: TextIO | None = None, *, enabled: bool | None = None, width: int = 24
    ):
        self.stream = stream or sys.stderr
        isatty = getattr(self.stream, "isatty", lambda: False)
        self.enabled = isatty() if enabled is None else enabled
        self.width = width
        self.total = self.done = self.pages = 0
        self._started = self._drawn_at = 0.0
        self._shown = False

    def start(self, total: int) -> None:
        self.total, self.done, self.pages = total, 0, 0
        self._started = time.monotonic()
        self._draw(force=True)

    def advance(self, pages: int = 0) -> None:
        self.done += 1
        self.pages += pages
        self._draw(force=self.done == self.total)

    def message(self, text: str) -> None:
        """Print a line above the bar (or alone, without a terminal)."""
        if self._shown:
            self.stream.write("\r\x1b[K")
        self.stream.write(text + "\n")
        self._shown = False
        self._draw(force=True)

    def close(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
        self._shown = False

    def render(self, now: float | None = None) -> str:
        elapsed = (time.monotonic() if now is None else now) - self._started
        share = self.done / self.total if self.total else 1.0
        filled = int(share * self.width)
        bar = "#" * filled + "." * (self.width - filled)
        text = f"[{bar}] {self.done}/{self.total} {share:4.0%}"
        if self.done and elapsed > 0:
            text += f" {self.pages / elapsed:.1f} pages/s"
            remaining = elapsed / self.done * (self.total - self.done)
            text += f" ETA {format_duration(remaining)}"
        return text

    def _draw(self, force: bool = False) -> None:
        if not self.enabled or not self.total:
            return
        now = time.monotonic()
        if not force and now - self._drawn_at < _REDRAW_S:
            return
        self._drawn_at = now
        self.stream.write("\r\x1b[K" + self.render(now))
        self.stream.flush()
        self._shown = True
