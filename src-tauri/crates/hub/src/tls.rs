//! HTTPS on the LAN: the certificate the hub shows to browsers.
//!
//! - [`TlsMode::Loket`] (the default): a certificate authority made for this office on the
//!   first run (rcgen), kept in a `tls/` folder beside the database file, and a server
//!   certificate signed by it that names every address and name the hub answers on. The
//!   server certificate is made again when it is a month from expiring or when the set of
//!   names changed (a new LAN address, a host name the admin added).
//! - [`TlsMode::Own`]: the certificate chain and key the office already has (PEM files).
//! - [`TlsMode::Http`]: no certificate: the LAN is served in plain HTTP.
//!
//! Key files are created readable by their owner only (on Unix). No cryptography is written
//! here: keys and signatures are rcgen's and ring's, the handshake is rustls's.

use std::fmt;
use std::fs;
use std::io;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use loket_core::network::{TlsMode, TlsSetting};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// The folder beside the database file that holds the office's certificates.
pub const TLS_DIR: &str = "tls";
/// The certificate authority's certificate: the file officials install on their devices.
pub const CA_CERT_FILE: &str = "loket-ca.crt";
/// The certificate authority's private key (owner only).
const CA_KEY_FILE: &str = "loket-ca.key";
/// The server certificate, with the CA after it.
const SERVER_CERT_FILE: &str = "server.crt";
/// The server certificate's private key (owner only).
const SERVER_KEY_FILE: &str = "server.key";
/// What the server certificate names and until when, to know when to make it again.
const SERVER_INFO_FILE: &str = "server.json";

/// How long the office's certificate authority is valid.
const CA_DAYS: i64 = 3650;
/// How long a server certificate is valid (the most browsers accept).
const SERVER_DAYS: i64 = 397;
/// A server certificate this close to its end is made again.
const RENEW_BEFORE_DAYS: i64 = 30;

/// Why the hub cannot speak HTTPS, in words for whoever started it.
#[derive(Debug)]
pub enum TlsError {
    /// A file of the `tls/` folder (or the office's own) cannot be read or written.
    File { path: PathBuf, error: io::Error },
    /// The office's own certificate or key is not PEM of the expected kind.
    Pem { path: PathBuf, what: &'static str },
    /// Making a key or a certificate failed.
    Generate(String),
    /// rustls refused the certificate and key (e.g. a key that does not match).
    Config(String),
}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsError::File { path, error } => {
                write!(f, "berkas {} tidak dapat dipakai: {error}", path.display())
            }
            TlsError::Pem { path, what } => {
                write!(f, "berkas {} tidak berisi {what} (PEM)", path.display())
            }
            TlsError::Generate(e) => write!(f, "sertifikat tidak dapat dibuat: {e}"),
            TlsError::Config(e) => write!(f, "sertifikat dan kunci tidak dapat dipakai: {e}"),
        }
    }
}

impl std::error::Error for TlsError {}

impl From<rcgen::Error> for TlsError {
    fn from(e: rcgen::Error) -> Self {
        TlsError::Generate(e.to_string())
    }
}

impl From<TlsError> for io::Error {
    fn from(e: TlsError) -> Self {
        io::Error::other(e.to_string())
    }
}

/// What the hub answers to: used for the server certificate's names and for the Host check.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Names {
    /// DNS names, lower case (always `localhost`).
    pub dns: Vec<String>,
    /// Addresses (always 127.0.0.1 and ::1).
    pub ips: Vec<IpAddr>,
}

impl Names {
    /// The loopback names, `bound` when it is one address, the machine's LAN addresses and
    /// the admin's host names.
    pub fn for_hub(bound: IpAddr, lan: &[IpAddr], host_names: &[String]) -> Names {
        let mut names = Names {
            dns: vec!["localhost".into()],
            ips: vec![
                IpAddr::from([127, 0, 0, 1]),
                IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1]),
            ],
        };
        if !bound.is_unspecified() {
            names.add_ip(bound);
        }
        lan.iter().for_each(|ip| names.add_ip(*ip));
        for name in host_names {
            let name = name.to_lowercase();
            if !names.dns.contains(&name) {
                names.dns.push(name);
            }
        }
        names
    }

    fn add_ip(&mut self, ip: IpAddr) {
        let ip = ip.to_canonical();
        if !self.ips.contains(&ip) {
            self.ips.push(ip);
        }
    }

    /// Whether `host` (a Host header's name part, without port or brackets) is one of these.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_lowercase();
        match host.parse::<IpAddr>() {
            Ok(ip) => {
                let ip = ip.to_canonical();
                ip.is_loopback() || self.ips.contains(&ip)
            }
            Err(_) => self.dns.contains(&host),
        }
    }

    /// Sorted, for comparing with what a certificate named.
    fn sorted(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .dns
            .iter()
            .cloned()
            .chain(self.ips.iter().map(IpAddr::to_string))
            .collect();
        all.sort();
        all.dedup();
        all
    }
}

