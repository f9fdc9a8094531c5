//! Which lines of a service's requirement checklist are the desk's own steps rather than
//! something the guest must bring: the decrees list "Mengisi Lembar Blanko … yang disediakan
//! Staf Petugas Pelayanan" and "Menyerahkan KTP … kepada Staf Petugas Pelayanan" among the
//! requirements, but a guest cannot be told to bring them.

/// Whether a checklist line is a step done at the desk (filling the desk's blanko, handing
/// the ID card to the desk's staff), not a document or condition the guest brings.
pub fn is_desk_step(text: &str) -> bool {
    let t = text.to_lowercase();
    let fills_the_blanko = t.starts_with("mengisi") && t.contains("blanko");
    let hands_the_card = t.starts_with("menyerahkan")
        && (t.contains("ktp") || t.contains("tanda pengenal"))
        && t.contains("petugas pelayanan")
        && !t.contains("spt")
        && !t.contains("surat");
    fills_the_blanko || hands_the_card
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blanko_and_the_card_are_desk_steps_and_documents_are_not() {
        assert!(is_desk_step(
            "Mengisi Lembar Blanko Koordinasi / Konsultasi yang disediakan Staf Petugas Pelayanan"
        ));
        assert!(is_desk_step(
            "Menyerahkan KTP/Tanda Pengenal lainnya kepada Staf Petugas Pelayanan"
        ));
        // Things the guest brings, even when the decree says "hand over".
        assert!(!is_desk_step("Menyerahkan Surat Penugasan / SPT / SPPD dari Instansi/Organisasi Tempat Bekerja yang bertanda tangan Pimpinan dan Cap Stempel kepada Staf Petugas Pelayanan (Khusus yang berasal dari instansi / organisasi)"));
        assert!(!is_desk_step(
            "Menyerahkan Proposal Permohonan Bantuan kepada staf Petugas Pelayanan (Kalau ada)"
        ));
        assert!(!is_desk_step("Fotokopi KTP"));
        assert!(!is_desk_step("KTP Pemohon"));
    }
}
