//! Interop with Python coodie 1.9.3 (PyPI) for a counter table and a vector
//! column: a table Python coodie creates and writes is read by coodie, and a table
//! coodie creates and writes is read by Python coodie, on the real node.
//!
//! Python coodie runs in a throwaway venv made by `tools/python/venv.sh` (see
//! `tools/python/README.md`); its side is `tools/python/interop_models.py`, the
//! values `tools/python/fixtures/known_interop.json`. Where PyPI cannot be reached
//! the test fails and says so.

use std::path::{Path, PathBuf};
use std::process::Command;

use coodie::prelude::*;
use coodie_test_support::interop_models::{PageViews, Signal};
use serde_json::Value;
use uuid::Uuid;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The venv's python, made by `tools/python/venv.sh`; fails when PyPI cannot be
/// reached (venv.sh exits 3) or the install fails.
fn python() -> PathBuf {
    // Once per test binary: the two tests would otherwise install into one venv
    // at the same time.
    static PYTHON: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PYTHON.get_or_init(make_venv).clone()
}

fn make_venv() -> PathBuf {
    let out = Command::new(repo().join("tools/python/venv.sh"))
        .output()
        .expect("run tools/python/venv.sh (needs bash and python3 >= 3.10)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => {}
        Some(3) => panic!(
            "PyPI cannot be reached, so Python coodie cannot be installed and this interop \
             test cannot run; it fails rather than pass silently. venv.sh said:\n{stderr}"
        ),
        _ => panic!("tools/python/venv.sh failed ({:?}):\n{stderr}", out.status),
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout
        .lines()
        .last()
        .expect("venv.sh prints the venv's python last");
    PathBuf::from(last.trim())
}

/// Runs `interop_models.py -k keyspace args…`; its stderr on success, a panic with
/// both outputs otherwise.
fn interop(python: &Path, keyspace: &str, args: &[&str]) -> String {
    let out = Command::new(python)
        .arg(repo().join("tools/python/interop_models.py"))
        .args(["-k", keyspace])
        .args(args)
        .output()
        .expect("run interop_models.py");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "interop_models.py {args:?} on {keyspace} exited {:?} (3: run `make db-up`):\n{}\n{stderr}",
        out.status,
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}

fn fixture() -> Value {
    let path = repo().join("tools/python/fixtures/known_interop.json");
    serde_json::from_str(&std::fs::read_to_string(&path).expect("the fixture")).expect("JSON")
}

fn section<'a>(fixture: &'a Value, name: &str) -> &'a [Value] {
    fixture[name]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn str_of(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {v}"))
        .to_string()
}

fn int_of(v: &Value, key: &str) -> i64 {
    v[key].as_i64().unwrap_or_else(|| panic!("{key} in {v}"))
}

fn vector_of(v: &Value, key: &str) -> [f32; 4] {
    let items: Vec<f32> = v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} in {v}"))
        .iter()
        .map(|x| x.as_f64().expect("a number") as f32)
        .collect();
    items.try_into().expect("4 numbers")
}

fn uuid_of(v: &Value) -> Uuid {
    v.as_str().and_then(|s| s.parse().ok()).expect("a uuid")
}

/// The fixture's counter rows, as coodie models.
fn counters(fixture: &Value) -> Vec<PageViews> {
    section(fixture, "counters")
        .iter()
        .map(|c| PageViews {
            url: str_of(c, "url"),
            date: str_of(c, "date"),
            view_count: Counter(int_of(c, "view_count")),
            unique_visitors: Counter(int_of(c, "unique_visitors")),
        })
        .collect()
}

fn signals(fixture: &Value) -> Vec<Signal> {
    section(fixture, "signals")
        .iter()
        .map(|s| Signal {
            signal_id: uuid_of(&s["signal_id"]),
            label: str_of(s, "label"),
            embedding: vector_of(s, "embedding"),
        })
        .collect()
}

