//! coodie on a real three-node Cassandra cluster (`make cluster-up`: 127.0.0.1-3,
//! CQL port 9043, one datacenter `datacenter1`): token-aware and datacenter-aware
//! routing, a keyspace replicated three times written and read at QUORUM through
//! the base table and its views, and a node stopped in the middle of a stream of
//! QUORUM writes that, once back, serves every acknowledged write from its own data.
//!
//! Run by `make test-cluster` (which starts the cluster) as
//! `cargo test -p coodie --test cluster -- --test-threads=1`; the tests stop and
//! start a node, so they run one at a time. `COODIE_CLUSTER_HOSTS` overrides the
//! contact points.

use std::collections::{BTreeMap, HashSet};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use coodie::prelude::*;
use coodie::schema::BuildState;
use coodie::scylla::client::session::Session as DriverSession;
use coodie::scylla::cluster::Node;
use coodie::scylla::policies::load_balancing::{NodeIdentifier, SingleTargetLoadBalancingPolicy};
use coodie::scylla::statement::unprepared::Statement;
use coodie::{Replication, SessionBuilder};
use coodie_test_support::eventually;
use futures::StreamExt;
use uuid::Uuid;

const KS: &str = "coodie_cluster";
const NODES: usize = 3;
/// The node the fault test stops and starts.
const VICTIM: usize = 2;
/// How long views may take to follow the base table.
const PROPAGATION: Duration = Duration::from_secs(30);

/// An order; the two views read it by customer and by status.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "orders")]
pub struct Order {
    #[coodie(partition_key)]
    pub id: Uuid,
    pub customer: String,
    pub status: String,
    pub total: i64,
    pub seq: i64,
}

/// Orders of one customer.
#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(view = "orders_by_customer", base = Order)]
pub struct OrderByCustomer {
    #[coodie(partition_key)]
    pub customer: String,
    #[coodie(clustering_key)]
    pub id: Uuid,
    pub status: String,
    pub total: i64,
}

/// Orders in one status.
#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(view = "orders_by_status", base = Order)]
pub struct OrderByStatus {
    #[coodie(partition_key)]
    pub status: String,
    #[coodie(clustering_key)]
    pub id: Uuid,
    pub customer: String,
    pub total: i64,
}

/// A shipment; its view is created over a table that already holds rows, so that
/// every node has a build to do.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "shipments")]
pub struct Shipment {
    #[coodie(partition_key)]
    pub id: Uuid,
    pub carrier: String,
    pub weight: i64,
}

/// Shipments of one carrier.
#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(view = "shipments_by_carrier", base = Shipment)]
pub struct ShipmentByCarrier {
    #[coodie(partition_key)]
    pub carrier: String,
    #[coodie(clustering_key)]
    pub id: Uuid,
    pub weight: i64,
}

/// The cluster's contact points: `COODIE_CLUSTER_HOSTS`, else the layout of
/// `make cluster-up`.
fn cluster_hosts() -> Vec<String> {
    let hosts = std::env::var("COODIE_CLUSTER_HOSTS")
        .unwrap_or_else(|_| "127.0.0.1:9043,127.0.0.2:9043,127.0.0.3:9043".into());
    hosts
        .split(',')
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(String::from)
        .collect()
}

fn builder() -> SessionBuilder {
    coodie::Session::builder()
        .hosts(cluster_hosts())
        .keyspace(KS)
        .connect_timeout(Duration::from_secs(5))
}

async fn connect_with(builder: SessionBuilder) -> Session {
    builder.connect().await.unwrap_or_else(|e| {
        panic!(
            "cannot reach the cluster at {}: {e}\nrun `make cluster-up` (or `make test-cluster`)",
            cluster_hosts().join(",")
        )
    })
}

/// A session on the cluster that sees all three nodes.
async fn connect() -> Session {
    let db = connect_with(builder()).await;
    let nodes = db
        .driver()
        .get_session()
        .get_cluster_state()
        .get_nodes_info()
        .len();
    assert_eq!(
        nodes, NODES,
        "the driver sees {nodes} nodes, not {NODES}: run `make cluster-up`"
    );
    db
}

