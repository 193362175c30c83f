//! Twin databases (issue 13): the Rust demo and Python coodie's own demo share one
//! keyspace, whichever came first. Python coodie (latest from PyPI, in a throwaway
//! venv made by `tools/python/venv.sh`) runs its demo's own models through
//! `tools/python/demo_models.py`; every row one side writes is read by the other
//! through the base table and both views, all seven fields equal.
//!
//! Where PyPI cannot be reached the test fails and says so; it never passes
//! silently.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use chrono::{DateTime, SubsecRound, Utc};
use common::*;
use coodie::prelude::*;
use coodie::schema::Drift;
use materialized_views_demo::models::{Product, ProductByBrand, ProductByCategory};
use serde_json::{Value, json};
use uuid::Uuid;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The venv's python, made once per test binary.
fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let out = Command::new(repo().join("tools/python/venv.sh"))
            .output()
            .expect("run tools/python/venv.sh");
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => {}
            Some(3) => panic!(
                "PyPI cannot be reached, so Python coodie cannot be installed and the \
                 twin-database test cannot run (it needs https://pypi.org or PIP_INDEX_URL):\n{stderr}"
            ),
            _ => panic!("tools/python/venv.sh failed ({}):\n{stderr}", out.status),
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        PathBuf::from(stdout.lines().last().expect("venv.sh prints the python path").trim())
    })
}