/// Every ANN case of the fixture returns exactly its expected ids, in order.
async fn check_ann(db: &Session, fixture: &Value) {
    let cases = section(fixture, "ann");
    assert!(!cases.is_empty());
    for case in cases {
        let limit = u32::try_from(int_of(case, "limit")).expect("a small limit");
        let got: Vec<Uuid> = Signal::find()
            .order_by_ann(|c| c.embedding, vector_of(case, "vector"))
            .limit(limit)
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.signal_id)
            .collect();
        let expected: Vec<Uuid> = case["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(uuid_of)
            .collect();
        assert_eq!(got, expected, "ann {case}");
    }
}

#[tokio::test]
async fn python_coodie_tables_are_read_by_coodie() {
    let python = python();
    let ks = "coodie_interop_cv_from_py";
    let db = coodie_test_support::fresh_keyspace(ks).await;
    let fixture_path = repo().join("tools/python/fixtures/known_interop.json");
    let fixture_path = fixture_path.to_str().unwrap();
    interop(&python, ks, &["sync"]);
    interop(&python, ks, &["write-known", fixture_path]);

    // coodie's model is the very table Python coodie made: nothing to create, no drift
    // (the vector index included: storage-attached, COSINE, named as coodie names it).
    let fixture = fixture();
    for report in [
        PageViews::sync_table(&db).await.unwrap(),
        Signal::sync_table(&db).await.unwrap(),
    ] {
        assert!(
            report.executed.is_empty() && report.drift.is_empty(),
            "{report:?}"
        );
    }

    for want in counters(&fixture) {
        let got = PageViews::get(&db, (want.url.clone(), want.date.clone()))
            .await
            .unwrap();
        assert_eq!(got.as_ref(), Some(&want));
    }
    for want in signals(&fixture) {
        let got = Signal::get(&db, want.signal_id).await.unwrap();
        assert_eq!(got.as_ref(), Some(&want));
    }
    check_ann(&db, &fixture).await;

    // And coodie's increments land in Python's table: Python sees them.
    let first = &counters(&fixture)[0];
    PageViews::update_counters((first.url.clone(), first.date.clone()))
        .incr(|c| c.view_count, 1)
        .execute(&db)
        .await
        .unwrap();
    let after = PageViews::get(&db, (first.url.clone(), first.date.clone()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.view_count, Counter(first.view_count.get() + 1));
}

#[tokio::test]
async fn coodie_tables_are_read_by_python_coodie() {
    let python = python();
    let ks = "coodie_interop_cv_from_rust";
    let db = coodie_test_support::fresh_keyspace(ks).await;
    let fixture = fixture();

    PageViews::sync_table(&db).await.unwrap();
    Signal::sync_table(&db).await.unwrap();
    for row in counters(&fixture) {
        // `+ 0` too, so that a wanted 0 reads 0 in Python (a counter never
        // incremented reads null there).
        PageViews::update_counters((row.url.clone(), row.date.clone()))
            .incr(|c| c.view_count, row.view_count.get())
            .incr(|c| c.unique_visitors, row.unique_visitors.get())
            .execute(&db)
            .await
            .unwrap();
    }
    for signal in signals(&fixture) {
        signal.save(&db).await.unwrap();
    }

    // Python coodie's own sync_table accepts coodie's tables as they are: its vector
    // index request (ScyllaDB's class, which Cassandra 5 refuses) is answered by the
    // SAI index coodie made under the same name, with no fallback needed.
    let sync = interop(&python, ks, &["sync"]);
    assert!(
        !sync.contains("creating the same index"),
        "Python coodie needed its fallback on coodie's table:\n{sync}"
    );

    // Python coodie reads every counter, every vector, and its ANN queries find the
    // expected rows (only the counter and vector sections: the UDT rows are not ours).
    let only_ours = serde_json::json!({
        "counters": fixture["counters"],
        "signals": fixture["signals"],
        "ann": fixture["ann"],
    });
    let path = std::env::temp_dir().join(format!("coodie_interop_cv_{}.json", std::process::id()));
    std::fs::write(&path, only_ours.to_string()).unwrap();
    let checked = interop(&python, ks, &["check-known", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    assert!(checked.contains("vector<float, 4>"), "{checked}");
}
