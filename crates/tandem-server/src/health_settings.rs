//! The workspace's health thresholds: stored as one JSON setting with its own version, read by
//! staff, changed by admins with a compare-and-set so two admins never overwrite each other.

use crate::audit::Writer;
use crate::error::ApiError;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tandem_core::health::Thresholds;
use tandem_store::Store;

/// The settings key.
const KEY: &str = "health_thresholds";

/// The thresholds with the version they were saved at (0 while the defaults apply).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Versioned {
    /// Optimistic-concurrency version.
    pub version: i64,
    /// The thresholds.
    pub thresholds: Thresholds,
}

/// The current thresholds and the raw stored text (for the compare-and-set).
async fn load_raw(store: &Store) -> Result<(Versioned, Option<String>), ApiError> {
    let raw = store.setting(KEY).await?;
    let versioned = match &raw {
        None => Versioned {
            version: 0,
            thresholds: Thresholds::default(),
        },
        Some(text) => serde_json::from_str(text).map_err(|error| ApiError::internal(&error))?,
    };
    Ok((versioned, raw))
}

/// The workspace's thresholds (the documented defaults until an admin changes them).
pub async fn load(store: &Store) -> Result<Versioned, ApiError> {
    Ok(load_raw(store).await?.0)
}

/// Validates and saves new thresholds if they are still at `expected`, and audits it.
pub async fn save(
    writer: &Writer<'_>,
    thresholds: Thresholds,
    expected: i64,
) -> Result<Versioned, ApiError> {
    thresholds.validate()?;
    let store = &writer.state.store;
    let (current, raw) = load_raw(store).await?;
    if current.version != expected {
        return Err(ApiError::version_conflict(current.version));
    }
    let next = Versioned {
        version: expected + 1,
        thresholds,
    };
    let text = serde_json::to_string(&next).map_err(|error| ApiError::internal(&error))?;
    if !store.swap_setting(KEY, raw.as_deref(), &text).await? {
        let now = load(store).await?;
        return Err(ApiError::version_conflict(now.version));
    }
    writer
        .record(
            "settings.health_thresholds.update",
            "settings",
            KEY,
            json!({ "version": next.version }),
        )
        .await;
    Ok(next)
}
