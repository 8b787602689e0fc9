from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brickwork import libs
from brickwork.libs import Resolver
from brickwork.libs.known import KNOWN_DISTRIBUTIONS
from brickwork.libs.mapping import Source, choose
from test.components.brickwork.libs.conftest import write_dist_info

# Written out independently of the table: what each import really is on PyPI.
EXPECTED_TABLE = {
    "_pytest": "pytest",
    "_yaml": "pyyaml",
    "Bio": "biopython",
    "Crypto": "pycryptodome",
    "Cryptodome": "pycryptodomex",
    "MySQLdb": "mysqlclient",
    "OpenSSL": "pyopenssl",
    "PIL": "pillow",
    "Xlib": "python-xlib",
    "airflow": "apache-airflow",
    "apiclient": "google-api-python-client",
    "argon2": "argon2-cffi",
    "atlassian": "atlassian-python-api",
    "attr": "attrs",
    "barcode": "python-barcode",
    "bs4": "beautifulsoup4",
    "bson": "pymongo",
    "box": "python-box",
    "cairo": "pycairo",
    "cattr": "cattrs",
    "consul": "python-consul",
    "corsheaders": "django-cors-headers",
    "cv2": "opencv-python",
    "databricks.sql": "databricks-sql-connector",
    "dateutil": "python-dateutil",
    "debug_toolbar": "django-debug-toolbar",
    "decouple": "python-decouple",
    "discord": "discord-py",
    "django_filters": "django-filter",
    "dns": "dnspython",
    "docx": "python-docx",
    "dotenv": "python-dotenv",
    "engineio": "python-engineio",
    "environ": "django-environ",
    "factory": "factory-boy",
    "faiss": "faiss-cpu",
    "fitz": "pymupdf",
    "gi": "pygobject",
    "git": "gitpython",
    "github": "pygithub",
    "gitlab": "python-gitlab",
    "google.api": "googleapis-common-protos",
    "google.cloud._helpers": "google-cloud-core",
    "google.cloud.client": "google-cloud-core",
    "google.cloud.exceptions": "google-cloud-core",
    "google.longrunning": "googleapis-common-protos",
    "google.oauth2": "google-auth",
    "google.protobuf": "protobuf",
    "google.rpc": "googleapis-common-protos",
    "google.type": "googleapis-common-protos",
    "googleapiclient": "google-api-python-client",
    "gridfs": "pymongo",
    "grpc": "grpcio",
    "grpc_health": "grpcio-health-checking",
    "grpc_reflection": "grpcio-reflection",
    "grpc_status": "grpcio-status",
    "grpc_tools": "grpcio-tools",
    "hcl": "pyhcl",
    "jenkins": "python-jenkins",
    "jose": "python-jose",
    "jwt": "pyjwt",
    "kafka": "kafka-python",
    "keycloak": "python-keycloak",
    "ldap": "python-ldap",
    "magic": "python-magic",
    "markdown_it": "markdown-it-py",
    "memcache": "python-memcached",
    "mpl_toolkits": "matplotlib",
    "multipart": "python-multipart",
    "mysql.connector": "mysql-connector-python",
    "nacl": "pynacl",
    "nats": "nats-py",
    "opensearchpy": "opensearch-py",
    "opentelemetry._logs": "opentelemetry-api",
    "opentelemetry.baggage": "opentelemetry-api",
    "opentelemetry.context": "opentelemetry-api",
    "opentelemetry.metrics": "opentelemetry-api",
    "opentelemetry.propagate": "opentelemetry-api",
    "opentelemetry.trace": "opentelemetry-api",
    "opentelemetry.util": "opentelemetry-api",
    "osgeo": "gdal",
    "paho": "paho-mqtt",
    "pdfminer": "pdfminer-six",
    "pinecone": "pinecone",
    "pkg_resources": "setuptools",
    "playhouse": "peewee",
    "pptx": "python-pptx",
    "psycopg2": "psycopg2",
    "pythoncom": "pywin32",
    "pythonjsonlogger": "python-json-logger",
    "pywintypes": "pywin32",
    "rest_framework": "djangorestframework",
    "serial": "pyserial",
    "skimage": "scikit-image",
    "sklearn": "scikit-learn",
    "slugify": "python-slugify",
    "snappy": "python-snappy",
    "snowflake.connector": "snowflake-connector-python",
    "socketio": "python-socketio",
    "strawberry": "strawberry-graphql",
    "telegram": "python-telegram-bot",
    "tortoise": "tortoise-orm",
    "ulid": "python-ulid",
    "umap": "umap-learn",
    "usb": "pyusb",
    "vcr": "vcrpy",
    "websocket": "websocket-client",
    "win32api": "pywin32",
    "win32com": "pywin32",
    "win32con": "pywin32",
    "win32gui": "pywin32",
    "wx": "wxpython",
    "xdist": "pytest-xdist",
    "yaml": "pyyaml",
    "zmq": "pyzmq",
}

