//! The addresses officials type into their browsers: for a hub listening on every interface,
//! the machine's own IPv4 addresses on the LAN; otherwise the address it listens on.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The URLs at which the hub bound to `bound` can be reached from the LAN, best first.
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

/// The one-line Indonesian notice of where the desk can be reached.
pub fn notice(bound: SocketAddr) -> String {
    format!(
        "Loket siap di {} — buka alamat ini di peramban pejabat.",
        urls(bound).join(" atau ")
    )
}

/// Why the hub could not listen on `listen`, in words for whoever started it.
pub fn bind_failure(listen: SocketAddr, error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let reason = match error.kind() {
        ErrorKind::AddrInUse => format!(
            "port {} sudah dipakai program lain (mungkin Loket lain sedang berjalan)",
            listen.port()
        ),
        ErrorKind::AddrNotAvailable => format!("{} bukan alamat komputer ini", listen.ip()),
        ErrorKind::PermissionDenied => format!(
            "tidak diizinkan memakai port {} (port di bawah 1024 perlu hak administrator)",
            listen.port()
        ),
        _ => error.to_string(),
    };
    format!(
        "Loket tidak dapat melayani jaringan (LAN) di {listen}: {reason}. Pilih alamat lain \
         dengan --listen ALAMAT:PORT atau variabel LOKET_LISTEN."
    )
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
        let bound: SocketAddr = "10.0.0.5:7878".parse().unwrap();
        assert_eq!(urls(bound), ["http://10.0.0.5:7878"]);
        assert_eq!(
            notice(bound),
            "Loket siap di http://10.0.0.5:7878 — buka alamat ini di peramban pejabat."
        );
    }
}
