//! The `loket-hub` command line: its arguments and what each command does.
//!
//! Every command works on one database (`--db PATH`, else `$LOKET_DB`, else the OS data
//! directory) and goes through `loket-core`, the same code the desktop window uses.
//! `demo` fills a database with a realistic day at a Balangan desk, for showing Loket;
//! `generate` fills a range of days with many visits, for measuring;
//! `serve` runs the LAN server the officials' browsers and the waiting-room display open;
//! `backup` and `restore` copy the database aside and back;
//! `about` says which Loket, schema and decrees this is, and where its files are.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};
use loket_core::api::args::{SearchArgs, ShowArgs};
use loket_core::api::{self, Request};
use loket_core::catalog::{self, Filter};
use loket_core::demo::{self, DemoDay, DemoDesk};
use loket_core::desk::Ctx;
use loket_core::report::Format;
use loket_core::standards::import::{import_file, Origin};
use loket_core::store::backup::{self, Kind};
use loket_core::{CoreError, Store};
use loket_hub::{lan, Hub, Server};

use crate::render;

/// Loket hub: the standards catalog and the LAN service of a Sekretariat Daerah's front desk.
#[derive(Debug, Parser)]
#[command(name = "loket-hub", version, about)]
pub struct Cli {
    /// The database file (default: $LOKET_DB, else ~/.local/share/loket/loket.db on Linux,
    /// %APPDATA%\loket\loket.db on Windows).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The service standards of the decrees.
    #[command(subcommand)]
    Standards(StandardsCommand),
    /// Fill the database with a realistic demo day at a Balangan desk.
    Demo {
        /// The day to fill (YYYY-MM-DD), a working day with no visits yet.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// Which bagian's desk.
        #[arg(long, value_enum, default_value_t = DeskArg::Perekonomian)]
        desk: DeskArg,
        /// Stop the day at this local time (HH:MM) and leave it open: guests waiting, one
        /// with an official, cards in the drawer — a desk at work.
        #[arg(long, value_name = "HH:MM")]
        until: Option<String>,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Fill the working days of a range with many visits (for measuring): a few real demo
    /// days, their finished visits copied onto the other days.
    Generate {
        /// The first day (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        /// The last day (YYYY-MM-DD); at most 366 days after --from.
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// How many visits in all, spread evenly over the working days.
        #[arg(long, value_name = "N")]
        visits: usize,
        /// Which bagian's desk.
        #[arg(long, value_enum, default_value_t = DeskArg::Perekonomian)]
        desk: DeskArg,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export the daily guest log (Buku Tamu Harian) of a day or a range.
    Export {
        /// The first day (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// The last day (YYYY-MM-DD); the first day when left out.
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// The file format: xlsx, pdf or csv.
        #[arg(long, value_name = "xlsx|pdf|csv", value_parser = parse_format)]
        format: Format,
        /// Where to write the file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Back the database up now: into the `backups` folder beside it, or to --out FILE.
    Backup {
        /// Write the backup to this file instead (it must not exist yet).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Restore a backup over the database (stop `serve` and the desktop app first). The
    /// current database is backed up first; a file that is not a whole Loket database, or
    /// is from a newer Loket, is refused and nothing changes.
    Restore {
        /// The backup file, e.g. backups/loket-2026-12-01T0700-harian.db.
        file: PathBuf,
    },
    /// The key that hashes ID numbers, kept outside the database: save it to removable media,
    /// or install it on a new machine before restoring a backup there.
    #[command(subcommand)]
    Key(KeyCommand),
    /// User accounts, on the hub's own machine (the first admin is made here or in the
    /// desktop window, never over the network).
    #[command(subcommand)]
    Accounts(AccountsCommand),
    /// What this installation is: Loket's version, the database's schema, the decrees
    /// loaded, where the database and its backups are, the office's time zone.
    About {
        /// As JSON (the same fields as the "Tentang Loket" panel reads).
        #[arg(long)]
        json: bool,
    },
    /// Serve Loket on the LAN (officials' browsers, the waiting-room display) until Ctrl-C.
    Serve {
        /// The address and port to listen on (default: $LOKET_LISTEN, else the address set in
        /// Pengaturan, else 0.0.0.0:7878).
        #[arg(long, env = "LOKET_LISTEN", value_name = "ADDR")]
        listen: Option<SocketAddr>,
        /// Serve even as root (containers, CI). Otherwise root is refused: a service open to
        /// the network runs as its own user (`loket`).
        #[arg(long)]
        allow_root: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Copy this database's key file to FILE (e.g. on a USB stick); keep it locked away.
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Install a key file saved from another machine.
    Import {
        /// The key file, e.g. /media/usb/kunci-identitas.key.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// Add an account; its PIN is read from standard input (never from the command line,
    /// where other users of the machine could read it). The first account must be an admin.
    Add {
        /// The user name (3–32 lowercase letters, digits, dots or underscores).
        username: String,
        /// resepsionis, pejabat, kepala_bagian or admin.
        #[arg(long, value_name = "ROLE")]
        role: String,
        /// The name shown on screen.
        #[arg(long, value_name = "NAME")]
        name: String,
    },
}

/// Reads `--format`; clap refuses anything else with the message and exit code 2.
fn parse_format(text: &str) -> Result<Format, String> {
    Format::parse(text).map_err(|e| e.to_string())
}

/// The desks `demo` can fill.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DeskArg {
    /// Bagian Perekonomian dan Sumber Daya Alam.
    Perekonomian,
    /// Bagian Pengadaan Barang dan Jasa.
    Pbj,
}

impl From<DeskArg> for DemoDesk {
    fn from(d: DeskArg) -> Self {
        match d {
            DeskArg::Perekonomian => DemoDesk::Perekonomian,
            DeskArg::Pbj => DemoDesk::Pbj,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum StandardsCommand {
    /// Print the whole catalog (newest versions).
    Export {
        /// As one JSON array of services.
        #[arg(long)]
        json: bool,
    },
    /// List the services, optionally of one region or bagian.
    List {
        #[command(flatten)]
        filter: FilterArgs,
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
    /// Search the catalog, best match first.
    Search {
        /// What to look for, e.g. "remote akses" or "ktp pns".
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        #[command(flatten)]
        filter: FilterArgs,
        /// Most hits to show (1–100).
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one service's whole standard, e.g. `balangan-pbj-7`.
    Show {
        id: String,
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import a new or corrected standards file as a new version.
    Import {
        /// A standards file in the format of data/standards/README.md.
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Only this region: balangan or blitar.
    #[arg(long)]
    region: Option<String>,
    /// Only this bagian (its id, e.g. pbj).
    #[arg(long)]
    unit: Option<String>,
}

impl From<FilterArgs> for Filter {
    fn from(f: FilterArgs) -> Self {
        Filter {
            region: f.region,
            unit: f.unit,
        }
    }
}

fn print_json(value: &impl serde::Serialize) -> Result<(), CoreError> {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| CoreError::Storage(e.to_string()))?;
    println!("{text}");
    Ok(())
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<(), CoreError> {
    let path = loket_core::store::resolve_db_path(cli.db.as_deref());
    match cli.command {
        Command::Standards(cmd) => standards(&path, cmd),
        Command::Demo {
            date,
            desk,
            until,
            json,
        } => demo_day(&path, &date, desk.into(), until.as_deref(), json),
        Command::Generate {
            from,
            to,
            visits,
            desk,
            json,
        } => generate(&path, &from, &to, visits, desk.into(), json),
        Command::Serve { listen, allow_root } => {
            refuse_root(effective_uid(), allow_root)?;
            serve(&path, listen)
        }
        Command::About { json } => {
            let about = loket_core::about::about(&loket_core::open_with_standards(&path)?)?;
            if json {
                return print_json(&about);
            }
            print!("{}", render::about(&about));
            Ok(())
        }
        Command::Key(KeyCommand::Export { out }) => {
            let store = loket_core::open_with_standards(&path)?;
            let written = loket_core::store::idkey::export_store(&store, &out)?;
            println!(
                "Kunci nomor identitas disalin ke {}. Simpan di tempat terkunci: bersama cadangan, kunci ini membuka pencarian nomor identitas.",
                written.display()
            );
            Ok(())
        }
        Command::Key(KeyCommand::Import { file }) => {
            let installed = loket_core::store::idkey::import(&file)?;
            println!("Kunci dipasang di {}.", installed.display());
            Ok(())
        }
        Command::Accounts(AccountsCommand::Add {
            username,
            role,
            name,
        }) => add_account(&path, &username, &role, &name),
        Command::Backup { out } => backup(&path, out.as_deref()),
        Command::Restore { file } => restore(&path, &file),
        Command::Export {
            date,
            to,
            format,
            out,
        } => export(&path, &date, to.as_deref(), format, &out),
    }
}

/// `export`: writes the guest log of the period to a file (a temporary file in the same folder,
/// renamed when complete) and records the export; a failure leaves neither file nor record.
fn export(
    path: &std::path::Path,
    date: &str,
    to: Option<&str>,
    format: Format,
    out: &std::path::Path,
) -> Result<(), CoreError> {
    let from = loket_core::period::parse_day("--date", date)?;
    let to = to
        .map(|t| loket_core::period::parse_day("--to", t))
        .transpose()?
        .unwrap_or(from);
    loket_core::period::Period::new(from, to)?;
    let mut store = loket_core::open_with_standards(path)?;
    let ctx = Ctx::now("loket-hub export");
    let done = loket_core::report::export_with(&mut store, &ctx, from, to, format, |e| {
        loket_core::report::write_file(out, &e.bytes)
    })?;
    println!(
        "Buku tamu {} ({} kunjungan) ditulis ke {}.",
        done.period,
        done.visits,
        out.display()
    );
    Ok(())
}

/// `accounts add`: an account made on this machine, with the PIN read from standard input
/// (one line; typed twice when standard input is a terminal). The first account must be an
/// admin, and is made only here or in the desktop window.
fn add_account(
    path: &std::path::Path,
    username: &str,
    role: &str,
    name: &str,
) -> Result<(), CoreError> {
    use std::io::{BufRead, IsTerminal};
    let role = loket_core::auth::Role::parse(role).ok_or_else(|| {
        CoreError::invalid(
            "--role",
            "salah satu dari resepsionis, pejabat, kepala_bagian, admin.",
        )
    })?;
    let mut store = loket_core::open_with_standards(path)?;
    let first = !loket_core::auth::accounts::exist(&store)?;
    if first && role != loket_core::auth::Role::Admin {
        return Err(CoreError::refused(
            "Akun pertama harus admin (--role admin).",
        ));
    }
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    let read_pin = |prompt: &str| -> Result<String, CoreError> {
        if interactive {
            eprint!("{prompt}");
        }
        let mut line = String::new();
        stdin
            .lock()
            .read_line(&mut line)
            .map_err(|e| CoreError::Storage(format!("membaca PIN: {e}")))?;
        Ok(line.trim().to_string())
    };
    let pin = read_pin("PIN baru: ")?;
    if interactive && read_pin("Ulangi PIN: ")? != pin {
        return Err(CoreError::invalid("PIN", "kedua PIN tidak sama."));
    }
    let ctx = Ctx::now("loket-hub accounts add");
    let made = if first {
        loket_core::auth::accounts::bootstrap(&mut store, &ctx, username, name, &pin)?
    } else {
        loket_core::auth::accounts::save(
            &mut store,
            &ctx,
            &loket_core::auth::accounts::AccountInput {
                id: None,
                username: username.into(),
                display_name: name.into(),
                role,
                official_id: None,
                pin: Some(pin),
                active: true,
            },
            None,
        )?
    };
    println!(
        "Akun {} ({}) dibuat sebagai {}.",
        made.username,
        made.display_name,
        made.role.label()
    );
    Ok(())
}

fn kilobytes(bytes: u64) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}

/// `backup`: a verified copy of the database, made online (a running hub may keep working).
fn backup(path: &std::path::Path, out: Option<&std::path::Path>) -> Result<(), CoreError> {
    if !path.exists() {
        return Err(CoreError::NotFound {
            what: format!("Basis data {}", path.display()),
        });
    }
    let store = Store::open(path)?;
    let started = std::time::Instant::now();
    let (file, bytes) = match out {
        Some(out) => (out.to_path_buf(), backup::create_at(&store, out)?),
        None => {
            let made = backup::create(&store, &Ctx::now("loket-hub backup"), Kind::Manual)?;
            (made.path, made.bytes)
        }
    };
    println!(
        "Cadangan dibuat dan diperiksa: {} ({}, {} ms).",
        file.display(),
        kilobytes(bytes),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// `restore`: the backup replaces the database, after the database is backed up.
fn restore(path: &std::path::Path, file: &std::path::Path) -> Result<(), CoreError> {
    let done = backup::restore_path(path, file, &Ctx::now("loket-hub restore"))?;
    println!(
        "Basis data {} dipulihkan dari {} (skema {}).",
        path.display(),
        file.display(),
        done.version
    );
    println!(
        "Basis data sebelumnya disimpan sebagai {}.",
        done.before.path.display()
    );
    if done.erasures_reapplied > 0 {
        println!(
            "{} tamu yang datanya dihapus setelah cadangan dibuat dianonimkan kembali.",
            done.erasures_reapplied
        );
    }
    println!("Semua pengguna perlu masuk kembali.");
    Ok(())
}

/// The effective user id of this process; `None` where there are no Unix user ids.
fn effective_uid() -> Option<u32> {
    #[cfg(unix)]
    return Some(rustix::process::geteuid().as_raw());
    #[cfg(not(unix))]
    None
}

/// Whether `serve` may run as the user `uid`: root (uid 0) is refused unless `--allow-root`
/// was given, since a server open to the LAN that holds the whole machine turns any flaw in
/// it into the machine's. Checked before the database is opened, so that root never makes
/// files the `loket` user then cannot write.
fn refuse_root(uid: Option<u32>, allow_root: bool) -> Result<(), CoreError> {
    if uid == Some(0) && !allow_root {
        return Err(CoreError::refused(
            "loket-hub serve tidak mau berjalan sebagai root (pengguna super): server yang terbuka ke jaringan \
             tidak boleh memegang seluruh komputer. Jalankan sebagai pengguna loket, mis. \
             `sudo -u loket -H loket-hub --db /var/lib/loket/loket.db serve`, atau sebagai layanan \
             (`sudo systemctl start loket-hub`). Di kontainer atau uji otomatis, tambahkan --allow-root.",
        ));
    }
    Ok(())
}

/// `serve`: opens the database, binds the address (`--listen`, else `$LOKET_LISTEN`, else the
/// one set in Pengaturan, else the default), says where officials find the desk, and
/// serves until Ctrl-C (or SIGTERM), letting the requests under way finish.
fn serve(path: &std::path::Path, listen: Option<SocketAddr>) -> Result<(), CoreError> {
    let hub = Arc::new(Hub::open(path)?);
    let listen = listen.unwrap_or_else(|| lan::stored_or_default(&hub));
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| CoreError::Storage(format!("runtime tokio: {e}")))?;
    runtime.block_on(async {
        let server = Server::bind(Arc::clone(&hub), listen)
            .await
            .map_err(|e| CoreError::refused(lan::bind_failure(listen, &e)))?;
        println!("{}", lan::server_notice(&server));
        println!("Tekan Ctrl-C untuk berhenti.");
        server
            .run_until(stop_requested())
            .await
            .map_err(|e| CoreError::refused(format!("Server LAN berhenti karena galat: {e}")))?;
        Ok::<(), CoreError>(())
    })?;
    // The streams still open (live screens) end with the runtime, and their reads with them.
    drop(runtime);
    // Everything written is moved into the database file and the WAL emptied, so that the
    // file alone is the whole database when the machine powers off (or is copied) next. A
    // WAL left behind loses nothing (the next start reads it), so this only warns.
    if let Err(e) = hub.checkpoint() {
        eprintln!("Peringatan: basis data tidak dapat dirapikan sebelum berhenti: {e}");
    }
    println!("Loket berhenti.");
    Ok(())
}

/// Completes on Ctrl-C, or on SIGTERM where there is one (a service manager stopping Loket),
/// or on Windows when its console is closed or the system shuts down.
async fn stop_requested() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let terminate = async {
            match signal(SignalKind::terminate()) {
                Ok(mut sigterm) => {
                    sigterm.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        futures_util::future::select(std::pin::pin!(ctrl_c), std::pin::pin!(terminate)).await;
    }
    // Windows has no SIGTERM: the console window being closed and the system shutting down
    // (the process then has a few seconds) stop the server cleanly instead.
    #[cfg(windows)]
    {
        use tokio::signal::windows::{ctrl_close, ctrl_shutdown};
        let closed = async {
            match ctrl_close() {
                Ok(mut close) => {
                    close.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        let shutdown = async {
            match ctrl_shutdown() {
                Ok(mut shutdown) => {
                    shutdown.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        let (closed, shutdown) = (std::pin::pin!(closed), std::pin::pin!(shutdown));
        let windows = futures_util::future::select(closed, shutdown);
        futures_util::future::select(std::pin::pin!(ctrl_c), windows).await;
    }
    #[cfg(not(any(unix, windows)))]
    ctrl_c.await;
}

/// `demo`: the date is checked before the database is opened.
fn demo_day(
    path: &std::path::Path,
    date: &str,
    desk: DemoDesk,
    until: Option<&str>,
    json: bool,
) -> Result<(), CoreError> {
    let date = loket_core::period::parse_day("Tanggal hari demo", date)?;
    let until = until.map(demo::parse_until).transpose()?;
    let mut store = loket_core::open_with_standards(path)?;
    let day = match until {
        Some(until) => demo::build_until(&mut store, date, desk, until)?,
        None => demo::build(&mut store, date, desk)?,
    };
    if json {
        print_json(&day)?;
    } else {
        print!("{}", demo_summary(&day));
    }
    Ok(())
}

/// `generate`: the dates are checked before the database is opened.
fn generate(
    path: &std::path::Path,
    from: &str,
    to: &str,
    visits: usize,
    desk: DemoDesk,
    json: bool,
) -> Result<(), CoreError> {
    let from = loket_core::period::parse_day("--from", from)?;
    let to = loket_core::period::parse_day("--to", to)?;
    loket_core::period::Period::new(from, to)?;
    let mut store = loket_core::open_with_standards(path)?;
    let bulk = demo::bulk::generate(&mut store, from, to, visits, desk)?;
    if json {
        print_json(&bulk)?;
    } else {
        println!(
            "{} kunjungan pada {} hari kerja ({} sampai {}): {} hari demo nyata dengan {} kunjungan, lainnya salinan ({} tamu baru, {} kejadian).",
            bulk.visits, bulk.days, from, to, bulk.demo_days, bulk.demo_visits, bulk.guests, bulk.events
        );
    }
    Ok(())
}

/// The demo day in a few Indonesian sentences.
fn demo_summary(d: &DemoDay) -> String {
    let mut out = format!(
        "Hari demo {} di {}, {}: {} tamu ({} dari instansi, {} pribadi/masyarakat), tiket {} sampai {}.\n",
        d.date_label,
        d.unit_name,
        d.kabupaten,
        d.guests,
        d.institutional,
        d.private,
        d.first_ticket,
        d.last_ticket
    );
    out += &format!(
        "Petugas pelayanan: {}. Pejabat: {}.\n",
        d.receptionist,
        d.officials.join("; ")
    );
    out += &format!(
        "Kartu identitas disimpan di laci: {}; SPT/SPPD diserahkan: {}; proposal diterima: {}; diterima dengan catatan kekurangan persyaratan: {}.\n",
        d.cards_held, d.letters, d.proposals, d.admitted_with_note
    );
    out += &format!(
        "Panggilan ulang: {}; tidak hadir: {}; dialihkan: {}; ditunda lalu dilanjutkan: {}; melewati batas waktu: {}; kartu tertinggal: {}.\n",
        d.recalls, d.not_present, d.transfers, d.held_and_resumed, d.over_limit, d.left_behind
    );
    match (&d.closed_at, &d.stopped_at) {
        (Some(closed), _) => {
            out += &format!(
                "Tamu pertama tiba pukul {} {}; hari ditutup pukul {} {}.\n",
                d.first_arrival, d.zone, closed, d.zone
            )
        }
        (None, stopped) => {
            out += &format!(
                "Tamu pertama tiba pukul {} {}; hari berhenti pukul {} {} dan belum ditutup: {} tamu menunggu, {} dipanggil, {} sedang dilayani, {} kartu di laci.\n",
                d.first_arrival,
                d.zone,
                stopped.as_deref().unwrap_or_default(),
                d.zone,
                d.waiting,
                d.called,
                d.serving,
                d.cards_in_drawer
            )
        }
    }
    out
}

/// Refuses a value typed on the command line the way clap refuses one: the message, the
/// usage of `loket-hub standards SUBCOMMAND` on stderr, and exit code 2.
fn usage_error(subcommand: &str, message: impl std::fmt::Display) -> ! {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    cli.build();
    let mut command = cli
        .find_subcommand_mut("standards")
        .and_then(|c| c.find_subcommand_mut(subcommand))
        .cloned()
        .unwrap_or(cli);
    command
        .error(clap::error::ErrorKind::InvalidValue, message)
        .exit()
}

fn standards(path: &std::path::Path, cmd: StandardsCommand) -> Result<(), CoreError> {
    if let StandardsCommand::Import { file } = &cmd {
        let text = std::fs::read_to_string(file).map_err(|e| CoreError::InvalidStandards {
            file: file.display().to_string(),
            location: "berkas".into(),
            problem: format!("tidak dapat dibaca: {e}"),
        })?;
        let mut store = loket_core::open_with_standards(path)?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.display().to_string());
        let done = import_file(&mut store, &name, &text, Origin::File)?;
        println!(
            "Diimpor: {} layanan {} sebagai versi {}.",
            done.services, done.region, done.version
        );
        return Ok(());
    }
    if let StandardsCommand::Search { query, .. } = &cmd {
        if catalog::fts_query(&query.join(" ")).is_none() {
            usage_error(
                "search",
                "QUERY: tidak ada kata untuk dicari; tulis satu kata atau lebih, mis. \"ktp pns\"",
            );
        }
    }
    let mut store: Store = loket_core::open_with_standards(path)?;
    if let StandardsCommand::List { filter, .. } | StandardsCommand::Search { filter, .. } = &cmd {
        let sub = match &cmd {
            StandardsCommand::List { .. } => "list",
            _ => "search",
        };
        if let Err(e) = catalog::check_filter(&store, &filter.clone().into()) {
            usage_error(sub, e);
        }
    }
    match cmd {
        StandardsCommand::Export { json } => {
            let all = catalog::export(&store)?;
            if json {
                print_json(&all)?;
            } else {
                for s in &all {
                    println!("{}\t{}", s.id, s.name);
                }
            }
        }
        StandardsCommand::List { filter, json } => {
            let all = catalog::list(&store, &filter.into())?;
            if json {
                print_json(&all)?;
            } else {
                print!("{}", render::list(&all));
            }
        }
        StandardsCommand::Search {
            query,
            filter,
            limit,
            json,
        } => {
            let filter: Filter = filter.into();
            let request = Request::CatalogSearch(SearchArgs {
                query: query.join(" "),
                region: filter.region,
                unit: filter.unit,
                limit: Some(limit),
            });
            let result = api::dispatch(&mut store, &Ctx::now("loket-hub"), request)?;
            if json {
                print_json(&result["hits"])?;
            } else {
                print!("{}", render::search(&result));
            }
        }
        StandardsCommand::Show { id, json } => {
            let request = Request::CatalogShow(ShowArgs { id });
            let detail = api::dispatch(&mut store, &Ctx::now("loket-hub"), request)?;
            if json {
                print_json(&detail)?;
            } else {
                print!("{}", render::service(&detail));
            }
        }
        StandardsCommand::Import { .. } => unreachable!("handled above"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::refuse_root;

    #[test]
    fn root_is_refused_unless_allowed_and_other_users_are_not() {
        let refused = refuse_root(Some(0), false).unwrap_err().to_string();
        assert!(
            refused.contains("root") && refused.contains("sudo -u loket"),
            "{refused}"
        );
        assert!(refused.contains("--allow-root"), "{refused}");
        assert!(refuse_root(Some(0), true).is_ok());
        assert!(refuse_root(Some(1000), false).is_ok());
        assert!(refuse_root(Some(999), true).is_ok());
        // Where there are no Unix user ids (Windows) there is nothing to refuse.
        assert!(refuse_root(None, false).is_ok());
    }
}
