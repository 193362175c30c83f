//! Interop with Python coodie 1.9.3 (PyPI) on a table with a user-defined type
//! (`customers.address frozen<address>`, `address.location frozen<geo_point>`):
//! a table Python coodie creates and writes is read by coodie, and one coodie
//! creates and writes is read by Python coodie, with the values of
//! `tools/python/fixtures/known_interop.json`.
//!
//! Python coodie is installed in a throwaway venv by `tools/python/venv.sh`
//! (`$COODIE_PY_VENV`, default `target/python-venv`; version `$COODIE_PY_VERSION`,
//! default 1.9.3). Where PyPI cannot be reached the test fails and says so.

use std::path::{Path, PathBuf};
use std::process::Command;

use coodie::prelude::*;
use coodie_test_support::fresh_keyspace;
use serde_json::Value;
use uuid::Uuid;

#[derive(UserType, Debug, Clone, PartialEq)]
struct GeoPoint {
    lat: f32,
    lon: f32,
}

#[derive(UserType, Debug, Clone, PartialEq)]
struct Address {
    street: String,
    city: String,
    zipcode: Option<i32>,
    location: Option<GeoPoint>,
}

/// Python coodie's `Customer` (user types are always frozen there).
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "customers")]
struct Customer {
    #[coodie(partition_key)]
    id: Uuid,
    name: String,
    #[coodie(frozen)]
    address: Option<Address>,
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The venv's python, after `venv.sh` made or reused the venv (once per test
/// binary: the tests run in parallel and share the venv).
fn python() -> PathBuf {
    static PYTHON: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PYTHON.get_or_init(install).clone()
}

fn install() -> PathBuf {
    let version = std::env::var("COODIE_PY_VERSION").unwrap_or_else(|_| "1.9.3".into());
    let out = Command::new(repo().join("tools/python/venv.sh"))
        .env("COODIE_PY_VERSION", &version)
        .output()
        .expect("running tools/python/venv.sh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => {}
        Some(3) => panic!(
            "PyPI cannot be reached, so Python coodie {version} cannot be installed and the \
             interop test cannot run (it does not pass without it):\n{stderr}"
        ),
        _ => panic!("tools/python/venv.sh failed ({}):\n{stderr}", out.status),
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout
        .lines()
        .last()
        .expect("venv.sh prints the venv's python");
    PathBuf::from(last.trim())
}

/// Runs `interop_models.py -k keyspace args…`; its stdout, or a panic with both
/// outputs (exit 3: the database cannot be reached).
fn interop(python: &Path, keyspace: &str, args: &[&str]) -> String {
    let out = Command::new(python)
        .arg(repo().join("tools/python/interop_models.py"))
        .args(["-k", keyspace])
        .args(args)
        .output()
        .expect("running interop_models.py");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "interop_models.py {args:?} on {keyspace} failed ({}; 3 means run `make db-up`):\n{stderr}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The fixture's customers, and a file with only them (for Python).
fn fixture() -> (Vec<Customer>, PathBuf) {
    let path = repo().join("tools/python/fixtures/known_interop.json");
    let text = std::fs::read_to_string(&path).expect("the interop fixture");
    let json: Value = serde_json::from_str(&text).expect("the fixture is JSON");
    let customers: Vec<Customer> = json["customers"]
        .as_array()
        .expect("a customers section")
        .iter()
        .map(customer)
        .collect();
    let only = Path::new(env!("CARGO_TARGET_TMPDIR")).join("udt_interop_customers.json");
    let body = serde_json::json!({ "customers": json["customers"] });
    std::fs::write(&only, body.to_string()).expect("writing the customers file");
    (customers, only)
}

fn customer(v: &Value) -> Customer {
    let text = |v: &Value| v.as_str().expect("a string").to_string();
    let address = match &v["address"] {
        Value::Null => None,
        a => Some(Address {
            street: text(&a["street"]),
            city: text(&a["city"]),
            zipcode: a["zipcode"]
                .as_i64()
                .map(|z| i32::try_from(z).expect("an int")),
            location: match &a["location"] {
                Value::Null => None,
                l => Some(GeoPoint {
                    // Stored in a CQL float: the nearest f32, as Python stores it.
                    lat: l["lat"].as_f64().expect("a number") as f32,
                    lon: l["lon"].as_f64().expect("a number") as f32,
                }),
            },
        }),
    };
    Customer {
        id: text(&v["id"]).parse().expect("a uuid"),
        name: text(&v["name"]),
        address,
    }
}

#[tokio::test]
async fn python_made_user_types_are_read_by_coodie() {
    let python = python();
    let (customers, file) = fixture();
    let keyspace = "udt_interop_py_first";
    let db = fresh_keyspace(keyspace).await;
    let sent = interop(&python, keyspace, &["sync"]);
    assert!(
        sent.contains("CREATE TYPE IF NOT EXISTS udt_interop_py_first.geo_point"),
        "{sent}"
    );
    interop(&python, keyspace, &["write-known", file.to_str().unwrap()]);

    // coodie's model is exactly the schema Python coodie made: nothing to run, no drift.
    let report = Customer::sync_table(&db).await.unwrap();
    assert!(report.is_in_sync(), "{report:?}");
    for want in &customers {
        let got = Customer::get(&db, want.id).await.unwrap();
        assert_eq!(got.as_ref(), Some(want), "customer {}", want.name);
    }
    let nulls = customers.iter().find(|c| c.name == "Nulls inside").unwrap();
    let address = nulls.address.as_ref().unwrap();
    assert_eq!((address.zipcode, address.location.as_ref()), (None, None));
}

#[tokio::test]
async fn coodie_made_user_types_are_read_by_python() {
    let python = python();
    let (customers, file) = fixture();
    let keyspace = "udt_interop_rust_first";
    let db = fresh_keyspace(keyspace).await;
    let report = Customer::sync_table(&db).await.unwrap();
    assert_eq!(report.executed.len(), 3, "{:?}", report.executed);
    for customer in &customers {
        customer.save(&db).await.unwrap();
    }
    // Python coodie's own sync accepts the types and table coodie made...
    interop(&python, keyspace, &["sync"]);
    // ...and reads every value coodie wrote (exit 1 with each difference otherwise).
    interop(&python, keyspace, &["check-known", file.to_str().unwrap()]);
    assert!(Customer::sync_table(&db).await.unwrap().is_in_sync());
}
