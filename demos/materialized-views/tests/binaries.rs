//! The two binaries as a user runs them: the server (start-up against an empty
//! keyspace, and against no database at all) and `seed`.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;
use materialized_views_demo::models::{Product, ProductByBrand, ProductByCategory};
use materialized_views_demo::seed_data::{BRANDS, CATEGORIES};

const SERVER: &str = env!("CARGO_BIN_EXE_materialized-views-demo");
const SEED: &str = env!("CARGO_BIN_EXE_seed");

#[tokio::test]
async fn seed_creates_the_schema_and_accumulates_products() {
    let ks = "demo_test_seed";
    // An empty database: no keyspace at all.
    connect(ks)
        .await
        .session()
        .drop_keyspace(ks)
        .await
        .expect("drop keyspace");

    for round in 1..=2 {
        let out = tokio::process::Command::new(SEED)
            .args(["--count", "120", "--concurrency", "16"])
            .env("SCYLLA_KEYSPACE", ks)
            .output()
            .await
            .expect("run seed");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "seed failed: {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("Inserted 120 products"), "{stdout}");
        assert!(stdout.contains("| category"), "a summary table: {stdout}");

        let catalog = connect(ks).await;
        let products: Vec<Product> = catalog.list(None).await.expect("list");
        assert_eq!(products.len(), 120 * round, "runs accumulate");
        for p in &products {
            assert!(CATEGORIES.contains(&p.category.as_str()), "{p:?}");
            assert!(BRANDS.contains(&p.brand.as_str()), "{p:?}");
            assert!((99.99..=99_999.99).contains(&p.price), "{p:?}");
        }
        // The views hold every product, partition by partition.
        let in_views = eventually(Duration::from_secs(20), || async {
            let mut by_category = 0;
            for c in CATEGORIES {
                let rows: Vec<ProductByCategory> = catalog.by_category(c).await.ok()?;
                by_category += rows.len();
            }
            let mut by_brand = 0;
            for b in BRANDS {
                let rows: Vec<ProductByBrand> = catalog.by_brand(b).await.ok()?;
                by_brand += rows.len();
            }
            (by_category == products.len() && by_brand == products.len()).then_some(())
        })
        .await;
        assert!(
            in_views.is_some(),
            "both views hold all {} products",
            products.len()
        );
    }
}

#[tokio::test]
async fn the_server_syncs_the_schema_then_serves() {
    let ks = "demo_test_server";
    connect(ks)
        .await
        .session()
        .drop_keyspace(ks)
        .await
        .expect("drop keyspace");
    let port = free_port();
    let mut child = tokio::process::Command::new(SERVER)
        .env("SCYLLA_KEYSPACE", ks)
        .env("PORT", port.to_string())
        .env("HOST", "127.0.0.1")
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start the server");

    let started = Instant::now();
    let mut page = None;
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(mut stream) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let request = "GET /views/by-brand?brand=Void-Rift HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            stream.write_all(request.as_bytes()).await.expect("write");
            let mut answer = String::new();
            stream.read_to_string(&mut answer).await.expect("read");
            page = Some(answer);
            break;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the server exited early: {status}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    child.start_kill().expect("stop the server");
    let out = child.wait_with_output().await.expect("server output");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let page = page.unwrap_or_else(|| panic!("the server never listened:\n{log}"));
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.ends_with("[]"), "an empty view: {page}");
    for needle in [
        format!("keyspace {ks} ready"),
        "CREATE TABLE IF NOT EXISTS".to_string(),
        "CREATE INDEX IF NOT EXISTS products_category_idx".to_string(),
        "CREATE INDEX IF NOT EXISTS products_brand_idx".to_string(),
        format!("CREATE MATERIALIZED VIEW IF NOT EXISTS {ks}.products_by_category"),
        format!("CREATE MATERIALIZED VIEW IF NOT EXISTS {ks}.products_by_brand"),
        format!("http://127.0.0.1:{port}/"),
    ] {
        assert!(log.contains(&needle), "the log says {needle:?}:\n{log}");
    }
}

#[tokio::test]
async fn without_a_database_the_server_exits_and_says_make_db_up() {
    // Nothing listens on port 1 of the loopback: every attempt is refused.
    let started = Instant::now();
    let out = tokio::process::Command::new(SERVER)
        .env("SCYLLA_HOSTS", "127.0.0.1:1")
        .env("PORT", free_port().to_string())
        .env("NO_COLOR", "1")
        .output()
        .await
        .expect("run the server");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "exits non-zero");
    assert!(stderr.contains("make db-up"), "{stderr}");
    assert!(stderr.contains("127.0.0.1:1"), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "bounded retry: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn on_a_schema_it_cannot_use_the_server_refuses_to_start_and_says_why() {
    let ks = "demo_test_mismatch";
    let catalog = connect(ks).await;
    let db = catalog.session();
    db.drop_keyspace(ks).await.expect("drop keyspace");
    db.create_keyspace(ks, &coodie::Replication::Simple(1))
        .await
        .expect("create keyspace");
    // `products` made by someone else, with `price` as text.
    db.execute_ddl(&format!(
        "CREATE TABLE {ks}.products (id uuid PRIMARY KEY, name text, category text, brand text, \
         price text, description text, created_at timestamp)"
    ))
    .await
    .expect("create the table");
    let out = tokio::process::Command::new(SERVER)
        .env("SCYLLA_KEYSPACE", ks)
        .env("PORT", free_port().to_string())
        .env("NO_COLOR", "1")
        .output()
        .await
        .expect("run the server");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "exits non-zero: {stderr}");
    for needle in [
        format!("the keyspace `{ks}` holds a schema this demo cannot use"),
        format!("column `price` of `{ks}.products` is `text` in the database"),
        "the model's Rust type `f64` (CQL `double`) cannot read or write".to_string(),
        "Fix:".to_string(),
        "point SCYLLA_KEYSPACE at".to_string(),
    ] {
        assert!(stderr.contains(&needle), "says {needle:?}:\n{stderr}");
    }
    assert!(!stderr.contains("unavailable"), "{stderr}");
    // It changed nothing: no index, no view was created.
    let views = db
        .execute(
            "SELECT view_name FROM system_schema.views WHERE keyspace_name = ?",
            (ks,),
        )
        .await
        .expect("views")
        .into_rows_result()
        .expect("rows")
        .rows_num();
    assert_eq!(views, 0);
}
