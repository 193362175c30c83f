"""A counter table, a table with a user-defined type column and a table with a vector
column, declared the way Python coodie users declare them, for the Rust/Python interop
test of issue 9.

    python interop_models.py -k KS sync            # sync_table() of the three models; prints the CQL sent
    python interop_models.py -k KS write-known F   # write the values of JSON file F
    python interop_models.py -k KS check-known F   # read F's rows (written by either side), compare exactly
    python interop_models.py -k KS dump            # every row of the three tables, JSON lines

Where the models come from (coodie 1.9.3 source distribution):
  - PageViewCounter: demos/realtime-counters/models.py, verbatim but for Settings.keyspace;
  - Customer / Address / GeoPoint: the UserType pattern of docs/source/guide/user-defined-types.md
    (a UDT with a nested UDT; UDTs are always frozen in Python coodie);
  - Signal: demos/vector-search/models.py's DistressSignal shape (Vector + VectorIndex COSINE),
    with 4 dimensions instead of 384 and fewer text columns.

The JSON file (see fixtures/known_interop.json):
  {"counters":  [{"url": str, "date": str, "view_count": int, "unique_visitors": int}],
   "customers": [{"id": uuid, "name": str,
                  "address": null | {"street": str, "city": str, "zipcode": int|null,
                                     "location": null | {"lat": number, "lon": number}}}],
   "signals":   [{"signal_id": uuid, "label": str, "embedding": [4 numbers]}],
   "ann":       [{"vector": [4 numbers], "limit": int, "expect": [signal_id, ...]}]}
write-known sets each counter to the file's value (it increments by the difference to
what is stored, so it can be run again). check-known compares every value; a number
stored in a CQL `float` (the vector's elements, GeoPoint's fields when the UDT says
float) is compared after rounding the expected value to 32 bits, which is exact for that
type; everything else is compared exactly. "ann" checks the nearest-neighbour query
(`order_by_ann`) returns exactly those ids in that order.
"""

from __future__ import annotations

import argparse
import sys
from typing import Annotated, Any
from uuid import UUID, uuid4

from pydantic import Field

import common
from common import Diff, ScriptError, doc_to_json, json_line, to_json_value, warn
from coodie.aio import CounterDocument, Document, execute_raw
from coodie.fields import ClusteringKey, Counter, PrimaryKey, Vector, VectorIndex
from coodie.usertype import UserType

VECTOR_DIMS = 4


class PageViewCounter(CounterDocument):
    """Tracks page-view analytics per URL and date."""

    url: Annotated[str, PrimaryKey()]
    date: Annotated[str, ClusteringKey()]
    view_count: Annotated[int, Counter()] = 0
    unique_visitors: Annotated[int, Counter()] = 0

    class Settings:
        name = "page_view_counters"
        keyspace = "analytics"  # replaced by the keyspace given (use_keyspace)


class GeoPoint(UserType):
    lat: float
    lon: float


class Address(UserType):
    street: str
    city: str
    zipcode: int | None = None
    location: GeoPoint | None = None


class Customer(Document):
    id: Annotated[UUID, PrimaryKey()] = Field(default_factory=uuid4)
    name: str
    address: Address | None = None

    class Settings:
        name = "customers"
        keyspace = ""  # set by use_keyspace


class Signal(Document):
    signal_id: Annotated[UUID, PrimaryKey()] = Field(default_factory=uuid4)
    label: str
    embedding: Annotated[
        list[float],
        Vector(dimensions=VECTOR_DIMS),
        VectorIndex(similarity_function="COSINE"),
    ] = Field(default_factory=list)

    class Settings:
        name = "signals"
        keyspace = ""  # set by use_keyspace


MODELS = (PageViewCounter, Customer, Signal)


def use_keyspace(keyspace: str) -> None:
    for cls in MODELS:
        cls.Settings.keyspace = keyspace


# The index Python coodie 1.9.3 asks for is `USING 'vector_index'` (ScyllaDB's class);
# Cassandra 5 answers "Unable to find custom indexer class 'vector_index'". The same index
# the way Cassandra 5 names it, under the name Python coodie gives it:
CASSANDRA_VECTOR_INDEX = (
    'CREATE CUSTOM INDEX IF NOT EXISTS signals_embedding_idx ON {ks}.signals ("embedding") '
    "USING 'StorageAttachedIndex' WITH OPTIONS = {{'similarity_function': 'COSINE'}}"
)


