"""CORS for browsers on any origin, as an ASGI middleware that costs little per request.

Preflights (OPTIONS with Origin and Access-Control-Request-Method) are
answered by Starlette's CORSMiddleware (any origin, any header, the methods
given, cached for a day). Every other answer gets what Starlette's would
add: `Access-Control-Allow-Origin: *` when the request has an Origin, and
Origin in Vary, since the answer depends on it. Starlette's does this with
header objects made per request, which cost as much as parsing a point query.
"""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware

MAX_AGE = 86400


class AnyOrigin:
    """The ASGI middleware (see the module docstring)."""

    def __init__(self, app, methods: list[str]) -> None:
        self.app = app
        self.preflights = CORSMiddleware(app, allow_origins=["*"], allow_methods=methods, allow_headers=["*"],
                                         max_age=MAX_AGE)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] == "OPTIONS":
            await self.preflights(scope, receive, send)
            return
        origin = any(name == b"origin" for name, _ in scope["headers"])

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = with_cors(message.get("headers", ()), origin)
            await send(message)

        await self.app(scope, receive, sending)


def with_cors(headers, origin: bool) -> list[tuple[bytes, bytes]]:
    """Raw response headers with Origin added to Vary (its values joined in one header), and
    Access-Control-Allow-Origin: * if the request had an Origin."""
    vary = [value for name, value in headers if name.lower() == b"vary"]
    out = [(name, value) for name, value in headers if name.lower() != b"vary"]
    out.append((b"vary", b", ".join([*vary, b"Origin"])))
    if origin:
        out.append((b"access-control-allow-origin", b"*"))
    return out
