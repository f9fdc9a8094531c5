//! Where the hub listens on the office LAN, and the addresses officials open in their browsers.
//!
//! The listen address is a setting (`setting` key `listen`, e.g. `0.0.0.0:7878`) that the
//! admin changes in Pengaturan; it takes effect the next time the desktop app or
//! `loket-hub serve` starts. At start the address comes from `--listen`, else
//! `$LOKET_LISTEN`, else this setting ([`stored_listen`]), else [`default_listen`].
//!
//! How the LAN is spoken to is a second setting (`setting` key `tls`, JSON): HTTPS with a
//! certificate authority Loket makes for the office (the default), HTTPS with the office's own
//! certificate and key, or plain HTTP that the admin turns on knowingly ([`TlsSetting`]).
//! Loopback is always served in plain HTTP as well.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{CoreError, CoreResult};
use crate::store::Store;

/// The port officials open when nothing else is said.
pub const DEFAULT_PORT: u16 = 7878;
/// The lowest port the admin may choose: lower ones need administrator rights.
pub const MIN_PORT: u16 = 1024;
/// The `setting` key of the listen address.
const KEY: &str = "listen";
/// The `setting` key of the connection mode.
const TLS_KEY: &str = "tls";
/// The most host names the admin may add for the certificate and the Host check.
pub const MAX_HOST_NAMES: usize = 16;
/// What the choice of every interface is called on screen.
pub const ALL_INTERFACES: &str = "Semua jaringan PC ini";

/// The listen address when nothing else is said: every interface, port [`DEFAULT_PORT`].
pub fn default_listen() -> SocketAddr {
    SocketAddr::from(([0, 0, 0, 0], DEFAULT_PORT))
}

/// What the admin chooses in Pengaturan: every interface, or one IP address of this machine;
/// and the port.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListenInput {
    /// Listen on every interface of the machine (the usual choice).
    pub all_interfaces: bool,
    /// The one address to listen on, when not every interface.
    #[serde(default)]
    pub ip: Option<String>,
    /// The port, as a number or as typed.
    pub port: Value,
    /// How the LAN is spoken to; left as it is when not given.
    #[serde(default)]
    pub tls: Option<TlsInput>,
}

/// How browsers on the LAN reach the hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// HTTPS with the certificate and key the office already has (PEM files).
    Own,
    /// HTTPS with a certificate authority Loket makes for this office (the default).
    Loket,
    /// Plain HTTP on the LAN, not encrypted: only when the admin turns it on knowingly.
    Http,
}

impl TlsMode {
    /// In words, for the settings screen.
    pub fn label(self) -> &'static str {
        match self {
            TlsMode::Own => "HTTPS dengan sertifikat milik kantor",
            TlsMode::Loket => "HTTPS dengan otoritas sertifikat (CA) buatan Loket",
            TlsMode::Http => "HTTP biasa — Koneksi tidak terenkripsi",
        }
    }

    /// Whether browsers on the LAN speak HTTPS.
    pub fn encrypted(self) -> bool {
        self != TlsMode::Http
    }
}

/// The connection mode as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsSetting {
    pub mode: TlsMode,
    /// The certificate chain (PEM) for [`TlsMode::Own`].
    #[serde(default)]
    pub cert_path: Option<String>,
    /// The private key (PEM) for [`TlsMode::Own`].
    #[serde(default)]
    pub key_path: Option<String>,
    /// Names the hub answers to besides its addresses (e.g. `loket.setda.local`): named in the
    /// certificate Loket makes, and accepted as the Host of a request.
    #[serde(default)]
    pub host_names: Vec<String>,
}

impl Default for TlsSetting {
    fn default() -> Self {
        TlsSetting {
            mode: TlsMode::Loket,
            cert_path: None,
            key_path: None,
            host_names: Vec::new(),
        }
    }
}

/// What the admin chooses for the connection mode in Pengaturan.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsInput {
    /// `own`, `loket` or `http`.
    pub mode: String,
    #[serde(default)]
    pub cert_path: Option<String>,
    #[serde(default)]
    pub key_path: Option<String>,
    /// Host names, as a list or as typed (separated by commas, spaces or lines).
    #[serde(default)]
    pub host_names: Option<Value>,
    /// For `http`: that the admin knows the LAN will not be encrypted.
    #[serde(default)]
    pub accept_unencrypted: bool,
}

