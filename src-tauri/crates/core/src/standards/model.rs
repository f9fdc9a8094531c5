//! The shape of a standards file (`data/standards/*.json`), as documented in
//! `data/standards/README.md`. Unknown fields are refused so that a typo in a hand-edited
//! file is reported, not silently ignored.

use serde::{Deserialize, Serialize};

/// The schema version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// One region's decrees and all their services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardsFile {
    pub schema: u32,
    /// Stable id of the region, e.g. `balangan`.
    pub region: String,
    pub kabupaten: String,
    pub province: String,
    /// IANA time zone the decree's hours are stated in.
    pub timezone: String,
    pub office: Office,
    pub decrees: Vec<Decree>,
    pub units: Vec<Unit>,
    pub services: Vec<Service>,
}

/// The office on the decree's letterhead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

/// A decree (keputusan) that sets the standards of one or more units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decree {
    pub id: String,
    pub number: String,
    /// ISO date the decree was set (`YYYY-MM-DD`).
    pub date: String,
    pub place: String,
    pub title: String,
    /// The Maklumat Pelayanan, or `None` where the decree has none.
    pub maklumat: Option<String>,
}

/// A bagian (section) of the secretariat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub decree: String,
    /// The bagian's list of services, as printed in the decree.
    pub services_listed: Vec<String>,
}

/// Where a service's name was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameSource {
    /// The service's own heading in the decree.
    Heading,
    /// The bagian's list of services (the heading was lost in the scan).
    List,
}

/// One service and its standard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub unit: String,
    /// The number as the decree prints it: "7" or "XIV".
    pub number: String,
    pub name: String,
    pub name_source: NameSource,
    pub service_type: Option<String>,
    pub components: Components,
    pub hours: Option<Hours>,
    pub time_limit: TimeLimit,
    pub intake: Intake,
    /// Component keys the decree's copy does not let us read (lost or garbled in the scan):
    /// each is recorded empty, but unlike a component the decree leaves empty, it is not
    /// known to be empty in the decree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A list entry of a component: a line of text, or a heading with a nested list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Item {
    Text(String),
    Nested(NestedItem),
}

/// An item with a sub-list (the decree's `a.` followed by `1. 2. 3.`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NestedItem {
    pub text: String,
    pub items: Vec<Item>,
}

impl Item {
    /// Every line of text in this item and its sub-items, depth first.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Item::Text(t) => vec![t.as_str()],
            Item::Nested(n) => {
                let mut out = vec![n.text.as_str()];
                out.extend(n.items.iter().flat_map(Item::texts));
                out
            }
        }
    }
}

/// The fourteen components of a service standard (PermenPAN-RB 15/2014).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Components {
    pub persyaratan: Vec<Item>,
    pub prosedur: Vec<Item>,
    pub jangka_waktu: String,
    pub biaya: String,
    pub produk: Vec<Item>,
    pub pengaduan: Vec<Item>,
    pub dasar_hukum: Vec<Item>,
    pub sarana: Vec<Item>,
    pub kompetensi: Vec<Item>,
    pub pengawasan: Vec<Item>,
    pub jumlah_pelaksana: String,
    pub jaminan_pelayanan: String,
    pub jaminan_keamanan: String,
    pub evaluasi: String,
}

/// Which of the decree's two parts a component belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Penyampaian Pelayanan (service delivery), components 1–6.
    Penyampaian,
    /// Pengelolaan Pelayanan (manufacturing), components 7–14.
    Pengelolaan,
}

/// A component's key, its label on screen and its part, in the decree's order.
pub const COMPONENTS: [(&str, &str, Part); 14] = [
    ("persyaratan", "Persyaratan", Part::Penyampaian),
    (
        "prosedur",
        "Sistem, Mekanisme, dan Prosedur",
        Part::Penyampaian,
    ),
    ("jangka_waktu", "Jangka Waktu Pelayanan", Part::Penyampaian),
    ("biaya", "Biaya/Tarif", Part::Penyampaian),
    ("produk", "Produk Pelayanan", Part::Penyampaian),
    (
        "pengaduan",
        "Penanganan Pengaduan, Saran dan Masukan",
        Part::Penyampaian,
    ),
    ("dasar_hukum", "Dasar Hukum", Part::Pengelolaan),
    ("sarana", "Sarana dan Prasarana", Part::Pengelolaan),
    ("kompetensi", "Kompetensi Pelaksana", Part::Pengelolaan),
    ("pengawasan", "Pengawasan Internal", Part::Pengelolaan),
    ("jumlah_pelaksana", "Jumlah Pelaksana", Part::Pengelolaan),
    ("jaminan_pelayanan", "Jaminan Pelayanan", Part::Pengelolaan),
    (
        "jaminan_keamanan",
        "Jaminan Keamanan dan Keselamatan Pelayanan",
        Part::Pengelolaan,
    ),
    ("evaluasi", "Evaluasi Kinerja Pelaksana", Part::Pengelolaan),
];

