//! The short label of a service, for every list, ticket and log that has no room for the
//! decree's full name: its number and the words that tell it apart from the other services
//! of its bagian ("2. Sektor Pariwisata, Koperasi, UMKM…" instead of "Fasilitasi Pelayanan
//! Koordinasi dan Konsultasi terkait Sektor Pariwisata, …").
//!
//! The decrees open many names with the same words ("Fasilitasi", "Layanan", "Fasilitasi
//! Pelayanan Koordinasi dan Konsultasi terkait"): they are dropped, as are parenthesised
//! spellings-out of several words (acronyms in parentheses stay), and what is left is cut at a
//! word to [`MAX_SHORT`] characters in all. The full name stays in the detail and on hover.

/// Most characters a short label has, its number included.
pub const MAX_SHORT: usize = 48;

/// Openings shared by many services of a bagian, dropped from the front of a name (longest
/// first, applied again while one matches).
const OPENINGS: &[&str] = &[
    "pelayanan koordinasi dan konsultasi terkait",
    "koordinasi dan konsultasi terkait",
    "fasilitasi layanan",
    "fasilitasi pelayanan",
    "fasilitasi",
    "pelayanan",
    "layanan",
];

/// Words a cut label does not end on: they promise something that was cut off.
const DANGLING: &[&str] = &[
    "dan", "atau", "serta", "terkait", "untuk", "bagi", "di", "ke", "dari", "melalui", "pada",
    "tentang", "dalam", "atas", "dengan", "yang", "&",
];

/// Drops parenthesised text of more than one word ("(Pembimbing Haji Daerah)"), keeping an
/// acronym in parentheses ("(SPSE)").
fn without_spelled_out(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inside = &rest[open + 1..close];
        out.push_str(&rest[..open]);
        if !inside.trim().contains(char::is_whitespace) {
            out.push_str(&rest[open..=close]);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Drops the shared openings from the front of a name, keeping at least one word.
fn without_openings(name: &str) -> &str {
    let mut rest = name.trim();
    'again: loop {
        for opening in OPENINGS {
            let n = opening.len();
            let matches = rest.len() > n
                && rest.is_char_boundary(n)
                && rest[..n].eq_ignore_ascii_case(opening)
                && rest[n..].starts_with(' ');
            if matches {
                rest = rest[n..].trim_start();
                continue 'again;
            }
        }
        return rest;
    }
}

/// The first letter in upper case ("guru agama" → "Guru agama").
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Cuts `text` at a word so that it has at most `max` characters with the ellipsis, and does
/// not end on a joining word or a comma.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut words: Vec<&str> = Vec::new();
    let mut len = 0;
    for word in text.split(' ') {
        let extra = word.chars().count() + usize::from(!words.is_empty());
        // One character is kept for the ellipsis.
        if len + extra + 1 > max {
            break;
        }
        len += extra;
        words.push(word);
    }
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| DANGLING.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    if words.is_empty() {
        // A single word longer than the room: cut inside it.
        let kept: String = text.chars().take(max.saturating_sub(1)).collect();
        return format!("{kept}…");
    }
    let joined = words.join(" ");
    format!("{}…", joined.trim_end_matches([',', ';', ':', '/', '-']))
}

/// The short label of a service: "{number}. {distinguishing words}", at most [`MAX_SHORT`]
/// characters.
pub fn short_label(number: &str, name: &str) -> String {
    let prefix = format!("{}. ", number.trim());
    let plain = without_spelled_out(name);
    let words = capitalised(without_openings(&plain));
    let room = MAX_SHORT.saturating_sub(prefix.chars().count());
    format!("{prefix}{}", cut(&words, room))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::standards::model::StandardsFile;
    use crate::standards::BUNDLED;

    #[test]
    fn the_shared_openings_and_spelled_out_names_are_dropped() {
        assert_eq!(
            short_label(
                "1",
                "Fasilitasi Pelayanan Koordinasi dan Konsultasi terkait Pengelolaan BUMD dan BULD"
            ),
            "1. Pengelolaan BUMD dan BULD"
        );
        assert_eq!(
            short_label(
                "5",
                "Fasilitasi PHD (Pembimbing Haji Daerah) dan PKHD (Petugas Kesehatan Haji Derah)"
            ),
            "5. PHD dan PKHD"
        );
        assert_eq!(
            short_label("3", "Layanan Penanganan Permasalahan Pengguna Sistem Pengadaan Secara Elektronik (SPSE)"),
            "3. Penanganan Permasalahan Pengguna Sistem…"
        );
        assert_eq!(
            short_label("XVII", "Permohonan/Peminjaman Ruang Rapat"),
            "XVII. Permohonan/Peminjaman Ruang Rapat"
        );
        // A name that is only an opening keeps its word.
        assert_eq!(short_label("1", "Pelayanan"), "1. Pelayanan");
    }

    /// Every service of every shipped decree: its short label is short, and within a bagian
    /// the words of the labels differ unless the decree gives two services the same name.
    #[test]
    fn every_bagian_s_short_labels_are_short_and_tell_its_services_apart() {
        let mut checked = 0;
        for file in BUNDLED {
            let standards: StandardsFile = serde_json::from_str(file.text).unwrap();
            let mut by_unit: BTreeMap<&str, Vec<(&str, &str, String)>> = BTreeMap::new();
            for s in &standards.services {
                let label = short_label(&s.number, &s.name);
                assert!(label.chars().count() <= MAX_SHORT, "{label} is too long");
                assert!(label.starts_with(&format!("{}. ", s.number)), "{label}");
                by_unit
                    .entry(&s.unit)
                    .or_default()
                    .push((&s.number, &s.name, label));
                checked += 1;
            }
            for (unit, labels) in &by_unit {
                for (i, (_, name_a, label_a)) in labels.iter().enumerate() {
                    let words_a = label_a.split_once(". ").unwrap().1;
                    for (_, name_b, label_b) in &labels[i + 1..] {
                        let words_b = label_b.split_once(". ").unwrap().1;
                        assert!(
                            words_a != words_b || name_a == name_b,
                            "{}/{unit}: {label_a} and {label_b} read the same",
                            standards.region
                        );
                        assert_ne!(label_a, label_b);
                    }
                }
            }
        }
        assert_eq!(checked, 86, "all 86 services of the two decrees");
    }
}
