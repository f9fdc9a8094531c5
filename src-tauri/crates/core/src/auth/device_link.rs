//! The link a device opens with its new token, and the link's QR code: the admin makes a
//! token for the waiting-room TV (or the survey kiosk, the blanko tablet) and, instead of
//! typing 64 characters on a TV remote, opens the link on the device or scans its QR code.
//!
//! The token rides in the link's fragment (`/display.html#token=…`): browsers never send a
//! fragment to the server, and the page takes it and removes it from the address at once
//! (`ui/js/device-token.js`). The link is a secret like the token: it is given once, in the
//! answer to the admin who made the token, and never stored.

use qrcode::render::svg;
use qrcode::QrCode;
use serde::Serialize;

use super::sessions::{self, Login};
use super::DeviceKind;
use crate::desk::Ctx;
use crate::error::{CoreError, CoreResult};
use crate::store::Store;

/// The longest origin taken ("https://" and a host name of up to 253 characters, a port).
const MAX_ORIGIN: usize = 300;

/// A new device token, with its link and QR code when the screen said where Loket is served.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceLogin {
    #[serde(flatten)]
    pub login: Login,
    pub link: Option<DeviceLink>,
}

/// The page of a device with its token, as an address and as a QR code.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceLink {
    /// `https://192.168.1.10:7878/display.html#token=…`
    pub url: String,
    /// The QR code of `url`, an SVG image.
    pub qr_svg: String,
}

/// The page a device of this kind opens.
fn page(kind: DeviceKind) -> &'static str {
    match kind {
        DeviceKind::Display => "display.html",
        DeviceKind::Kiosk => "kiosk.html",
        DeviceKind::Tablet => "blanko.html",
    }
}

/// Checks where Loket is served, as the admin's screen sees it: `http://` or `https://`, a
/// host (a name, an IPv4 or a bracketed IPv6 address) and maybe a port, nothing else; a
/// trailing `/` is dropped.
pub fn check_origin(origin: &str) -> CoreResult<String> {
    let bad = || {
        CoreError::invalid(
            "Alamat Loket",
            "harus berbentuk https://ALAMAT:PORT, mis. https://192.168.1.10:7878.",
        )
    };
    let origin = origin.trim().trim_end_matches('/');
    let host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(bad)?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    if origin.len() > MAX_ORIGIN || host.is_empty() || !host.chars().all(allowed) {
        return Err(bad());
    }
    Ok(origin.to_string())
}

/// The link of a device's page with its token, and its QR code.
pub fn link(origin: &str, kind: DeviceKind, token: &str) -> CoreResult<DeviceLink> {
    let url = format!("{}/{}#token={token}", check_origin(origin)?, page(kind));
    let code = QrCode::new(url.as_bytes())
        .map_err(|e| CoreError::invalid("Alamat Loket", format!("terlalu panjang ({e}).")))?;
    let qr_svg = code
        .render::<svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    Ok(DeviceLink { url, qr_svg })
}

/// Makes a device token (as [`sessions::create_display`] and its siblings do) and, given
/// the origin the admin's screen is served from, its link and QR code. A bad origin is
/// refused before any token is made.
pub fn create(
    store: &mut Store,
    ctx: &Ctx,
    kind: DeviceKind,
    name: &str,
    origin: Option<&str>,
) -> CoreResult<DeviceLogin> {
    let origin = origin.map(check_origin).transpose()?;
    let login = match kind {
        DeviceKind::Display => sessions::create_display(store, ctx, name)?,
        DeviceKind::Kiosk => sessions::create_kiosk(store, ctx, name)?,
        DeviceKind::Tablet => sessions::create_tablet(store, ctx, name)?,
    };
    let link = origin.map(|o| link(&o, kind, &login.token)).transpose()?;
    Ok(DeviceLogin { login, link })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_an_address_and_a_port_only() {
        assert_eq!(
            check_origin("https://192.168.1.10:7878/").unwrap(),
            "https://192.168.1.10:7878"
        );
        assert!(check_origin("http://loket.setda.local").is_ok());
        assert!(check_origin("https://[fe80::1]:7878").is_ok());
        for bad in [
            "",
            "192.168.1.10:7878",
            "javascript:alert(1)",
            "https://",
            "https://host/path",
            "https://host?x=1",
            "https://host#frag",
            "https://ho st",
            "ftp://host",
        ] {
            assert!(check_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_link_opens_the_devices_page_with_its_token_in_the_fragment() {
        let made = link("https://192.168.1.10:7878", DeviceKind::Display, "abc123").unwrap();
        assert_eq!(
            made.url,
            "https://192.168.1.10:7878/display.html#token=abc123"
        );
        assert!(made.qr_svg.contains("<svg"), "{}", made.qr_svg);
        let kiosk = link("http://loket", DeviceKind::Kiosk, "t").unwrap();
        assert_eq!(kiosk.url, "http://loket/kiosk.html#token=t");
        let tablet = link("http://loket", DeviceKind::Tablet, "t").unwrap();
        assert_eq!(tablet.url, "http://loket/blanko.html#token=t");
    }
}
