//! The daily upkeep: today's backup (rotating old ones) and the retention rule, run by the hub
//! and the desktop app at start and then every so often. Cheap when there is nothing to do.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::desk::Ctx;
use crate::error::CoreResult;
use crate::privacy::{self, RetentionRun};
use crate::store::backup::{self, BackupFile};
use crate::store::Store;

/// Who the data log names for the automatic runs.
pub const ACTOR: &str = "sistem (harian)";

/// What one upkeep did.
#[derive(Debug, Clone, Serialize)]
pub struct Upkeep {
    /// Today's backup, if it was made now.
    pub backup: Option<BackupFile>,
    pub retention: RetentionRun,
}

/// Makes today's backup if there is none (before anything is anonymised, so that the day's
/// backup holds the day as it began), then applies the retention.
pub fn daily(store: &mut Store, now: DateTime<Utc>) -> CoreResult<Upkeep> {
    let backup = backup::ensure_daily(store, now)?;
    let ctx = Ctx {
        actor: ACTOR.into(),
        now,
    };
    let retention = privacy::apply_retention_quietly(store, &ctx)?;
    Ok(Upkeep { backup, retention })
}
