//! The satisfaction survey (Survei Kepuasan Masyarakat, PermenPAN-RB 14/2017) as the guests
//! give it on the kiosk tablet after being served, and its recap for the chief.
//!
//! - [`pending`]: today's served visits still awaiting a survey, as the kiosk lists them
//!   (ticket and service only, no name).
//! - [`response`]: one answer sheet stored for one visit, checked, atomically.
//! - [`recap`]: the index per element, service, bagian and month of a period
//!   (`skm.report`), computed by [`crate::skm`].
//!
//! Anonymity: a response is tied to its visit only so that a visit is surveyed once. The
//! service, the bagian and the office day are copied onto the response when it is given, and
//! every report reads the responses alone: nothing here joins a response to a guest.

pub mod pending;
pub mod recap;
pub mod response;

use rusqlite::OptionalExtension;

use crate::error::CoreResult;

/// The nine questions the kiosk asks, one per element (unsur) of PermenPAN-RB 14/2017.
pub const QUESTIONS: [&str; 9] = [
    "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
    "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
    "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
    "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
    "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
    "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
    "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
    "Bagaimana pendapat Saudara tentang penanganan pengaduan, saran dan masukan di unit ini?",
    "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
];

/// The four answers, 1 to 4, as the kiosk shows them.
pub const ANSWER_LABELS: [&str; 4] = ["Tidak puas", "Kurang puas", "Puas", "Sangat puas"];

/// A service as a response records it: its name and its bagian.
pub(crate) struct ServiceInfo {
    pub name: String,
    pub unit_id: String,
    pub unit_name: String,
}

/// The service `code` as the visit knows it: in the standards version the visit was checked in
/// under (`service_id`), else the current version (a transfer may name a newer one).
pub(crate) fn service_info(
    conn: &rusqlite::Connection,
    service_id: i64,
    code: &str,
) -> CoreResult<Option<ServiceInfo>> {
    let row = |r: &rusqlite::Row<'_>| {
        Ok(ServiceInfo {
            name: r.get(0)?,
            unit_id: r.get(1)?,
            unit_name: r.get(2)?,
        })
    };
    let same_version = conn
        .query_row(
            "SELECT s.name, s.unit_id, s.unit_name FROM service s
             WHERE s.code = ?2 AND s.version_id = (SELECT version_id FROM service WHERE id = ?1)",
            rusqlite::params![service_id, code],
            row,
        )
        .optional()?;
    if same_version.is_some() {
        return Ok(same_version);
    }
    Ok(conn
        .query_row(
            "SELECT name, unit_id, unit_name FROM current_service WHERE code = ?1",
            [code],
            row,
        )
        .optional()?)
}
