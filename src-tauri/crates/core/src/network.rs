//! Where the hub listens on the office LAN, and the addresses officials open in their browsers.
//!
//! The listen address is a setting (`setting` key `listen`, e.g. `0.0.0.0:7878`) that the
//! admin changes in Pengaturan; it takes effect the next time the desktop app or
//! `loket-hub serve` starts. At start the address comes from `--listen`, else
//! `$LOKET_LISTEN`, else this setting ([`stored_listen`]), else [`default_listen`].

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
/// What the choice of every interface is called on screen.
pub const ALL_INTERFACES: &str = "Semua antarmuka";

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
    /// In words, e.g. "Semua antarmuka, port 7878".
    pub label: String,
    /// What officials will open once Loket starts on it.
    pub urls: Vec<String>,
}

impl ListenSetting {
    fn of(address: SocketAddr, stored: bool) -> ListenSetting {
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
            urls: urls(address),
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
    Ok(match stored_listen(store)? {
        Some(address) => ListenSetting::of(address, true),
        None => ListenSetting::of(default_listen(), false),
    })
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
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [KEY, &address.to_string()],
    )?;
    tx.commit()?;
    Ok(ListenSetting::of(address, true))
}

/// The URLs at which a hub bound to `bound` can be reached from the LAN, best first: for
/// every interface, this machine's own IPv4 addresses; otherwise the address itself.
pub fn urls(bound: SocketAddr) -> Vec<String> {
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
        .map(|ip| format!("http://{}", SocketAddr::new(ip, bound.port())))
        .collect()
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

    #[test]
    fn a_specific_listen_address_is_shown_as_it_is() {
        assert_eq!(
            urls("192.168.1.20:8080".parse().unwrap()),
            ["http://192.168.1.20:8080"]
        );
    }
}
