#!/usr/bin/env bash
# The install test: Loket's Debian packages installed on this machine, from a clean state, and
# checked the way an office's IT person would: the desktop package installs with its run-time
# dependencies, shows in the menu and starts as an ordinary user on the first-run screen; the
# server package runs the hub as its own user exactly as its systemd unit says, refuses root,
# stops cleanly, loses nothing in a crash, keeps an earlier version's data through an upgrade;
# removing a package keeps the data and purging removes it.
#
#   tests/install/install.sh [PACKAGES_DIR]     (as root; default: $CARGO_TARGET_DIR/packages)
#
# `./loket.sh test` builds the packages (`./loket.sh package --deb`) and runs this. One line
# per check: "ok - ..." or "FAIL: ...". Exits non-zero if any check failed. Whatever happens,
# the machine is left as it was found: both packages purged, the test user and the `loket`
# user gone, /var/lib/loket gone, every process the test started ended.
#
# The machines this runs on have no systemd as process 1, so the unit is never started by
# systemd: it is read (User=, Environment=, WorkingDirectory=, ExecStart=) and its command run
# with runuser as systemd would run it; start at boot is checked as the enablement link, and
# restart on failure as its effect (a killed hub started again loses nothing).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
PACKAGES=$(cd "${1:-$TARGET/packages}" && pwd)
VERSION=$(sed -n '/^\[workspace.package\]/,/^\[/ s/^version *= *"\(.*\)"/\1/p' "$ROOT/Cargo.toml")
ARCH=$(dpkg --print-architecture)
DESKTOP_DEB=$PACKAGES/loket_${VERSION}_${ARCH}.deb
SERVER_DEB=$PACKAGES/loket-server_${VERSION}_${ARCH}.deb
FIXTURE=$ROOT/tests/fixtures/loket-v0.1.0.db
FIXTURE_DAY=2026-11-23
FIXTURE_PIN=135790
FIXTURE_STAFF_PIN=2468
SHOTS=$ROOT/target/e2e-screenshots
# An ordinary desk PC user, made for the test with a fresh home directory.
TEST_USER=loket-uji
SERVICE_USER=loket
DATA=/var/lib/loket
ADMIN_PIN=258046
# Ports are the unit's own; this long at most for the hub to answer.
ANSWER_SECONDS=60

WORK=$(mktemp -d /tmp/loket-install.XXXXXX)
chmod 755 "$WORK"
SVC=$WORK/service # the running service's pid, exit status and output
FAILED=()

log() { printf '    %s\n' "$*"; }

# --- what every check uses ------------------------------------------------------------------

# `expect WHAT COMMAND...`: "ok - WHAT" when the command succeeds; otherwise "FAIL: WHAT" and
# the check (a subshell) ends.
expect() {
  local what=$1
  shift
  if "$@"; then
    printf 'ok - %s\n' "$what"
  else
    printf 'FAIL: %s\n' "$what"
    exit 1
  fi
}