/// The keyspace (replication factor 3 in `datacenter1`, through
/// `NetworkTopologyStrategy`) with the table and both views, made once per run.
async fn replicated() -> Session {
    static READY: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    READY
        .get_or_init(|| async {
            // The fault test may have been interrupted with the victim stopped.
            cluster_script(&["start-node", &VICTIM.to_string()]);
            let db = connect().await;
            db.drop_keyspace(KS).await.expect("drop the keyspace");
            db.create_keyspace(KS, &Replication::network_topology([("datacenter1", 3)]))
                .await
                .expect("create the keyspace with RF 3");
            Order::sync_table(&db).await.expect("sync the table");
            OrderByCustomer::sync_view(&db)
                .await
                .expect("sync the customer view");
            OrderByStatus::sync_view(&db)
                .await
                .expect("sync the status view");
        })
        .await;
    let db = connect().await;
    db.driver()
        .get_session()
        .refresh_metadata()
        .await
        .expect("refresh the metadata");
    db
}

fn order(customer: &str, status: &str, seq: i64) -> Order {
    Order {
        id: Uuid::new_v4(),
        customer: customer.into(),
        status: status.into(),
        total: 100 + seq,
        seq,
    }
}

fn quorum() -> WriteOptions {
    WriteOptions::new().consistency(Consistency::Quorum)
}

/// The node of the driver's metadata at `127.0.0.<n>`.
fn node(db: &Session, n: usize) -> Arc<Node> {
    let address: IpAddr = format!("127.0.0.{n}").parse().unwrap();
    db.driver()
        .get_session()
        .get_cluster_state()
        .get_nodes_info()
        .iter()
        .find(|node| node.address.ip() == address)
        .unwrap_or_else(|| panic!("the driver does not know node {address}"))
        .clone()
}

/// Runs `cql` on `node` alone (the driver's single-target policy), at `consistency`.
async fn on_node<R>(
    driver: &DriverSession,
    node: &Arc<Node>,
    cql: &str,
    consistency: Consistency,
) -> Result<Vec<R>, String>
where
    R: for<'f, 'm> coodie::scylla::deserialize::row::DeserializeRow<'f, 'm>,
{
    let mut statement = Statement::new(cql);
    statement.set_consistency(consistency);
    statement.set_page_size(5_000);
    statement.set_load_balancing_policy(Some(SingleTargetLoadBalancingPolicy::new(
        NodeIdentifier::Node(node.clone()),
        None,
    )));
    let pager = driver
        .query_iter(statement, ())
        .await
        .map_err(|e| format!("{cql} on {}: {e}", node.address))?;
    let mut rows = pager
        .rows_stream::<R>()
        .map_err(|e| format!("{cql} on {}: {e}", node.address))?;
    let mut all = Vec::new();
    while let Some(row) = futures::TryStreamExt::try_next(&mut rows)
        .await
        .map_err(|e| format!("{cql} on {}: {e}", node.address))?
    {
        all.push(row);
    }
    Ok(all)
}

/// `tools/cassandra/cluster.sh ARGS`, failing the test if it fails.
fn cluster_script(args: &[&str]) {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/cassandra/cluster.sh");
    let status = std::process::Command::new(&script)
        .args(args)
        .status()
        .unwrap_or_else(|e| panic!("running {}: {e}", script.display()));
    assert!(
        status.success(),
        "{} {} failed: {status}",
        script.display(),
        args.join(" ")
    );
}

