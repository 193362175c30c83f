"""Shared plumbing of the Python coodie scripts in tools/python/.

Run inside the venv that tools/python/venv.sh makes. Everything here is for the
scripts (connection, keyspace, exit codes, exact JSON values); the models are
Python coodie's own (see demo_models.py and interop_models.py).

Exit codes of every script:
    0  done, and every check passed
    1  a check found a difference (the diff is on stderr)
    2  bad usage (argparse) or a bad input file
    3  the database cannot be reached (run `make db-up`)
    4  any other failure (the message says what)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import struct
import sys
import traceback
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timezone
from decimal import Decimal
from ipaddress import IPv4Address, IPv6Address
from pathlib import Path
from typing import Any
from uuid import UUID

EXIT_MISMATCH = 1
EXIT_USAGE = 2
EXIT_NO_DATABASE = 3
EXIT_FAILURE = 4

_KEYSPACE_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,47}")
# Keyspaces these scripts refuse: the demos' own and the server's.
_PROTECTED_KEYSPACES = {"viewdemo", "system", "system_auth", "system_schema", "system_distributed",
                        "system_traces", "system_views", "system_virtual_schema"}


class ScriptError(Exception):
    """A failure with a message for the user and an exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.code = code


def prog() -> str:
    return Path(sys.argv[0]).name


