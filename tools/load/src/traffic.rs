//! The clients: each one sends a random mix of the demo's requests until the end
//! of the run, and writes down what the server acknowledged.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use materialized_views_demo::models::Product;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;
use uuid::Uuid;

use crate::http::{Http, Outcome, Reply};

/// The kinds of request, and how often each is sent (weights out of 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Op {
    /// `POST /products`.
    Create,
    /// `DELETE /products/{id}` of a product this client created.
    Delete,
    /// `GET /products/{id}` of a product this client created.
    Get,
    /// `GET /products?limit=50`.
    List,
    /// `GET /views/by-category?category=…&limit=50`.
    ByCategory,
    /// `GET /views/by-brand?brand=…&limit=50`.
    ByBrand,
    /// The next page of a list, from its `Link: <…>; rel="next"` header.
    NextPage,
}

const MIX: [(Op, u32); 6] = [
    (Op::Create, 35),
    (Op::Delete, 10),
    (Op::Get, 25),
    (Op::List, 10),
    (Op::ByCategory, 10),
    (Op::ByBrand, 10),
];

/// The categories and brands the clients write; the checker reads these
/// partitions of the views.
pub const CATEGORIES: [&str; 6] = [
    "load-weapons",
    "load-temporal",
    "load-cosmic",
    "load-potions",
    "load-it's",
    "load-ünïcödé",
];
/// See [`CATEGORIES`].
pub const BRANDS: [&str; 5] = [
    "Void-Rift",
    "Dimension-7",
    "O'Brien & Sons",
    "<b>Bold</b>",
    "'; DROP TABLE products; --",
];

/// A 5xx (or a hang, or a broken connection) and when it happened.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The request.
    pub op: Op,
    /// Since the start of the run.
    pub at: Duration,
    /// How long the request took.
    pub took: Duration,
    /// The status, or what happened instead.
    pub what: String,
    /// The cause the answer gave (the start of a 503's `detail` after `Cause:`).
    pub cause: String,
}

/// The cause a 5xx body names: its `detail` from `Cause: ` on, shortened.
fn cause_of(body: &[u8]) -> String {
    let detail = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["detail"].as_str().map(String::from))
        .unwrap_or_default();
    let cause = detail
        .split_once("Cause: ")
        .map_or(detail.as_str(), |(_, c)| c);
    cause.chars().take(110).collect()
}

/// Something the server answered that contradicts an acknowledged write.
#[derive(Debug, Clone)]
pub struct Violation {
    /// Since the start of the run.
    pub at: Duration,
    /// What was wrong.
    pub what: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at {:.1?}: {}", self.at, self.what)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} at {:.1?}: {} after {:.2?}",
            self.op, self.at, self.what, self.took
        )?;
        if !self.cause.is_empty() {
            write!(f, " ({})", self.cause)?;
        }
        Ok(())
    }
}

/// What one client saw; merged over all clients at the end.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Acknowledged creates (201) that were not deleted, with what the server said
    /// it stored.
    pub live: HashMap<Uuid, Product>,
    /// Acknowledged deletes (204).
    pub deleted: HashSet<Uuid>,
    /// Deletes without an answer either way (5xx, hang): the product may or may
    /// not be there.
    pub unsure_deletes: HashSet<Uuid>,
    /// Names of creates without an answer either way: such a product may or may
    /// not be stored.
    pub unsure_creates: HashSet<String>,
    /// Requests per kind and status (`"hung"`, `"transport"` for no status).
    pub counts: BTreeMap<(Op, String), u64>,
    /// Every 5xx, hang and transport error.
    pub failures: Vec<Failure>,
    /// Answers contradicting an acknowledged write.
    pub violations: Vec<Violation>,
    /// Answered requests and the sum and maximum of their times, per kind.
    pub latency: BTreeMap<Op, (u64, Duration, Duration)>,
    /// When a request last succeeded (2xx), since the start of the run.
    pub successes: Vec<Duration>,
}

impl Ledger {
    /// Adds another client's ledger to this one.
    pub fn merge(&mut self, other: Ledger) {
        self.live.extend(other.live);
        self.deleted.extend(other.deleted);
        self.unsure_deletes.extend(other.unsure_deletes);
        self.unsure_creates.extend(other.unsure_creates);
        for (k, v) in other.counts {
            *self.counts.entry(k).or_default() += v;
        }
        self.failures.extend(other.failures);
        self.violations.extend(other.violations);
        for (op, (n, sum, max)) in other.latency {
            let e = self.latency.entry(op).or_default();
            e.0 += n;
            e.1 += sum;
            e.2 = e.2.max(max);
        }
        self.successes.extend(other.successes);
    }

