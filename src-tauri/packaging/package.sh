#!/usr/bin/env bash
# Makes Loket's packages from a release build (run by `./loket.sh package`, which installs
# what this needs first), into $CARGO_TARGET_DIR/packages (default target/packages):
#
#   loket_<version>_amd64.deb         the desktop app (Tauri's bundler): /usr/bin/loket, the
#                                     menu entry "Loket — Layanan Tamu", the icons, and
#                                     /usr/bin/loket-hub beside it
#   loket-server_<version>_amd64.deb  the hub alone for a PC with no screen: /usr/bin/loket-hub
#                                     and the systemd unit loket-hub.service (dpkg-deb, from
#                                     the files in server/)
#   loket_<version>_amd64.AppImage    the desktop app in one file, when it can be made (Tauri's
#                                     AppImage bundler fetches its tools from GitHub)
#
# Usage: package.sh [--deb] [--no-build]
#   --deb       only the two Debian packages
#   --no-build  package the release build already in the target folder
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33mPerhatian / Note:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mError:\033[0m %s\n' "$*" >&2; exit 1; }

appimage=1
build=1
for arg in "$@"; do
  case "$arg" in
    --deb) appimage=0 ;;
    --no-build) build=0 ;;
    *) die "unknown option $arg (usage: ./loket.sh package [--deb] [--no-build])" ;;
  esac
done

[ "$(dpkg --print-architecture)" = amd64 ] || die "the packages are made for amd64 only"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
out="$target/packages"
release="$target/release"
version=$(cargo pkgid -p loket-hub | sed 's/.*[@#]//')
# Debian's Maintainer field: a name and an address. The project has no mailing address of
# its own; the office that builds its packages may set its own.
maintainer="${LOKET_MAINTAINER:-Loket <loket@setda.invalid>}"
tauri="$here/node_modules/.bin/tauri"
[ -x "$tauri" ] || die "the Tauri CLI is missing: run (cd src-tauri/packaging && npm ci)"

if [ "$build" = 1 ]; then
  say "Building Loket $version (release)"
  cargo build --release -p loket -p loket-hub
fi
for bin in loket loket-hub; do
  [ -x "$release/$bin" ] || die "$release/$bin is not built (run without --no-build)"
done

# The run-time libraries the binaries link to, as Debian packages (never the -dev ones).
shlibdeps() {
  local dir
  dir=$(mktemp -d)
  mkdir -p "$dir/debian"
  printf 'Source: loket\n\nPackage: loket\nArchitecture: any\n' >"$dir/debian/control"
  if ! (cd "$dir" && dpkg-shlibdeps -O "$@" 2>"$dir/err") >"$dir/out"; then
    cat "$dir/err" >&2
    die "dpkg-shlibdeps could not tell which libraries $* need"
  fi
  sed -n 's/^shlibs:Depends=//p' "$dir/out"
  rm -rf "$dir"
}

mkdir -p "$out"
rm -f "$out"/loket_*_amd64.deb "$out"/loket-server_*_amd64.deb "$out"/loket_*_amd64.AppImage

say "Desktop package (Tauri bundler)"
desktop_depends=$(shlibdeps "$release/loket" "$release/loket-hub")
# The paths of the build (CARGO_TARGET_DIR) and the computed Depends, over tauri.conf.json.
overrides=$(
  DEPENDS="$desktop_depends" HUB="$release/loket-hub" node -e '
    const depends = process.env.DEPENDS.split(/,\s*/).filter(Boolean);
    const files = { "/usr/bin/loket-hub": process.env.HUB };
    console.log(JSON.stringify({ bundle: { linux: {
      deb: { depends, files }, appimage: { files } } } }));'
)
(cd src-tauri && "$tauri" bundle --ci --bundles deb --config "$overrides")
# The bundler names its files after productName ("Loket").
cp "$release/bundle/deb/Loket_${version}_amd64.deb" "$out/loket_${version}_amd64.deb"

say "Server package (loket-server)"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"
install -Dm0755 "$release/loket-hub" "$stage/usr/bin/loket-hub"
install -Dm0644 "$here/server/loket-hub.service" "$stage/lib/systemd/system/loket-hub.service"
install -Dm0644 "$here/server/copyright" "$stage/usr/share/doc/loket-server/copyright"
mkdir -p "$stage/DEBIAN"
for script in postinst prerm postrm; do
  install -m0755 "$here/server/$script" "$stage/DEBIAN/$script"
done
(cd "$stage" && find usr lib -type f -exec md5sum {} + | sort -k2) >"$stage/DEBIAN/md5sums"
server_depends="$(shlibdeps "$release/loket-hub"), adduser, init-system-helpers"
installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@MAINTAINER@|$maintainer|" \
  -e "s|@INSTALLED_SIZE@|$installed_size|" -e "s|@DEPENDS@|$server_depends|" \
  "$here/server/control.in" >"$stage/DEBIAN/control"
chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"
chmod -R go-w "$stage"
dpkg-deb --build --root-owner-group -Zxz "$stage" "$out/loket-server_${version}_amd64.deb" >/dev/null

if [ "$appimage" = 1 ]; then
  say "AppImage (Tauri bundler; it downloads linuxdeploy from GitHub)"
  log="$out/appimage.log"
  if (cd src-tauri && timeout 300 "$tauri" bundle --ci --bundles appimage --config "$overrides") >"$log" 2>&1; then
    cp "$release/bundle/appimage/Loket_${version}_amd64.AppImage" "$out/loket_${version}_amd64.AppImage"
  else
    warn "the AppImage could not be made. Tauri's AppImage bundler downloads its tools" \
      "(AppRun, linuxdeploy and its GTK plugin) from GitHub, and this failed here (most" \
      "often because GitHub cannot be reached). The two .deb packages are made." \
      "The bundler's own words, from $log:"
    tail -n 5 "$log" >&2 || true
  fi
fi

say "Packages in $out:"
for f in "$out"/*.deb "$out"/*.AppImage; do
  [ -e "$f" ] && printf '  %s  %s\n' "$(du -h "$f" | cut -f1)" "$(basename "$f")"
done
exit 0
