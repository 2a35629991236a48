"""Serve the review page on 127.0.0.1 with the standard library's HTTP server.

The page is built once and held in memory: ``/`` (and ``/index.html``) return it, everything else is
a 404. Only the loopback address is bound, so the page is not reachable from other machines."""
from __future__ import annotations

import errno
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional

from ..errors import MinutesNLPError

HOST = "127.0.0.1"


class PortInUseError(MinutesNLPError, OSError):
    """The port asked for is taken by another program."""


def _handler(page: bytes) -> type[BaseHTTPRequestHandler]:
    class ReviewHandler(BaseHTTPRequestHandler):
        server_version = "minutes-nlp-review"

        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            self._respond(send_body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._respond(send_body=False)

        def _respond(self, send_body: bool) -> None:
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path in ("/", "/index.html"):
                body, status, kind = page, 200, "text/html; charset=utf-8"
            else:
                body, status, kind = b"not found\n", 404, "text/plain; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy",
                             "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                             "img-src data:")
            self.end_headers()
            if send_body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet by default
            pass

    return ReviewHandler


def make_server(page: str, port: int = 0) -> ThreadingHTTPServer:
    """A server for ``page`` bound to 127.0.0.1:``port`` (0: any free port; read ``server_port``).

    Raises :class:`PortInUseError` when the port is taken."""
    try:
        server = ThreadingHTTPServer((HOST, port), _handler(page.encode("utf-8")))
    except OSError as err:
        if err.errno in (errno.EADDRINUSE, errno.EACCES):
            why = "in use" if err.errno == errno.EADDRINUSE else "not allowed"
            raise PortInUseError(err.errno, f"port {port} on {HOST} is {why}; choose another with --port "
                                            f"(--port 0 picks a free one)") from err
        raise
    server.daemon_threads = True
    return server


def url(server: ThreadingHTTPServer) -> str:
    """The page's address."""
    return f"http://{HOST}:{server.server_port}/"


def serve(page: str, port: int = 0, ready: Optional[Callable[[str], None]] = None) -> None:
    """Serve ``page`` until interrupted (Ctrl+C); ``ready`` gets the URL once the port is bound."""
    server = make_server(page, port)
    try:
        if ready is not None:
            ready(url(server))
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
