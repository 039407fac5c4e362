//! Certificates made for one test with the `openssl` command: an
//! authority of the test's own, and a server certificate it signs for
//! 127.0.0.1 and `localhost`, valid for two days. Nothing outside the
//! test trusts them; a test hands the authority's file to what it checks
//! (`mail.tls_ca_file`) and the chain and key to the server it starts.

use std::path::{Path, PathBuf};
use std::process::Command;

/// An authority and a server certificate it signed, in a temporary
/// folder removed when dropped.
pub struct TestAuthority {
    folder: tempfile::TempDir,
}

impl TestAuthority {
    /// Makes both (ECDSA P-256 keys), or panics saying what failed.
    pub fn new() -> Self {
        let folder = tempfile::tempdir().unwrap();
        let dir = folder.path();
        std::fs::write(
            dir.join("server.ext"),
            "basicConstraints = CA:FALSE\n\
             keyUsage = critical, digitalSignature\n\
             extendedKeyUsage = serverAuth\n\
             subjectAltName = IP:127.0.0.1, DNS:localhost\n",
        )
        .unwrap();
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
        openssl(
            dir,
            &[
                &["req", "-x509", "-nodes", "-days", "2"][..],
                &key,
                &[
                    "-keyout",
                    "authority.key",
                    "-out",
                    "authority.pem",
                    "-subj",
                    "/CN=Newsdesk test authority",
                    "-addext",
                    "basicConstraints = critical, CA:TRUE",
                    "-addext",
                    "keyUsage = critical, keyCertSign, cRLSign",
                ],
            ]
            .concat(),
        );
        openssl(
            dir,
            &[
                &["req", "-nodes"][..],
                &key,
                &[
                    "-keyout",
                    "server.key",
                    "-out",
                    "server.csr",
                    "-subj",
                    "/CN=localhost",
                ],
            ]
            .concat(),
        );
        openssl(
            dir,
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "authority.pem",
                "-CAkey",
                "authority.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                "server.ext",
                "-out",
                "server.pem",
            ],
        );
        Self { folder }
    }

    /// The authority's certificate (PEM): what a client is told to trust.
    pub fn authority(&self) -> PathBuf {
        self.folder.path().join("authority.pem")
    }

    /// The server's certificate (PEM), signed by the authority.
    pub fn certificate(&self) -> PathBuf {
        self.folder.path().join("server.pem")
    }

    /// The server's private key (PEM).
    pub fn key(&self) -> PathBuf {
        self.folder.path().join("server.key")
    }
}

impl Default for TestAuthority {
    fn default() -> Self {
        Self::new()
    }
}

/// Runs `openssl ARGS` in `dir`; panics with its error output if it fails.
fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run openssl (is it installed?): {e}"));
    assert!(
        output.status.success(),
        "openssl {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
}
