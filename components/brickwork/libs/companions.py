"""Companions: libraries that a feature of another library loads, so the code that uses the
feature never imports them (python-multipart for FastAPI forms), each with the imports that
show the feature is used. Data first: a rule is a row of `COMPANIONS`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from brickwork.imports import ImportSite


@dataclass(frozen=True)
class Companion:
    """`library` is needed when code uses `feature` of `of`, which the import of one of the
    `evidence` names shows."""

    library: str
    """The companion: a canonical distribution name."""
    of: str
    """The distribution whose feature loads it."""
    feature: str
    """The feature, in words (`forms and file uploads`)."""
    evidence: tuple[str, ...]
    """Dotted names whose import shows the feature is used: `fastapi.Form` matches
    `from fastapi import Form`, `fastapi.templating` also `fastapi.templating.Jinja2Templates`."""


_FORMS = ("Form", "File", "UploadFile")
_EMAIL = ("EmailStr", "NameEmail", "validate_email")

#: Every companion rule. A rule earns its place by a library that refuses to run the feature
#: without the companion (an ImportError or a "please install" error when it is used).
COMPANIONS: tuple[Companion, ...] = (
    Companion(
        "python-multipart",
        "fastapi",
        "forms and file uploads",
        (
            *(f"fastapi.{n}" for n in _FORMS),
            *(f"fastapi.params.{n}" for n in _FORMS[:2]),
            *(f"fastapi.param_functions.{n}" for n in _FORMS[:2]),
            "fastapi.datastructures.UploadFile",
            "fastapi.security.OAuth2PasswordRequestForm",
            "fastapi.security.OAuth2PasswordRequestFormStrict",
            "fastapi.security.oauth2.OAuth2PasswordRequestForm",
            "fastapi.security.oauth2.OAuth2PasswordRequestFormStrict",
        ),
    ),
    Companion("python-multipart", "starlette", "form parsing", ("starlette.formparsers",)),
    Companion("jinja2", "fastapi", "Jinja2Templates", ("fastapi.templating",)),
    Companion("jinja2", "starlette", "Jinja2Templates", ("starlette.templating",)),
    Companion("greenlet", "sqlalchemy", "asyncio", ("sqlalchemy.ext.asyncio",)),
    Companion("greenlet", "sqlmodel", "asyncio", ("sqlmodel.ext.asyncio",)),
    Companion(
        "email-validator",
        "pydantic",
        "email fields",
        tuple(
            f"pydantic.{where}{n}"
            for where in ("", "networks.", "v1.", "v1.networks.")
            for n in _EMAIL
        ),
    ),
    Companion("itsdangerous", "starlette", "SessionMiddleware", ("starlette.middleware.sessions",)),
    Companion("orjson", "fastapi", "ORJSONResponse", ("fastapi.responses.ORJSONResponse",)),
    Companion("ujson", "fastapi", "UJSONResponse", ("fastapi.responses.UJSONResponse",)),
    Companion("httpx", "fastapi", "TestClient", ("fastapi.testclient",)),
    # uvicorn's gunicorn worker class is a gunicorn worker: importing it shows gunicorn runs
    Companion("gunicorn", "uvicorn", "UvicornWorker", ("uvicorn.workers",)),
    Companion("gunicorn", "uvicorn-worker", "UvicornWorker", ("uvicorn_worker",)),
    Companion("httpx", "starlette", "TestClient", ("starlette.testclient",)),
    Companion(
        "bcrypt",
        "passlib",
        "bcrypt hashes",
        ("passlib.hash.bcrypt", "passlib.hash.bcrypt_sha256"),
    ),
    Companion("argon2-cffi", "passlib", "argon2 hashes", ("passlib.hash.argon2",)),
    Companion(
        "cryptography",
        "pyjwt",
        "RSA, EC and EdDSA keys",
        tuple(
            f"jwt.algorithms.{n}"
            for n in ("RSAAlgorithm", "RSAPSSAlgorithm", "ECAlgorithm", "OKPAlgorithm")
        ),
    ),
)


@dataclass(frozen=True)
class CompanionUse:
    """Why a declared library that nothing imports is needed: the rule and the import."""

    rule: Companion
    site: ImportSite


def _shows(module: str, evidence: Iterable[str]) -> bool:
    return any(module == e or module.startswith(f"{e}.") for e in evidence)


def companion_use(
    name: str, sites: Iterable[ImportSite], table: Iterable[Companion] = COMPANIONS
) -> CompanionUse | None:
    """The first runtime import (in file order) that shows the feature needing `name` is used;
    None when no rule names `name` or no import shows its feature."""
    rules = [rule for rule in table if rule.library == name]
    if not rules:
        return None
    ordered = sorted((s for s in sites if s.runtime), key=lambda s: (str(s.path), s.line, s.module))
    for site in ordered:
        for rule in rules:
            if _shows(site.module, rule.evidence):
                return CompanionUse(rule, site)
    return None
