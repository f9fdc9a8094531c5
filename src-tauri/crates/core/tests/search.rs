//! Catalog search with the queries a receptionist types: prefixes, several words, any case,
//! accents, filters, and input that must never break the query.

use loket_core::api::{dispatch, parse_request};
use loket_core::catalog::{search, show, Filter, SearchHit};
use loket_core::desk::Ctx;
use loket_core::standards::import::ensure_bundled;
use loket_core::Store;
use serde_json::json;

fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    ensure_bundled(&mut store).unwrap();
    store
}

fn ids(hits: &[SearchHit]) -> Vec<&str> {
    hits.iter().map(|h| h.service.id.as_str()).collect()
}

fn find(store: &Store, query: &str) -> Vec<SearchHit> {
    search(store, query, &Filter::default(), 20).unwrap()
}

#[test]
fn remote_akses_finds_the_pbj_remote_access_service_first() {
    let s = store();
    let hits = find(&s, "remote akses");
    assert_eq!(ids(&hits)[0], "balangan-pbj-7");
    assert_eq!(hits[0].service.name, "Layanan Permohonan Remote Akses");
    assert_eq!(hits[0].matches[0].component, "name");
    // Two keystrokes short of the word still find it.
    assert_eq!(ids(&find(&s, "remo"))[0], "balangan-pbj-7");
}

#[test]
fn a_prefix_finds_the_scholarship_service() {
    let s = store();
    let hits = find(&s, "beasis");
    assert_eq!(ids(&hits)[0], "balangan-kesra-7");
    let name_match = &hits[0].matches[0];
    assert!(name_match
        .snippet
        .iter()
        .any(|seg| seg.hit && seg.text == "Beasiswa"));
}

/// The whole text of a service as the decree has it: name, bagian and every component.
fn full_text(store: &Store, id: &str) -> String {
    let page = show(store, id).unwrap();
    let mut text = format!("{} {}", page.service.name, page.service.unit);
    let components = serde_json::to_value(&page.service.components).unwrap();
    fn strings(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::String(s) => {
                out.push(' ');
                out.push_str(s);
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    strings(&components, &mut text);
    text.to_lowercase()
}

/// Whether some word of `text` begins with `prefix`.
fn has_word_starting(text: &str, prefix: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.starts_with(prefix))
}

/// Asserts that every hit of `query` has each of its words in its standard and shows one;
/// answers the hits.
fn every_hit_has_every_word(store: &Store, query: &str) -> Vec<SearchHit> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let hits = find(store, query);
    for hit in &hits {
        let text = full_text(store, &hit.service.id);
        for word in &words {
            assert!(
                has_word_starting(&text, word),
                "{query:?}: {} contains {word}",
                hit.service.id
            );
        }
        assert!(
            hit.matches
                .iter()
                .flat_map(|m| &m.snippet)
                .any(|seg| seg.hit
                    && words
                        .iter()
                        .any(|w| seg.text.to_lowercase().starts_with(w.as_str()))),
            "{query:?}: {} shows where it matched",
            hit.service.id
        );
    }
    hits
}

#[test]
fn ktp_pns_finds_the_civil_servant_card_service_and_needs_both_words() {
    let s = store();
    let hits = every_hit_has_every_word(&s, "ktp pns");
    assert_eq!(ids(&hits)[0], "balangan-organisasi-14");
    // A service with only one of the words is not a hit.
    let ktp_only: Vec<String> = find(&s, "ktp")
        .iter()
        .map(|h| h.service.id.clone())
        .filter(|id| !has_word_starting(&full_text(&s, id), "pns"))
        .collect();
    assert!(!ktp_only.is_empty());
    for id in &ktp_only {
        assert!(!ids(&hits).contains(&id.as_str()), "{id} has no PNS");
    }
    // Two-word queries with many hits: every one of them has both words.
    for query in ["surat permohonan", "proposal hibah", "rapat koordinasi"] {
        let hits = every_hit_has_every_word(&s, query);
        assert!(hits.len() > 1, "{query:?} finds several services");
    }
}

#[test]
fn quran_is_found_however_it_is_typed() {
    let s = store();
    let named = [
        "balangan-kesra-1",
        "balangan-kesra-2",
        "balangan-kesra-6",
        "balangan-kesra-7",
    ];
    for query in [
        "quran",
        "Al-Quran",
        "al quran",
        "alquran",
        "Al-Qur'an",
        "qur’an",
    ] {
        let found = ids(&find(&s, query))
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        for id in named {
            assert!(
                found.contains(&id.to_string()),
                "{query:?} finds {id}: {found:?}"
            );
        }
    }
    // The snippet quotes the decree, apostrophe and all.
    let hits = find(&s, "quran");
    let kesra1 = hits
        .iter()
        .find(|h| h.service.id == "balangan-kesra-1")
        .unwrap();
    let name = kesra1
        .matches
        .iter()
        .find(|m| m.component == "name")
        .unwrap();
    let shown: String = name.snippet.iter().map(|seg| seg.text.as_str()).collect();
    assert_eq!(shown, "Fasilitasi Pemberian Insentif Guru TK/TP Al-Qur'an");
    assert!(name
        .snippet
        .iter()
        .any(|seg| seg.hit && seg.text == "Qur'an"));
}

#[test]
fn jumat_finds_the_friday_hours_written_jum_at() {
    let s = store();
    let hits = find(&s, "jumat");
    for n in 1..=4 {
        let id = format!("balangan-perekonomian-{n}");
        let hit = hits
            .iter()
            .find(|h| h.service.id == id)
            .unwrap_or_else(|| panic!("{id} in {:?}", ids(&hits)));
        let m = hit
            .matches
            .iter()
            .find(|m| m.component == "jangka_waktu")
            .expect("found in the time limit's text");
        assert!(
            m.snippet.iter().any(|seg| seg.hit && seg.text == "Jum'at"),
            "{:?}",
            m.snippet
        );
    }
    assert_eq!(ids(&find(&s, "jum'at")), ids(&hits));
}

