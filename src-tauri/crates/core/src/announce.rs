//! The spoken call of the waiting-room display: a call turned into the ordered list of audio
//! clips to play, all of them shipped in `data/audio/` (see its README), so that the display
//! announces offline, without a speech engine.
//!
//! A call sounds like "ding-dong — Nomor antrian P, nol, dua belas, silakan menuju Ruang
//! Kepala Sub Bagian Perekonomian": [`call_clips`] gives the chime, the phrase
//! `nomor-antrian`, the ticket ([`ticket_clips`]: its letters spelled, its leading zeros as
//! "nol", the rest as Indonesian number words from [`number_words`]), the phrase
//! `silakan-menuju` and the destination ([`destination_clips`]: the room or official's name
//! word by word from a fixed vocabulary, an abbreviation in capitals spelled letter by
//! letter). A destination with a word that has no clip is never mispronounced: the call then
//! says "silakan menuju ruangan sesuai layar" ([`FALLBACK_DESTINATION`]) and the screen shows
//! the room as always. [`unsaid_words`] names such words, for the admin's warning when a room
//! is saved.
//!
//! Clip ids are file names without `.wav`: [`clip_file`]. [`CLIPS`] lists every id this
//! module can emit; `tests/audio_clips.rs` checks that each has its file and that no file is
//! left over, and `data/audio/make-clips.sh` makes the files.

/// Where the clips live, relative to the repository root.
pub const AUDIO_DIR: &str = "data/audio";

/// The chime played before every call.
pub const CHIME: &str = "chime";
/// "Nomor antrian": said before the ticket.
pub const NOMOR_ANTRIAN: &str = "nomor-antrian";
/// "Silakan menuju": said before the destination.
pub const SILAKAN_MENUJU: &str = "silakan-menuju";
/// "Sesuai layar": ends the fallback destination.
pub const SESUAI_LAYAR: &str = "sesuai-layar";
/// "Ruangan sesuai layar": what follows "silakan menuju" when the room cannot be said.
pub const FALLBACK_DESTINATION: &[&str] = &["kata-ruangan", SESUAI_LAYAR];
/// The longest abbreviation (a word in capitals, "BKD") spelled letter by letter.
const MAX_SPELLED: usize = 5;

/// The prefix of the clip of a word of the vocabulary: `kata-ruang`.
const WORD_PREFIX: &str = "kata-";
/// The prefix of the clip of a spelled letter: `huruf-p`.
const LETTER_PREFIX: &str = "huruf-";

/// Every clip id the module may emit: the chime and phrases, the letters A–Z as spelled
/// aloud, the number words, and the vocabulary of room names and official titles.
pub const CLIPS: &[&str] = &[
    // the chime and the phrases
    "chime",
    "nomor-antrian",
    "silakan-menuju",
    "sesuai-layar",
    // letters, as Indonesians spell them: a, be, ce, …, ki, …, eks, ye, zet
    "huruf-a",
    "huruf-b",
    "huruf-c",
    "huruf-d",
    "huruf-e",
    "huruf-f",
    "huruf-g",
    "huruf-h",
    "huruf-i",
    "huruf-j",
    "huruf-k",
    "huruf-l",
    "huruf-m",
    "huruf-n",
    "huruf-o",
    "huruf-p",
    "huruf-q",
    "huruf-r",
    "huruf-s",
    "huruf-t",
    "huruf-u",
    "huruf-v",
    "huruf-w",
    "huruf-x",
    "huruf-y",
    "huruf-z",
    // number words
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
    "belas",
    "puluh",
    "seratus",
    "ratus",
    // places
    "kata-ruang",
    "kata-ruangan",
    "kata-loket",
    "kata-meja",
    "kata-lantai",
    "kata-gedung",
    "kata-aula",
    "kata-kantor",
    "kata-tunggu",
    "kata-rapat",
    "kata-tamu",
    // titles and roles
    "kata-kepala",
    "kata-sub",
    "kata-subbagian",
    "kata-bagian",
    "kata-kasubbag",
    "kata-kabag",
    "kata-sekretaris",
    "kata-asisten",
    "kata-staf",
    "kata-petugas",
    "kata-pejabat",
    "kata-fungsional",
    "kata-pelaksana",
    "kata-analis",
    "kata-pengelola",
    "kata-verifikator",
    "kata-kelompok",
    "kata-kerja",
    "kata-pokja",
    "kata-ahli",
    "kata-pertama",
    "kata-muda",
    "kata-madya",
    "kata-utama",
    "kata-wakil",
    "kata-bupati",
    "kata-tim",
    // the bagian and their subbagian
    "kata-sekretariat",
    "kata-daerah",
    "kata-setda",
    "kata-kabupaten",
    "kata-tata",
    "kata-pemerintahan",
    "kata-kesejahteraan",
    "kata-rakyat",
    "kata-kesra",
    "kata-hukum",
    "kata-perekonomian",
    "kata-sumber",
    "kata-daya",
    "kata-alam",
    "kata-sda",
    "kata-administrasi",
    "kata-pembangunan",
    "kata-pengadaan",
    "kata-barang",
    "kata-jasa",
    "kata-pbj",
    "kata-lpse",
    "kata-pemilihan",
    "kata-penyedia",
    "kata-verifikasi",
    "kata-pembinaan",
    "kata-advokasi",
    "kata-pengelolaan",
    "kata-secara",
    "kata-elektronik",
    "kata-perencanaan",
    "kata-keuangan",
    "kata-umum",
    "kata-usaha",
    "kata-rumah",
    "kata-tangga",
    "kata-perlengkapan",
    "kata-kepegawaian",
    "kata-organisasi",
    "kata-protokol",
    "kata-komunikasi",
    "kata-pimpinan",
    "kata-prokopim",
    "kata-kebijakan",
    "kata-koordinasi",
    "kata-informasi",
    "kata-pengaduan",
    "kata-pelayanan",
    "kata-layanan",
    "kata-konsultasi",
    "kata-teknis",
    "kata-sama",
    "kata-dan",
];