/// The listen address as Pengaturan shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ListenSetting {
    /// As `--listen` takes it, e.g. `0.0.0.0:7878`.
    pub address: String,
    pub all_interfaces: bool,
    /// The one address, when not every interface.
    pub ip: Option<String>,
    pub port: u16,
    /// Whether the admin chose it (else it is the default).
    pub stored: bool,
    /// In words, e.g. "Semua jaringan PC ini, port 7878".
    pub label: String,
    /// What officials will open once Loket starts on it.
    pub urls: Vec<String>,
    /// How the LAN is spoken to.
    pub tls: TlsSetting,
    /// The connection mode in words.
    pub tls_label: String,
    /// Whether the LAN is served without encryption.
    pub unencrypted: bool,
}

impl ListenSetting {
    fn of(address: SocketAddr, stored: bool, tls: TlsSetting) -> ListenSetting {
        let all = address.ip().is_unspecified();
        let ip = (!all).then(|| address.ip().to_string());
        let label = match &ip {
            Some(ip) => format!("{ip}, port {}", address.port()),
            None => format!("{ALL_INTERFACES}, port {}", address.port()),
        };
        ListenSetting {
            address: address.to_string(),
            all_interfaces: all,
            ip,
            port: address.port(),
            stored,
            label,
            urls: urls_for(address, tls.mode.encrypted()),
            tls_label: tls.mode.label().to_owned(),
            unencrypted: !tls.mode.encrypted(),
            tls,
        }
    }
}

/// The address the admin stored, if any. A value that is not an address (written by hand)
/// is an error the caller reports before falling back to the default.
pub fn stored_listen(store: &Store) -> CoreResult<Option<SocketAddr>> {
    let text: Option<String> = store
        .conn()
        .query_row("SELECT value FROM setting WHERE key = ?1", [KEY], |r| {
            r.get(0)
        })
        .optional()?;
    text.map(|t| {
        t.parse().map_err(|_| {
            CoreError::Storage(format!(
                "alamat LAN yang tersimpan \"{t}\" bukan ALAMAT:PORT; simpan ulang di Pengaturan"
            ))
        })
    })
    .transpose()
}

/// The stored listen address, else the default, with the addresses officials will open.
pub fn listen_setting(store: &Store) -> CoreResult<ListenSetting> {
    let tls = stored_tls(store)?;
    Ok(match stored_listen(store)? {
        Some(address) => ListenSetting::of(address, true, tls),
        None => ListenSetting::of(default_listen(), false, tls),
    })
}

/// The connection mode the admin stored, else the default ([`TlsMode::Loket`]). A value that
/// cannot be read (written by hand) is an error the caller reports.
pub fn stored_tls(store: &Store) -> CoreResult<TlsSetting> {
    let text: Option<String> = store
        .conn()
        .query_row("SELECT value FROM setting WHERE key = ?1", [TLS_KEY], |r| {
            r.get(0)
        })
        .optional()?;
    match text {
        None => Ok(TlsSetting::default()),
        Some(t) => serde_json::from_str(&t).map_err(|_| {
            CoreError::Storage(
                "mode koneksi LAN yang tersimpan tidak dapat dibaca; simpan ulang di Pengaturan"
                    .into(),
            )
        }),
    }
}

/// Checks the connection mode the admin chose: a known mode; for `own`, both PEM files that
/// exist; for `http`, the admin's knowing consent; host names that are names.
pub fn check_tls(input: &TlsInput) -> CoreResult<TlsSetting> {
    let mode = match input.mode.trim().to_lowercase().as_str() {
        "own" => TlsMode::Own,
        "loket" => TlsMode::Loket,
        "http" => TlsMode::Http,
        other => {
            return Err(CoreError::invalid(
                "Mode koneksi",
                format!("\"{other}\" tidak dikenal; pilih own, loket atau http."),
            ))
        }
    };
    let host_names = check_host_names(input.host_names.as_ref())?;
    let path = |field: &str, value: &Option<String>| -> CoreResult<Option<String>> {
        let typed = value.as_deref().map(str::trim).unwrap_or_default();
        if typed.is_empty() {
            return Err(CoreError::invalid(
                field,
                "belum diisi; tulis lokasi berkas PEM di komputer ini.",
            ));
        }
        if !std::path::Path::new(typed).is_file() {
            return Err(CoreError::invalid(
                field,
                format!("berkas \"{typed}\" tidak ditemukan di komputer ini."),
            ));
        }
        Ok(Some(typed.to_owned()))
    };
    let (cert_path, key_path) = match mode {
        TlsMode::Own => (
            path("Berkas sertifikat", &input.cert_path)?,
            path("Berkas kunci privat", &input.key_path)?,
        ),
        TlsMode::Http if !input.accept_unencrypted => {
            return Err(CoreError::invalid(
                "Mode koneksi",
                "HTTP biasa tidak terenkripsi: siapa pun di jaringan dapat membaca data tamu. \
                 Centang persetujuan bila memang ini yang dikehendaki.",
            ))
        }
        _ => (None, None),
    };
    Ok(TlsSetting {
        mode,
        cert_path,
        key_path,
        host_names,
    })
}

