"""The one error root: problems a user can fix, shown as one line with an exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_CANNOT_RUN = 2


class PolyError(Exception):
    """A problem the user can fix: shown as one line, no traceback.

    The default exit code is 2 (the command could not run: no workspace, malformed
    configuration, bad arguments, git errors).
    """

    exit_code = EXIT_CANNOT_RUN


class PolyFailure(PolyError):
    """The command ran and its result is a failure (brick exists, build failed...)."""

    exit_code = EXIT_FAILURE
