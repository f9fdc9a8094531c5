//! The database schema and its migrations, numbered by `PRAGMA user_version`.
//!
//! Each migration runs in one transaction with the version bump, so a database is always at
//! exactly one schema version. Migrations are only ever appended to [`MIGRATIONS`].

use rusqlite::Connection;

/// `PRAGMA application_id` of a Loket database ("LKT1"), how a foreign file is told apart.
pub const APPLICATION_ID: i32 = 0x4C4B_5431;

/// The standards catalog: imported versions of each region's decrees and their services.
/// Versions are never changed or deleted: a visit refers to the version it was served under.
const V1_STANDARDS: &str = r#"
CREATE TABLE standards_version (
    id            INTEGER PRIMARY KEY,
    region        TEXT    NOT NULL,
    version       INTEGER NOT NULL CHECK (version > 0),
    origin        TEXT    NOT NULL CHECK (origin IN ('bundled', 'file')),
    source_name   TEXT    NOT NULL,
    source_sha256 TEXT    NOT NULL,
    imported_at   TEXT    NOT NULL,
    -- the file without its services: region, office, decrees, units
    header        TEXT    NOT NULL,
    UNIQUE (region, version)
);

CREATE TABLE service (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES standards_version (id),
    code       TEXT    NOT NULL,
    unit_id    TEXT    NOT NULL,
    unit_name  TEXT    NOT NULL,
    number     TEXT    NOT NULL,
    ordinal    INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    -- the service as in the standards file (components, hours, time_limit, intake)
    data       TEXT    NOT NULL,
    UNIQUE (version_id, code)
);

CREATE VIEW current_service AS
SELECT s.*, v.region AS region, v.version AS version
FROM service s
JOIN standards_version v ON v.id = s.version_id
WHERE v.version = (SELECT max(w.version) FROM standards_version w WHERE w.region = v.region);

CREATE TRIGGER standards_version_is_append_only_u BEFORE UPDATE ON standards_version
BEGIN SELECT RAISE(ABORT, 'standards versions are never changed'); END;
CREATE TRIGGER standards_version_is_append_only_d BEFORE DELETE ON standards_version
BEGIN SELECT RAISE(ABORT, 'standards versions are never deleted'); END;
CREATE TRIGGER service_is_append_only_u BEFORE UPDATE ON service
BEGIN SELECT RAISE(ABORT, 'services of a standards version are never changed'); END;
CREATE TRIGGER service_is_append_only_d BEFORE DELETE ON service
BEGIN SELECT RAISE(ABORT, 'services of a standards version are never deleted'); END;

