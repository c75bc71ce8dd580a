//! Validated value types ("parse, don't validate"): once built, a value is known to be good.

use crate::ValidationError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A normalised (trimmed, lower-cased) e-mail address, so look-ups are case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Parses an address: one `@`, a non-empty local part, a dotted domain, no spaces.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let value = raw.trim().to_lowercase();
        let invalid = || {
            ValidationError::new(
                "email",
                format!("'{}' is not an e-mail address", raw.trim()),
            )
        };
        let unprintable = |c: char| c.is_whitespace() || c.is_control();
        if value.len() > 254 || value.chars().any(unprintable) {
            return Err(invalid());
        }
        let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@');
        if local.is_empty() || !domain_ok {
            return Err(invalid());
        }
        Ok(Self(value))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A project key such as `ACME`: 2–10 upper-case ASCII letters or digits, starting with a
/// letter, because it prefixes every work-item key (`ACME-42`) and appears in URLs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ProjectKey(String);

impl ProjectKey {
    /// Parses a key; lower-case input is refused rather than silently changed.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let ok_len = (2..=10).contains(&raw.len());
        let ok_chars = raw
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        let starts_with_letter = raw.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        if ok_len && ok_chars && starts_with_letter {
            Ok(Self(raw.to_owned()))
        } else {
            Err(ValidationError::new(
                "key",
                "a project key is 2 to 10 upper-case letters or digits and starts with a letter (e.g. ACME)",
            ))
        }
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's or an organisation's display name: trimmed, 1–200 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Name(String);

impl Name {
    /// Parses a name for `field`, refusing blank or overlong text.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, ValidationError> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(ValidationError::new(field, "must not be empty"));
        }
        if value.chars().any(char::is_control) {
            return Err(ValidationError::new(
                field,
                "must not contain control characters",
            ));
        }
        if value.chars().count() > 200 {
            return Err(ValidationError::new(
                field,
                "must be at most 200 characters",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Takes the text out.
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A password that meets the policy (10 to 1024 characters); never printed.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// The minimum length, shown in error messages and the UI.
    pub const MIN_LEN: usize = 10;

    /// Accepts a password of at least [`Password::MIN_LEN`] characters.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let len = raw.chars().count();
        if len < Self::MIN_LEN {
            return Err(ValidationError::new(
                "password",
                format!("must be at least {} characters", Self::MIN_LEN),
            ));
        }
        if len > 1024 {
            return Err(ValidationError::new(
                "password",
                "must be at most 1024 characters",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The secret, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// An amount of money in minor units (cents) with an ISO 4217 currency code, so sums are exact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// Amount in minor units (e.g. cents).
    pub amount_minor: i64,
    /// Three upper-case letters, e.g. `EUR`.
    pub currency: String,
}

impl Money {
    /// Builds money from a decimal amount (at most two decimals) and a currency code.
    pub fn parse(amount: f64, currency: &str) -> Result<Self, ValidationError> {
        if !amount.is_finite() || !(0.0..=1e13).contains(&amount) {
            return Err(ValidationError::new(
                "budget.amount",
                "must be a non-negative number",
            ));
        }
        let cents = (amount * 100.0).round();
        if ((cents / 100.0) - amount).abs() > 1e-6 {
            return Err(ValidationError::new(
                "budget.amount",
                "must have at most two decimals",
            ));
        }
        let ok_currency = currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase());
        if !ok_currency {
            return Err(ValidationError::new(
                "budget.currency",
                "must be a three-letter ISO 4217 code such as EUR",
            ));
        }
        Ok(Self {
            amount_minor: cents as i64,
            currency: currency.to_owned(),
        })
    }

    /// The amount as a decimal number, for display and JSON.
    pub fn amount(&self) -> f64 {
        self.amount_minor as f64 / 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalised_and_checked() {
        assert_eq!(
            Email::parse(" Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a da@example.com",
            "ada@.com",
            "a\u{0}da@example.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_are_printable_text() {
        assert_eq!(Name::parse("name", "  Ada  ").unwrap().as_str(), "Ada");
        for bad in ["", "   ", "A\u{0}B", "bell\u{7}", "two\nlines"] {
            assert!(Name::parse("name", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn project_key_rules() {
        for good in ["AC", "ACME", "P2026", "ABCDEFGHIJ"] {
            assert!(ProjectKey::parse(good).is_ok(), "{good}");
        }
        for bad in ["A", "acme", "2ACME", "ABCDEFGHIJK", "AC-ME", ""] {
            assert!(ProjectKey::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn password_policy() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("long enough!").is_ok());
        assert_eq!(
            format!("{:?}", Password::parse("long enough!").unwrap()),
            "Password(***)"
        );
    }

    #[test]
    fn money_in_minor_units() {
        assert_eq!(Money::parse(1234.5, "EUR").unwrap().amount_minor, 123_450);
        assert!(Money::parse(1.234, "EUR").is_err());
        assert!(Money::parse(-1.0, "EUR").is_err());
        assert!(Money::parse(1.0, "eur").is_err());
    }
}
