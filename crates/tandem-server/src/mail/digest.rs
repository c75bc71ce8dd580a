//! The daily digest (ADR 0030): for people who take notification e-mail once a day, their
//! mails are queued `held`; at 07:00 UTC each day the held mails queued before then become
//! one digest mail per person, which the outbox sends like any other. A day with nothing held
//! sends nothing. Every server runs the job; the store makes at most one digest per person
//! and day, and a server that was down at 07:00 catches up when it runs again.

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use std::time::Duration;
use tandem_store::{Store, StoreError};

/// The hour (UTC) of the daily digest: early morning in Europe and Africa, the evening before
/// in the Americas. One workspace-wide time keeps the job a single query.
pub const HOUR: i8 = 7;

/// How often `serve` looks for due digests.
pub const INTERVAL: Duration = Duration::from_secs(5 * 60);

/// The digest time due at `now`: today's 07:00 UTC, or yesterday's before then.
pub fn due_at(now: Timestamp) -> (Date, Timestamp) {
    let today = now.to_zoned(TimeZone::UTC).date();
    let at = |day: Date| {
        day.to_datetime(Time::constant(HOUR, 0, 0, 0))
            .to_zoned(TimeZone::UTC)
            .map(|zoned| zoned.timestamp())
    };
    match at(today) {
        Ok(slot) if slot <= now => (today, slot),
        _ => {
            let yesterday = today.yesterday().unwrap_or(today);
            (yesterday, at(yesterday).unwrap_or(now))
        }
    }
}

/// Makes the digests due at `now` (mail held before that day's 07:00 UTC); returns how many.
pub async fn make_due(store: &Store, now: Timestamp) -> Result<usize, StoreError> {
    let (day, at) = due_at(now);
    let before = at.as_millisecond();
    let subject = format!("Your Tandem notifications, {day}");
    let mut made = 0;
    for user_id in store.people_with_held_mail(before).await? {
        let digest = store
            .gather_digest(user_id, before, &day.to_string(), &subject)
            .await?;
        made += usize::from(digest.is_some());
    }
    Ok(made)
}

/// Makes due digests every [`INTERVAL`] until the process ends; failures are logged.
pub async fn every_few_minutes(store: Store) {
    let mut ticks = tokio::time::interval(INTERVAL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match make_due(&store, Timestamp::now()).await {
            Ok(0) => {}
            Ok(made) => tracing::info!(made, "daily e-mail digests queued"),
            Err(error) => tracing::error!(%error, "could not make the daily e-mail digests"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_due_is_todays_at_seven_or_yesterdays_before() {
        let at = |text: &str| text.parse::<Timestamp>().expect("a timestamp");
        let (day, slot) = due_at(at("2026-11-27T09:30:00Z"));
        assert_eq!(
            (day.to_string(), slot),
            ("2026-11-27".to_owned(), at("2026-11-27T07:00:00Z"))
        );
        let (day, slot) = due_at(at("2026-11-27T06:59:59Z"));
        assert_eq!(
            (day.to_string(), slot),
            ("2026-11-26".to_owned(), at("2026-11-26T07:00:00Z"))
        );
        let (day, _) = due_at(at("2026-11-27T07:00:00Z"));
        assert_eq!(day.to_string(), "2026-11-27");
    }
}