    /// All requests sent.
    pub fn requests(&self) -> u64 {
        self.counts.values().sum()
    }

    fn record(&mut self, op: Op, reply: &Reply, at: Duration) {
        let what = match &reply.outcome {
            Outcome::Answered { status, .. } => status.to_string(),
            Outcome::Hung => "hung".to_string(),
            Outcome::Transport(_) => "transport".to_string(),
        };
        *self.counts.entry((op, what.clone())).or_default() += 1;
        let e = self.latency.entry(op).or_default();
        e.0 += 1;
        e.1 += reply.took;
        e.2 = e.2.max(reply.took);
        match reply.status() {
            Some(s) if (200..300).contains(&s) => self.successes.push(at),
            Some(s) if s < 500 => {}
            _ => self.failures.push(Failure {
                op,
                at,
                took: reply.took,
                what: match &reply.outcome {
                    Outcome::Transport(e) => format!("transport: {e}"),
                    _ => what,
                },
                cause: cause_of(reply.body()),
            }),
        }
    }

    fn violation(&mut self, at: Duration, what: String) {
        self.violations.push(Violation { at, what });
    }
}

/// Whether a reply is a failure of the server (5xx, no answer).
fn failed(reply: &Reply) -> bool {
    reply.status().is_none_or(|s| s >= 500)
}

fn pick_op(rng: &mut impl Rng) -> Op {
    let mut roll = rng.random_range(0..100);
    for (op, weight) in MIX {
        if roll < weight {
            return op;
        }
        roll -= weight;
    }
    Op::Get
}

/// Text that must come back exactly as sent: quotes, markup, CQL, unicode.
const TRICKY: [&str; 6] = [
    "plain",
    "it's \"quoted\"",
    "'; DROP TABLE products; --",
    "<script>alert(1)</script>",
    "ünïcødé ✓ 日本 🚀",
    "back\\slash %s {} $1",
];

