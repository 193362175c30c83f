//! The HTTP section of the report: both demos side by side, with coodie's advantage.

use std::fmt::Write;

use super::{HttpInfo, num, ratio};
use crate::http::{Endpoint, HttpSample};
use crate::summary::Spread;

/// Appends the section to `md`.
pub(super) fn render(md: &mut String, h: &HttpInfo, samples: &[HttpSample]) {
    let _ = writeln!(md, "## The demo over HTTP\n");
    let _ = writeln!(
        md,
        "coodie's materialized-views demo (axum, release build) and Python coodie's own (FastAPI \
         under uvicorn, `--no-access-log`, from the coodie source distribution), each on its own \
         keyspace of the same database, started by the harness; `wrk -t2 -c{} -d{}s --latency`, {} \
         runs interleaved. `GET` reads a 20-row view partition; `POST` inserts one product (both \
         views follow). Server CPU: utime + stime of the server process (`/proc/PID/stat`) over the \
         run, divided by requests.\n",
        h.connections, h.seconds, h.runs
    );
    let _ = writeln!(
        md,
        "| endpoint | server | req/s | p50 ms | p99 ms | server CPU µs/req | coodie advantage |\n|---|---|---|---|---|---|---|"
    );
    for endpoint in Endpoint::ALL {
        let mut servers: Vec<&str> = samples
            .iter()
            .filter(|s| s.endpoint == endpoint)
            .map(|s| s.server.as_str())
            .collect();
        servers.dedup();
        servers.sort();
        servers.dedup();
        for server in servers {
            let of = |f: fn(&HttpSample) -> f64| {
                Spread::of(
                    samples
                        .iter()
                        .filter(|s| s.endpoint == endpoint && s.server == server)
                        .map(f),
                )
            };
            let versus = (server != "coodie").then(|| {
                let paired = |f: fn(&HttpSample) -> f64| {
                    Spread::of(
                        samples
                            .iter()
                            .filter(|s| s.endpoint == endpoint && s.server == server)
                            .filter_map(|s| {
                                samples
                                    .iter()
                                    .find(|t| {
                                        t.endpoint == endpoint
                                            && t.server == "coodie"
                                            && t.run == s.run
                                    })
                                    .map(|t| f(s) / f(t))
                            }),
                    )
                };
                format!(
                    "CPU/req ×{}, p99 ×{}, req/s ×{}",
                    ratio(paired(|s| s.server_cpu_us_per_req)),
                    ratio(paired(|s| s.p99_ms)),
                    ratio(paired(|s| 1.0 / s.req_per_s)),
                )
            });
            let spread = |s: Option<Spread>| {
                s.map_or_else(
                    || "–".into(),
                    |s| format!("{} ({}–{})", num(s.median), num(s.min), num(s.max)),
                )
            };
            let _ = writeln!(
                md,
                "| {} | {server} | {} | {} | {} | {} | {} |",
                endpoint.label(),
                spread(of(|s| s.req_per_s)),
                spread(of(|s| s.p50_ms)),
                spread(of(|s| s.p99_ms)),
                spread(of(|s| s.server_cpu_us_per_req)),
                versus.unwrap_or_default(),
            );
        }
    }
    let timeouts: Vec<String> = samples
        .iter()
        .filter(|s| s.timeouts > 0)
        .map(|s| {
            format!(
                "{} {} run {}: {} of {} requests",
                s.server,
                s.endpoint.label(),
                s.run,
                s.timeouts,
                s.requests + s.timeouts
            )
        })
        .collect();
    if !timeouts.is_empty() {
        let _ = writeln!(
            md,
            "\nRequests unanswered after wrk's 2 s timeout (not in the latencies): {}.",
            timeouts.join("; ")
        );
    }
    let _ = writeln!(
        md,
        "\n\"coodie advantage\": the other server's figure over coodie's, run by run (for req/s, \
         coodie's over the other's), median (min–max); above 1 means coodie is ahead. Targets: \
         server CPU per request ≤ 1/15 of the Python demo's, p99 lower.\n"
    );
}
