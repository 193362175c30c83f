//! `coodie-bench`: coodie beside the raw `scylla` driver, charybdis and Python
//! coodie on one real database, operations interleaved, client CPU per operation
//! included; and both materialized-views demos over HTTP. See `BENCHMARKS.md`.

mod cli;
mod cpu;
mod fixture;
mod harness;
mod heap;
mod http;
mod libs;
mod machine;
mod op;
mod outputs;
mod pipeline;
mod plan;
mod plot;
mod product;
mod profile;
mod quiet;
mod report;
mod sample;
mod segment;
mod summary;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    heap::hold();
    let cli = cli::Cli::parse();
    match cli::execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("coodie-bench: error: {e}");
            if e.to_string().contains("onnect") {
                eprintln!("coodie-bench: is the database up? run `make db-up`");
            }
            ExitCode::FAILURE
        }
    }
}
