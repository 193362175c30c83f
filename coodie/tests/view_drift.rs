//! A materialized view that really drifts, on the three-node cluster of
//! `make cluster-up`, and `coodie::verify` finding exactly that drift and
//! repairing it.
//!
//! The scenario. The keyspace has one replica, so each base row and each view
//! row lives on exactly one node; the test asks the driver's token map which
//! (and checks it against `nodetool getendpoints` for the view itself), picks
//! base rows on nodes that stay up and view partitions on the node it kills
//! (the victim). Hints cannot repair the view: hinted handoff is switched off
//! (`disablehandoff`) and hint delivery paused (`pausehandoff`) on the nodes
//! that stay up, for the whole test (the victim holds no hint that matters and
//! starts again with its own settings). Then:
//!
//! 1. consistent rows are written and the view checks clean; the victim is
//!    **flushed** (`nodetool flush`), because a SIGKILL loses whatever its
//!    commitlog had not yet synced (`commitlog_sync: periodic`, every 10 s): the
//!    first version of this test killed it without a flush and found 13 rows
//!    missing where it expected 8: the 5 rows it meant to make stale had lost
//!    their view rows in the kill, and the rows meant to be orphans had lost
//!    theirs too, so the drift was the kill's, not the view's;
//! 2. the victim is killed (SIGKILL, so that the others do not hear of it and
//!    keep accepting base writes: a node stopped politely is marked down at
//!    once, and a base replica then refuses the write, Unavailable for the
//!    view) and base writes at ONE go on at once: new rows, price changes,
//!    deletes and category moves whose view updates are meant for the victim;
//! 3. whatever of those view updates waits in the base replicas' batchlog is
//!    replayed while the victim is down: once older than the batchlog timeout
//!    (twice `write_request_timeout` as it was when the node started:
//!    `BatchlogManager` reads it once, so `nodetool settimeout` does not shorten
//!    it) with `nodetool replaybatchlog`; hints are then truncated (as when they
//!    expire). Measured: `nodetool listpendinghints` lists no hint on either
//!    node after the replay (so the lost updates were not turned into hints at
//!    all; reading 5.0.6's `BatchlogManager`, a replay to a down replica would
//!    write one even with hinted handoff off, which is why the test pauses hint
//!    delivery and truncates rather than relying on `disablehandoff`);
//! 4. the victim is started again: nothing is left that could bring the view
//!    updates to it.
//!
//! The drift the test expects is computed from these facts (each write that was
//! acknowledged while the victim was down, the base row before and after, and
//! which node holds each view partition), never counted by hand; `verify` must
//! find exactly those keys, of the right kind, with the right differing
//! columns. Then: a dry run writes nothing; a repair at each cell's *own* write
//! time regenerates nothing (the server's answer to "same timestamp or one
//! microsecond later"); the repair at write time + 1 µs fixes every missing and
//! stale row while a concurrent writer changes the price of some of them, and
//! each of the writer's values and write times survives; a second `verify`
//! finds only the orphans, with advice to recreate the view; recreating it
//! (`drop_view`, `sync_view`, `wait_until_built`) removes them (a row that the
//! rebuild itself leaves out is missing, not an orphan, and is repaired through
//! the base table as a user would).
//!
//! Run by `make test-view-drift` (in CI right after `make test-cluster`, on the
//! same cluster) as `cargo test -p coodie --test view_drift`;
//! `COODIE_CLUSTER_HOSTS` overrides the contact points. It takes the cluster for
//! about 2.5 minutes, most of it waiting for the batchlog timeout and for the
//! victim to start again.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use coodie::Replication;
use coodie::prelude::*;
use coodie::scylla::value::CqlValue;
use coodie::verify::{Finding, OrphanReason, Repair, ViewCheck, ViewReport};
use coodie_test_support::eventually;
use uuid::Uuid;

const KS: &str = "coodie_view_drift";
const NODES: usize = 3;
/// The node that holds the drifting view rows and is killed.
const VICTIM: usize = 3;
/// The cluster's `write_request_timeout` (tools/cassandra/cassandra.yaml.in):
/// the batchlog replays a batch once it is older than twice this.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "gadgets")]
pub struct Gadget {
    #[coodie(partition_key)]
    pub id: Uuid,
    pub category: String,
    pub name: String,
    pub price: i64,
}

