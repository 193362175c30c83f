//! A whole run: the harness's rounds, the HTTP rounds, what the run was told
//! (`run.json`), then the report.

use std::path::Path;

use crate::harness::{self, Settings};
use crate::http::{self, HttpPlan};
use crate::libs::BoxError;
use crate::machine::{self, Machine};
use crate::outputs::{workspace_root, write_report};
use crate::report::{HttpInfo, RunInfo};

/// Measures everything `s` and `http` ask for and writes `markdown` and `plot`.
pub fn measure_and_report(
    s: &Settings,
    http: Option<HttpPlan>,
    notes: Vec<String>,
    markdown: &Path,
    plot: &Path,
) -> Result<(), BoxError> {
    let mut machine = Machine::now(&workspace_root());
    std::fs::create_dir_all(&s.out_dir)?;
    harness::run(s, |x| {
        eprintln!(
            "run {} {:>12} @{:<2} {:>14}: {:>9.1} ops/s  p50 {:>8.3} ms  p99 {:>8.3} ms  CPU {:>9.1} µs/op",
            x.run,
            x.op.name(),
            x.concurrency,
            x.lib,
            x.ops_per_s,
            x.p50_ms,
            x.p99_ms,
            x.cpu_us_per_op
        )
    })?;
    machine.database = harness::database_version(s).unwrap_or_else(|e| format!("unknown ({e})"));
    if s.python {
        machine.python = crate::libs::python::versions(&s.venv);
    }
    let mut http_info = None;
    let http_path = s.out_dir.join("http.jsonl");
    let _ = std::fs::remove_file(&http_path);
    if let Some(plan) = http {
        http_info = Some(HttpInfo {
            connections: plan.connections,
            seconds: plan.seconds,
            runs: plan.runs,
        });
        let samples = http::run(s, &plan)?;
        let lines: Vec<String> = samples
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<_, _>>()?;
        std::fs::write(&http_path, lines.join("\n") + "\n")?;
    }
    machine.load_end = machine::load();
    let counts = s
        .ops
        .iter()
        .flat_map(|&op| s.concurrency.iter().map(move |&c| (op, c)))
        .map(|(op, c)| (op, c, s.count(op, c)))
        .collect();
    let info = RunInfo {
        machine,
        runs: s.runs,
        threads: s.threads,
        warmup: s.warmup,
        blocks: s.blocks,
        mv_rows: s.mv_rows,
        stream_rows: s.stream_rows,
        page_size: s.page_size,
        batch_size: s.batch_size,
        counts,
        http: http_info,
        notes,
        heap: crate::heap::current(),
    };
    std::fs::write(
        s.out_dir.join("run.json"),
        serde_json::to_string_pretty(&info)?,
    )?;
    write_report(&s.out_dir, markdown, plot)
}
