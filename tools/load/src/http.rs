//! A small HTTP/1.1 client for the demo: one request, its status, body and time.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{Method, Request, header};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// What one request got.
#[derive(Debug)]
pub enum Outcome {
    /// The server answered.
    Answered {
        /// The HTTP status.
        status: u16,
        /// The body.
        body: Bytes,
        /// The `Link` header, if any.
        link: Option<String>,
        /// The `Retry-After` header in seconds, if any.
        retry_after: Option<u64>,
    },
    /// No answer within the client's limit: the server hangs.
    Hung,
    /// The connection failed (refused, reset): the server is gone or crashed.
    Transport(String),
}

/// The answer to one request and how long it took.
#[derive(Debug)]
pub struct Reply {
    /// What came back.
    pub outcome: Outcome,
    /// From sending to the whole body read.
    pub took: Duration,
}

impl Reply {
    /// The status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self.outcome {
            Outcome::Answered { status, .. } => Some(status),
            _ => None,
        }
    }

    /// How long the server asked to wait before the next request (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        match self.outcome {
            Outcome::Answered {
                retry_after: Some(s),
                ..
            } => Some(Duration::from_secs(s)),
            _ => None,
        }
    }

    /// The path and query of the next page, from a `Link: <…>; rel="next"` header.
    pub fn next_page(&self) -> Option<String> {
        let Outcome::Answered {
            link: Some(link), ..
        } = &self.outcome
        else {
            return None;
        };
        let (target, params) = link.split_once(';')?;
        if !params.contains("rel=\"next\"") {
            return None;
        }
        let url = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        // Absolute or relative: keep the path and query.
        let path = match url.find("://") {
            Some(i) => &url[i + 3 + url[i + 3..].find('/')?..],
            None => url,
        };
        Some(path.to_string())
    }

    /// The body, when the server answered.
    pub fn body(&self) -> &[u8] {
        match &self.outcome {
            Outcome::Answered { body, .. } => body,
            _ => &[],
        }
    }
}

/// A pooled client for one base URL; cheap to clone.
#[derive(Clone)]
pub struct Http {
    client: Client<HttpConnector, Full<Bytes>>,
    base: String,
    limit: Duration,
}

impl Http {
    /// A client for `base` (such as `http://127.0.0.1:8000`); a request that takes
    /// longer than `limit` counts as [`Outcome::Hung`].
    pub fn new(base: &str, limit: Duration) -> Http {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.set_connect_timeout(Some(Duration::from_secs(5)));
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        Http {
            client,
            base: base.trim_end_matches('/').to_string(),
            limit,
        }
    }

    /// `GET path` (with its query).
    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }

    /// `POST path` with a JSON body.
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> Reply {
        self.send(Method::POST, path, Some(body.to_string())).await
    }

    /// `DELETE path`.
    pub async fn delete(&self, path: &str) -> Reply {
        self.send(Method::DELETE, path, None).await
    }

    async fn send(&self, method: Method, path: &str, json: Option<String>) -> Reply {
        let started = Instant::now();
        let mut request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header(header::ACCEPT, "application/json");
        if json.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        let request = request
            .body(Full::new(Bytes::from(json.unwrap_or_default())))
            .expect("a well-formed request");
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| format!("{e:?}"))?;
            let status = response.status().as_u16();
            let link = response
                .headers()
                .get(header::LINK)
                .and_then(|v| v.to_str().ok())
                .map(String::from);
            let retry_after = response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok());
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| format!("{e:?}"))?
                .to_bytes();
            Ok::<_, String>(Outcome::Answered {
                status,
                body,
                link,
                retry_after,
            })
        };
        let outcome = match tokio::time::timeout(self.limit, exchange).await {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(e)) => Outcome::Transport(e),
            Err(_) => Outcome::Hung,
        };
        Reply {
            outcome,
            took: started.elapsed(),
        }
    }
}
