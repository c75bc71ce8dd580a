//! Money and durations as people type them: decimal amounts with at most two decimals
//! (stored exactly in minor units) and capacities such as `32h` or `37.5`.

use crate::ValidationError;
use crate::work::MINUTES_PER_DAY;

/// The largest amount accepted, in major units: far above any project, far below overflow.
const MAX_AMOUNT: f64 = 1e12;

/// A non-negative decimal amount with at most two decimals, in minor units (cents).
pub fn amount_minor(field: &'static str, amount: f64) -> Result<i64, ValidationError> {
    if !amount.is_finite() || !(0.0..=MAX_AMOUNT).contains(&amount) {
        return Err(ValidationError::new(
            field,
            "must be a non-negative amount such as 1200.50",
        ));
    }
    let cents = (amount * 100.0).round();
    if (cents / 100.0 - amount).abs() > 1e-6 {
        return Err(ValidationError::new(
            field,
            "must have at most two decimals",
        ));
    }
    Ok(cents as i64)
}

/// An amount typed as text (`1200`, `1200.5`, `1,200.50`), in minor units.
pub fn parse_amount(field: &'static str, raw: &str) -> Result<i64, ValidationError> {
    let text: String = raw.trim().chars().filter(|c| *c != ',').collect();
    let amount: f64 = text.parse().map_err(|_| {
        ValidationError::new(
            field,
            format!("'{}' is not an amount like 1200.50", raw.trim()),
        )
    })?;
    amount_minor(field, amount)
}

/// Minor units as a decimal number, for JSON.
pub fn major(minor: i64) -> f64 {
    minor as f64 / 100.0
}

/// A three-letter upper-case ISO 4217 code.
pub fn currency(field: &'static str, raw: &str) -> Result<String, ValidationError> {
    let code = raw.trim();
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code.to_owned())
    } else {
        Err(ValidationError::new(
            field,
            "must be a three-letter ISO 4217 code such as EUR",
        ))
    }
}

/// Minutes in a week of 168 hours: no capacity can exceed it.
const MINUTES_PER_WEEK: i64 = 7 * 24 * 60;

/// A weekly capacity typed as hours: `32h`, `32`, `37.5h` or `37h30m`, in minutes.
pub fn parse_capacity(field: &'static str, raw: &str) -> Result<i64, ValidationError> {
    let text = raw.trim().to_ascii_lowercase();
    let invalid = || {
        ValidationError::new(
            field,
            format!(
                "'{}' is not a weekly capacity like 32h or 37h30m",
                raw.trim()
            ),
        )
    };
    let minutes = match text.split_once('h') {
        Some((hours, rest)) => {
            let hours: f64 = hours.trim().parse().map_err(|_| invalid())?;
            let rest = rest.trim().trim_end_matches('m').trim();
            let extra: f64 = if rest.is_empty() {
                0.0
            } else {
                rest.parse().map_err(|_| invalid())?
            };
            hours * 60.0 + extra
        }
        None => text.parse::<f64>().map_err(|_| invalid())? * 60.0,
    };
    capacity_minutes(field, minutes)
}

/// A weekly capacity in minutes, checked to be within a week.
pub fn capacity_minutes(field: &'static str, minutes: f64) -> Result<i64, ValidationError> {
    if !minutes.is_finite() || minutes < 0.0 || minutes.round() as i64 > MINUTES_PER_WEEK {
        return Err(ValidationError::new(
            field,
            "must be between 0 and 168 hours a week",
        ));
    }
    Ok(minutes.round() as i64)
}

/// Minutes as hours for display: `32h`, `37.5h`.
pub fn hours_label(minutes: i64) -> String {
    let hours = minutes as f64 / 60.0;
    if minutes % 60 == 0 {
        format!("{}h", minutes / 60)
    } else {
        format!("{hours:.1}h")
    }
}

/// Working days of 8 h for display: under a day in hours (`2h`), else in days to a
/// hundredth (`3 d`, `1.5 d`) — how a levelling delay reads.
pub fn working_days_label(days: f64) -> String {
    if days < 1.0 {
        return hours_label((days * MINUTES_PER_DAY as f64).round() as i64);
    }
    let rounded = format!("{days:.2}");
    format!("{} d", rounded.trim_end_matches('0').trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_cents() {
        assert_eq!(amount_minor("amount", 1200.5).unwrap(), 120_050);
        assert_eq!(parse_amount("amount", " 1,200.05 ").unwrap(), 120_005);
        assert_eq!(parse_amount("amount", "85").unwrap(), 8_500);
        for bad in ["", "abc", "-1", "1.005", "NaN"] {
            assert!(parse_amount("amount", bad).is_err(), "{bad}");
        }
        assert_eq!(major(120_050), 1200.5);
    }

    #[test]
    fn working_days_read_as_hours_under_a_day() {
        assert_eq!(working_days_label(0.25), "2h");
        assert_eq!(working_days_label(3.0), "3 d");
        assert_eq!(working_days_label(1.5), "1.5 d");
        assert_eq!(working_days_label(4.0 / 3.0), "1.33 d");
    }

    #[test]
    fn capacities_read_as_hours() {
        assert_eq!(parse_capacity("capacity", "32h").unwrap(), 32 * 60);
        assert_eq!(parse_capacity("capacity", "32").unwrap(), 32 * 60);
        assert_eq!(parse_capacity("capacity", "37.5h").unwrap(), 2250);
        assert_eq!(parse_capacity("capacity", "37h30m").unwrap(), 2250);
        for bad in ["", "h", "-4h", "169h", "lots"] {
            assert!(parse_capacity("capacity", bad).is_err(), "{bad}");
        }
        assert_eq!(hours_label(2250), "37.5h");
        assert_eq!(hours_label(1920), "32h");
    }

    #[test]
    fn currencies_are_iso_codes() {
        assert_eq!(currency("currency", " EUR ").unwrap(), "EUR");
        assert!(currency("currency", "eur").is_err());
        assert!(currency("currency", "EURO").is_err());
    }
}