-- Full-text index of every service; rowid = service.id. Case- and accent-insensitive,
-- with prefix indexes for search-as-you-type.
CREATE VIRTUAL TABLE service_fts USING fts5 (
    name, unit, persyaratan, prosedur, jangka_waktu, biaya, produk, pengaduan,
    dasar_hukum, sarana, kompetensi, pengawasan, jumlah_pelaksana, jaminan_pelayanan,
    jaminan_keamanan, evaluasi,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
"#;

/// The front desk: the office's setup, guests, visits as append-only event logs, the ID
/// drawer and the queue's ticket counters.
const V2_DESK: &str = r#"
-- The office's settings (JSON values): which decree, which bagian, the drawer, ...
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Per-database secret for keyed hashes of ID numbers; never exported or shown.
CREATE TABLE secret (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE official (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    nip        TEXT,
    title      TEXT    NOT NULL,
    room       TEXT    NOT NULL,
    -- a role such as "Pokja Pemilihan" that several people answer
    is_role    INTEGER NOT NULL DEFAULT 0 CHECK (is_role IN (0, 1)),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT    NOT NULL
);

-- Which services (catalog ids) an official handles.
CREATE TABLE official_service (
    official_id  INTEGER NOT NULL REFERENCES official (id),
    service_code TEXT    NOT NULL,
    PRIMARY KEY (official_id, service_code)
);

-- Ticket prefixes: scope is "service:<catalog id>" or "unit:<bagian id>".
CREATE TABLE ticket_prefix (
    scope  TEXT PRIMARY KEY,
    prefix TEXT NOT NULL CHECK (length(prefix) BETWEEN 1 AND 3)
);

-- The last ticket number issued per office day and prefix.
CREATE TABLE ticket_counter (
    office_day TEXT    NOT NULL,
    prefix     TEXT    NOT NULL,
    last       INTEGER NOT NULL,
    PRIMARY KEY (office_day, prefix)
);

-- Holidays the admin added to the shipped calendar.
CREATE TABLE holiday (
    date TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE guest (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    phone       TEXT,
    institution TEXT,
    id_type     TEXT NOT NULL,
    -- keyed hash of the ID number and its last four characters; never the number itself
    id_hash     TEXT NOT NULL,
    id_last4    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (id_hash)
);
CREATE INDEX guest_by_name ON guest (name_key);
CREATE INDEX guest_by_phone ON guest (phone);

-- A visit. Columns after "arrived_at" are a projection of its events, written only by the
-- same transaction that appends the event they follow from.
CREATE TABLE visit (
    id            INTEGER PRIMARY KEY,
    guest_id      INTEGER NOT NULL REFERENCES guest (id),
    -- the exact version of the standard the visit is served under
    service_id    INTEGER NOT NULL REFERENCES service (id),
    office_day    TEXT    NOT NULL,
    ticket        TEXT    NOT NULL,
    arrived_at    TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    service_code  TEXT    NOT NULL,
    official_id   INTEGER REFERENCES official (id),
    queued_at     TEXT    NOT NULL,
    UNIQUE (office_day, ticket)
);
CREATE INDEX visit_by_day ON visit (office_day, status);
CREATE INDEX visit_queue ON visit (status, queued_at);

-- The history of a visit: appended, never changed or deleted.
CREATE TABLE visit_event (
    id       INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visit (id),
    at       TEXT    NOT NULL,
    actor    TEXT    NOT NULL,
    kind     TEXT    NOT NULL,
    data     TEXT    NOT NULL
);
CREATE INDEX visit_event_by_visit ON visit_event (visit_id, id);
CREATE TRIGGER visit_event_is_append_only_u BEFORE UPDATE ON visit_event
BEGIN SELECT RAISE(ABORT, 'visit events are never changed'); END;
CREATE TRIGGER visit_event_is_append_only_d BEFORE DELETE ON visit_event
BEGIN SELECT RAISE(ABORT, 'visit events are never deleted'); END;

-- The ID drawer's numbered slots.
CREATE TABLE id_slot (
    number INTEGER PRIMARY KEY CHECK (number > 0)
);

-- The cards in the drawer now (a projection of the visits' custody events): one card per
-- slot, one slot per card, one visit per card.
CREATE TABLE id_custody (
    slot       INTEGER PRIMARY KEY REFERENCES id_slot (number),
    visit_id   INTEGER NOT NULL UNIQUE REFERENCES visit (id),
    id_hash    TEXT    NOT NULL UNIQUE,
    since      TEXT    NOT NULL,
    -- set when the guest left without it (recorded at closing); the card stays in the drawer
    left_behind_at TEXT
);
"#;

/// Accounts, their sessions, the display screens' tokens, and the log of every login.
const V3_ACCOUNTS: &str = r#"
CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('resepsionis', 'pejabat', 'kepala_bagian', 'admin')),
    -- the official this account acts as (for pejabat and kepala bagian)
    official_id   INTEGER REFERENCES official (id),
    pin_hash      TEXT    NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_logins INTEGER NOT NULL DEFAULT 0,
    last_failed_at TEXT,
    locked_until  TEXT,
    created_at    TEXT    NOT NULL
);

-- A session: a user's login, or a display screen's token (no user). Only the token's hash
-- is stored.
CREATE TABLE session (
    token_hash  TEXT PRIMARY KEY,
    account_id  INTEGER REFERENCES account (id),
    display     TEXT,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    ended_at    TEXT,
    CHECK ((account_id IS NULL) <> (display IS NULL))
);

-- Every login, failure, lockout and logout.
CREATE TABLE auth_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    username TEXT NOT NULL,
    event    TEXT NOT NULL,
    detail   TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER auth_log_is_append_only_u BEFORE UPDATE ON auth_log
BEGIN SELECT RAISE(ABORT, 'the login log is never changed'); END;
CREATE TRIGGER auth_log_is_append_only_d BEFORE DELETE ON auth_log
BEGIN SELECT RAISE(ABORT, 'the login log is never deleted'); END;
"#;

/// Every export of the guest log: who, what, when.
const V4_EXPORTS: &str = r#"
CREATE TABLE export_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    actor     TEXT    NOT NULL,
    format    TEXT    NOT NULL,
    date_from TEXT    NOT NULL,
    date_to   TEXT    NOT NULL,
    visits    INTEGER NOT NULL
);
CREATE TRIGGER export_log_is_append_only_u BEFORE UPDATE ON export_log
BEGIN SELECT RAISE(ABORT, 'the export log is never changed'); END;
CREATE TRIGGER export_log_is_append_only_d BEFORE DELETE ON export_log
BEGIN SELECT RAISE(ABORT, 'the export log is never deleted'); END;
"#;

/// Issue 5: device tokens of more than one kind, the satisfaction survey (SKM) and the
/// complaints and suggestions the bagian receives.
const V5_SURVEY_AND_COMPLAINTS: &str = r#"
-- A device token (no user) is for a waiting-room display or a survey kiosk; the `display`
-- column holds the device's name whatever its kind. Tokens made before V5 were displays.
ALTER TABLE session ADD COLUMN device_kind TEXT CHECK (device_kind IN ('display', 'kiosk'));
UPDATE session SET device_kind = 'display' WHERE display IS NOT NULL;

-- One answer sheet of the Survei Kepuasan Masyarakat (PermenPAN-RB 14/2017), given on the
-- kiosk after a visit was served. At most one per visit. The service, its bagian and the
-- office day are copied so that reports never need the visit (nor its guest): every report
-- reads this table alone and is anonymous.
CREATE TABLE survey_response (
    id           INTEGER PRIMARY KEY,
    visit_id     INTEGER NOT NULL UNIQUE REFERENCES visit (id),
    service_code TEXT    NOT NULL,
    service_name TEXT    NOT NULL,
    unit_id      TEXT    NOT NULL,
    unit_name    TEXT    NOT NULL,
    office_day   TEXT    NOT NULL,
    u1 INTEGER NOT NULL CHECK (u1 BETWEEN 1 AND 4),
    u2 INTEGER NOT NULL CHECK (u2 BETWEEN 1 AND 4),
    u3 INTEGER NOT NULL CHECK (u3 BETWEEN 1 AND 4),
    u4 INTEGER NOT NULL CHECK (u4 BETWEEN 1 AND 4),
    u5 INTEGER NOT NULL CHECK (u5 BETWEEN 1 AND 4),
    u6 INTEGER NOT NULL CHECK (u6 BETWEEN 1 AND 4),
    u7 INTEGER NOT NULL CHECK (u7 BETWEEN 1 AND 4),
    u8 INTEGER NOT NULL CHECK (u8 BETWEEN 1 AND 4),
    u9 INTEGER NOT NULL CHECK (u9 BETWEEN 1 AND 4),
    comment      TEXT    CHECK (comment IS NULL OR length(comment) <= 500),
    submitted_at TEXT    NOT NULL
);
CREATE INDEX survey_response_by_day ON survey_response (office_day);
CREATE TRIGGER survey_response_is_append_only_u BEFORE UPDATE ON survey_response
BEGIN SELECT RAISE(ABORT, 'survey responses are never changed'); END;
CREATE TRIGGER survey_response_is_append_only_d BEFORE DELETE ON survey_response
BEGIN SELECT RAISE(ABORT, 'survey responses are never deleted'); END;

-- Complaints, suggestions and feedback (pengaduan, saran, masukan) from every channel, and
-- how each was followed up. The current state is here; every change is in complaint_event.
CREATE TABLE complaint (
    id           INTEGER PRIMARY KEY,
    -- the office day it reached the bagian (a suggestion box is emptied later)
    received_on  TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('pengaduan', 'saran', 'masukan')),
    channel      TEXT    NOT NULL
                 CHECK (channel IN ('kotak_saran', 'sp4n_lapor', 'email', 'whatsapp', 'langsung')),
    service_code TEXT,
    summary      TEXT    NOT NULL CHECK (length(summary) BETWEEN 1 AND 2000),
    -- how to answer the complainant, if they left a way; shown masked in lists
    contact      TEXT    CHECK (contact IS NULL OR length(contact) <= 120),
    status       TEXT    NOT NULL DEFAULT 'baru' CHECK (status IN ('baru', 'diproses', 'selesai')),
    -- who follows it up, and what was done
    handler      TEXT    CHECK (handler IS NULL OR length(handler) <= 120),
    follow_up    TEXT    CHECK (follow_up IS NULL OR length(follow_up) <= 2000),
    recorded_at  TEXT    NOT NULL,
    recorded_by  TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    updated_by   TEXT    NOT NULL
);
CREATE INDEX complaint_by_day ON complaint (received_on, status);

