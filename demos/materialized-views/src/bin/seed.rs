//! Seeds the catalog with random artifacts:
//! `cargo run -p materialized-views-demo --bin seed -- --count 200`.
//!
//! Makes sure the schema exists first (keyspace, table, indexes, views), so it works
//! on an empty database. Does not clear the table: runs accumulate.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use coodie::prelude::Table;
use futures::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use materialized_views_demo::config::{Config, connect_at_startup};
use materialized_views_demo::models::{Product, ProductByBrand, ProductByCategory};
use materialized_views_demo::seed_data::random_product;
use materialized_views_demo::store::Catalog;

/// Seed the Oracle's catalog with random artifacts.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// How many products to insert.
    #[arg(long, short, default_value_t = 50)]
    count: usize,
    /// How many inserts run at once.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u16).range(1..=1024))]
    concurrency: u16,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,scylla=error")),
        )
        .init();
    let args = Args::parse();
    match seed(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn seed(args: Args) -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let db = connect_at_startup(&config).await?;
    let catalog = Catalog::new(db);
    catalog
        .ensure_schema()
        .await
        .map_err(|e| format!("schema sync failed: {e}"))?;
    println!(
        "🔮 Seeding {} products into {}.products ({} at a time)…",
        args.count, config.keyspace, args.concurrency
    );

    let products: Vec<Product> = {
        let mut rng = rand::rng();
        (0..args.count).map(|_| random_product(&mut rng)).collect()
    };
    let bar = ProgressBar::new(args.count as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:40.magenta/white} {pos}/{len} ({per_sec}, eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = Instant::now();
    let results: Vec<Result<Product, String>> = futures::stream::iter(products)
        .map(|product| {
            let catalog = catalog.clone();
            let bar = bar.clone();
            async move {
                let outcome = catalog.insert(&product).await;
                bar.inc(1);
                outcome.map(|()| product).map_err(|e| e.to_string())
            }
        })
        .buffer_unordered(usize::from(args.concurrency))
        .collect()
        .await;
    let elapsed = started.elapsed();
    bar.finish_and_clear();

    let mut by_category: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_brand: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut inserted = 0usize;
    for result in results {
        match result {
            Ok(p) => {
                inserted += 1;
                *by_category.entry(p.category).or_default() += 1;
                *by_brand.entry(p.brand).or_default() += 1;
            }
            Err(e) => failures.push(e),
        }
    }
    print_summary(&by_category, &by_brand);
    let rate = inserted as f64 / elapsed.as_secs_f64().max(1e-9);
    println!(
        "Inserted {inserted} products in {:.2} s ({rate:.0} products/s); {} failed.",
        elapsed.as_secs_f64(),
        failures.len()
    );
    println!(
        "Both views ({}, {}) follow by themselves.",
        ProductByCategory::NAME,
        ProductByBrand::NAME
    );
    if let Some(first) = failures.first() {
        return Err(format!(
            "{} inserts failed; the first: {first}",
            failures.len()
        ));
    }
    Ok(())
}

fn print_summary(by_category: &BTreeMap<String, usize>, by_brand: &BTreeMap<String, usize>) {
    let rows = by_category.len().max(by_brand.len());
    let cats: Vec<_> = by_category.iter().collect();
    let brands: Vec<_> = by_brand.iter().collect();
    let line = format!("+{:-<16}+{:-<8}+{:-<15}+{:-<8}+", "", "", "", "");
    println!("{line}");
    println!(
        "| {:<14} | {:>6} | {:<13} | {:>6} |",
        "category", "count", "brand", "count"
    );
    println!("{line}");
    for i in 0..rows {
        let (c, cn) = cats
            .get(i)
            .map(|(k, v)| (k.as_str(), v.to_string()))
            .unwrap_or(("", String::new()));
        let (b, bn) = brands
            .get(i)
            .map(|(k, v)| (k.as_str(), v.to_string()))
            .unwrap_or(("", String::new()));
        println!("| {c:<14} | {cn:>6} | {b:<13} | {bn:>6} |");
    }
    println!("{line}");
}