/// The file of a clip, relative to [`AUDIO_DIR`]: `clip_file("huruf-p")` is `huruf-p.wav`
/// (so `data/audio/huruf-p.wav` in the repository).
pub fn clip_file(id: &str) -> String {
    format!("{id}.wav")
}

/// The clip ids of 1–9.
const UNITS: [&str; 10] = [
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
];

/// A number from 0 to 999 as Indonesians say it, as clip ids: 12 → `dua belas`,
/// 21 → `dua puluh satu`, 111 → `seratus sebelas`, 0 → `nol`. Larger numbers are not
/// spoken: the answer is empty.
pub fn number_words(n: u32) -> Vec<&'static str> {
    if n == 0 {
        return vec!["nol"];
    }
    if n > 999 {
        return Vec::new();
    }
    let mut words = match n / 100 {
        0 => Vec::new(),
        1 => vec!["seratus"],
        h => vec![UNITS[h as usize], "ratus"],
    };
    let rest = n % 100;
    match rest {
        0 => {}
        1..=9 => words.push(UNITS[rest as usize]),
        10 => words.push("sepuluh"),
        11 => words.push("sebelas"),
        12..=19 => words.extend([UNITS[(rest - 10) as usize], "belas"]),
        _ => {
            words.extend([UNITS[(rest / 10) as usize], "puluh"]);
            let ones = rest % 10;
            if ones > 0 {
                words.push(UNITS[ones as usize]);
            }
        }
    }
    words
}

/// Digits as they are read aloud: each leading zero as `nol`, the rest as number words
/// ("012" → `nol dua belas`, "000" → `nol nol nol`). None above 999.
fn digit_clips(digits: &str) -> Option<Vec<String>> {
    let value = digits.trim_start_matches('0');
    let zeros = digits.len() - value.len();
    let mut clips = vec!["nol".to_string(); zeros];
    if !value.is_empty() {
        let n: u32 = value.parse().ok().filter(|n| *n <= 999)?;
        clips.extend(number_words(n).into_iter().map(str::to_string));
    }
    Some(clips)
}

/// The clip of a spelled letter, `huruf-p` for `P` or `p`.
fn letter_clip(c: char) -> String {
    format!("{LETTER_PREFIX}{}", c.to_ascii_lowercase())
}

/// A queue ticket as it is read aloud: "P-012" → `huruf-p nol dua belas`, "PBJ-007" →
/// `huruf-p huruf-b huruf-j nol nol tujuh`, "A-100" → `huruf-a seratus`. A ticket is the
/// desk's prefix (1–3 letters) a hyphen and 1–3 digits; None for anything else.
pub fn ticket_clips(ticket: &str) -> Option<Vec<String>> {
    let (prefix, digits) = ticket.trim().split_once('-')?;
    let prefix_ok =
        (1..=3).contains(&prefix.len()) && prefix.chars().all(|c| c.is_ascii_alphabetic());
    let digits_ok = (1..=3).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit());
    if !prefix_ok || !digits_ok {
        return None;
    }
    let mut clips: Vec<String> = prefix.chars().map(letter_clip).collect();
    clips.extend(digit_clips(digits)?);
    Some(clips)
}

