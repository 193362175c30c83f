//! Both materialized-views demos over HTTP, side by side on the same database:
//! coodie's (axum) and Python coodie's own (FastAPI under uvicorn, started by
//! `tools/python/run_python_demo.sh`). `wrk` (Debian package `wrk`) loads
//! `GET /views/by-category` (a 20-row view partition) and `POST /products` at 64
//! connections; the server's CPU time comes from `/proc/PID/stat` before and after.

mod client;
mod demo;
mod rounds;
mod wrk;

use serde::{Deserialize, Serialize};

pub use demo::{Demo, DemoKind};
pub use rounds::{HttpPlan, run};

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
    /// Requests wrk gave up on after its 2 s timeout (counted in no latency).
    #[serde(default)]
    pub timeouts: u64,
    pub server_cpu_s: f64,
    pub server_cpu_us_per_req: f64,
}
