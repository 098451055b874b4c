"""A real HTTP server on 127.0.0.1 (http.server in a thread) playing a council's website.

It serves listing pages and PDFs from a table of routes, honours conditional requests
(ETag / If-Modified-Since) and byte ranges (with If-Range), and can misbehave on
purpose: answer slowly, cut a download short, serve an HTML error page as ``.pdf``.
Every request is logged with its headers, so tests can see what the client sent.
"""

from __future__ import annotations

import email.utils
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes
    content_type: str = "application/pdf"
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200
    delay_s: float = 0.0  # wait before answering (to provoke a client timeout)
    cut_after: int | None = None  # send only this many body bytes, then hang up...
    cuts: int = 0  # ...this many times
    busy: int = 0  # answer 503 (Retry-After: 1) to this many requests first


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, dict(self.headers.items())))
                site._answer(self)

            def log_message(self, *args: object) -> None:  # keep pytest's output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def pdf(self, path: str, data: bytes, version: int = 1, **options) -> Route:
        """A PDF with an ETag and a Last-Modified that change with ``version``."""
        modified = email.utils.formatdate(1_700_000_000 + 86_400 * version, usegmt=True)
        route = Route(data, etag=f'"v{version}-{len(data)}"', last_modified=modified, **options)
        self.routes[path] = route
        return route

    def page(self, path: str, html: str) -> None:
        self.routes[path] = Route(html.encode(), "text/html; charset=utf-8")

    def requests_for(self, path: str) -> list[dict[str, str]]:
        return [headers for logged, headers in self.requests if logged == path]

    # -- answering ---------------------------------------------------------------------
    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        route = self.routes.get(handler.path)
        if route is None:
            return self._send(handler, 404, b"<html><h1>Page introuvable</h1></html>", "text/html")
        if route.delay_s:
            time.sleep(route.delay_s)
        if route.busy > 0:
            route.busy -= 1
            extra = {"Retry-After": "1"}
            return self._send(handler, 503, b"<html>Service indisponible</html>", "text/html",
                              extra=extra)  # fmt: skip
        if route.status != 200:
            return self._send(handler, route.status, route.body, route.content_type)
        if self._not_modified(handler, route):
            return self._send(handler, 304, b"", None, route)
        start = self._range_start(handler, route)
        body = route.body[start:]
        status = 206 if start else 200
        extra = {"Content-Range": f"bytes {start}-{len(route.body) - 1}/{len(route.body)}"}
        sent = body
        if route.cuts > 0 and route.cut_after is not None:
            route.cuts -= 1
            sent = body[: route.cut_after]
        self._send(handler, status, body, route.content_type, route, extra if start else {}, sent)

    @staticmethod
    def _not_modified(handler: BaseHTTPRequestHandler, route: Route) -> bool:
        tag = handler.headers.get("If-None-Match")
        if tag is not None:
            return tag == route.etag
        since = handler.headers.get("If-Modified-Since")
        if since and route.last_modified:
            return email.utils.parsedate_to_datetime(
                route.last_modified
            ) <= email.utils.parsedate_to_datetime(since)
        return False

    @staticmethod
    def _range_start(handler: BaseHTTPRequestHandler, route: Route) -> int:
        wanted = handler.headers.get("Range", "")
        if not wanted.startswith("bytes=") or not wanted.endswith("-"):
            return 0
        guard = handler.headers.get("If-Range")
        if guard and guard not in (route.etag, route.last_modified):
            return 0  # the file changed since the partial download: send it whole
        start = int(wanted[len("bytes=") : -1])
        return start if 0 < start < len(route.body) else 0

    @staticmethod
    def _send(handler, status, body, content_type, route=None, extra=None, sent=None) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        if route is not None and route.etag:
            handler.send_header("ETag", route.etag)
        if route is not None and route.last_modified:
            handler.send_header("Last-Modified", route.last_modified)
        handler.send_header("Accept-Ranges", "bytes")
        for name, value in (extra or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body if sent is None else sent)
        handler.wfile.flush()
