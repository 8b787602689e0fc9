"""The workspace docs/migration.md walks: made the way poetry-polylith-plugin makes one
(`poly create workspace`'s `workspace.toml`, bricks with `core.py` and an interface, a test
package per brick from its template, `poly create project`'s legacy `[tool.poetry]` file with
`from = "../../components"`), a root project from `poetry init` that lists every brick, and
tests that import pytest, which the root project does not declare."""

from __future__ import annotations

from pathlib import Path

WORKSPACE_TOML = """\
[tool.polylith]
namespace = "shop"
git_tag_pattern = "stable-*"

[tool.polylith.structure]
theme = "loose"
with_brick_docs = true

[tool.polylith.test]
enabled = true
"""

ROOT_PYPROJECT = """\
[tool.poetry]
name = "shop"
version = "0.1.0"
description = ""
authors = ["Ann <ann@example.com>"]
readme = "README.md"
packages = [
    {include = "development"},
    {include = "shop/checkout", from = "bases"},
    {include = "shop/cart", from = "components"},
    {include = "shop/prices", from = "components"},
    {include = "shop/rates", from = "components"},
]

[tool.poetry.dependencies]
python = "^3.11"
requests = "^2.31"

[build-system]
requires = ["poetry-core"]
build-backend = "poetry.core.masonry.api"
"""

PROJECT_PYPROJECT = """\
[tool.poetry]
name = "shop_checkout"
version = "0.1.0"
description = ""
authors = ["Ann <ann@example.com>"]
license = ""

packages = [
    {include = "shop/checkout", from = "../../bases"},
    {include = "shop/cart", from = "../../components"},
    {include = "shop/prices", from = "../../components"},
    {include = "shop/rates", from = "../../components"},
]

[tool.poetry.dependencies]
python = "^3.11"
requests = "^2.31"

[build-system]
requires = ["poetry-core>=1.0.0"]
build-backend = "poetry.core.masonry.api"
"""

CART_TEST = """\
import pytest

from shop import cart


@pytest.mark.parametrize(("items", "expected"), [(["apple"], 3), (["apple", "pear"], 7)])
def test_total_adds_the_prices(items: list[str], expected: int) -> None:
    assert cart.total(items) == expected
"""


def _template(brick: str) -> str:
    """The incumbent's test template for a brick's `core`."""
    return f"from shop.{brick} import core\n\n\ndef test_sample():\n    assert core is not None\n"


FILES: dict[str, str] = {
    "workspace.toml": WORKSPACE_TOML,
    "pyproject.toml": ROOT_PYPROJECT,
    "README.md": "# shop\n",
    ".gitignore": ".venv/\n__pycache__/\n.pytest_cache/\n.brickwork_cache/\ndist/\n",
    "development/__init__.py": "",
    "components/.keep": "",
    "bases/.keep": "",
    "projects/.keep": "",
    "components/shop/prices/__init__.py": (
        'from shop.prices.core import price_of\n\n__all__ = ["price_of"]\n'
    ),
    "components/shop/prices/core.py": (
        'PRICES = {"apple": 3, "pear": 4}\n\n\ndef price_of(item: str) -> int:\n'
        "    return PRICES[item]\n"
    ),
    "components/shop/cart/__init__.py": 'from shop.cart.core import total\n\n__all__ = ["total"]\n',
    "components/shop/cart/core.py": (
        "from shop import prices\n\n\ndef total(items: list[str]) -> int:\n"
        "    return sum(prices.price_of(item) for item in items)\n"
    ),
    "components/shop/rates/__init__.py": 'from shop.rates.core import rate\n\n__all__ = ["rate"]\n',
    "components/shop/rates/core.py": (
        "import requests\n\n\ndef rate(url: str, currency: str) -> float:\n"
        "    return float(requests.get(url, timeout=10).json()[currency])\n"
    ),
    "bases/shop/checkout/__init__.py": (
        'from shop.checkout.core import main\n\n__all__ = ["main"]\n'
    ),
    "bases/shop/checkout/core.py": (
        "import sys\n\nfrom shop import cart, rates\n\n\ndef main() -> None:\n"
        "    url, *items = sys.argv[1:]\n"
        '    print(cart.total(items) * rates.rate(url, "EUR"))\n'
    ),
    "projects/shop_checkout/pyproject.toml": PROJECT_PYPROJECT,
    "test/components/shop/cart/__init__.py": "",
    "test/components/shop/cart/test_core.py": CART_TEST,
    "test/components/shop/prices/__init__.py": "",
    "test/components/shop/prices/test_core.py": _template("prices"),
    "test/components/shop/rates/__init__.py": "",
    "test/components/shop/rates/test_core.py": _template("rates"),
    "test/bases/shop/checkout/__init__.py": "",
    "test/bases/shop/checkout/test_core.py": _template("checkout"),
}


def write_incumbent_shop(root: Path) -> Path:
    """The workspace's files under `root` (created); returns `root`."""
    for relative, text in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
