//! `coodie-dbctl`: the Rust half of `make db-up`.
//!
//! ```text
//! coodie-dbctl wait --timeout 120 --log .cassandra/logs/system.log
//! coodie-dbctl create-keyspace viewdemo --replication-factor 1
//! coodie-dbctl wait-cluster --nodes 3 --timeout 300
//! ```
//! Hosts come from `SCYLLA_HOSTS` (comma-separated, default `127.0.0.1`).

use std::process::ExitCode;
use std::time::{Duration, Instant};

mod cluster;

use clap::{Parser, Subcommand};
use coodie::{Replication, Session, SessionBuilder};

#[derive(Parser)]
#[command(about = "Waits for the development database and creates keyspaces")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Waits until the server answers a CQL query.
    Wait {
        /// Seconds to wait at most.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
        /// A server log whose end is printed when the wait fails.
        #[arg(long)]
        log: Option<std::path::PathBuf>,
    },
    /// Waits until `nodes` nodes are up and normal (what `nodetool status` shows as
    /// UN), each asked directly over CQL.
    WaitCluster {
        /// How many nodes the cluster must have.
        #[arg(long, default_value_t = 3)]
        nodes: usize,
        /// Seconds to wait at most.
        #[arg(long, default_value_t = 300)]
        timeout: u64,
    },
    /// Creates a keyspace (SimpleStrategy) if it does not exist.
    CreateKeyspace {
        /// The keyspace's name.
        name: String,
        /// Its replication factor.
        #[arg(long, default_value_t = 1)]
        replication_factor: u32,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Wait { timeout, log } => wait(Duration::from_secs(timeout), log).await,
        Command::WaitCluster { nodes, timeout } => {
            cluster::wait_cluster(builder(), nodes, Duration::from_secs(timeout)).await
        }
        Command::CreateKeyspace {
            name,
            replication_factor,
        } => create_keyspace(&name, replication_factor).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("coodie-dbctl: {message}");
            ExitCode::FAILURE
        }
    }
}

fn builder() -> SessionBuilder {
    SessionBuilder::from_env("system").connect_timeout(Duration::from_secs(3))
}

async fn wait(timeout: Duration, log: Option<std::path::PathBuf>) -> Result<(), String> {
    let started = Instant::now();
    let mut last_error = String::new();
    while started.elapsed() < timeout {
        match answer(builder()).await {
            Ok((server, version)) => {
                eprintln!(
                    "coodie-dbctl: {server:?} {version} answers CQL after {:.1}s",
                    started.elapsed().as_secs_f64()
                );
                return Ok(());
            }
            Err(e) => last_error = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    if let Some(log) = log
        && let Ok(text) = std::fs::read_to_string(&log)
    {
        let lines: Vec<&str> = text.lines().collect();
        eprintln!("--- the last lines of {} ---", log.display());
        for line in &lines[lines.len().saturating_sub(40)..] {
            eprintln!("{line}");
        }
    }
    Err(format!(
        "the database did not answer within {}s: {last_error}",
        timeout.as_secs()
    ))
}

async fn answer(builder: SessionBuilder) -> coodie::Result<(coodie::Server, String)> {
    let db = builder.connect().await?;
    const CQL: &str = "SELECT release_version FROM system.local";
    let rows = db
        .execute(CQL, ())
        .await?
        .into_rows_result()
        .map_err(|e| coodie::Error::driver(CQL, e))?;
    let (version,) = rows
        .single_row::<(String,)>()
        .map_err(|e| coodie::Error::driver(CQL, e))?;
    Ok((db.server(), version))
}

async fn create_keyspace(name: &str, factor: u32) -> Result<(), String> {
    let db: Session = builder().connect().await.map_err(|e| e.to_string())?;
    db.create_keyspace(name, &Replication::Simple(factor))
        .await
        .map_err(|e| e.to_string())?;
    eprintln!(
        "coodie-dbctl: keyspace `{name}` is ready ({:?})",
        db.server()
    );
    Ok(())
}