/// One run of letters of a destination: its word of the vocabulary, else a lone letter
/// spelled ("Meja B" → `huruf-b`), else an abbreviation written in capitals spelled letter
/// by letter ("Ruang TU" → `huruf-t huruf-u`); None when there is no clip for it.
fn word_clips(word: &str) -> Option<Vec<String>> {
    let lower = word.to_lowercase();
    let id = format!("{WORD_PREFIX}{lower}");
    if CLIPS.contains(&id.as_str()) {
        return Some(vec![id]);
    }
    let letters = word.chars().all(|c| c.is_ascii_alphabetic());
    let count = word.chars().count();
    let abbreviation = count <= MAX_SPELLED && word.chars().all(|c| c.is_ascii_uppercase());
    (letters && (count == 1 || abbreviation)).then(|| word.chars().map(letter_clip).collect())
}

/// The runs of a destination's text: each word split into runs of digits and of letters
/// ("2B" is the number 2 and the letter B); punctuation only separates words.
fn runs(room: &str) -> impl Iterator<Item = &str> {
    room.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .flat_map(|token| {
            let mut rest = token;
            std::iter::from_fn(move || {
                let first = rest.chars().next()?;
                let digit = first.is_ascii_digit();
                let end = rest
                    .find(|c: char| c.is_ascii_digit() != digit)
                    .unwrap_or(rest.len());
                let (run, tail) = rest.split_at(end);
                rest = tail;
                Some(run)
            })
        })
}

/// The clips of one run: digits as a number, letters as a word or spelled.
fn run_clips(run: &str) -> Option<Vec<String>> {
    if run.starts_with(|c: char| c.is_ascii_digit()) {
        digit_clips(run)
    } else {
        word_clips(run)
    }
}

/// The words of a room (or title) that no clip can say, in order, each once: empty when the
/// display can announce it. The admin is warned of them when saving a room.
pub fn unsaid_words(room: &str) -> Vec<String> {
    let mut unsaid: Vec<String> = Vec::new();
    for run in runs(room) {
        if run_clips(run).is_none() && !unsaid.iter().any(|w| w == run) {
            unsaid.push(run.to_string());
        }
    }
    unsaid
}

/// A room or an official's name read aloud word by word: "Ruang Kepala Sub Bagian
/// Perekonomian" → `kata-ruang kata-kepala kata-sub kata-bagian kata-perekonomian`, "Ruang
/// Rapat 2" → `kata-ruang kata-rapat dua`. Case does not matter and punctuation only
/// separates words ("Barang/Jasa" is two words); numbers are said as numbers and a lone
/// letter is spelled ("Meja 2B"), an abbreviation in capitals too ("Ruang TU"). None when a
/// word has no clip (or the text has no word): [`call_clips_to`] then tries the next
/// destination, or says the fallback.
pub fn destination_clips(room: &str) -> Option<Vec<String>> {
    let mut clips = Vec::new();
    for run in runs(room) {
        clips.extend(run_clips(run)?);
    }
    (!clips.is_empty()).then_some(clips)
}

/// The whole call: `chime nomor-antrian` the ticket `silakan-menuju` the destination: the
/// first of `destinations` (the room, then the official's title) that [`destination_clips`]
/// can say, else "ruangan sesuai layar" ([`FALLBACK_DESTINATION`]), so that every call sends
/// the guest somewhere. A ticket that cannot be read gives the chime alone.
pub fn call_clips_to(ticket: &str, destinations: &[&str]) -> Vec<String> {
    let mut clips = vec![CHIME.to_string()];
    let Some(ticket) = ticket_clips(ticket) else {
        return clips;
    };
    clips.push(NOMOR_ANTRIAN.to_string());
    clips.extend(ticket);
    clips.push(SILAKAN_MENUJU.to_string());
    match destinations.iter().find_map(|d| destination_clips(d)) {
        Some(destination) => clips.extend(destination),
        None => clips.extend(FALLBACK_DESTINATION.iter().map(|c| c.to_string())),
    }
    clips
}

