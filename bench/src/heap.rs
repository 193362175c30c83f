//! Holds glibc's heap for a whole run, in this process and every process it starts
//! (Python coodie, the demos): a trim threshold of 256 MiB and a top pad of 64 MiB.
//!
//! With glibc's defaults the heap grows and is trimmed back as a segment's buffers
//! come and go, and each time it grows again the kernel faults its pages in: the
//! same library and operation took 3,263 or 22,650 minor page faults from one
//! process to the next (bench/PROFILE.md, fourth pass). Those faults are CPU time
//! that lands on whichever library's segment happens to grow the heap, so they
//! widened every CPU ratio's spread without saying anything about the library.
//! Held, every library runs on the same warm heap.
//!
//! `GLIBC_TUNABLES` is read when a process starts, so the harness sets it and runs
//! itself again. A `GLIBC_TUNABLES` already set (even empty: `GLIBC_TUNABLES=
//! coodie-bench run`) is left as it is, which is how to measure with the defaults.

use std::os::unix::process::CommandExt;
use std::process::Command;

/// The tunables the harness runs with.
pub const TUNABLES: &str = "glibc.malloc.trim_threshold=268435456:glibc.malloc.top_pad=67108864";

/// The environment variable that carries them.
const VARIABLE: &str = "GLIBC_TUNABLES";

/// Runs this program again with [`TUNABLES`] unless `GLIBC_TUNABLES` is already
/// set; returns only when it is (or when running it again failed, with a warning:
/// the run goes on with the defaults).
pub fn hold() {
    if std::env::var_os(VARIABLE).is_some() {
        return;
    }
    let error = match std::env::current_exe() {
        Ok(program) => Command::new(program)
            .args(std::env::args_os().skip(1))
            .env(VARIABLE, TUNABLES)
            .exec(),
        Err(error) => error,
    };
    eprintln!(
        "coodie-bench: could not run again with {VARIABLE}={TUNABLES} ({error}); glibc's defaults"
    );
}

/// What the harness's processes run with, for the report: `None` for glibc's defaults.
pub fn current() -> Option<String> {
    std::env::var(VARIABLE).ok().filter(|v| !v.is_empty())
}
