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

.PHONY: db-up db-down seed run test bench lint clean help

help:
	@echo "make run      database, schema, seed data, then the demo on http://127.0.0.1:8000"
	@echo "make test     database, then every test of the workspace"
	@echo "make db-up    start the database (ScyllaDB with Docker, else Cassandra) and create keyspace $(SCYLLA_KEYSPACE)"
	@echo "make db-down  stop the database"
	@echo "make seed     add $(SEED_COUNT) products (SEED_COUNT=n for more)"
	@echo "make bench    benchmarks: coodie against the raw scylla driver"
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

bench: db-up
	$(CARGO) bench -p coodie

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps --quiet

clean:
	@$(CASSANDRA) clean
	@if docker info >/dev/null 2>&1; then docker compose down -v; fi