/// The hub's HTTPS: the rustls configuration, and for Loket's own CA its certificate.
#[derive(Clone)]
pub struct Material {
    pub config: Arc<rustls::ServerConfig>,
    /// The office CA's certificate (PEM), for [`TlsMode::Loket`].
    pub ca_pem: Option<String>,
    /// The SHA-256 fingerprint of the certificate officials compare: the CA's, else the
    /// server's own, as `AB:CD:…`.
    pub fingerprint: String,
}

/// The HTTPS of `setting` for a hub whose database is in `db_dir` (`None` in memory: the CA
/// then lives as long as the process), answering to `names`; `None` for plain HTTP.
pub fn material(
    setting: &TlsSetting,
    db_dir: Option<&Path>,
    names: &Names,
) -> Result<Option<Material>, TlsError> {
    match setting.mode {
        TlsMode::Http => Ok(None),
        TlsMode::Own => {
            let cert = PathBuf::from(setting.cert_path.as_deref().unwrap_or_default());
            let key = PathBuf::from(setting.key_path.as_deref().unwrap_or_default());
            own(&cert, &key).map(Some)
        }
        TlsMode::Loket => loket(db_dir.map(|d| d.join(TLS_DIR)).as_deref(), names).map(Some),
    }
}

/// The office's own chain and key.
pub fn own(cert_path: &Path, key_path: &Path) -> Result<Material, TlsError> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert_path)
        .and_then(|certs| certs.collect())
        .map_err(|_| TlsError::Pem {
            path: cert_path.into(),
            what: "sertifikat",
        })?;
    let first = chain.first().ok_or_else(|| TlsError::Pem {
        path: cert_path.into(),
        what: "sertifikat",
    })?;
    let fingerprint = fingerprint(first);
    let key = PrivateKeyDer::from_pem_file(key_path).map_err(|_| TlsError::Pem {
        path: key_path.into(),
        what: "kunci privat",
    })?;
    Ok(Material {
        config: server_config(chain, key)?,
        ca_pem: None,
        fingerprint,
    })
}

/// Loket's own CA in `dir` (made on the first run), and a server certificate it signed for
/// `names` (made again when due).
pub fn loket(dir: Option<&Path>, names: &Names) -> Result<Material, TlsError> {
    let now = OffsetDateTime::now_utc();
    if let Some(dir) = dir {
        create_private_dir(dir)?;
    }
    let (ca_key, ca_pem) = ca(dir, now)?;
    let ca_der = CertificateDer::from_pem_slice(ca_pem.as_bytes()).map_err(|_| TlsError::Pem {
        path: dir.map(|d| d.join(CA_CERT_FILE)).unwrap_or_default(),
        what: "sertifikat",
    })?;
    let (leaf_pem, leaf_key) = match dir.and_then(|dir| current_leaf(dir, names, now)) {
        Some(leaf) => leaf,
        None => {
            let (leaf_pem, leaf_key) = issue_leaf(&ca_key, names, now)?;
            if let Some(dir) = dir {
                write_file(&dir.join(SERVER_CERT_FILE), &leaf_pem, false)?;
                write_file(&dir.join(SERVER_KEY_FILE), &leaf_key, true)?;
                let info = LeafInfo {
                    names: names.sorted(),
                    not_after: (now + Duration::days(SERVER_DAYS)).unix_timestamp(),
                };
                let json = serde_json::to_string(&info).unwrap_or_default();
                write_file(&dir.join(SERVER_INFO_FILE), &json, false)?;
                eprintln!(
                    "Sertifikat server Loket dibuat untuk: {}.",
                    names.sorted().join(", ")
                );
            }
            (leaf_pem, leaf_key)
        }
    };
    let leaf_der = CertificateDer::from_pem_slice(leaf_pem.as_bytes())
        .map_err(|e| TlsError::Generate(e.to_string()))?;
    let key = PrivateKeyDer::from_pem_slice(leaf_key.as_bytes())
        .map_err(|e| TlsError::Generate(e.to_string()))?;
    let fingerprint = fingerprint(&ca_der);
    Ok(Material {
        config: server_config(vec![leaf_der, ca_der], key)?,
        ca_pem: Some(ca_pem),
        fingerprint,
    })
}

