"""Python coodie's side of coodie's benchmark harness (issue 14).

Drives Python coodie (its async API, `coodie.aio`, on scylla-driver: one asyncio event loop,
concurrency = that many coroutines sharing a work counter; there are no client threads of
ours, the driver's own I/O thread does the socket work) with the materialized-views demo's
own models (`products` + `products_by_category`, imported from the coodie sdist as in
demo_models.py), and prints one JSON line per (operation, concurrency):

  {"lib": "python-coodie", "coodie": "1.9.3", "op": "get", "concurrency": 1, "ops": 2000,
   "rows_per_op": 1, "wall_s": ..., "ops_per_s": ..., "p50_ms": ..., "p99_ms": ...,
   "cpu_s": ..., "cpu_us_per_op": ..., "errors": 0, ...}

A timeout (the server's WriteTimeout/ReadTimeout, the client's OperationTimedOut) is retried,
at most --attempts times in all per operation, and counted: "retries" in the JSON line (the
operation's latency includes its retries); an operation that still fails is an error, and any
error makes the script exit 4. The client's own request timeout (--request-timeout, default
30 s) is above the server's (10 s in tools/cassandra), so that the server's answer arrives
first: on the shared, loaded node of the harness, a write that maintains two materialized views
(delete, at concurrency 64) can take seconds, and the driver's default of 10 s raced the server.

cpu_s is the process's user+sys time (resource.getrusage(RUSAGE_SELF), all threads, so the
driver's I/O thread is counted) over the timed run of that operation; cpu_us_per_op is
cpu_s / ops. Latency is per operation (perf_counter around one awaited call).

Operations (`--ops`, comma-separated; default all):
  insert        Product(...).save()                                       one new row
  get           Product.find_one(id=...)  (what the demo's GET /products/{id} does)
  mv_partition  ProductByCategory.find(category="bench-mv").all()          100 rows
  update        product.update(price=...)                                 one field of a stored row
  delete        product.delete()                                          rows inserted before timing
  batch         AsyncBatchQuery(): 100 x save(batch=b)                    one logged batch of 100 new rows
  sync_table    Product.sync_table() with nothing to change, as a user calls it (Python coodie
                caches "already synced" per process, so this is a dict lookup after the first call)
  sync_table_uncached  the same with that cache cleared first: CREATE TABLE IF NOT EXISTS,
                system_schema.columns introspection, 2 x CREATE INDEX IF NOT EXISTS
  stream        every row of the 10,000-row partition ProductByCategory(category="bench-stream"),
                page by page (fetch_size(--page-size).page(state).paged_all()), count checked.
                (QuerySet.all() / `async for` would return only the driver's first page, 5,000
                rows.) Paging is only correct one page request at a time: see --stream-mode.

The data (made by `setup`, run automatically unless --no-setup): Product.sync_table() and both
sync_view(); 100 products in category "bench-mv" (also the pool of get/update), 10,000 in
"bench-stream". New rows of insert/batch go to categories "bench-ins-0".."bench-ins-99".
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import platform
import resource
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from importlib.metadata import version
from typing import Any
from uuid import uuid4

import common
from common import ScriptError, json_line, warn
from demo_models import load_models

ALL_OPS = ("insert", "get", "mv_partition", "update", "delete", "batch", "sync_table", "sync_table_uncached",
           "stream")
DEFAULT_COUNTS = {"insert": 2000, "get": 2000, "mv_partition": 300, "update": 2000, "delete": 2000,
                  "batch": 50, "sync_table": 2000, "sync_table_uncached": 100, "stream": 5}
MV_CATEGORY = "bench-mv"
STREAM_CATEGORY = "bench-stream"
DESCRIPTION = "Emits faint purple pulses when near a dimensional rift. Handle with insulated gloves."


def transient_errors() -> tuple[type[BaseException], ...]:
    """The errors a retry may cure: timeouts, and a replica briefly unavailable."""
    from cassandra import OperationTimedOut, ReadTimeout, Unavailable, WriteTimeout

    return (OperationTimedOut, ReadTimeout, WriteTimeout, Unavailable)


async def with_retries(call: Callable[[], Awaitable[None]], attempts: int, what: str) -> int:
    """Runs `call`, again after a transient error (at most `attempts` runs in all, with a short
    pause between them); returns how many retries it took. The last error is raised."""
    transient = transient_errors()
    for attempt in range(attempts):
        try:
            await call()
            return attempt
        except transient as exc:
            if attempt + 1 == attempts:
                raise
            warn(f"{what}: {type(exc).__name__} (attempt {attempt + 1} of {attempts}), retrying: {exc}")
            await asyncio.sleep(0.05 * (attempt + 1))
    return attempts - 1


def cpu_seconds() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, int(-(-p * len(sorted_values) // 100)))  # ceil(p/100 * n)
    return sorted_values[min(rank, len(sorted_values)) - 1]


class Bench:
    def __init__(self, m: Any, driver: Any, args: argparse.Namespace) -> None:
        self.m = m
        self.driver = driver
        self.args = args
        self.pool: list[Any] = []  # the 100 "bench-mv" products (get / update)
        self.to_delete: list[Any] = []
        self.seq = itertools.count()
        self.page_lock = asyncio.Lock()
        self.setup_retries = 0

    def new_product(self, category: str | None = None, brand: str | None = None) -> Any:
        i = next(self.seq)
        return self.m.Product(
            id=uuid4(),
            name=f"Bench Artifact {i}",
            category=category or f"bench-ins-{i % 100}",
            brand=brand or f"bench-brand-{i % 14}",
            price=round(10 + (i % 100000) / 100, 2),
            description=DESCRIPTION,
            created_at=datetime.now(timezone.utc),
        )

    # -- data -----------------------------------------------------------------

    async def count_partition(self, category: str) -> int:
        return len(await self.stream_partition(category))

    async def stream_partition(self, category: str) -> list[Any]:
        docs: list[Any] = []
        state = None
        max_pages = self.args.stream_rows // self.args.page_size + 3
        for _ in range(max_pages + 1):
            query = self.m.ProductByCategory.find(category=category).fetch_size(self.args.page_size).page(state)
            if self.args.stream_mode == "locked":
                # Python coodie keeps the last paging state on the shared driver
                # (CassandraDriver._last_paging_state), so two pages fetched at once can swap
                # states; one page request at a time is the only way to page correctly.
                async with self.page_lock:
                    page = await query.paged_all()
            else:
                page = await query.paged_all()
            docs.extend(page.data)
            state = page.paging_state
            if not state:
                return docs
        raise ScriptError(f"stream of {category!r} did not end after {max_pages} pages ({len(docs)} rows): "
                          "the paging state went wrong")

    async def fill(self, category: str, brand: str, rows: int) -> None:
        have = await self.count_partition(category)
        if have > rows:
            raise ScriptError(f"partition {category!r} has {have} rows, more than {rows}: use a fresh keyspace")
        missing = [self.new_product(category, brand) for _ in range(rows - have)]
        if missing:
            warn(f"setup: inserting {len(missing)} products into category {category!r}")
        await self.save_all(missing, "setup")
        # Views are updated asynchronously from the base table; wait until the partition is full.
        for _ in range(100):
            if await self.count_partition(category) == rows:
                return
            await asyncio.sleep(0.2)
        raise ScriptError(f"view partition {category!r} did not reach {rows} rows")

    async def setup(self) -> None:
        await self.m.Product.sync_table()
        await self.m.ProductByCategory.sync_view()
        await self.m.ProductByBrand.sync_view()
        await self.fill(MV_CATEGORY, "bench-mv-brand", self.args.mv_rows)
        if "stream" in self.args.ops:
            await self.fill(STREAM_CATEGORY, "bench-stream-brand", self.args.stream_rows)

    async def load_pool(self) -> None:
        rows = await self.m.ProductByCategory.find(category=MV_CATEGORY).all()
        if len(rows) != self.args.mv_rows:
            raise ScriptError(f"category {MV_CATEGORY!r} has {len(rows)} rows, not {self.args.mv_rows}; "
                              "run without --no-setup")
        self.pool = [await self.m.Product.find_one(id=r.id) for r in rows]

    # -- operations -------------------------------------------------------------

    async def op_insert(self, i: int) -> None:
        await self.new_product().save()

    async def op_get(self, i: int) -> None:
        doc = await self.m.Product.find_one(id=self.pool[i % len(self.pool)].id)
        if doc is None:
            raise RuntimeError("get: stored product not found")

    async def op_mv_partition(self, i: int) -> None:
        rows = await self.m.ProductByCategory.find(category=MV_CATEGORY).all()
        if len(rows) != self.args.mv_rows:
            raise RuntimeError(f"mv_partition: {len(rows)} rows, not {self.args.mv_rows}")

    async def op_update(self, i: int) -> None:
        await self.pool[i % len(self.pool)].update(price=round(1 + (i % 10000) / 100, 2))

    async def op_delete(self, i: int) -> None:
        await self.to_delete[i].delete()

    async def op_batch(self, i: int) -> None:
        from coodie.aio import AsyncBatchQuery

        async with AsyncBatchQuery(logged=self.args.batch_kind == "logged") as batch:
            for _ in range(self.args.batch_size):
                await self.new_product().save(batch=batch)

    async def op_sync_table(self, i: int) -> None:
        await self.m.Product.sync_table()

    async def op_sync_table_uncached(self, i: int) -> None:
        self.driver._known_tables.clear()  # Python coodie's per-process "already synced" cache
        await self.m.Product.sync_table()

    async def op_stream(self, i: int) -> None:
        docs = await self.stream_partition(STREAM_CATEGORY)
        if len(docs) != self.args.stream_rows:
            raise RuntimeError(f"stream: {len(docs)} rows, not {self.args.stream_rows}")

    def rows_per_op(self, op: str) -> int:
        return {"mv_partition": self.args.mv_rows, "batch": self.args.batch_size,
                "stream": self.args.stream_rows}.get(op, 1)

    # -- running ----------------------------------------------------------------

    async def save_all(self, docs: list[Any], what: str) -> None:
        """Saves `docs`, 64 at a time, each with retries after a timeout (untimed fixture)."""
        sem = asyncio.Semaphore(64)

        async def save(p: Any) -> None:
            async with sem:
                self.setup_retries += await with_retries(p.save, self.args.attempts, what)

        await asyncio.gather(*(save(p) for p in docs))

    async def prepare(self, op: str, count: int) -> None:
        if op == "delete":
            fresh = [self.new_product("bench-del", "bench-del-brand") for _ in range(count)]
            await self.save_all(fresh, "delete: rows to delete")
            self.to_delete = fresh

    async def timed(self, op: str, count: int, concurrency: int) -> dict[str, Any]:
        fn: Callable[[int], Awaitable[None]] = getattr(self, f"op_{op}")
        warmup = min(self.args.warmup, count) if op not in ("stream", "delete") else (1 if op == "stream" else 0)
        attempts = self.args.attempts
        for i in range(warmup):
            await with_retries(lambda i=i: fn(i), attempts, f"{op}: warm-up")
        await self.prepare(op, count)
        latencies: list[float] = []
        errors: list[str] = []
        retries = 0
        counter = itertools.count()

        async def worker() -> None:
            nonlocal retries
            while (i := next(counter)) < count:
                t0 = time.perf_counter()
                try:
                    retries += await with_retries(lambda i=i: fn(i), attempts, f"{op}@{concurrency}")
                except Exception as exc:  # noqa: BLE001 - counted and reported, the run goes on
                    errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                latencies.append(time.perf_counter() - t0)

        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(min(concurrency, count))))
        wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
        latencies.sort()
        done = len(latencies)
        result = {
            "lib": "python-coodie",
            "coodie": version("coodie"),
            "driver": f"scylla-driver {version('scylla-driver')}",
            "python": platform.python_version(),
            "api": "async (coodie.aio, asyncio coroutines)",
            "op": op,
            "concurrency": concurrency,
            "ops": done,
            "rows_per_op": self.rows_per_op(op),
            "wall_s": round(wall, 6),
            "ops_per_s": round(done / wall, 2) if wall > 0 else None,
            "p50_ms": round(percentile(latencies, 50) * 1e3, 3) if done else None,
            "p99_ms": round(percentile(latencies, 99) * 1e3, 3) if done else None,
            "cpu_s": round(cpu, 6),
            "cpu_us_per_op": round(cpu / done * 1e6, 1) if done else None,
            "errors": len(errors),
            "retries": retries,
            "setup_retries": self.setup_retries,
        }
        if op == "stream":
            result["page_size"] = self.args.page_size
            result["stream_mode"] = self.args.stream_mode
        if errors:
            result["first_error"] = errors[0]
        return result


def csv_list(text: str, allowed: tuple[str, ...] | None = None) -> list[str]:
    items = [t.strip() for t in text.split(",") if t.strip()]
    if allowed is not None:
        bad = [t for t in items if t not in allowed]
        if bad:
            raise argparse.ArgumentTypeError(f"unknown: {', '.join(bad)} (known: {', '.join(allowed)})")
    return items


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_connection_args(p)
    p.add_argument("--ops", type=lambda t: csv_list(t, ALL_OPS), default=list(ALL_OPS),
                   help=f"operations, comma-separated (default: all: {','.join(ALL_OPS)})")
    p.add_argument("--concurrency", type=lambda t: [int(c) for c in csv_list(t)], default=[1, 64],
                   help="concurrency levels, comma-separated (default 1,64)")
    p.add_argument("--count", type=int, default=None,
                   help="timed operations per (op, concurrency) for every op (default: per op, "
                        + ", ".join(f"{k} {v}" for k, v in DEFAULT_COUNTS.items()) + ")")
    p.add_argument("--count-of", action="append", default=[], metavar="OP=N",
                   help="timed operations for one op, e.g. --count-of stream=2 (repeatable)")
    p.add_argument("--warmup", type=int, default=20, help="untimed operations before each timed run (default 20)")
    p.add_argument("--mv-rows", type=int, default=100, help="rows of the mv_partition partition (default 100)")
    p.add_argument("--stream-rows", type=int, default=10_000, help="rows of the stream partition (default 10000)")
    p.add_argument("--page-size", type=int, default=5000, help="page size of stream (default 5000, the driver's)")
    p.add_argument("--stream-mode", choices=("locked", "racy"), default="locked",
                   help="locked (default): one page request at a time across coroutines, the workaround "
                        "for Python coodie's shared paging state; racy: as a user would write it, which "
                        "returns wrong rows at concurrency > 1 (counted as errors)")
    p.add_argument("--batch-size", type=int, default=100, help="inserts per batch (default 100)")
    p.add_argument("--batch-kind", choices=("logged", "unlogged"), default="logged",
                   help="batch type (default logged, AsyncBatchQuery's default)")
    p.add_argument("--no-setup", action="store_true", help="skip sync and fixture data (they must exist)")
    p.add_argument("--attempts", type=int, default=3,
                   help="runs of an operation at most, after timeouts (default 3; 1: no retry)")
    p.add_argument("--request-timeout", type=float, default=30.0,
                   help="the driver's client-side timeout per request, seconds (default 30, above the "
                        "server's 10 so that its answer comes first)")
    return p


async def main() -> int:
    p = parser()
    args = p.parse_args()
    args.keyspace = common.checked_keyspace(args, p)
    counts = dict(DEFAULT_COUNTS)
    if args.count is not None:
        counts = {k: args.count for k in counts}
    for item in args.count_of:
        op, _, n = item.partition("=")
        if op not in ALL_OPS or not n.isdigit():
            p.error(f"--count-of {item!r}: expected OP=N with OP one of {', '.join(ALL_OPS)}")
        counts[op] = int(n)
    if any(c < 1 for c in args.concurrency) or min(counts.values()) < 1:
        p.error("counts and concurrency levels must be >= 1")
    if args.attempts < 1 or args.request_timeout <= 0:
        p.error("--attempts must be >= 1 and --request-timeout > 0")

    m = load_models(args.keyspace)
    driver = await common.connect(args, args.keyspace)
    driver._session.default_timeout = args.request_timeout  # the scylla-driver Session's
    try:
        bench = Bench(m, driver, args)
        if not args.no_setup:
            await bench.setup()
        await bench.load_pool()
        failed = False
        for op in args.ops:
            for conc in args.concurrency:
                result = await bench.timed(op, counts[op], conc)
                print(json_line(result), flush=True)
                failed |= result["errors"] > 0
        if failed:
            warn("some operations failed (see errors / first_error above)")
            return common.EXIT_FAILURE
        return 0
    finally:
        driver.close()


if __name__ == "__main__":
    sys.exit(common.run(main))
