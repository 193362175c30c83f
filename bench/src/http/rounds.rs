//! The HTTP part of a run: both demos started side by side, seeded, warmed up,
//! then loaded in interleaved rounds (per run, per endpoint, each server in turn).

use std::path::PathBuf;

use super::{Demo, DemoKind, Endpoint, HttpSample};
use crate::harness::Settings;
use crate::libs::BoxError;

/// How the HTTP part is run.
pub struct HttpPlan {
    pub runs: usize,
    pub seconds: u64,
    pub connections: usize,
    pub demo_bin: PathBuf,
    pub rust_keyspace: String,
    pub python_keyspace: String,
}

/// Runs the HTTP rounds of `plan`.
pub fn run(s: &Settings, plan: &HttpPlan) -> Result<Vec<HttpSample>, BoxError> {
    let hosts = s.hosts.join(",");
    if s.fresh {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        rt.block_on(async {
            let c = crate::libs::coodie::Coodie::connect(&s.hosts, &s.keyspace).await?;
            c.drop_keyspace(&plan.rust_keyspace).await?;
            c.drop_keyspace(&plan.python_keyspace).await?;
            Ok::<_, BoxError>(())
        })?;
    }
    let logs = &s.out_dir;
    eprintln!("http: starting coodie's demo ({})", plan.demo_bin.display());
    let rust = Demo::start(
        "coodie",
        &DemoKind::Rust {
            binary: plan.demo_bin.clone(),
        },
        &hosts,
        &plan.rust_keyspace,
        18_001,
        &logs.join("demo-coodie.log"),
    )?;
    rust.seed()?;
    let mut demos = vec![rust];
    if s.python {
        let script = s.python_dir.join("run_python_demo.sh");
        eprintln!("http: starting Python coodie's demo ({})", script.display());
        let py = Demo::start(
            "python-coodie",
            &DemoKind::Python {
                script,
                venv: s.venv.clone(),
            },
            &hosts,
            &plan.python_keyspace,
            18_002,
            &logs.join("demo-python.log"),
        )?;
        py.seed()?;
        demos.push(py);
    }
    // One untimed second per server and endpoint first.
    for demo in &demos {
        for endpoint in Endpoint::ALL {
            demo.measure(endpoint, 0, 1, plan.connections, logs)?;
        }
    }
    let mut samples = Vec::new();
    for run in 1..=plan.runs {
        for endpoint in Endpoint::ALL {
            for demo in &demos {
                let x = demo.measure(endpoint, run, plan.seconds, plan.connections, logs)?;
                eprintln!(
                    "http run {run} {:>22} {:>14}: {:>8.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  server CPU {:>7.1} µs/req",
                    endpoint.label(),
                    x.server,
                    x.req_per_s,
                    x.p50_ms,
                    x.p99_ms,
                    x.server_cpu_us_per_req
                );
                samples.push(x);
            }
        }
    }
    Ok(samples)
}
