//! Starting a demo, seeding its view partition, loading it with wrk, stopping it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::client::request;
use super::wrk::{SocketErrors, WrkOutput, wrk};
use super::{Endpoint, GET_CATEGORY, GET_ROWS, HttpSample};
use crate::cpu::other_process_cpu;
use crate::libs::BoxError;

/// How to start a demo.
#[derive(Debug, Clone)]
pub enum DemoKind {
    /// coodie's demo binary (`materialized-views-demo`).
    Rust { binary: PathBuf },
    /// Python coodie's demo through `tools/python/run_python_demo.sh`.
    Python { script: PathBuf, venv: PathBuf },
}

/// A running demo: the process this harness started, stopped on drop.
pub struct Demo {
    pub name: &'static str,
    child: Child,
    pub port: u16,
}

impl Demo {
    /// Starts the demo on `keyspace` and `port` and waits until it answers.
    pub fn start(
        name: &'static str,
        kind: &DemoKind,
        hosts: &str,
        keyspace: &str,
        port: u16,
        log: &Path,
    ) -> Result<Demo, BoxError> {
        let log_file = std::fs::File::create(log)?;
        let mut cmd = match kind {
            DemoKind::Rust { binary } => {
                if !binary.is_file() {
                    return Err(format!("{} is missing: build the demo first (cargo build -p materialized-views-demo)", binary.display()).into());
                }
                let mut cmd = Command::new(binary);
                // The demo's own default filter logs nothing per request either way;
                // warn keeps it quiet like uvicorn's --no-access-log.
                cmd.env("RUST_LOG", "warn");
                cmd
            }
            DemoKind::Python { script, venv } => {
                let mut cmd = Command::new("bash");
                cmd.arg(script)
                    .args([keyspace, &port.to_string(), "--no-access-log"])
                    .env("COODIE_PY_VENV", venv);
                cmd
            }
        };
        let child = cmd
            .env("SCYLLA_HOSTS", hosts)
            .env("SCYLLA_KEYSPACE", keyspace)
            .env("HOST", "127.0.0.1")
            .env("PORT", port.to_string())
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()?;
        let mut demo = Demo { name, child, port };
        let deadline = Instant::now() + Duration::from_secs(180);
        loop {
            if let Ok((200, _)) = request(port, "GET", &by_category_path(), None) {
                return Ok(demo);
            }
            if let Some(status) = demo.child.try_wait()? {
                return Err(format!(
                    "{name} exited ({status}) before answering; see {}",
                    log.display()
                )
                .into());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{name} did not answer on port {port} within 180 s; see {}",
                    log.display()
                )
                .into());
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Makes the `GET` partition hold exactly [`GET_ROWS`] rows (posting the missing ones).
    pub fn seed(&self) -> Result<(), BoxError> {
        let have = self.by_category_rows()?;
        if have > GET_ROWS {
            return Err(format!("{}: category {GET_CATEGORY} has {have} rows, more than {GET_ROWS}; rerun with --fresh", self.name).into());
        }
        for i in have..GET_ROWS {
            let body = format!(
                r#"{{"name": "HTTP Bench {i}", "category": "{GET_CATEGORY}", "brand": "bench-http-brand", "price": 2999.99}}"#
            );
            let (status, text) = request(self.port, "POST", "/products", Some(&body))?;
            if !(200..300).contains(&status) {
                return Err(
                    format!("{}: POST /products answered {status}: {text}", self.name).into(),
                );
            }
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.by_category_rows()? != GET_ROWS {
            if Instant::now() > deadline {
                return Err(format!(
                    "{}: the view partition did not reach {GET_ROWS} rows",
                    self.name
                )
                .into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(())
    }

    fn by_category_rows(&self) -> Result<usize, BoxError> {
        let (status, body) = request(self.port, "GET", &by_category_path(), None)?;
        if status != 200 {
            return Err(format!(
                "{}: GET {} answered {status}",
                self.name,
                by_category_path()
            )
            .into());
        }
        let rows: Vec<serde_json::Value> = serde_json::from_str(&body)?;
        Ok(rows.len())
    }

    /// One wrk run, with the server's CPU time over it.
    pub fn measure(
        &self,
        endpoint: Endpoint,
        run: usize,
        seconds: u64,
        connections: usize,
        work: &Path,
    ) -> Result<HttpSample, BoxError> {
        let pid = self.child.id();
        let before = other_process_cpu(pid)?;
        let out = wrk(self.port, endpoint, seconds, connections, work)?;
        let cpu = other_process_cpu(pid)?.saturating_sub(before);
        let parsed =
            WrkOutput::parse(&out).ok_or_else(|| format!("cannot read wrk's output:\n{out}"))?;
        let socket = match parsed.socket_errors.as_deref() {
            None => SocketErrors::default(),
            Some(text) => SocketErrors::parse(text)
                .ok_or_else(|| format!("cannot read wrk's socket errors {text:?}:\n{out}"))?,
        };
        // Timeouts are a measurement (requests slower than wrk's 2 s), reported
        // with the sample; failed responses and broken connections are failures.
        if parsed.bad_responses > 0 || socket.broken() > 0 {
            return Err(format!(
                "{} {}: {} non-2xx responses, socket errors: {}\n{out}",
                self.name,
                endpoint.label(),
                parsed.bad_responses,
                parsed.socket_errors.as_deref().unwrap_or("none")
            )
            .into());
        }
        Ok(HttpSample {
            server: self.name.to_string(),
            endpoint,
            run,
            connections,
            seconds,
            requests: parsed.requests,
            req_per_s: parsed.req_per_s,
            p50_ms: parsed.p50_ms,
            p99_ms: parsed.p99_ms,
            timeouts: socket.timeout,
            server_cpu_s: cpu.as_secs_f64(),
            server_cpu_us_per_req: if parsed.requests == 0 {
                f64::NAN
            } else {
                cpu.as_secs_f64() * 1e6 / parsed.requests as f64
            },
        })
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        // SIGTERM to the process this harness started, then reap it.
        // SAFETY: kill on a pid we own (our child, not yet reaped).
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(super) fn by_category_path() -> String {
    format!("/views/by-category?category={GET_CATEGORY}")
}
