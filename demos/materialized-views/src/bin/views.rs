//! Checks the demo's two materialized views against the `products` table, and
//! repairs them on request:
//!
//! ```text
//! cargo run -p materialized-views-demo --bin views -- verify
//! cargo run -p materialized-views-demo --bin views -- repair            # dry run
//! cargo run -p materialized-views-demo --bin views -- repair --apply
//! cargo run -p materialized-views-demo --bin views -- verify --view brand --from-token -42
//! ```
//!
//! Each view gets a progress bar (base pass, then view pass) and the run ends with
//! a summary table. The exit status is 0 when every view checked is clean (after
//! the repair, for `repair --apply`), 1 when drift is left, 2 on an error.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use coodie::prelude::*;
use coodie::verify::{Phase, Repair, ViewCheck, ViewReport};
use indicatif::{ProgressBar, ProgressStyle};
use materialized_views_demo::config::{Config, connect_at_startup};
use materialized_views_demo::models::{ProductByBrand, ProductByCategory};

/// Check the catalog's materialized views against their base table.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Report view rows that are missing, stale, or explained by no base row.
    Verify(Options),
    /// Re-write the base rows of missing and stale view rows, each cell at its
    /// own write time + 1 µs (a dry run without --apply).
    Repair {
        #[command(flatten)]
        options: Options,
        /// Write; without it, only count what would be written.
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Debug, clap::Args)]
struct Options {
    /// Which view (default: both).
    #[arg(long, value_enum, default_value_t = Which::All)]
    view: Which,
    /// Token ranges read at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    concurrency: u16,
    /// Resume the base pass after this token (printed by an interrupted run).
    #[arg(long, allow_hyphen_values = true)]
    from_token: Option<i64>,
    /// Skip the view pass (orphans).
    #[arg(long)]
    no_orphans: bool,
    /// Findings of each kind listed in the output.
    #[arg(long, default_value_t = 10)]
    samples: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Which {
    All,
    Category,
    Brand,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,scylla=error")),
        )
        .init();
    match run(Args::parse()).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

async fn run(args: Args) -> Result<bool, String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let db = connect_at_startup(&config).await?;
    let (options, repair) = match args.command {
        Command::Verify(options) => (options, Repair::Off),
        Command::Repair { options, apply } => {
            (options, if apply { Repair::Apply } else { Repair::DryRun })
        }
    };
    let mut reports = Vec::new();
    if matches!(options.view, Which::All | Which::Category) {
        reports.push(check::<ProductByCategory>(&db, &options, repair).await?);
    }
    if matches!(options.view, Which::All | Which::Brand) {
        reports.push(check::<ProductByBrand>(&db, &options, repair).await?);
    }
    print_summary(&reports);
    for report in &reports {
        for sample in &report.samples {
            println!("  {}: {sample}", report.view);
        }
        if let Some(advice) = report.advice() {
            println!("  {advice}");
        }
    }
    if repair == Repair::DryRun && reports.iter().any(|r| r.repair.rows > 0) {
        println!(
            "Dry run: nothing was written. Run `views repair --apply` to re-write these rows."
        );
    }
    // After a repair, what is left is what it could not fix.
    Ok(reports.iter().all(|r| match repair {
        Repair::Apply => r.orphans == 0 && r.repair.unrepairable == 0,
        _ => r.is_clean(),
    }))
}

/// Checks view `V` with a progress bar per pass.
async fn check<V: MaterializedView>(
    db: &Session,
    options: &Options,
    repair: Repair,
) -> Result<ViewReport, String> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{prefix:>28} [{elapsed_precise}] {bar:32.magenta/white} {pos}/{len} ranges {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_prefix(format!("{} (base)", V::NAME));
    let mut check = ViewCheck::<V>::new()
        .concurrency(usize::from(options.concurrency))
        .orphans(!options.no_orphans)
        .samples(options.samples)
        .repair(repair)
        .on_progress({
            let bar = bar.clone();
            move |p| {
                if p.phase == Phase::View && bar.prefix().ends_with("(base)") {
                    bar.set_prefix(format!("{} (view)", V::NAME));
                }
                bar.set_length(p.ranges_total as u64);
                bar.set_position(p.ranges_done as u64);
                bar.set_message(format!(
                    "{} rows, {} findings, resume with --from-token {}",
                    p.rows, p.findings, p.resume_from
                ));
            }
        });
    if let Some(token) = options.from_token {
        check = check.from_token(token);
    }
    let report = check.run(db).await.map_err(|e| e.to_string());
    bar.finish_and_clear();
    report
}

fn print_summary(reports: &[ViewReport]) {
    let line = format!(
        "+{:-<24}+{:-<11}+{:-<11}+{:-<9}+{:-<9}+{:-<9}+{:-<11}+{:-<10}+",
        "", "", "", "", "", "", "", ""
    );
    println!("{line}");
    println!(
        "| {:<22} | {:>9} | {:>9} | {:>7} | {:>7} | {:>7} | {:>9} | {:>8} |",
        "view", "base rows", "view rows", "missing", "stale", "orphans", "repaired", "rows/s"
    );
    println!("{line}");
    for r in reports {
        let repaired = match r.repair.mode {
            Repair::Off => "-".to_string(),
            Repair::DryRun => format!("({})", r.repair.rows),
            Repair::Apply => r.repair.rows.to_string(),
        };
        println!(
            "| {:<22} | {:>9} | {:>9} | {:>7} | {:>7} | {:>7} | {:>9} | {:>8.0} |",
            r.view,
            r.base_rows,
            r.view_rows,
            r.missing,
            r.stale,
            r.orphans,
            repaired,
            r.base_rows_per_second()
        );
    }
    println!("{line}");
}
