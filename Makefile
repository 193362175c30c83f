# coodie: `make run` (database, schema, seed data, the demo on http://127.0.0.1:8000)
# and `make test` (database, then every test of the workspace).
#
# The database: ScyllaDB from docker-compose.yml when a Docker engine answers,
# else Apache Cassandra 5.0 from Maven Central on JDK 17 (tools/cassandra/).
# What a target needs from Debian (JDK 17 and Maven for Cassandra, Chromium for the
# browser test) it installs itself with apt-get when run as root, else it stops and
# prints the command to run (tools/need.sh).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

SCYLLA_HOSTS ?= 127.0.0.1
SCYLLA_KEYSPACE ?= viewdemo
SEED_COUNT ?= 50
export SCYLLA_HOSTS SCYLLA_KEYSPACE

CARGO ?= cargo
CASSANDRA := tools/cassandra/cassandra.sh
CLUSTER := tools/cassandra/cluster.sh
SECURE_NODE := tools/cassandra/secure-node.sh
NEED := tools/need.sh
# One build of every target of the workspace with one feature set, dev-dependencies
# included: `make test`, `make schemathesis` and `make bench-smoke` share it. Built
# with `-p X` instead, cargo resolves X's features alone and builds the shared
# dependencies again: 75-80 s for each such step of a cold CI run.
WORKSPACE_BUILD := $(CARGO) build --quiet --workspace --all-targets
BIN_DIR := $(or $(CARGO_TARGET_DIR),target)/debug
# How `make db-up` and `make cluster-up` reach the database. `make test` runs the
# binary of its workspace build; `.ci/run` exports DBCTL=$(BIN_DIR)/coodie-dbctl
# after it, so that no later step builds coodie-dbctl a second time.
DBCTL ?= $(CARGO) run --quiet -p coodie-dbctl --
DB_WAIT ?= 180
# The replication factor of the keyspace `make db-up` creates.
KEYSPACE_RF ?= 1
# `make db-up` starts a local database only for the default contact point; with
# SCYLLA_HOSTS pointing elsewhere (the local cluster, a server of your own) it
# waits for that one and creates the keyspace there.
LOCAL_DB := $(filter 127.0.0.1 127.0.0.1:9042 localhost localhost:9042,$(SCYLLA_HOSTS))
# The cluster tests and the security test are not part of `cargo test --workspace`
# (they need their own servers); `make test-cluster` and `make test-security` run them.
# `--workspace` (not `-p coodie`), so that they reuse the dependencies `make test` built.
CLUSTER_TESTS := $(CARGO) test --workspace --test cluster -- --test-threads=1 --nocapture
# The cluster proof of view verify/repair (`make test-view-drift`, coodie/tests/view_drift.rs):
# a view made to drift for real (RF 1, the view replica killed, hints off), verify finds
# exactly that drift, repair fixes it under a concurrent writer. About 2.5 minutes on a
# running cluster; CI runs it after `make test-cluster`, on the same cluster.
VIEW_DRIFT_TESTS := $(CARGO) test --workspace --test view_drift -- --nocapture
# `make bench-scan`: rows in the table of the scan benchmark (coodie/examples/scan_bench.rs).
SCAN_ROWS ?= 1000000
SCAN_BENCH := $(CARGO) run --release --quiet -p coodie --example scan_bench --
# Load with a checker (tools/load): the demo under LOAD_CLIENTS concurrent clients for
# LOAD_SECONDS of mixed traffic, then every acknowledged write checked in the base
# table and both views. Each run drops and recreates its own keyspace.
LOAD_CLIENTS ?= 64
LOAD_SECONDS ?= 120
FAULT_SECONDS ?= 150
FAULT_NODE := tools/cassandra/fault-node.sh
LOAD_BUILD := $(CARGO) build --quiet -p materialized-views-demo --bins && $(CARGO) build --quiet -p coodie-load
LOAD := $(CARGO) run --quiet -p coodie-load -- --clients $(LOAD_CLIENTS)
SECURITY_TESTS := $(CARGO) test -p coodie --features tls --lib session && \
  $(CARGO) test -p coodie --features tls --doc tls && \
  $(CARGO) test -p coodie --features tls --test security -- --test-threads=1 --nocapture

.PHONY: db-up db-down seed run test bench lint clean help browser-deps lint-deps \
        cluster-up cluster-down cluster-status test-cluster test-security bench-scan \
        load load-cluster faults faults-node faults-cluster schemathesis list-walk \
        bench-smoke bench-profile test-view-drift

