//! Both materialized-views demos over HTTP, side by side on the same database:
//! coodie's (axum) and Python coodie's own (FastAPI under uvicorn, started by
//! `tools/python/run_python_demo.sh`). `wrk` (Debian package `wrk`) loads
//! `GET /views/by-category` (a 20-row view partition) and `POST /products` at 64
//! connections; the server's CPU time comes from `/proc/PID/stat` before and after.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::cpu::other_process_cpu;
use crate::libs::BoxError;

/// The category `GET` reads and its size.
pub const GET_CATEGORY: &str = "bench-http";
pub const GET_ROWS: usize = 20;
/// What every `POST` writes (its rows go to their own category).
pub const POST_BODY: &str = r#"{"name": "Quantum Entanglement Mouse", "category": "bench-post", "brand": "Dimension-7", "price": 2999.99}"#;

/// The two endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Endpoint {
    #[serde(rename = "GET /views/by-category")]
    ByCategory,
    #[serde(rename = "POST /products")]
    PostProduct,
}

impl Endpoint {
    pub const ALL: [Endpoint; 2] = [Endpoint::ByCategory, Endpoint::PostProduct];

    pub fn label(self) -> &'static str {
        match self {
            Endpoint::ByCategory => "GET /views/by-category",
            Endpoint::PostProduct => "POST /products",
        }
    }
}

/// One wrk run against one server.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HttpSample {
    pub server: String,
    pub endpoint: Endpoint,
    pub run: usize,
    pub connections: usize,
    pub seconds: u64,
    pub requests: u64,
    pub req_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub server_cpu_s: f64,
    pub server_cpu_us_per_req: f64,
}

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
        if parsed.bad_responses > 0 || parsed.socket_errors.is_some() {
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

fn by_category_path() -> String {
    format!("/views/by-category?category={GET_CATEGORY}")
}

fn wrk(
    port: u16,
    endpoint: Endpoint,
    seconds: u64,
    connections: usize,
    work: &Path,
) -> Result<String, BoxError> {
    let mut cmd = Command::new("wrk");
    cmd.args([
        "-t2",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--latency",
    ]);
    let url = match endpoint {
        Endpoint::ByCategory => format!("http://127.0.0.1:{port}{}", by_category_path()),
        Endpoint::PostProduct => {
            let lua = work.join("post.lua");
            std::fs::write(
                &lua,
                format!(
                    "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = '{POST_BODY}'\n"
                ),
            )?;
            cmd.arg("-s").arg(&lua);
            format!("http://127.0.0.1:{port}/products")
        }
    };
    let out = cmd
        .arg(url)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run wrk ({e}): install it (Debian: apt-get install wrk)"))?;
    if !out.status.success() {
        return Err(format!("wrk failed ({})", out.status).into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// What the harness reads from wrk's `--latency` report.
#[derive(Debug, Clone, PartialEq)]
pub struct WrkOutput {
    pub requests: u64,
    pub req_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub bad_responses: u64,
    pub socket_errors: Option<String>,
}

impl WrkOutput {
    pub fn parse(text: &str) -> Option<WrkOutput> {
        let mut out = WrkOutput {
            requests: 0,
            req_per_s: f64::NAN,
            p50_ms: f64::NAN,
            p99_ms: f64::NAN,
            bad_responses: 0,
            socket_errors: None,
        };
        let mut have_requests = false;
        for line in text.lines().map(str::trim) {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["50%", v] => out.p50_ms = duration_ms(v)?,
                ["99%", v] => out.p99_ms = duration_ms(v)?,
                [n, "requests", "in", ..] => {
                    out.requests = n.parse().ok()?;
                    have_requests = true;
                }
                ["Requests/sec:", v] => out.req_per_s = v.parse().ok()?,
                ["Non-2xx", "or", "3xx", "responses:", n] => out.bad_responses = n.parse().ok()?,
                ["Socket", "errors:", ..] => {
                    out.socket_errors = Some(line["Socket errors:".len()..].trim().to_string())
                }
                _ => {}
            }
        }
        (have_requests
            && out.req_per_s.is_finite()
            && out.p50_ms.is_finite()
            && out.p99_ms.is_finite())
        .then_some(out)
    }
}

/// `812.00us`, `8.21ms`, `1.02s` in milliseconds.
fn duration_ms(text: &str) -> Option<f64> {
    let (number, scale) = if let Some(n) = text.strip_suffix("us") {
        (n, 1e-3)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1e3)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|n| n * scale)
}

/// A one-shot HTTP/1.1 request on 127.0.0.1: the status and the body.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> Result<(u16, String), BoxError> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let body = body.unwrap_or("");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nAccept: application/json\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw);
    let (head, rest) = text
        .split_once("\r\n\r\n")
        .ok_or("HTTP response without a header end")?;
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("HTTP response without a status")?;
    let chunked = head.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    Ok((
        status,
        if chunked {
            dechunk(rest)
        } else {
            rest.to_string()
        },
    ))
}

fn dechunk(mut rest: &str) -> String {
    let mut body = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || after.len() < n {
            break;
        }
        body.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRK: &str = "Running 10s test @ http://127.0.0.1:8000/x
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     8.57ms    2.12ms  33.43ms   82.21%
    Req/Sec     3.75k   346.23     4.48k    71.50%
  Latency Distribution
     50%  812.00us
     75%    9.33ms
     90%   10.89ms
     99%    1.20s
  74591 requests in 10.01s, 109.20MB read
Requests/sec:   7450.38
Transfer/sec:     10.91MB
";

    #[test]
    fn reads_wrk() {
        let w = WrkOutput::parse(WRK).unwrap();
        assert_eq!(w.requests, 74591);
        assert_eq!(w.req_per_s, 7450.38);
        assert!((w.p50_ms - 0.812).abs() < 1e-9);
        assert_eq!(w.p99_ms, 1200.0);
        assert_eq!(w.bad_responses, 0);
        assert!(w.socket_errors.is_none());
        let bad = format!(
            "{WRK}  Non-2xx or 3xx responses: 5\n  Socket errors: connect 0, read 0, write 0, timeout 12\n"
        );
        let w = WrkOutput::parse(&bad).unwrap();
        assert_eq!(w.bad_responses, 5);
        assert_eq!(
            w.socket_errors.as_deref(),
            Some("connect 0, read 0, write 0, timeout 12")
        );
        assert!(WrkOutput::parse("garbage").is_none());
    }

    #[test]
    fn chunked_bodies() {
        assert_eq!(
            dechunk("4\r\n[1,2\r\n2\r\n,3\r\n1\r\n]\r\n0\r\n\r\n"),
            "[1,2,3]"
        );
    }
}
