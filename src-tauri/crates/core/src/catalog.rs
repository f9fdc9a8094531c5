//! The standards catalog as the desk reads it: the newest version of each region's
//! standards, listed, shown one service at a time, searched, and exported.
//!
//! Search is SQLite FTS5 over each service's name, bagian and all fourteen components:
//! case- and accent-insensitive, every word a prefix ("beasis" finds "Beasiswa"), all words
//! required, ranked by BM25 with the name weighing most; each hit says which component
//! matched and shows the words around the match. Apostrophes are left out of both the index
//! and the query ([`search_text`]), so "quran" finds "Al-Qur'an" and "jumat" finds "Jum'at";
//! a word typed joined also finds it written in two ("alquran" finds "Al-Qur'an").

use rusqlite::{params, Row};
use serde::Serialize;

use crate::error::{CoreError, CoreResult};
use crate::locale::{date_long, zone_abbreviation};
use crate::standards::model::{
    component_label, Hours, Intake, Part, Service, StandardsFile, TimeLimit, COMPONENTS,
};
use crate::store::Store;

/// The decree a service's standard was set by.
#[derive(Debug, Clone, Serialize)]
pub struct DecreeRef {
    pub number: String,
    /// ISO date.
    pub date: String,
    /// The date in Indonesian: "25 April 2024".
    pub date_label: String,
    pub title: String,
    pub place: String,
}

/// A service of the catalog, in the shape `loket-hub standards export --json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceView {
    /// The catalog id: `{region}-{unit}-{number}`.
    pub id: String,
    pub region: String,
    pub kabupaten: String,
    pub province: String,
    /// The bagian's name.
    pub unit: String,
    pub unit_id: String,
    pub number: String,
    pub name: String,
    pub name_source: crate::standards::model::NameSource,
    pub service_type: Option<String>,
    pub decree: DecreeRef,
    pub timezone: String,
    /// The time zone as Indonesians name it: WIB, WITA or WIT.
    pub zone: &'static str,
    pub hours: Option<Hours>,
    /// The hours as the desk says them, or null where the decree states none.
    pub hours_label: Option<String>,
    pub time_limit: TimeLimit,
    pub time_limit_label: String,
    pub intake: Intake,
    pub components: crate::standards::model::Components,
    /// Keys of the components the decree's copy does not let us read (lost in the scan);
    /// always empty components. An empty component not listed is one the decree leaves empty.
    pub unreadable: Vec<String>,
    /// A transcriber's remark on a doubtful reading (English, for reviewers; not for the
    /// desk's screens).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The version of the region's standards this service belongs to.
    pub version: i64,
}

/// A service with what its page shows besides the standard: the office and its Maklumat.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceDetail {
    #[serde(flatten)]
    pub service: ServiceView,
    pub office: crate::standards::model::Office,
    pub maklumat: Option<String>,
    /// The components in the decree's order, with their labels and parts, for the page.
    pub layout: Vec<ComponentSlot>,
}

/// Where a component goes on the service page.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentSlot {
    pub number: usize,
    pub key: &'static str,
    pub label: &'static str,
    pub part: Part,
}

/// One line of the catalog list.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceSummary {
    pub id: String,
    pub region: String,
    pub kabupaten: String,
    pub unit: String,
    pub unit_id: String,
    pub number: String,
    pub name: String,
    pub time_limit_label: String,
}

/// A piece of a search snippet; `hit` marks the words that matched.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// A component that matched a search, with the words around the match.
#[derive(Debug, Clone, Serialize)]
pub struct Match {
    /// `name`, `unit` or a component key such as `persyaratan`.
    pub component: String,
    pub label: String,
    pub snippet: Vec<Segment>,
}

/// A search hit: the service and where it matched, best first.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    #[serde(flatten)]
    pub service: ServiceSummary,
    pub rank: f64,
    pub matches: Vec<Match>,
}

/// Filters of a catalog list or search.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    pub region: Option<String>,
    pub unit: Option<String>,
}

