//! Who may do what: accounts with a role and a PIN, their sessions, display screens' tokens,
//! and the one table of which role may use which operation.
//!
//! - [`accounts`]: accounts, PINs hashed with Argon2id, the first admin.
//! - [`sessions`]: logging in (slowed down and locked after repeated wrong PINs, every
//!   attempt logged), sessions that expire, device tokens (displays and survey kiosks).
//! - [`device_link`]: a new device token's link and QR code, to open on the device.
//! - [`login_log`]: the login log read back for the admin, newest first.
//! - [`permissions`]: the roles each operation admits, checked on the server for every
//!   request whatever the screen shows.

pub mod accounts;
pub mod device_link;
pub mod login_log;
pub mod permissions;
pub mod sessions;

use serde::{Deserialize, Serialize};

/// The roles of Loket's users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resepsionis,
    Pejabat,
    KepalaBagian,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resepsionis => "resepsionis",
            Role::Pejabat => "pejabat",
            Role::KepalaBagian => "kepala_bagian",
            Role::Admin => "admin",
        }
    }

    /// The role's name on screen.
    pub fn label(self) -> &'static str {
        match self {
            Role::Resepsionis => "Resepsionis",
            Role::Pejabat => "Pejabat",
            Role::KepalaBagian => "Kepala Bagian",
            Role::Admin => "Admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [
            Role::Resepsionis,
            Role::Pejabat,
            Role::KepalaBagian,
            Role::Admin,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// Who is making a request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Principal {
    /// A logged-in user.
    User {
        account_id: i64,
        username: String,
        display_name: String,
        role: Role,
        /// The official this user acts as, if any.
        official_id: Option<i64>,
    },
    /// A waiting-room display: reads the calls, nothing else.
    Display { name: String },
    /// The survey kiosk (a tablet): lists the visits awaiting a survey and takes one answer
    /// sheet per visit, nothing else.
    Kiosk { name: String },
    /// The blanko tablet at the desk: lists today's waiting tickets (numbers only) and takes
    /// a guest's own blanko for one of them, nothing else.
    Tablet { name: String },
}

/// Where a request comes from: the desktop window on the desk PC (over IPC), or an address
/// on the network (a browser, a TV, a tablet, or this machine's own loopback).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// The desktop app's own window.
    Window,
    /// An HTTP client at this address.
    Network(std::net::IpAddr),
}

impl Caller {
    /// Whether the request comes from this machine itself: its window, or its loopback.
    pub fn is_on_this_machine(self) -> bool {
        match self {
            Caller::Window => true,
            Caller::Network(ip) => ip.is_loopback(),
        }
    }
}

/// The kinds of device that get a token of their own, with no user behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    Display,
    Kiosk,
    Tablet,
}

impl DeviceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceKind::Display => "display",
            DeviceKind::Kiosk => "kiosk",
            DeviceKind::Tablet => "tablet",
        }
    }

    pub fn parse(s: &str) -> Option<DeviceKind> {
        [DeviceKind::Display, DeviceKind::Kiosk, DeviceKind::Tablet]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    /// The device on screen: "Layar tampilan", "Kios survei".
    pub fn label(self) -> &'static str {
        match self {
            DeviceKind::Display => "Layar tampilan",
            DeviceKind::Kiosk => "Kios survei",
            DeviceKind::Tablet => "Tablet blanko",
        }
    }

    /// The principal of a device of this kind.
    pub fn principal(self, name: String) -> Principal {
        match self {
            DeviceKind::Display => Principal::Display { name },
            DeviceKind::Kiosk => Principal::Kiosk { name },
            DeviceKind::Tablet => Principal::Tablet { name },
        }
    }
}

impl Principal {
    /// The name recorded with everything this principal does.
    pub fn actor(&self) -> String {
        match self {
            Principal::User {
                display_name,
                username,
                ..
            } => format!("{display_name} ({username})"),
            Principal::Display { name } => format!("layar {name}"),
            Principal::Kiosk { name } => format!("kios {name}"),
            Principal::Tablet { name } => format!("tablet {name}"),
        }
    }

    /// The kind of device, for a device's token; `None` for a user.
    pub fn device(&self) -> Option<DeviceKind> {
        match self {
            Principal::User { .. } => None,
            Principal::Display { .. } => Some(DeviceKind::Display),
            Principal::Kiosk { .. } => Some(DeviceKind::Kiosk),
            Principal::Tablet { .. } => Some(DeviceKind::Tablet),
        }
    }

    /// The user's role; a device has none.
    pub fn role(&self) -> Option<Role> {
        match self {
            Principal::User { role, .. } => Some(*role),
            Principal::Display { .. } | Principal::Kiosk { .. } | Principal::Tablet { .. } => None,
        }
    }
}
