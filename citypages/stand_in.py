"""A local stand-in for the form services, for tests and the preview server (127.0.0.1 only).

It records every post and answers the way the provider would: a redirect to the
page's return address, or JSON when asked for it.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


class StandIn:
    """`with StandIn() as s: ...` serves on s.url; s.received lists {"path", "fields", "headers"}."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.received: list[dict[str, Any]] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode("utf-8", "replace")
                fields = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
                stand_in.received.append({"path": self.path, "fields": fields, "headers": dict(self.headers)})
                if "application/json" in self.headers.get("Accept", ""):
                    data = json.dumps({"ok": True}).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin", "*"))
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                self.send_response(302)
                self.send_header("Location", fields.get("_next", "/"))
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}"
        self._thread: threading.Thread | None = None

    def start(self) -> StandIn:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