ALTERNATIVES = {
    "cv2": ["opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless"],
    "psycopg2": ["psycopg2-binary"],
    "Crypto": ["pycrypto"],
    "ulid": ["ulid-py"],
    "faiss": ["faiss-gpu"],
    "pinecone": ["pinecone-client"],
}


def test_every_table_entry_is_listed_in_this_test() -> None:
    assert set(KNOWN_DISTRIBUTIONS) == set(EXPECTED_TABLE)


@pytest.mark.parametrize(("module", "distribution"), sorted(EXPECTED_TABLE.items()))
def test_table_maps_import_to_distribution_with_nothing_installed(
    module: str, distribution: str
) -> None:
    resolution = Resolver().resolve(f"{module}.sub")

    assert resolution.distributions[0] == distribution
    assert resolution.source is Source.TABLE
    assert resolution.prefix == module


@pytest.mark.parametrize(
    ("module", "alternative"),
    [(m, a) for m, alternatives in sorted(ALTERNATIVES.items()) for a in alternatives],
)
def test_table_entry_with_several_distributions_chooses_the_declared_one(
    module: str, alternative: str
) -> None:
    resolution = Resolver().resolve(module)

    assert choose(resolution, {alternative, "unrelated"}) == alternative
    assert choose(resolution, {"unrelated"}) == EXPECTED_TABLE[module]


@pytest.mark.parametrize(
    ("module", "known", "expected"),
    [
        ("google.cloud.storage", {"google-cloud-storage"}, "google-cloud-storage"),
        ("google.cloud.storage.blob", {"google-cloud-storage"}, "google-cloud-storage"),
        ("opentelemetry.sdk.trace", {"opentelemetry-sdk"}, "opentelemetry-sdk"),
        ("azure.storage.blob", {"azure-storage-blob", "azure-core"}, "azure-storage-blob"),
        ("azure.core.exceptions", {"azure-storage-blob", "azure-core"}, "azure-core"),
        ("typing_extensions", {"typing-extensions"}, "typing-extensions"),
        ("ruamel.yaml", {"ruamel-yaml"}, "ruamel-yaml"),
        ("Flask", {"flask"}, "flask"),
        ("requests.adapters", {"requests"}, "requests"),
    ],
)
def test_declared_or_locked_names_map_on_the_longest_dotted_prefix(
    module: str, known: set[str], expected: str
) -> None:
    resolution = Resolver(known=known).resolve(module)

    assert resolution.distributions == (expected,)
    assert resolution.source is Source.NAME


def lock_of(tmp_path: Path, requires: dict[str, tuple[str, ...]]) -> libs.LockFile:
    text = "".join(
        f'[[package]]\nname = "{name}"\nversion = "1.0"\n\n[package.dependencies]\n'
        + "".join(f'{dep} = "*"\n' for dep in deps)
        + "\n"
        for name, deps in requires.items()
    )
    return libs.parse_lock(text, tmp_path / "poetry.lock")


