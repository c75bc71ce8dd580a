//! A cursor over numbered lines that turns whitespace-separated integers into values or
//! line-numbered errors.

use std::str::FromStr;

use super::PsplibError;

/// The remaining lines of a file, with their 1-based numbers.
pub(super) struct Lines<'a> {
    inner: std::iter::Peekable<std::iter::Enumerate<std::str::Lines<'a>>>,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self {
            inner: text.lines().enumerate().peekable(),
        }
    }

    /// Skips to the line after the first one whose trimmed text starts with `prefix` and
    /// returns that line.
    pub(super) fn after(
        &mut self,
        prefix: &str,
        what: &'static str,
    ) -> Result<Line<'a>, PsplibError> {
        for (index, text) in self.inner.by_ref() {
            if text.trim_start().starts_with(prefix) {
                return Ok(Line {
                    number: index + 1,
                    text,
                });
            }
        }
        Err(PsplibError::Missing(what))
    }

    /// The next line, which must exist.
    pub(super) fn next_line(&mut self, what: &'static str) -> Result<Line<'a>, PsplibError> {
        self.inner
            .next()
            .map(|(index, text)| Line {
                number: index + 1,
                text,
            })
            .ok_or(PsplibError::Missing(what))
    }
}

/// One line of text and where it was.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    pub(super) number: usize,
    pub(super) text: &'a str,
}

impl Line<'_> {
    /// An error pointing at this line.
    pub(super) fn error(&self, message: impl Into<String>) -> PsplibError {
        PsplibError::Syntax {
            line: self.number,
            message: message.into(),
        }
    }

    /// All whitespace-separated fields as numbers.
    pub(super) fn numbers<T: FromStr>(&self) -> Result<Vec<T>, PsplibError> {
        self.fields(self.text)
    }

    /// The numbers after the first `:`, as in `jobs (incl. supersource/sink ):  32`; any
    /// trailing letters (the `R` of `renewable :  4   R`) are ignored.
    pub(super) fn value_after_colon<T: FromStr>(&self) -> Result<T, PsplibError> {
        let (_, value) = self
            .text
            .split_once(':')
            .ok_or_else(|| self.error("expected `name : value`"))?;
        let first = value
            .split_whitespace()
            .next()
            .ok_or_else(|| self.error("expected a value after `:`"))?;
        first
            .parse()
            .map_err(|_| self.error(format!("expected a number, found `{first}`")))
    }

    fn fields<T: FromStr>(&self, text: &str) -> Result<Vec<T>, PsplibError> {
        text.split_whitespace()
            .map(|field| {
                field
                    .parse()
                    .map_err(|_| self.error(format!("expected a number, found `{field}`")))
            })
            .collect()
    }
}