#[derive(MaterializedView, Debug, Clone, PartialEq)]
#[coodie(view = "gadgets_by_category", base = Gadget)]
pub struct GadgetByCategory {
    #[coodie(partition_key)]
    pub category: String,
    #[coodie(clustering_key)]
    pub id: Uuid,
    pub name: String,
    pub price: i64,
}

/// A table keyed like the view, only to ask the driver which node owns a view
/// partition (same partitioner, same key type, same replication).
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "category_probe")]
pub struct CategoryProbe {
    #[coodie(partition_key)]
    pub category: String,
}

fn cluster_hosts() -> Vec<String> {
    std::env::var("COODIE_CLUSTER_HOSTS")
        .unwrap_or_else(|_| "127.0.0.1:9043,127.0.0.2:9043,127.0.0.3:9043".into())
        .split(',')
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(String::from)
        .collect()
}

async fn connect() -> Session {
    let db = coodie::Session::builder()
        .hosts(cluster_hosts())
        .keyspace(KS)
        .connect_timeout(Duration::from_secs(5))
        .connect()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot reach the cluster at {}: {e}\nrun `make cluster-up` (or `make test-cluster`)",
                cluster_hosts().join(",")
            )
        });
    let nodes = db
        .driver()
        .get_session()
        .get_cluster_state()
        .get_nodes_info()
        .len();
    assert_eq!(
        nodes, NODES,
        "the driver sees {nodes} nodes: run `make cluster-up`"
    );
    db
}

fn script_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/cassandra/cluster.sh")
}