help:
	@echo "make run           database, schema, seed data, then the demo on http://127.0.0.1:8000"
	@echo "make test          build the workspace, start the database, run every test"
	@echo "make db-up         start the database (ScyllaDB with Docker, else Cassandra) and create keyspace $(SCYLLA_KEYSPACE)"
	@echo "make db-down       stop the database"
	@echo "make seed          add $(SEED_COUNT) products (SEED_COUNT=n for more)"
	@echo "make bench         benchmarks: coodie beside raw scylla, charybdis and Python coodie; writes BENCHMARKS.md"
	@echo "make bench-smoke   the benchmark harness on a few operations per library, seconds (CI)"
	@echo "make bench-profile callgrind instruction counts per operation (valgrind)"
	@echo "make bench-scan    release build: $(SCAN_ROWS) rows, a full token-range scan and a view check (rows/s, peak RSS)"
	@echo "make lint          rustfmt, clippy and rustdoc"
	@echo "make cluster-up    a local three-node Cassandra cluster on 127.0.0.1-3:9043"
	@echo "make cluster-down  stop the cluster"
	@echo "make cluster-status which nodes run, and nodetool status"
	@echo "make test-cluster  cluster-up, then the cluster tests (RF 3, QUORUM, a node stopped during writes)"
	@echo "make test-view-drift cluster-up, then the cluster proof of view verify/repair (a view drifted for real, found and repaired)"
	@echo "make test-security a throwaway node with passwords and TLS, the security test against it, then stop it"
	@echo "make load          64 clients, 2 minutes of mixed traffic on the demo, then every acknowledged write checked"
	@echo "make load-cluster  the same on the three-node cluster (RF 3)"
	@echo "make faults        faults-node and faults-cluster"
	@echo "make faults-node   a private node stopped and started under load; the library's reconnect test"
	@echo "make faults-cluster two of the three cluster nodes stopped and started under load"
	@echo "make schemathesis  Schemathesis, every check, against the demo's /openapi.json ($(SCHEMATHESIS_SECONDS) s)"
	@echo "make list-walk     GET /products on 100,000 products (LIST_COUNT=n): first page, every page, peak RSS"
	@echo "make clean         stop the database and the cluster and remove their data"

db-up:
	@if [ -z "$(LOCAL_DB)" ]; then \
	  echo "db-up: SCYLLA_HOSTS=$(SCYLLA_HOSTS); not starting a local database"; \
	elif docker info >/dev/null 2>&1; then \
	  echo "db-up: Docker answers; starting ScyllaDB (docker-compose.yml)"; \
	  docker compose up -d scylla; \
	else \
	  echo "db-up: no Docker engine; starting Apache Cassandra from Maven Central (tools/cassandra)"; \
	  $(CASSANDRA) start; \
	fi
	@$(DBCTL) wait --timeout $(DB_WAIT) --log .cassandra/logs/system.log
	@$(DBCTL) create-keyspace $(SCYLLA_KEYSPACE) --replication-factor $(KEYSPACE_RF)

db-down:
	@$(CASSANDRA) stop
	@if docker info >/dev/null 2>&1; then docker compose stop scylla; fi

seed: db-up
	$(CARGO) run --quiet -p materialized-views-demo --bin seed -- --count $(SEED_COUNT)

run: seed
	$(CARGO) run -p materialized-views-demo

# Only the browser test (in `make test`) needs Chromium; `make run` does not.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
	    || ! command -v chromedriver >/dev/null 2>&1; then \
	  $(NEED) "the browser test of make test" chromium chromium-driver; \
	fi

# Builds first, then starts the database with the coodie-dbctl of that build.
test: browser-deps
	$(WORKSPACE_BUILD)
	@$(MAKE) --no-print-directory db-up DBCTL=$(BIN_DIR)/coodie-dbctl
	$(CARGO) test --workspace --all-targets
	$(CARGO) test --workspace --doc

# Benchmarks (bench/, package coodie-bench): see BENCHMARKS.md. BENCH_ARGS passes
# options to `coodie-bench run` (e.g. BENCH_ARGS="--runs 3 --fresh").
BENCH_ARGS ?=
bench: db-up
	@$(NEED) "the HTTP part of make bench" wrk
	$(CARGO) build --release -p coodie-bench -p materialized-views-demo
	target/release/coodie-bench run $(BENCH_ARGS)
	@if command -v valgrind >/dev/null; then \
	  target/release/coodie-bench profile && target/release/coodie-bench report; \
	else echo "bench: no valgrind, instruction counts left out (apt-get install valgrind)"; fi

# The harness end to end on a few operations per library (Python coodie and
# charybdis included) and a second of HTTP per demo: fails when the harness breaks,
# never because a number is slow.
bench-smoke: db-up
	@$(NEED) "the HTTP part of make bench-smoke" wrk
	$(WORKSPACE_BUILD)
	$(BIN_DIR)/coodie-bench smoke --demo-bin $(BIN_DIR)/materialized-views-demo

bench-profile: db-up
	$(CARGO) build --release -p coodie-bench
	target/release/coodie-bench profile

# Each step in its own process, so that each one's peak memory is its own.
bench-scan: db-up
	$(SCAN_BENCH) generate $(SCAN_ROWS)
	$(SCAN_BENCH) scan
	$(SCAN_BENCH) verify

