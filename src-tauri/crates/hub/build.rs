//! Rebuilds `loket-hub` whenever a file of the UI or an audio clip is added, changed or
//! removed: both are embedded in the binary (see `src/assets.rs`).

fn main() {
    println!("cargo:rerun-if-changed=../../../ui");
    println!("cargo:rerun-if-changed=../../../data/audio");
}
