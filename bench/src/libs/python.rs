//! Python coodie (PyPI, latest) driven by `tools/python/bench.py` in the venv that
//! `tools/python/venv.sh` makes: one subprocess per segment, so its segments
//! interleave with the Rust ones. The script measures itself (getrusage of its own
//! process, so its driver's I/O thread is counted) and prints one JSON line.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

use super::BoxError;
use crate::plan::Plan;
use crate::sample::Sample;

/// The library's name in the tables.
pub const NAME: &str = "python-coodie";

/// Where the Python side lives and what it benchmarks against.
#[derive(Debug, Clone)]
pub struct Python {
    /// The venv's interpreter.
    pub python: PathBuf,
    /// `tools/python`.
    pub dir: PathBuf,
    pub keyspace: String,
    pub hosts: Vec<String>,
    pub mv_rows: usize,
    pub stream_rows: usize,
    pub page_size: i32,
    pub batch_size: usize,
}

/// The part of bench.py's JSON line the harness reads.
#[derive(Debug, Deserialize)]
struct Line {
    op: String,
    concurrency: usize,
    ops: usize,
    wall_s: f64,
    ops_per_s: Option<f64>,
    p50_ms: Option<f64>,
    p99_ms: Option<f64>,
    cpu_s: f64,
    cpu_us_per_op: Option<f64>,
    errors: usize,
    first_error: Option<String>,
}

impl Python {
    /// Makes (or reuses) the venv with `tools/python/venv.sh`; fails with its
    /// message when PyPI cannot be reached.
    pub fn prepare(
        dir: &Path,
        venv: &Path,
        keyspace: &str,
        hosts: &[String],
        shape: (usize, usize, i32, usize),
    ) -> Result<Python, BoxError> {
        let script = dir.join("venv.sh");
        if !script.is_file() {
            return Err(format!(
                "{} is missing: the Python side of the harness lives in tools/python",
                script.display()
            )
            .into());
        }
        let out = Command::new("bash")
            .arg(&script)
            .env("COODIE_PY_VENV", venv)
            .stderr(Stdio::inherit())
            .output()?;
        if !out.status.success() {
            return Err(format!(
                "{} failed ({}); see its message above",
                script.display(),
                out.status
            )
            .into());
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        let python = stdout
            .lines()
            .last()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .ok_or("venv.sh printed no interpreter path")?;
        let (mv_rows, stream_rows, page_size, batch_size) = shape;
        Ok(Python {
            python: PathBuf::from(python),
            dir: dir.to_path_buf(),
            keyspace: keyspace.to_string(),
            hosts: hosts.to_vec(),
            mv_rows,
            stream_rows,
            page_size,
            batch_size,
        })
    }

    fn command(&self) -> Command {
        // bench.py takes plain hosts and one --port.
        let (hosts, port) = split_hosts(&self.hosts);
        let mut cmd = Command::new(&self.python);
        cmd.arg(self.dir.join("bench.py"))
            .args(["--keyspace", &self.keyspace, "--hosts", &hosts.join(",")])
            .args(["--port", &port.to_string()])
            .args(["--mv-rows", &self.mv_rows.to_string()])
            .args(["--stream-rows", &self.stream_rows.to_string()])
            .args(["--page-size", &self.page_size.to_string()])
            .args(["--batch-size", &self.batch_size.to_string()])
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stderr(Stdio::inherit());
        cmd
    }

    /// Creates the schema and the fixture rows (bench.py's setup), untimed.
    pub fn setup(&self) -> Result<(), BoxError> {
        let out = self
            .command()
            .args([
                "--ops",
                "mv_partition,stream",
                "--concurrency",
                "1",
                "--count",
                "1",
                "--warmup",
                "0",
            ])
            .output()?;
        if !out.status.success() {
            return Err(format!("tools/python/bench.py setup failed ({})", out.status).into());
        }
        Ok(())
    }

    /// One segment.
    pub fn segment(&self, plan: Plan) -> Result<Sample, BoxError> {
        let out = self
            .command()
            .arg("--no-setup")
            .args(["--ops", plan.op.python_name()])
            .args(["--concurrency", &plan.concurrency.to_string()])
            .args(["--count", &plan.count.to_string()])
            .args(["--warmup", &plan.warmup.to_string()])
            .output()?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(format!(
                "tools/python/bench.py {} failed ({}): {stdout}",
                plan.op, out.status
            )
            .into());
        }
        let line = stdout
            .lines()
            .rev()
            .find(|l| l.trim_start().starts_with('{'))
            .ok_or("bench.py printed no JSON line")?;
        let line: Line =
            serde_json::from_str(line).map_err(|e| format!("bench.py's JSON line: {e}: {line}"))?;
        if line.errors > 0
            || line.op != plan.op.python_name()
            || line.concurrency != plan.concurrency
        {
            return Err(format!(
                "bench.py {} at concurrency {}: {} errors (first: {})",
                line.op,
                line.concurrency,
                line.errors,
                line.first_error.unwrap_or_default()
            )
            .into());
        }
        Ok(Sample {
            lib: NAME.to_string(),
            op: plan.op,
            concurrency: plan.concurrency,
            run: plan.run,
            ops: line.ops,
            wall_s: line.wall_s,
            ops_per_s: line.ops_per_s.unwrap_or(f64::NAN),
            p50_ms: line.p50_ms.unwrap_or(f64::NAN),
            p99_ms: line.p99_ms.unwrap_or(f64::NAN),
            cpu_s: line.cpu_s,
            cpu_us_per_op: line.cpu_us_per_op.unwrap_or(f64::NAN),
        })
    }
}

/// `["a:9043", "b"]` → (`["a", "b"]`, 9043): the hosts without ports, and the
/// first port given (9042 when none is).
fn split_hosts(hosts: &[String]) -> (Vec<&str>, u16) {
    let mut port = None;
    let names = hosts
        .iter()
        .map(|h| match h.rsplit_once(':') {
            Some((name, p)) if !name.contains(':') => {
                port = port.or(p.parse().ok());
                name
            }
            _ => h.as_str(),
        })
        .collect();
    (names, port.unwrap_or(9042))
}

/// The versions venv.sh recorded in `VENV/versions.json` (Python, coodie,
/// scylla-driver, ...), for the report.
pub fn versions(venv: &Path) -> serde_json::Value {
    std::fs::read_to_string(venv.join("versions.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::split_hosts;

    #[test]
    fn hosts_and_port() {
        let hosts = vec!["10.0.0.1:9043".to_string(), "db".to_string()];
        assert_eq!(split_hosts(&hosts), (vec!["10.0.0.1", "db"], 9043));
        assert_eq!(
            split_hosts(&["127.0.0.1".to_string()]),
            (vec!["127.0.0.1"], 9042)
        );
    }
}
