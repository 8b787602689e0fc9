"""`poetry poly tag`: create the next stable or release tag at HEAD."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cleo.helpers import argument, option
from cleo.io.inputs.argument import Argument
from cleo.io.inputs.option import Option

from brickwork import changes, workspace
from brickwork.poetry_plugin.command import PolyCommand


@dataclass(frozen=True)
class TagOptions:
    key: str = "stable"
    dry_run: bool = False
    push: bool = False


class TagCommand(PolyCommand):
    name = "poly tag"
    description = "Tag HEAD with the next stable point (stable-<n+1>) or release (v…)."
    stops_cleanly = True  # a push cut short by a signal deletes the tag it made
    arguments: ClassVar[list[Argument]] = [
        argument(
            "key",
            "A tag pattern key: stable (default), release, or a key of "
            "[tool.polylith.tag.patterns].",
            optional=True,
        )
    ]
    options: ClassVar[list[Option]] = [
        option("dry-run", None, "Print the tag that would be created; create nothing."),
        option("push", None, "Push the new tag to the remote `origin`."),
    ]

    def run_command(self) -> int:
        opts = TagOptions(
            key=self.argument("key") or "stable",
            dry_run=bool(self.option("dry-run")),
            push=bool(self.option("push")),
        )
        ws = self.load_workspace()
        tag = changes.tag_head(
            ws.root, ws.config, opts.key, create=not opts.dry_run, push=opts.push
        )
        self.emit(tag)
        return workspace.EXIT_OK
