//! A guest's identity card: its type, checking a NIK's form, and keeping its number only as
//! UU 27/2022 asks — never in plain text.
//!
//! Loket stores an ID number as a keyed hash (HMAC-SHA256 with a secret made for each
//! database), which is enough to recognise a returning guest or a card already in the drawer,
//! and the last four characters, which is enough for the receptionist to tell cards apart on
//! screen ("•••• •••• •••• 1234"). The number itself is gone once the check-in is written.

use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::error::{CoreError, CoreResult};

/// The kinds of identity card a guest may leave at the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdType {
    /// Kartu Tanda Penduduk: its number is the 16-digit NIK.
    Ktp,
    /// Surat Izin Mengemudi.
    Sim,
    Paspor,
    /// KTP PNS / kartu pegawai.
    KartuPegawai,
    Lainnya,
}

impl IdType {
    /// The card's name on screen.
    pub fn label(self) -> &'static str {
        match self {
            IdType::Ktp => "KTP",
            IdType::Sim => "SIM",
            IdType::Paspor => "Paspor",
            IdType::KartuPegawai => "KTP PNS/Kartu Pegawai",
            IdType::Lainnya => "Lainnya",
        }
    }
}

/// Province codes (the NIK's first two digits) in use, from Kemendagri's region codes,
/// including the Papua provinces formed in 2022.
const PROVINCE_CODES: [u8; 38] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
    71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
];

fn digits(s: &str, range: std::ops::Range<usize>) -> u32 {
    s[range].parse().unwrap_or(0)
}

/// Checks that a NIK has the form of one: 16 digits, a province that exists, a regency and
/// district code that are not zero, a real birth date (40 added to the day for women) and a
/// serial number that is not zero. Says what is wrong, in Indonesian.
pub fn check_nik(nik: &str) -> Result<(), String> {
    if !nik.chars().all(|c| c.is_ascii_digit()) {
        return Err(
            "NIK hanya berisi angka, tanpa huruf; ketik 16 angka NIK seperti tertulis di KTP."
                .into(),
        );
    }
    if nik.len() != 16 {
        return Err(format!(
            "NIK harus 16 angka (yang diisi {} angka); periksa kembali di KTP.",
            nik.len()
        ));
    }
    let province = digits(nik, 0..2) as u8;
    if !PROVINCE_CODES.contains(&province) {
        return Err(format!(
            "dua angka pertama NIK ({province:02}) bukan kode provinsi."
        ));
    }
    if digits(nik, 2..4) == 0 || digits(nik, 4..6) == 0 {
        return Err("kode kabupaten/kota atau kecamatan pada NIK tidak boleh 00.".into());
    }
    let day = digits(nik, 6..8);
    let month = digits(nik, 8..10);
    let year = digits(nik, 10..12);
    let day_of_birth = if day > 40 { day - 40 } else { day };
    // The century is unknown; a date valid in either is a plausible birth date.
    let valid = [1900, 2000].iter().any(|century| {
        chrono::NaiveDate::from_ymd_opt((century + year) as i32, month, day_of_birth).is_some()
    });
    if !valid {
        return Err(format!(
            "angka ke-7 sampai ke-12 NIK ({}) bukan tanggal lahir yang sah.",
            &nik[6..12]
        ));
    }
    if digits(nik, 12..16) == 0 {
        return Err("nomor urut pada NIK (4 angka terakhir) tidak boleh 0000.".into());
    }
    Ok(())
}

/// An ID number as typed, normalised: spaces, dots and dashes removed, letters upper-cased.
pub fn normalise(number: &str) -> String {
    number
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '/'))
        .flat_map(char::to_uppercase)
        .collect()
}

/// Checks an ID number for its card type; a KTP's number is a NIK.
pub fn check_number(id_type: IdType, number: &str) -> CoreResult<String> {
    let number = normalise(number);
    let field = format!("Nomor {}", id_type.label());
    if number.is_empty() {
        return Err(CoreError::invalid(field, "wajib diisi."));
    }
    if id_type != IdType::Ktp
        && (number.len() > 32 || !number.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        return Err(CoreError::invalid(
            field,
            "hanya huruf dan angka, paling banyak 32.",
        ));
    }
    if id_type == IdType::Ktp {
        // A KTP's number is a NIK: only digits, whatever else was typed.
        check_nik(&number).map_err(|p| CoreError::invalid("NIK", p))?;
        return Ok(number);
    }
    Ok(number)
}

/// The last four characters of a number, the only part Loket keeps in readable form.
pub fn last_four(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

/// A number as shown on screens and exports: all but the last four characters hidden.
pub fn masked(last4: &str) -> String {
    format!("••••{last4}")
}

/// The keyed hash of a card: the same card gives the same hash in one database, and the
/// hash cannot be turned back into the number without the database's secret.
pub fn card_hash(secret: &[u8], id_type: IdType, number: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("HMAC takes any key");
    mac.update(format!("{id_type:?}:{number}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_looking_nik_passes_and_each_broken_part_is_named() {
        // Hulu Sungai Utara (63.08), a woman born 23-11-1990 (23 + 40 = 63).
        assert_eq!(check_nik("6308016311900001"), Ok(()));
        // A man born 01-02-2001 in Blitar (35.05).
        assert_eq!(check_nik("3505010102010002"), Ok(()));
        let cases = [
            ("630801631190000", "16 angka"),
            ("63080163119000A1", "hanya berisi angka"),
            ("6308016311900O01", "hanya berisi angka"),
            ("9908016311900001", "kode provinsi"),
            ("6300016311900001", "tidak boleh 00"),
            ("6308013213900001", "tanggal lahir"),
            ("6308017211900001", "tanggal lahir"),
            ("6308016311900000", "0000"),
        ];
        for (nik, problem) in cases {
            let err = check_nik(nik).unwrap_err();
            assert!(err.contains(problem), "{nik}: {err}");
        }
    }

    #[test]
    fn numbers_are_normalised_and_only_ktp_must_be_a_nik() {
        assert_eq!(
            check_number(IdType::Ktp, "6308 0163 1190 0001").unwrap(),
            "6308016311900001"
        );
        assert!(check_number(IdType::Ktp, "12345").is_err());
        assert_eq!(
            check_number(IdType::Sim, "1234-5678-9012").unwrap(),
            "123456789012"
        );
        assert_eq!(
            check_number(IdType::Paspor, "c 1234567").unwrap(),
            "C1234567"
        );
        assert!(check_number(IdType::Lainnya, "  ").is_err());
        assert!(check_number(IdType::Lainnya, "abc<script>").is_err());
    }

    #[test]
    fn a_card_is_kept_as_a_keyed_hash_and_its_last_four_characters() {
        let a = card_hash(b"secret-1", IdType::Ktp, "6308016311900001");
        assert_eq!(a, card_hash(b"secret-1", IdType::Ktp, "6308016311900001"));
        assert_ne!(a, card_hash(b"secret-2", IdType::Ktp, "6308016311900001"));
        assert_ne!(a, card_hash(b"secret-1", IdType::Sim, "6308016311900001"));
        assert!(!a.contains("6308016311900001"));
        assert_eq!(last_four("6308016311900001"), "0001");
        assert_eq!(masked("0001"), "••••0001");
    }
}
