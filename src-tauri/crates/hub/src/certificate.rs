//! `GET /sertifikat`: the office's certificate authority and, in Bahasa Indonesia, how to
//! install it on Windows, Android, iOS and Linux, with the SHA-256 fingerprint to compare;
//! `GET /sertifikat/loket-ca.crt`: the certificate itself.
//!
//! The page is plain HTML with no script (the Content-Security-Policy allows none inline)
//! and is served to anyone who may reach the hub: a CA certificate is public.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use loket_core::network::TlsMode;

use crate::guard::escape;
use crate::server::{not_found_page, AppState};

/// `GET /sertifikat/loket-ca.crt`.
pub(crate) async fn ca_file(State(state): State<AppState>) -> Response {
    match state.shared.lan.material().and_then(|m| m.ca_pem) {
        Some(pem) => (
            [
                (header::CONTENT_TYPE, "application/x-x509-ca-cert"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"loket-ca.crt\"",
                ),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            pem,
        )
            .into_response(),
        None => not_found_page(),
    }
}

/// `GET /sertifikat`.
pub(crate) async fn page(State(state): State<AppState>) -> Response {
    let lan = &state.shared.lan;
    let material = lan.material();
    let body = match (lan.setting.mode, material) {
        (TlsMode::Loket, Some(m)) => loket_page(&m.fingerprint),
        (TlsMode::Own, Some(m)) => format!(
            "<p>Kantor ini memakai sertifikat HTTPS miliknya sendiri; perangkat yang sudah \
             mempercayai penerbitnya tidak perlu memasang apa pun.</p>\
             <p>Sidik jari SHA-256 sertifikat server:</p><p class=\"fp\"><code>{}</code></p>",
            escape(&m.fingerprint)
        ),
        _ => "<p class=\"warn\"><strong>Koneksi tidak terenkripsi.</strong> Admin memilih HTTP \
              biasa untuk jaringan: siapa pun di jaringan yang sama dapat membaca data yang \
              dikirim. Pilih HTTPS di Pengaturan → Jaringan (LAN).</p>"
            .to_string(),
    };
    let html = format!(
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Sertifikat Loket</title><link rel=\"stylesheet\" href=\"/css/app.css\"></head>\
         <body class=\"cert-page\"><main class=\"panel\"><h1>Sertifikat keamanan Loket</h1>{body}\
         </main></body></html>"
    );
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        html,
    )
        .into_response()
}

fn loket_page(fingerprint: &str) -> String {
    let fingerprint = escape(fingerprint);
    format!(
        "<p>Loket melindungi koneksi di jaringan kantor dengan HTTPS. Sertifikatnya diterbitkan \
         oleh <strong>otoritas sertifikat (CA) Loket</strong> yang dibuat khusus untuk kantor \
         ini. Pasang sertifikat CA ini <strong>sekali</strong> di setiap PC, ponsel, tablet dan \
         TV yang membuka Loket; sesudahnya peramban membuka Loket tanpa peringatan.</p>\
         <p><a class=\"btn primary\" id=\"ca-download\" href=\"/sertifikat/loket-ca.crt\" \
         download=\"loket-ca.crt\">Unduh sertifikat CA (loket-ca.crt)</a></p>\
         <h2>Periksa sidik jari</h2>\
         <p>Sebelum memasang, cocokkan sidik jari SHA-256 berikut dengan yang tertera di \
         Pengaturan → Jaringan (LAN) pada komputer meja layanan. Bila berbeda, jangan \
         dipasang dan hubungi admin.</p>\
         <p class=\"fp\"><code id=\"ca-fingerprint\">{fingerprint}</code></p>\
         <h2>Windows (Chrome, Edge)</h2><ol>\
         <li>Unduh <code>loket-ca.crt</code>, lalu klik dua kali berkasnya.</li>\
         <li>Pilih <em>Install Certificate…</em> (Pasang Sertifikat), lalu <em>Local Machine</em> \
         (perlu hak administrator) atau <em>Current User</em>.</li>\
         <li>Pilih <em>Place all certificates in the following store</em> → <em>Browse</em> → \
         <em>Trusted Root Certification Authorities</em>, lalu <em>Next</em> dan <em>Finish</em>.</li>\
         <li>Cocokkan sidik jari: di Command Prompt jalankan <code>certutil -dump \
         loket-ca.crt</code> dan lihat baris <em>Cert Hash(sha256)</em>.</li>\
         <li>Tutup dan buka lagi peramban.</li></ol>\
         <h2>Windows/Linux (Firefox)</h2><ol>\
         <li>Buka <em>Settings</em> → <em>Privacy &amp; Security</em> → <em>Certificates</em> → \
         <em>View Certificates…</em> → tab <em>Authorities</em> → <em>Import…</em>.</li>\
         <li>Pilih <code>loket-ca.crt</code>, centang <em>Trust this CA to identify websites</em>, \
         lalu <em>OK</em>.</li></ol>\
         <h2>Android</h2><ol>\
         <li>Unduh <code>loket-ca.crt</code> di ponsel.</li>\
         <li>Buka <em>Setelan</em> → <em>Keamanan dan privasi</em> → <em>Setelan keamanan lainnya</em> \
         → <em>Enkripsi &amp; kredensial</em> → <em>Instal sertifikat</em> → <em>Sertifikat CA</em> \
         (nama menu dapat sedikit berbeda menurut merek ponsel).</li>\
         <li>Ketuk <em>Tetap instal</em>, lalu pilih berkas <code>loket-ca.crt</code> dari Unduhan.</li>\
         <li>Buka lagi Chrome dan alamat Loket.</li></ol>\
         <h2>iPhone dan iPad (iOS)</h2><ol>\
         <li>Buka halaman ini di <strong>Safari</strong> dan ketuk tombol unduh di atas; pilih \
         <em>Izinkan</em>.</li>\
         <li>Buka <em>Pengaturan</em> → <em>Profil Diunduh</em> → <em>Instal</em>, masukkan kode \
         sandi, lalu <em>Instal</em> lagi.</li>\
         <li>Buka <em>Pengaturan</em> → <em>Umum</em> → <em>Mengenai</em> → <em>Pengaturan \
         Kepercayaan Sertifikat</em>, lalu aktifkan kepercayaan penuh untuk <em>Loket CA</em>.</li></ol>\
         <h2>Linux (Chrome, Chromium)</h2><ol>\
         <li>Buka <code>chrome://settings/certificates</code> → <em>Authorities</em> → \
         <em>Import</em>, pilih <code>loket-ca.crt</code> dan centang <em>Trust this certificate \
         for identifying websites</em>.</li>\
         <li>Atau untuk seluruh sistem (Debian/Ubuntu): salin berkas ke \
         <code>/usr/local/share/ca-certificates/loket-ca.crt</code> lalu jalankan \
         <code>sudo update-ca-certificates</code>.</li>\
         <li>Cocokkan sidik jari: <code>openssl x509 -in loket-ca.crt -noout -fingerprint \
         -sha256</code>.</li></ol>\
         <h2>TV ruang tunggu</h2>\
         <p>Pasang sertifikat dengan cara Android (TV Android) atau sesuai menu keamanan TV; bila \
         TV tidak dapat memasang sertifikat, gunakan PC mini atau Android TV box.</p>\
         <p class=\"muted small\">Sertifikat CA bersifat publik dan aman dibagikan. Kunci \
         privatnya tidak pernah keluar dari komputer meja layanan.</p>"
    )
}
