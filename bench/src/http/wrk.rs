//! Running `wrk` (Debian package `wrk`) and reading its `--latency` report.

use std::path::Path;
use std::process::{Command, Stdio};

use super::demo::by_category_path;
use super::{Endpoint, POST_BODY};
use crate::libs::BoxError;

pub(super) fn wrk(
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

/// wrk's `Socket errors:` line, as counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SocketErrors {
    pub connect: u64,
    pub read: u64,
    pub write: u64,
    /// Requests unanswered after wrk's 2 s timeout: a slow server, not a broken one.
    pub timeout: u64,
}

impl SocketErrors {
    /// `connect 0, read 0, write 0, timeout 12` as counts.
    pub fn parse(text: &str) -> Option<SocketErrors> {
        let mut errors = SocketErrors::default();
        for part in text.split(',') {
            let mut words = part.split_whitespace();
            let (Some(name), Some(n), None) = (words.next(), words.next(), words.next()) else {
                return None;
            };
            let n: u64 = n.parse().ok()?;
            match name {
                "connect" => errors.connect = n,
                "read" => errors.read = n,
                "write" => errors.write = n,
                "timeout" => errors.timeout = n,
                _ => return None,
            }
        }
        Some(errors)
    }

    /// Errors other than timeouts: the server refused or dropped connections.
    pub fn broken(&self) -> u64 {
        self.connect + self.read + self.write
    }
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
        assert_eq!(
            SocketErrors::parse("connect 0, read 0, write 0, timeout 12"),
            Some(SocketErrors {
                timeout: 12,
                ..SocketErrors::default()
            })
        );
        assert_eq!(
            SocketErrors::parse("connect 1, read 2, write 3, timeout 0").map(|e| e.broken()),
            Some(6)
        );
        assert_eq!(SocketErrors::parse("connect x"), None);
        assert!(WrkOutput::parse("garbage").is_none());
    }
}