/// The call to one room: [`call_clips_to`] with the room alone.
pub fn call_clips(ticket: &str, room: &str) -> Vec<String> {
    call_clips_to(ticket, &[room])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn number_words_say_numbers_as_indonesians_do() {
        let table: &[(u32, &[&str])] = &[
            (0, &["nol"]),
            (1, &["satu"]),
            (7, &["tujuh"]),
            (10, &["sepuluh"]),
            (11, &["sebelas"]),
            (12, &["dua", "belas"]),
            (13, &["tiga", "belas"]),
            (19, &["sembilan", "belas"]),
            (20, &["dua", "puluh"]),
            (21, &["dua", "puluh", "satu"]),
            (30, &["tiga", "puluh"]),
            (45, &["empat", "puluh", "lima"]),
            (99, &["sembilan", "puluh", "sembilan"]),
            (100, &["seratus"]),
            (101, &["seratus", "satu"]),
            (110, &["seratus", "sepuluh"]),
            (111, &["seratus", "sebelas"]),
            (115, &["seratus", "lima", "belas"]),
            (120, &["seratus", "dua", "puluh"]),
            (200, &["dua", "ratus"]),
            (305, &["tiga", "ratus", "lima"]),
            (910, &["sembilan", "ratus", "sepuluh"]),
            (999, &["sembilan", "ratus", "sembilan", "puluh", "sembilan"]),
        ];
        for (n, words) in table {
            assert_eq!(number_words(*n), *words, "{n}");
        }
    }

    #[test]
    fn number_words_stop_at_999() {
        assert!(number_words(1000).is_empty());
    }

    #[test]
    fn every_number_word_up_to_999_has_a_clip() {
        for n in 0..=999 {
            let words = number_words(n);
            assert!(!words.is_empty(), "{n}");
            for w in words {
                assert!(CLIPS.contains(&w), "{n}: {w}");
            }
        }
    }

    #[test]
    fn every_letter_has_a_clip() {
        for c in 'a'..='z' {
            assert!(CLIPS.contains(&letter_clip(c).as_str()), "{c}");
        }
    }

    #[test]
    fn clip_ids_are_unique_file_names() {
        for (i, id) in CLIPS.iter().enumerate() {
            assert!(!CLIPS[..i].contains(id), "{id} twice");
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id}"
            );
        }
        assert_eq!(clip_file("huruf-p"), "huruf-p.wav");
    }

    #[test]
    fn ticket_clips_spell_the_prefix_and_read_the_number() {
        let cases: &[(&str, &[&str])] = &[
            ("P-012", &["huruf-p", "nol", "dua", "belas"]),
            ("P-007", &["huruf-p", "nol", "nol", "tujuh"]),
            ("A-100", &["huruf-a", "seratus"]),
            (
                "PBJ-007",
                &["huruf-p", "huruf-b", "huruf-j", "nol", "nol", "tujuh"],
            ),
            (
                "Q-999",
                &[
                    "huruf-q", "sembilan", "ratus", "sembilan", "puluh", "sembilan",
                ],
            ),
            ("X-000", &["huruf-x", "nol", "nol", "nol"]),
            (" p-010 ", &["huruf-p", "nol", "sepuluh"]),
        ];
        for (ticket, clips) in cases {
            assert_eq!(ticket_clips(ticket), Some(ids(clips)), "{ticket}");
        }
    }

    #[test]
    fn ticket_clips_refuse_what_is_not_a_ticket() {
        for ticket in [
            "", "P", "P-", "-012", "P012", "P-12a", "ABCD-001", "P-1000", "1-001", "É-001", "P--12",
        ] {
            assert_eq!(ticket_clips(ticket), None, "{ticket}");
        }
    }

    #[test]
    fn destination_clips_read_rooms_word_by_word() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Ruang Kepala Sub Bagian Perekonomian",
                &[
                    "kata-ruang",
                    "kata-kepala",
                    "kata-sub",
                    "kata-bagian",
                    "kata-perekonomian",
                ],
            ),
            ("Ruang Rapat 2", &["kata-ruang", "kata-rapat", "dua"]),
            (
                "RUANG  rapat, lantai 12.",
                &["kata-ruang", "kata-rapat", "kata-lantai", "dua", "belas"],
            ),
            (
                "Pengadaan Barang/Jasa",
                &["kata-pengadaan", "kata-barang", "kata-jasa"],
            ),
            ("Meja 2B", &["kata-meja", "dua", "huruf-b"]),
            ("Loket 05", &["kata-loket", "nol", "lima"]),
        ];
        for (room, clips) in cases {
            assert_eq!(destination_clips(room), Some(ids(clips)), "{room}");
        }
    }

    #[test]
    fn destination_clips_give_up_on_a_word_without_a_clip() {
        for room in [
            "Ruang Bapak Budi",
            "Ruang Rapat Kenanga",
            "Lantai 1000",
            "Ruang Pérekonomian",
            "",
            " - ",
        ] {
            assert_eq!(destination_clips(room), None, "{room}");
        }
    }

    #[test]
    fn destination_clips_say_every_room_and_title_of_the_demo_desk() {
        for text in [
            "Ruang LPSE",
            "Ruang Pokja Pemilihan",
            "Ruang Verifikasi Penyedia",
            "Ruang Subbagian Pembinaan dan Advokasi",
            "Ruang Subbagian Perekonomian",
            "Ruang Subbagian Sumber Daya Alam",
            "Ruang Analis Kebijakan",
            "Kepala Sub Bagian Pengelolaan Layanan Pengadaan Secara Elektronik",
            "Kelompok Kerja Pemilihan",
            "Pengelola Pengadaan Barang/Jasa Ahli Pertama",
            "Kepala Sub Bagian Pembinaan dan Advokasi Pengadaan Barang/Jasa",
            "Kepala Sub Bagian Perekonomian",
            "Kepala Sub Bagian Sumber Daya Alam",
            "Analis Kebijakan Ahli Muda",
        ] {
            assert!(destination_clips(text).is_some(), "{text}");
        }
    }

    #[test]
    fn call_clips_announce_the_issue_example() {
        assert_eq!(
            call_clips("P-012", "Ruang Kepala Sub Bagian Perekonomian"),
            ids(&[
                "chime",
                "nomor-antrian",
                "huruf-p",
                "nol",
                "dua",
                "belas",
                "silakan-menuju",
                "kata-ruang",
                "kata-kepala",
                "kata-sub",
                "kata-bagian",
                "kata-perekonomian",
            ])
        );
    }

    #[test]
    fn call_clips_send_the_guest_to_the_screen_when_the_room_cannot_be_said() {
        assert_eq!(
            call_clips("A-100", "Ruang Bapak Budi"),
            ids(&[
                "chime",
                "nomor-antrian",
                "huruf-a",
                "seratus",
                "silakan-menuju",
                "kata-ruangan",
                "sesuai-layar",
            ])
        );
        assert_eq!(call_clips("???", "Ruang Rapat 2"), ids(&["chime"]));
    }

    #[test]
    fn call_clips_to_try_the_room_then_the_title() {
        let to = |ds: &[&str]| call_clips_to("P-001", ds)[7..].to_vec();
        assert_eq!(
            to(&["Ruang Rapat", "Analis"]),
            ids(&["kata-ruang", "kata-rapat"])
        );
        assert_eq!(to(&["Ruang Kenanga", "Analis"]), ids(&["kata-analis"]));
        assert_eq!(
            to(&["Ruang Kenanga", "Bu Dewi"]),
            ids(&["kata-ruangan", "sesuai-layar"])
        );
    }

    #[test]
    fn abbreviations_in_capitals_are_spelled() {
        assert_eq!(
            destination_clips("Ruang TU 2"),
            Some(ids(&["kata-ruang", "huruf-t", "huruf-u", "dua"]))
        );
        assert_eq!(
            destination_clips("Ruang BKD"),
            Some(ids(&["kata-ruang", "huruf-b", "huruf-k", "huruf-d"]))
        );
        // A name is not an abbreviation, nor is a long word in capitals.
        assert_eq!(destination_clips("Ruang Budi"), None);
        assert_eq!(destination_clips("RUANG KENANGA"), None);
    }

    #[test]
    fn unsaid_words_name_each_word_without_a_clip_once() {
        assert_eq!(
            unsaid_words("Ruang Kenanga, Kenanga Melati Lantai 2"),
            ["Kenanga", "Melati"]
        );
        assert!(
            unsaid_words("Ruang Rapat Asisten Perekonomian dan Pembangunan Lantai 2").is_empty()
        );
        assert!(unsaid_words("Ruang TU").is_empty());
        assert_eq!(unsaid_words("Lantai 1000"), ["1000"]);
    }

    #[test]
    fn every_emitted_clip_is_listed() {
        let calls = [
            call_clips("PBJ-123", "Ruang Rapat Lantai 2B"),
            call_clips("Z-999", "Kasubbag Umum dan Kepegawaian"),
            call_clips("A-001", "Ruang Kenanga"),
        ];
        for id in calls.iter().flatten() {
            assert!(CLIPS.contains(&id.as_str()), "{id}");
        }
    }
}