# `check NAME FUNCTION`: runs one check in a subshell with errexit, so that any unexpected
# failure inside ends that check (not the whole test) and is reported.
check() {
  local name=$1 fn=$2 rc
  printf '\n# %s\n' "$name"
  set +e
  (
    set -e
    "$fn"
  )
  rc=$?
  set -e
  if [ "$rc" -ne 0 ]; then
    printf 'FAIL: %s (the check stopped, status %s)\n' "$name" "$rc"
    FAILED+=("$name")
  fi
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
# Installed, or removed with its configuration kept: anything a purge would take away.
known() { dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -qv 'not-installed$'; }
apt_get() {
  local out=$WORK/apt.log
  if DEBIAN_FRONTEND=noninteractive apt-get "$@" >"$out" 2>&1; then return 0; fi
  tail -n 30 "$out" | sed 's/^/    apt: /'
  return 1
}
contains() { grep -q -- "$2" <<<"$1"; }
same() { [ "$1" = "$2" ] || { log "expected \"$2\", found \"$1\""; return 1; }; }
owner_of() { stat -c %U "$1"; }
mode_of() { stat -c %a "$1"; }
absent() { [ ! -e "$1" ]; }
on_path() { command -v "$1" >/dev/null; }
# No file under DIR belongs to USER / to anyone but USER.
none_owned_by() { [ -z "$(find "$2" -user "$1" -print -quit)" ]; }
all_owned_by() { [ -z "$(find "$2" ! -user "$1" -print -quit)" ]; }
lacks() { ! grep -Eq -- "$2" <<<"$1"; }
sql() { sqlite3 -readonly -batch -noheader "$1" "$2"; }

# --- the unit, as systemd would read it -----------------------------------------------------

UNIT=""
UNIT_USER=""
UNIT_GROUP=""
UNIT_UMASK=0022
UNIT_DIR=/
UNIT_ENV=()
UNIT_CMD=()
UNIT_RESTART=""

# Splits a unit's value into words the way systemd does for ExecStart= and Environment=
# (double and single quotes group; no other shell expansion happens).
words() { xargs printf '%s\n' <<<"$1"; }

# Reads the installed unit into UNIT_USER, UNIT_GROUP, UNIT_UMASK, UNIT_ENV (KEY=VALUE),
# UNIT_DIR, UNIT_RESTART and UNIT_CMD.
read_unit() {
  UNIT=$(dpkg -L loket-server | grep -E '/systemd/system/loket-hub\.service$' | head -n 1)
  [ -n "$UNIT" ] || { log "loket-server installs no loket-hub.service"; return 1; }
  UNIT_ENV=()
  UNIT_CMD=()
  UNIT_DIR=/
  UNIT_GROUP=""
  UNIT_UMASK=0022
  local line key value exec=""
  while IFS= read -r line; do
    line=${line%$'\r'}
    case $line in '' | '#'* | ';'* | '['*) continue ;; esac
    key=${line%%=*}
    value=${line#*=}
    key=${key// /}
    value=${value#"${value%%[! ]*}"}
    case $key in
      User) UNIT_USER=$value ;;
      Group) UNIT_GROUP=$value ;;
      UMask) UNIT_UMASK=$value ;;
      WorkingDirectory) UNIT_DIR=${value#-} ;;
      Restart) UNIT_RESTART=$value ;;
      Environment) mapfile -t -O "${#UNIT_ENV[@]}" UNIT_ENV < <(words "$value") ;;
      EnvironmentFile)
        local file=${value#-}
        if [ -f "$file" ]; then
          mapfile -t -O "${#UNIT_ENV[@]}" UNIT_ENV < <(grep -Ev '^[[:space:]]*(#|$)' "$file")
        fi
        ;;
      ExecStart) exec=$value ;;
    esac
  done <"$UNIT"
  # ExecStart's prefixes (-@:+!) change how systemd treats the command, not the command.
  exec=${exec##[-@:+!]}
  exec=${exec##[-@:+!]}
  mapfile -t UNIT_CMD < <(words "$exec")
  # $NAME and ${NAME} are replaced from Environment=, as systemd does.
  local i kv
  for i in "${!UNIT_CMD[@]}"; do
    for kv in "${UNIT_ENV[@]}"; do
      UNIT_CMD[i]=${UNIT_CMD[i]//\$\{${kv%%=*}\}/${kv#*=}}
      [ "${UNIT_CMD[i]}" = "\$${kv%%=*}" ] && UNIT_CMD[i]=${kv#*=}
    done
  done
  [ -n "$UNIT_USER" ] && [ ${#UNIT_CMD[@]} -gt 0 ]
}

# The environment systemd gives a system service with User=: its own PATH, the user's HOME,
# USER, LOGNAME and SHELL from the passwd entry, then the unit's Environment=.
unit_environment() {
  local who=$1 home shell
  home=$(getent passwd "$who" | cut -d: -f6)
  shell=$(getent passwd "$who" | cut -d: -f7)
  printf '%s\n' "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "HOME=$home" "USER=$who" "LOGNAME=$who" "SHELL=$shell" "${UNIT_ENV[@]}"
}

# The value of a --flag of the unit's command, else of an environment variable, else $3.
unit_setting() {
  local flag=$1 var=$2 fallback=$3 i kv
  for i in "${!UNIT_CMD[@]}"; do
    [ "${UNIT_CMD[i]}" = "$flag" ] && { echo "${UNIT_CMD[i + 1]}"; return; }
    case ${UNIT_CMD[i]} in "$flag="*) echo "${UNIT_CMD[i]#*=}"; return ;; esac
  done
  for kv in "${UNIT_ENV[@]}"; do
    [ "${kv%%=*}" = "$var" ] && { echo "${kv#*=}"; return; }
  done
  echo "$fallback"
}

unit_db() { unit_setting --db LOKET_DB ""; }
unit_port() {
  local listen
  listen=$(unit_setting --listen LOKET_LISTEN 0.0.0.0:7878)
  echo "${listen##*:}"
}

# Starts the unit's command as the unit's user in the background: its pid (the hub itself,
# as systemd would track it) in $SVC/pid, its exit status in $SVC/status when it ends.
start_service() {
  rm -rf "$SVC"
  mkdir -p "$SVC"
  chown "$UNIT_USER" "$SVC"
  local env
  mapfile -t env < <(unit_environment "$UNIT_USER")
  (
    cd "$UNIT_DIR"
    set +e
    # shellcheck disable=SC2016 # expanded by the service user's shell
    runuser -u "$UNIT_USER" ${UNIT_GROUP:+-g "$UNIT_GROUP"} -- env -i "${env[@]}" \
      sh -c 'echo $$ >"$0"; umask "$1"; shift; exec "$@"' "$SVC/pid" "$UNIT_UMASK" \
      "${UNIT_CMD[@]}" >"$SVC/out" 2>&1 </dev/null
    echo $? >"$SVC/status.tmp"
    mv "$SVC/status.tmp" "$SVC/status"
  ) &
  local i
  for i in $(seq 100); do [ -s "$SVC/pid" ] && break; sleep 0.1; done
  [ -s "$SVC/pid" ]
}

service_pid() { cat "$SVC/pid"; }

# Waits until the service's command has ended; prints its exit status.
service_status() {
  local i
  for i in $(seq 300); do
    [ -f "$SVC/status" ] && { cat "$SVC/status"; return 0; }
    sleep 0.1
  done
  log "the service did not end within 30 s"
  return 1
}

# The hub's own certificate authority, written beside the database on its first run.
ca_file() { echo "$(dirname "$(unit_db)")/tls/loket-ca.crt"; }

# GET / over HTTPS on the unit's port, trusting the hub's CA (no -k): succeeds once it answers.
answers() {
  [ -f "$(ca_file)" ] &&
    curl -sS -o /dev/null --max-time 5 --cacert "$(ca_file)" \
      --resolve "localhost:$(unit_port):127.0.0.1" "https://localhost:$(unit_port)/"
}

wait_answers() {
  local until=$((SECONDS + ANSWER_SECONDS))
  while [ $SECONDS -lt $until ]; do
    answers 2>/dev/null && return 0
    if [ -f "$SVC/status" ]; then
      log "the service ended (status $(cat "$SVC/status")): $(tail -n 5 "$SVC/out")"
      return 1
    fi
    sleep 0.2
  done
  log "nothing answered on https://localhost:$(unit_port)/ within $ANSWER_SECONDS s"
  answers || true
  return 1
}

# One operation over HTTPS as a browser sends it; prints the JSON answer, fails on a refusal.
api() {
  local op=$1 args=$2 token=${3:-} body
  body=$(printf '{"op":"%s","args":%s}' "$op" "$args")
  curl -sS --fail-with-body --max-time 30 --cacert "$(ca_file)" \
    --resolve "localhost:$(unit_port):127.0.0.1" \
    -H 'Content-Type: application/json' ${token:+-H "Authorization: Bearer $token"} \
    -d "$body" "https://localhost:$(unit_port)/api/dispatch"
}

login() {
  local answer
  answer=$(api auth.login "{\"username\":\"$1\",\"pin\":\"$2\"}") || { log "$answer"; return 1; }
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$answer"
}

# The hub's own command line tool, as the service's user on the unit's database.
as_service() {
  local env
  mapfile -t env < <(unit_environment "$UNIT_USER")
  # shellcheck disable=SC2016 # expanded by the service user's shell
  runuser -u "$UNIT_USER" ${UNIT_GROUP:+-g "$UNIT_GROUP"} -- env -i "${env[@]}" \
    sh -c 'umask "$0"; exec "$@"' "$UNIT_UMASK" loket-hub --db "$(unit_db)" "$@"
}

add_admin() {
  printf '%s\n' "$ADMIN_PIN" | as_service accounts add admin --role admin --name 'Admin Setda' >/dev/null
}

no_login() { case $1 in */nologin | /bin/false | /usr/bin/false) ;; *) return 1 ;; esac; }

stop_service() {
  [ -s "$SVC/pid" ] && [ ! -f "$SVC/status" ] || return 0
  kill -TERM "$(service_pid)" 2>/dev/null || true
  service_status >/dev/null || true
}

# --- clean state and cleanup ----------------------------------------------------------------

clean_state() { ! known loket && ! known loket-server && ! id "$SERVICE_USER" >/dev/null 2>&1 && absent "$DATA"; }

clean_slate() {
  local p
  for p in loket loket-server; do
    if known "$p"; then
      DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "$p" >/dev/null 2>&1 || dpkg --purge "$p" >/dev/null 2>&1 || true
    fi
  done
  if id "$TEST_USER" >/dev/null 2>&1; then
    pkill -KILL -u "$TEST_USER" 2>/dev/null || true
    sleep 0.5
    userdel -r "$TEST_USER" >/dev/null 2>&1 || true
  fi
  if id "$SERVICE_USER" >/dev/null 2>&1; then
    pkill -KILL -u "$SERVICE_USER" 2>/dev/null || true
    sleep 0.5
    userdel "$SERVICE_USER" >/dev/null 2>&1 || true
  fi
  if getent group "$SERVICE_USER" >/dev/null; then groupdel "$SERVICE_USER" >/dev/null 2>&1 || true; fi
  rm -rf "$DATA"
}

cleanup() {
  set +e
  if [ -s "$SVC/pid" ] && [ ! -f "$SVC/status" ]; then kill -KILL "$(service_pid)" 2>/dev/null; fi
  clean_slate
  rm -rf "$WORK"
}

# --- the checks -----------------------------------------------------------------------------

check_install_desktop() {
  clean_slate
  expect "no loket package, \"$SERVICE_USER\" user or $DATA left from before" clean_state
  expect "apt-get install ./loket_${VERSION}_${ARCH}.deb (its run-time dependencies from the archive)" \
    apt_get install -y "$DESKTOP_DEB"
  expect "dpkg -s loket: installed" installed loket
  expect "loket --version names $VERSION" contains "$(loket --version 2>&1)" "$VERSION"
  expect "loket-hub --version names $VERSION" contains "$(loket-hub --version 2>&1)" "$VERSION"
  local entry
  entry=$(dpkg -L loket | grep -E '^/usr/share/applications/.*\.desktop$' | head -n 1)
  expect "a desktop entry in /usr/share/applications ($entry)" test -f "$entry"
  expect "the menu shows \"Loket — Layanan Tamu\"" grep -qx 'Name=Loket — Layanan Tamu' "$entry"
  local icon exec
  icon=$(sed -n 's/^Icon=//p' "$entry" | head -n 1)
  exec=$(sed -n 's/^Exec=//p' "$entry" | head -n 1)
  expect "its icon \"$icon\" resolves to a file" icon_file "$icon"
  expect "its command \"$exec\" is on the PATH" on_path "${exec%% *}"
  local depends
  depends=$(dpkg-deb -f "$DESKTOP_DEB" Depends)
  log "Depends: $depends"
  expect "no -dev package among its dependencies" lacks "$depends" '-dev([ ,(]|$)'
}

# An icon name of a desktop entry: a file itself, or one in the hicolor theme or pixmaps.
icon_file() {
  local found
  if [ "${1:0:1}" = / ]; then found=$1; else
    found=$(find /usr/share/icons/hicolor /usr/share/pixmaps -name "$1.png" -o -name "$1.svg" -o -name "$1.xpm" 2>/dev/null | head -n 1)
  fi
  [ -n "$found" ] && [ -s "$found" ] && log "icon: $found"
}

check_desktop_first_run() {
  useradd --create-home --shell /bin/bash "$TEST_USER"
  local home desk exec app seen driver
  home=$(getent passwd "$TEST_USER" | cut -d: -f6)
  expect "a fresh home for $TEST_USER, with no Loket data" absent "$home/.local/share/loket"
  desk=$WORK/desktop
  mkdir -p "$desk"
  cp "$ROOT/tests/e2e/webdriver.mjs" "$ROOT/tests/install/first-run.mjs" "$desk/"
  # tauri-driver is installed under root's cargo folder, which the user cannot enter.
  driver=${TAURI_DRIVER:-$(command -v tauri-driver || echo /root/.cargo/bin/tauri-driver)}
  cp "$driver" "$desk/tauri-driver"
  chmod 755 "$desk/tauri-driver"
  chown -R "$TEST_USER" "$desk"
  # What the menu entry runs.
  exec=$(sed -n 's/^Exec=//p' "$(dpkg -L loket | grep -E '^/usr/share/applications/.*\.desktop$' | head -n 1)" | head -n 1)
  app=$(command -v "${exec%% *}")
  seen=$(runuser -u "$TEST_USER" -- env -i HOME="$home" USER="$TEST_USER" LOGNAME="$TEST_USER" \
    PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 TAURI_DRIVER="$desk/tauri-driver" \
    timeout --kill-after=10s 180s "$(command -v node)" "$desk/first-run.mjs" "$app" "$desk/first-run.png" \
    2>"$desk/err") || { log "$(tail -n 20 "$desk/err")"; false; }
  log "first screen: $seen"
  expect "the first screen greets a new office (\"Selamat datang di Loket\")" contains "$seen" '"heading":"Selamat datang di Loket"'
  expect "it asks for the first admin (user name, full name, PIN twice)" \
    contains "$seen" '"fields":\["Nama pengguna admin","Nama lengkap \*","PIN (6–12 angka, tidak berurutan)","Ulangi PIN"\]'
  expect "it is not the login form" contains "$seen" '"loginForm":false'
  mkdir -p "$SHOTS"
  cp "$desk/first-run.png" "$SHOTS/install-first-run.png"
  chown --reference="$ROOT/Cargo.toml" "$SHOTS/install-first-run.png"
  log "screenshot: $SHOTS/install-first-run.png"
  local db=$home/.local/share/loket/loket.db
  expect "the database is made in ~/.local/share/loket/ of $TEST_USER" test -s "$db"
  expect "it belongs to $TEST_USER" same "$(owner_of "$db")" "$TEST_USER"
  expect "nothing in the home belongs to root" none_owned_by root "$home"
  # The window and its drivers are gone with the session; whatever is left of them ends here.
  pkill -KILL -u "$TEST_USER" 2>/dev/null || true
}

check_remove_desktop() {
  local home
  home=$(getent passwd "$TEST_USER" | cut -d: -f6)
  expect "apt-get remove -y loket" apt_get remove -y loket
  expect "/usr/bin/loket is gone" absent /usr/bin/loket
  expect "/usr/bin/loket-hub is gone" absent /usr/bin/loket-hub
  expect "the menu entry is gone" lacks "$(ls /usr/share/applications/)" '[Ll]oket'
  expect "the user's database stays" test -s "$home/.local/share/loket/loket.db"
}

check_install_server() {
  expect "apt-get install ./loket-server_${VERSION}_${ARCH}.deb" apt_get install -y "$SERVER_DEB"
  expect "dpkg -s loket-server: installed" installed loket-server
  expect "loket-hub --version names $VERSION" contains "$(loket-hub --version 2>&1)" "$VERSION"
  # One machine has one of the two: the desktop app serves the LAN itself.
  expect "installing the desktop package here would remove loket-server (they conflict)" \
    contains "$(apt-get install -s "$DESKTOP_DEB" 2>&1)" '^Remv loket-server'
  local entry
  entry=$(getent passwd "$SERVICE_USER") || true
  log "passwd: $entry"
  expect "the user \"$SERVICE_USER\" exists" test -n "$entry"
  expect "it has no login shell (${entry##*:})" no_login "${entry##*:}"
  expect "it is a system user" test "$(id -u "$SERVICE_USER")" -lt 1000
  expect "$DATA is 0750" same "$(mode_of "$DATA")" 750
  expect "$DATA belongs to $SERVICE_USER" same "$(owner_of "$DATA")" "$SERVICE_USER"
  expect "the unit file is installed" read_unit
  log "unit: $UNIT"
  log "User=$UNIT_USER Group=${UNIT_GROUP:-(its own)} UMask=$UNIT_UMASK WorkingDirectory=$UNIT_DIR Restart=$UNIT_RESTART"
  log "Environment: ${UNIT_ENV[*]:-(none)}"
  log "ExecStart: ${UNIT_CMD[*]}"
  expect "it runs as User=$SERVICE_USER" same "$UNIT_USER" "$SERVICE_USER"
  expect "its database is $DATA/loket.db" same "$(unit_db)" "$DATA/loket.db"
  expect "it listens on port 7878" same "$(unit_port)" 7878
  local link=/etc/systemd/system/multi-user.target.wants/loket-hub.service
  expect "enabled: $link (started at boot)" test -L "$link"
  expect "the link leads to the installed unit" same "$(readlink -f "$link")" "$(readlink -f "$UNIT")"
  # Offline: systemd-analyze loads the unit into a test manager of its own; no systemd as
  # process 1 is needed.
  local out
  out=$(systemd-analyze verify "$UNIT" 2>&1) || { log "$out"; false; }
  [ -z "$out" ] || log "systemd-analyze: $out"
  expect "systemd-analyze verify $UNIT passes, with nothing to say about the unit" \
    lacks "$out" 'loket-hub\.service'
}

check_service_runs() {
  read_unit
  expect "the unit's command starts as $UNIT_USER" start_service
  expect "it answers on https://localhost:$(unit_port)/ (the hub's own CA trusted, no -k)" wait_answers
  expect "the process runs as $UNIT_USER" same "$(ps -o user= -p "$(service_pid)" | tr -d ' ')" "$UNIT_USER"
  expect "everything in $DATA belongs to $UNIT_USER" all_owned_by "$UNIT_USER" "$DATA"
  # The schema of a brand-new database: the version an upgrade must reach.
  sql "$(unit_db)" 'PRAGMA user_version' >"$WORK/fresh-schema"
  log "a new database has schema $(cat "$WORK/fresh-schema")"
  kill -TERM "$(service_pid)"
  expect "SIGTERM (systemctl stop, shutdown) stops it with exit status 0" same "$(service_status)" 0
  expect "the database was checkpointed (no -wal left, or an empty one)" test ! -s "$(unit_db)-wal"
}

check_root_refused() {
  read_unit
  stop_service
  # The same command as root: refused before it touches anything.
  local env out rc
  mapfile -t env < <(unit_environment root)
  set +e
  out=$(cd "$UNIT_DIR" && env -i "${env[@]}" timeout 20s "${UNIT_CMD[@]}" 2>&1 </dev/null)
  rc=$?
  set -e
  log "as root: status $rc: $out"
  expect "as root it is refused (non-zero status, not a timeout)" test "$rc" -ne 0 -a "$rc" -ne 124
  expect "the refusal names root" contains "$out" root
  expect "no file in $DATA belongs to root" none_owned_by root "$DATA"
}

check_crash_restart() {
  read_unit
  expect "the unit restarts the hub when it fails (Restart=$UNIT_RESTART)" \
    contains " on-failure always on-abnormal " " $UNIT_RESTART "
  # An office: a demo day on a past working day (it sets the office up), and the first admin.
  local day="" back
  for back in $(seq 1 14); do
    if as_service demo --date "$(date -d "-$back day" +%F)" >/dev/null 2>&1; then
      day=$(date -d "-$back day" +%F)
      break
    fi
  done
  expect "a demo office is set up ($day)" test -n "$day"
  expect "the first admin is made on the hub's machine (PIN on standard input)" add_admin
  start_service
  expect "the hub answers" wait_answers
  local token ticket
  token=$(login admin "$ADMIN_PIN")
  expect "the admin logs in over HTTPS" test -n "$token"
  ticket=$(api desk.check_in '{"guest":{"name":"Rina Marlina","id_type":"ktp","id_number":"6311015208900012"},"service":"balangan-perekonomian-1","purpose":"Konsultasi penyertaan modal BUMD","admitted_note":"uji pemasangan"}' "$token" |
    sed -n 's/.*"ticket":"\([^"]*\)".*/\1/p' | head -n 1)
  expect "a guest is checked in (ticket $ticket)" test -n "$ticket"
  # A crash or a power cut: no signal handler runs, nothing is flushed on the way out.
  kill -KILL "$(service_pid)"
  expect "kill -9 ends the hub (status $(service_status))" test -f "$SVC/status"
  log "what systemd's Restart=$UNIT_RESTART does next: run the unit's command again"
  start_service
  expect "the unit's command, run again, answers" wait_answers
  token=$(login admin "$ADMIN_PIN")
  expect "the admin still logs in" test -n "$token"
  expect "the guest checked in before the crash is on today's list (ticket $ticket)" \
    contains "$(api desk.today '{}' "$token")" "\"ticket\":\"$ticket\""
  kill -TERM "$(service_pid)"
  expect "stopped again with exit status 0" same "$(service_status)" 0
}

check_upgrade() {
  read_unit
  expect "the fixture of Loket v0.1.0 is there ($FIXTURE)" test -s "$FIXTURE"
  local db old old_schema old_visits
  db=$(unit_db)
  # Read from a copy: SQLite writes its -shm beside whatever file it opens.
  old=$WORK/fixture.db
  cp "$FIXTURE" "$old"
  old_schema=$(sql "$old" 'PRAGMA user_version')
  old_visits=$(sql "$old" "SELECT count(*) FROM visit WHERE office_day = '$FIXTURE_DAY'")
  sql "$old" 'SELECT key, value FROM setting ORDER BY key' >"$WORK/old-settings"
  log "fixture: schema $old_schema, $old_visits visits on $FIXTURE_DAY, $(wc -l <"$WORK/old-settings") settings"
  expect "the fixture has visits on $FIXTURE_DAY" test "$old_visits" -gt 0
  # The hub is stopped; the old version's database takes the place of the current one.
  stop_service
  rm -rf "$db" "$db-wal" "$db-shm" "$(dirname "$db")/backups"
  install -o "$UNIT_USER" -g "$(id -gn "$UNIT_USER")" -m 600 "$FIXTURE" "$db"
  expect "the package installed again, as an upgrade does" apt_get install -y --reinstall "$SERVER_DEB"
  expect "the upgrade left the database alone" cmp -s "$FIXTURE" "$db"
  read_unit
  start_service
  expect "the hub on the old database answers" wait_answers
  local new_schema
  new_schema=$(sql "$db" 'PRAGMA user_version')
  expect "the schema is migrated from $old_schema to $new_schema, a new database's" \
    test "$new_schema" = "$(cat "$WORK/fresh-schema")" -a "$new_schema" -gt "$old_schema"
  local backup
  backup=$(find "$(dirname "$db")/backups" -name 'loket-*-sebelum-migrasi*.db' 2>/dev/null | head -n 1)
  expect "a backup was made before the migration ($backup)" test -s "$backup"
  expect "the backup keeps the old schema ($old_schema)" same "$(sql "$backup" 'PRAGMA user_version')" "$old_schema"
  expect "the backup holds the same $old_visits visits of $FIXTURE_DAY" \
    same "$(sql "$backup" "SELECT count(*) FROM visit WHERE office_day = '$FIXTURE_DAY'")" "$old_visits"
  expect "the backup belongs to $UNIT_USER" same "$(owner_of "$backup")" "$UNIT_USER"
  local token
  token=$(login admin "$FIXTURE_PIN")
  expect "the admin of v0.1.0 logs in over HTTPS with the old PIN" test -n "$token"
  expect "so does its receptionist, with the 4-digit PIN of those days" \
    test -n "$(login resepsionis "$FIXTURE_STAFF_PIN")"
  local office
  office=$(api office.get '{}' "$token")
  log "office.get: ${office:0:200}…"
  sql "$db" 'SELECT key, value FROM setting ORDER BY key' >"$WORK/new-settings"
  expect "every office setting of v0.1.0 is there, unchanged" \
    same "$(LC_ALL=C comm -23 <(LC_ALL=C sort "$WORK/old-settings") <(LC_ALL=C sort "$WORK/new-settings"))" ""
  local csv=$SVC/bukutamu.csv
  as_service export --date "$FIXTURE_DAY" --format csv --out "$csv" >"$SVC/export.out"
  log "export: $(head -c 300 "$SVC/export.out")"
  expect "the guest log of $FIXTURE_DAY lists the $old_visits visits" \
    same "$(grep -c "^[0-9]*;$FIXTURE_DAY;" "$csv")" "$old_visits"
  kill -TERM "$(service_pid)"
  expect "stopped with exit status 0" same "$(service_status)" 0
}

check_remove_purge_server() {
  read_unit
  local db
  db=$(unit_db)
  expect "apt-get remove -y loket-server" apt_get remove -y loket-server
  expect "/usr/bin/loket-hub is gone" absent /usr/bin/loket-hub
  expect "the database stays after remove ($db)" test -s "$db"
  expect "apt-get purge -y loket-server" apt_get purge -y loket-server
  expect "$DATA is gone after purge" absent "$DATA"
  if id "$SERVICE_USER" >/dev/null 2>&1; then log "the user $SERVICE_USER is kept after purge"; fi
}

# --- the run --------------------------------------------------------------------------------

main() {
  [ "$(id -u)" -eq 0 ] || { echo "FAIL: the install test needs root (run it with sudo)" >&2; exit 1; }
  local tool
  for tool in apt-get dpkg-deb runuser curl sqlite3 systemd-analyze node Xvfb /usr/bin/WebKitWebDriver; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (./loket.sh test installs it)" >&2; exit 1; }
  done
  for tool in "$DESKTOP_DEB" "$SERVER_DEB"; do
    [ -f "$tool" ] || { echo "FAIL: $tool is missing (./loket.sh package --deb makes it)" >&2; exit 1; }
  done
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  echo "Install test of Loket $VERSION ($PACKAGES)"
  local started=$SECONDS
  check "1. the desktop package installs" check_install_desktop
  check "2. the desktop app starts on the first-run screen for an ordinary user" check_desktop_first_run
  check "3. removing the desktop package keeps the user's data" check_remove_desktop
  check "4. the server package installs its user, folder and enabled unit" check_install_server
  check "5. the unit's command serves as its user and stops cleanly" check_service_runs
  check "5b. the unit's command as root is refused" check_root_refused
  check "6. a killed hub started again has lost nothing" check_crash_restart
  check "7. an upgrade keeps v0.1.0's data, migrated, with a backup" check_upgrade
  check "8. remove keeps the database, purge removes it" check_remove_purge_server
  echo
  if [ ${#FAILED[@]} -gt 0 ]; then
    printf 'FAIL: %s\n' "${FAILED[@]}"
    echo "Install test: ${#FAILED[@]} check(s) failed ($((SECONDS - started)) s)."
    exit 1
  fi
  echo "Install test: all checks passed ($((SECONDS - started)) s)."
}

main "$@"