def test_a_dotted_import_names_the_namespace_part_before_a_same_named_top_level_one() -> None:
    resolver = Resolver(known={"poetry", "poetry-core"})

    resolution = resolver.resolve("poetry.core.masonry.api")

    assert resolution.prefix == "poetry.core"
    assert resolution.distributions == ("poetry-core", "poetry")
    assert choose(resolution, {"poetry", "poetry-core"}) == "poetry-core"
    assert choose(resolution, {"poetry"}) == "poetry"  # never "undeclared" for a poetry user
    assert resolver.resolve("poetry.console.application").distributions == ("poetry",)
    assert resolver.import_name(resolution, "poetry-core") == "poetry.core"


def test_an_extension_that_requires_the_top_level_distribution_comes_after_it(
    tmp_path: Path,
) -> None:
    lock = lock_of(tmp_path, {"flask": ("werkzeug",), "flask-json": ("flask",)})
    resolver = Resolver(known={"flask", "flask-json"}, locks=[lock])

    resolution = resolver.resolve("flask.json")

    assert resolution.distributions == ("flask", "flask-json")
    assert choose(resolution, {"flask", "flask-json"}) == "flask"
    assert choose(Resolver(known={"flask", "flask-json"}).resolve("flask.json"), {"flask"}) == (
        "flask"
    )


@pytest.mark.parametrize(
    ("module", "known", "expected"),
    [
        ("google.cloud.storage.blob", {"google", "google-cloud-storage"}, "google-cloud-storage"),
        ("ga4gh.vrs.models", {"ga4gh", "ga4gh-vrs"}, "ga4gh-vrs"),
        ("ga4gh.vrs", {"ga4gh-vrs"}, "ga4gh-vrs"),
    ],
)
def test_namespace_package_distributions_win_for_imports_dotted_into_them(
    module: str, known: set[str], expected: str
) -> None:
    resolution = Resolver(known=known).resolve(module)

    assert resolution.distributions[0] == expected
    assert "google" not in resolution.distributions  # a namespace root is nobody's


@pytest.mark.parametrize("with_venv", [False, True])
def test_an_import_no_distribution_has_maps_the_same_with_or_without_a_virtualenv(
    tmp_path: Path, with_venv: bool
) -> None:
    env = None
    if with_venv:
        site = tmp_path / ".venv" / "lib" / "python3.11" / "site-packages"
        write_dist_info(site, "beautifulsoup4", "4.12.3", ["bs4/__init__.py"])
        env = libs.read_environment(tmp_path / ".venv")
    resolver = Resolver(declared={"beautifulsoup4", "lxml"}, environment=env)

    # BeautifulSoup 3's module: beautifulsoup4 does not ship it (its files, or the table,
    # say what it ships), so it is no candidate whether or not a venv is there.
    assert resolver.resolve("BeautifulSoup").guessed
    assert resolver.resolve("BeautifulSoup").distributions == ("beautifulsoup",)
    assert resolver.resolve("bs4").distributions == ("beautifulsoup4",)
    assert resolver.describes("beautifulsoup4")
    assert resolver.possible_providers(["beautifulsoup4", "lxml"]) == ("lxml",)


def test_longest_prefix_beats_a_table_entry_for_a_shorter_one() -> None:
    resolution = Resolver(known={"google-cloud-storage"}).resolve("google.cloud.storage")

    assert resolution.distributions == ("google-cloud-storage",)
    assert resolution.prefix == "google.cloud.storage"


def test_unknown_import_is_guessed_from_its_own_name_never_fuzzily() -> None:
    resolver = Resolver(known={"requests", "python-requests-extra", "request"})

    assert resolver.resolve("requestz.api").distributions == ("requestz",)
    assert resolver.resolve("requestz.api").guessed
    assert resolver.resolve("My_Lib").distributions == ("my-lib",)


