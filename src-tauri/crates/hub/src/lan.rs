//! The addresses officials type into their browsers: for a hub listening on every interface,
//! the machine's own IPv4 addresses on the LAN; otherwise the address it listens on. And where
//! to listen at start: `--listen`, else `$LOKET_LISTEN`, else the address stored in
//! Pengaturan ([`stored_or_default`]), else the default.

use std::net::SocketAddr;

use crate::Hub;

/// The URLs at which the hub bound to `bound` can be reached from the LAN, best first (one
/// implementation, in the core, also used by Pengaturan for the address of the next start).
pub use loket_core::network::urls;

/// The one-line Indonesian notice of where the desk can be reached.
pub fn notice(bound: SocketAddr) -> String {
    format!(
        "Loket siap di {} — buka alamat ini di peramban pejabat.",
        urls(bound).join(" atau ")
    )
}

/// The notice of a server about to serve: the addresses officials open (`https://` unless
/// the admin chose plain HTTP), and for HTTPS where devices get the certificate and the
/// fingerprint to compare; for plain HTTP, that the LAN is not encrypted.
pub fn server_notice(server: &crate::Server) -> String {
    let mut notice = format!(
        "Loket siap di {} — buka alamat ini di peramban pejabat.",
        server.urls().join(" atau ")
    );
    match server.fingerprint() {
        Some(fingerprint) => notice.push_str(&format!(
            "\nSertifikat untuk perangkat: {}/sertifikat (sidik jari SHA-256 {fingerprint}).",
            server.urls().first().map(String::as_str).unwrap_or("")
        )),
        None => notice.push_str(
            "\nPeringatan: Koneksi tidak terenkripsi (HTTP biasa dipilih di Pengaturan → \
             Jaringan (LAN)).",
        ),
    }
    notice
}

/// The status line of the desktop window: the addresses, and the fingerprint to compare.
pub fn status_line(server: &crate::Server) -> String {
    match server.fingerprint() {
        Some(fingerprint) => format!(
            "Pejabat: {} · Sidik jari sertifikat: {fingerprint}",
            server.urls().join(" · ")
        ),
        None => format!(
            "Pejabat: {} · Koneksi tidak terenkripsi",
            server.urls().join(" · ")
        ),
    }
}

/// Where to listen when neither `--listen` nor `$LOKET_LISTEN` says: the address the admin
/// stored in Pengaturan, else every interface on port 7878. A stored value that cannot be read
/// is reported (on stderr) and the default used.
pub fn stored_or_default(hub: &Hub) -> SocketAddr {
    match hub.stored_listen() {
        Ok(Some(address)) => address,
        Ok(None) => crate::server::default_listen(),
        Err(e) => {
            eprintln!("Peringatan: {e}; Loket memakai alamat bawaan.");
            crate::server::default_listen()
        }
    }
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
         di Pengaturan → Jaringan (LAN), dengan --listen ALAMAT:PORT atau variabel LOKET_LISTEN."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