-- Every recording and update of a complaint: appended, never changed or deleted.
CREATE TABLE complaint_event (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaint (id),
    at           TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    handler      TEXT,
    follow_up    TEXT
);
CREATE INDEX complaint_event_by_complaint ON complaint_event (complaint_id, id);
CREATE TRIGGER complaint_event_is_append_only_u BEFORE UPDATE ON complaint_event
BEGIN SELECT RAISE(ABORT, 'complaint history is never changed'); END;
CREATE TRIGGER complaint_event_is_append_only_d BEFORE DELETE ON complaint_event
BEGIN SELECT RAISE(ABORT, 'complaint history is never deleted'); END;
"#;

/// Issue 6: personal data under UU 27/2022. A guest can be anonymised (by the retention rule
/// or on the guest's request); the personal text in their visits' events is then redacted
/// once, in place — the only change an event may ever undergo — so that the statistics
/// (times, services, outcomes, waits) stay. Every retention run, erasure, restore and
/// setting change is logged, without the erased data.
const V6_PRIVACY: &str = r#"
ALTER TABLE guest ADD COLUMN anonymised_at TEXT;
ALTER TABLE visit_event ADD COLUMN redacted_at TEXT;

-- Events stay append-only, except for one redaction of their personal text: the kind, time,
-- actor and visit never change, and a redacted event never changes again.
DROP TRIGGER visit_event_is_append_only_u;
CREATE TRIGGER visit_event_is_append_only_u BEFORE UPDATE ON visit_event
WHEN OLD.redacted_at IS NOT NULL OR NEW.redacted_at IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.visit_id IS NOT OLD.visit_id OR NEW.at IS NOT OLD.at
  OR NEW.actor IS NOT OLD.actor OR NEW.kind IS NOT OLD.kind