lint-deps:
	@if ! $(CARGO) fmt --version >/dev/null 2>&1 || ! $(CARGO) clippy --version >/dev/null 2>&1; then \
	  if command -v rustup >/dev/null 2>&1; then rustup component add rustfmt clippy; \
	  else echo "lint: cargo fmt and cargo clippy are missing (rustup component add rustfmt clippy)"; exit 1; fi; \
	fi

lint: lint-deps
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --features coodie/tls \
	  --test cluster --test view_drift --test security --test reconnect -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --features coodie/tls --no-deps --quiet

# Also creates the demo's keyspace in the cluster with RF 3, so that
# `SCYLLA_HOSTS=$$(tools/cassandra/cluster.sh hosts) make run` runs the demo on it.
cluster-up:
	@$(CLUSTER) up
	@SCYLLA_HOSTS=$$($(CLUSTER) hosts) $(DBCTL) create-keyspace $(SCYLLA_KEYSPACE) --replication-factor 3

cluster-down:
	@$(CLUSTER) down

cluster-status:
	@$(CLUSTER) status

test-cluster: cluster-up
	COODIE_CLUSTER_HOSTS=$$($(CLUSTER) hosts) $(CLUSTER_TESTS)

test-view-drift: cluster-up
	COODIE_CLUSTER_HOSTS=$$($(CLUSTER) hosts) $(VIEW_DRIFT_TESTS)

# Always stops the throwaway node again, whether the tests pass or not.
test-security:
	@trap '$(SECURE_NODE) down' EXIT; $(SECURE_NODE) up; \
	  eval "$$($(SECURE_NODE) env)"; $(SECURITY_TESTS)

# The cluster, the secure node and the fault node exist once per machine: when
# other work shares it, run these under `flock /tmp/coodie-cluster.lock` (the
# cluster) or `flock /tmp/coodie-fault-node.lock` (the fault node).
load: db-up
	@$(LOAD_BUILD)
	$(LOAD) --hosts $(SCYLLA_HOSTS) --keyspace load_single --duration $(LOAD_SECONDS)

load-cluster: cluster-up
	@$(LOAD_BUILD)
	$(LOAD) --hosts $$($(CLUSTER) hosts) --keyspace load_cluster --replication-factor 3 \
	  --duration $(LOAD_SECONDS)

faults: faults-node faults-cluster

# Always stops the fault node again, whether the runs pass or not.
faults-node:
	@$(LOAD_BUILD)
	@trap '$(FAULT_NODE) down' EXIT; $(FAULT_NODE) up; \
	  $(CARGO) test -p coodie --test reconnect -- --nocapture && \
	  $(LOAD) --hosts $$($(FAULT_NODE) hosts) --keyspace faults_node --duration $(FAULT_SECONDS) \
	    --outage-after 30 --outage-for 15 \
	    --outage-stop '$(FAULT_NODE) stop' --outage-start 'CASSANDRA_START_TIMEOUT=600 $(FAULT_NODE) start'

# Nodes 2 and 3 of 3 stopped: no QUORUM until one is back.
faults-cluster: cluster-up
	@$(LOAD_BUILD)
	$(LOAD) --hosts $$($(CLUSTER) hosts) --keyspace faults_cluster --replication-factor 3 \
	  --duration $(FAULT_SECONDS) --outage-after 30 --outage-for 15 \
	  --outage-stop '$(CLUSTER) stop-node 2 & $(CLUSTER) stop-node 3 & wait' \
	  --outage-start 'export CASSANDRA_START_TIMEOUT=600; $(CLUSTER) start-node 2 & p=$$!; $(CLUSTER) start-node 3; wait $$p'

# Every check, bounded in time: fuzzing and stateful runs repeat until
# SCHEMATHESIS_SECONDS are spent (a fresh random seed each run).
SCHEMATHESIS_SECONDS ?= 120
schemathesis: db-up
	@command -v python3 >/dev/null 2>&1 && python3 -c 'import ensurepip, venv' 2>/dev/null \
	  || $(NEED) "the Schemathesis venv of make schemathesis" python3 python3-venv
	@command -v curl >/dev/null 2>&1 || $(NEED) "make schemathesis" curl
	SCHEMATHESIS_BUILD="$(WORKSPACE_BUILD)" demos/materialized-views/tests/schemathesis.sh \
	  --max-time $(SCHEMATHESIS_SECONDS)

# GET /products on LIST_COUNT seeded products (keyspace list_walk): the first page,
# a walk through every page, the demo's peak memory.
LIST_COUNT ?= 100000
list-walk: db-up
	tools/load/list-walk.sh $(LIST_COUNT)

clean:
	@$(CLUSTER) clean
	@$(SECURE_NODE) clean
	@$(FAULT_NODE) clean
	@$(CASSANDRA) clean
	@if docker info >/dev/null 2>&1; then docker compose down -v; fi
