"""HTTP connections with a deadline for each request's head (slowloris).

uvicorn closes a connection idle between requests after `timeout_keep_alive`,
but waits forever for a request head that arrives a byte at a time, or for a
first byte that never comes. `HeadDeadlineProtocol` (uvicorn's httptools
protocol, passed as `uvicorn.run(http=...)`) closes a connection whose request
line and headers are not complete `HEAD_TIMEOUT` seconds after the
connection opened or the next request on it began. A trickled body is bounded by
mskg.web.admission. Such clients then cost a socket for a few seconds, never
a query worker.
"""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEAD_TIMEOUT = 10.0


class HeadDeadlineProtocol(HttpToolsProtocol):
    """HttpToolsProtocol that closes connections whose request head is late."""

    head_timeout = HEAD_TIMEOUT
    _head_deadline = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._head_deadline is None:  # a new request on a kept-alive connection
            self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_deadline = self.loop.call_later(self.head_timeout, self._head_late)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_late(self) -> None:
        self._head_deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def with_head_timeout(seconds: float) -> type[HeadDeadlineProtocol]:
    """The protocol class with its head deadline set to seconds."""
    return type("HeadDeadlineProtocol", (HeadDeadlineProtocol,), {"head_timeout": seconds})
