//! The `views` binary as a user runs it: `verify` and `repair` on a consistent
//! catalog (the drift of a real view is proven on the cluster, in
//! `coodie/tests/view_drift.rs`).

mod common;

use std::time::Duration;

use common::*;
use coodie::prelude::*;
use materialized_views_demo::models::{ProductByBrand, ProductByCategory};
use materialized_views_demo::seed_data::random_product;

const VIEWS: &str = env!("CARGO_BIN_EXE_views");

async fn views(ks: &str, args: &[&str]) -> (i32, String) {
    let out = tokio::process::Command::new(VIEWS)
        .args(args)
        .env("SCYLLA_KEYSPACE", ks)
        .output()
        .await
        .expect("run views");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    (
        out.status.code().unwrap_or(-1),
        format!("{stdout}\n{stderr}"),
    )
}

#[tokio::test]
async fn views_verify_and_repair_report_a_consistent_catalog_clean() {
    let ks = "demo_test_views_cli";
    let catalog = catalog(ks).await;
    let products: Vec<_> = {
        let mut rng = rand::rng();
        (0..80).map(|_| random_product(&mut rng)).collect()
    };
    for p in &products {
        catalog.insert(p).await.unwrap();
    }
    let db = catalog.session();
    let caught_up = eventually(Duration::from_secs(30), || async {
        let c = ProductByCategory::count(db).await.ok()?;
        let b = ProductByBrand::count(db).await.ok()?;
        (c == 80 && b == 80).then_some(())
    })
    .await;
    assert!(caught_up.is_some(), "the views never caught up");

    let (code, out) = views(ks, &["verify"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("| view "), "a summary table: {out}");
    for view in ["products_by_category", "products_by_brand"] {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("| {view} ")))
            .unwrap_or_else(|| panic!("no row for {view}: {out}"));
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // view, base rows, view rows, missing, stale, orphans
        assert_eq!(&cells[1..7], [view, "80", "80", "0", "0", "0"], "{out}");
    }

    let (code, out) = views(ks, &["repair", "--view", "brand", "--concurrency", "2"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("| products_by_brand "), "{out}");
    assert!(
        !out.contains("products_by_category "),
        "only the brand view: {out}"
    );
    assert!(!out.contains("Dry run"), "nothing to repair: {out}");

    let (code, out) = views(ks, &["verify", "--from-token", "-5", "--no-orphans"]).await;
    assert_eq!(code, 0, "{out}");
}
