//! End-to-end checks of Loket as shipped, across its crates and its desktop shell's
//! configuration. The browser and desktop-window tests live beside this crate, in `e2e/`.
