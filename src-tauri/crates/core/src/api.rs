//! The one dispatcher every screen talks to.
//!
//! A screen sends a [`Request`] (`{"op": "catalog.search", "args": {...}}`) and gets back JSON
//! or a [`CoreError`]. The desktop window reaches it over Tauri IPC and, in a later issue,
//! browsers on the LAN over HTTP: both transports are thin adapters over [`dispatch`], so no
//! behaviour exists in one and not the other.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::catalog::{self, Filter};
use crate::error::{CoreError, CoreResult};
use crate::store::Store;

/// Most search hits a screen may ask for at once.
pub const MAX_SEARCH_LIMIT: usize = 100;
/// Hits returned when a screen does not say how many.
pub const DEFAULT_SEARCH_LIMIT: usize = 30;

/// An operation and its arguments.
#[derive(Debug, Deserialize)]
#[serde(tag = "op", content = "args", deny_unknown_fields)]
pub enum Request {
    /// Regions and bagian of the catalog, for the filters.
    #[serde(rename = "catalog.overview")]
    CatalogOverview,
    /// Every service, optionally of one region or bagian.
    #[serde(rename = "catalog.list")]
    CatalogList(#[serde(default)] Filter),
    /// Full-text search.
    #[serde(rename = "catalog.search")]
    CatalogSearch(SearchArgs),
    /// One service with its whole standard.
    #[serde(rename = "catalog.show")]
    CatalogShow(ShowArgs),
}

/// Arguments of `catalog.search`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    pub query: String,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub limit: Option<usize>,
}

/// Arguments of `catalog.show`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowArgs {
    pub id: String,
}

fn to_json<T: serde::Serialize>(value: T) -> CoreResult<Value> {
    serde_json::to_value(value).map_err(|e| CoreError::Storage(e.to_string()))
}

/// Reads a request from JSON, with a message that says what was wrong with it.
pub fn parse_request(value: Value) -> CoreResult<Request> {
    serde_json::from_value(value).map_err(|e| CoreError::BadRequest(e.to_string()))
}

/// Carries out one request.
pub fn dispatch(store: &mut Store, request: Request) -> CoreResult<Value> {
    match request {
        Request::CatalogOverview => to_json(catalog::overview(store)?),
        Request::CatalogList(filter) => to_json(catalog::list(store, &filter)?),
        Request::CatalogSearch(args) => {
            let limit = args.limit.unwrap_or(DEFAULT_SEARCH_LIMIT);
            if limit == 0 || limit > MAX_SEARCH_LIMIT {
                return Err(CoreError::BadRequest(format!(
                    "limit harus antara 1 dan {MAX_SEARCH_LIMIT}"
                )));
            }
            let filter = Filter {
                region: args.region,
                unit: args.unit,
            };
            let hits = catalog::search(store, &args.query, &filter, limit)?;
            Ok(json!({ "query": args.query, "hits": to_json(hits)? }))
        }
        Request::CatalogShow(args) => to_json(catalog::show(store, &args.id)?),
    }
}
