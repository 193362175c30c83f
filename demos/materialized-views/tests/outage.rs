//! When the database goes away, requests fail fast with 503 and a JSON message, the
//! server stays up, and it serves again once the database is back, without a
//! restart. The outage is made with a TCP relay on 127.0.0.1 between the demo and
//! the real database (keyspace `demo_test_outage`); the database itself is never
//! touched.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::*;
use materialized_views_demo::config::Config;
use materialized_views_demo::store::Catalog;
use materialized_views_demo::{AppState, app};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

const KS: &str = "demo_test_outage";

/// A TCP relay to the database that can be cut (every connection dropped, new ones
/// refused) and restored on the same port, or stalled (connections stay open but
/// nothing gets through: a database that hangs).
struct Relay {
    addr: SocketAddr,
    upstream: String,
    task: Option<tokio::task::JoinHandle<()>>,
    stalled: Arc<AtomicBool>,
}

/// Copies one direction, holding the bytes while the relay is stalled.
async fn pump(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, stalled: Arc<AtomicBool>) {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        while stalled.load(Ordering::SeqCst) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}

impl Relay {
    async fn start(upstream: String) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind relay");
        let addr = listener.local_addr().expect("relay addr");
        let mut relay = Relay {
            addr,
            upstream,
            task: None,
            stalled: Arc::new(AtomicBool::new(false)),
        };
        relay.serve(listener);
        relay
    }

    fn serve(&mut self, listener: TcpListener) {
        let upstream = self.upstream.clone();
        let stalled = self.stalled.clone();
        self.task = Some(tokio::spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((client, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let stalled = stalled.clone();
                connections.spawn(async move {
                    if let Ok(server) = TcpStream::connect(&upstream).await {
                        let (client_read, client_write) = client.into_split();
                        let (server_read, server_write) = server.into_split();
                        tokio::join!(
                            pump(client_read, server_write, stalled.clone()),
                            pump(server_read, client_write, stalled),
                        );
                    }
                });
            }
        }));
    }

    /// Drops every relayed connection and stops listening.
    async fn cut(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    /// Holds every byte in both directions until [`Relay::unstall`].
    fn stall(&self) {
        self.stalled.store(true, Ordering::SeqCst);
    }

    fn unstall(&self) {
        self.stalled.store(false, Ordering::SeqCst);
    }

    /// Listens again on the same port.
    async fn restore(&mut self) {
        let listener = TcpListener::bind(self.addr).await.expect("rebind relay");
        self.serve(listener);
    }
}

/// The demo connected to the database through a fresh relay.
async fn app_behind_relay() -> (axum::Router, Relay) {
    // The schema, made through a direct connection.
    catalog(KS).await;
    let direct = Config::from_env().expect("environment");
    let first = direct.scylla_hosts.first().cloned().unwrap_or_default();
    let upstream = if first.contains(':') {
        first
    } else {
        format!("{first}:9042")
    };

    let relay = Relay::start(upstream).await;
    let config = Config {
        scylla_hosts: vec![relay.addr.to_string()],
        keyspace: KS.into(),
        ..direct
    };
    let db = config
        .session_builder()
        .connect()
        .await
        .unwrap_or_else(|e| panic!("connecting through the relay: {e}\nrun `make db-up`"));
    (app(AppState::new(Catalog::new(db))), relay)
}

#[tokio::test]
async fn requests_fail_fast_during_an_outage_and_recover_after_it() {
    let (app, mut relay) = app_behind_relay().await;
    let before = post_json(
        &app,
        "/products",
        &serde_json::json!({"name": "Causality Eraser", "category": "temporal",
                            "brand": "Null-Space", "price": 13.0}),
    )
    .await;
    assert_eq!(before.status, StatusCode::CREATED, "{}", before.text());
    assert_eq!(get(&app, "/products").await.status, StatusCode::OK);

    relay.cut().await;
    for uri in ["/products", "/views/by-brand?brand=Null-Space"] {
        let started = Instant::now();
        let during = get(&app, uri).await;
        let took = started.elapsed();
        assert_eq!(
            during.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{uri}: {}",
            during.text()
        );
        assert!(
            during.json()["detail"]
                .as_str()
                .is_some_and(|d| d.contains("database is unavailable")),
            "{}",
            during.text()
        );
        eprintln!("{uri} during the outage: {} in {took:?}", during.status);
        assert!(took < Duration::from_secs(8), "{uri} failed fast: {took:?}");
    }
    let fragment = get(&app, "/ui/products").await;
    assert_eq!(fragment.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(fragment.text().contains("class=\"alert\""));

    relay.restore().await;
    let restored = Instant::now();
    let recovered = eventually(Duration::from_secs(60), || async {
        let r = get(&app, "/products").await;
        (r.status == StatusCode::OK).then(|| r.json())
    })
    .await
    .expect("the demo serves again once the database is back");
    eprintln!(
        "serving again {:?} after the database came back",
        restored.elapsed()
    );
    assert!(
        recovered
            .as_array()
            .is_some_and(|l| l.iter().any(|p| p["name"] == "Causality Eraser"))
    );
    relay.cut().await;
}

#[tokio::test]
async fn a_hanging_database_times_out_with_503_and_the_demo_recovers() {
    let (app, mut relay) = app_behind_relay().await;
    assert_eq!(get(&app, "/products").await.status, StatusCode::OK);

    relay.stall();
    let started = Instant::now();
    let during = get(&app, "/views/by-category?category=temporal").await;
    let took = started.elapsed();
    eprintln!(
        "a query to a hanging database: {} in {took:?}",
        during.status
    );
    assert_eq!(
        during.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        during.text()
    );
    assert!(during.json()["detail"].as_str().is_some());
    let timeout = materialized_views_demo::config::REQUEST_TIMEOUT;
    assert!(
        took >= timeout - Duration::from_millis(500) && took < timeout + Duration::from_secs(3),
        "bounded by the request timeout ({timeout:?}): {took:?}"
    );

    relay.unstall();
    eventually(Duration::from_secs(30), || async {
        (get(&app, "/views/by-category?category=temporal")
            .await
            .status
            == StatusCode::OK)
            .then_some(())
    })
    .await
    .expect("the demo serves again once the database answers");
    relay.cut().await;
}
