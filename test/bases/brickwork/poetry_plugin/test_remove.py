"""`poetry poly remove BRICK`, run for real on workspaces of both themes and both project
formats in real git repositories: the plan printed first, applied all or nothing, refused while
anything imports or names the brick, and `sync --check` and `check` with nothing new to say
afterwards."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest

from brickwork import report
from test.components.brickwork.poly_runs import LAYOUTS
from test.conftest import MakeWorkspace, PolyRunner, WorkspaceFactory
from test.gitrepo import GitRepo


@dataclass(frozen=True)
class Shop:
    factory: WorkspaceFactory
    repo: GitRepo

    @property
    def root(self) -> Path:
        return self.factory.root

    def folder(self, kind: str, name: str) -> str:
        """The folder `remove` deletes: tdd `components/<name>`, loose the package."""
        if self.factory.theme == "tdd":
            return f"{'components' if kind == 'component' else 'bases'}/{name}"
        return self.factory.brick_dir(kind, name)

    def tests(self, name: str) -> str:
        if self.factory.theme == "loose":
            return f"test/components/acme/{name}"
        return f"components/{name}/test"


def build_shop(make_workspace: MakeWorkspace, theme: str, style: str) -> Shop:
    """`log` <- `greeting` <- base `api`; `unused` (with tests) that nothing imports but
    `shop` lists (BW108, the true finding kept); base `cli` with `store`. Committed."""
    factory = make_workspace(theme=theme, dev_style=style)
    factory.component("log", files={"core.py": "def write(text):\n    return text\n"})
    factory.component("greeting", files={"core.py": "from acme import log\n"})
    factory.component("unused", files={"core.py": "VALUE = 1\n"})
    factory.component("store", files={"core.py": "STORE = {}\n"})
    factory.base("api", files={"core.py": "from acme import greeting\n"})
    factory.base("cli", files={"core.py": "from acme import store\n"})
    factory.project("shop", ["api", "greeting", "log", "unused"], style=style)
    factory.project("tool", ["cli", "store"], style=style)
    shop = Shop(factory, GitRepo.init(factory.root))
    factory.write(f"{shop.tests('unused')}/test_unused.py", "def test_ok():\n    pass\n")
    factory.write(f"{shop.tests('greeting')}/test_greeting.py", "from acme import log\n")
    shop.repo.commit("initial")
    return shop


@pytest.fixture(params=[p.values for p in LAYOUTS], ids=[str(p.id) for p in LAYOUTS])
def shop(request: pytest.FixtureRequest, make_workspace: MakeWorkspace) -> Shop:
    theme, style = request.param
    return build_shop(make_workspace, theme, style)


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def findings(poly: PolyRunner, root: Path, strict: bool = False) -> list[dict[str, Any]]:
    result = poly("poly check", "--output json" + (" --strict" if strict else ""), cwd=root)
    found: list[dict[str, Any]] = json.loads(result.stdout)["result"]["findings"]
    return found


def about(finding: dict[str, Any], name: str) -> bool:
    return name in json.dumps(finding)


def test_dry_run_prints_the_whole_plan_and_changes_nothing(poly: PolyRunner, shop: Shop) -> None:
    before = tree(shop.root)

    result = poly("poly remove", "unused --dry-run", cwd=shop.root)

    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "remove component unused (dry run):" in out
    assert f"delete {shop.folder('component', 'unused')}/" in out
    assert "update pyproject.toml" in out and "update projects/shop/pyproject.toml" in out
    assert "--- a/projects/shop/pyproject.toml" in out
    assert any(line.startswith("-") and "acme/unused" in line for line in out.splitlines())
    assert "dry run: nothing was changed." in out
    assert tree(shop.root) == before
    assert shop.repo.is_clean()


def test_removing_an_unused_component_deletes_code_tests_includes_and_index_entries(
    poly: PolyRunner, shop: Shop
) -> None:
    before_check = findings(poly, shop.root, strict=True)
    assert any(f["code"] == "BW108" and about(f, "unused") for f in before_check)
    before = tree(shop.root)

    result = poly("poly remove", "unused", cwd=shop.root)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "remove component unused:"  # the plan first
    assert lines[-1].startswith("removed component unused: deleted ")
    assert lines[-1].endswith(", removed 3 files from the git index.")
    assert not (shop.root / shop.folder("component", "unused")).exists()
    assert not (shop.root / shop.tests("unused")).exists()
    after = tree(shop.root)
    changed = {p for p in before if after.get(p) != before[p]}
    assert {p for p in changed if "unused" not in p} == {
        "pyproject.toml",
        "projects/shop/pyproject.toml",
    }
    for project in ("pyproject.toml", "projects/shop/pyproject.toml"):
        text = (shop.root / project).read_text(encoding="utf-8")
        assert "unused" not in text
        kept = [line for line in before[project].decode().splitlines() if "unused" not in line]
        assert text.splitlines() == kept  # exactly the include lines went
    assert shop.repo.git("ls-files", "--", shop.folder("component", "unused")) == ""
    staged = shop.repo.git("status", "--porcelain").splitlines()
    assert all(line.startswith(("D ", " M")) for line in staged), staged
    assert not list(shop.root.rglob(".*removing-*"))
    # Nothing new to do afterwards.
    assert poly("poly sync", "--check", cwd=shop.root).exit_code == 0
    assert poly("poly sync", "--prune --check", cwd=shop.root).exit_code == 0
    after_check = findings(poly, shop.root, strict=True)
    assert after_check == [f for f in before_check if not about(f, "unused")]


def test_a_brick_other_bricks_import_is_refused_with_every_importer(
    poly: PolyRunner, shop: Shop
) -> None:
    before = tree(shop.root)

    result = poly("poly remove", "log", cwd=shop.root)

    assert result.exit_code == 1
    greeting = shop.factory.brick_dir("component", "greeting")
    assert f"{greeting}/core.py:1: brick greeting imports acme.log (required)" in result.stderr
    test = f"{shop.tests('greeting')}/test_greeting.py:1: tests of greeting imports acme.log"
    assert test in result.stderr
    assert "pass --force" in result.stderr
    assert result.stdout.startswith("remove component log:")  # the plan is still shown
    assert tree(shop.root) == before and shop.repo.is_clean()


def test_force_removes_a_used_brick_and_says_what_is_left_broken(
    poly: PolyRunner, shop: Shop
) -> None:
    result = poly("poly remove", "log --force", cwd=shop.root)

    assert result.exit_code == 0, result.stderr
    assert "warning: left broken: 2 places still import or name log:" in result.stderr
    assert not (shop.root / shop.folder("component", "log")).exists()
    assert any(
        f["code"] == "BW102" and about(f, "acme.log") for f in findings(poly, shop.root)
    )  # the import that now names nothing: check says so


def test_removing_a_base_names_the_project_left_without_one(poly: PolyRunner, shop: Shop) -> None:
    result = poly("poly remove", "cli", cwd=shop.root)

    assert result.exit_code == 0, result.stderr
    assert "warning: project tool is left with no base once cli is removed." in result.stderr
    assert "remove base cli:" in result.stdout
    text = (shop.root / "projects/tool/pyproject.toml").read_text(encoding="utf-8")
    assert "acme/cli" not in text and "acme/store" in text
    assert poly("poly sync", "--check", cwd=shop.root).exit_code == 0


def test_removing_a_base_also_takes_out_the_components_only_it_needed_there(
    poly: PolyRunner, shop: Shop
) -> None:
    style = "pep621" if "[project]" in (shop.root / "pyproject.toml").read_text() else "poetry"
    shop.factory.project("both", ["api", "cli", "greeting", "log", "store"], style=style)
    shop.repo.commit("both")
    before_check = findings(poly, shop.root, strict=True)

    result = poly("poly remove", "cli", cwd=shop.root)

    assert result.exit_code == 0, result.stderr
    note = "note: projects/both/pyproject.toml: also removes store, which only cli needed there"
    assert note in result.stderr
    both = (shop.root / "projects/both/pyproject.toml").read_text(encoding="utf-8")
    assert "acme/store" not in both and "acme/cli" not in both and "acme/log" in both
    assert (shop.root / shop.folder("component", "store")).exists()  # its code stays
    pruned = poly("poly sync", "--prune --check", cwd=shop.root).stdout
    assert "projects/both" not in pruned  # only shop's `unused`, listed before as well
    assert [line for line in pruned.splitlines() if line.startswith("-  ")] == [
        line for line in pruned.splitlines() if line.startswith("-  ") and "unused" in line
    ]
    assert findings(poly, shop.root, strict=True) == [
        f for f in before_check if not about(f, "cli")
    ]


def test_an_unknown_brick_exits_2_with_a_suggestion(poly: PolyRunner, shop: Shop) -> None:
    before = tree(shop.root)

    result = poly("poly remove", "unusd", cwd=shop.root)

    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "unknown brick 'unusd': nothing was removed; did you mean unused? "
        "`poetry poly info` lists the bricks."
    ]
    assert tree(shop.root) == before


@pytest.mark.parametrize(
    ("where", "text", "line"),
    [
        ("component", "import importlib\n\nPLUGIN = importlib.import_module('acme.unused')\n", 3),
        (
            "development",
            "INSTALLED_APPS = [\n    'django.contrib.admin',\n    'acme.unused',\n]\n",
            1,
        ),
    ],
    ids=["import_module", "django-installed-apps"],
)
def test_a_string_import_counts_as_an_importer(
    poly: PolyRunner, make_workspace: MakeWorkspace, where: str, text: str, line: int
) -> None:
    shop = build_shop(make_workspace, "loose", "pep621")
    if where == "component":
        shop.factory.component("plugins", files={"load.py": text})
        path = "components/acme/plugins/load.py"
        who = "brick plugins"
    else:
        path = "development/settings.py"
        shop.factory.write(path, text)
        pyproject = shop.root / "pyproject.toml"
        body = pyproject.read_text(encoding="utf-8").replace(
            "packages = [\n", 'packages = [\n    { include = "development" },\n'
        )
        pyproject.write_text(body, encoding="utf-8")
        who = "development"
    shop.repo.commit("string import")

    result = poly("poly remove", "unused", cwd=shop.root)

    assert result.exit_code == 1, result.stdout + result.stderr
    assert f"{path}:" in result.stderr and f"{who} imports acme.unused" in result.stderr
    assert (shop.root / "components/acme/unused/core.py").exists()


def test_an_entry_point_naming_the_brick_counts(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    shop = build_shop(make_workspace, "loose", "pep621")
    project = shop.root / "projects/shop/pyproject.toml"
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace(
            "[tool.poetry]", '[project.scripts]\nrun = "acme.unused.core:main"\n\n[tool.poetry]'
        ),
        encoding="utf-8",
    )
    shop.repo.commit("script")

    result = poly("poly remove", "unused", cwd=shop.root)

    assert result.exit_code == 1
    assert (
        "projects/shop/pyproject.toml:9: project shop names run = acme.unused.core:main "
        "(an entry point)" in result.stderr
    )


def test_a_project_own_package_importing_the_brick_counts(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    shop = build_shop(make_workspace, "tdd", "poetry")
    shop.factory.write("projects/tool/helpers/__init__.py", "from acme.unused import core\n")
    project = shop.root / "projects/tool/pyproject.toml"
    text = project.read_text(encoding="utf-8")
    project.write_text(
        text.replace("packages = [\n", 'packages = [\n    { include = "helpers" },\n'),
        encoding="utf-8",
    )
    shop.repo.commit("helpers")

    result = poly("poly remove", "unused", cwd=shop.root)

    assert result.exit_code == 1
    assert (
        "projects/tool/helpers/__init__.py:1: project tool imports acme.unused (required)"
        in result.stderr
    )


def test_a_dirty_brick_is_refused_in_one_line_unless_forced(poly: PolyRunner, shop: Shop) -> None:
    folder = shop.folder("component", "unused")
    shop.repo.write(f"{shop.factory.brick_dir('component', 'unused')}/core.py", "VALUE = 2\n")
    shop.repo.write(f"{shop.factory.brick_dir('component', 'unused')}/new.py", "NEW = 1\n")
    before = tree(shop.root)

    refused = poly("poly remove", "unused", cwd=shop.root)

    assert refused.exit_code == 1
    [line] = [line for line in refused.stderr.splitlines() if "uncommitted" in line]
    assert line.startswith("unused holds 2 uncommitted changes (")
    assert "which deleting it would lose: commit them, or pass --force." in line
    assert tree(shop.root) == before
    forced = poly("poly remove", "unused --force", cwd=shop.root)
    assert forced.exit_code == 0, forced.stderr
    assert not (shop.root / folder).exists()
    assert "warning: --force deletes 2 uncommitted changes in unused." in forced.stderr


def test_a_workspace_outside_git_is_removed_from_disk_only(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = make_workspace(theme="tdd", dev_style="poetry")
    factory.component("unused")
    factory.base("api")

    result = poly("poly remove", "unused", cwd=factory.root)

    assert result.exit_code == 0, result.stderr
    assert not (factory.root / "components/unused").exists()
    assert "git index" not in result.stdout


def test_nested_bricks_go_one_by_one_and_the_last_takes_its_grouping_folder(
    poly: PolyRunner, make_workspace: MakeWorkspace
) -> None:
    factory = make_workspace(theme="loose", dev_style="pep621")
    factory.write("components/acme/aws/__init__.py", '"""AWS."""\n')
    factory.component("aws/s3", files={"core.py": "BUCKET = 1\n"})
    factory.component("aws/sqs", files={"core.py": "QUEUE = 1\n"})
    factory.base("api", files={"core.py": "from acme.aws import sqs\n"})
    factory.write("test/components/acme/aws/s3/test_s3.py", "def test_ok():\n    pass\n")
    factory.project("svc", ["api", "aws/sqs"])
    repo = GitRepo.init(factory.root)
    repo.commit("initial")

    refused = poly("poly remove", "aws/sqs", cwd=factory.root)
    assert refused.exit_code == 1 and "brick api imports acme.aws.sqs" in refused.stderr
    first = poly("poly remove", "aws/s3", cwd=factory.root)

    assert first.exit_code == 0, first.stderr
    assert not (factory.root / "components/acme/aws/s3").exists()
    assert (factory.root / "components/acme/aws/sqs/core.py").exists()
    assert not (factory.root / "test/components/acme/aws").exists()  # held only s3's tests
    assert "acme/aws/s3" not in (factory.root / "pyproject.toml").read_text(encoding="utf-8")
    assert poly("poly check", "--strict", cwd=factory.root).exit_code == 0
    last = poly("poly remove", "aws/sqs --force", cwd=factory.root)
    assert last.exit_code == 0, last.stderr
    assert not (factory.root / "components/acme/aws").exists()
    assert poly("poly sync", "--check", cwd=factory.root).exit_code == 0


def validator(name: str) -> Any:
    schema = json.loads(report.schema_file(name).read_text(encoding="utf-8"))
    return fastjsonschema.compile(schema)


def test_json_output_is_the_envelope_for_a_plan_a_refusal_and_a_removal(
    poly: PolyRunner, shop: Shop
) -> None:
    planned = poly("poly remove", "unused --dry-run --output json", cwd=shop.root)
    refused = poly("poly remove", "log --output json", cwd=shop.root)
    removed = poly("poly remove", "unused --output json", cwd=shop.root)

    for result, code in ((planned, 0), (refused, 1), (removed, 0)):
        data = json.loads(result.stdout)
        validator("remove")(data)
        validator("envelope")(data)
        assert result.exit_code == data["exit_code"] == code
    plan = json.loads(planned.stdout)
    assert plan["result"]["applied"] is False and plan["result"]["dry_run"] is True
    assert {c["path"] for c in plan["result"]["changes"]} == {
        "pyproject.toml",
        "projects/shop/pyproject.toml",
    }
    users = json.loads(refused.stdout)["result"]["users"]
    assert {(u["who"], u["line"]) for u in users} == {
        ("brick greeting", 1),
        ("tests of greeting", 1),
    }
    assert json.loads(removed.stdout)["result"]["applied"] is True
    assert json.loads(removed.stdout)["counts"]["folders"] >= 1


def test_quiet_keeps_the_refusal_and_drops_the_plan_notes(poly: PolyRunner, shop: Shop) -> None:
    from cleo.io.outputs.output import Verbosity

    result = poly("poly remove", "log", cwd=shop.root, verbosity=Verbosity.QUIET)

    assert result.exit_code == 1
    assert "brick greeting imports acme.log" in result.stderr
    assert "pass --force" in result.stderr