#[test]
fn sirup_is_found_in_both_regions_and_the_filter_keeps_one() {
    let s = store();
    let all = ids(&find(&s, "SIRUP"))
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    assert!(all.contains(&"balangan-pbj-4".to_string()), "{all:?}");
    assert!(all.contains(&"blitar-pbj-xii".to_string()), "{all:?}");
    let blitar = search(
        &s,
        "sirup",
        &Filter {
            region: Some("blitar".into()),
            unit: None,
        },
        20,
    )
    .unwrap();
    assert!(!blitar.is_empty());
    assert!(blitar.iter().all(|h| h.service.region == "blitar"));
    let pbj_only = search(
        &s,
        "konsultasi",
        &Filter {
            region: Some("balangan".into()),
            unit: Some("pbj".into()),
        },
        20,
    )
    .unwrap();
    assert!(!pbj_only.is_empty());
    assert!(pbj_only.iter().all(|h| h.service.unit_id == "pbj"));
}

#[test]
fn case_and_accents_do_not_matter() {
    let s = store();
    assert_eq!(ids(&find(&s, "BEASISWA")), ids(&find(&s, "beasiswa")));
    assert_eq!(ids(&find(&s, "béasiswà")), ids(&find(&s, "beasiswa")));
}

#[test]
fn the_matching_component_is_named_when_the_name_does_not_match() {
    let s = store();
    // NPWP is asked for in the supplier registration requirements, not in any name.
    let hits = find(&s, "npwp");
    let pbj2 = hits
        .iter()
        .find(|h| h.service.id == "balangan-pbj-2")
        .expect("supplier registration needs the company NPWP");
    let m = &pbj2.matches[0];
    assert_eq!(m.component, "persyaratan");
    assert_eq!(m.label, "Persyaratan");
    assert!(m
        .snippet
        .iter()
        .any(|seg| seg.hit && seg.text.eq_ignore_ascii_case("npwp")));
}

#[test]
fn a_service_named_for_the_query_ranks_above_one_that_mentions_it() {
    let s = store();
    let hits = find(&s, "bantuan hukum");
    assert!(
        hits[0].service.name.contains("Bantuan Hukum"),
        "{}",
        hits[0].service.name
    );
}

#[test]
fn no_input_can_break_the_query() {
    let s = store();
    for input in [
        "\"",
        "NEAR(",
        "a OR b",
        "*",
        "kon*sul",
        "'; DROP TABLE service; --",
        "^remote",
        "col:val",
        "(((",
        "AND",
        "-",
        "ktp\u{0}pns",
    ] {
        assert!(
            search(&s, input, &Filter::default(), 10).is_ok(),
            "{input:?}"
        );
    }
    assert!(find(&s, "   ").is_empty());
    assert!(find(&s, "zzqxv").is_empty());
}

#[test]
fn the_dispatcher_searches_and_refuses_bad_requests_with_a_message() {
    let mut s = store();
    let request =
        parse_request(json!({"op": "catalog.search", "args": {"query": "remote akses"}})).unwrap();
    let out = dispatch(&mut s, &Ctx::now("test"), request).unwrap();
    assert_eq!(out["hits"][0]["id"], "balangan-pbj-7");
    assert_eq!(out["hits"][0]["kabupaten"], "Kabupaten Balangan");

    let bad = parse_request(json!({"op": "catalog.search", "args": {"query": 5}})).unwrap_err();
    assert_eq!(serde_json::to_value(&bad).unwrap()["code"], "bad_request");
    assert!(parse_request(json!({"op": "catalog.drop"})).is_err());
    assert!(
        parse_request(json!({"op": "catalog.search", "args": {"query": "x", "sql": "1"}})).is_err()
    );

    let too_many =
        parse_request(json!({"op": "catalog.search", "args": {"query": "x", "limit": 100000}}))
            .unwrap();
    let err = dispatch(&mut s, &Ctx::now("test"), too_many).unwrap_err();
    assert!(err.to_string().contains("limit"));

    let missing =
        parse_request(json!({"op": "catalog.show", "args": {"id": "balangan-pbj-99"}})).unwrap();
    let err = dispatch(&mut s, &Ctx::now("test"), missing).unwrap_err();
    assert_eq!(
        serde_json::to_value(&err).unwrap()["code"],
        "service_not_found"
    );
    assert!(err.to_string().contains("balangan-pbj-99"));
}

#[test]
fn a_service_page_has_its_fourteen_components_in_two_parts_and_its_maklumat() {
    let mut s = store();
    let request =
        parse_request(json!({"op": "catalog.show", "args": {"id": "balangan-perekonomian-1"}}))
            .unwrap();
    let page = dispatch(&mut s, &Ctx::now("test"), request).unwrap();
    let layout = page["layout"].as_array().unwrap();
    assert_eq!(layout.len(), 14);
    assert_eq!(
        layout.iter().filter(|c| c["part"] == "penyampaian").count(),
        6
    );
    assert_eq!(
        layout.iter().filter(|c| c["part"] == "pengelolaan").count(),
        8
    );
    assert_eq!(
        page["hours_label"],
        "Senin–Kamis 08.30–16.00, Jumat 09.00–11.00 WITA; istirahat 12.30–14.00"
    );
    assert_eq!(page["time_limit_label"], "Maksimal 1 jam");
    assert_eq!(page["decree"]["date_label"], "25 April 2024");
    assert!(page["maklumat"]
        .as_str()
        .unwrap()
        .contains("SIAP MENYELENGGARAKAN"));
}
