//! TLS to the database with rustls (the `tls` feature): a CA file to trust, or a
//! whole `rustls::ClientConfig`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use super::SessionBuilder;
use crate::{Error, Result};

/// How the session sets up TLS.
#[derive(Debug, Clone)]
pub(super) enum Tls {
    /// Trust the CA certificates of this PEM file, read when connecting.
    CaFile(PathBuf),
    /// The caller's own configuration.
    Config(Arc<rustls::ClientConfig>),
}

impl Tls {
    /// The rustls configuration the driver's connections use.
    pub(super) fn client_config(&self) -> Result<Arc<rustls::ClientConfig>> {
        match self {
            Tls::Config(config) => Ok(config.clone()),
            Tls::CaFile(path) => trusting(path),
        }
    }
}

/// A client configuration that verifies the server's certificate against the CA
/// certificates in `path` (and only those) and presents no client certificate.
fn trusting(path: &Path) -> Result<Arc<rustls::ClientConfig>> {
    let unusable = |why: String| Error::Config(format!("TLS CA file {}: {why}", path.display()));
    let mut roots = rustls::RootCertStore::empty();
    let certificates = CertificateDer::pem_file_iter(path).map_err(|e| unusable(e.to_string()))?;
    for certificate in certificates {
        let certificate = certificate.map_err(|e| unusable(e.to_string()))?;
        roots
            .add(certificate)
            .map_err(|e| unusable(e.to_string()))?;
    }
    if roots.is_empty() {
        return Err(unusable("no PEM certificate in it".into()));
    }
    // The provider the application installed, else rustls' default one.
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| unusable(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

impl SessionBuilder {
    /// Connects over TLS, verifying each node's certificate against the CA
    /// certificates in a PEM file (read when connecting; an unreadable file or one
    /// without a certificate fails [`connect`](SessionBuilder::connect) with
    /// [`Error::Config`]). The driver checks the certificate against the node's
    /// **IP address** (it connects by address, not by host name), so the server
    /// certificates need the nodes' addresses as IP subject alternative names.
    /// Read from `SCYLLA_TLS_CA` by [`from_env`](SessionBuilder::from_env).
    ///
    /// ```no_run
    /// # async fn demo() -> coodie::Result<()> {
    /// let db = coodie::Session::builder()
    ///     .hosts(["10.0.0.5:9142"])
    ///     .tls_ca_file("/etc/cassandra/ca.pem")
    ///     .user("shop_app", "s3cret")
    ///     .connect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn tls_ca_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.tls = Some(Tls::CaFile(path.into()));
        self
    }

    /// Connects over TLS with a rustls configuration of your own: the system's
    /// roots, a client certificate for mutual TLS, another crypto provider.
    /// `rustls` is re-exported as `coodie::rustls`.
    ///
    /// ```no_run
    /// # async fn demo(roots: coodie::rustls::RootCertStore) -> coodie::Result<()> {
    /// use std::sync::Arc;
    /// let config = coodie::rustls::ClientConfig::builder()
    ///     .with_root_certificates(roots)
    ///     .with_no_client_auth();
    /// let db = coodie::Session::builder()
    ///     .hosts(["10.0.0.5:9142"])
    ///     .tls_config(Arc::new(config))
    ///     .connect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn tls_config(mut self, config: Arc<rustls::ClientConfig>) -> Self {
        self.tls = Some(Tls::Config(config));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::trusting;

    #[test]
    fn a_missing_ca_file_is_a_config_error_naming_it() {
        let err = trusting(std::path::Path::new("/nonexistent/ca.pem")).unwrap_err();
        assert!(matches!(err, crate::Error::Config(_)), "{err:?}");
        assert!(err.to_string().contains("/nonexistent/ca.pem"), "{err}");
    }

    #[test]
    fn a_file_without_certificates_is_a_config_error() {
        let path = std::env::temp_dir().join(format!("coodie-no-cert-{}.pem", std::process::id()));
        std::fs::write(&path, "not a certificate\n").unwrap();
        let err = trusting(&path).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert!(err.to_string().contains("no PEM certificate"), "{err}");
    }
}
