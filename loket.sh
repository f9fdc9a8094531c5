#!/usr/bin/env bash
# The README's two commands, on a fresh Debian (bookworm) machine:
#
#   ./loket.sh start   install what is missing, build, and start the desktop app on its
#                      default database (~/.local/share/loket/loket.db) with the standards loaded
#   ./loket.sh test    install what is missing, build everything (the Tauri shell included)
#                      and run every test: Rust unit/integration tests and the desktop window
#                      end to end under Xvfb
#   ./loket.sh package install what is missing, build (release) and make the packages in
#                      target/packages: loket_<v>_amd64.deb (desktop), loket-server_<v>_amd64.deb
#                      (the hub as a service) and the AppImage when it can be made
#                      (`package --deb`: only the two .debs)
#
# Installs only what is missing: Debian packages through apt-get (as root, or with sudo), Rust
# through rustup when cargo is missing, tauri-driver through cargo. Set LOKET_SKIP_INSTALL=1 to skip the install step.
set -euo pipefail
cd "$(dirname "$0")"

# What the desktop shell needs to build and run, and what its tests drive it with.
BUILD_PACKAGES=(pkg-config libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev librsvg2-dev
  libssl-dev build-essential)
RUN_PACKAGES=(xvfb xauth dbus-x11 fonts-noto-core)
TEST_PACKAGES=(webkit2gtk-driver imagemagick xdotool chromium libnss3-tools)
# What making the packages takes besides the build: dpkg-shlibdeps (the run-time Depends).
PACKAGE_PACKAGES=(dpkg-dev)
# What the install test (tests/install) reads the installed packages with.
INSTALL_TEST_PACKAGES=(curl sqlite3 systemd)
TAURI_DRIVER_VERSION=2.1.0

say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mError:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root (or sudo) to run: $*"; fi
}

install_debian_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

need_rust() {
  export PATH="$HOME/.cargo/bin:$PATH"
  command -v cargo >/dev/null && return
  [ "${LOKET_SKIP_INSTALL:-}" = 1 ] && die "Rust (cargo) is not installed."
  # Debian's own rustc is older than Tauri 2 needs: the toolchain comes from rustup.
  install_debian_packages curl ca-certificates
  say "Installing Rust with rustup (stable, minimal profile)"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal \
      --component rustfmt,clippy ||
    die "Rust could not be installed; install it with rustup (https://rustup.rs), then run this again."
  command -v cargo >/dev/null || die "cargo is still not on PATH after installing rustup."
}

# The browser tests need Node.js with npm; Debian packages npm apart from nodejs.
need_node() {
  command -v node >/dev/null || install_debian_packages nodejs
  command -v npm >/dev/null || install_debian_packages npm
}

# node --test's own deadlines (--test-timeout, --test-force-exit) came in Node.js 20.14;
# older versions (Debian 12's nodejs is 18) run the tests under the outer timeout alone.
node_test_flags() {
  local major minor
  IFS=. read -r major minor _ <<<"$(node --version | tr -d v)"
  if [ "$major" -gt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -ge 14 ]; }; then
    echo "--test-force-exit --test-timeout=300000"
  fi
}

install_tauri_driver() {
  if ! tauri-driver --help >/dev/null 2>&1; then
    say "Installing tauri-driver $TAURI_DRIVER_VERSION (WebDriver for the desktop window)"
    cargo install tauri-driver --version "$TAURI_DRIVER_VERSION" --locked --quiet
  fi
}

has_display() { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }

start() {
  need_rust
  [ "${LOKET_SKIP_INSTALL:-}" = 1 ] || install_debian_packages "${BUILD_PACKAGES[@]}" "${RUN_PACKAGES[@]}"
  # A release build: a debug build opens WebKit's inspector to anyone at the desk.
  say "Building Loket (release)"
  cargo build --release -p loket -p loket-hub
  local db release="${CARGO_TARGET_DIR:-target}/release"
  db=$("$release/loket-hub" standards list --region blitar >/dev/null && echo ok)
  [ "$db" = ok ] || die "the database could not be prepared"
  say "Starting Loket (database: ${LOKET_DB:-$HOME/.local/share/loket/loket.db})"
  if has_display; then
    exec "$release/loket" "$@"
  else
    say "No display found: running in a virtual display (Xvfb)."
    exec xvfb-run -a -s "-screen 0 1366x768x24" dbus-run-session -- "$release/loket" "$@"
  fi
}

run_tests() {
  need_rust
  if [ "${LOKET_SKIP_INSTALL:-}" != 1 ]; then
    install_debian_packages "${BUILD_PACKAGES[@]}" "${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}" \
      "${INSTALL_TEST_PACKAGES[@]}"
    need_node
    install_tauri_driver
  fi
  say "Building everything (core, hub, desktop shell)"
  cargo build --workspace --all-targets
  say "Checking format and lints"
  cargo fmt --all -- --check
  cargo clippy --workspace --all-targets --quiet -- -D warnings
  say "Rust tests"
  cargo test --workspace
  if [ "${LOKET_SKIP_INSTALL:-}" != 1 ]; then
    say "Installing the browser tests' npm packages (playwright-core; Debian's chromium is the browser)"
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
  fi
  say "End to end: the desktop window (Xvfb, tauri-driver, WebKitWebDriver) and browsers on the LAN (Playwright, chromium)"
  # Every test has a deadline and the run as a whole has one too: a window or a driver that
  # stops answering fails the run instead of holding CI until it is cut off.
  # shellcheck disable=SC2046 # the flags are words on purpose
  timeout --kill-after=30s 30m node --test $(node_test_flags) tests/e2e/
  install_test
}

# The .deb packages built (release), then installed on this machine, run, upgraded and
# removed as an office would (tests/install/install.sh; needs root or sudo, and leaves the
# machine as it found it).
install_test() {
  local packages="${CARGO_TARGET_DIR:-$PWD/target}/packages" started=$SECONDS
  say "Install test: building the packages (release)"
  ./loket.sh package --deb
  say "Packages built in $((SECONDS - started)) s"
  say "Install test: the packages installed, run, upgraded and removed (as root)"
  as_root env TAURI_DRIVER="$(command -v tauri-driver || true)" \
    timeout --kill-after=30s 20m tests/install/install.sh "$packages"
}

# The packages an office installs (see "Memasang Loket / Installing Loket" in the README);
# the Tauri CLI comes from npm, pinned in src-tauri/packaging/package-lock.json.
package() {
  need_rust
  if [ "${LOKET_SKIP_INSTALL:-}" != 1 ]; then
    install_debian_packages "${BUILD_PACKAGES[@]}" "${PACKAGE_PACKAGES[@]}"
    need_node
    say "Installing the Tauri CLI (npm, src-tauri/packaging)"
    (cd src-tauri/packaging && npm ci --no-audit --no-fund --loglevel=error)
  fi
  exec src-tauri/packaging/package.sh "$@"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  test) shift; run_tests "$@" ;;
  package) shift; package "$@" ;;
  *) echo "usage: $0 start [--db PATH] | test | package [--deb]" >&2; exit 2 ;;
esac