/// A region in the catalog, for the filters.
#[derive(Debug, Clone, Serialize)]
pub struct RegionOverview {
    pub region: String,
    pub kabupaten: String,
    pub province: String,
    pub timezone: String,
    pub zone: &'static str,
    pub version: i64,
    pub imported_at: String,
    pub units: Vec<UnitOverview>,
}

/// A bagian in the catalog, with its number of services.
#[derive(Debug, Clone, Serialize)]
pub struct UnitOverview {
    pub id: String,
    pub name: String,
    pub services: i64,
}

/// The columns of `service_fts`, in order: name, unit, then the fourteen components.
pub(crate) fn fts_columns() -> Vec<&'static str> {
    let mut cols = vec!["name", "unit"];
    cols.extend(COMPONENTS.iter().map(|(k, _, _)| *k));
    cols
}

/// The texts of a service's `service_fts` columns, as the decree has them (before
/// [`search_text`]), in the order of [`fts_columns`].
pub(crate) fn column_texts(s: &Service, unit_name: &str) -> Vec<String> {
    let mut texts = vec![s.name.clone(), unit_name.to_string()];
    texts.extend(COMPONENTS.iter().map(|(key, _, _)| {
        s.components
            .get(key)
            .map(|c| c.plain_text())
            .unwrap_or_default()
    }));
    texts
}

/// The marks written or typed for an apostrophe: ' ’ ‘ ʼ ʻ ` ´ ′.
const APOSTROPHES: [char; 8] = [
    '\'', '\u{2019}', '\u{2018}', '\u{2BC}', '\u{2BB}', '`', '\u{B4}', '\u{2032}',
];

/// Text as it is indexed and searched: without apostrophes, which the FTS tokenizer would
/// otherwise take for a break inside the word ("Qur'an" would be "qur" and "an").
pub fn search_text(text: &str) -> String {
    text.chars().filter(|c| !APOSTROPHES.contains(c)).collect()
}

/// Puts the apostrophes [`search_text`] left out back into a highlighted column, so that a
/// snippet quotes the decree as it is. `original` is the column's text, `highlighted` its
/// indexed text with hit marks; when they do not fit together, `highlighted` as it is.
fn restore_apostrophes(original: &str, highlighted: &str) -> String {
    let mut out = String::with_capacity(highlighted.len() + 8);
    let mut rest = original.chars().peekable();
    for c in highlighted.chars() {
        if c == HIT_START || c == HIT_END {
            out.push(c);
            continue;
        }
        while let Some(&a) = rest.peek().filter(|a| APOSTROPHES.contains(a)) {
            out.push(a);
            rest.next();
        }
        match rest.next() {
            Some(o) if o == c => out.push(o),
            _ => return highlighted.to_string(),
        }
    }
    out.extend(rest);
    out
}

/// Rewrites every row of the search index without apostrophes: the migration that lets
/// databases indexed before [`search_text`] find "quran" and "jumat".
pub(crate) fn refold_search_index(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let columns = fts_columns();
    let mut rows = Vec::new();
    {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT rowid, {} FROM service_fts",
            columns.join(", ")
        ))?;
        let mut found = stmt.query([])?;
        while let Some(row) = found.next()? {
            let mut values = vec![row.get::<_, i64>(0)?.to_string()];
            for i in 0..columns.len() {
                values.push(search_text(&row.get::<_, String>(i + 1)?));
            }
            rows.push(values);
        }
    }
    let marks = (2..2 + columns.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    conn.execute("DELETE FROM service_fts", [])?;
    let mut insert = conn.prepare_cached(&format!(
        "INSERT INTO service_fts (rowid, {}) VALUES (?1, {marks})",
        columns.join(", ")
    ))?;
    for values in rows {
        insert.execute(rusqlite::params_from_iter(values.iter()))?;
    }
    Ok(())
}

fn column_label(key: &str) -> String {
    match key {
        "name" => "Nama layanan".to_string(),
        "unit" => "Bagian".to_string(),
        other => component_label(other).unwrap_or(other).to_string(),
    }
}

const SUMMARY_COLUMNS: &str = "s.code, s.region, s.unit_id, s.unit_name, s.number, s.name, s.data";

