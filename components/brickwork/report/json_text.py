"""JSON text indented as `json.dumps(data, indent=2, ensure_ascii=False)` writes it, built in
one pass.

The standard library encodes an indented document with its pure-Python encoder (its C
encoder has no indentation): a `check --output sarif` of 5,000 findings took about a second.
Here each container is written by one loop that encodes its strings with the C string
encoder; a document holding anything else than dicts, lists, tuples, strings, ints, bools,
None and finite floats (exactly those types) is handed to `json.dumps`, so the text is the
same in every case."""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring
from typing import Any

_STEP = "  "


class _Unusual(Exception):
    """A value this encoder leaves to `json.dumps` (a subclass, a key that is not a string,
    a float that is not finite, an object `json` cannot encode)."""


def indented_json(data: Any) -> str:
    """`json.dumps(data, indent=2, ensure_ascii=False)`, faster for plain data."""
    out: list[str] = []
    try:
        _encode(data, "\n", out)
    except (_Unusual, RecursionError):
        return json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(out)


def _scalar(value: Any) -> str:
    """A value that is not a container, encoded; `_Unusual` for anything but the plain types."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    raise _Unusual


def _encode(value: Any, newline: str, out: list[str]) -> None:
    """Append `value` (at the depth whose line start is `newline`) to `out`."""
    kind = type(value)
    if kind is dict:
        _object(value, newline, out)
    elif kind is list or kind is tuple:
        _array(value, newline, out)
    else:
        out.append(_scalar(value))


def _object(value: dict[Any, Any], newline: str, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    inner = newline + _STEP
    separator = "{" + inner
    for key, item in value.items():
        if type(key) is not str:
            raise _Unusual
        kind = type(item)
        if kind is str:
            out.append(f"{separator}{encode_basestring(key)}: {encode_basestring(item)}")
        elif kind is dict or kind is list or kind is tuple:
            out.append(f"{separator}{encode_basestring(key)}: ")
            _encode(item, inner, out)
        else:
            out.append(f"{separator}{encode_basestring(key)}: {_scalar(item)}")
        separator = "," + inner
    out.append(newline + "}")


def _array(value: list[Any] | tuple[Any, ...], newline: str, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    inner = newline + _STEP
    separator = "[" + inner
    for item in value:
        kind = type(item)
        if kind is str:
            out.append(separator + encode_basestring(item))
        elif kind is dict or kind is list or kind is tuple:
            out.append(separator)
            _encode(item, inner, out)
        else:
            out.append(separator + _scalar(item))
        separator = "," + inner
    out.append(newline + "]")