/// Runs `demo_models.py -k ks <args>`; its stdout. Fails with its stderr when it fails.
fn py(ks: &str, args: &[&str]) -> String {
    let out = Command::new(python())
        .arg(repo().join("tools/python/demo_models.py"))
        .args(["-k", ks])
        .args(args)
        .env(
            "SCYLLA_HOSTS",
            std::env::var("SCYLLA_HOSTS").unwrap_or_else(|_| "127.0.0.1".into()),
        )
        .output()
        .expect("run demo_models.py");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "demo_models.py {args:?} on {ks} failed ({}):\n{stderr}",
        out.status
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A product of the JSON the Python side reads and writes.
fn product_from_json(v: &Value) -> Product {
    let text = |k: &str| {
        v[k].as_str()
            .unwrap_or_else(|| panic!("{k} in {v}"))
            .to_string()
    };
    Product {
        id: text("id").parse().expect("a uuid"),
        name: text("name"),
        category: text("category"),
        brand: text("brand"),
        price: v["price"].as_f64().expect("price"),
        description: v["description"].as_str().map(str::to_string),
        created_at: DateTime::parse_from_rfc3339(&text("created_at"))
            .expect("an RFC 3339 time")
            .with_timezone(&Utc),
    }
}

fn product_to_json(p: &Product) -> Value {
    json!({
        "id": p.id.to_string(),
        "name": p.name,
        "category": p.category,
        "brand": p.brand,
        "price": p.price,
        "description": p.description,
        "created_at": p.created_at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
    })
}

/// The fixture of known products both sides use (`tools/python/fixtures`).
fn known() -> (PathBuf, Vec<Product>) {
    let path = repo().join("tools/python/fixtures/known_products.json");
    let text = std::fs::read_to_string(&path).expect("the fixture");
    let values: Vec<Value> = serde_json::from_str(&text).expect("a JSON list");
    (path, values.iter().map(product_from_json).collect())
}

/// Products the Rust side writes: the README's 2999.99, a float32-inexact 0.1,
/// unicode, no description, a millisecond timestamp.
fn rust_products(tag: &str) -> Vec<Product> {
    let now = Utc::now().trunc_subsecs(3);
    [
        (
            "Chrono-Stabilizer",
            "temporal",
            "Dimension-X",
            2999.99,
            None,
        ),
        (
            "Ünïcødé Lens ✓",
            "optics",
            "Void-Rift",
            0.1,
            Some("Sees 3 s ahead."),
        ),
        (
            "Gravity Boots",
            "temporal",
            "Void-Rift",
            123_456.78,
            Some(""),
        ),
    ]
    .into_iter()
    .map(|(name, category, brand, price, description)| Product {
        id: Uuid::new_v4(),
        name: format!("{name} {tag}"),
        category: category.into(),
        brand: brand.into(),
        price,
        description: description.map(str::to_string),
        created_at: now,
    })
    .collect()
}

/// Reads `expected` back through `products`, `products_by_category` and
/// `products_by_brand` with the Rust models; every field must equal.
async fn rust_reads_all(db: &coodie::Session, expected: &[Product]) {
    for want in expected {
        let base = Product::get(db, want.id)
            .await
            .expect("read products")
            .expect("in products");
        assert_eq!(&base, want, "products[{}]", want.id);
        let by_category = eventually(std::time::Duration::from_secs(15), || async {
            ProductByCategory::get(db, (want.category.clone(), want.id))
                .await
                .ok()
                .flatten()
        })
        .await
        .unwrap_or_else(|| panic!("{} not in products_by_category", want.id));
        assert_eq!(
            (
                &by_category.name,
                &by_category.brand,
                by_category.price,
                &by_category.description,
                by_category.created_at
            ),
            (
                &want.name,
                &want.brand,
                want.price,
                &want.description,
                want.created_at
            ),
            "products_by_category[{}]",
            want.id
        );
        let by_brand = eventually(std::time::Duration::from_secs(15), || async {
            ProductByBrand::get(db, (want.brand.clone(), want.id))
                .await
                .ok()
                .flatten()
        })
        .await
        .unwrap_or_else(|| panic!("{} not in products_by_brand", want.id));
        assert_eq!(
            (
                &by_brand.name,
                &by_brand.category,
                by_brand.price,
                &by_brand.description,
                by_brand.created_at
            ),
            (
                &want.name,
                &want.category,
                want.price,
                &want.description,
                want.created_at
            ),
            "products_by_brand[{}]",
            want.id
        );
    }
}

/// Writes `products` to a JSON file for `check-known`.
fn json_file(name: &str, products: &[Product]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("{name}-{}.json", std::process::id()));
    let list: Vec<Value> = products.iter().map(product_to_json).collect();
    std::fs::write(&path, serde_json::to_string_pretty(&list).unwrap()).expect("write JSON");
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn python_first_then_rust() {
    let ks = "twin_python_first";
    let catalog = connect(ks).await;
    catalog
        .session()
        .drop_keyspace(ks)
        .await
        .expect("drop keyspace");
    // Python coodie's demo makes the schema (`price float`) and writes the fixture.
    let sync = tokio::task::spawn_blocking(move || py(ks, &["sync"]))
        .await
        .unwrap();
    assert!(
        sync.contains(r#"\"price\" float"#),
        "Python coodie makes `price float`: {sync}"
    );
    let (fixture, known) = known();
    let fixture_arg = fixture.display().to_string();
    let stored = tokio::task::spawn_blocking(move || py(ks, &["write-known", &fixture_arg]))
        .await
        .unwrap();
    let stored: Vec<Product> = stored
        .lines()
        .map(|l| product_from_json(&serde_json::from_str(l).expect("a JSON line")))
        .collect();
    assert_eq!(stored.len(), known.len());
    // What Python reads back is the float32 of each price (2999.99 → 2999.989990234375).
    assert!(
        stored.iter().any(|p| p.price == 2999.989990234375),
        "{stored:?}"
    );

    // The Rust demo starts on it: the schema sync changes nothing and fails on
    // nothing; `price` is compatible drift, a warning.
    let report = catalog
        .ensure_schema()
        .await
        .expect("the Rust demo starts on a Python-made keyspace");
    assert!(report.statements.is_empty(), "{:?}", report.statements);
    assert!(!report.drift.is_empty(), "price is float in the database");
    for drift in &report.drift {
        assert!(
            drift.contains("`price`") && drift.contains("compatible"),
            "{drift}"
        );
    }
    let tables = Product::sync_table_with(catalog.session(), SyncOptions::default().dry_run(true))
        .await
        .unwrap();
    assert_eq!(
        tables.drift,
        [Drift::ColumnType {
            column: "price".into(),
            expected: "double".into(),
            actual: "float".into()
        }]
    );

    // Rust reads every Python row through the base table and both views: the
    // values Python was given, 2999.99 as 2999.99.
    rust_reads_all(catalog.session(), &known).await;
    for (want, python_read) in known.iter().zip(&stored) {
        assert_eq!(
            want.price as f32, python_read.price as f32,
            "the same float32 is stored"
        );
    }

    // The Rust demo's HTTP API on that keyspace: no 503.
    let app =
        materialized_views_demo::app(materialized_views_demo::AppState::new(connect(ks).await));
    let first = &known[0];
    let reply = get(&app, &format!("/products/{}", first.id)).await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text());
    assert_eq!(reply.json()["price"], json!(2999.99));
    let reply = get(
        &app,
        &format!("/views/by-category?category={}", first.category),
    )
    .await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text());
    let reply = post_json(
        &app,
        "/products",
        &json!({"name": "Posted Mouse", "category": "computing", "brand": "Dimension-7", "price": 2999.99}),
    )
    .await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.text());
    let posted: Uuid = reply.json()["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        get(&app, &format!("/products/{posted}")).await.json()["price"],
        json!(2999.99)
    );

    // Rust writes; Python reads every row through the base table and both views.
    let ours = rust_products("py-first");
    for p in &ours {
        catalog
            .insert(p)
            .await
            .expect("the Rust demo writes into a float column");
    }
    rust_reads_all(catalog.session(), &ours).await;
    let file = json_file("twin-python-first", &ours).display().to_string();
    tokio::task::spawn_blocking(move || {
        py(ks, &["check-known", "--price-precision", "auto", &file])
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn rust_first_then_python() {
    let ks = "twin_rust_first";
    let catalog = connect(ks).await;
    catalog
        .session()
        .drop_keyspace(ks)
        .await
        .expect("drop keyspace");
    // The Rust demo makes the schema (`price double`) and writes.
    let report = catalog.ensure_schema().await.expect("schema");
    assert!(report.drift.is_empty(), "{:?}", report.drift);
    let ours = rust_products("rust-first");
    for p in &ours {
        catalog.insert(p).await.expect("insert");
    }
    rust_reads_all(catalog.session(), &ours).await;

    // Python coodie's demo starts on it (its sync is IF NOT EXISTS: no-ops) and
    // reads every Rust row exactly: 2999.99 is 2999.99.
    let file = json_file("twin-rust-first", &ours).display().to_string();
    tokio::task::spawn_blocking(move || {
        py(ks, &["sync"]);
        py(ks, &["check-known", "--price-precision", "exact", &file])
    })
    .await
    .unwrap();

    // Python writes the fixture; Rust reads it back exactly through all three.
    let (fixture, known) = known();
    let fixture_arg = fixture.display().to_string();
    let stored = tokio::task::spawn_blocking(move || py(ks, &["write-known", &fixture_arg]))
        .await
        .unwrap();
    assert!(
        stored.contains("2999.99,") || stored.contains("2999.99}"),
        "{stored}"
    );
    rust_reads_all(catalog.session(), &known).await;
    // And the Rust rows are still as written after Python's sync.
    rust_reads_all(catalog.session(), &ours).await;
}