/// The pause after a failed request without `Retry-After`.
const MIN_BACKOFF: Duration = Duration::from_millis(100);
/// The longest pause after a failed request, whatever `Retry-After` says.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Runs one client until `done` is set, then returns what it saw.
pub async fn client(
    http: Http,
    n: usize,
    think: Duration,
    started: Instant,
    done: Arc<AtomicBool>,
) -> Ledger {
    let mut ledger = Ledger::default();
    let mut rng = rand::rngs::StdRng::from_rng(&mut rand::rng());
    let mut mine: Vec<Uuid> = Vec::new();
    // Deletes that got no answer either way: sent again until one is definite.
    let mut retry: Vec<Uuid> = Vec::new();
    let mut seq = 0u64;
    while !done.load(Ordering::Relaxed) {
        let op = match pick_op(&mut rng) {
            Op::Delete if mine.is_empty() && retry.is_empty() => Op::Create,
            Op::Get if mine.is_empty() => Op::Create,
            op => op,
        };
        let at = started.elapsed();
        let reply = match op {
            Op::Create => {
                seq += 1;
                let name = format!("load c{n} #{seq} {}", TRICKY.choose(&mut rng).unwrap());
                let category = *CATEGORIES.choose(&mut rng).unwrap();
                let brand = *BRANDS.choose(&mut rng).unwrap();
                let price = rng.random_range(0..10_000_000) as f64 / 100.0;
                let description = rng
                    .random_bool(0.5)
                    .then(|| format!("{} ({} long)", TRICKY.choose(&mut rng).unwrap(), seq));
                let body = json!({
                    "name": name, "category": category, "brand": brand,
                    "price": price, "description": description,
                });
                let reply = http.post_json("/products", &body).await;
                match reply.status() {
                    Some(201) => match serde_json::from_slice::<Product>(reply.body()) {
                        Ok(p)
                            if p.name == name
                                && p.category == category
                                && p.brand == brand
                                && p.price == price
                                && p.description == description =>
                        {
                            mine.push(p.id);
                            ledger.live.insert(p.id, p);
                        }
                        Ok(p) => ledger.violation(at, format!("sent {body}, stored {p:?}")),
                        Err(e) => ledger.violation(at, format!("201 body is not a product: {e}")),
                    },
                    _ if failed(&reply) => {
                        ledger.unsure_creates.insert(name);
                    }
                    other => ledger.violation(at, format!("create {body} answered {other:?}")),
                }
                reply
            }
            Op::Delete => {
                let (id, again) = match retry.pop() {
                    Some(id) => (id, true),
                    None => (mine.swap_remove(rng.random_range(0..mine.len())), false),
                };
                ledger.live.remove(&id);
                let reply = http.delete(&format!("/products/{id}")).await;
                match reply.status() {
                    Some(204) => {
                        ledger.deleted.insert(id);
                    }
                    // The earlier attempt was applied after all: gone either way.
                    Some(404) if again => {
                        ledger.deleted.insert(id);
                    }
                    _ if failed(&reply) => retry.push(id),
                    other => ledger.violation(
                        at,
                        format!("delete of acknowledged {id} answered {other:?}"),
                    ),
                }
                reply
            }
            Op::Get => {
                let id = *mine.choose(&mut rng).unwrap();
                let reply = http.get(&format!("/products/{id}")).await;
                match reply.status() {
                    Some(200) => match serde_json::from_slice::<Product>(reply.body()) {
                        Ok(p) if Some(&p) == ledger.live.get(&id) => {}
                        got => ledger.violation(
                            at,
                            format!("get {id}: {got:?}, stored {:?}", ledger.live.get(&id)),
                        ),
                    },
                    _ if failed(&reply) => {}
                    other => {
                        ledger.violation(at, format!("get of acknowledged {id} answered {other:?}"))
                    }
                }
                reply
            }
            Op::List | Op::NextPage => {
                list(&http, &mut ledger, started, "/products?limit=50".into()).await
            }
            Op::ByCategory => {
                let key = *CATEGORIES.choose(&mut rng).unwrap();
                let path = format!("/views/by-category?category={}&limit=50", encode(key));
                list(&http, &mut ledger, started, path).await
            }
            Op::ByBrand => {
                let key = *BRANDS.choose(&mut rng).unwrap();
                let path = format!("/views/by-brand?brand={}&limit=50", encode(key));
                list(&http, &mut ledger, started, path).await
            }
        };
        let failure = failed(&reply);
        ledger.record(op, &reply, at);
        if failure {
            // As a real client would: do not hammer a server that is in trouble,
            // wait as long as its `Retry-After` says (at most `MAX_BACKOFF`).
            let pause = reply.retry_after().unwrap_or(MIN_BACKOFF);
            tokio::time::sleep(pause.clamp(MIN_BACKOFF, MAX_BACKOFF)).await;
        }
        if !think.is_zero() {
            tokio::time::sleep(think).await;
        }
    }
    ledger.unsure_deletes.extend(retry);
    ledger
}

async fn list(http: &Http, ledger: &mut Ledger, started: Instant, path: String) -> Reply {
    let at = started.elapsed();
    let reply = http.get(&path).await;
    match reply.status() {
        Some(200) => {
            if let Err(e) = serde_json::from_slice::<Vec<serde_json::Value>>(reply.body()) {
                ledger.violation(at, format!("{path}: not a JSON array: {e}"));
            }
            // The next page, as its `Link` header says (RFC 8288), is one more request.
            if let Some(next) = reply.next_page() {
                let at = started.elapsed();
                let page = http.get(&next).await;
                match page.status() {
                    Some(200) => {}
                    _ if failed(&page) => {}
                    other => ledger.violation(at, format!("{next} answered {other:?}")),
                }
                ledger.record(Op::NextPage, &page, at);
            }
        }
        _ if failed(&reply) => {}
        other => ledger.violation(at, format!("{path} answered {other:?}")),
    }
    reply
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Runs `clients` clients against `http` until `done` is set, and merges what
/// they saw.
pub async fn run(
    http: Http,
    clients: usize,
    think: Duration,
    started: Instant,
    done: Arc<AtomicBool>,
) -> Ledger {
    let tasks: Vec<_> = (0..clients)
        .map(|n| tokio::spawn(client(http.clone(), n, think, started, done.clone())))
        .collect();
    let mut all = Ledger::default();
    for task in tasks {
        all.merge(task.await.expect("a client panicked"));
    }
    all
}
