//! What the guest brings, and what happens at the desk.
//!
//! A decree's requirement list mixes two kinds of line: documents and conditions the guest
//! must bring ("Fotokopi KTP", "Surat Permohonan …"), and the desk's own steps of the walk-in
//! procedure ("Menyerahkan KTP/Tanda Pengenal lainnya kepada Staf Petugas Pelayanan",
//! "Mengisi Lembar Blanko … yang disediakan Staf Petugas Pelayanan", "Hadir langsung …,
//! menunjukkan identitas pribadi"). The checklist the receptionist ticks holds only the first
//! kind; each desk step follows from the check-in form itself (a drawer slot chosen means the
//! card was handed over, a blanko filled means the blanko was filled), so the same fact is
//! never recorded twice and a desk step is never a "missing requirement" of the guest.

use serde::Serialize;

/// One of the desk's own steps of the walk-in procedure, and what on the form records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeskStep {
    /// The guest hands the ID card to the desk: recorded by the drawer slot.
    HandsIdCard,
    /// The guest fills the blanko the desk provides: recorded by the blanko.
    FillsBlanko,
    /// An institutional guest hands over the SPT/SPPD: recorded by the letter.
    HandsLetter,
    /// The guest hands over a proposal: recorded by "proposal diterima".
    HandsProposal,
    /// The guest comes in person and shows who they are (or says what for): the check-in
    /// itself, with the guest's card and purpose, records it.
    ComesInPerson,
}

/// Lower case with runs of white space as one space, for matching a decree's words.
fn folded(text: &str) -> String {
    text.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Which desk step a requirement's text is, if it is one (see the module's doc).
pub fn desk_step(text: &str) -> Option<DeskStep> {
    let t = folded(text);
    let to_desk = t.starts_with("menyerahkan") && t.contains("petugas pelayanan");
    if to_desk {
        if t.contains("ktp") || t.contains("tanda pengenal") || t.contains("identitas") {
            return Some(DeskStep::HandsIdCard);
        }
        if t.contains("spt") || t.contains("sppd") || t.contains("surat penugasan") {
            return Some(DeskStep::HandsLetter);
        }
        if t.contains("proposal") {
            return Some(DeskStep::HandsProposal);
        }
    }
    if t.contains("blanko") && (t.starts_with("mengisi") || t.contains("disediakan")) {
        return Some(DeskStep::FillsBlanko);
    }
    // Coming to the bagian in person ("hadir langsung", "datang langsung", the scan's
    // "dating langsung", "dapat langsung ke Bagian …") is what a walk-in guest at the desk
    // has done.
    let in_person = [
        "hadir langsung",
        "datang langsung",
        "dating langsung",
        "langsung ke bagian",
    ];
    if in_person.iter().any(|w| t.contains(w)) {
        return Some(DeskStep::ComesInPerson);
    }
    None
}

/// Whether a requirement's text is one of the desk's own steps rather than something the
/// guest brings.
pub fn is_desk_step(text: &str) -> bool {
    desk_step(text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standards::model::StandardsFile;

    fn bundled() -> Vec<StandardsFile> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../data/standards");
        ["balangan-2024.json", "blitar-2026.json"]
            .iter()
            .map(|f| {
                let text = std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
                serde_json::from_str(&text).unwrap()
            })
            .collect()
    }

    /// Every requirement of every service of both decrees is classified as the desk's step
    /// or as the guest's, and exactly these lines are the desk's.
    #[test]
    fn every_requirement_of_both_decrees_is_classified() {
        let mut desk: Vec<(String, DeskStep)> = Vec::new();
        let mut guest = 0;
        for file in bundled() {
            for service in &file.services {
                for item in &service.intake.checklist {
                    match desk_step(&item.text) {
                        Some(step) => {
                            if !desk.iter().any(|(t, _)| t == &item.text) {
                                desk.push((item.text.clone(), step));
                            }
                        }
                        None => guest += 1,
                    }
                }
            }
        }
        desk.sort_by(|a, b| a.0.cmp(&b.0));
        let expected = [
            (
                "Hadir langsung di Kantor Bagian Kesejahteraan Rakyat",
                DeskStep::ComesInPerson,
            ),
            (
                "Hadir langsung di Kantor Bagian Organisasi",
                DeskStep::ComesInPerson,
            ),
            (
                "Mengisi Lembar Blanko Koordinasi / Konsultasi",
                DeskStep::FillsBlanko,
            ),
            (
                "Menyerahkan KTP/Tanda Pengenal lainnya",
                DeskStep::HandsIdCard,
            ),
            (
                "Menyerahkan Proposal Permohonan Bantuan",
                DeskStep::HandsProposal,
            ),
            (
                "Menyerahkan Surat Penugasan / SPT / SPPD",
                DeskStep::HandsLetter,
            ),
            (
                "Pengguna layanan dapat langsung ke Bagian Organisasi",
                DeskStep::ComesInPerson,
            ),
            (
                "Pengunjung/Masyarakat mengakses website JDIH",
                DeskStep::ComesInPerson,
            ),
            (
                "Permohonan secara langsung dari Orang Pribadi/Badan",
                DeskStep::ComesInPerson,
            ),
        ];
        let found: Vec<String> = desk.iter().map(|(t, s)| format!("{s:?}: {t}")).collect();
        assert_eq!(desk.len(), expected.len(), "{found:#?}");
        for ((text, step), (start, want)) in desk.iter().zip(expected) {
            assert!(text.starts_with(start), "{text} (expected {start}…)");
            assert_eq!(*step, want, "{text}");
        }
        assert!(guest > 200, "the guests' own requirements stay: {guest}");
    }

    #[test]
    fn what_the_guest_brings_is_not_a_desk_step() {
        for text in [
            "Fotokopi KTP",
            "KTP Pemohon",
            "Identitas Pemohon",
            "Proposal permohonan bantuan",
            "Fotocopy KK/KTP Penerima Bantuan Hukum",
            "Melampirkan undangan atau surat perintah tugas dari atasan",
            "Mengisi form pencarian dengan mengisi pilijan jenis produk hukum",
        ] {
            assert!(!is_desk_step(text), "{text}");
        }
    }
}