/// What `server.json` keeps.
#[derive(Serialize, Deserialize)]
struct LeafInfo {
    names: Vec<String>,
    /// Seconds since 1970.
    not_after: i64,
}

/// The stored server certificate and key, when they name `names` and are not yet due.
fn current_leaf(dir: &Path, names: &Names, now: OffsetDateTime) -> Option<(String, String)> {
    let info: LeafInfo =
        serde_json::from_str(&fs::read_to_string(dir.join(SERVER_INFO_FILE)).ok()?).ok()?;
    let due = (now + Duration::days(RENEW_BEFORE_DAYS)).unix_timestamp() >= info.not_after;
    if due || info.names != names.sorted() {
        return None;
    }
    let cert = fs::read_to_string(dir.join(SERVER_CERT_FILE)).ok()?;
    let key = fs::read_to_string(dir.join(SERVER_KEY_FILE)).ok()?;
    Some((cert, key))
}

/// The CA's key and certificate (PEM): read from `dir`, else made (and kept there).
fn ca(dir: Option<&Path>, now: OffsetDateTime) -> Result<(KeyPair, String), TlsError> {
    let Some(dir) = dir else {
        // A hub in memory keeps one CA for the life of the process.
        static MEMORY_CA: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
        if let Some((key, cert)) = MEMORY_CA.get() {
            return Ok((KeyPair::from_pem(key)?, cert.clone()));
        }
        let (key, cert) = new_ca(now)?;
        let _ = MEMORY_CA.set((key.serialize_pem(), cert.clone()));
        return Ok((key, cert));
    };
    let (cert_path, key_path) = (dir.join(CA_CERT_FILE), dir.join(CA_KEY_FILE));
    if cert_path.is_file() && key_path.is_file() {
        let key = read_file(&key_path)?;
        let key = KeyPair::from_pem(&key).map_err(|_| TlsError::Pem {
            path: key_path,
            what: "kunci privat",
        })?;
        return Ok((key, read_file(&cert_path)?));
    }
    let (key, cert) = new_ca(now)?;
    write_file(&key_path, &key.serialize_pem(), true)?;
    write_file(&cert_path, &cert, false)?;
    eprintln!(
        "Otoritas sertifikat (CA) Loket untuk kantor ini dibuat di {}.",
        dir.display()
    );
    Ok((key, cert))
}

/// A new CA: its key and certificate (PEM).
fn new_ca(now: OffsetDateTime) -> Result<(KeyPair, String), TlsError> {
    let key = KeyPair::generate()?;
    let mut params = ca_params(&key);
    params.not_before = now - Duration::days(1);
    params.not_after = now + Duration::days(CA_DAYS);
    let cert = params.self_signed(&key)?.pem();
    Ok((key, cert))
}

/// The CA's name and uses. The name carries a digest of the CA's public key, so that two
/// offices' CAs are told apart on a device that trusts both; rebuilt the same from the key
/// to sign later server certificates.
fn ca_params(key: &KeyPair) -> CertificateParams {
    let digest = ring::digest::digest(&ring::digest::SHA256, key.public_key_raw());
    let tag: String = digest.as_ref()[..4]
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, format!("Loket CA {tag}"));
    name.push(DnType::OrganizationName, "Loket - Sekretariat Daerah");
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params
}

/// A server certificate for `names`, signed by the CA: its PEM and its key's PEM.
fn issue_leaf(
    ca_key: &KeyPair,
    names: &Names,
    now: OffsetDateTime,
) -> Result<(String, String), TlsError> {
    let mut params = CertificateParams::new(names.dns.clone())?;
    params
        .subject_alt_names
        .extend(names.ips.iter().map(|ip| rcgen::SanType::IpAddress(*ip)));
    let mut subject = DistinguishedName::new();
    subject.push(DnType::CommonName, "Loket");
    params.distinguished_name = subject;
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    params.not_before = now - Duration::hours(1);
    params.not_after = now + Duration::days(SERVER_DAYS);
    let key = KeyPair::generate()?;
    let issuer = Issuer::new(ca_params(ca_key), ca_key);
    let cert = params.signed_by(&key, &issuer)?;
    Ok((cert.pem(), key.serialize_pem()))
}