/// Reads the header of a standards version (region, office, decrees, units).
fn header(store: &Store, version_id: i64) -> CoreResult<StandardsFile> {
    let text: String = store.conn().query_row(
        "SELECT header FROM standards_version WHERE id = ?1",
        [version_id],
        |r| r.get(0),
    )?;
    serde_json::from_str(&text).map_err(|e| CoreError::Storage(e.to_string()))
}

fn parse_service(data: &str) -> CoreResult<Service> {
    serde_json::from_str(data).map_err(|e| CoreError::Storage(e.to_string()))
}

fn summary_from_row(row: &Row<'_>, kabupaten: &str) -> rusqlite::Result<(ServiceSummary, String)> {
    let data: String = row.get(6)?;
    Ok((
        ServiceSummary {
            id: row.get(0)?,
            region: row.get(1)?,
            kabupaten: kabupaten.to_string(),
            unit_id: row.get(2)?,
            unit: row.get(3)?,
            number: row.get(4)?,
            name: row.get(5)?,
            time_limit_label: String::new(),
        },
        data,
    ))
}

/// Fills the fields of a summary that come from the service's data.
fn finish_summary(mut summary: ServiceSummary, data: &str) -> CoreResult<ServiceSummary> {
    summary.time_limit_label = parse_service(data)?.time_limit.label();
    Ok(summary)
}

/// Kabupaten names of the regions, from the newest version headers.
fn kabupaten_names(store: &Store) -> CoreResult<std::collections::HashMap<String, String>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT v.region, json_extract(v.header, '$.kabupaten') FROM standards_version v
         WHERE v.version = (SELECT max(version) FROM standards_version w WHERE w.region = v.region)",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The regions and bagian in the catalog, for the filters.
pub fn overview(store: &Store) -> CoreResult<Vec<RegionOverview>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT v.id, v.version, v.imported_at FROM standards_version v
         WHERE v.version = (SELECT max(version) FROM standards_version w WHERE w.region = v.region)
         ORDER BY v.region",
    )?;
    let versions: Vec<(i64, i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (id, version, imported_at) in versions {
        let h = header(store, id)?;
        let mut units = Vec::new();
        for u in &h.units {
            let count: i64 = store.conn().query_row(
                "SELECT count(*) FROM service WHERE version_id = ?1 AND unit_id = ?2",
                params![id, u.id],
                |r| r.get(0),
            )?;
            units.push(UnitOverview {
                id: u.id.clone(),
                name: u.name.clone(),
                services: count,
            });
        }
        out.push(RegionOverview {
            zone: zone_abbreviation(&h.timezone),
            region: h.region,
            kabupaten: h.kabupaten,
            province: h.province,
            timezone: h.timezone,
            version,
            imported_at,
            units,
        });
    }
    Ok(out)
}

