//! Running one timed segment of an in-process library: warm-up first (untimed),
//! then `count` operations by `concurrency` workers, with the latency of each and
//! the process's CPU time over the whole segment.
//!
//! Concurrency 1 runs on a current-thread runtime, concurrency above 1 on a
//! fixed-size multi-thread runtime; every library gets the same runtime, and
//! segments never overlap, so the process's CPU time over a segment is that
//! library's (its driver tasks included).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::runtime::Runtime;

use crate::cpu::process_cpu;
use crate::libs::{BoxError, Library, Shared};
use crate::plan::Plan;
use crate::sample::Measure;

/// Runs `plan` for `lib` on `rt`. `docs` must hold the documents of
/// `count + warmup` calls (see [`Library::run`]); the warm-up uses the last ones.
pub fn run<L: Library>(
    rt: &Runtime,
    lib: &Arc<L>,
    plan: Plan,
    docs: Arc<Vec<L::Doc>>,
    shared: &Arc<Shared>,
) -> Result<Measure, BoxError> {
    rt.block_on(async {
        for i in plan.count..plan.count + plan.warmup {
            lib.run(plan.op, i, &docs, shared).await?;
        }
        let cpu0 = process_cpu();
        let t0 = Instant::now();
        let latencies = if plan.concurrency <= 1 {
            sequential(lib.as_ref(), plan, &docs, shared).await?
        } else {
            concurrent(lib, plan, docs, shared).await?
        };
        let wall = t0.elapsed();
        let cpu = process_cpu().saturating_sub(cpu0);
        Ok(Measure {
            wall,
            cpu,
            latencies,
        })
    })
}

async fn sequential<L: Library>(
    lib: &L,
    plan: Plan,
    docs: &[L::Doc],
    shared: &Shared,
) -> Result<Vec<Duration>, BoxError> {
    let mut latencies = Vec::with_capacity(plan.count);
    for i in 0..plan.count {
        let t = Instant::now();
        lib.run(plan.op, i, docs, shared).await?;
        latencies.push(t.elapsed());
    }
    Ok(latencies)
}

async fn concurrent<L: Library>(
    lib: &Arc<L>,
    plan: Plan,
    docs: Arc<Vec<L::Doc>>,
    shared: &Arc<Shared>,
) -> Result<Vec<Duration>, BoxError> {
    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..plan.concurrency.min(plan.count))
        .map(|_| {
            let (lib, docs, shared, next) =
                (lib.clone(), docs.clone(), shared.clone(), next.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(plan.count / plan.concurrency + 1);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= plan.count {
                        return Ok::<_, BoxError>(latencies);
                    }
                    let t = Instant::now();
                    lib.run(plan.op, i, &docs, &shared).await?;
                    latencies.push(t.elapsed());
                }
            })
        })
        .collect();
    let mut all = Vec::with_capacity(plan.count);
    for worker in workers {
        all.extend(worker.await??);
    }
    Ok(all)
}
