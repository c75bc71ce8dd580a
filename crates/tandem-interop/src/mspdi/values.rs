//! Text forms of MSPDI scalar values: dates, times, ISO 8601 durations, flags and numbers.
//! Parsers return `None` on malformed text so the reader can report where it was.

use jiff::civil::{DateTime, Time};

/// Parses `YYYY-MM-DDTHH:MM:SS` (MSPDI's local date-time form).
pub(crate) fn parse_date_time(text: &str) -> Option<DateTime> {
    text.parse().ok()
}

/// Formats a date-time the way MS Project writes it, without fractional seconds.
/// Hand-rolled: a big plan writes hundreds of thousands of dates.
pub fn format_date_time(value: DateTime) -> String {
    let mut text = String::with_capacity(19);
    push_padded(&mut text, value.year().into(), 4);
    text.push('-');
    push_padded(&mut text, value.month().into(), 2);
    text.push('-');
    push_padded(&mut text, value.day().into(), 2);
    text.push('T');
    push_padded(&mut text, value.hour().into(), 2);
    text.push(':');
    push_padded(&mut text, value.minute().into(), 2);
    text.push(':');
    push_padded(&mut text, value.second().into(), 2);
    text
}

/// Appends `value` with at least `width` digits, zero-padded.
fn push_padded(text: &mut String, value: i32, width: u32) {
    if value < 0 {
        text.push('-');
    }
    let value = value.unsigned_abs();
    let digits = value.checked_ilog10().map_or(1, |log| log + 1).max(width);
    for position in (0..digits).rev() {
        let digit = value / 10u32.pow(position) % 10;
        text.push(char::from_digit(digit, 10).unwrap_or('0'));
    }
}

/// Parses `HH:MM:SS`; `24:00:00` (seen in some exports) means the end of the day,
/// which MSPDI otherwise writes as `00:00:00`.
pub(crate) fn parse_time(text: &str) -> Option<Time> {
    if text == "24:00:00" {
        return Some(Time::midnight());
    }
    text.parse().ok()
}

/// Formats a time of day as `HH:MM:SS`.
pub(crate) fn format_time(value: Time) -> String {
    value.strftime("%H:%M:%S").to_string()
}

/// Parses MSPDI's `0`/`1` flags (and the XML schema's `true`/`false`).
pub(crate) fn parse_flag(text: &str) -> Option<bool> {
    match text {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

/// Formats a flag as MS Project does.
pub(crate) fn format_flag(value: bool) -> &'static str {
    if value { "1" } else { "0" }
}

/// Parses an ISO 8601 duration (`PT8H0M0S`, `-PT0H30M0S`, `P1DT2H`) into whole minutes,
/// rounding seconds to the nearest minute. Years and months are refused: their length in
/// minutes is ambiguous and MS Project never writes them.
pub(crate) fn parse_duration_minutes(text: &str) -> Option<i64> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let rest = rest.strip_prefix('P')?;
    let (date_part, time_part) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    let mut seconds = 0.0;
    for (value, designator) in components(date_part)? {
        match designator {
            'D' => seconds += value * 86_400.0,
            'W' => seconds += value * 604_800.0,
            _ => return None,
        }
    }
    if let Some(time_part) = time_part {
        let parts = components(time_part)?;
        if parts.is_empty() {
            return None;
        }
        for (value, designator) in parts {
            seconds += value
                * match designator {
                    'H' => 3600.0,
                    'M' => 60.0,
                    'S' => 1.0,
                    _ => return None,
                };
        }
    }
    let minutes = (seconds / 60.0).round();
    // Far beyond any plan (about 17 million years), so the cast cannot saturate silently.
    if !minutes.is_finite() || minutes.abs() > 1e13 {
        return None;
    }
    let minutes = minutes as i64;
    Some(if negative { -minutes } else { minutes })
}

/// Splits `8H0M30.5S` into `[(8, 'H'), (0, 'M'), (30.5, 'S')]`.
fn components(text: &str) -> Option<Vec<(f64, char)>> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (index, character) in text.char_indices() {
        if character.is_ascii_alphabetic() {
            let number = &text[start..index];
            if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                return None;
            }
            parts.push((number.parse().ok()?, character));
            start = index + 1;
        }
    }
    (start == text.len()).then_some(parts)
}

/// Formats minutes as MS Project does: `PT{hours}H{minutes}M0S`.
pub(crate) fn format_duration_minutes(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let minutes = minutes.unsigned_abs();
    format!("{sign}PT{}H{}M0S", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_in_all_written_forms() {
        assert_eq!(parse_duration_minutes("PT8H0M0S"), Some(480));
        assert_eq!(parse_duration_minutes("-PT0H30M0S"), Some(-30));
        assert_eq!(parse_duration_minutes("P1DT2H"), Some(1560));
        assert_eq!(parse_duration_minutes("PT1.5H"), Some(90));
        assert_eq!(parse_duration_minutes("PT0H0M30S"), Some(1));
        assert_eq!(parse_duration_minutes("PT"), None);
        assert_eq!(parse_duration_minutes("P1Y"), None);
        assert_eq!(parse_duration_minutes("8 hours"), None);
        assert_eq!(parse_duration_minutes("PT99999999999999999999H"), None);
    }

    #[test]
    fn durations_format_round_trip() {
        for minutes in [0, 1, 59, 480, -30, 100_000] {
            let text = format_duration_minutes(minutes);
            assert_eq!(parse_duration_minutes(&text), Some(minutes), "{text}");
        }
    }

    #[test]
    fn date_times_and_times_round_trip() {
        let value = parse_date_time("2024-01-03T23:59:59").unwrap();
        assert_eq!(format_date_time(value), "2024-01-03T23:59:59");
        assert_eq!(parse_time("24:00:00"), Some(Time::midnight()));
        assert_eq!(format_time(parse_time("08:30:00").unwrap()), "08:30:00");
        assert_eq!(parse_date_time("2024-13-01T00:00:00"), None);
        let early = parse_date_time("0007-02-03T04:05:06").unwrap();
        assert_eq!(format_date_time(early), "0007-02-03T04:05:06");
    }
}