BEGIN SELECT RAISE(ABORT, 'visit events are never changed, except once to erase personal data'); END;

-- Actions on the data as a whole: retention runs, erasures, restores, their settings.
-- Who, when, how many, why; never the erased data itself.
CREATE TABLE data_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT    NOT NULL,
    actor    TEXT    NOT NULL,
    action   TEXT    NOT NULL
             CHECK (action IN ('retensi', 'hapus', 'atur_retensi', 'atur_cadangan', 'pulihkan')),
    -- how many guests were anonymised (0 for settings and restores)
    guests   INTEGER NOT NULL DEFAULT 0,
    -- the guest an erasure was for (a row id, so that a restore can erase them again)
    guest_id INTEGER,
    detail   TEXT    NOT NULL DEFAULT ''
);
CREATE TRIGGER data_log_is_append_only_u BEFORE UPDATE ON data_log
BEGIN SELECT RAISE(ABORT, 'the data log is never changed'); END;
CREATE TRIGGER data_log_is_append_only_d BEFORE DELETE ON data_log
BEGIN SELECT RAISE(ABORT, 'the data log is never deleted'); END;
"#;

/// Issue 6: a guest's visits found by index. Every screen that shows a guest counts their
/// visits; without it each count read the whole visit table, and an official's queue took
/// seconds on a year of 100,000 visits.
const V7_VISIT_BY_GUEST: &str = r#"
CREATE INDEX visit_by_guest ON visit (guest_id, office_day);
"#;

/// Search finds words with an apostrophe ("Al-Qur'an", "Jum'at") typed without it: the
/// index is rewritten without apostrophes (see [`after_migration`]).
const V8_SEARCH_WITHOUT_APOSTROPHES: &str = "";

/// Issue 3: a third kind of device token, the blanko tablet where guests fill in their own
/// Lembar Blanko. SQLite cannot widen a CHECK, so the session table is copied into one whose
/// `device_kind` admits it (nothing refers to sessions; every token stays valid).
const V9_BLANKO_TABLET: &str = r#"
CREATE TABLE session_v9 (
    token_hash  TEXT PRIMARY KEY,
    account_id  INTEGER REFERENCES account (id),
    display     TEXT,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    last_seen   TEXT NOT NULL,
    ended_at    TEXT,
    device_kind TEXT CHECK (device_kind IN ('display', 'kiosk', 'tablet')),
    CHECK ((account_id IS NULL) <> (display IS NULL))
);
INSERT INTO session_v9 (token_hash, account_id, display, created_at, expires_at, last_seen, ended_at, device_kind)
SELECT token_hash, account_id, display, created_at, expires_at, last_seen, ended_at, device_kind FROM session;
DROP TABLE session;
ALTER TABLE session_v9 RENAME TO session;
"#;

/// Issue 6: the day's calls found by time. The waiting-room display lists the newest calls
/// after every change; without it each list read every event of the day's visits and
/// sorted them, a fifth of the hub's work under fifty officials.
const V10_CALLS_BY_TIME: &str = r#"
CREATE INDEX IF NOT EXISTS visit_event_calls ON visit_event (at) WHERE kind IN ('called', 'recalled');
"#;

