//! Who the guests are: names drawn without repeats, and the numbers and papers they carry —
//! NIKs, driving licences, NIPs, phone numbers, assignment letters — in the forms the
//! issuing offices use.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate};

use crate::desk::events::AssignmentLetter;
use crate::desk::identity::IdType;

use super::institutions::{Institution, Kind};
use super::rng::{shuffle, Rng};

pub(super) const MEN: &[&str] = &[
    "Muhammad Rizky Ananda",
    "Ahmad Fauzan",
    "Rahmadi",
    "H. Abdul Gani",
    "Rusdiansyah",
    "Akhmad Rifai",
    "Muhammad Yusuf",
    "Syahrani",
    "Hairil Anwar",
    "Abdurrahman",
    "Masrani",
    "Junaidi",
    "Saprudin",
    "Ahmad Zaini",
    "Aulia Rahman",
    "Hasanuddin",
    "Muhammad Iqbal",
    "Ismail Marzuki",
    "Gusti Ahmad Rizal",
    "Muhammad Ridha",
    "Wahyudi",
    "Eko Prasetyo",
    "Bambang Sutrisno",
    "Rudi Hartono",
    "Zainal Abidin",
    "Mahyudin",
    "Fahrul Razi",
    "Irwansyah",
    "Norhadi",
    "Samsul Bahri",
    "Yusran Effendi",
    "Arbainsyah",
    "Hendra Gunawan",
    "M. Noor Ifansyah",
    "Taufik Hidayat",
];

pub(super) const WOMEN: &[&str] = &[
    "Siti Nurhaliza",
    "Hj. Norhayati",
    "Noorlatifah",
    "Ariyani",
    "Fitriani",
    "Rina Marlina",
    "Dian Puspitasari",
    "Normiyati",
    "Nurul Hidayah",
    "Rahimah",
    "Yulianti",
    "Lisa Andriani",
    "Dewi Sartika",
    "Khairunnisa",
    "Sri Wahyuni",
    "Nurdiana",
    "Halimatus Sa'diyah",
    "Mariani",
    "Siti Jubaidah",
    "Hj. Mastora",
    "Nor Aida",
    "Raudatul Jannah",
    "Fathul Jannah",
    "Rabiatul Adawiyah",
    "Wulan Sari",
    "Erna Yuliana",
    "Siti Aisyah",
    "Mardiana",
    "Nurlaila",
    "Hamidah",
    "Annisa Fitri",
];

/// Degrees a civil servant's name may carry.
const DEGREES: &[&str] = &[
    ", S.E.", ", S.P.", ", S.T.", ", S.Sos.", ", S.Kom.", ", S.Pd.", ", S.Hut.", ", S.AP.",
    ", A.Md.",
];

/// Mobile prefixes after "08" (Telkomsel, Indosat, XL, Tri).
const PHONE_PREFIXES: &[&str] = &[
    "11", "12", "13", "21", "22", "52", "53", "56", "57", "77", "78", "95",
];

const ROMAN_MONTHS: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

/// Regency codes of a guest's NIK: mostly Balangan (63.11), some from the neighbouring
/// Hulu Sungai Utara (63.08) and Tabalong (63.09), and Banjarmasin (63.71).
const REGENCIES: &[u32] = &[11, 11, 11, 11, 11, 11, 11, 8, 9, 71];

/// Who a guest is, drawn once.
pub(super) struct Person {
    pub(super) name: String,
    pub(super) female: bool,
    pub(super) birth: NaiveDate,
}

/// Draws names without repeating one in a day, and ID numbers that never repeat.
pub(super) struct People {
    men: Vec<&'static str>,
    women: Vec<&'static str>,
    numbers: HashSet<String>,
}

impl People {
    pub(super) fn new(rng: &mut Rng) -> People {
        let mut men = MEN.to_vec();
        let mut women = WOMEN.to_vec();
        shuffle(&mut men, rng);
        shuffle(&mut women, rng);
        People {
            men,
            women,
            numbers: HashSet::new(),
        }
    }

