//! How values read on a page: dates, money, times and roles in words, the same everywhere.

use jiff::tz::TimeZone;
use tandem_core::roles::UserRole;

/// A stored `YYYY-MM-DD` date as "31 Mar 2026"; "Not set" when there is none.
pub fn date(iso: Option<&str>) -> String {
    match iso {
        None => "Not set".to_owned(),
        Some(text) => text
            .parse::<jiff::civil::Date>()
            .map(|date| date.strftime("%-d %b %Y").to_string())
            .unwrap_or_else(|_| text.to_owned()),
    }
}

/// A `YYYY-MM-DD` date as "31 Mar": short enough for a chart's axis.
pub fn day_month(iso: &str) -> String {
    iso.parse::<jiff::civil::Date>()
        .map(|date| date.strftime("%-d %b").to_string())
        .unwrap_or_else(|_| iso.to_owned())
}

/// Stored unix milliseconds as the reader's wall-clock time: "25 Nov 2026, 21:14 CET".
pub fn timestamp(ms: i64, zone: &TimeZone) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|ts| local_time(ts, zone))
        .unwrap_or_default()
}

/// An RFC 3339 timestamp from an API view as the reader's wall-clock time, the text itself
/// when it is not one.
pub fn rfc3339(text: &str, zone: &TimeZone) -> String {
    text.parse::<jiff::Timestamp>()
        .map(|ts| local_time(ts, zone))
        .unwrap_or_else(|_| text.to_owned())
}

/// An instant in `zone`, with the zone's abbreviation so nobody has to guess which clock.
fn local_time(ts: jiff::Timestamp, zone: &TimeZone) -> String {
    ts.to_zoned(zone.clone())
        .strftime("%-d %b %Y, %H:%M %Z")
        .to_string()
}

/// A decimal amount with thousands separators and two decimals, then the currency:
/// "240,000.00 EUR".
pub fn money(amount: f64, currency: &str) -> String {
    let cents = (amount * 100.0).round() as i64;
    let units = (cents / 100).to_string();
    let mut grouped = String::with_capacity(units.len() + units.len() / 3);
    for (index, digit) in units.chars().enumerate() {
        if index > 0 && (units.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{grouped}.{:02} {currency}", cents % 100)
}

/// The workspace role in words.
pub fn user_role(role: UserRole) -> &'static str {
    match role {
        UserRole::Admin => "Admin",
        UserRole::Member => "Staff",
        UserRole::Client => "Client contact",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_read_naturally() {
        assert_eq!(date(Some("2026-03-05")), "5 Mar 2026");
        assert_eq!(date(None), "Not set");
        assert_eq!(timestamp(0, &TimeZone::UTC), "1 Jan 1970, 00:00 UTC");
    }

    #[test]
    fn times_read_on_the_readers_clock() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        // 2026-11-25 20:14 UTC is 21:14 in Berlin's winter, 2026-07-01 12:00 UTC 14:00 in summer.
        assert_eq!(
            timestamp(1_795_637_640_000, &berlin),
            "25 Nov 2026, 21:14 CET"
        );
        assert_eq!(
            rfc3339("2026-07-01T12:00:00Z", &berlin),
            "1 Jul 2026, 14:00 CEST"
        );
        let new_york = TimeZone::get("America/New_York").unwrap();
        assert_eq!(
            rfc3339("2026-11-26T03:35:12.5Z", &new_york),
            "25 Nov 2026, 22:35 EST"
        );
        assert_eq!(rfc3339("not a time", &berlin), "not a time");
    }

    #[test]
    fn money_has_separators_and_cents() {
        assert_eq!(money(240_000.0, "EUR"), "240,000.00 EUR");
        assert_eq!(money(1234.5, "USD"), "1,234.50 USD");
        assert_eq!(money(999.99, "GBP"), "999.99 GBP");
        assert_eq!(money(0.0, "EUR"), "0.00 EUR");
    }
}