#[tokio::test]
async fn the_session_sees_every_node_and_routes_each_write_to_its_replica() {
    let db = connect().await;
    let driver = db.driver().get_session();
    let state = driver.get_cluster_state();
    let mut addresses: Vec<String> = state
        .get_nodes_info()
        .iter()
        .map(|n| {
            assert_eq!(n.datacenter.as_deref(), Some("datacenter1"), "{n:?}");
            n.address.to_string()
        })
        .collect();
    addresses.sort();
    // The driver reaches the discovered peers on the contact point's port.
    assert_eq!(
        addresses,
        ["127.0.0.1:9043", "127.0.0.2:9043", "127.0.0.3:9043"]
    );

    // With one replica per partition, a token-aware session sends each statement
    // to that replica: the trace's coordinator is the partition's only owner.
    const SINGLE: &str = "coodie_cluster_rf1";
    db.drop_keyspace(SINGLE).await.expect("drop");
    db.create_keyspace(SINGLE, &Replication::Simple(1))
        .await
        .expect("create RF 1");
    db.execute_ddl(&format!(
        "CREATE TABLE {SINGLE}.kv (k int PRIMARY KEY, v int)"
    ))
    .await
    .expect("create table");
    driver.refresh_metadata().await.expect("refresh metadata");
    let mut insert = driver
        .prepare(format!("INSERT INTO {SINGLE}.kv (k, v) VALUES (?, ?)"))
        .await
        .expect("prepare");
    insert.set_tracing(true);
    let mut coordinators = BTreeMap::new();
    for k in 0..12 {
        let owners = driver
            .get_cluster_state()
            .get_endpoints(SINGLE, "kv", &(k,))
            .expect("replicas of k");
        assert_eq!(owners.len(), 1, "RF 1: one replica");
        let owner = owners[0].0.address.ip();
        let result = driver
            .execute_unpaged(&insert, (k, k))
            .await
            .expect("insert");
        let trace_id = result
            .tracing_id()
            .expect("a traced statement has a tracing id");
        let trace = eventually(Duration::from_secs(10), || async {
            driver.get_tracing_info(&trace_id).await.ok()
        })
        .await
        .expect("the trace is readable");
        assert_eq!(
            trace.coordinator,
            Some(owner),
            "k = {k}: not routed to its replica"
        );
        *coordinators.entry(owner).or_insert(0) += 1;
    }
    assert!(
        coordinators.len() > 1,
        "12 keys all on one node: {coordinators:?}"
    );
    eprintln!("token-aware: 12 inserts, each coordinated by its replica: {coordinators:?}");
    db.drop_keyspace(SINGLE).await.expect("drop");
}

#[tokio::test]
async fn a_local_datacenter_keeps_statements_in_it() {
    let local = connect_with(builder().local_datacenter("datacenter1")).await;
    local
        .execute("SELECT release_version FROM system.local", ())
        .await
        .expect("datacenter1 is the cluster's datacenter");

    // No node in `nowhere` and no failover: nothing may be sent, and connect says so.
    let started = Instant::now();
    let err = builder()
        .local_datacenter("nowhere")
        .connect()
        .await
        .expect_err("a datacenter without nodes");
    assert!(started.elapsed() < Duration::from_secs(10), "{err}");
    eprintln!("local datacenter `nowhere`: {err}");

    let failover = connect_with(
        builder()
            .local_datacenter("nowhere")
            .datacenter_failover(true),
    )
    .await;
    failover
        .execute("SELECT release_version FROM system.local", ())
        .await
        .expect("failover to datacenter1");
}

