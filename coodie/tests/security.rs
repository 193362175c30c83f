//! Password authentication and TLS against a real node that demands both:
//! `make test-security` starts a throwaway node (tools/cassandra/secure-node.sh:
//! PasswordAuthenticator, client-to-node TLS only, certificates made afresh by
//! openssl), exports where it is, runs this file, and stops the node.
//!
//! Needs the `tls` feature: `cargo test -p coodie --features tls --test security`.

use std::time::{Duration, Instant};

use coodie::{Error, Session, SessionBuilder};

/// How long a refused connection may take at most: the server answers a wrong
/// password or a plaintext hello at once, so anything near the connect timeout
/// would mean the client waited instead of failing.
const QUICKLY: Duration = Duration::from_secs(5);

/// One variable that `make test-security` exports.
fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!(
            "{name} is not set: run `make test-security` (it starts the secure node and exports it)"
        )
    })
}

/// The secure node's address, from `SCYLLA_HOSTS`.
fn host() -> String {
    var("SCYLLA_HOSTS")
}

/// A builder for the secure node with the right CA and no credentials.
fn tls_builder() -> SessionBuilder {
    Session::builder()
        .hosts([host()])
        .keyspace("system")
        .connect_timeout(Duration::from_secs(10))
        .tls_ca_file(var("SCYLLA_TLS_CA"))
}

/// Connects with `builder`, expecting a refusal within [`QUICKLY`]; returns the
/// error and how long it took.
async fn refused(builder: SessionBuilder) -> (Error, Duration) {
    let started = Instant::now();
    let outcome = builder.connect().await;
    let took = started.elapsed();
    match outcome {
        Ok(db) => panic!("the secure node accepted the connection: {db:?}"),
        Err(e) => {
            assert!(took < QUICKLY, "refused only after {took:?}: {e}");
            (e, took)
        }
    }
}

#[tokio::test]
async fn the_right_password_over_tls_connects_and_the_server_sees_tls() {
    // Everything from the environment, as the demo reads it: SCYLLA_HOSTS,
    // SCYLLA_USER, SCYLLA_PASSWORD and SCYLLA_TLS_CA.
    let db = SessionBuilder::from_env("system")
        .connect()
        .await
        .unwrap_or_else(|e| panic!("connecting to the secure node: {e}\nrun `make test-security`"));
    let rows = db
        .execute("SELECT username, ssl_enabled FROM system_views.clients", ())
        .await
        .expect("listing the clients")
        .into_rows_result()
        .expect("rows");
    let clients: Vec<(Option<String>, Option<bool>)> = rows
        .rows()
        .expect("typed rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    let ours: Vec<_> = clients
        .iter()
        .filter(|(user, _)| user.as_deref() == Some("cassandra"))
        .collect();
    assert!(
        !ours.is_empty(),
        "no connection of user cassandra in {clients:?}"
    );
    assert!(
        ours.iter().all(|(_, tls)| *tls == Some(true)),
        "a connection without TLS: {clients:?}"
    );
}

#[tokio::test]
async fn a_wrong_password_is_a_connect_error_naming_the_reason() {
    let (err, took) = refused(tls_builder().user("cassandra", "not-the-password")).await;
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("password are incorrect"),
        "the message should carry the server's reason: {message}"
    );
    eprintln!("wrong password refused after {took:?}: {message}");
}

#[tokio::test]
async fn no_credentials_are_refused_by_a_server_that_demands_them() {
    let (err, took) = refused(tls_builder()).await;
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    let message = err.to_string().to_lowercase();
    assert!(message.contains("authent"), "{message}");
    eprintln!("no credentials refused after {took:?}: {err}");
}

#[tokio::test]
async fn plaintext_to_the_tls_only_port_fails() {
    let plaintext = Session::builder()
        .hosts([host()])
        .keyspace("system")
        .connect_timeout(Duration::from_secs(10))
        .user(var("SCYLLA_USER"), var("SCYLLA_PASSWORD"));
    let (err, took) = refused(plaintext).await;
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&host()),
        "the message names the host: {err}"
    );
    eprintln!("plaintext refused after {took:?}: {err}");
}

#[tokio::test]
async fn a_server_certificate_from_an_untrusted_ca_is_refused() {
    let untrusted = tls_builder()
        .tls_ca_file(var("COODIE_SECURE_OTHER_CA"))
        .user(var("SCYLLA_USER"), var("SCYLLA_PASSWORD"));
    let (err, took) = refused(untrusted).await;
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    let message = format!("{err} {err:?}").to_lowercase();
    assert!(message.contains("certificate"), "{message}");
    eprintln!("untrusted certificate refused after {took:?}: {err}");
}

#[tokio::test]
async fn a_missing_ca_file_is_a_config_error_and_nothing_is_sent() {
    let started = Instant::now();
    let err = tls_builder()
        .tls_ca_file("/nonexistent/coodie-ca.pem")
        .connect()
        .await
        .expect_err("no CA file");
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(
        err.to_string().contains("/nonexistent/coodie-ca.pem"),
        "{err}"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
}