/// The host names as a list: from a JSON list, or from text separated by commas, spaces or
/// lines; each a DNS name of letters, digits, hyphens and dots.
fn check_host_names(value: Option<&Value>) -> CoreResult<Vec<String>> {
    let typed: Vec<String> = match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => s
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(str::to_owned)
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or_else(|| CoreError::invalid("Nama host", "harus berupa teks."))?,
        Some(_) => return Err(CoreError::invalid("Nama host", "harus berupa teks.")),
    };
    let mut names: Vec<String> = Vec::new();
    for name in typed
        .iter()
        .map(|n| n.trim().trim_end_matches('.').to_lowercase())
    {
        if name.is_empty() || names.contains(&name) {
            continue;
        }
        if !is_host_name(&name) {
            return Err(CoreError::invalid(
                "Nama host",
                format!("\"{name}\" bukan nama host; tulis seperti loket.setda.local."),
            ));
        }
        names.push(name);
    }
    if names.len() > MAX_HOST_NAMES {
        return Err(CoreError::invalid(
            "Nama host",
            format!("paling banyak {MAX_HOST_NAMES} nama."),
        ));
    }
    Ok(names)
}

/// Whether `name` is a DNS host name (not an IP address: those are the machine's own).
pub fn is_host_name(name: &str) -> bool {
    name.len() <= 253
        && name.parse::<IpAddr>().is_err()
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && name.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Checks what the admin chose: a port from [`MIN_PORT`] to 65535, and every interface or an
/// IP address.
pub fn check(input: &ListenInput) -> CoreResult<SocketAddr> {
    let port_problem = || {
        CoreError::invalid(
            "Port",
            format!("harus angka antara {MIN_PORT} dan 65535, mis. {DEFAULT_PORT}."),
        )
    };
    let port = match &input.port {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    }
    .ok_or_else(port_problem)?;
    let port = u16::try_from(port)
        .ok()
        .filter(|p| *p >= MIN_PORT)
        .ok_or_else(port_problem)?;
    if input.all_interfaces {
        return Ok(SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), port));
    }
    let typed = input.ip.as_deref().map(str::trim).unwrap_or_default();
    if typed.is_empty() {
        return Err(CoreError::invalid(
            "Alamat IP",
            format!("belum diisi; tulis alamat komputer ini (mis. 192.168.1.10) atau pilih \"{ALL_INTERFACES}\"."),
        ));
    }
    let ip: IpAddr = typed
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .map_err(|_| {
            CoreError::invalid(
                "Alamat IP",
                format!(
                    "\"{typed}\" bukan alamat IP; tulis seperti 192.168.1.10, atau pilih \"{ALL_INTERFACES}\"."
                ),
            )
        })?;
    Ok(SocketAddr::new(ip, port))
}

/// Stores the listen address for the next start, once checked.
pub fn set_listen(store: &mut Store, input: &ListenInput) -> CoreResult<ListenSetting> {
    let address = check(input)?;
    let tls = input.tls.as_ref().map(check_tls).transpose()?;
    let tx = store.conn_mut().transaction()?;
    let upsert = "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    tx.execute(upsert, [KEY, &address.to_string()])?;
    if let Some(tls) = &tls {
        let json = serde_json::to_string(tls)
            .map_err(|e| CoreError::Storage(format!("mode koneksi tidak dapat disimpan: {e}")))?;
        tx.execute(upsert, [TLS_KEY, &json])?;
    }
    tx.commit()?;
    let tls = match tls {
        Some(tls) => tls,
        None => stored_tls(store)?,
    };
    Ok(ListenSetting::of(address, true, tls))
}

/// Whether any account exists: until the first admin is made, the LAN server answers the
/// network only with a page that says to make it at the desk PC ([`crate::auth::accounts::any`]).
pub fn has_accounts(store: &Store) -> CoreResult<bool> {
    crate::auth::accounts::any(store.conn())
}

/// The URLs at which a hub bound to `bound` can be reached from the LAN over plain HTTP, best
/// first: for every interface, this machine's own IPv4 addresses; otherwise the address itself.
pub fn urls(bound: SocketAddr) -> Vec<String> {
    urls_for(bound, false)
}

