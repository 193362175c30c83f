//! A database that goes away and comes back: every query against a stopped node
//! returns a `coodie::Error` within the session's request timeout (no hang, no
//! panic), and the same session serves again by itself once the node is back.
//!
//! Needs a node it may stop: the private node of `tools/cassandra/fault-node.sh`
//! (127.0.0.5:9044; `COODIE_FAULT_HOSTS` overrides it), never the shared
//! development node. Run by `make faults` as
//! `cargo test -p coodie --test reconnect -- --nocapture`, which starts the node.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use coodie::prelude::*;
use coodie::{Error, Replication, Session};
use uuid::Uuid;

const KS: &str = "coodie_reconnect";
/// The request timeout of the session under test.
const TIMEOUT: Duration = Duration::from_secs(2);
/// What "within the timeout" allows on top, for scheduling on a busy machine.
const SLACK: Duration = Duration::from_millis(750);

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "notes")]
pub struct Note {
    #[coodie(partition_key)]
    pub id: Uuid,
    pub text: String,
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/cassandra/fault-node.sh")
}

fn node(command: &str) {
    let status = std::process::Command::new(script())
        .arg(command)
        .status()
        .expect("run tools/cassandra/fault-node.sh");
    assert!(status.success(), "fault-node.sh {command}: {status}");
}

fn hosts() -> String {
    std::env::var("COODIE_FAULT_HOSTS").unwrap_or_else(|_| "127.0.0.5:9044".into())
}

/// Runs `query`, which must fail: with a `coodie::Error`, within the timeout.
async fn fails_in_time<T: std::fmt::Debug>(
    what: &str,
    query: impl std::future::Future<Output = coodie::Result<T>>,
) -> Duration {
    let started = Instant::now();
    let outcome = tokio::time::timeout(TIMEOUT * 5, query)
        .await
        .unwrap_or_else(|_| panic!("{what} hung for {:?} against a stopped node", TIMEOUT * 5));
    let took = started.elapsed();
    let err = outcome.expect_err(&format!("{what} succeeded against a stopped node"));
    assert!(
        matches!(err, Error::Driver { .. } | Error::Timeout { .. }),
        "{what}: {err:?}"
    );
    assert!(
        took <= TIMEOUT + SLACK,
        "{what} took {took:?} to fail (timeout {TIMEOUT:?})"
    );
    eprintln!("{what} against the stopped node: error after {took:.2?}: {err}");
    took
}

#[tokio::test]
async fn a_stopped_node_fails_queries_in_time_and_the_session_reconnects_by_itself() {
    let db = Session::builder()
        .hosts(hosts().split(','))
        .keyspace(KS)
        .connect_timeout(Duration::from_secs(2))
        .request_timeout(TIMEOUT)
        .connect()
        .await
        .unwrap_or_else(|e| panic!("{e}: run tools/cassandra/fault-node.sh up (make faults does)"));
    // The schema through a session of its own with a generous timeout: a node that
    // has just started may take more than the 2 s under test for a schema change.
    let setup = Session::builder()
        .hosts(hosts().split(','))
        .keyspace(KS)
        .request_timeout(Duration::from_secs(60))
        .connect()
        .await
        .unwrap_or_else(|e| panic!("{e}: run tools/cassandra/fault-node.sh up (make faults does)"));
    setup.drop_keyspace(KS).await.expect("drop");
    setup
        .create_keyspace(KS, &Replication::Simple(1))
        .await
        .expect("create the keyspace");
    Note::sync_table(&setup).await.expect("sync");
    drop(setup);
    let kept = Note {
        id: Uuid::new_v4(),
        text: "written before the outage".into(),
    };
    kept.save(&db).await.expect("save");
    // Prepared before the outage, and one statement that will first be prepared
    // during it.
    assert_eq!(
        Note::get(&db, kept.id).await.expect("get"),
        Some(kept.clone())
    );

    node("stop");
    let stopped = Instant::now();
    let during = Note {
        id: Uuid::new_v4(),
        text: "written during the outage".into(),
    };
    let mut worst = Duration::ZERO;
    for _ in 0..3 {
        worst = worst.max(fails_in_time("get (prepared before)", Note::get(&db, kept.id)).await);
        worst = worst.max(fails_in_time("save", during.save(&db)).await);
        worst = worst.max(fails_in_time("insert IF NOT EXISTS (LWT)", during.insert(&db)).await);
        worst = worst.max(fails_in_time("count (never prepared)", Note::find().count(&db)).await);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    eprintln!("every query failed within {worst:.2?} (timeout {TIMEOUT:?})");

    node("start");
    let back = Instant::now();
    eprintln!("node back after {:.1?} down", back - stopped);
    // The same session, no new connect: it serves again by itself.
    let served = loop {
        match Note::get(&db, kept.id).await {
            Ok(found) => break found,
            Err(e) if back.elapsed() < Duration::from_secs(60) => {
                eprintln!("not yet ({:.1?}): {e}", back.elapsed());
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(e) => panic!("the session did not reconnect within 60 s: {e}"),
        }
    };
    let reconnected = back.elapsed();
    assert_eq!(served, Some(kept), "the row written before the outage");
    eprintln!("the session served again {reconnected:.2?} after the node answered CQL");
    assert!(
        reconnected <= Duration::from_secs(10),
        "reconnecting took {reconnected:?}"
    );
    during.save(&db).await.expect("a write after the outage");
    assert_eq!(Note::get(&db, during.id).await.expect("get"), Some(during));
}
