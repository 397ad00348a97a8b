"""Host check for the local preview server, and the editor's pages at /admin/.

A web page the writer visits while `make serve` or `make edit` runs can point its own
domain at 127.0.0.1 (DNS rebinding) and then read the drafts. Such a request carries
the foreign name in its `Host` header, so every request whose Host is not
`127.0.0.1:PORT` or `localhost:PORT` gets 403 (what Vite's `server.allowedHosts` and
webpack-dev-server's `allowedHosts` do).

`install(admin=...)` patches MkDocs' LiveReloadServer (the server of `mkdocs serve`)
before it starts: the plugin package stays untouched.
"""

from __future__ import annotations

import mimetypes
import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path

REFUSED = ("Yêu cầu bị từ chối: máy chủ xem trước chỉ trả lời địa chỉ http://127.0.0.1:{port}/ "
           "hoặc http://localhost:{port}/ (tên máy nhận được: {host}).\n")


def allowed_hosts(port: int) -> set[str]:
    return {f"127.0.0.1:{port}", f"localhost:{port}"}


def allowed_origins(port: int) -> set[str]:
    return {f"http://{host}" for host in allowed_hosts(port)}


def host_ok(environ: dict, port: int) -> bool:
    return environ.get("HTTP_HOST", "").lower() in allowed_hosts(port)


def refuse(environ: dict, start_response, port: int) -> list[bytes]:
    host = environ.get("HTTP_HOST", "(không có)")
    body = REFUSED.format(port=port, host=host[:100]).encode("utf-8")
    start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8"),
                                     ("Content-Length", str(len(body)))])
    return [body]


class Admin:
    """The files of /admin/: generated ones (index.html, config.yml, …) from memory,
    and Decap CMS's bundle and chunks from `node_modules/decap-cms/dist`."""

    def __init__(self, files: Callable[[], dict[str, bytes]], dist: Path) -> None:
        self.files = files  # called per request: the configuration can follow new year folders
        self.dist = dist

    def __call__(self, path: str, start_response) -> Iterable[bytes] | None:
        rel = path[len("/admin/"):] or "index.html"
        rel = posixpath.normpath("/" + rel).lstrip("/")
        generated = self.files()
        if rel in generated:
            body = generated[rel]
        else:
            file = self.dist / rel
            if "/" in rel or not file.is_file():
                return None
            body = file.read_bytes()
        kind = mimetypes.guess_type(rel)[0] or "application/octet-stream"
        if rel.endswith((".yml", ".yaml")):
            kind = "text/yaml"
        if kind.startswith("text/") or kind.endswith("javascript"):
            kind += "; charset=utf-8"
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(body))),
                                  ("Cache-Control", "no-cache")])
        return [body]


def install(admin: Admin | None = None) -> None:
    """Patch MkDocs' LiveReloadServer: Host check on every request, and /admin/ if given."""
    from mkdocs.livereload import LiveReloadServer

    original = LiveReloadServer.serve_request
    if getattr(original, "bantin_guarded", False):
        original = original.__wrapped__

    def serve_request(self, environ, start_response):
        port = self.server_address[1]
        if not host_ok(environ, port):
            return refuse(environ, start_response, port)
        path = environ.get("PATH_INFO", "")
        if admin is not None and (path == "/admin" or path.startswith("/admin/")):
            if path == "/admin":
                start_response("302 Found", [("Location", "/admin/")])
                return []
            result = admin(path, start_response)
            if result is not None:
                return result
        return original(self, environ, start_response)

    serve_request.bantin_guarded = True
    serve_request.__wrapped__ = original
    LiveReloadServer.serve_request = serve_request
