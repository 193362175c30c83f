//! A materialized view that really drifts, on the three-node cluster of
//! `make cluster-up`, and `coodie::verify` finding and repairing it.
//!
//! The keyspace has one replica, so each base row and each view row lives on one
//! node, and the test picks rows whose base row is on a node that stays up and
//! whose view row is on the node it kills. With hinted handoff off
//! (`nodetool disablehandoff` on every node, switched on again at the end), base
//! writes at ONE right after the kill succeed, and the view updates their base
//! replicas send to the dead node are lost: the batchlog replays them as hints
//! once the node is marked down, and the test truncates the hints (as when they
//! expire) before it starts the node again.
//! After the restart, the view misses new rows, holds old prices, and keeps rows
//! deleted or moved in the base: `verify` must find exactly those, a repair at
//! the same timestamp must change nothing, a repair one microsecond later must
//! fix the missing and stale rows while a concurrent writer's newer prices all
//! survive, and recreating the view must remove the orphans.
//!
//! Run by `make test-cluster` as `cargo test -p coodie --test view_drift`;
//! `COODIE_CLUSTER_HOSTS` overrides the contact points.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use coodie::Replication;
use coodie::prelude::*;
use coodie::scylla::value::CqlValue;
use coodie::verify::{Finding, OrphanReason, Repair, ViewCheck, ViewReport};
use coodie_test_support::eventually;
use uuid::Uuid;

const KS: &str = "coodie_view_drift";
const NODES: usize = 3;
/// The node that holds the drifting view rows and is stopped.
const VICTIM: usize = 3;
/// Long enough for the base replicas' batchlog to replay (and, hints off, drop)
/// the view updates meant for the stopped node: Cassandra replays every 10 s the
/// batches older than twice the write timeout.
const DOWN_AFTER_WRITES: Duration = Duration::from_secs(30);

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

/// `tools/cassandra/cluster.sh ARGS`; `Err` with its status when it fails.
fn cluster_script(args: &[&str]) -> Result<(), String> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/cassandra/cluster.sh");
    let status = std::process::Command::new(&script)
        .args(args)
        .status()
        .map_err(|e| format!("running {}: {e}", script.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cluster.sh {} failed: {status}", args.join(" ")))
    }
}

/// Hinted handoff off on every node while it lives; on again (and the victim
/// started) when it is dropped, even when the test fails.
struct HintsOff;

impl HintsOff {
    fn new() -> Self {
        for n in 1..=NODES {
            cluster_script(&["nodetool", &n.to_string(), "disablehandoff"]).unwrap();
        }
        HintsOff
    }
}

