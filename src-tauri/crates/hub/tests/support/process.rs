//! The real `loket-hub serve` binary as a child process on a database of the test's own: for
//! the tests that kill it (a crash) or stop it as a service manager does (SIGTERM).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The hub binary running on a database; killed when dropped, if it still runs.
pub struct HubProcess {
    child: Child,
    /// Where its loopback answers in plain HTTP, e.g. `http://127.0.0.1:40123`.
    pub base: String,
}

impl HubProcess {
    /// Starts `loket-hub serve` on a free port of 127.0.0.1 and waits until it says where it
    /// listens. Test machines run as root: `--allow-root` (the refusal is tested apart).
    pub fn start(db: &Path) -> HubProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_loket-hub"))
            .arg("--db")
            .arg(db)
            .args(["serve", "--listen", "127.0.0.1:0", "--allow-root"])
            .env_remove("LOKET_LISTEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the hub starts");
        let stdout = child.stdout.take().unwrap();
        let (first, rx) = mpsc::channel();
        // Keeps reading, so the hub never writes into a closed pipe.
        std::thread::spawn(move || {
            let mut first = Some(first);
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                // The hub says https://; its own loopback is served plain HTTP as well.
                let url = line.split_whitespace().find(|w| w.starts_with("https://"));
                if let Some(url) = url.filter(|_| line.starts_with("Loket siap di")) {
                    if let Some(tx) = first.take() {
                        let _ = tx.send(url.replacen("https://", "http://", 1));
                    }
                }
            }
        });
        let base = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(base) => base,
            Err(_) => {
                let status = child.try_wait().ok().flatten();
                let _ = child.kill();
                let _ = child.wait();
                panic!("the hub did not say where it listens (exit: {status:?})");
            }
        };
        HubProcess { child, base }
    }

    /// SIGKILL: no graceful stop, no flush, no destructor.
    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("the hub is reaped");
    }

    /// SIGTERM, as `systemctl stop` and a shutdown send it; waits for the hub to exit.
    #[cfg(unix)]
    pub fn terminate(mut self) -> ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "SIGTERM was sent");
        self.child.wait().expect("the hub is reaped")
    }
}

impl Drop for HubProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