@pytest.mark.parametrize(
    ("module", "guess"),
    [
        ("google.cloud.bigquery.table", "google-cloud-bigquery"),
        ("google.genai", "google-genai"),
        ("opentelemetry.sdk.trace", "opentelemetry-sdk"),
        ("zope.interface", "zope-interface"),
        ("backports.zoneinfo", "backports-zoneinfo"),
    ],
)
def test_unknown_import_below_a_namespace_root_guesses_the_next_part(
    module: str, guess: str
) -> None:
    assert Resolver().resolve(module).distributions == (guess,)


def test_aliases_come_first_and_other_evidence_stays_a_candidate() -> None:
    resolver = Resolver(aliases={"yaml": ("my-yaml-fork",)}, known={"pyyaml"})

    resolution = resolver.resolve("yaml")

    assert resolution.distributions == ("my-yaml-fork", "pyyaml")
    assert resolution.source is Source.ALIAS


def test_dotted_alias_maps_a_namespace_package(tmp_path: Path) -> None:
    resolver = Resolver(aliases={"acme_corp.sdk": ("acme-corp-python-sdk",)})

    assert resolver.resolve("acme_corp.sdk.client").distributions == ("acme-corp-python-sdk",)
    assert resolver.resolve("acme_corp.other").guessed


def test_installed_metadata_maps_names_no_table_knows(tmp_path: Path) -> None:
    site = tmp_path / ".venv" / "lib" / "python3.11" / "site-packages"
    write_dist_info(site, "python-json-logger", "2.0.7", ["pythonjsonlogger/__init__.py"])
    write_dist_info(
        site,
        "google-cloud-storage",
        "2.16.0",
        ["google/cloud/storage/__init__.py", "google/cloud/storage/blob.py"],
        top_level=["google"],
    )
    write_dist_info(site, "protobuf", "4.25.0", ["google/protobuf/__init__.py"], ["google"])
    env = libs.read_environment(tmp_path / ".venv")
    assert env is not None

    resolver = Resolver(environment=env)

    assert resolver.resolve("pythonjsonlogger.jsonlogger").distributions == ("python-json-logger",)
    assert resolver.resolve("pythonjsonlogger").source is Source.INSTALLED
    assert resolver.resolve("google.cloud.storage.blob").distributions == ("google-cloud-storage",)
    assert resolver.resolve("google.protobuf.message").distributions == ("protobuf",)
    # `google` alone is a namespace folder: no installed distribution provides it.
    assert resolver.resolve("google.cloud.bigquery").guessed


def test_installed_evidence_and_table_are_both_candidates(tmp_path: Path) -> None:
    site = tmp_path / ".venv" / "lib" / "python3.12" / "site-packages"
    write_dist_info(site, "opencv-python-headless", "4.9.0", ["cv2/__init__.py"])
    env = libs.read_environment(tmp_path / ".venv")

    resolution = Resolver(environment=env).resolve("cv2")

    assert resolution.distributions[0] == "opencv-python-headless"
    assert "opencv-python" in resolution.distributions


def test_resolutions_are_deterministic_across_resolvers() -> None:
    names = ["PIL.Image", "google.cloud.storage", "yaml", "zzz.top", "jwt"]
    first = [Resolver(known={"google-cloud-storage"}).resolve(n) for n in names]
    second = [Resolver(known={"google-cloud-storage"}).resolve(n) for n in reversed(names)]

    assert first == list(reversed(second))


identifiers = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True)
dotted_names = st.lists(identifiers, min_size=1, max_size=4).map(".".join)


@given(dotted_names, st.sets(st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)))
def test_every_import_resolves_to_exact_candidates_the_same_way_twice(
    name: str, known: set[str]
) -> None:
    first = Resolver(known=known).resolve(name)
    second = Resolver(known=known).resolve(name)

    assert first == second
    assert first.distributions
    assert name == first.prefix or name.startswith(first.prefix + ".")
    if first.source is Source.NAME:
        assert first.distributions[0] in known
