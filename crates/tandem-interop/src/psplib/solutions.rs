//! Reader of the PSPLIB solution lists (`j30hrs.sm`, `j120hrs.sm`): for each instance,
//! the optimal (j30) or best-known (j120) makespan.

use super::PsplibError;
use super::lines::Lines;

/// The known makespan of one instance, identified as in its file name
/// `<set><parameter>_<instance>.sm` (e.g. `j30` `1` `1` → `j301_1.sm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownMakespan {
    /// Parameter-combination number.
    pub parameter: u32,
    /// Instance number within the parameter combination.
    pub instance: u32,
    /// Optimal or best-known makespan.
    pub makespan: u32,
}

impl KnownMakespan {
    /// The instance's file stem within `set` (`"j30"` gives `j301_1`).
    pub fn file_stem(&self, set: &str) -> String {
        format!("{set}{}_{}", self.parameter, self.instance)
    }
}

/// Parses a solution list: every line that starts with three integers
/// (`Par Inst Makespan …`) after the `====` rule under the column header.
///
/// # Errors
/// [`PsplibError::Missing`] without the header rule; [`PsplibError::Syntax`] for a data
/// line whose first three fields are not numbers.
pub fn parse_solutions(text: &str) -> Result<Vec<KnownMakespan>, PsplibError> {
    let mut lines = Lines::new(text);
    lines.after("Par", "the `Par Inst Makespan` header")?;
    lines.next_line("the rule under the header")?;
    let mut known = Vec::new();
    while let Ok(line) = lines.next_line("") {
        if line.text.trim().is_empty() {
            continue;
        }
        let mut fields = line.text.split_whitespace();
        let mut number = || {
            fields
                .next()
                .and_then(|field| field.parse::<u32>().ok())
                .ok_or_else(|| line.error("expected `parameter instance makespan`"))
        };
        known.push(KnownMakespan {
            parameter: number()?,
            instance: number()?,
            makespan: number()?,
        });
    }
    Ok(known)
}