async def cmd_sync(driver: Any, args: argparse.Namespace) -> int:
    recorder = common.DdlRecorder(driver)
    await PageViewCounter.sync_table()
    await Customer.sync_table()
    try:
        await Signal.sync_table()
    except Exception as exc:  # noqa: BLE001 - only the known Cassandra 5 refusal is handled
        if "vector_index" not in str(exc):
            raise
        warn("Signal.sync_table() failed on this server as Python coodie 1.9.3 does on Cassandra 5: "
             f"{exc}; creating the same index with Cassandra's SAI class instead")
        await execute_raw(CASSANDRA_VECTOR_INDEX.format(ks=args.keyspace))
        # Once an index of that name exists, Python coodie's own sync_table passes
        # (CREATE ... IF NOT EXISTS is decided by the index name first).
        await Signal.sync_table()
    for cql in recorder.statements:
        print(json_line({"cql": cql}))
    return 0


def _section(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    items = data.get(name, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ScriptError(f"'{name}' must be a list of objects", common.EXIT_USAGE)
    return items


def _model(cls: type, obj: dict[str, Any], where: str) -> Any:
    unknown = set(obj) - set(cls.model_fields)
    if unknown:
        raise ScriptError(f"{where}: unknown field(s) {sorted(unknown)}; {cls.__name__} has "
                          f"{list(cls.model_fields)}", common.EXIT_USAGE)
    try:
        return cls(**obj)
    except Exception as exc:  # pydantic.ValidationError names the field
        raise ScriptError(f"{where}: not a {cls.__name__}: {exc}", common.EXIT_USAGE) from exc


def load(path: str) -> dict[str, Any]:
    data = common.load_json_file(path)
    if not isinstance(data, dict):
        raise ScriptError(f"{path}: expected an object with counters/customers/signals/ann", common.EXIT_USAGE)
    unknown = set(data) - {"counters", "customers", "signals", "ann"}
    if unknown:
        raise ScriptError(f"{path}: unknown section(s) {sorted(unknown)}", common.EXIT_USAGE)
    return {
        "counters": [_model(PageViewCounter, o, f"counters[{i}]") for i, o in enumerate(_section(data, "counters"))],
        "customers": [_model(Customer, o, f"customers[{i}]") for i, o in enumerate(_section(data, "customers"))],
        "signals": [_model(Signal, o, f"signals[{i}]") for i, o in enumerate(_section(data, "signals"))],
        "ann": _section(data, "ann"),
    }


async def cmd_write_known(driver: Any, args: argparse.Namespace) -> int:
    data = load(args.file)
    for want in data["counters"]:
        stored = await PageViewCounter.find(url=want.url, date=want.date).all()
        # What is stored now: None for a counter never incremented (it reads null) or a
        # missing row; "+ 0" then makes it read 0, as the file says.
        have = {c: getattr(stored[0], c) if stored else None for c in ("view_count", "unique_visitors")}
        deltas = {c: getattr(want, c) - (now or 0) for c, now in have.items()
                  if now is None or getattr(want, c) != now}
        if deltas:
            await want.increment(**deltas)
    for doc in data["customers"] + data["signals"]:
        await doc.save()
    warn(f"wrote {len(data['counters'])} counter row(s), {len(data['customers'])} customer(s), "
         f"{len(data['signals'])} signal(s) to {args.keyspace}")
    return 0


async def _udt_field_types(keyspace: str, type_name: str) -> dict[str, str]:
    rows = await execute_raw(
        "SELECT field_names, field_types FROM system_schema.types WHERE keyspace_name = ? AND type_name = ?",
        [keyspace, type_name],
    )
    if not rows:
        return {}
    return dict(zip(rows[0]["field_names"], rows[0]["field_types"], strict=False))


def _same_float32(want: Any, got: Any) -> bool:
    if isinstance(want, (int, float)) and isinstance(got, float):
        return common.float32(float(want)) == got
    return want == got


def _compare_udt(diff: Diff, where: str, want: Any, got: Any, float_fields: set[str]) -> None:
    """Compare an address (dict or None) field by field; GeoPoint floats as float32 when stored so."""
    if want is None or got is None:
        diff.compare(where, want, got)
        return
    for key in ("street", "city", "zipcode"):
        diff.compare(f"{where}.{key}", want.get(key), got.get(key))
    w_loc, g_loc = want.get("location"), got.get("location")
    if w_loc is None or g_loc is None:
        diff.compare(f"{where}.location", w_loc, g_loc)
        return
    for key in ("lat", "lon"):
        diff.compare(f"{where}.location.{key}", w_loc.get(key), g_loc.get(key),
                     _same_float32 if key in float_fields else None)
    extra = (set(got) - {"street", "city", "zipcode", "location"}) | (set(g_loc) - {"lat", "lon"})
    if extra:
        diff.lines.append(f"{where}: fields in the database that the Python model lacks: {sorted(extra)}")


async def cmd_check_known(driver: Any, args: argparse.Namespace) -> int:
    data = load(args.file)
    ks = args.keyspace
    diff = Diff()

    for want in data["counters"]:
        rows = await PageViewCounter.find(url=want.url, date=want.date).all()
        where = f"page_view_counters[url={want.url!r},date={want.date!r}]"
        if not rows:
            diff.missing(where)
            continue
        for col in ("view_count", "unique_visitors"):
            diff.compare(f"{where}.{col}", getattr(want, col), to_json_value(getattr(rows[0], col)))

    geo_types = await _udt_field_types(ks, GeoPoint.type_name())
    float_fields = {f for f, t in geo_types.items() if t == "float"}
    warn(f"{ks}.customers.address is CQL {(await common.column_types(ks, 'customers')).get('address')}; "
         f"{GeoPoint.type_name()} fields {geo_types}")
    for want in data["customers"]:
        rows = await Customer.find(id=want.id).all()
        where = f"customers[id={want.id}]"
        if not rows:
            diff.missing(where)
            continue
        got = doc_to_json(rows[0])
        exp = doc_to_json(want)
        diff.compare(f"{where}.name", exp["name"], got["name"])
        _compare_udt(diff, f"{where}.address", exp["address"], got["address"], float_fields)

    emb_type = (await common.column_types(ks, "signals")).get("embedding")
    warn(f"{ks}.signals.embedding is CQL {emb_type}")
    elem_cmp = _same_float32 if emb_type and emb_type.startswith("vector<float") else None
    for want in data["signals"]:
        rows = await Signal.find(signal_id=want.signal_id).all()
        where = f"signals[signal_id={want.signal_id}]"
        if not rows:
            diff.missing(where)
            continue
        got = doc_to_json(rows[0])
        exp = doc_to_json(want)
        diff.compare(f"{where}.label", exp["label"], got["label"])
        if len(exp["embedding"]) != len(got["embedding"] or []):
            diff.compare(f"{where}.embedding", exp["embedding"], got["embedding"])
        else:
            for i, (w, g) in enumerate(zip(exp["embedding"], got["embedding"], strict=True)):
                diff.compare(f"{where}.embedding[{i}]", w, g, elem_cmp)

    for i, q in enumerate(data["ann"]):
        try:
            vector = [float(v) for v in q["vector"]]
            limit = int(q["limit"])
            expect = [str(UUID(str(e))) for e in q["expect"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise ScriptError(f"ann[{i}]: needs vector (numbers), limit (int), expect (uuids): {exc}",
                              common.EXIT_USAGE) from exc
        rows = await Signal.find().order_by_ann("embedding", vector).limit(limit).all()
        diff.compare(f"ann[{i}] {vector} LIMIT {limit}", expect, [str(r.signal_id) for r in rows])

    return diff.report(f"check-known {args.file} in {ks}")


async def cmd_dump(driver: Any, args: argparse.Namespace) -> int:
    for cls in MODELS:
        rows = [doc_to_json(d) for d in await cls.find().all()]
        for row in sorted(rows, key=json_line):
            print(json_line({"table": cls.Settings.name, "row": row}))
    return 0


COMMANDS = {"sync": cmd_sync, "write-known": cmd_write_known, "check-known": cmd_check_known, "dump": cmd_dump}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_connection_args(p)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("sync", help="sync_table() of the counter, UDT and vector models; prints the CQL sent")
    sub.add_parser("dump", help="every row of the three tables as JSON lines")
    for name in ("write-known", "check-known"):
        sub.add_parser(name).add_argument("file")
    return p


async def main() -> int:
    p = parser()
    args = p.parse_args()
    args.keyspace = common.checked_keyspace(args, p)
    use_keyspace(args.keyspace)
    driver = await common.connect(args, args.keyspace)
    try:
        return await COMMANDS[args.command](driver, args)
    finally:
        driver.close()


if __name__ == "__main__":
    sys.exit(common.run(main))
