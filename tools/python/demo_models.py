"""Python coodie's materialized-views demo models, driven from the command line, for the
Rust/Python twin-database tests (issue 13).

The models are not copied: they are imported from the demo folder of the coodie source
distribution that tools/python/venv.sh unpacks (demos/materialized-views/models.py of
coodie 1.9.3), and so is the seeding (seed.py's own `_seed`). Those models hardcode
`Settings.keyspace = "viewdemo"` on each of the three classes; the only change made here
is that attribute, set to the keyspace given (see `load_models`), so nothing touches
`viewdemo`.

    python demo_models.py -k KS ensure-keyspace # create KS when missing (SimpleStrategy, RF 1)
    python demo_models.py -k KS sync            # Product.sync_table() + both sync_view(), as the demo does
    python demo_models.py -k KS seed N          # the demo's seed.py with --count N
    python demo_models.py -k KS dump            # every row of products and both views, JSON lines
    python demo_models.py -k KS write-known F   # save the products of JSON file F; prints them as stored
    python demo_models.py -k KS check-known F   # read F's products through base + both views, compare

JSON of a product: {"id": "<uuid>", "name": str, "category": str, "brand": str,
"price": number, "description": str|null, "created_at": "2026-12-01T08:01:46.123Z"}.
Files: a JSON list of such objects, or one object a line. Exit codes: see common.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import common
from common import Diff, ScriptError, doc_to_json, json_line, warn

PRODUCT_FIELDS = ("id", "name", "category", "brand", "price", "description", "created_at")


def load_models(keyspace: str) -> Any:
    """Import the demo's `models` module and point its three classes at `keyspace`.

    The demo's models.py sets `class Settings: keyspace = "viewdemo"` on Product,
    ProductByCategory and ProductByBrand, and Python coodie reads
    `cls.Settings.keyspace` on every statement (Document._get_keyspace), so setting that
    one attribute before the first statement moves every read, write, sync_table and
    sync_view to `keyspace`. (SCYLLA_KEYSPACE alone does not: it only sets the
    connection's default keyspace, which Settings.keyspace overrides.)
    """
    demo = common.demo_dir()
    if str(demo) not in sys.path:
        sys.path.insert(0, str(demo))
    import models  # the demo's own models.py

    for cls in (models.Product, models.ProductByCategory, models.ProductByBrand):
        if cls.Settings.keyspace != "viewdemo":
            raise ScriptError(f"{cls.__name__}.Settings.keyspace is {cls.Settings.keyspace!r}, "
                              "not 'viewdemo': the demo changed; check load_models")
        cls.Settings.keyspace = keyspace
    return models


async def all_docs(query: Any) -> list[Any]:
    """Every row of a query, page by page (QuerySet.all() on the async API returns only the
    driver's first page of 5000 rows)."""
    docs: list[Any] = []
    state = None
    while True:
        page = await query.fetch_size(1000).page(state).paged_all()
        docs.extend(page.data)
        state = page.paging_state
        if not state:
            return docs


async def cmd_sync(m: Any, driver: Any, args: argparse.Namespace) -> int:
    recorder = common.DdlRecorder(driver)
    await m.Product.sync_table()
    await m.ProductByCategory.sync_view()
    await m.ProductByBrand.sync_view()
    for cql in recorder.statements:
        print(json_line({"cql": cql}))
    return 0


async def cmd_seed(m: Any, driver: Any, args: argparse.Namespace) -> int:
    if args.count < 0:
        raise ScriptError("seed: N must be >= 0", common.EXIT_USAGE)
    import seed  # the demo's own seed.py (Faker + the story's name pools)
    from rich.console import Console

    seed.console = Console(file=sys.stderr)  # its progress report, off stdout
    os.environ["SCYLLA_HOSTS"] = args.hosts
    os.environ["SCYLLA_KEYSPACE"] = args.keyspace
    before = len(await all_docs(m.Product.find()))
    await seed._seed(args.count)  # init_coodie, sync_table, both sync_view, N x product.save()
    after = len(await all_docs(m.Product.find()))
    print(json_line({"seeded": args.count, "rows_before": before, "rows_after": after}))
    return 0


async def cmd_dump(m: Any, driver: Any, args: argparse.Namespace) -> int:
    for cls, table in ((m.Product, "products"), (m.ProductByCategory, "products_by_category"),
                       (m.ProductByBrand, "products_by_brand")):
        docs = await all_docs(cls.find())
        rows = sorted((doc_to_json(d) for d in docs), key=lambda r: r["id"])
        for row in rows:
            print(json_line({"table": table, "row": row}))
    return 0


def product_from_json(m: Any, obj: dict[str, Any], where: str) -> Any:
    unknown = set(obj) - set(PRODUCT_FIELDS)
    if unknown:
        raise ScriptError(f"{where}: unknown field(s) {sorted(unknown)}; a product has {list(PRODUCT_FIELDS)}",
                          common.EXIT_USAGE)
    try:
        return m.Product(**obj)
    except Exception as exc:  # pydantic.ValidationError names the field
        raise ScriptError(f"{where}: not a product: {exc}", common.EXIT_USAGE) from exc


async def cmd_write_known(m: Any, driver: Any, args: argparse.Namespace) -> int:
    items = common.load_json_list(args.file)
    products = [product_from_json(m, obj, f"{args.file}[{i}]") for i, obj in enumerate(items)]
    for p in products:
        await p.save()
    for p in products:  # as stored: read back from the base table (ids and created_at filled in
        # when the file has none; created_at cut to milliseconds, price as the column keeps it)
        stored = await m.Product.find(id=p.id).all()
        if not stored:
            raise ScriptError(f"product {p.id} was saved but cannot be read back")
        print(json_line(doc_to_json(stored[0])))
    warn(f"wrote {len(products)} product(s) to {args.keyspace}.products")
    return 0


async def cmd_check_known(m: Any, driver: Any, args: argparse.Namespace) -> int:
    items = common.load_json_list(args.file)
    products = [product_from_json(m, obj, f"{args.file}[{i}]") for i, obj in enumerate(items)]
    for i, obj in enumerate(items):
        for key in ("id", "created_at"):
            if key not in obj:
                raise ScriptError(f"{args.file}[{i}]: check-known needs '{key}' (the value the writer stored)",
                                  common.EXIT_USAGE)
    price_type = (await common.column_types(args.keyspace, "products")).get("price")
    warn(f"{args.keyspace}.products.price is CQL {price_type}")

    as_float32 = args.price_precision == "float32" or (args.price_precision == "auto" and price_type == "float")

    def price_equal(want: Any, got: Any) -> bool:
        if as_float32 and isinstance(want, float) and isinstance(got, float):
            return common.float32(want) == common.float32(got)
        return want == got

    diff = Diff()
    for product in products:
        exp = doc_to_json(product)
        pid = product.id
        lookups = (
            ("products", m.Product.find(id=pid)),
            ("products_by_category", m.ProductByCategory.find(category=product.category, id=pid)),
            ("products_by_brand", m.ProductByBrand.find(brand=product.brand, id=pid)),
        )
        for table, query in lookups:
            docs = await query.all()
            where = f"{table}[id={pid}]"
            if not docs:
                diff.missing(where)
                continue
            got = doc_to_json(docs[0])
            for field in PRODUCT_FIELDS:
                diff.compare(f"{where}.{field}", exp[field], got.get(field),
                             price_equal if field == "price" else None)
    return diff.report(f"check-known {args.file} in {args.keyspace} ({len(products)} product(s) x 3 tables)")


async def cmd_ensure_keyspace(m: Any, driver: Any, args: argparse.Namespace) -> int:
    return 0  # connect() created the keyspace when it was missing


COMMANDS = {
    "ensure-keyspace": cmd_ensure_keyspace,
    "sync": cmd_sync,
    "seed": cmd_seed,
    "dump": cmd_dump,
    "write-known": cmd_write_known,
    "check-known": cmd_check_known,
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_connection_args(p)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("ensure-keyspace", help="create the keyspace when it is missing (SimpleStrategy, RF 1)")
    sub.add_parser("sync", help="Product.sync_table() and both sync_view(); prints the CQL sent")
    s = sub.add_parser("seed", help="seed N products with the demo's seed.py")
    s.add_argument("count", type=int, metavar="N")
    sub.add_parser("dump", help="every row of products and both views as JSON lines")
    w = sub.add_parser("write-known", help="save the products of a JSON file; prints them as written")
    w.add_argument("file")
    c = sub.add_parser("check-known", help="read a JSON file's products through base + views and compare")
    c.add_argument("file")
    c.add_argument("--price-precision", choices=("exact", "float32", "auto"), default="exact",
                   help="exact (default): price must equal the file's double; float32: equal after "
                        "rounding both to a 32-bit float (for a Python-made `float` column); auto: "
                        "float32 when the live column is CQL float, else exact")
    return p


async def main() -> int:
    p = parser()
    args = p.parse_args()
    args.keyspace = common.checked_keyspace(args, p)
    m = load_models(args.keyspace)
    driver = await common.connect(args, args.keyspace)
    try:
        return await COMMANDS[args.command](m, driver, args)
    finally:
        driver.close()


if __name__ == "__main__":
    common.run(main)