def warn(message: str) -> None:
    print(f"{prog()}: {message}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------
# Arguments and connection
# ----------------------------------------------------------------------------


def add_connection_args(parser: argparse.ArgumentParser) -> None:
    """--keyspace (or $COODIE_PY_KEYSPACE; required, never defaults to viewdemo) and
    --hosts (or $SCYLLA_HOSTS, default 127.0.0.1), --port (or $SCYLLA_PORT, default 9042)."""
    parser.add_argument(
        "-k",
        "--keyspace",
        default=os.environ.get("COODIE_PY_KEYSPACE"),
        help="keyspace to use (env COODIE_PY_KEYSPACE); created if missing",
    )
    parser.add_argument(
        "--hosts",
        default=os.environ.get("SCYLLA_HOSTS", "127.0.0.1"),
        help="comma-separated contact points (env SCYLLA_HOSTS, default 127.0.0.1)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("SCYLLA_PORT", "9042")),
        help="CQL port (env SCYLLA_PORT, default 9042)",
    )


def checked_keyspace(args: argparse.Namespace, parser: argparse.ArgumentParser) -> str:
    ks = args.keyspace
    if not ks:
        parser.error("no keyspace: pass --keyspace KS or set COODIE_PY_KEYSPACE")
    if not _KEYSPACE_RE.fullmatch(ks):
        parser.error(f"keyspace {ks!r} is not a plain CQL name ([A-Za-z][A-Za-z0-9_]*, at most 48 characters)")
    if ks.lower() in _PROTECTED_KEYSPACES:
        parser.error(f"keyspace {ks!r} is the demo's or the server's own; use one of your own (e.g. py_...)")
    return ks.lower()


def hosts_of(args: argparse.Namespace) -> list[str]:
    return [h.strip() for h in args.hosts.split(",") if h.strip()]


def _is_unreachable(exc: BaseException) -> bool:
    try:
        from cassandra.cluster import NoHostAvailable
    except ImportError:  # pragma: no cover - the venv has scylla-driver
        return False
    return isinstance(exc, (NoHostAvailable, ConnectionRefusedError))


async def connect(args: argparse.Namespace, keyspace: str) -> Any:
    """Create `keyspace` if it is missing (SimpleStrategy, RF 1, like the demo's Makefile)
    and register the Python coodie driver with it as the default keyspace."""
    from coodie.aio import create_keyspace, init_coodie

    hosts = hosts_of(args)
    where = f"{','.join(hosts)}:{args.port}"
    try:
        bootstrap = await init_coodie(hosts=hosts, port=args.port, name="bootstrap")
        await create_keyspace(keyspace, replication_factor=1, connection="bootstrap")
        bootstrap.close()
        return await init_coodie(hosts=hosts, port=args.port, keyspace=keyspace)
    except Exception as exc:
        if _is_unreachable(exc):
            raise ScriptError(f"cannot reach Cassandra/ScyllaDB at {where} (run `make db-up`): {exc}",
                              EXIT_NO_DATABASE) from exc
        raise


def run(main: Callable[[], Awaitable[int]]) -> None:
    """Run an async main; turn every failure into a message and an exit code."""
    try:
        code = asyncio.run(main())
    except ScriptError as exc:
        warn(f"error: {exc}")
        sys.exit(exc.code)
    except BrokenPipeError:  # stdout closed early (e.g. `| head`): stop quietly, as a shell tool does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)
    except KeyboardInterrupt:
        warn("interrupted")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the script's last word on any failure
        if _is_unreachable(exc):
            warn(f"error: the database cannot be reached (run `make db-up`): {exc}")
            sys.exit(EXIT_NO_DATABASE)
        traceback.print_exc()
        warn(f"error: {type(exc).__name__}: {exc}")
        sys.exit(EXIT_FAILURE)
    sys.exit(code)


# ----------------------------------------------------------------------------
# Exact values as JSON
# ----------------------------------------------------------------------------


def timestamp_text(value: datetime) -> str:
    """A CQL timestamp (milliseconds) as RFC 3339 UTC with milliseconds: 2026-12-01T08:01:46.123Z.
    The driver returns naive datetimes in UTC; aware ones are converted to UTC.
    A value with sub-millisecond digits keeps them (microseconds), so a difference shows."""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    if value.microsecond % 1000 == 0:
        return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def to_json_value(value: Any) -> Any:
    """Python value as read through Python coodie -> a JSON value that says it exactly.

    float -> JSON number written with repr (shortest text that round-trips the double;
    a CQL float read by the Python driver is that float widened to a double, e.g.
    2999.989990234375); NaN/inf -> the strings "NaN", "Infinity", "-Infinity";
    uuid -> string; timestamp -> see timestamp_text; date -> YYYY-MM-DD; time -> HH:MM:SS.nnnnnnnnn;
    Decimal -> string; bytes -> hex string; set/frozenset (or the driver's SortedSet) -> sorted list;
    tuple -> list; user-defined type (pydantic model or driver namedtuple) -> object.
    """
    from collections.abc import Mapping
    from datetime import time as dt_time

    from cassandra.util import Date as CqlDate
    from cassandra.util import SortedSet
    from cassandra.util import Time as CqlTime
    from pydantic import BaseModel

    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return timestamp_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, CqlDate):  # the driver's date (Python coodie does not convert it on read)
        return value.date().isoformat()
    if isinstance(value, dt_time):  # CQL time has nanoseconds: HH:MM:SS.nnnnnnnnn
        return value.strftime("%H:%M:%S.") + f"{value.microsecond * 1000:09d}"
    if isinstance(value, CqlTime):
        return str(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (IPv4Address, IPv6Address)):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, BaseModel):
        return {k: to_json_value(getattr(value, k)) for k in type(value).model_fields}
    if hasattr(value, "_asdict"):
        return {k: to_json_value(v) for k, v in value._asdict().items()}
    if isinstance(value, (set, frozenset, SortedSet)):
        return sorted((to_json_value(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    if isinstance(value, Mapping):  # dict, or the driver's OrderedMapSerializedKey
        return {str(to_json_value(k)): to_json_value(v) for k, v in value.items()}
    if hasattr(value, "months") and hasattr(value, "nanoseconds"):
        return {"months": value.months, "days": value.days, "nanoseconds": value.nanoseconds}
    return str(value)


def doc_to_json(doc: Any) -> dict[str, Any]:
    return {k: to_json_value(getattr(doc, k)) for k in type(doc).model_fields}


def json_line(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, allow_nan=False)


def float32(value: float) -> float:
    """`value` rounded to the nearest IEEE 754 single, widened back to a double."""
    return struct.unpack("<f", struct.pack("<f", value))[0]


def load_json_file(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError as exc:
        raise ScriptError(f"no such file: {path}", EXIT_USAGE) from exc
    except json.JSONDecodeError as exc:
        raise ScriptError(f"{path} is not valid JSON: {exc}", EXIT_USAGE) from exc


def load_json_list(path: str) -> list[dict[str, Any]]:
    """A JSON file holding a list of objects (or JSON lines, one object a line)."""
    text = Path(path).read_text(encoding="utf-8") if Path(path).exists() else None
    if text is None:
        raise ScriptError(f"no such file: {path}", EXIT_USAGE)
    stripped = text.lstrip()
    try:
        if stripped.startswith("["):
            items = json.loads(text)
        else:
            items = [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise ScriptError(f"{path} is not valid JSON (a list, or one object a line): {exc}", EXIT_USAGE) from exc
    if not all(isinstance(i, dict) for i in items):
        raise ScriptError(f"{path}: every item must be a JSON object", EXIT_USAGE)
    return items


class Diff:
    """Collects differences between expected and actual values."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.checked = 0

    def compare(self, where: str, expected: Any, actual: Any,
                equal: Callable[[Any, Any], bool] | None = None) -> None:
        self.checked += 1
        same = equal(expected, actual) if equal else expected == actual
        if not same:
            self.lines.append(f"{where}: expected {json_line(expected)}, got {json_line(actual)}")

    def missing(self, where: str) -> None:
        self.checked += 1
        self.lines.append(f"{where}: row not found")

    def report(self, what: str) -> int:
        if self.lines:
            for line in self.lines:
                print(f"  {line}", file=sys.stderr)
            warn(f"{what}: {len(self.lines)} difference(s) in {self.checked} checked value(s)")
            return EXIT_MISMATCH
        warn(f"{what}: all {self.checked} checked value(s) equal")
        return 0


# ----------------------------------------------------------------------------
# Schema facts and DDL capture
# ----------------------------------------------------------------------------


async def column_types(keyspace: str, table: str) -> dict[str, str]:
    """{column: CQL type} of a live table or view, from system_schema.columns."""
    from coodie.aio import execute_raw

    rows = await execute_raw(
        "SELECT column_name, type FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?",
        [keyspace, table],
    )
    return {r["column_name"]: r["type"] for r in rows}


class DdlRecorder:
    """Records every schema statement (CREATE/ALTER/DROP) Python coodie sends, as sent."""

    _DDL = re.compile(r"\s*(CREATE|ALTER|DROP)\s", re.IGNORECASE)

    def __init__(self, driver: Any) -> None:
        self.statements: list[str] = []
        session = driver._session  # the scylla-driver Session inside CassandraDriver
        for name in ("execute", "execute_async", "prepare"):
            original = getattr(session, name)
            setattr(session, name, self._wrap(original))

    def _wrap(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(query: Any, *args: Any, **kwargs: Any) -> Any:
            text = query if isinstance(query, str) else getattr(query, "query_string", None)
            if isinstance(text, str) and self._DDL.match(text) and text not in self.statements:
                self.statements.append(text)
            return original(query, *args, **kwargs)

        return wrapper


def demo_dir() -> Path:
    """The materialized-views demo folder of the unpacked coodie sdist (venv.sh puts it at
    <venv>/sdist/coodie-<version>/demos/materialized-views), or $COODIE_PY_DEMO_DIR."""
    from importlib.metadata import version

    explicit = os.environ.get("COODIE_PY_DEMO_DIR")
    path = Path(explicit) if explicit else (
        Path(sys.prefix) / "sdist" / f"coodie-{version('coodie')}" / "demos" / "materialized-views"
    )
    if not (path / "models.py").is_file():
        raise ScriptError(
            f"Python coodie's demo is not at {path} (run tools/python/venv.sh, and run this script "
            "with the venv's python, or set COODIE_PY_DEMO_DIR)"
        )
    return path
