"""Which CQL type Python coodie creates for each Python type, what Cassandra keeps, and what
a value reads back as: the facts behind the type table in tools/python/README.md.

    python type_probe.py -k KS          # JSON lines: one per column, then the nested-collection cases

For each column it prints the CQL type in Python coodie's CREATE TABLE, the type in
system_schema.columns after sync_table(), the value written and the value read back
(through Python coodie, as JSON; see common.to_json_value).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, time, timezone
from decimal import Decimal
from ipaddress import IPv4Address
from typing import Annotated, Any
from uuid import UUID

import common
from common import json_line, to_json_value, warn
from coodie.aio import Document, execute_raw
from coodie.fields import Ascii, BigInt, Double, Frozen, PrimaryKey, SmallInt, TimeUUID, TinyInt, VarInt
from coodie.types import python_type_to_cql_type_str


class TypeProbe(Document):
    id: Annotated[int, PrimaryKey()]
    f_str: str | None = None
    f_int: int | None = None
    f_float: float | None = None
    f_bool: bool | None = None
    f_bytes: bytes | None = None
    f_uuid: UUID | None = None
    f_datetime: datetime | None = None
    f_date: date | None = None
    f_time: time | None = None
    f_decimal: Decimal | None = None
    f_inet: IPv4Address | None = None
    f_bigint: Annotated[int, BigInt()] | None = None
    f_smallint: Annotated[int, SmallInt()] | None = None
    f_tinyint: Annotated[int, TinyInt()] | None = None
    f_varint: Annotated[int, VarInt()] | None = None
    f_double: Annotated[float, Double()] | None = None
    f_ascii: Annotated[str, Ascii()] | None = None
    f_timeuuid: Annotated[UUID, TimeUUID()] | None = None
    f_list: list[int] | None = None
    f_set: set[str] | None = None
    f_frozenset: frozenset[str] | None = None
    f_dict: dict[str, float] | None = None
    f_tuple: tuple[int, str] | None = None
    f_frozen_list: Annotated[list[int], Frozen()] | None = None

    class Settings:
        name = "type_probe"
        keyspace = ""


VALUES: dict[str, Any] = {
    "f_str": "ünïcødé ✓",
    "f_int": 2**31 - 1,
    "f_float": 2999.99,
    "f_bool": True,
    "f_bytes": b"\x00\xff",
    "f_uuid": UUID("6f1c2a52-0d7e-4c43-9a57-2b3c1d000001"),
    "f_datetime": datetime(2026, 12, 1, 8, 0, 0, 123456, tzinfo=timezone.utc),
    "f_date": date(2026, 12, 1),
    "f_time": time(8, 0, 0, 123456),
    "f_decimal": Decimal("12345.6789"),
    "f_inet": IPv4Address("10.0.0.1"),
    "f_bigint": 2**63 - 1,
    "f_smallint": -(2**15),
    "f_tinyint": 127,
    "f_varint": 2**100,
    "f_double": 2999.99,
    "f_ascii": "plain",
    "f_timeuuid": UUID("d2177dd0-eaa2-11de-a572-001b779c76e3"),
    "f_list": [1, 2, 3],
    "f_set": {"b", "a"},
    "f_frozenset": frozenset({"x"}),
    "f_dict": {"k": 0.1},
    "f_tuple": (1, "one"),
    "f_frozen_list": [],
}

# Python annotations whose CQL Python coodie renders without the frozen<> Cassandra needs.
NESTED = {
    "list[list[int]]": list[list[int]],
    "dict[str, list[str]]": dict[str, list[str]],
    "set[frozenset[int]]": set[frozenset[int]],
}


async def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_connection_args(p)
    args = p.parse_args()
    ks = common.checked_keyspace(args, p)
    TypeProbe.Settings.keyspace = ks
    driver = await common.connect(args, ks)
    try:
        planned = await TypeProbe.sync_table(dry_run=True)
        print(json_line({"create_table": planned[0]}))
        await TypeProbe.sync_table()
        live = await common.column_types(ks, "type_probe")
        model_types = {c.name: c.cql_type for c in TypeProbe._schema()}
        await TypeProbe(id=1, **VALUES).save()
        row = (await TypeProbe.find(id=1).all())[0]
        for name, value in VALUES.items():
            print(json_line({"column": name, "coodie_cql": model_types[name], "live_cql": live.get(name),
                             "wrote": to_json_value(value), "read": to_json_value(getattr(row, name)),
                             "read_python_type": type(getattr(row, name)).__name__}))
        try:
            await TypeProbe(id=2, f_int=2**31).save()
            print(json_line({"int_overflow": "accepted"}))
        except Exception as exc:  # noqa: BLE001 - the fact is what happens
            print(json_line({"int_overflow": f"{type(exc).__name__}: {exc}"}))
        for label, annotation in NESTED.items():
            cql = python_type_to_cql_type_str(annotation)
            try:
                await execute_raw(f'CREATE TABLE IF NOT EXISTS {ks}.nested_probe (id int PRIMARY KEY, v {cql})')
                outcome = "accepted"
                await execute_raw(f"DROP TABLE IF EXISTS {ks}.nested_probe")
            except Exception as exc:  # noqa: BLE001
                outcome = str(exc)
            print(json_line({"python": label, "coodie_cql": cql, "cassandra": outcome}))
    finally:
        driver.close()
    warn("done")
    return 0


if __name__ == "__main__":
    sys.exit(common.run(main))
