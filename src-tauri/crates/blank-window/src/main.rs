//! The floor of Loket's memory: a blank Tauri 2 window (one HTML page, no commands, release
//! build, WebKitGTK's compositing off as Loket turns it off), so that
//! `scripts/measure-desktop.mjs` can report Loket's memory as a ratio to what WebKitGTK and
//! Tauri take by themselves on the same machine, in the same run. Not a product: it is not
//! a default member of the workspace and is built only by that script.
//!
//! `--second` opens a second blank window, the floor for Loket with its waiting-room display
//! window open. Any other argument (WebDriver passes Loket's) is ignored.

fn main() {
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    let second = std::env::args().any(|a| a == "--second");
    tauri::Builder::default()
        .setup(move |app| {
            if second {
                tauri::WebviewWindowBuilder::new(app, "second", tauri::WebviewUrl::default())
                    .title("Blank 2")
                    .inner_size(1280.0, 720.0)
                    .build()?;
            }
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the blank window could not be started");
}
