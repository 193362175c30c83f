//! Shared by the demo's tests: the app on a real database, in a test keyspace.
#![allow(dead_code)]

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use materialized_views_demo::config::Config;
use materialized_views_demo::store::Catalog;
use materialized_views_demo::{AppState, app};
use tower::ServiceExt;

/// Keyspaces whose schema this test binary already made.
static READY: tokio::sync::Mutex<Vec<String>> = tokio::sync::Mutex::const_new(Vec::new());

/// A catalog on `keyspace`: connects to `SCYLLA_HOSTS` (default 127.0.0.1) and, once
/// per test binary, drops and re-creates the keyspace with the demo's schema. Fails,
/// never skips, when the database cannot be reached.
pub async fn catalog(keyspace: &str) -> Catalog {
    let catalog = connect(keyspace).await;
    let mut ready = READY.lock().await;
    if !ready.iter().any(|k| k == keyspace) {
        catalog
            .session()
            .drop_keyspace(keyspace)
            .await
            .unwrap_or_else(|e| panic!("dropping {keyspace}: {e}"));
        catalog
            .ensure_schema()
            .await
            .unwrap_or_else(|e| panic!("creating the schema in {keyspace}: {e}"));
        ready.push(keyspace.to_string());
    }
    catalog
}

/// A catalog on `keyspace` without touching the schema.
pub async fn connect(keyspace: &str) -> Catalog {
    let config = Config {
        keyspace: keyspace.to_string(),
        ..Config::from_env().expect("usable environment")
    };
    // The test's own DDL (dropping and creating keyspaces) may take longer than
    // the demo's request timeout on a busy machine.
    let builder = config
        .session_builder()
        .request_timeout(coodie_test_support::TEST_REQUEST_TIMEOUT);
    match builder.connect().await {
        Ok(db) => Catalog::new(db),
        Err(e) => panic!(
            "cannot reach the database at SCYLLA_HOSTS={}: {e}\nrun `make db-up` to start it",
            config.scylla_hosts.join(",")
        ),
    }
}

/// The demo's router on `keyspace`.
pub async fn test_app(keyspace: &str) -> Router {
    app(AppState::new(catalog(keyspace).await))
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}), status {}: {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Sends one request through the router.
pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app
        .clone()
        .oneshot(request)
        .await
        .unwrap_or_else(|e| match e {});
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("body").to_bytes();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

pub async fn delete(app: &Router, uri: &str) -> Reply {
    send(
        app,
        Request::delete(uri).body(Body::empty()).expect("request"),
    )
    .await
}

pub async fn post_json(app: &Router, uri: &str, body: &serde_json::Value) -> Reply {
    send(
        app,
        Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request"),
    )
    .await
}

pub async fn post_form(app: &Router, uri: &str, fields: &[(&str, &str)]) -> Reply {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    send(
        app,
        Request::post(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request"),
    )
    .await
}

/// Percent-encodes a query or form value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Shared with the library's tests: a value no other test uses (the tests of a
/// binary share the views) and the bounded retry for what views show
/// asynchronously.
#[allow(unused_imports)] // each test binary uses some of them
pub use coodie_test_support::{eventually, free_port, unique};
