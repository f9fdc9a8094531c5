//! The files the hub serves, embedded in the binary: the web UI (`ui/`) and the waiting-room
//! display's audio clips (`data/audio/*.wav`), each with its content type and an ETag so a
//! browser checks cheaply whether its copy is still current.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::{EmbeddedFile, RustEmbed};

/// The web UI, as in the repository's `ui/` folder.
#[derive(RustEmbed)]
#[folder = "../../../ui"]
struct Ui;

/// The audio clips the waiting-room display plays.
#[derive(RustEmbed)]
#[folder = "../../../data/audio"]
struct Audio;

/// A file of the UI by its path below `ui/` (`index.html`, `js/api.js`), if there is one.
pub fn ui_file(path: &str, request: &HeaderMap) -> Option<Response> {
    Ui::get(path).map(|file| respond(path, file, request))
}

/// An audio clip by its file name (`chime.wav`); only `.wav` clips are served.
pub fn audio_clip(name: &str, request: &HeaderMap) -> Option<Response> {
    let id = name.strip_suffix(".wav")?;
    let plain = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !plain {
        return None;
    }
    Audio::get(name).map(|file| respond(name, file, request))
}

/// The file, or "not modified" when the browser already has this version.
fn respond(path: &str, file: EmbeddedFile, request: &HeaderMap) -> Response {
    let etag = etag(&file);
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static(content_type(path)),
        ),
        // Always ask whether the copy is still current: a new build may change any file.
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (header::ETAG, etag.clone()),
    ];
    if request.get(header::IF_NONE_MATCH) == Some(&etag) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    (headers, file.data.into_owned()).into_response()
}

/// A strong ETag from the file's SHA-256, computed when the binary was built.
fn etag(file: &EmbeddedFile) -> HeaderValue {
    let hex: String = file.metadata.sha256_hash()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    HeaderValue::from_str(&format!("\"{hex}\"")).expect("hex digits are a valid header value")
}

/// The content type of a file the hub serves, by its extension.
fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "wav" => "audio/wav",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("js/api.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("css/app.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("img/icon.svg"), "image/svg+xml");
        assert_eq!(content_type("chime.wav"), "audio/wav");
        assert_eq!(content_type("Makefile"), "application/octet-stream");
    }

    #[test]
    fn only_plain_wav_clip_names_are_served() {
        let none = HeaderMap::new();
        assert!(audio_clip("chime.wav", &none).is_some());
        assert!(audio_clip("README.md", &none).is_none());
        assert!(audio_clip("make-clips.sh", &none).is_none());
        assert!(audio_clip("../chime.wav", &none).is_none());
        assert!(audio_clip(".wav", &none).is_none());
    }
}
