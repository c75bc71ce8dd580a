//! The kick-off baselines of NWSHOP and HELIOS: each plan as the team made it on the first day — every item
//! open at its full estimate, levelled over the people who hold it — so planned value is
//! phased over the months the project was meant to take, and the Gantt and the health page
//! have a plan to measure the slip against.

use tandem_core::work::StatusCategory;
use tandem_store::Store;

use crate::error::ApiError;
use crate::planning::network::PlanData;
use crate::planning::{baselines, levelling, service};

/// Saves the "Kick-off plan" of NWSHOP and HELIOS on behalf of their project manager.
pub async fn load(store: &Store, manager: i64) -> Result<(), ApiError> {
    for key in ["NWSHOP", "HELIOS"] {
        kick_off(store, key, manager).await?;
    }
    Ok(())
}

/// Saves project `key`'s plan as it stood on its first day.
async fn kick_off(store: &Store, key: &str, manager: i64) -> Result<(), ApiError> {
    let project = store.project_by_key(key).await?;
    let mut kick_off = PlanData::load(store, project).await?;
    for item in &mut kick_off.items {
        item.status.category = StatusCategory::Todo;
        item.remaining_minutes = None;
    }
    let profiles = store.member_profiles(kick_off.project.id).await?;
    let view = levelling::levelled_schedule(
        &kick_off,
        &profiles,
        crate::clock::today(store).await?,
        None,
    )
    .map_err(|error| ApiError::bad_request("unschedulable", error.to_string()))?;
    let items = baselines::items(&kick_off, &view);
    let project_id = kick_off.project.id;
    service::store_baseline(
        store,
        project_id,
        "Kick-off plan".into(),
        Some(manager),
        items,
    )
    .await?;
    Ok(())
}