    pub(super) fn person(&mut self, rng: &mut Rng, civil_servant: bool) -> Person {
        let female = rng.chance(45);
        let list = if female {
            &mut self.women
        } else {
            &mut self.men
        };
        let base = list
            .pop()
            .unwrap_or(if female { "Siti Aminah" } else { "Ahmad Yani" });
        let degree = if civil_servant && rng.chance(60) && !base.contains(". ") {
            rng.pick(DEGREES)
        } else {
            ""
        };
        let birth = NaiveDate::from_ymd_opt(
            rng.between(1966, 2003) as i32,
            rng.between(1, 12) as u32,
            rng.between(1, 28) as u32,
        )
        .expect("days 1–28 exist in every month");
        Person {
            name: format!("{base}{degree}"),
            female,
            birth,
        }
    }

    /// A card number of the type, unique in the day.
    pub(super) fn number(&mut self, rng: &mut Rng, id_type: IdType, p: &Person) -> String {
        loop {
            let n = match id_type {
                IdType::Ktp => nik(rng, p),
                IdType::Sim => sim_number(rng, p),
                _ => nip(rng, p),
            };
            if self.numbers.insert(n.clone()) {
                return n;
            }
        }
    }
}

/// A NIK as Dukcapil writes it: province 63 (Kalimantan Selatan), regency, district, birth
/// date (40 added to the day for women), a serial number.
fn nik(rng: &mut Rng, p: &Person) -> String {
    let regency = *rng.pick(REGENCIES);
    let district = rng.between(1, 8);
    let day = p.birth.day() + if p.female { 40 } else { 0 };
    format!(
        "63{regency:02}{district:02}{day:02}{:02}{:02}{:04}",
        p.birth.month(),
        p.birth.year() % 100,
        rng.between(1, 1200)
    )
}

/// A driving licence number: birth year and month, the issuing office, a serial number.
fn sim_number(rng: &mut Rng, p: &Person) -> String {
    format!(
        "{:02}{:02}-1411-{:06}",
        p.birth.year() % 100,
        p.birth.month(),
        rng.between(1, 999_999)
    )
}

/// A civil servant's NIP, as on the KTP PNS: birth date, start of service, sex, serial.
fn nip(rng: &mut Rng, p: &Person) -> String {
    let start_year = (p.birth.year() + rng.between(23, 30) as i32).min(2024);
    format!(
        "{}{start_year}{:02}{}{:03}",
        p.birth.format("%Y%m%d"),
        *rng.pick(&[1, 3, 4]),
        if p.female { 2 } else { 1 },
        rng.between(1, 30)
    )
}

pub(super) fn phone(rng: &mut Rng) -> String {
    format!(
        "08{}-{:04}-{:04}",
        rng.pick(PHONE_PREFIXES),
        rng.between(1000, 9999),
        rng.between(0, 9999)
    )
}

/// The institution's assignment letter for the guest, dated up to three days before.
pub(super) fn letter(rng: &mut Rng, inst: &Institution, date: NaiveDate) -> AssignmentLetter {
    let dated = date - Duration::days(rng.between(0, 3));
    let n = rng.between(12, 480);
    let number = match inst.kind {
        Kind::Government | Kind::Village => format!("094/{n}/{}/{}", inst.abbr, dated.year()),
        Kind::Organisation => format!(
            "{n:03}/ST/{}/{}/{}",
            inst.abbr,
            ROMAN_MONTHS[dated.month0() as usize],
            dated.year()
        ),
    };
    AssignmentLetter {
        number,
        date: dated.to_string(),
        institution: inst.name.to_string(),
        held: rng.chance(50),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::DemoDesk;
    use crate::desk::identity::check_nik;

    #[test]
    fn generated_niks_have_the_form_of_one_from_kalimantan_selatan() {
        let mut rng = Rng::for_day(
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            DemoDesk::Perekonomian,
        );
        let mut people = People::new(&mut rng);
        for _ in 0..200 {
            let p = people.person(&mut rng, false);
            let n = people.number(&mut rng, IdType::Ktp, &p);
            assert_eq!(check_nik(&n), Ok(()), "{n}");
            assert!(n.starts_with("63"));
            let day: u32 = n[6..8].parse().unwrap();
            assert_eq!(day > 40, p.female, "{n}");
            let nip = nip(&mut rng, &p);
            assert_eq!(nip.len(), 18, "{nip}");
        }
    }
}
