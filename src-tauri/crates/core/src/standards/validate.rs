//! Reading and checking a standards file before anything of it is imported.
//!
//! A file is refused whole at the first problem, with an error that names the file, the
//! service (by its catalog id) and the field, so that whoever edits the file can find it.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::model::{Item, LimitUnit, Service, StandardsFile, COMPONENTS, SCHEMA_VERSION};
use crate::error::{CoreError, CoreResult};

/// Regions have ids like `balangan`; units like `pbj`; numbers like `7` or `XIV`.
fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The catalog id of a service: `{region}-{unit}-{number}`, e.g. `balangan-pbj-7`.
pub fn service_code(region: &str, unit: &str, number: &str) -> String {
    format!("{region}-{unit}-{}", number.to_lowercase())
}

/// Parses and checks a standards file. `file` names it in error messages.
pub fn parse(file: &str, text: &str) -> CoreResult<StandardsFile> {
    let invalid = |location: String, problem: String| CoreError::InvalidStandards {
        file: file.to_string(),
        location,
        problem,
    };
    // JSON syntax first, located by line; then the file's fields, then each service on its
    // own, so that an error names the service it is in.
    let mut value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        invalid(
            format!("baris {}", e.line()),
            format!("JSON tidak sah: {e}"),
        )
    })?;
    let services = match value.get_mut("services").map(serde_json::Value::take) {
        Some(serde_json::Value::Array(list)) => list,
        _ => {
            return Err(invalid(
                "bidang services".into(),
                "harus berupa daftar layanan".into(),
            ))
        }
    };
    value["services"] = serde_json::Value::Array(Vec::new());
    let mut parsed: StandardsFile = from_value(value).map_err(|(path, problem)| {
        let location = match path {
            Some(path) => format!("bidang {path}"),
            None => "kepala berkas".into(),
        };
        invalid(location, problem)
    })?;
    for (index, service) in services.into_iter().enumerate() {
        let field = |key: &str| {
            service
                .get(key)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let name = match (field("unit"), field("number")) {
            (Some(unit), Some(number)) => {
                format!("layanan {}", service_code(&parsed.region, &unit, &number))
            }
            _ => format!("layanan ke-{}", index + 1),
        };
        let one = from_value(service).map_err(|(path, problem)| {
            let location = match path {
                Some(path) => format!("{name}, bidang {path}"),
                None => name.clone(),
            };
            invalid(location, problem)
        })?;
        parsed.services.push(one);
    }
    check(&parsed).map_err(|(location, problem)| invalid(location, problem))?;
    Ok(parsed)
}

type Problem = (String, String);

/// Reads a part of the file into its type; on failure, the path of the field that is wrong
/// (`components.persyaratan[0]`, `None` for the part itself) and what is wrong with it.
fn from_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, (Option<String>, String)> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = (path != ".").then_some(path);
        (path, in_indonesian(&e.into_inner().to_string()))
    })
}

/// What serde says is wrong with a field, said in Indonesian where it is one of the usual
/// problems; anything else as serde said it.
fn in_indonesian(problem: &str) -> String {
    use regex::Regex;
    use std::sync::OnceLock;
    static RULES: OnceLock<[Regex; 5]> = OnceLock::new();
    let [missing, unknown_field, unknown_variant, untagged, invalid_type] =
        RULES.get_or_init(|| {
            [
                Regex::new(r"^missing field `([^`]*)`").unwrap(),
                Regex::new(r"^unknown field `([^`]*)`, expected (?:one of )?(.*)$").unwrap(),
                Regex::new(r"^unknown variant `([^`]*)`, expected (?:one of )?(.*)$").unwrap(),
                Regex::new(r"^data did not match any variant of untagged enum Item").unwrap(),
                Regex::new(r"^invalid type: (.*), expected (.*)$").unwrap(),
            ]
        });
    let names = |list: &str| list.replace('`', "");
    if let Some(c) = missing.captures(problem) {
        return format!("bidang \"{}\" tidak ada", &c[1]);
    }
    if let Some(c) = unknown_field.captures(problem) {
        return format!(
            "bidang \"{}\" tidak dikenal (yang dikenal: {})",
            &c[1],
            names(&c[2])
        );
    }
    if let Some(c) = unknown_variant.captures(problem) {
        return format!(
            "nilai \"{}\" tidak dikenal (yang boleh: {})",
            &c[1],
            names(&c[2])
        );
    }
    if untagged.is_match(problem) {
        return "butir daftar harus berupa teks, atau objek {\"text\": ..., \"items\": [...]}"
            .into();
    }
    if let Some(c) = invalid_type.captures(problem) {
        return format!(
            "jenis nilai salah: {}, seharusnya {}",
            found_in_indonesian(&c[1]),
            expected_in_indonesian(&c[2])
        );
    }
    problem.to_string()
}

