//! Durations as people type them (`3h`, `1.5h`, `90m`, `2d`) and as we print them. Stored as
//! minutes; a day is a working day of 8 hours.

use crate::ValidationError;

/// Minutes in a working day.
pub const MINUTES_PER_DAY: i64 = 8 * 60;

/// Parses `3h`, `1.5h`, `90m`, `2d`, `1h30m` or a bare number of hours (`4`) into minutes.
pub fn parse_minutes(field: &'static str, raw: &str) -> Result<i64, ValidationError> {
    let invalid = || {
        ValidationError::new(
            field,
            format!("'{raw}' is not a duration (e.g. 3h, 1.5h, 90m, 2d)"),
        )
    };
    let text = raw.trim().to_ascii_lowercase().replace(' ', "");
    if text.is_empty() {
        return Err(invalid());
    }
    if let Ok(hours) = text.parse::<f64>() {
        return to_minutes(hours * 60.0).ok_or_else(invalid);
    }
    let mut total = 0.0;
    let mut number = String::new();
    for c in text.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'd' | 'h' | 'm' => {
                let value: f64 = number.parse().map_err(|_| invalid())?;
                total += value
                    * match c {
                        'd' => MINUTES_PER_DAY as f64,
                        'h' => 60.0,
                        _ => 1.0,
                    };
                number.clear();
            }
            _ => return Err(invalid()),
        }
    }
    if !number.is_empty() {
        return Err(invalid());
    }
    to_minutes(total).ok_or_else(invalid)
}

/// Whole minutes from a non-negative, finite, not absurdly large value.
fn to_minutes(value: f64) -> Option<i64> {
    (value.is_finite() && (0.0..=1.0e9).contains(&value)).then(|| value.round() as i64)
}

/// Minutes as `2h 30m`, `45m`, `0m`.
pub fn format_minutes(minutes: i64) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    match (hours, rest) {
        (0, rest) => format!("{rest}m"),
        (hours, 0) => format!("{hours}h"),
        (hours, rest) => format!("{hours}h {rest}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_durations_become_minutes() {
        assert_eq!(parse_minutes("estimate", "3h").unwrap(), 180);
        assert_eq!(parse_minutes("estimate", "1.5h").unwrap(), 90);
        assert_eq!(parse_minutes("estimate", "90m").unwrap(), 90);
        assert_eq!(parse_minutes("estimate", "2d").unwrap(), 960);
        assert_eq!(parse_minutes("estimate", "1h 30m").unwrap(), 90);
        assert_eq!(parse_minutes("estimate", "4").unwrap(), 240);
        for bad in ["", "h", "3x", "-2h", "3h5"] {
            assert_eq!(
                parse_minutes("estimate", bad).unwrap_err().field,
                "estimate"
            );
        }
    }

    #[test]
    fn minutes_print_as_hours_and_minutes() {
        assert_eq!(format_minutes(150), "2h 30m");
        assert_eq!(format_minutes(45), "45m");
        assert_eq!(format_minutes(120), "2h");
        assert_eq!(format_minutes(0), "0m");
    }
}