/// The screen label of a component key, e.g. `dasar_hukum` → "Dasar Hukum".
pub fn component_label(key: &str) -> Option<&'static str> {
    COMPONENTS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, label, _)| *label)
}

/// A component's content: a list of items, or one text.
pub enum ComponentValue<'a> {
    List(&'a [Item]),
    Text(&'a str),
}

impl ComponentValue<'_> {
    /// Whether the component holds nothing: `[]` or `""`.
    pub fn is_empty(&self) -> bool {
        match self {
            ComponentValue::List(items) => items.is_empty(),
            ComponentValue::Text(t) => t.is_empty(),
        }
    }

    /// All text of the component, items joined by newlines (for search and display).
    pub fn plain_text(&self) -> String {
        match self {
            ComponentValue::List(items) => items
                .iter()
                .flat_map(Item::texts)
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
            ComponentValue::Text(t) => t.to_string(),
        }
    }
}

impl Components {
    /// The component with the given key, e.g. `persyaratan`.
    pub fn get(&self, key: &str) -> Option<ComponentValue<'_>> {
        use ComponentValue::{List, Text};
        Some(match key {
            "persyaratan" => List(&self.persyaratan),
            "prosedur" => List(&self.prosedur),
            "jangka_waktu" => Text(&self.jangka_waktu),
            "biaya" => Text(&self.biaya),
            "produk" => List(&self.produk),
            "pengaduan" => List(&self.pengaduan),
            "dasar_hukum" => List(&self.dasar_hukum),
            "sarana" => List(&self.sarana),
            "kompetensi" => List(&self.kompetensi),
            "pengawasan" => List(&self.pengawasan),
            "jumlah_pelaksana" => Text(&self.jumlah_pelaksana),
            "jaminan_pelayanan" => Text(&self.jaminan_pelayanan),
            "jaminan_keamanan" => Text(&self.jaminan_keamanan),
            "evaluasi" => Text(&self.evaluasi),
            _ => return None,
        })
    }
}

/// A day of the week in a standards file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// When a service is open, in the region's time zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    /// The decree's words the hours were read from.
    pub source: String,
    pub windows: Vec<Window>,
    #[serde(default)]
    pub breaks: Vec<Break>,
}

/// Opening hours on some days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub days: Vec<Day>,
    /// `HH:MM`
    pub open: String,
    /// `HH:MM`
    pub close: String,
}

/// A break inside the opening hours; without `days` it applies to every open day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Break {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<Day>>,
    pub start: String,
    pub end: String,
}

/// The unit a time limit is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitUnit {
    Minutes,
    Hours,
    Days,
    WorkingDays,
    /// The decree sets no limit ("menyesuaikan", "sampai tercapai kesepakatan", or silent).
    None,
}

/// How long the service may take, as the decree states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    /// The decree's words the limit was read from.
    pub source: String,
    pub unit: LimitUnit,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// What the front desk does for a service: the checklist and the items it takes in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intake {
    pub checklist: Vec<ChecklistItem>,
    /// The decree's sentence by which the desk keeps an ID card, if any.
    pub holds_id: Option<String>,
    /// The decree's sentence calling for the consultation form (blanko), if any.
    pub blanko: Option<String>,
    /// The decree's sentence calling for an SPT/SPPD from an institutional guest, if any.
    pub spt: Option<String>,
    /// The decree's sentence calling for a proposal to be handed over, if any.
    pub proposal: Option<String>,
}

/// One requirement the receptionist ticks off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub text: String,
    /// Applies only to guests who come for an institution.
    pub institution_only: bool,
}