impl Drop for HintsOff {
    fn drop(&mut self) {
        let _ = cluster_script(&["start-node", &VICTIM.to_string()]);
        for n in 1..=NODES {
            if let Err(e) = cluster_script(&["nodetool", &n.to_string(), "enablehandoff"]) {
                eprintln!("could not switch hinted handoff on again on node {n}: {e}");
            }
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

fn kinds(report: &ViewReport) -> BTreeMap<&'static str, HashSet<Uuid>> {
    let mut out: BTreeMap<&'static str, HashSet<Uuid>> = BTreeMap::new();
    for f in &report.samples {
        let kind = match f {
            Finding::Missing { .. } => "missing",
            Finding::Stale { .. } => "stale",
            Finding::Orphan { .. } => "orphan",
        };
        out.entry(kind).or_default().insert(id_of(f));
    }
    out
}

#[tokio::test]
async fn a_view_that_drifted_on_the_cluster_is_found_exactly_and_repaired() {
    let started = Instant::now();
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
    let gadget = |id: Uuid, category: &str, price: i64| Gadget {
        id,
        category: category.into(),
        name: format!("gadget {id}"),
        price,
    };
    let one = || WriteOptions::new().consistency(Consistency::One);

    // Before: consistent rows, views on every node.
    let control: Vec<Gadget> = ids_off_victim(&db, 30)
        .into_iter()
        .enumerate()
        .map(|(i, id)| gadget(id, &elsewhere[i % 3], i as i64))
        .collect();
    let stale: Vec<Gadget> = ids_off_victim(&db, 5)
        .into_iter()
        .enumerate()
        .map(|(i, id)| gadget(id, &on_victim[i % 3], 10 + i as i64))
        .collect();
    let deleted: Vec<Gadget> = ids_off_victim(&db, 4)
        .into_iter()
        .map(|id| gadget(id, &on_victim[0], 20))
        .collect();
    let moved: Vec<Gadget> = ids_off_victim(&db, 2)
        .into_iter()
        .map(|id| gadget(id, &on_victim[1], 30))
        .collect();
    for g in control.iter().chain(&stale).chain(&deleted).chain(&moved) {
        g.save_with(&db, one()).await.unwrap();
    }
    let before = control.len() + stale.len() + deleted.len() + moved.len();
    let caught_up = eventually(Duration::from_secs(60), || async {
        let n = GadgetByCategory::scan()
            .consistency(Consistency::One)
            .stream(&db);
        let n = futures::TryStreamExt::try_fold(n, 0usize, |n, _| async move { Ok(n + 1) })
            .await
            .ok()?;
        (n == before).then_some(n)
    })
    .await;
    assert_eq!(caught_up, Some(before), "the view never caught up");
    let clean = check().run(&db).await.unwrap();
    assert!(clean.is_clean(), "before any fault: {clean}");

    // The fault: hints off, the view replica killed, base writes at ONE at once.
    // A base replica sends a view update to the paired view replica only while it
    // believes it alive (once the failure detector has marked it down, the base
    // replica refuses the base write itself: Unavailable for the view), through
    // its local batchlog; the batchlog replays it when the node is down, as a
    // hint, which is dropped here (hints truncated, as when they expire).
    let hints = HintsOff::new();
    cluster_script(&["kill-node", &VICTIM.to_string()]).unwrap();
    let killed = Instant::now();
    let missing: Vec<Gadget> = ids_off_victim(&db, 8)
        .into_iter()
        .enumerate()
        .map(|(i, id)| gadget(id, &on_victim[i % 3], 40 + i as i64))
        .collect();
    let mut writes = Vec::new();
    for g in &missing {
        writes.push(g.save_with(&db, one()).await);
    }
    for g in &stale {
        writes.push(
            Gadget::update(g.id)
                .set(|c| c.price.to(g.price + 1_000))
                .consistency(Consistency::One)
                .execute(&db)
                .await
                .map(|_| ()),
        );
    }
    for g in &deleted {
        writes.push(g.delete_with(&db, one()).await);
    }
    for (g, to) in moved.iter().zip(&elsewhere) {
        writes.push(
            Gadget::update(g.id)
                .set(|c| c.category.to(to.clone()))
                .consistency(Consistency::One)
                .execute(&db)
                .await
                .map(|_| ()),
        );
    }
    let written = killed.elapsed();
    for w in writes {
        w.unwrap_or_else(|e| {
            panic!("a base write at ONE {written:?} after the view replica was killed: {e}")
        });
    }
    eprintln!("drift writes done {written:?} after the kill");
    let down = eventually(Duration::from_secs(90), || async {
        let out = std::process::Command::new(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/cassandra/cluster.sh"),
        )
        .args(["nodetool", "1", "status"])
        .output()
        .ok()?;
        let status = String::from_utf8_lossy(&out.stdout).into_owned();
        status
            .lines()
            .any(|l| l.starts_with("DN") && l.contains(&format!("127.0.0.{VICTIM} ")))
            .then_some(())
    })
    .await;
    assert!(down.is_some(), "node {VICTIM} never seen down");
    eprintln!(
        "node {VICTIM} seen down {:?} after the kill",
        killed.elapsed()
    );
    tokio::time::sleep(DOWN_AFTER_WRITES).await;
    for n in (1..=NODES).filter(|n| *n != VICTIM) {
        cluster_script(&["nodetool", &n.to_string(), "truncatehints"]).unwrap();
    }
    cluster_script(&["start-node", &VICTIM.to_string()]).unwrap();
    drop(hints);
    let db = connect().await;

    // Exactly the drifted rows, each of its kind.
    let found = eventually(Duration::from_secs(60), || async {
        check().run(&db).await.ok()
    })
    .await
    .unwrap();
    eprintln!("after the fault:\n{found}");
    let ids = |gs: &[Gadget]| gs.iter().map(|g| g.id).collect::<HashSet<_>>();
    let k = kinds(&found);
    assert_eq!(k.get("missing"), Some(&ids(&missing)), "{found}");
    assert_eq!(k.get("stale"), Some(&ids(&stale)), "{found}");
    let orphans: HashSet<Uuid> = ids(&deleted).union(&ids(&moved)).copied().collect();
    assert_eq!(k.get("orphan"), Some(&orphans), "{found}");
    assert_eq!(
        found.stale_columns.keys().copied().collect::<Vec<_>>(),
        ["price"]
    );
    for f in &found.samples {
        if let Finding::Orphan { reason, .. } = f {
            let expected = if ids(&moved).contains(&id_of(f)) {
                OrphanReason::BaseRowHasOtherKey
            } else {
                OrphanReason::NoBaseRow
            };
            assert_eq!(*reason, expected, "{f}");
        }
    }
    assert_eq!(
        found.base_rows as usize,
        control.len() + stale.len() + moved.len() + missing.len()
    );

    // A dry run writes nothing; the same timestamp regenerates nothing.
    let dry = check()
        .repair(Repair::DryRun)
        .orphans(false)
        .run(&db)
        .await
        .unwrap();
    assert_eq!(
        dry.repair.rows as usize,
        missing.len() + stale.len(),
        "{dry}"
    );
    let same = check()
        .repair(Repair::Apply)
        .timestamp_offset(0)
        .orphans(false)
        .run(&db)
        .await
        .unwrap();
    assert_eq!(same.repair.rows as usize, missing.len() + stale.len());
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after_same = check().orphans(false).run(&db).await.unwrap();
    eprintln!("after a repair at the same timestamps:\n{after_same}");
    assert_eq!(
        (after_same.missing + after_same.stale) as usize,
        missing.len() + stale.len(),
        "the same timestamp fixed rows: {after_same}"
    );
    let still_stale = kinds(&after_same).get("stale").cloned().unwrap_or_default();
    assert!(
        ids(&stale).is_subset(&still_stale),
        "the stale rows stay stale: {after_same}"
    );

    // One microsecond later, with a writer changing prices all along.
    let touched: Vec<Uuid> = missing.iter().chain(&stale).map(|g| g.id).collect();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, stop, touched) = (db.clone(), stop.clone(), touched.clone());
        tokio::spawn(async move {
            let mut last: HashMap<Uuid, i64> = HashMap::new();
            let mut round = 0i64;
            while !stop.load(Ordering::Relaxed) || round < 3 {
                for (i, id) in touched.iter().enumerate() {
                    let price = 1_000_000 + round * 100 + i as i64;
                    Gadget::update(*id)
                        .set(|c| c.price.to(price))
                        .consistency(Consistency::One)
                        .execute(&db)
                        .await
                        .expect("the writer's update");
                    last.insert(*id, price);
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
        "repair (+1 µs) with a writer ({rounds} rounds over {} rows):\n{repaired}",
        touched.len()
    );
    for id in &touched {
        let base = Gadget::get(&db, *id).await.unwrap().unwrap();
        assert_eq!(
            base.price, last[id],
            "the writer's newer price of {id} was overwritten"
        );
    }

    // A second check: nothing missing or stale; the orphans remain, and only
    // recreating the view removes them.
    let second = eventually(Duration::from_secs(30), || async {
        let r = check().run(&db).await.ok()?;
        (r.missing == 0 && r.stale == 0).then_some(r)
    })
    .await;
    let second = second.unwrap_or_else(|| panic!("still drifted after the repair"));
    eprintln!("after the repair:\n{second}");
    assert_eq!(second.orphans as usize, orphans.len(), "{second}");
    for id in &touched {
        let g = Gadget::get(&db, *id).await.unwrap().unwrap();
        let view = GadgetByCategory::get(&db, (g.category.clone(), g.id))
            .await
            .unwrap();
        assert_eq!(
            view.map(|v| v.price),
            Some(last[id]),
            "the view shows the writer's price"
        );
    }
    GadgetByCategory::drop_view(&db).await.unwrap();
    GadgetByCategory::sync_view(&db).await.unwrap();
    let rebuilt = eventually(Duration::from_secs(120), || async {
        let r = check().run(&db).await.ok()?;
        r.is_clean().then_some(r)
    })
    .await
    .unwrap_or_else(|| panic!("the recreated view never checked clean"));
    eprintln!("after recreating the view:\n{rebuilt}");
    eprintln!("view drift test: {:?}", started.elapsed());
    db.drop_keyspace(KS).await.unwrap();
}
