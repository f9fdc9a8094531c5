//! Plain-text rendering of catalog results for the terminal (the `--json` forms print the
//! core's JSON as it is).

use loket_core::catalog::ServiceSummary;
use serde_json::Value;
use std::fmt::Write;

/// One line per service: id, bagian, name.
pub fn list(services: &[ServiceSummary]) -> String {
    let mut out = String::new();
    for s in services {
        let _ = writeln!(out, "{:<24} {:<40} {}", s.id, s.unit, s.name);
    }
    let _ = writeln!(out, "{} layanan.", services.len());
    out
}

fn snippet(segments: &Value) -> String {
    segments
        .as_array()
        .into_iter()
        .flatten()
        .map(|seg| {
            let text = seg["text"].as_str().unwrap_or_default();
            if seg["hit"].as_bool().unwrap_or(false) {
                format!("[{text}]")
            } else {
                text.to_string()
            }
        })
        .collect::<String>()
        .replace('\n', " ")
}

/// Search hits with the component that matched and the words around the match.
pub fn search(result: &Value) -> String {
    let mut out = String::new();
    let hits = result["hits"].as_array().cloned().unwrap_or_default();
    if hits.is_empty() {
        let _ = writeln!(
            out,
            "Tidak ada layanan yang cocok dengan \"{}\".",
            result["query"].as_str().unwrap_or_default()
        );
        return out;
    }
    for hit in &hits {
        let _ = writeln!(
            out,
            "{}  {} — {} ({})",
            hit["id"].as_str().unwrap_or_default(),
            hit["name"].as_str().unwrap_or_default(),
            hit["unit"].as_str().unwrap_or_default(),
            hit["kabupaten"].as_str().unwrap_or_default()
        );
        for m in hit["matches"].as_array().into_iter().flatten() {
            let _ = writeln!(
                out,
                "    {}: {}",
                m["label"].as_str().unwrap_or_default(),
                snippet(&m["snippet"])
            );
        }
    }
    out
}

fn items(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Array(list) if list.is_empty() => {
            let _ = writeln!(
                out,
                "{}(tidak diatur dalam keputusan)",
                "  ".repeat(depth + 1)
            );
        }
        Value::Array(list) => {
            for item in list {
                match item {
                    Value::String(s) => {
                        let _ = writeln!(out, "{}- {s}", "  ".repeat(depth + 1));
                    }
                    other => {
                        let text = other["text"].as_str().unwrap_or_default();
                        if !text.is_empty() {
                            let _ = writeln!(out, "{}- {text}", "  ".repeat(depth + 1));
                        }
                        items(out, &other["items"], depth + 1);
                    }
                }
            }
        }
        Value::String(s) if s.is_empty() => {
            let _ = writeln!(out, "  (tidak diatur dalam keputusan)");
        }
        Value::String(s) => {
            for line in s.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
        _ => {}
    }
}

/// A service's whole standard, in the decree's two parts.
pub fn service(detail: &Value) -> String {
    let mut out = String::new();
    let s = |k: &str| detail[k].as_str().unwrap_or_default().to_string();
    let _ = writeln!(out, "{} — {}", s("id"), s("name"));
    let _ = writeln!(out, "{}, {}", s("unit"), s("kabupaten"));
    let _ = writeln!(
        out,
        "Keputusan {} tanggal {}",
        detail["decree"]["number"].as_str().unwrap_or_default(),
        detail["decree"]["date_label"].as_str().unwrap_or_default()
    );
    let hours = detail["hours_label"]
        .as_str()
        .unwrap_or("tidak diatur dalam keputusan");
    let _ = writeln!(out, "Jam layanan: {hours}");
    let _ = writeln!(out, "Batas waktu: {}", s("time_limit_label"));
    let mut part = String::new();
    for slot in detail["layout"].as_array().into_iter().flatten() {
        let this_part = slot["part"].as_str().unwrap_or_default();
        if this_part != part {
            part = this_part.to_string();
            let title = if part == "penyampaian" {
                "PENYAMPAIAN PELAYANAN (Service Delivery)"
            } else {
                "PENGELOLAAN PELAYANAN (Manufacturing)"
            };
            let _ = writeln!(out, "\n{title}");
        }
        let key = slot["key"].as_str().unwrap_or_default();
        let _ = writeln!(
            out,
            "{}. {}",
            slot["number"],
            slot["label"].as_str().unwrap_or_default()
        );
        let unreadable = detail["unreadable"]
            .as_array()
            .is_some_and(|keys| keys.iter().any(|k| k == key));
        if unreadable {
            let _ = writeln!(out, "  (tidak terbaca pada salinan keputusan)");
        } else {
            items(&mut out, &detail["components"][key], 0);
        }
    }
    if let Some(m) = detail["maklumat"].as_str() {
        let _ = writeln!(out, "\nMAKLUMAT PELAYANAN\n  {m}");
    }
    out
}

/// "Tentang Loket" for the terminal: the same facts as the panel in Pengaturan.
pub fn about(about: &loket_core::about::About) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Loket {}", about.version);
    let _ = write!(out, "Skema basis data {}", about.schema_version);
    if about.schema_version != about.schema_supported {
        let _ = write!(out, " (versi ini menulis skema {})", about.schema_supported);
    }
    let _ = writeln!(out);
    let place = |p: &Option<std::path::PathBuf>| {
        p.as_ref()
            .map_or_else(|| "(di memori)".to_string(), |p| p.display().to_string())
    };
    let _ = writeln!(out, "Basis data: {}", place(&about.database));
    let _ = writeln!(out, "Cadangan: {}", place(&about.backups));
    match &about.timezone {
        Some(zone) => {
            let _ = writeln!(
                out,
                "Zona waktu kantor: {} ({})",
                zone.abbreviation, zone.iana
            );
        }
        None => {
            let _ = writeln!(out, "Zona waktu kantor: kantor belum diatur");
        }
    }
    for region in &about.standards {
        let _ = writeln!(
            out,
            "\nStandar {}: versi {} di basis data, {} layanan, dari {}{}",
            region.kabupaten,
            region.version,
            region.services,
            region.source_name,
            if region.shipped {
                " (bawaan Loket)"
            } else {
                ""
            }
        );
        for decree in &region.decrees {
            let _ = writeln!(out, "  {}", decree.citation);
        }
    }
    out
}
