//! The daily digest (ADR 0030, amended by ADR 0036): for people who take notification e-mail
//! once a day, their mails are queued `held`; at 07:00 in each person's own time zone the held
//! mails queued before then become one digest mail, which the outbox sends like any other. A
//! day with nothing held sends nothing. Every server runs the job every few minutes; the store
//! makes at most one digest per person and local day, and a server that was down at 07:00
//! catches up when it runs again.

use crate::time_zone;
use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use std::time::Duration;
use tandem_store::{Store, StoreError};

/// The local hour of the daily digest: before the working day, wherever the person lives.
pub const HOUR: i8 = 7;

/// How often `serve` looks for due digests: a person's 07:00 is met within this, whatever
/// their zone's offset (some are a half or quarter hour off UTC).
pub const INTERVAL: Duration = Duration::from_secs(5 * 60);

/// The digest due at `now` for someone living in `zone`: their local date and the instant of
/// 07:00 on it, today's once it has passed there, else yesterday's. Keyed on the local date,
/// a DST change (which shifts 07:00 by an hour against UTC) neither repeats nor skips a day.
pub fn due_at(now: Timestamp, zone: &TimeZone) -> (Date, Timestamp) {
    let today = now.to_zoned(zone.clone()).date();
    let at = |day: Date| {
        day.to_datetime(Time::constant(HOUR, 0, 0, 0))
            .to_zoned(zone.clone())
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

/// Makes the digests due at `now`: for each person with held mail, the mail held before their
/// latest local 07:00 becomes that local day's digest. Returns how many were made.
pub async fn make_due(store: &Store, now: Timestamp) -> Result<usize, StoreError> {
    let mut made = 0;
    for held in store.people_with_held_mail().await? {
        let zone = time_zone::zone_or_default(&held.time_zone);
        let (day, at) = due_at(now, &zone);
        let before = at.as_millisecond();
        if held.oldest_ms >= before {
            // Everything held came after their last 07:00: tomorrow's digest.
            continue;
        }
        let subject = format!("Your Tandem notifications, {day}");
        let digest = store
            .gather_digest(held.user_id, before, &day.to_string(), &subject)
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

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).expect("a zone in the tz database")
    }

    /// `due_at` as (local day, instant) in text, for readable assertions.
    fn due(now: &str, name: &str) -> (String, Timestamp) {
        let (day, slot) = due_at(at(now), &zone(name));
        (day.to_string(), slot)
    }

    #[test]
    fn in_utc_the_digest_is_todays_at_seven_or_yesterdays_before() {
        assert_eq!(
            due("2026-11-27T09:30:00Z", "UTC"),
            ("2026-11-27".to_owned(), at("2026-11-27T07:00:00Z"))
        );
        assert_eq!(
            due("2026-11-27T06:59:59Z", "UTC"),
            ("2026-11-26".to_owned(), at("2026-11-26T07:00:00Z"))
        );
        assert_eq!(due("2026-11-27T07:00:00Z", "UTC").0, "2026-11-27");
    }

    #[test]
    fn berlin_gets_it_at_six_utc_in_winter_and_five_in_summer() {
        assert_eq!(
            due("2026-01-15T05:59:59Z", "Europe/Berlin"),
            ("2026-01-14".to_owned(), at("2026-01-14T06:00:00Z"))
        );
        assert_eq!(
            due("2026-01-15T06:00:00Z", "Europe/Berlin"),
            ("2026-01-15".to_owned(), at("2026-01-15T06:00:00Z"))
        );
        assert_eq!(
            due("2026-07-15T04:59:59Z", "Europe/Berlin"),
            ("2026-07-14".to_owned(), at("2026-07-14T05:00:00Z"))
        );
        assert_eq!(
            due("2026-07-15T05:00:00Z", "Europe/Berlin"),
            ("2026-07-15".to_owned(), at("2026-07-15T05:00:00Z"))
        );
    }

    #[test]
    fn sydney_gets_tomorrows_digest_on_the_evening_before_in_utc() {
        // 27 November is summer in Sydney (AEDT, UTC+11): 07:00 there is 20:00 UTC the day
        // before.
        assert_eq!(
            due("2026-11-26T20:00:00Z", "Australia/Sydney"),
            ("2026-11-27".to_owned(), at("2026-11-26T20:00:00Z"))
        );
        assert_eq!(
            due("2026-11-26T19:59:59Z", "Australia/Sydney"),
            ("2026-11-26".to_owned(), at("2026-11-25T20:00:00Z"))
        );
        // In June (AEST, UTC+10) it is 21:00 UTC.
        assert_eq!(
            due("2026-06-15T21:00:00Z", "Australia/Sydney"),
            ("2026-06-16".to_owned(), at("2026-06-15T21:00:00Z"))
        );
    }

    #[test]
    fn a_dst_change_day_has_its_digest_at_seven_local_once() {
        // Berlin springs forward on 29 March 2026: 07:00 comes at 05:00 UTC, 23 hours after
        // the day before's.
        assert_eq!(
            due("2026-03-29T05:00:00Z", "Europe/Berlin"),
            ("2026-03-29".to_owned(), at("2026-03-29T05:00:00Z"))
        );
        // It falls back on 25 October: at 05:30 UTC (06:30 local) the 24th's is still the one
        // due, though 05:00 UTC was the hour of yesterday's: no second digest.
        assert_eq!(
            due("2026-10-25T05:30:00Z", "Europe/Berlin"),
            ("2026-10-24".to_owned(), at("2026-10-24T05:00:00Z"))
        );
        assert_eq!(
            due("2026-10-25T06:00:00Z", "Europe/Berlin"),
            ("2026-10-25".to_owned(), at("2026-10-25T06:00:00Z"))
        );
    }

    #[test]
    fn every_local_day_across_dst_changes_is_due_once_and_in_order() {
        // Every five minutes (the job's pace) through both of Berlin's 2026 changes and
        // Sydney's of 5 April and 4 October: each local day becomes due exactly once, the
        // day after the one before, at 07:00 local.
        for (name, from) in [
            ("Europe/Berlin", "2026-03-26T00:00:00Z"),
            ("Europe/Berlin", "2026-10-22T00:00:00Z"),
            ("Australia/Sydney", "2026-04-02T00:00:00Z"),
            ("Australia/Sydney", "2026-10-01T00:00:00Z"),
        ] {
            let zone = zone(name);
            let mut now = at(from);
            let mut days: Vec<Date> = Vec::new();
            for _ in 0..(7 * 24 * 12) {
                let (day, slot) = due_at(now, &zone);
                assert!(slot <= now, "{name} {now}: due in the future");
                let local = slot.to_zoned(zone.clone());
                assert_eq!((local.hour(), local.minute()), (HOUR, 0), "{name} {now}");
                assert_eq!(local.date(), day, "{name} {now}");
                if days.last() != Some(&day) {
                    if let Some(last) = days.last() {
                        assert_eq!(last.tomorrow().ok(), Some(day), "{name}: skipped a day");
                    }
                    days.push(day);
                }
                now = now
                    .checked_add(jiff::SignedDuration::from_mins(5))
                    .expect("in range");
            }
            assert_eq!(days.len(), 8, "{name} from {from}: {days:?}");
        }
    }
}
