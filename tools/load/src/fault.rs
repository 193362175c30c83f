//! An outage in the middle of the load: a shell command stops the database, and
//! after a while another starts it again; the times are written down.

use std::time::{Duration, Instant};

/// How to make the outage.
#[derive(Debug, Clone)]
pub struct Plan {
    /// After how long into the run the database is stopped.
    pub after: Duration,
    /// How long it stays stopped once the stop command has returned.
    pub down_for: Duration,
    /// The shell command that stops the database (returns once it is stopped).
    pub stop: String,
    /// The shell command that starts it (returns once it answers CQL).
    pub start: String,
}

/// When the outage happened, since the start of the run.
#[derive(Debug, Clone, Copy)]
pub struct Timeline {
    /// The stop command was started.
    pub stopping: Duration,
    /// It returned: the database is down.
    pub stopped: Duration,
    /// The start command was started.
    pub starting: Duration,
    /// It returned: the database is back.
    pub back: Duration,
}

impl Timeline {
    /// From the first stop to the database being back.
    pub fn outage(&self) -> Duration {
        self.back - self.stopping
    }
}

async fn shell(command: &str) -> Result<(), String> {
    let status = tokio::process::Command::new("bash")
        .arg("-c")
        .arg(command)
        .status()
        .await
        .map_err(|e| format!("cannot run `{command}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{command}` failed: {status}"))
    }
}

/// Waits until `plan.after`, stops the database, waits `plan.down_for`, starts it.
pub async fn run(plan: Plan, started: Instant) -> Result<Timeline, String> {
    tokio::time::sleep_until((started + plan.after).into()).await;
    let stopping = started.elapsed();
    eprintln!("load: {stopping:.1?}: stopping the database: {}", plan.stop);
    shell(&plan.stop).await?;
    let stopped = started.elapsed();
    eprintln!("load: {stopped:.1?}: database stopped");
    tokio::time::sleep(plan.down_for).await;
    let starting = started.elapsed();
    eprintln!(
        "load: {starting:.1?}: starting the database: {}",
        plan.start
    );
    shell(&plan.start).await?;
    let back = started.elapsed();
    eprintln!("load: {back:.1?}: database back");
    Ok(Timeline {
        stopping,
        stopped,
        starting,
        back,
    })
}