/// Logging in on an office network: throttles kept per key (an account from the desktop
/// window, an account from one address, an account from the whole network, one address), so
/// that nobody on the LAN can lock the desk's own window out; whether an account's PIN meets
/// today's rule (at least six digits), learnt when it is set or next used (NULL: not yet).
const V11_LOGIN_THROTTLES: &str = r#"
CREATE TABLE IF NOT EXISTS login_throttle (
    key            TEXT PRIMARY KEY,
    failed         INTEGER NOT NULL DEFAULT 0,
    last_failed_at TEXT,
    locked_until   TEXT
);

-- A guest's data read for their request ('lihat') is logged like an erasure.
CREATE TABLE data_log_v11 (
    id       INTEGER PRIMARY KEY,
    at       TEXT    NOT NULL,
    actor    TEXT    NOT NULL,
    action   TEXT    NOT NULL
             CHECK (action IN ('retensi', 'hapus', 'atur_retensi', 'atur_cadangan', 'pulihkan', 'lihat')),
    guests   INTEGER NOT NULL DEFAULT 0,
    guest_id INTEGER,
    detail   TEXT    NOT NULL DEFAULT ''
);
INSERT INTO data_log_v11 (id, at, actor, action, guests, guest_id, detail)
    SELECT id, at, actor, action, guests, guest_id, detail FROM data_log;
DROP TRIGGER data_log_is_append_only_u;
DROP TRIGGER data_log_is_append_only_d;
DROP TABLE data_log;
ALTER TABLE data_log_v11 RENAME TO data_log;
CREATE TRIGGER data_log_is_append_only_u BEFORE UPDATE ON data_log
BEGIN SELECT RAISE(ABORT, 'the data log is never changed'); END;
CREATE TRIGGER data_log_is_append_only_d BEFORE DELETE ON data_log
BEGIN SELECT RAISE(ABORT, 'the data log is never deleted'); END;

-- A survey answer never changes, except that the guest's comment is erased with the guest.
DROP TRIGGER IF EXISTS survey_response_is_append_only_u;
CREATE TRIGGER survey_response_is_append_only_u BEFORE UPDATE ON survey_response
WHEN NEW.comment IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.visit_id IS NOT OLD.visit_id
  OR NEW.service_code IS NOT OLD.service_code OR NEW.service_name IS NOT OLD.service_name
  OR NEW.unit_id IS NOT OLD.unit_id OR NEW.unit_name IS NOT OLD.unit_name
  OR NEW.office_day IS NOT OLD.office_day OR NEW.submitted_at IS NOT OLD.submitted_at
  OR NEW.u1 IS NOT OLD.u1 OR NEW.u2 IS NOT OLD.u2 OR NEW.u3 IS NOT OLD.u3
  OR NEW.u4 IS NOT OLD.u4 OR NEW.u5 IS NOT OLD.u5 OR NEW.u6 IS NOT OLD.u6
  OR NEW.u7 IS NOT OLD.u7 OR NEW.u8 IS NOT OLD.u8 OR NEW.u9 IS NOT OLD.u9
BEGIN SELECT RAISE(ABORT, 'survey responses are never changed, except to erase a comment'); END;
"#;

/// Migrations in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    V1_STANDARDS,
    V2_DESK,
    V3_ACCOUNTS,
    V4_EXPORTS,
    V5_SURVEY_AND_COMPLAINTS,
    V6_PRIVACY,
    V7_VISIT_BY_GUEST,
    V8_SEARCH_WITHOUT_APOSTROPHES,
    V9_BLANKO_TABLET,
    V10_CALLS_BY_TIME,
    V11_LOGIN_THROTTLES,
];

/// What a migration does beyond its SQL, in the same transaction, by the version it brings
/// the schema to.
fn after_migration(version: usize, conn: &Connection) -> rusqlite::Result<()> {
    match version {
        8 => crate::catalog::refold_search_index(conn),
        // A column added only where it is missing: a migration run again (a schema version
        // set back by hand) must not fail on it.
        11 => {
            let has: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM pragma_table_info('account') WHERE name = 'pin_meets_rule')",
                [],
                |r| r.get(0),
            )?;
            if !has {
                conn.execute_batch(
                    "ALTER TABLE account ADD COLUMN pin_meets_rule INTEGER CHECK (pin_meets_rule IN (0, 1));",
                )?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies every migration the database has not had yet.
pub(super) fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Applies the migrations up to schema `version` (for tests of older databases).
pub(super) fn migrate_to(conn: &mut Connection, version: i64) -> rusqlite::Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let wanted = version.clamp(0, SCHEMA_VERSION) as usize;
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(wanted)
        .skip(current.max(0) as usize)
    {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        after_migration(index + 1, &tx)?;
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};",
            index + 1
        ))?;
        tx.commit()?;
    }
    Ok(())
}