#[tokio::test]
async fn quorum_writes_are_read_at_quorum_through_the_base_table_and_both_views() {
    let db = replicated().await;
    let orders: Vec<Order> = (0..40)
        .map(|i| {
            order(
                &format!("quorum-c{}", i % 4),
                &format!("quorum-s{}", i % 5),
                i,
            )
        })
        .collect();
    for o in &orders {
        o.save_with(&db, quorum()).await.expect("save at QUORUM");
    }
    for o in &orders {
        let read = Order::find()
            .filter(|c| c.id.eq(o.id))
            .consistency(Consistency::Quorum)
            .one(&db)
            .await
            .expect("read at QUORUM");
        assert_eq!(&read, o);
    }
    for customer in ["quorum-c0", "quorum-c1", "quorum-c2", "quorum-c3"] {
        let mut expected: Vec<OrderByCustomer> = orders
            .iter()
            .filter(|o| o.customer == customer)
            .map(|o| OrderByCustomer {
                customer: o.customer.clone(),
                id: o.id,
                status: o.status.clone(),
                total: o.total,
            })
            .collect();
        expected.sort_by_key(|v| v.id);
        let seen = eventually(PROPAGATION, || async {
            let rows = OrderByCustomer::find()
                .filter(|c| c.customer.eq(customer))
                .consistency(Consistency::Quorum)
                .all(&db)
                .await
                .ok()?;
            (rows == expected).then_some(rows)
        })
        .await;
        assert!(
            seen.is_some(),
            "{customer}: the view never showed {expected:?}"
        );
    }
    for status in [
        "quorum-s0",
        "quorum-s1",
        "quorum-s2",
        "quorum-s3",
        "quorum-s4",
    ] {
        let expected: HashSet<(Uuid, String, i64)> = orders
            .iter()
            .filter(|o| o.status == status)
            .map(|o| (o.id, o.customer.clone(), o.total))
            .collect();
        let seen = eventually(PROPAGATION, || async {
            let rows = OrderByStatus::find()
                .filter(|c| c.status.eq(status))
                .consistency(Consistency::Quorum)
                .all(&db)
                .await
                .ok()?;
            let rows: HashSet<_> = rows
                .into_iter()
                .map(|v| (v.id, v.customer, v.total))
                .collect();
            (rows == expected).then_some(rows)
        })
        .await;
        assert!(
            seen.is_some(),
            "{status}: the view never showed {expected:?}"
        );
    }

    // Every node has built both views: system.built_views is local to each node,
    // so each one is asked on its own.
    for n in 1..=NODES {
        let built = built_on_node(&db, n).await;
        assert!(
            built.contains("orders_by_customer") && built.contains("orders_by_status"),
            "node {n} has built only {built:?}"
        );
    }
}

/// The view names node `n` lists in its own `system.built_views` for keyspace `KS`.
async fn built_on_node(db: &Session, n: usize) -> HashSet<String> {
    let built: Vec<(String,)> = on_node(
        db.driver().get_session(),
        &node(db, n),
        &format!("SELECT view_name FROM system.built_views WHERE keyspace_name = '{KS}'"),
        Consistency::One,
    )
    .await
    .expect("system.built_views");
    built.into_iter().map(|(v,)| v).collect()
}

#[tokio::test]
async fn wait_until_built_waits_for_the_view_on_every_node() {
    let db = replicated().await;
    ShipmentByCarrier::drop_view(&db)
        .await
        .expect("drop the view");
    Shipment::sync_table(&db).await.expect("sync the table");
    // Rows first: a view created over them is filled by each node on its own.
    const ROWS: usize = 4_000;
    let shipments: Vec<Shipment> = (0..ROWS)
        .map(|i| Shipment {
            id: Uuid::new_v4(),
            carrier: format!("carrier-{}", i % 16),
            weight: i as i64,
        })
        .collect();
    let writes = futures::stream::iter(shipments.iter().map(|s| s.save_with(&db, quorum())))
        .buffer_unordered(64)
        .collect::<Vec<_>>()
        .await;
    assert!(writes.iter().all(Result::is_ok), "a QUORUM write failed");

    ShipmentByCarrier::sync_view(&db)
        .await
        .expect("create the view");
    let started = Instant::now();
    let built = ShipmentByCarrier::wait_until_built(&db, Duration::from_secs(180))
        .await
        .expect("build status");
    let took = started.elapsed();
    assert!(built, "not built everywhere within 180 s");
    // Right away, every node's own table lists the view: not only the coordinator's.
    for n in 1..=NODES {
        assert!(
            built_on_node(&db, n).await.contains("shipments_by_carrier"),
            "wait_until_built returned before node {n} had built the view"
        );
    }
    let status = ShipmentByCarrier::build_status(&db)
        .await
        .expect("build status");
    assert_eq!(status.nodes.len(), NODES, "{status}");
    assert!(status.is_built_everywhere(), "{status}");
    eprintln!(
        "a view over {ROWS} rows built on all {NODES} nodes {took:?} after its creation: {status}"
    );

    // And what it was built from is there: each carrier's partition, at QUORUM.
    let expected: usize = ROWS / 16;
    for carrier in ["carrier-0", "carrier-7", "carrier-15"] {
        let rows = ShipmentByCarrier::find()
            .filter(|c| c.carrier.eq(carrier))
            .consistency(Consistency::Quorum)
            .all(&db)
            .await
            .expect("read the view at QUORUM");
        assert_eq!(rows.len(), expected, "{carrier}");
    }
}

