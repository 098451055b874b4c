"""An HTTP client that is polite and patient, on the standard library (urllib).

A ``User-Agent`` naming the tool, a pause between two requests to the same host,
and retries with exponential back-off for what may pass (network errors, timeouts,
429, 5xx; ``Retry-After`` honoured). urllib rather than a dependency: conditional
requests, ranges and timeouts are all it takes.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import TypeVar

from delib_extract.settings import DEFAULT_FETCH_SETTINGS, FetchSettings

T = TypeVar("T")


class TransientError(Exception):
    """Worth retrying (network, timeout, 429, 5xx); may carry a Retry-After delay."""

    def __init__(self, message: str, http_status: int | None = None, wait: float | None = None):
        super().__init__(message)
        self.http_status, self.wait = http_status, wait


class NotModified(Exception):
    """The server answered 304 to a conditional request."""


class PermanentError(Exception):
    """Not worth retrying (404, not a PDF, too large)."""

    def __init__(self, message: str, http_status: int | None = None):
        super().__init__(message)
        self.http_status = http_status


class HttpClient:
    """urllib with a User-Agent, a per-host pause and retries with back-off."""

    def __init__(
        self,
        settings: FetchSettings = DEFAULT_FETCH_SETTINGS,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.settings = settings
        self._sleep = sleep
        self._last_request: dict[str, float] = {}

    def open(self, url: str, headers: dict[str, str]) -> http.client.HTTPResponse:
        """One request; HTTP errors are turned into Transient/Permanent errors."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            # Never file:// or ftp:// — a listing page must not make us read local files.
            raise PermanentError(f"adresse refusée (http ou https seulement): {url}")
        self._pause(parts.netloc)
        request = urllib.request.Request(url, headers={"User-Agent": self.settings.user_agent})
        for name, value in headers.items():
            request.add_header(name, value)
        try:
            return urllib.request.urlopen(request, timeout=self.settings.timeout_s)
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 304:
                raise NotModified() from exc
            if exc.code == 429 or exc.code >= 500:
                wait = _retry_after(exc.headers.get("Retry-After"))
                raise TransientError(f"HTTP {exc.code}", exc.code, wait) from exc
            raise PermanentError(f"HTTP {exc.code} {exc.reason}", exc.code) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise TransientError(f"réseau: {reason}") from exc

    def retrying(self, attempt: Callable[[], T]) -> T:
        """Run ``attempt`` until it succeeds, fails for good, or retries run out."""
        delay = self.settings.backoff_s
        for number in range(self.settings.retries + 1):
            try:
                return attempt()
            except TransientError as exc:
                last = exc
                if number < self.settings.retries:
                    wait = exc.wait if exc.wait is not None else delay
                    self._sleep(min(wait, self.settings.max_backoff_s))
                    delay *= 2
        raise last

    def _pause(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = self.settings.delay_s - (time.monotonic() - last)
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = time.monotonic()


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own back-off
