"""Exact output of `build-project`: progress lines, the summary table, verification, JSON."""

from __future__ import annotations

from pathlib import Path

from brickwork import packaging, report, workspace

ROOT = Path("/ws")


def project(name: str = "svc") -> workspace.Project:
    folder = ROOT / "projects" / name
    return workspace.Project(
        name, folder, folder / "pyproject.toml", False, "poetry", "1.0", ">=3.10", (), (), ()
    )


def wheel(size: int = 2048) -> packaging.Artifact:
    path = ROOT / "projects/svc/dist/svc-1.0-py3-none-any.whl"
    return packaging.Artifact(path, packaging.Format.WHEEL, size, "ab" * 32)


def built(
    *notes: str, seconds: float = 0.213, requirements: Path | None = None
) -> packaging.Outcome:
    sdist = packaging.Artifact(
        ROOT / "projects/svc/dist/svc-1.0.tar.gz", packaging.Format.SDIST, 5, "cd"
    )
    result = packaging.BuildResult("svc", (wheel(), sdist), seconds, notes, requirements)
    return packaging.Outcome(project(), result)


def test_size_is_bytes_below_a_kibibyte_and_kibibytes_with_one_decimal_from_it() -> None:
    lines = report.build_summary(
        [packaging.Outcome(project(), packaging.BuildResult("svc", (wheel(1023),), 1.0))], ROOT
    )
    assert lines[1].split()[2:4] == ["1023", "B"]
    lines = report.build_summary(
        [packaging.Outcome(project(), packaging.BuildResult("svc", (wheel(1024),), 1.0))], ROOT
    )
    assert lines[1].split()[2:4] == ["1.0", "KiB"]
    lines = report.build_summary(
        [packaging.Outcome(project(), packaging.BuildResult("svc", (wheel(1536),), 1.0))], ROOT
    )
    assert lines[1].split()[2:4] == ["1.5", "KiB"]
    lines = report.build_summary(
        [packaging.Outcome(project(), packaging.BuildResult("svc", (wheel(102400),), 1.0))], ROOT
    )
    assert lines[1].split()[2:4] == ["100.0", "KiB"]


def test_build_progress_of_a_built_project_lists_notes_then_its_artifacts() -> None:
    assert report.build_progress(built("skipped <link>"), 2, 5) == [
        "<comment>note: svc: skipped \\<link></>",
        "[2/5] built svc in 0.21 s: svc-1.0-py3-none-any.whl, svc-1.0.tar.gz",
    ]


def test_build_progress_says_when_verification_failed() -> None:
    outcome = packaging.Outcome(project(), built().result, exit_code=1)

    assert report.build_progress(outcome, 1, 1) == [
        "[1/1] built svc in 0.21 s: svc-1.0-py3-none-any.whl, svc-1.0.tar.gz (verify failed)"
    ]


def test_build_progress_of_a_failed_project_is_its_error_in_red() -> None:
    outcome = packaging.Outcome(project("a<b"), error="no <lock>", exit_code=2)

    assert report.build_progress(outcome, 3, 4) == ["<error>[3/4] a\\<b: no \\<lock></>"]


def test_verification_lines_mark_each_probe_and_count_failures() -> None:
    verification = packaging.Verification(
        Path("/tmp/svc.whl"),
        (
            packaging.Probe("module", "acme.core"),
            packaging.Probe("entry point", "svc<x>", "ImportError: <no>"),
            packaging.Probe("module", "acme.api", "boom"),
        ),
    )

    assert report.verification_lines(verification) == [
        "verify svc.whl:",
        "  <info>ok</info>   module acme.core",
        "  <error>FAIL</error> entry point svc\\<x>  ImportError: \\<no>",
        "  <error>FAIL</error> module acme.api  boom",
        "  ✘ 2 failures",
    ]


def test_verification_lines_of_a_clean_wheel_say_every_module_imports() -> None:
    verification = packaging.Verification(Path("/w.whl"), (packaging.Probe("module", "a"),))

    assert report.verification_lines(verification) == [
        "verify w.whl:",
        "  <info>ok</info>   module a",
        "  ✔ every module imports",
    ]


def test_build_summary_is_a_table_of_artifacts_then_each_verification() -> None:
    verification = packaging.Verification(Path("/w.whl"), (packaging.Probe("module", "a", "x"),))
    verified = packaging.Outcome(project(), built().result, verification=verification)
    failed = packaging.Outcome(project("b"), error="bad")

    lines = report.build_summary([verified, failed], ROOT)

    wide = len("projects/svc/dist/svc-1.0-py3-none-any.whl")
    assert lines[:4] == [
        f"project  {'artifact'.ljust(wide)}  size     seconds  sha256",
        f"svc      projects/svc/dist/svc-1.0-py3-none-any.whl  2.0 KiB  0.21     {'ab' * 32}",
        f"svc      {'projects/svc/dist/svc-1.0.tar.gz'.ljust(wide)}  5 B      0.21     cd",
        f"b        <error>failed</error>{' ' * (wide - 6)}  -        -        -",
    ]
    assert lines[4:] == [
        "verify w.whl:",
        "  <error>FAIL</error> module a  x",
        "  ✘ 1 failure",
    ]


def test_build_data_is_the_documented_json_shape_with_the_time_the_table_shows() -> None:
    verification = packaging.Verification(
        Path("/w.whl"), (packaging.Probe("module", "a"), packaging.Probe("entry point", "b", "x"))
    )
    ok = packaging.Outcome(
        project(),
        built("n", seconds=0.12345, requirements=ROOT / "r.txt").result,
        verification=verification,
        verify_seconds=2.0,
    )
    failed = packaging.Outcome(project("b"), error="bad", exit_code=2)

    data = report.build_data([ok, failed], ROOT, 2)

    assert {k: v for k, v in data.items() if k != "result"} == {
        "schema": "urn:brickwork:schema:build-project:2",
        "version": 2,
        "command": "build-project",
        "root": "/ws",
        "exit_code": 2,
        "counts": {"projects": 2, "built": 1, "failed": 1, "artifacts": 2},
        "error": None,
    }
    assert data["result"] == {
        "projects": [
            {
                "name": "svc",
                "ok": True,
                "error": None,
                "seconds": 2.123,
                "verify_seconds": 2.0,
                "artifacts": [
                    {
                        "format": "wheel",
                        "path": "/ws/projects/svc/dist/svc-1.0-py3-none-any.whl",
                        "size": 2048,
                        "sha256": "ab" * 32,
                    },
                    {
                        "format": "sdist",
                        "path": "/ws/projects/svc/dist/svc-1.0.tar.gz",
                        "size": 5,
                        "sha256": "cd",
                    },
                ],
                "requirements": "/ws/r.txt",
                "notes": ["n"],
                "verify": [
                    {"kind": "module", "name": "a", "ok": True, "error": None, "skipped": None},
                    {
                        "kind": "entry point",
                        "name": "b",
                        "ok": False,
                        "error": "x",
                        "skipped": None,
                    },
                ],
            },
            {
                "name": "b",
                "ok": False,
                "error": "bad",
                "seconds": None,
                "verify_seconds": None,
                "artifacts": [],
                "requirements": None,
                "notes": [],
                "verify": None,
            },
        ],
    }
    only = report.build_data([packaging.Outcome(project(), built().result)], ROOT, 0)
    assert only["result"]["projects"][0]["requirements"] is None