/// rustls's configuration for a chain and key, HTTP/1.1 only, with the ring provider.
fn server_config(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    // ring rather than aws-lc-rs, which needs cmake and nasm to build on the office's
    // machines; rustls marks it deprecated only for its lack of post-quantum key exchange.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Config(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| TlsError::Config(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Makes ring this process's rustls provider (for HTTPS clients such as reqwest's, which
/// ask for the process's provider); does nothing when one is set already.
pub fn install_provider() {
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The SHA-256 of a certificate as officials compare it: `AB:CD:…`.
pub fn fingerprint(cert: &CertificateDer<'_>) -> String {
    ring::digest::digest(&ring::digest::SHA256, cert.as_ref())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn read_file(path: &Path) -> Result<String, TlsError> {
    fs::read_to_string(path).map_err(|error| TlsError::File {
        path: path.into(),
        error,
    })
}

/// Writes a file whole; a key file is readable by its owner only (on Unix).
fn write_file(path: &Path, text: &str, private: bool) -> Result<(), TlsError> {
    let fail = |error| TlsError::File {
        path: path.into(),
        error,
    };
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(path).map_err(fail)?;
    #[cfg(unix)]
    if private {
        // A file made before with wider rights keeps them through open(): narrow them.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(fail)?;
    }
    io::Write::write_all(&mut file, text.as_bytes()).map_err(fail)?;
    file.sync_all().map_err(fail)
}

/// The `tls/` folder, entered by its owner only (on Unix).
fn create_private_dir(dir: &Path) -> Result<(), TlsError> {
    let fail = |error| TlsError::File {
        path: dir.into(),
        error,
    };
    fs::create_dir_all(dir).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(fail)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(extra: &[&str]) -> Names {
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        Names::for_hub("0.0.0.0".parse().unwrap(), &[], &extra)
    }

    #[test]
    fn the_ca_is_made_once_and_the_server_certificate_again_when_the_names_change() {
        let dir = tempfile::tempdir().unwrap();
        let tls = dir.path().join(TLS_DIR);
        let first = loket(Some(&tls), &names(&[])).unwrap();
        let leaf = fs::read_to_string(tls.join(SERVER_CERT_FILE)).unwrap();
        let again = loket(Some(&tls), &names(&[])).unwrap();
        assert_eq!(first.ca_pem, again.ca_pem, "the CA is kept");
        assert_eq!(first.fingerprint, again.fingerprint);
        assert_eq!(
            leaf,
            fs::read_to_string(tls.join(SERVER_CERT_FILE)).unwrap()
        );
        let renamed = loket(Some(&tls), &names(&["loket.setda.local"])).unwrap();
        assert_eq!(first.ca_pem, renamed.ca_pem, "the CA is kept");
        assert_ne!(
            leaf,
            fs::read_to_string(tls.join(SERVER_CERT_FILE)).unwrap(),
            "a new name means a new server certificate"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for key in [CA_KEY_FILE, SERVER_KEY_FILE] {
                let mode = fs::metadata(tls.join(key)).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600, "{key}");
            }
            let mode = fs::metadata(&tls).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
    }

    #[test]
    fn a_server_certificate_near_its_end_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        loket(Some(dir.path()), &names(&[])).unwrap();
        let info = LeafInfo {
            names: names(&[]).sorted(),
            not_after: (OffsetDateTime::now_utc() + Duration::days(10)).unix_timestamp(),
        };
        fs::write(
            dir.path().join(SERVER_INFO_FILE),
            serde_json::to_string(&info).unwrap(),
        )
        .unwrap();
        assert!(current_leaf(dir.path(), &names(&[]), OffsetDateTime::now_utc()).is_none());
    }

    #[test]
    fn the_host_check_knows_loopback_lan_and_the_admins_names() {
        let lan: Vec<IpAddr> = vec!["192.168.1.10".parse().unwrap()];
        let names = Names::for_hub(
            "0.0.0.0".parse().unwrap(),
            &lan,
            &["loket.setda.local".into()],
        );
        for ok in [
            "localhost",
            "127.0.0.1",
            "::1",
            "192.168.1.10",
            "LOKET.setda.local",
        ] {
            assert!(names.allows(ok), "{ok}");
        }
        for no in ["evil.example", "192.168.1.11", "localhost.evil.example", ""] {
            assert!(!names.allows(no), "{no}");
        }
    }
}
