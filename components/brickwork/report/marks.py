"""Marks for terminals that cannot show them: ✔ and ✘ become `ok` and `x` on an ASCII or
cp1252 stream instead of failing the whole command with UnicodeEncodeError."""

from __future__ import annotations

import codecs
from typing import Any

ERRORS = "brickwork-marks"
"""The codec error handler that writes ASCII for the marks (and `?` for anything else)."""

#: What each character we print becomes where the stream cannot encode it.
ASCII_MARKS = {
    "✔": "ok",
    "✘": "x",
    "·": ".",
    "→": "->",
    "←": "<-",
    "\u00d7": "x",  # multiplication sign
    "…": "...",
    "—": "-",
    "\u2013": "-",  # en dash
    "│": "|",
}
SAMPLE = "".join(ASCII_MARKS)


def _degrade(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(ASCII_MARKS.get(char, "?") for char in text), error.end


codecs.register_error(ERRORS, _degrade)


def fit_stream(stream: Any) -> bool:
    """Make a text stream that cannot encode the marks write ASCII for them; True when it had
    to. A stream that can (UTF-8) keeps its marks; when it is strict it is made to write a
    file name that is not UTF-8 on disk (lone surrogates, `os.fsdecode`) as the bytes it is,
    like `ls`, instead of failing the whole command. Streams that cannot be reconfigured are
    left alone."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    reconfigure = getattr(stream, "reconfigure", None)
    try:
        SAMPLE.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        pass
    else:
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            reconfigure(errors="surrogateescape")
        return False
    if reconfigure is None:
        return False
    reconfigure(errors=ERRORS)
    return True
