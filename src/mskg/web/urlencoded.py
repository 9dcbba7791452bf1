"""URL-encoded name/value pairs (a query string, an HTML form), decoded in C where that is exact.

`parse(raw)` gives what `urllib.parse.parse_qsl(raw.decode("utf-8"),
keep_blank_values=True, errors="strict")` gives, and raises the same
UnicodeDecodeError. parse_qsl decodes percent escapes in Python, one escape
at a time: ~0.2 ms for a 4 KB query with bilingual comments (860 escapes),
as much as Oxigraph takes to answer a point query. Here each pair's escapes
are decoded by `binascii.a2b_qp` (quoted-printable: `=XX` for a byte) after
`=` is written `=3D` and `%` written `=`; the result is used only when every
`=` was read as an escape (each one then shortens the text by exactly two
bytes), which holds exactly when every `%` is followed by two hex digits. A
pair with a bad escape, any non-ASCII byte or a line break (which
quoted-printable reads as a soft line break) goes through parse_qsl.
"""

from __future__ import annotations

from binascii import a2b_qp
from urllib.parse import parse_qsl


def parse(raw: bytes) -> list[tuple[str, str]]:
    """The name/value pairs of URL-encoded bytes, in order; blank values kept.

    Raises UnicodeDecodeError when the bytes, or what their escapes stand for, are not UTF-8."""
    pairs = _decoded_in_c(raw)
    if pairs is None:
        return parse_qsl(raw.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
    return pairs


def _decoded_in_c(raw: bytes) -> list[tuple[str, str]] | None:
    """The pairs decoded by _unquote; None where that might differ from parse_qsl (see the module)."""
    if not raw.isascii() or b"\n" in raw or b"\r" in raw:
        return None
    pairs = []
    for part in raw.split(b"&"):
        if part:
            name, _, value = part.partition(b"=")
            name, value = _unquote(name), _unquote(value)
            if name is None or value is None:  # a bad escape: parse_qsl leaves it as it is
                return None
            pairs.append((name, value))
    return pairs


def _unquote(raw: bytes) -> str | None:
    """raw with `+` read as a space and its escapes decoded, as UTF-8; None if an escape is malformed."""
    raw = raw.replace(b"+", b" ")
    if b"%" not in raw:
        return raw.decode("ascii")
    quoted = raw.replace(b"=", b"=3D").replace(b"%", b"=")
    decoded = a2b_qp(quoted)
    if len(decoded) != len(quoted) - 2 * quoted.count(b"="):
        return None
    return decoded.decode("utf-8")
