"""The preview's answer to DNS rebinding and cross-site websockets: loopback names only.

A page can make its own name resolve to 127.0.0.1 and read what a local server answers, so every handler
answers 403 unless the Host is a loopback name with the preview's port; the websocket takes only its origins.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tornado import web

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def local_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers the preview answers: loopback names (and the address it listens on) with its port."""
    names = set(LOOPBACK_NAMES)
    if host not in ("", "0.0.0.0", "::"):
        names.add(f"[{host}]" if ":" in host else host.lower())
    hosts = {f"{name}:{port}" for name in names}
    return frozenset(hosts | names if port == 80 else hosts)


def is_own_origin(origin: str, hosts: frozenset[str]) -> bool:
    """Whether a websocket's Origin is a page of the preview itself (not another site, even on 127.0.0.1)."""
    parts = urlsplit(origin)
    return parts.scheme == "http" and parts.netloc.lower() in hosts


class LocalOnly(web.RequestHandler):
    """Refuses (403) a request whose Host is not one of the preview's own (DNS rebinding)."""

    def prepare(self) -> None:
        if not self.is_local():
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish("This preview answers only to localhost, 127.0.0.1 and [::1] on its own port.\n")

    def is_local(self) -> bool:
        return self.request.host.lower() in self.settings["local_hosts"]