/// serde's name for a value found, e.g. `integer \`5\``, in Indonesian.
fn found_in_indonesian(found: &str) -> String {
    let value = |rest: &str| rest.trim().trim_matches('`').to_string();
    if let Some(rest) = found.strip_prefix("string ") {
        format!("teks {rest}")
    } else if let Some(rest) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
    {
        format!("angka {}", value(rest))
    } else if let Some(rest) = found.strip_prefix("boolean ") {
        format!("boolean {}", value(rest))
    } else {
        match found {
            "map" => "objek".into(),
            "sequence" => "daftar".into(),
            "unit value" | "null" => "null".into(),
            other => other.into(),
        }
    }
}

/// serde's name for the value expected, e.g. `a sequence`, in Indonesian.
fn expected_in_indonesian(expected: &str) -> String {
    match expected {
        "a string" | "a borrowed string" => "teks".into(),
        "a sequence" => "daftar".into(),
        "a boolean" => "boolean (true atau false)".into(),
        "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "usize" => {
            "bilangan bulat".into()
        }
        "f32" | "f64" => "angka".into(),
        other if other.starts_with("struct ") || other == "a map" => "objek".into(),
        other => other.into(),
    }
}

fn check(file: &StandardsFile) -> Result<(), Problem> {
    let top = |field: &str, problem: String| Err((format!("bidang {field}"), problem));
    if file.schema != SCHEMA_VERSION {
        return top(
            "schema",
            format!(
                "skema {} tidak dikenal (versi ini membaca skema {SCHEMA_VERSION})",
                file.schema
            ),
        );
    }
    if !is_slug(&file.region) {
        return top(
            "region",
            format!("\"{}\" harus huruf kecil tanpa spasi", file.region),
        );
    }
    if file.timezone.parse::<chrono_tz::Tz>().is_err() {
        return top(
            "timezone",
            format!("zona waktu \"{}\" tidak dikenal", file.timezone),
        );
    }
    for (field, value) in [
        ("kabupaten", &file.kabupaten),
        ("province", &file.province),
        ("office.name", &file.office.name),
        ("office.address", &file.office.address),
    ] {
        if value.trim().is_empty() {
            return top(field, "kosong".to_string());
        }
    }
    if file.decrees.is_empty() {
        return top("decrees", "tidak ada satu pun keputusan".to_string());
    }
    let mut decree_ids = HashSet::new();
    for d in &file.decrees {
        let at = format!("keputusan {}", d.id);
        if !decree_ids.insert(d.id.as_str()) {
            return Err((at, "id keputusan ganda".to_string()));
        }
        if NaiveDate::parse_from_str(&d.date, "%Y-%m-%d").is_err() {
            return Err((
                format!("{at}, bidang date"),
                format!("tanggal \"{}\" tidak berbentuk TTTT-BB-HH", d.date),
            ));
        }
        if d.number.trim().is_empty() {
            return Err((format!("{at}, bidang number"), "kosong".to_string()));
        }
    }
    let mut unit_ids = HashSet::new();
    for u in &file.units {
        let at = format!("bagian {}", u.id);
        if !is_slug(&u.id) || !unit_ids.insert(u.id.as_str()) {
            return Err((
                at,
                "id bagian kosong, tidak berbentuk slug, atau ganda".into(),
            ));
        }
        if !decree_ids.contains(u.decree.as_str()) {
            return Err((
                format!("{at}, bidang decree"),
                format!("keputusan \"{}\" tidak ada di berkas", u.decree),
            ));
        }
    }
    if file.services.is_empty() {
        return top("services", "tidak ada satu pun layanan".to_string());
    }
    let mut codes = HashSet::new();
    for s in &file.services {
        let code = service_code(&file.region, &s.unit, &s.number);
        let at = |field: &str| format!("layanan {code}, bidang {field}");
        if !unit_ids.contains(s.unit.as_str()) {
            return Err((
                at("unit"),
                format!("bagian \"{}\" tidak ada di daftar units", s.unit),
            ));
        }
        if s.number.trim().is_empty() || s.number.contains(char::is_whitespace) {
            return Err((at("number"), "nomor kosong atau berspasi".to_string()));
        }
        if !codes.insert(code.clone()) {
            return Err((at("number"), "nomor layanan ganda di bagian ini".into()));
        }
        check_service(s).map_err(|(field, problem)| (at(&field), problem))?;
    }
    Ok(())
}