/// What happened to the writes of the fault test, phase by phase.
#[derive(Debug, Default)]
struct Tally {
    acknowledged: Vec<Uuid>,
    failed: BTreeMap<&'static str, usize>,
    acknowledged_by_phase: BTreeMap<&'static str, usize>,
}

#[tokio::test]
async fn a_node_stopped_during_quorum_writes_serves_every_acknowledged_write_after_restart() {
    let db = replicated().await;
    let driver = db.driver().get_session();

    // Hinted handoff is what brings the writes the node missed back to it.
    for n in 1..=NODES {
        let hints: Vec<(Option<String>,)> = on_node(
            driver,
            &node(&db, n),
            "SELECT value FROM system_views.settings WHERE name = 'hinted_handoff_enabled'",
            Consistency::One,
        )
        .await
        .expect("system_views.settings");
        assert_eq!(
            hints.first().and_then(|(v,)| v.as_deref()),
            Some("true"),
            "node {n} runs without hinted handoff (CLUSTER_HINTS=0); this test needs it: \
             make cluster-down && make cluster-up"
        );
    }

    let phase = Arc::new(std::sync::Mutex::new("before"));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (db, phase, stop) = (db.clone(), phase.clone(), stop.clone());
        tokio::spawn(async move {
            let mut tally = Tally::default();
            let deadline = Instant::now() + Duration::from_secs(180);
            let mut seq = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed)
                && Instant::now() < deadline
                && seq < 200_000
            {
                let now = *phase.lock().unwrap();
                let o = order(
                    &format!("fault-c{}", seq % 7),
                    &format!("fault-s{}", seq % 3),
                    seq,
                );
                match o.save_with(&db, quorum()).await {
                    Ok(()) => {
                        tally.acknowledged.push(o.id);
                        *tally.acknowledged_by_phase.entry(now).or_insert(0) += 1;
                    }
                    Err(e) => {
                        let failed = tally.failed.entry(now).or_insert(0);
                        if *failed < 3 {
                            eprintln!("write {seq} failed while the node was {now}: {e}");
                        }
                        *failed += 1;
                    }
                }
                seq += 1;
            }
            tally
        })
    };
    let set = |p: &'static str| *phase.lock().unwrap() = p;

    tokio::time::sleep(Duration::from_secs(3)).await;
    set("stopping");
    let victim = VICTIM.to_string();
    tokio::task::spawn_blocking({
        let victim = victim.clone();
        move || cluster_script(&["stop-node", &victim])
    })
    .await
    .unwrap();
    set("down");
    // A new session whose first contact point is the stopped node still connects.
    let mut hosts = cluster_hosts();
    hosts.rotate_left(VICTIM - 1);
    let started = Instant::now();
    let other = connect_with(builder().hosts(hosts.clone())).await;
    other
        .execute("SELECT release_version FROM system.local", ())
        .await
        .expect("a query through the nodes that are up");
    eprintln!(
        "connected through {} with {} down in {:?}",
        hosts.join(","),
        hosts[0],
        started.elapsed()
    );
    // A node that is down has not been seen to build anything: the build status
    // says so, and waiting for the view on every node times out.
    let status = OrderByCustomer::build_status(&db)
        .await
        .expect("the build status with a node down");
    let down_address = format!("127.0.0.{VICTIM}:9043");
    for n in &status.nodes {
        let is_victim = n.address.to_string() == down_address;
        assert_eq!(
            matches!(n.state, BuildState::Unreachable(_)),
            is_victim,
            "{status}"
        );
        assert!(is_victim || n.state == BuildState::Built, "{status}");
    }
    let waited = Instant::now();
    assert!(
        !OrderByCustomer::wait_until_built(&db, Duration::from_secs(2))
            .await
            .expect("waiting with a node down"),
        "built everywhere with node {VICTIM} down: {status}"
    );
    eprintln!(
        "with node {VICTIM} down: {status}; wait_until_built(2 s) gave up after {:?}",
        waited.elapsed()
    );
    tokio::time::sleep(Duration::from_secs(6)).await;
    set("starting");
    let starting = Instant::now();
    tokio::task::spawn_blocking(move || cluster_script(&["start-node", &victim]))
        .await
        .unwrap();
    let back = Instant::now();
    set("back");
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let tally = writer.await.expect("the writer");
    let attempted = tally.acknowledged.len() + tally.failed.values().sum::<usize>();
    eprintln!(
        "writes at QUORUM: {attempted} attempted, {} acknowledged {:?}, failed {:?}; \
         node {VICTIM} took {:.1}s to start",
        tally.acknowledged.len(),
        tally.acknowledged_by_phase,
        tally.failed,
        (back - starting).as_secs_f64()
    );
    assert!(
        tally
            .acknowledged_by_phase
            .get("down")
            .copied()
            .unwrap_or(0)
            > 0,
        "no write was acknowledged while node {VICTIM} was down: {tally:?}"
    );
    assert_eq!(
        tally.failed.get("down"),
        None,
        "QUORUM writes failed with one of three nodes down"
    );

    // Read from the restarted node only, at ONE: with the dynamic snitch off, the
    // coordinator reads its own replica, so what it returns is what it holds.
    let victim_node = node(&db, VICTIM);
    let acknowledged: HashSet<Uuid> = tally.acknowledged.iter().copied().collect();
    let missing_on_victim = |table: &'static str| {
        let (victim_node, acknowledged) = (victim_node.clone(), &acknowledged);
        async move {
            let ids: Vec<(Uuid,)> = on_node(
                driver,
                &victim_node,
                &format!("SELECT id FROM {KS}.{table}"),
                Consistency::One,
            )
            .await
            .ok()?;
            let held: HashSet<Uuid> = ids.into_iter().map(|(id,)| id).collect();
            Some(acknowledged.difference(&held).count())
        }
    };
    let first = missing_on_victim("orders").await;
    eprintln!("node {VICTIM} right after its restart misses {first:?} acknowledged writes");

    const SETTLE: Duration = Duration::from_secs(120);
    let mut settled = BTreeMap::new();
    for table in ["orders", "orders_by_customer", "orders_by_status"] {
        let done = eventually(SETTLE, || async {
            (missing_on_victim(table).await == Some(0)).then_some(())
        })
        .await;
        let missing = missing_on_victim(table).await;
        assert!(
            done.is_some(),
            "{table} on node {VICTIM} still misses {missing:?} of {} acknowledged writes \
             {SETTLE:?} after the restart",
            acknowledged.len()
        );
        settled.insert(table, back.elapsed());
    }
    eprintln!(
        "node {VICTIM} serves all {} acknowledged writes from its own data (base and both \
         views); settled after {:?} (since its CQL port was back)",
        acknowledged.len(),
        settled
    );

    // Values too, not only keys: each acknowledged order read back from the node.
    let rows: Vec<(Uuid, i64, i64)> = on_node(
        driver,
        &victim_node,
        &format!("SELECT id, total, seq FROM {KS}.orders"),
        Consistency::One,
    )
    .await
    .expect("read back from the node");
    let wrong: Vec<_> = rows
        .iter()
        .filter(|(_, total, seq)| *total != 100 + seq)
        .collect();
    assert!(wrong.is_empty(), "rows with wrong values: {wrong:?}");
}
