# coodie: `make run` (database, schema, seed data, the demo on http://127.0.0.1:8000)
# and `make test` (database, then every test of the workspace).
#
# The database: ScyllaDB from docker-compose.yml when a Docker engine answers,
# else Apache Cassandra 5.0 from Maven Central on JDK 17 (tools/cassandra/).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

SCYLLA_HOSTS ?= 127.0.0.1
SCYLLA_KEYSPACE ?= viewdemo
SEED_COUNT ?= 50
export SCYLLA_HOSTS SCYLLA_KEYSPACE

CARGO ?= cargo
CASSANDRA := tools/cassandra/cassandra.sh
DBCTL := $(CARGO) run --quiet -p coodie-dbctl --
DB_WAIT ?= 180

.PHONY: db-up db-down seed run test bench bench-smoke bench-profile lint clean help

help:
	@echo "make run      database, schema, seed data, then the demo on http://127.0.0.1:8000"
	@echo "make test     database, then every test of the workspace"
	@echo "make db-up    start the database (ScyllaDB with Docker, else Cassandra) and create keyspace $(SCYLLA_KEYSPACE)"
	@echo "make db-down  stop the database"
	@echo "make seed     add $(SEED_COUNT) products (SEED_COUNT=n for more)"
	@echo "make bench    benchmarks: coodie beside raw scylla, charybdis and Python coodie; writes BENCHMARKS.md"
	@echo "make bench-smoke   the benchmark harness on a few operations per library, seconds (CI)"
	@echo "make bench-profile callgrind instruction counts per operation (valgrind)"
	@echo "make lint     rustfmt and clippy"
	@echo "make clean    stop the database and remove its data"

db-up:
	@if docker info >/dev/null 2>&1; then \
	  echo "db-up: Docker answers; starting ScyllaDB (docker-compose.yml)"; \
	  docker compose up -d scylla; \
	else \
	  echo "db-up: no Docker engine; starting Apache Cassandra from Maven Central (tools/cassandra)"; \
	  $(CASSANDRA) start; \
	fi
	@$(DBCTL) wait --timeout $(DB_WAIT) --log .cassandra/logs/system.log
	@$(DBCTL) create-keyspace $(SCYLLA_KEYSPACE)

db-down:
	@$(CASSANDRA) stop
	@if docker info >/dev/null 2>&1; then docker compose stop scylla; fi

seed: db-up
	$(CARGO) run --quiet -p materialized-views-demo --bin seed -- --count $(SEED_COUNT)

run: seed
	$(CARGO) run -p materialized-views-demo

test: db-up
	$(CARGO) test --workspace --all-targets
	$(CARGO) test --workspace --doc

# Benchmarks (bench/, package coodie-bench): see BENCHMARKS.md. BENCH_ARGS passes
# options to `coodie-bench run` (e.g. BENCH_ARGS="--runs 3 --fresh").
BENCH_ARGS ?=
bench: db-up
	$(CARGO) build --release -p coodie-bench -p materialized-views-demo
	target/release/coodie-bench run $(BENCH_ARGS)
	@if command -v valgrind >/dev/null; then \
	  target/release/coodie-bench profile && target/release/coodie-bench report; \
	else echo "bench: no valgrind, instruction counts left out (apt-get install valgrind)"; fi

# The harness end to end on a few operations per library (Python coodie and
# charybdis included) and a second of HTTP per demo: fails when the harness breaks,
# never because a number is slow.
bench-smoke: db-up
	$(CARGO) build -p coodie-bench -p materialized-views-demo
	target/debug/coodie-bench smoke --demo-bin target/debug/materialized-views-demo

bench-profile: db-up
	$(CARGO) build --release -p coodie-bench
	target/release/coodie-bench profile

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps --quiet

clean:
	@$(CASSANDRA) clean
	@if docker info >/dev/null 2>&1; then docker compose down -v; fi
