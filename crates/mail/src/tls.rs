//! Whom an SMTP server's certificate must be signed by.
//!
//! By default the public authorities every mail provider's certificate
//! chains to (the webpki roots, built into the binary). A relay inside an
//! organisation often has a certificate from an authority of its own:
//! `mail.tls_ca_file` names that authority's certificate (PEM, one or
//! more), trusted as well as the public ones, never instead of them. No
//! setting turns verification off: a server whose certificate does not
//! verify gets no mail and no password.
//!
//! The same trust serves both kinds of connection: the digest's own
//! (`smtp.rs`, rustls through tokio-rustls) and lettre's pool for
//! single messages ([`Trust::lettre`]).

use crate::MailError;
use lettre::transport::smtp::client::{Certificate, TlsParameters};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::path::Path;
use std::sync::Arc;

/// The authorities trusted for SMTP servers, ready for a TLS handshake.
#[derive(Clone)]
pub struct Trust {
    config: Arc<rustls::ClientConfig>,
    /// `mail.tls_ca_file`'s content, for lettre, when set.
    extra_pem: Option<Arc<[u8]>>,
}

impl std::fmt::Debug for Trust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trust")
            .field("own_authority", &self.extra_pem.is_some())
            .finish_non_exhaustive()
    }
}

impl Default for Trust {
    fn default() -> Self {
        Self::public()
    }
}

impl Trust {
    /// The public authorities only.
    pub fn public() -> Self {
        Self {
            config: client_config(&[]).expect("the public roots make a TLS configuration"),
            extra_pem: None,
        }
    }

    /// The public authorities and those of the PEM file at `path`
    /// (`mail.tls_ca_file`); an error names the key and the file.
    pub fn with_authority_file(path: &Path) -> Result<Self, MailError> {
        let shown = path.display();
        let pem = std::fs::read(path).map_err(|e| {
            MailError::Config(format!("mail.tls_ca_file {shown}: cannot read it: {e}"))
        })?;
        let certificates = CertificateDer::pem_slice_iter(&pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| {
                MailError::Config(format!(
                    "mail.tls_ca_file {shown}: not PEM certificates: {e}"
                ))
            })?;
        if certificates.is_empty() {
            return Err(MailError::Config(format!(
                "mail.tls_ca_file {shown}: no certificate in it (a PEM file with \
                 -----BEGIN CERTIFICATE----- blocks)"
            )));
        }
        let config = client_config(&certificates)
            .map_err(|e| MailError::Config(format!("mail.tls_ca_file {shown}: {e}")))?;
        Ok(Self {
            config,
            extra_pem: Some(pem.into()),
        })
    }

    /// The rustls configuration of the digest's connections.
    pub fn client_config(&self) -> Arc<rustls::ClientConfig> {
        Arc::clone(&self.config)
    }

    /// lettre's TLS settings for `host` with the same authorities, when
    /// they differ from lettre's own (the public ones): `None` then.
    pub fn lettre(&self, host: &str) -> Result<Option<TlsParameters>, MailError> {
        let Some(pem) = &self.extra_pem else {
            return Ok(None);
        };
        let certificate = Certificate::from_pem(pem)
            .map_err(|e| MailError::Config(format!("mail.tls_ca_file: {e}")))?;
        TlsParameters::builder(host.to_owned())
            .add_root_certificate(certificate)
            .build_rustls()
            .map(Some)
            .map_err(|e| MailError::Config(format!("TLS for {host}: {e}")))
    }
}

/// rustls on ring (as everywhere in newsdesk) trusting the webpki roots
/// and `extra`.
fn client_config(
    extra: &[CertificateDer<'static>],
) -> Result<Arc<rustls::ClientConfig>, rustls::Error> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for certificate in extra {
        roots.add(certificate.clone())?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_authority_file_must_hold_certificates_and_says_which_key_it_is() {
        let folder = tempfile::tempdir().unwrap();
        let missing = folder.path().join("none.pem");
        let error = Trust::with_authority_file(&missing)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("mail.tls_ca_file ") && error.contains("cannot read it"),
            "{error}"
        );
        let empty = folder.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let error = Trust::with_authority_file(&empty).unwrap_err().to_string();
        assert!(error.contains("no certificate in it"), "{error}");
        assert!(Trust::public().lettre("mail.example").unwrap().is_none());
    }
}
