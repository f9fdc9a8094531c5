//! The desktop shell as configured for the desk PC: it serves the committed `ui/`, opens a
//! window readable at 1366×768, runs under a strict content security policy with only the
//! permissions it uses, and carries a real icon.

use serde_json::Value;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap()
}

#[test]
fn the_window_serves_the_committed_ui_at_desk_monitor_size() {
    let conf = json("src-tauri/tauri.conf.json");
    assert_eq!(conf["build"]["frontendDist"], "../ui");
    assert!(root().join("ui/index.html").exists());
    let window = &conf["app"]["windows"][0];
    assert!(window["minWidth"].as_u64().unwrap() <= 1366);
    assert!(window["minHeight"].as_u64().unwrap() <= 768);
    assert!(window["title"].as_str().unwrap().starts_with("Loket"));
}

#[test]
fn the_content_security_policy_allows_no_inline_or_remote_code() {
    let conf = json("src-tauri/tauri.conf.json");
    let csp = conf["app"]["security"]["csp"]
        .as_str()
        .expect("a CSP is set");
    assert!(csp.contains("default-src 'self'"));
    assert!(csp.contains("script-src 'self'"));
    for loose in ["unsafe-inline", "unsafe-eval", "http://*", "https://", "*;"] {
        assert!(!csp.contains(loose), "CSP contains {loose}");
    }
    // The UI itself has no inline script or style for the CSP to block.
    let html = std::fs::read_to_string(root().join("ui/index.html")).unwrap();
    assert!(!html.contains("<script>") && !html.contains("style="));
}

#[test]
fn the_window_has_only_the_permissions_it_uses() {
    let caps = json("src-tauri/capabilities/default.json");
    assert_eq!(caps["windows"], serde_json::json!(["main"]));
    assert_eq!(caps["permissions"], serde_json::json!(["core:default"]));
}

#[test]
fn the_icons_are_real_square_pngs() {
    for (name, size) in [
        ("32x32.png", 32u32),
        ("128x128.png", 128),
        ("icon.png", 512),
    ] {
        let bytes = std::fs::read(root().join("icons").join(name)).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{name} is a PNG");
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!((width, height), (size, size), "{name}");
        assert!(bytes.len() > 1000, "{name} has a picture in it");
    }
}
