//! Demo time tracking: the NWSHOP team logged last week's hours (close to their capacity),
//! so its health shows time logging as healthy while HELIOS and FLEET, where nobody logs,
//! show the gap.

use crate::error::ApiError;
use jiff::ToSpan;
use jiff::civil::Date;
use tandem_core::people::workload::week_start;
use tandem_store::{NewTimeEntry, Store};

/// (e-mail, hours logged each working day of last week on NWSHOP).
const LOGGED: &[(&str, i64)] = &[
    ("mei@tandem.demo", 6),
    ("omar@tandem.demo", 7),
    ("rita@tandem.demo", 3),
];

/// Logs last week's time (Monday to Friday before `today`'s week) for the NWSHOP team.
pub async fn load(store: &Store, today: Date) -> Result<(), ApiError> {
    let shop = store.project_by_key("NWSHOP").await?;
    let monday = week_start(today) - 1.week();
    for (email, hours) in LOGGED {
        let Some(user) = store.user_by_email(email).await? else {
            continue;
        };
        for offset in 0..5 {
            store
                .create_time_entry(&NewTimeEntry {
                    project_id: shop.id,
                    user_id: user.user.id,
                    item_id: None,
                    date: (monday + offset.days()).to_string(),
                    minutes: hours * 60,
                    billable: true,
                    note: "Shop relaunch".into(),
                })
                .await?;
        }
    }
    Ok(())
}