fn check_items(items: &[Item]) -> Result<(), String> {
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Text(t) if t.trim().is_empty() => {
                return Err(format!("butir ke-{} kosong", i + 1));
            }
            Item::Text(_) => {}
            Item::Nested(n) if n.items.is_empty() => {
                return Err(format!("butir ke-{} bersarang tanpa sub-butir", i + 1));
            }
            Item::Nested(n) => check_items(&n.items)?,
        }
    }
    Ok(())
}

/// `unreadable` names only component keys, each once, and each of them recorded empty:
/// a component with text in it was read, whatever the scan's state.
fn check_unreadable(s: &Service) -> Result<(), Problem> {
    let mut seen = HashSet::new();
    for (i, key) in s.unreadable.iter().enumerate() {
        let field = || format!("unreadable[{i}]");
        let Some(value) = s.components.get(key) else {
            return Err((
                field(),
                format!("\"{key}\" bukan kunci komponen (mis. \"persyaratan\", \"evaluasi\")"),
            ));
        };
        if !seen.insert(key.as_str()) {
            return Err((field(), format!("komponen \"{key}\" disebut dua kali")));
        }
        if !value.is_empty() {
            return Err((
                field(),
                format!(
                    "komponen \"{key}\" dicatat tidak terbaca, padahal berisi teks; \
                     kosongkan komponennya atau hapus dari daftar unreadable"
                ),
            ));
        }
    }
    Ok(())
}

fn check_service(s: &Service) -> Result<(), Problem> {
    if s.name.trim().is_empty() {
        return Err(("name".into(), "nama layanan kosong".into()));
    }
    for (key, _, _) in COMPONENTS {
        if let Some(super::model::ComponentValue::List(items)) = s.components.get(key) {
            check_items(items).map_err(|p| (format!("components.{key}"), p))?;
        }
    }
    check_unreadable(s)?;
    if let Some(hours) = &s.hours {
        if hours.source.trim().is_empty() {
            return Err(("hours.source".into(), "sumber teks kosong".into()));
        }
        if let Some(p) = hours.problems().into_iter().next() {
            return Err(("hours".into(), p));
        }
    }
    let t = &s.time_limit;
    let bounded = t.min.is_some() || t.max.is_some();
    let problem = match t.unit {
        LimitUnit::None if bounded => Some("tanpa batas (none) tidak boleh punya min/max"),
        LimitUnit::None => None,
        _ if !bounded => Some("batas waktu perlu min atau max"),
        _ if t.min.or(t.max).is_some_and(|v| v <= 0.0) || t.max.is_some_and(|v| v <= 0.0) => {
            Some("min/max harus lebih dari nol")
        }
        _ if matches!((t.min, t.max), (Some(a), Some(b)) if a > b) => {
            Some("min lebih besar dari max")
        }
        _ => None,
    };
    if let Some(p) = problem {
        return Err(("time_limit".into(), p.into()));
    }
    for (i, c) in s.intake.checklist.iter().enumerate() {
        if c.text.trim().is_empty() {
            return Err((
                format!("intake.checklist[{i}]"),
                "butir persyaratan kosong".into(),
            ));
        }
    }
    for (field, value) in [
        ("holds_id", &s.intake.holds_id),
        ("blanko", &s.intake.blanko),
        ("spt", &s.intake.spt),
        ("proposal", &s.intake.proposal),
    ] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            return Err((
                format!("intake.{field}"),
                "harus kalimat sumber dari keputusan atau null".into(),
            ));
        }
    }
    Ok(())
}
