#!/usr/bin/env bash
# The setup-brickwork action's one step (action.yml), also runnable by hand:
#   BRICKWORK_POETRY_VERSION=2.5.1 bash .github/actions/setup-brickwork/setup.sh
# 1. Poetry: `pipx install poetry==$BRICKWORK_POETRY_VERSION`, or, when that is empty, the
#    `poetry` already on PATH.
# 2. The plugin's wheel, built from the Brickwork source this script sits in, by Brickwork itself
#    (`make dist`; its project file includes ../../components, which plain `poetry build` cannot
#    build). The source is copied to a temporary git repository first: an action's download
#    has no .git, and build-project ships what git tracks.
# 3. `poetry self add` of that wheel by absolute path (Poetry reads a relative one as a package
#    name), then `poetry poly --help` to prove the plugin loads.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source_root="$(cd "$here/../../.." && pwd)"
poetry_version="${BRICKWORK_POETRY_VERSION-2.5.1}"
python="$(command -v python3 || true)"
if [ -z "$python" ]; then
    echo "setup-brickwork: no python3 on PATH; set up Python first (actions/setup-python)" >&2
    exit 2
fi

if [ -n "$poetry_version" ]; then
    if ! command -v pipx >/dev/null; then
        echo "setup-brickwork: pipx is needed to install Poetry $poetry_version; install pipx, or install Poetry yourself and pass poetry-version: ''" >&2
        exit 2
    fi
    pipx install --force --python "$python" "poetry==$poetry_version"
fi
if ! command -v poetry >/dev/null; then
    echo "setup-brickwork: no poetry on PATH; pass a poetry-version to install one" >&2
    exit 2
fi

work="$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/brickwork-src.XXXXXX")"
trap 'rm -rf "$work"' EXIT # on failure; kept on success: Poetry's record names the wheel
tar -C "$source_root" --exclude=./.git --exclude='./.venv*' --exclude=./.brickwork_cache \
    --exclude=./projects/poetry_brickwork/dist -cf - . | tar -C "$work" -xf -
git -C "$work" init -q
git -C "$work" add -A
git -C "$work" -c user.name=brickwork -c user.email=brickwork@localhost -c commit.gpgsign=false \
    commit -q -m "Brickwork source for the plugin build"

make -C "$work" dist PYTHON="$python"

wheels=("$work"/projects/poetry_brickwork/dist/poetry_brickwork-*-py3-none-any.whl)
if [ "${#wheels[@]}" -ne 1 ] || [ ! -f "${wheels[0]}" ]; then
    echo "setup-brickwork: expected one plugin wheel in $work/projects/poetry_brickwork/dist" >&2
    exit 1
fi
poetry self add "${wheels[0]}"
poetry poly --help >/dev/null
trap - EXIT
echo "setup-brickwork: $(poetry --version) with $(basename "${wheels[0]}")"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "wheel=${wheels[0]}" >>"$GITHUB_OUTPUT"
fi