/// `tools/cassandra/cluster.sh ARGS`; `Err` with its status when it fails.
fn cluster_script(args: &[&str]) -> Result<(), String> {
    let status = std::process::Command::new(script_path())
        .args(args)
        .status()
        .map_err(|e| format!("running {}: {e}", script_path().display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cluster.sh {} failed: {status}", args.join(" ")))
    }
}

/// `nodetool ARGS` against node `n`, its standard output; panics when it fails.
fn nodetool(n: usize, args: &[&str]) -> String {
    let out = std::process::Command::new(script_path())
        .arg("nodetool")
        .arg(n.to_string())
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running nodetool {}: {e}", args.join(" ")));
    assert!(
        out.status.success(),
        "nodetool {} on node {n}: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `nodetool ARGS` against each of `nodes` at once (each is a JVM start).
fn nodetool_each(nodes: impl IntoIterator<Item = usize>, args: &[&str]) {
    std::thread::scope(|s| {
        let runs: Vec<_> = nodes
            .into_iter()
            .map(|n| s.spawn(move || nodetool(n, args)))
            .collect();
        for run in runs {
            run.join().unwrap();
        }
    });
}

/// The nodes other than the victim.
fn live() -> impl Iterator<Item = usize> {
    (1..=NODES).filter(|n| *n != VICTIM)
}

/// Hints can repair nothing while it lives, on the nodes that stay up (the
/// victim starts again with the settings of its `cassandra.yaml`): hinted
/// handoff off and hint delivery paused (by the code of 5.0.6's
/// `BatchlogManager`, a batchlog replay to a down view replica writes a hint
/// without looking at `hinted_handoff_enabled`). When it is dropped (even when
/// the test fails) the victim is started and both are switched on again.
struct HintsOff;

impl HintsOff {
    fn new() -> Self {
        Self::on_live_nodes(["disablehandoff", "pausehandoff"]);
        HintsOff
    }

    /// Both `nodetool` switches on each node that stays up, all at once (each
    /// is a JVM start).
    fn on_live_nodes(switches: [&str; 2]) {
        std::thread::scope(|s| {
            for n in live() {
                for switch in switches {
                    s.spawn(move || {
                        if let Err(e) = cluster_script(&["nodetool", &n.to_string(), switch]) {
                            panic!("{switch} on node {n}: {e}");
                        }
                    });
                }
            }
        });
    }
}

impl Drop for HintsOff {
    fn drop(&mut self) {
        let _ = cluster_script(&["start-node", &VICTIM.to_string()]);
        let restore =
            std::panic::catch_unwind(|| Self::on_live_nodes(["resumehandoff", "enablehandoff"]));
        if restore.is_err() {
            eprintln!("could not switch hints on again: see above");
        }
    }
}

fn owner(
    db: &Session,
    table: &str,
    key: &impl coodie::scylla::serialize::row::SerializeRow,
) -> IpAddr {
    let owners = db
        .driver()
        .get_session()
        .get_cluster_state()
        .get_endpoints(KS, table, key)
        .expect("the replicas of a key");
    assert_eq!(owners.len(), 1, "RF 1");
    owners[0].0.address.ip()
}

fn victim_ip() -> IpAddr {
    format!("127.0.0.{VICTIM}").parse().unwrap()
}

/// `n` ids whose base row lives on a node that stays up.
fn ids_off_victim(db: &Session, n: usize) -> Vec<Uuid> {
    std::iter::repeat_with(Uuid::new_v4)
        .filter(|id| owner(db, "gadgets", &(*id,)) != victim_ip())
        .take(n)
        .collect()
}

fn id_of(finding: &Finding) -> Uuid {
    match finding.key().get("id") {
        Some(CqlValue::Uuid(id)) => *id,
        other => panic!("{other:?}"),
    }
}

fn check() -> ViewCheck<GadgetByCategory> {
    ViewCheck::<GadgetByCategory>::new()
        .samples(1_000)
        .settle(Duration::from_millis(500))
        .consistency(Consistency::One)
}

fn now_micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_micros() as i64
}

/// The findings of a report (every one is a sample: `samples(1_000)`), by key.
#[derive(Debug, Default, PartialEq)]
struct Drift {
    missing: BTreeSet<Uuid>,
    stale: BTreeMap<Uuid, BTreeSet<&'static str>>,
    orphans: BTreeMap<Uuid, OrphanReason>,
}

impl Drift {
    fn of(report: &ViewReport) -> Drift {
        let mut out = Drift::default();
        for f in &report.samples {
            match f {
                Finding::Missing { .. } => {
                    out.missing.insert(id_of(f));
                }
                Finding::Stale { columns, .. } => {
                    out.stale
                        .insert(id_of(f), columns.iter().copied().collect());
                }
                Finding::Orphan { reason, .. } => {
                    out.orphans.insert(id_of(f), *reason);
                }
            }
        }
        assert_eq!(
            (out.missing.len(), out.stale.len(), out.orphans.len()),
            (
                report.missing as usize,
                report.stale as usize,
                report.orphans as usize
            ),
            "every finding is a sample: {report}"
        );
        out
    }

    /// The drift that lost view updates leave: for each base row written while
    /// the victim was down (`written_down`), its view row before (`before`) and the one
    /// it must produce now (`after`), and whether the view partition of a
    /// category is on the victim.
    fn expected(
        before: &HashMap<Uuid, Gadget>,
        after: &HashMap<Uuid, Gadget>,
        written_down: &HashSet<Uuid>,
        on_victim: impl Fn(&str) -> bool,
    ) -> Drift {
        let mut out = Drift::default();
        for id in written_down {
            let (old, new) = (before.get(id), after.get(id));
            if let Some(new) = new.filter(|n| on_victim(&n.category)) {
                match old {
                    Some(old) if old.category == new.category => {
                        let mut columns = BTreeSet::new();
                        if old.name != new.name {
                            columns.insert("name");
                        }
                        if old.price != new.price {
                            columns.insert("price");
                        }
                        if !columns.is_empty() {
                            out.stale.insert(*id, columns);
                        }
                    }
                    // A new row, or one moved into a partition of the victim.
                    _ => {
                        out.missing.insert(*id);
                    }
                }
            }
            if let Some(old) = old.filter(|o| on_victim(&o.category)) {
                match new {
                    None => {
                        out.orphans.insert(*id, OrphanReason::NoBaseRow);
                    }
                    Some(new) if new.category != old.category => {
                        out.orphans.insert(*id, OrphanReason::BaseRowHasOtherKey);
                    }
                    Some(_) => {}
                }
            }
        }
        out
    }
}

async fn base_price_and_time(db: &Session, id: Uuid) -> (i64, i64) {
    let price = Gadget::get(db, id)
        .await
        .unwrap()
        .expect("a base row")
        .price;
    let time = Gadget::find()
        .filter(|c| c.id.eq(id))
        .consistency(Consistency::One)
        .write_time(|c| c.price)
        .one(db)
        .await
        .unwrap()
        .expect("a write time");
    (price, time)
}

/// The view row of base row `g`: its price and the price's write time.
async fn view_price_and_time(db: &Session, g: &Gadget) -> Option<(Option<i64>, i64)> {
    let row = GadgetByCategory::find()
        .filter(|c| c.category.eq(g.category.clone()))
        .filter(|c| c.id.eq(g.id))
        .consistency(Consistency::One)
        .write_time(|c| c.price)
        .all(db)
        .await
        .unwrap();
    let view = GadgetByCategory::get(db, (g.category.clone(), g.id))
        .await
        .ok()
        .flatten();
    match (row.first(), view) {
        (None, _) => None,
        (Some(time), view) => Some((view.map(|v| v.price), time.unwrap_or(0))),
    }
}

#[tokio::test]
async fn a_view_that_drifted_on_the_cluster_is_found_exactly_and_repaired() {
    let started = Instant::now();
    // Nothing is started unless the cluster is there: without `make cluster-up`
    // the test fails here and leaves no node of its own running (a victim it
    // started alone would answer on the cluster's address and stand in for the
    // cluster's own node 3 in the next `make cluster-up`).
    drop(connect().await);
    cluster_script(&["start-node", &VICTIM.to_string()]).unwrap();
    let db = connect().await;
    db.drop_keyspace(KS).await.unwrap();
    db.create_keyspace(KS, &Replication::Simple(1))
        .await
        .unwrap();
    Gadget::sync_table(&db).await.unwrap();
    CategoryProbe::sync_table(&db).await.unwrap();
    GadgetByCategory::sync_view(&db).await.unwrap();
    db.driver().get_session().refresh_metadata().await.unwrap();

    // Categories whose view partition is on the victim, and some that are not.
    let (on_victim, elsewhere): (Vec<String>, Vec<String>) = (0..200)
        .map(|i| format!("cat-{i}"))
        .partition(|c| owner(&db, "category_probe", &(c.as_str(),)) == victim_ip());
    assert!(on_victim.len() >= 3 && elsewhere.len() >= 3);
    // The server agrees: the view's own partitions, asked of the view (in the
    // background: each nodetool is a JVM start).
    let asked: Vec<_> = [(on_victim[0].clone(), true), (elsewhere[0].clone(), false)]
        .into_iter()
        .map(|(category, victim)| {
            std::thread::spawn(move || {
                let endpoints =
                    nodetool(1, &["getendpoints", KS, "gadgets_by_category", &category]);
                (category, victim, endpoints)
            })
        })
        .collect();
    let victim_categories: HashSet<String> = on_victim.iter().cloned().collect();
    let gadget = |id: Uuid, category: &str, price: i64| Gadget {
        id,
        category: category.into(),
        name: format!("gadget {id}"),
        price,
    };
    let one = || WriteOptions::new().consistency(Consistency::One);

    // Before: consistent rows, view partitions on every node.
    let control: Vec<Gadget> = ids_off_victim(&db, 30)
        .into_iter()
        .enumerate()
        .map(|(i, id)| gadget(id, &elsewhere[i % 3], i as i64))
        .collect();
    let to_change: Vec<Gadget> = ids_off_victim(&db, 5)
        .into_iter()
        .enumerate()
        .map(|(i, id)| gadget(id, &on_victim[i % 3], 10 + i as i64))
        .collect();
    let to_delete: Vec<Gadget> = ids_off_victim(&db, 4)
        .into_iter()
        .map(|id| gadget(id, &on_victim[0], 20))
        .collect();
    let to_move: Vec<Gadget> = ids_off_victim(&db, 2)
        .into_iter()
        .map(|id| gadget(id, &on_victim[1], 30))
        .collect();
    let before: HashMap<Uuid, Gadget> = control
        .iter()
        .chain(&to_change)
        .chain(&to_delete)
        .chain(&to_move)
        .map(|g| (g.id, g.clone()))
        .collect();
    for g in before.values() {
        g.save_with(&db, one()).await.unwrap();
    }
    let caught_up = eventually(Duration::from_secs(60), || async {
        let n = GadgetByCategory::scan()
            .consistency(Consistency::One)
            .stream(&db);
        let n = futures::TryStreamExt::try_fold(n, 0usize, |n, _| async move { Ok(n + 1) })
            .await
            .ok()?;
        (n == before.len()).then_some(n)
    })
    .await;
    assert_eq!(caught_up, Some(before.len()), "the view never caught up");
    let clean = check().run(&db).await.unwrap();
    assert!(clean.is_clean(), "before any fault: {clean}");
    for asked in asked {
        let (category, victim, endpoints) = asked.join().unwrap();
        assert_eq!(
            endpoints.trim() == victim_ip().to_string(),
            victim,
            "nodetool getendpoints of view partition {category}: {endpoints}"
        );
    }
    // What the victim holds must survive the kill (see the module docs); the
    // flush runs while the fault is set up.
    let flush = std::thread::spawn(|| nodetool(VICTIM, &["flush", KS]));

    // The fault: hints off, the victim killed, base writes at ONE at once.
    let hints = HintsOff::new();
    flush.join().unwrap();
    eprintln!("fault set up {:?} after the start", started.elapsed());
    cluster_script(&["kill-node", &VICTIM.to_string()]).unwrap();
    let killed = Instant::now();
    let new_rows: Vec<Gadget> = ids_off_victim(&db, 8)
        .into_iter()
        .enumerate()
        .map(|(i, id)| gadget(id, &on_victim[i % 3], 40 + i as i64))
        .collect();
    let mut written_down = HashSet::new();
    let mut failed = Vec::new();
    let mut record = |id: Uuid, result: coodie::Result<()>| match result {
        Ok(()) => {
            written_down.insert(id);
        }
        Err(e) => failed.push(format!("{id}: {e}")),
    };
    for g in &new_rows {
        record(g.id, g.save_with(&db, one()).await);
    }
    for g in &to_change {
        let result = Gadget::update(g.id)
            .set(|c| c.price.to(g.price + 1_000))
            .consistency(Consistency::One)
            .execute(&db)
            .await
            .map(|_| ());
        record(g.id, result);
    }
    for g in &to_delete {
        record(g.id, g.delete_with(&db, one()).await);
    }
    for (g, to) in to_move.iter().zip(&elsewhere) {
        let result = Gadget::update(g.id)
            .set(|c| c.category.to(to.clone()))
            .consistency(Consistency::One)
            .execute(&db)
            .await
            .map(|_| ());
        record(g.id, result);
    }
    let last_write = Instant::now();
    let written = killed.elapsed();
    assert!(
        failed.is_empty(),
        "base writes at ONE {written:?} after the victim was killed failed: {failed:#?}"
    );
    eprintln!(
        "{} drift writes done {written:?} after the kill",
        written_down.len()
    );
    // The view updates meant for the victim wait in the batchlog of their base
    // replicas; replay them once they are old enough: they become hints (the
    // victim is down, or not answering within the write timeout if the others
    // have not marked it down yet), whose delivery is paused; drop those hints.
    let replayable = last_write + 2 * WRITE_TIMEOUT + Duration::from_secs(1);
    tokio::time::sleep_until(replayable.into()).await;
    nodetool_each(live(), &["replaybatchlog"]);
    // The hint buffers are flushed every second (hints_flush_period). The
    // hints the replay wrote for the victim, hinted handoff off or not:
    tokio::time::sleep(Duration::from_secs(2)).await;
    let pending: Vec<String> = std::thread::scope(|s| {
        let runs: Vec<_> = live()
            .map(|n| s.spawn(move || nodetool(n, &["listpendinghints"])))
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    // Measured: none (see the module docs); printed for the record.
    eprintln!(
        "pending hints after the batchlog replay:\n{}",
        pending.join("\n")
    );
    nodetool_each(live(), &["truncatehints"]);
    eprintln!(
        "batchlog replayed, hints truncated {:?} after the kill",
        killed.elapsed()
    );
    cluster_script(&["start-node", &VICTIM.to_string()]).unwrap();
    eprintln!(
        "node {VICTIM} up again {:?} after the kill",
        killed.elapsed()
    );
    let db = connect().await;

    // The facts: the base rows now (their replicas never went down).
    let mut after: HashMap<Uuid, Gadget> = HashMap::new();
    for id in before.keys().chain(new_rows.iter().map(|g| &g.id)) {
        if let Some(g) = Gadget::get(&db, *id).await.unwrap() {
            after.insert(*id, g);
        }
    }
    let expected = Drift::expected(&before, &after, &written_down, |c| {
        victim_categories.contains(c)
    });
    eprintln!("expected drift: {expected:#?}");
    assert!(
        !expected.missing.is_empty() && !expected.stale.is_empty() && !expected.orphans.is_empty(),
        "the scenario makes every kind of drift: {expected:?}"
    );

    // `verify` finds exactly that drift.
    let found = eventually(Duration::from_secs(60), || async {
        check().run(&db).await.ok()
    })
    .await
    .unwrap();
    eprintln!(
        "after the fault ({:?} after the start):\n{found}",
        started.elapsed()
    );
    assert_eq!(Drift::of(&found), expected, "{found}");
    let view_keyed = after.len() as u64;
    assert_eq!(found.base_rows, view_keyed, "{found}");
    assert_eq!(
        found.view_rows,
        view_keyed - found.missing + found.orphans,
        "{found}"
    );
    let advice = found.advice().expect("advice for the orphans");
    assert!(
        advice.contains("recreate the view")
            && advice.contains("drop_view")
            && advice.contains("sync_view"),
        "{advice}"
    );
    let drifted: Vec<Gadget> = expected
        .missing
        .iter()
        .chain(expected.stale.keys())
        .map(|id| after[id].clone())
        .collect();

    // A dry run counts and writes nothing.
    let dry = check()
        .repair(Repair::DryRun)
        .orphans(false)
        .run(&db)
        .await
        .unwrap();
    assert_eq!(dry.repair.rows as usize, drifted.len(), "{dry}");
    let times_before: HashMap<Uuid, (i64, i64)> = {
        let mut m = HashMap::new();
        for g in &drifted {
            m.insert(g.id, base_price_and_time(&db, g.id).await);
        }
        m
    };

    // The server's answer to "which timestamp regenerates a view row": every
    // drifted row re-written at its cells' own write times changes nothing
    // (the cells reconcile to the ones stored, so the base replica sends the
    // view no cell) ...
    let same = check()
        .repair(Repair::Apply)
        .timestamp_offset(0)
        .orphans(false)
        .run(&db)
        .await
        .unwrap();
    assert_eq!(same.repair.rows as usize, drifted.len(), "{same}");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after_same = check().orphans(false).run(&db).await.unwrap();
    eprintln!("after a repair at the cells' own write times:\n{after_same}");
    let mut regenerated_same = 0;
    for g in &drifted {
        let view = view_price_and_time(&db, g).await;
        eprintln!(
            "  same timestamp: {} ({}) view row {view:?}, base {:?}",
            g.id,
            if expected.missing.contains(&g.id) {
                "was missing"
            } else {
                "was stale"
            },
            times_before[&g.id]
        );
        if view.map(|v| v.0) == Some(Some(g.price)) {
            regenerated_same += 1;
        }
        assert_eq!(
            base_price_and_time(&db, g.id).await,
            times_before[&g.id],
            "the base row is unchanged"
        );
    }
    assert_eq!(
        regenerated_same, 0,
        "the same timestamp regenerated view rows: {after_same}"
    );
    assert_eq!(
        after_same.missing + after_same.stale,
        drifted.len() as u64,
        "{after_same}"
    );

    // ... while one microsecond later regenerates them, with a writer changing
    // the price of half of them (explicit, increasing write times) all along.
    let contested: Vec<Uuid> = drifted.iter().step_by(2).map(|g| g.id).collect();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, stop, contested) = (db.clone(), stop.clone(), contested.clone());
        tokio::spawn(async move {
            let mut last: HashMap<Uuid, (i64, i64)> = HashMap::new();
            let mut round = 0i64;
            while !stop.load(Ordering::Relaxed) || round < 3 {
                for (i, id) in contested.iter().enumerate() {
                    let price = 1_000_000 + round * 100 + i as i64;
                    let at = now_micros();
                    Gadget::update(*id)
                        .set(|c| c.price.to(price))
                        .timestamp(at)
                        .consistency(Consistency::One)
                        .execute(&db)
                        .await
                        .expect("the writer's update");
                    last.insert(*id, (price, at));
                }
                round += 1;
            }
            (last, round)
        })
    };
    let repaired = check()
        .repair(Repair::Apply)
        .orphans(false)
        .run(&db)
        .await
        .unwrap();
    stop.store(true, Ordering::Relaxed);
    let (last, rounds) = writer.await.unwrap();
    eprintln!(
        "repair (+1 µs) with a writer ({rounds} rounds over {} of the {} rows):\n{repaired}",
        contested.len(),
        drifted.len()
    );
    assert!(repaired.repair.rows >= 1, "{repaired}");
    for g in &drifted {
        let base = base_price_and_time(&db, g.id).await;
        match last.get(&g.id) {
            Some(written) => assert_eq!(
                base, *written,
                "the writer's newer price and write time of {} survive",
                g.id
            ),
            None => assert_eq!(
                base,
                (times_before[&g.id].0, times_before[&g.id].1 + 1),
                "{} re-written at its own write time + 1 µs",
                g.id
            ),
        }
    }

    // A second check: nothing missing or stale; the orphans remain.
    let second = eventually(Duration::from_secs(30), || async {
        let r = check().run(&db).await.ok()?;
        (r.missing == 0 && r.stale == 0).then_some(r)
    })
    .await;
    let second = second.unwrap_or_else(|| panic!("still drifted after the repair"));
    eprintln!(
        "after the repair ({:?} after the start):\n{second}",
        started.elapsed()
    );
    assert_eq!(Drift::of(&second).orphans, expected.orphans, "{second}");
    for g in &drifted {
        let (price, time) = base_price_and_time(&db, g.id).await;
        assert_eq!(
            view_price_and_time(&db, g).await,
            Some((Some(price), time)),
            "the view row of {} shows its base price and write time",
            g.id
        );
    }

    // Only recreating the view removes the orphans.
    GadgetByCategory::drop_view(&db).await.unwrap();
    GadgetByCategory::sync_view(&db).await.unwrap();
    let built = GadgetByCategory::wait_until_built(&db, Duration::from_secs(240))
        .await
        .unwrap();
    let status = GadgetByCategory::build_status(&db).await.unwrap();
    assert!(built, "the recreated view is still building: {status}");
    eprintln!(
        "view rebuilt {:?} after the start: {status}",
        started.elapsed()
    );
    // The last outcome is kept, so that a failure says what the check saw.
    let last = std::sync::Mutex::new(String::from("no check finished"));
    let rebuilt = eventually(Duration::from_secs(120), || async {
        match check().run(&db).await {
            Ok(r) if r.is_clean() => Some(r),
            Ok(r) => {
                // Cassandra's view build can leave out a row of a cluster whose
                // node was killed (seen once in CI: one base row, not among the
                // drifted ones, had no view row after the build said it was
                // done). Such a row is missing or stale, not an orphan, and the
                // repair through the base table is what a user runs for it.
                if r.orphans == 0 && (r.missing > 0 || r.stale > 0) {
                    let fixed = check()
                        .repair(Repair::Apply)
                        .orphans(false)
                        .run(&db)
                        .await;
                    match fixed {
                        Ok(fixed) => eprintln!(
                            "the rebuilt view lacked {} row(s) and had {} stale; repaired:\n{fixed}",
                            r.missing, r.stale
                        ),
                        Err(e) => eprintln!("repairing the rebuilt view failed: {e}"),
                    }
                }
                *last.lock().unwrap() = format!("not clean:\n{r}");
                None
            }
            Err(e) => {
                *last.lock().unwrap() = format!("the check failed: {e}");
                None
            }
        }
    })
    .await
    .unwrap_or_else(|| {
        panic!(
            "the recreated view never checked clean; last: {}",
            last.lock().unwrap()
        )
    });
    eprintln!(
        "after recreating the view ({:?} after the start):\n{rebuilt}",
        started.elapsed()
    );
    drop(hints);
    eprintln!("view drift test: {:?}", started.elapsed());
    db.drop_keyspace(KS).await.unwrap();
}
