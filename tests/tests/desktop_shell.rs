//! The desktop shell as configured for the desk PC: it serves the committed `ui/`, opens a
//! window readable at 1366×768, runs under a strict content security policy with only the
//! permissions it uses, carries a real icon, and refuses a command line it does not know.

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

/// The built desktop app (`target/debug/loket`; the test command builds it first).
fn desktop_app() -> PathBuf {
    let app = root().join("target/debug/loket");
    assert!(
        app.exists(),
        "build the desktop app first: cargo build -p loket ({})",
        app.display()
    );
    app
}

#[test]
fn the_app_refuses_an_unknown_flag_or_a_flag_without_its_value_before_opening_anything() {
    let dir = std::env::temp_dir().join(format!("loket-shell-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("loket.db");
    for args in [
        vec!["--bogus".to_string()],
        vec!["--db".to_string()],
        vec![
            "--db".to_string(),
            db.display().to_string(),
            "--listen".to_string(),
        ],
        vec!["lain".to_string()],
    ] {
        // No display: were the flags accepted, the window could not open and the exit code
        // would not be 2.
        let out = std::process::Command::new(desktop_app())
            .args(&args)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env("LOKET_DB", &db)
            .env("LOKET_LISTEN", "127.0.0.1:0")
            .output()
            .expect("the app runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("Usage: loket"), "{args:?}: {err}");
        assert!(!db.exists(), "{args:?}: no database was created");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_app_prints_the_workspace_version_without_opening_anything() {
    let dir = std::env::temp_dir().join(format!("loket-version-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("loket.db");
    let out = std::process::Command::new(desktop_app())
        .arg("--version")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("LOKET_DB", &db)
        .output()
        .expect("the app runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("loket {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert!(!db.exists(), "--version creates no database");
    std::fs::remove_dir_all(&dir).unwrap();
}