/// Checks a filter typed by hand (the command line) against the catalog: the region must be
/// in it, and the bagian in that region (or in any, when no region is given). The screens
/// offer only what [`overview`] lists and need no check.
pub fn check_filter(store: &Store, filter: &Filter) -> CoreResult<()> {
    let regions = overview(store)?;
    if let Some(region) = &filter.region {
        if !regions.iter().any(|r| &r.region == region) {
            let known: Vec<&str> = regions.iter().map(|r| r.region.as_str()).collect();
            return Err(CoreError::invalid(
                "wilayah",
                format!(
                    "\"{region}\" tidak ada di katalog (yang ada: {})",
                    known.join(", ")
                ),
            ));
        }
    }
    if let Some(unit) = &filter.unit {
        let in_scope: Vec<&str> = regions
            .iter()
            .filter(|r| filter.region.as_ref().is_none_or(|x| x == &r.region))
            .flat_map(|r| r.units.iter().map(|u| u.id.as_str()))
            .collect();
        if !in_scope.contains(&unit.as_str()) {
            let place = match &filter.region {
                Some(region) => format!("di wilayah {region}"),
                None => "di katalog".to_string(),
            };
            return Err(CoreError::invalid(
                "bagian",
                format!(
                    "\"{unit}\" tidak ada {place} (yang ada: {})",
                    in_scope.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// Every service of the catalog's newest versions, in the decrees' order.
pub fn list(store: &Store, filter: &Filter) -> CoreResult<Vec<ServiceSummary>> {
    let names = kabupaten_names(store)?;
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM current_service s
         WHERE (?1 IS NULL OR s.region = ?1) AND (?2 IS NULL OR s.unit_id = ?2)
         ORDER BY s.region, s.ordinal"
    ))?;
    let rows = stmt.query_map(params![filter.region, filter.unit], |row| {
        let region: String = row.get(1)?;
        summary_from_row(row, names.get(&region).map(String::as_str).unwrap_or(""))
    })?;
    rows.map(|r| {
        let (summary, data) = r?;
        finish_summary(summary, &data)
    })
    .collect()
}

fn view_of(store: &Store, code: &str) -> CoreResult<(ServiceView, StandardsFile)> {
    let found = store.conn().query_row(
        "SELECT version_id, version, data FROM current_service WHERE code = ?1",
        [code],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        },
    );
    let (version_id, version, data) = match found {
        Ok(row) => row,
        Err(rusqlite::Error::QueryReturnedNoRows) => {
            return Err(CoreError::ServiceNotFound {
                id: code.to_string(),
            })
        }
        Err(e) => return Err(e.into()),
    };
    let file = header(store, version_id)?;
    let service = parse_service(&data)?;
    Ok((build_view(&file, service, version), file))
}

fn build_view(file: &StandardsFile, s: Service, version: i64) -> ServiceView {
    let unit = file.units.iter().find(|u| u.id == s.unit);
    let decree = unit.and_then(|u| file.decrees.iter().find(|d| d.id == u.decree));
    let decree = decree.map_or_else(
        || DecreeRef {
            number: String::new(),
            date: String::new(),
            date_label: String::new(),
            title: String::new(),
            place: String::new(),
        },
        |d| DecreeRef {
            number: d.number.clone(),
            date: d.date.clone(),
            date_label: chrono::NaiveDate::parse_from_str(&d.date, "%Y-%m-%d")
                .map(date_long)
                .unwrap_or_default(),
            title: d.title.clone(),
            place: d.place.clone(),
        },
    );
    ServiceView {
        id: crate::standards::validate::service_code(&file.region, &s.unit, &s.number),
        region: file.region.clone(),
        kabupaten: file.kabupaten.clone(),
        province: file.province.clone(),
        unit: unit.map(|u| u.name.clone()).unwrap_or_default(),
        unit_id: s.unit.clone(),
        number: s.number.clone(),
        name: s.name.clone(),
        name_source: s.name_source,
        service_type: s.service_type.clone(),
        decree,
        timezone: file.timezone.clone(),
        zone: zone_abbreviation(&file.timezone),
        hours_label: s.hours.as_ref().map(|h| h.label(&file.timezone)),
        hours: s.hours,
        time_limit_label: s.time_limit.label(),
        time_limit: s.time_limit,
        intake: s.intake,
        components: s.components,
        unreadable: s.unreadable,
        note: s.note,
        version,
    }
}

/// One service of the catalog with everything its page shows.
pub fn show(store: &Store, code: &str) -> CoreResult<ServiceDetail> {
    let (service, file) = view_of(store, code)?;
    let maklumat = file
        .units
        .iter()
        .find(|u| u.id == service.unit_id)
        .and_then(|u| file.decrees.iter().find(|d| d.id == u.decree))
        .and_then(|d| d.maklumat.clone());
    let layout = COMPONENTS
        .iter()
        .enumerate()
        .map(|(i, (key, label, part))| ComponentSlot {
            number: i + 1,
            key,
            label,
            part: *part,
        })
        .collect();
    Ok(ServiceDetail {
        service,
        office: file.office,
        maklumat,
        layout,
    })
}

/// The whole catalog (newest versions), in the decrees' order.
pub fn export(store: &Store) -> CoreResult<Vec<ServiceView>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT version_id, version, data FROM current_service ORDER BY region, ordinal",
    )?;
    let rows: Vec<(i64, i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut headers = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for (version_id, version, data) in rows {
        let file = match headers.entry(version_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(header(store, version_id)?),
        };
        out.push(build_view(file, parse_service(&data)?, version));
    }
    Ok(out)
}

/// Shortest and longest word also looked for as two words written apart (the alternatives
/// grow with the word's length, so a pasted run of letters is looked for as it is), and the
/// shortest part.
const JOINED_MIN: usize = 5;
const JOINED_MAX: usize = 24;
const PART_MIN: usize = 2;

/// One word of the query: a quoted prefix, or, for a longer word, any of it written as two
/// words ("alquran" also finds "al quran", as the decree's "Al-Qur'an" is indexed).
fn word_query(word: &str) -> String {
    let whole = format!("\"{word}\"*");
    let chars: Vec<char> = word.chars().collect();
    if !(JOINED_MIN..=JOINED_MAX).contains(&chars.len()) {
        return whole;
    }
    let mut alternatives = vec![whole];
    for cut in PART_MIN..=chars.len() - (PART_MIN + 1) {
        let (head, tail): (String, String) =
            (chars[..cut].iter().collect(), chars[cut..].iter().collect());
        alternatives.push(format!("\"{head} {tail}\"*"));
    }
    format!("({})", alternatives.join(" OR "))
}

/// Turns what the receptionist typed into an FTS5 query: every word a quoted prefix, all
/// words required. Apostrophes are left out (as in the index); other punctuation and FTS5
/// syntax in the input are treated as spaces, so no input can break the query. `None` when
/// there is no word to search for.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = search_text(input)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .map(|w| word_query(&w.to_lowercase()))
        .collect();
    (!words.is_empty()).then(|| words.join(" AND "))
}

const HIT_START: char = '\u{2}';
const HIT_END: char = '\u{3}';
/// Words of context kept before the first match of a snippet, and in all.
const SNIPPET_BEFORE: usize = 6;
const SNIPPET_WORDS: usize = 24;

/// Cuts a highlighted column down to the words around its first match, as segments.
fn snippet(highlighted: &str) -> Vec<Segment> {
    // Items of a list component are separate lines; keep them apart in a one-line snippet.
    let highlighted = highlighted.replace('\n', " · ");
    let highlighted = highlighted.as_str();
    let start = highlighted.find(HIT_START).unwrap_or(0);
    // Begin a few words before the first match.
    let head = &highlighted[..start];
    let head_words: Vec<&str> = head.split_whitespace().collect();
    let skip = head_words.len().saturating_sub(SNIPPET_BEFORE);
    let mut text = String::new();
    if skip > 0 {
        text.push_str("… ");
    }
    text.push_str(&head_words[skip..].join(" "));
    if !text.is_empty() && !text.ends_with(' ') && head.ends_with(char::is_whitespace) {
        text.push(' ');
    }
    let tail = &highlighted[start..];
    let tail_words: Vec<&str> = tail.split_whitespace().collect();
    let keep = SNIPPET_WORDS.saturating_sub(head_words.len() - skip);
    text.push_str(&tail_words[..keep.min(tail_words.len())].join(" "));
    if keep < tail_words.len() {
        text.push_str(" …");
    }
    let mut segments = Vec::new();
    let mut hit = false;
    let mut current = String::new();
    for c in text.chars() {
        if c == HIT_START || c == HIT_END {
            if !current.is_empty() {
                segments.push(Segment {
                    text: std::mem::take(&mut current),
                    hit,
                });
            }
            hit = c == HIT_START;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        segments.push(Segment { text: current, hit });
    }
    segments
}

/// Most components shown per hit.
const MATCHES_PER_HIT: usize = 3;

/// Searches the catalog; hits are ranked best first, at most `limit`.
pub fn search(
    store: &Store,
    input: &str,
    filter: &Filter,
    limit: usize,
) -> CoreResult<Vec<SearchHit>> {
    let Some(query) = fts_query(input) else {
        return Ok(Vec::new());
    };
    let columns = fts_columns();
    let highlights = (0..columns.len())
        .map(|i| format!("highlight(service_fts, {i}, char(2), char(3))"))
        .collect::<Vec<_>>()
        .join(", ");
    // Name weighs most, then the requirements and the bagian; the rest count once.
    let weights = columns
        .iter()
        .map(|c| match *c {
            "name" => "10.0",
            "persyaratan" => "4.0",
            "unit" => "3.0",
            "prosedur" | "produk" => "2.0",
            _ => "1.0",
        })
        .collect::<Vec<_>>()
        .join(", ");
    let names = kabupaten_names(store)?;
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS}, bm25(service_fts, {weights}) AS rank, {highlights}
         FROM service_fts JOIN current_service s ON s.id = service_fts.rowid
         WHERE service_fts MATCH ?1
           AND (?2 IS NULL OR s.region = ?2) AND (?3 IS NULL OR s.unit_id = ?3)
         ORDER BY rank LIMIT ?4"
    ))?;
    let rows = stmt.query_map(
        params![query, filter.region, filter.unit, limit as i64],
        |row| {
            let region: String = row.get(1)?;
            let (summary, data) =
                summary_from_row(row, names.get(&region).map(String::as_str).unwrap_or(""))?;
            let rank: f64 = row.get(7)?;
            let mut highlighted = Vec::new();
            for i in 0..columns.len() {
                let text: String = row.get(8 + i)?;
                if highlighted.len() < MATCHES_PER_HIT && text.contains(HIT_START) {
                    highlighted.push((i, text));
                }
            }
            Ok((summary, data, rank, highlighted))
        },
    )?;
    rows.map(|r| {
        let (summary, data, rank, highlighted) = r?;
        let service = parse_service(&data)?;
        let originals = column_texts(&service, &summary.unit);
        let matches = highlighted
            .into_iter()
            .map(|(i, text)| Match {
                component: columns[i].to_string(),
                label: column_label(columns[i]),
                snippet: snippet(&restore_apostrophes(&originals[i], &text)),
            })
            .collect();
        let mut summary = summary;
        summary.time_limit_label = service.time_limit.label();
        Ok(SearchHit {
            service: summary,
            rank,
            matches,
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_cannot_break_the_fts_query() {
        assert_eq!(fts_query("KTP pns"), Some("\"ktp\"* AND \"pns\"*".into()));
        assert_eq!(
            fts_query("kon\" OR NEAR(sul"),
            Some("\"kon\"* AND \"or\"* AND \"near\"* AND \"sul\"*".into())
        );
        assert_eq!(fts_query("  ;;  "), None);
        assert_eq!(fts_query("'’`"), None);
    }

    #[test]
    fn apostrophes_are_left_out_and_a_joined_word_is_also_looked_for_apart() {
        assert_eq!(
            fts_query("Jum'at"),
            Some("(\"jumat\"* OR \"ju mat\"*)".into())
        );
        assert_eq!(fts_query("qur’an"), fts_query("quran"));
        assert_eq!(
            fts_query("alquran"),
            Some("(\"alquran\"* OR \"al quran\"* OR \"alq uran\"* OR \"alqu ran\"*)".into())
        );
        assert_eq!(search_text("Al-Qur'an, Jum’at"), "Al-Quran, Jumat");
        // A long run of letters is looked for as it is, not cut in every place.
        let long = "a".repeat(70_000);
        assert_eq!(fts_query(&long), Some(format!("\"{long}\"*")));
    }

    #[test]
    fn a_snippet_quotes_the_decree_with_its_apostrophes() {
        let original = "Guru TK/TP Al-Qur'an dan 'Kerja'";
        let highlighted = "Guru TK/TP Al-\u{2}Quran\u{3} dan Kerja";
        assert_eq!(
            restore_apostrophes(original, highlighted),
            "Guru TK/TP Al-\u{2}Qur'an\u{3} dan 'Kerja'"
        );
        // Text that does not fit is left as it was.
        assert_eq!(restore_apostrophes("lain", "\u{2}x\u{3}"), "\u{2}x\u{3}");
    }

    #[test]
    fn snippet_keeps_the_words_around_the_match() {
        let text = "satu dua tiga empat lima enam tujuh delapan \u{2}KTP\u{3} sembilan";
        let s = snippet(text);
        assert_eq!(s[0].text, "… tiga empat lima enam tujuh delapan ");
        assert_eq!(
            s[1],
            Segment {
                text: "KTP".into(),
                hit: true
            }
        );
        assert_eq!(s[2].text, " sembilan");
    }
}