/// As [`urls`], with `https://` when the LAN is encrypted.
pub fn urls_for(bound: SocketAddr, https: bool) -> Vec<String> {
    let scheme = if https { "https" } else { "http" };
    let hosts: Vec<IpAddr> = if bound.ip().is_unspecified() {
        let own: Vec<IpAddr> = local_ipv4().into_iter().map(IpAddr::V4).collect();
        if own.is_empty() {
            vec![IpAddr::V4(Ipv4Addr::LOCALHOST)]
        } else {
            own
        }
    } else {
        vec![bound.ip()]
    };
    hosts
        .into_iter()
        .map(|ip| format!("{scheme}://{}", SocketAddr::new(ip, bound.port())))
        .collect()
}

/// This machine's own non-loopback IPv4 addresses on the LAN (Linux; elsewhere none known).
pub fn local_addresses() -> Vec<IpAddr> {
    local_ipv4().into_iter().map(IpAddr::V4).collect()
}

/// This machine's non-loopback IPv4 addresses, from the kernel's routing table (Linux).
/// Elsewhere none are known and the caller falls back to the listen address.
fn local_ipv4() -> Vec<Ipv4Addr> {
    std::fs::read_to_string("/proc/net/fib_trie")
        .map(|table| local_addresses_in_fib_trie(&table))
        .unwrap_or_default()
}

/// Reads `/proc/net/fib_trie`: every `|-- a.b.c.d` line followed by `/32 host LOCAL` is an
/// address of this machine. Loopback addresses and duplicates are left out.
fn local_addresses_in_fib_trie(table: &str) -> Vec<Ipv4Addr> {
    let mut found = Vec::new();
    let mut last: Option<Ipv4Addr> = None;
    for line in table.lines().map(str::trim) {
        if let Some(ip) = line.strip_prefix("|-- ") {
            last = ip.parse().ok();
        } else if line.starts_with("/32 host LOCAL") {
            if let Some(ip) = last.filter(|ip| !ip.is_loopback() && !found.contains(ip)) {
                found.push(ip);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
     +-- 192.168.1.0/24 2 0 2
           |-- 192.168.1.10
              /32 host LOCAL
        |-- 192.168.1.255
           /32 link BROADCAST
Local:
           |-- 192.168.1.10
              /32 host LOCAL
";

    #[test]
    fn the_lan_addresses_are_read_from_the_routing_table() {
        assert_eq!(
            local_addresses_in_fib_trie(TABLE),
            [Ipv4Addr::new(192, 168, 1, 10)]
        );
    }

    fn tls(mode: &str) -> TlsInput {
        TlsInput {
            mode: mode.into(),
            cert_path: None,
            key_path: None,
            host_names: None,
            accept_unencrypted: false,
        }
    }

    fn field_of(e: CoreError) -> String {
        match e {
            CoreError::InvalidInput { field, .. } => field,
            other => panic!("not an invalid input: {other:?}"),
        }
    }

    #[test]
    fn the_connection_mode_is_checked_field_by_field() {
        assert_eq!(check_tls(&tls("loket")).unwrap().mode, TlsMode::Loket);
        assert_eq!(
            field_of(check_tls(&tls("ftp")).unwrap_err()),
            "Mode koneksi"
        );
        assert_eq!(
            field_of(check_tls(&tls("http")).unwrap_err()),
            "Mode koneksi"
        );
        let knowingly = TlsInput {
            accept_unencrypted: true,
            ..tls("http")
        };
        assert_eq!(check_tls(&knowingly).unwrap().mode, TlsMode::Http);
        assert_eq!(
            field_of(check_tls(&tls("own")).unwrap_err()),
            "Berkas sertifikat"
        );
        let missing = TlsInput {
            cert_path: Some("/tidak/ada.pem".into()),
            ..tls("own")
        };
        assert_eq!(
            field_of(check_tls(&missing).unwrap_err()),
            "Berkas sertifikat"
        );
        let names = TlsInput {
            host_names: Some(Value::String("Loket.Setda.local, loket ,".into())),
            ..tls("loket")
        };
        assert_eq!(
            check_tls(&names).unwrap().host_names,
            ["loket.setda.local", "loket"]
        );
        for bad in ["bad_name", "-x.local", "10.0.0.1", "a..b"] {
            let input = TlsInput {
                host_names: Some(Value::String(bad.into())),
                ..tls("loket")
            };
            assert_eq!(
                field_of(check_tls(&input).unwrap_err()),
                "Nama host",
                "{bad}"
            );
        }
    }

    #[test]
    fn a_specific_listen_address_is_shown_as_it_is() {
        assert_eq!(
            urls_for("192.168.1.20:8080".parse().unwrap(), true),
            ["https://192.168.1.20:8080"]
        );
        assert_eq!(
            urls("192.168.1.20:8080".parse().unwrap()),
            ["http://192.168.1.20:8080"]
        );
    }
}
