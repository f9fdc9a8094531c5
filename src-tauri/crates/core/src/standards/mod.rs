//! The service standards of the decrees: their data model, how a standards file is checked,
//! the rules read from it (hours, time limits), and the files shipped with Loket.

pub mod hours;
pub mod import;
pub mod label;
pub mod model;
pub mod time_limit;
pub mod validate;

/// A standards file shipped inside the binary: its file name and its text.
pub struct BundledFile {
    pub name: &'static str,
    pub text: &'static str,
}

/// The decrees Loket ships with (`data/standards/`), imported on first run.
pub const BUNDLED: [BundledFile; 2] = [
    BundledFile {
        name: "balangan-2024.json",
        text: include_str!("../../../../../data/standards/balangan-2024.json"),
    },
    BundledFile {
        name: "blitar-2026.json",
        text: include_str!("../../../../../data/standards/blitar-2026.json"),
    },
];
