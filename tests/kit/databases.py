"""Databases for the register's tests: a fresh SQLite file, or a fresh schema in the PostgreSQL
database that CI starts (.ci/start-postgres exports TTHC_TEST_POSTGRES_URL). Each PostgreSQL
test gets its own schema (through the connection's search_path), so parallel test workers never
see each other's tables; the schema is dropped afterwards.

Without the URL the PostgreSQL half cannot run: in CI (CI or TTHC_REQUIRE_POSTGRES set) that is a
failure; on a developer's machine it is a skip that says how to run it."""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ENGINES = ("sqlite", "postgresql")
URL_VARIABLE = "TTHC_TEST_POSTGRES_URL"


def postgres_required() -> bool:
    return bool(os.environ.get("TTHC_REQUIRE_POSTGRES") or os.environ.get("CI"))


def postgres_url() -> str | None:
    return os.environ.get(URL_VARIABLE) or None


MISSING = (f"{URL_VARIABLE} is not set: PostgreSQL is not available. Start it with "
           f"`eval \"$(.ci/start-postgres)\"` (as CI does) to run the PostgreSQL half of the register tests")


@contextmanager
def fresh_database(engine: str, folder: Path) -> Iterator[str]:
    """A database URL no other test uses; `engine` is sqlite or postgresql. Raises LookupError
    when PostgreSQL is not configured (the caller decides: fail in CI, skip elsewhere)."""
    if engine == "sqlite":
        yield str(folder / "so-theo-doi.db")
        return
    base = postgres_url()
    if not base:
        raise LookupError(MISSING)
    from sqlalchemy import create_engine, text
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def database_fixture():
    """A pytest fixture, parametrized on ENGINES, that yields a fresh database URL (see module
    docstring for what happens without PostgreSQL)."""
    import pytest

    @pytest.fixture(params=ENGINES)
    def db_url(request, tmp_path):
        cm = fresh_database(request.param, tmp_path)
        try:
            url = cm.__enter__()
        except LookupError as exc:
            if postgres_required():
                pytest.fail(f"CI must run the PostgreSQL half of the register tests: {exc}")
            pytest.skip(str(exc))
        yield url
        cm.__exit__(None, None, None)
    return db_url
