//! What the numbers were measured on: the machine, its load, and the versions.

use std::path::Path;
use std::process::Command;

use serde::{Deserialize, Serialize};

/// The conditions of a harness run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Machine {
    pub date: String,
    pub cpu: String,
    pub cores: usize,
    pub memory_gib: f64,
    pub kernel: String,
    pub rustc: String,
    /// `release`, or `debug` (numbers not comparable).
    pub build: String,
    /// 1-, 5-, 15-minute load averages when the run started and ended.
    pub load_start: String,
    pub load_end: String,
    pub database: String,
    /// crate name -> version, from Cargo.lock.
    pub crates: Vec<(String, String)>,
    /// What venv.sh recorded (Python, coodie, scylla-driver, ...).
    pub python: serde_json::Value,
}

impl Machine {
    /// Reads what can be read now (the database version and end load are set later).
    pub fn now(workspace: &Path) -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| {
                l.strip_prefix("model name")
                    .map(|r| r.trim_start_matches([' ', '\t', ':']).to_string())
            })
            .unwrap_or_else(|| "unknown".into());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory_kib: f64 = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0.0);
        Machine {
            date: command("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
            cpu,
            cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
            memory_gib: (memory_kib / 1024.0 / 1024.0 * 10.0).round() / 10.0,
            kernel: command("uname", &["-sr"]),
            rustc: command("rustc", &["-V"]),
            build: if cfg!(debug_assertions) {
                "debug build: numbers not comparable".into()
            } else {
                "release build".into()
            },
            load_start: load(),
            load_end: String::new(),
            database: String::new(),
            crates: crate_versions(
                workspace,
                &["scylla", "charybdis", "charybdis-migrate", "tokio"],
            ),
            python: serde_json::Value::Null,
        }
    }
}

/// The load averages, `1.32 1.41 1.14`.
pub fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn command(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Versions of `names` in the workspace's Cargo.lock.
fn crate_versions(workspace: &Path, names: &[&str]) -> Vec<(String, String)> {
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock")).unwrap_or_default();
    let mut found = Vec::new();
    let mut name = None;
    for line in lock.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = Some(n.trim_matches('"').to_string());
        } else {
            match (line.strip_prefix("version = "), name.take()) {
                (Some(v), Some(n)) if names.contains(&n.as_str()) => {
                    found.push((n, v.trim_matches('"').to_string()));
                }
                _ => {}
            }
        }
    }
    found
}
