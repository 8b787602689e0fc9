from __future__ import annotations

import io
import os

from brickwork import report


def test_a_stream_that_cannot_encode_the_marks_writes_ascii_for_them() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")

    assert report.fit_stream(stream) is True
    stream.write("✔ no problems · café\n✘ 1 error\n")
    stream.flush()

    assert raw.getvalue().decode("ascii") == "ok no problems . caf?\nx 1 error\n"


def test_a_utf8_stream_keeps_its_marks_and_writes_a_non_utf8_file_name_as_its_bytes() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8")

    assert report.fit_stream(stream) is False
    stream.write("✔ " + os.fsdecode(b"caf\xe9.txt") + "\n")
    stream.flush()

    assert raw.getvalue() == "✔ ".encode() + b"caf\xe9.txt\n"


def test_a_stream_without_reconfigure_is_left_alone() -> None:
    class Plain:
        encoding = "ascii"

    assert report.fit_stream(Plain()) is False


def test_every_mark_has_an_ascii_form() -> None:
    assert all(text.isascii() for text in report.ASCII_MARKS.values())
