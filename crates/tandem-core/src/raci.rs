//! The responsibility matrix (RACI): for each activity of a project, who is Responsible,
//! Accountable, Consulted and Informed — and the rule that makes it useful: exactly one
//! person or role is accountable for an activity, so every tough call has one owner.
//!
//! The default template is the product / project split: the product manager is accountable
//! for why and what, the project manager for when, who and how much.

use crate::ValidationError;
use crate::health::Side;
use crate::roles::ProjectRole;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One cell of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Letter {
    /// Does the work.
    R,
    /// Owns the outcome and the decision; exactly one per activity.
    A,
    /// Asked before (two-way).
    C,
    /// Told after (one-way).
    I,
}

impl Letter {
    /// Every letter, in RACI order.
    pub const ALL: [Letter; 4] = [Letter::R, Letter::A, Letter::C, Letter::I];

    /// `R`, `A`, `C` or `I`.
    pub fn as_str(self) -> &'static str {
        match self {
            Letter::R => "R",
            Letter::A => "A",
            Letter::C => "C",
            Letter::I => "I",
        }
    }

    /// The word behind the letter.
    pub fn label(self) -> &'static str {
        match self {
            Letter::R => "Responsible",
            Letter::A => "Accountable",
            Letter::C => "Consulted",
            Letter::I => "Informed",
        }
    }

    /// Parses `R`, `A`, `C` or `I` (either case).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "R" => Ok(Letter::R),
            "A" => Ok(Letter::A),
            "C" => Ok(Letter::C),
            "I" => Ok(Letter::I),
            _ => Err(ValidationError::new(
                "letter",
                format!("'{}' is not one of: R, A, C, I", raw.trim()),
            )),
        }
    }
}

impl fmt::Display for Letter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The project roles a template assigns (a template cannot name people).
pub const TEMPLATE_ROLES: [ProjectRole; 4] = [
    ProjectRole::ProductManager,
    ProjectRole::ProjectManager,
    ProjectRole::Member,
    ProjectRole::Client,
];

/// A role's letter on a template activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleLetter {
    /// The project role.
    pub role: ProjectRole,
    /// Its letter.
    pub letter: Letter,
}

/// An activity of a template, with letters by role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateActivity {
    /// Short name, unique in the template.
    pub name: String,
    /// What the activity covers.
    #[serde(default)]
    pub description: String,
    /// Whose half of the project it belongs to.
    pub side: Side,
    /// Letters by role.
    #[serde(default)]
    pub assignments: Vec<RoleLetter>,
}

/// Why an activity's letters break "exactly one A": every tough call needs one owner, so an
/// activity is saved neither with two accountables nor with none.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountableError {
    /// A second "A": refused, naming who is accountable now.
    #[error(
        "“{activity}” already has {current} as accountable; an activity has exactly one A. Make {current} R, C or I first, then make {proposed} accountable."
    )]
    Second {
        /// The activity's name.
        activity: String,
        /// Who holds the A now (a role label or a person's name).
        current: String,
        /// Who was to get a second A.
        proposed: String,
    },
    /// No "A" at all: refused, since nobody would own the activity's decisions.
    #[error("“{activity}” needs exactly one accountable (A): give {} the A.", holders(*.roles_only))]
    Missing {
        /// The activity's name.
        activity: String,
        /// True for a template, whose cells name roles only (the message says so).
        roles_only: bool,
    },
}

/// Who can be given an "A", as the refusal of a missing one says it.
fn holders(roles_only: bool) -> &'static str {
    if roles_only {
        "a role"
    } else {
        "a role or a person"
    }
}

/// Checks that exactly one holder is accountable. `accountable` lists the holders with an A,
/// the current one first (so a second A's message names who holds it now); `roles_only` is
/// true for a template (its message then asks for a role).
pub fn check_one_accountable(
    activity: &str,
    accountable: &[String],
    roles_only: bool,
) -> Result<(), AccountableError> {
    match accountable {
        [] => Err(AccountableError::Missing {
            activity: activity.to_owned(),
            roles_only,
        }),
        [_] => Ok(()),
        [current, proposed, ..] => Err(AccountableError::Second {
            activity: activity.to_owned(),
            current: current.clone(),
            proposed: proposed.clone(),
        }),
    }
}

/// Checks an activity name: 1–120 characters after trimming; returns it trimmed.
pub fn activity_name(raw: &str) -> Result<String, ValidationError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(ValidationError::new("name", "give the activity a name"));
    }
    if name.chars().count() > 120 {
        return Err(ValidationError::new("name", "at most 120 characters"));
    }
    Ok(name.to_owned())
}

/// Checks a whole template: names valid and unique, only template roles, each role at most
/// once per activity, exactly one A per activity.
pub fn check_template(activities: &[TemplateActivity]) -> Result<(), TemplateError> {
    let mut names = std::collections::HashSet::new();
    for activity in activities {
        let name = activity_name(&activity.name)?;
        if !names.insert(name.to_lowercase()) {
            return Err(ValidationError::new(
                "name",
                format!("the activity “{name}” appears twice"),
            )
            .into());
        }
        let mut seen = Vec::new();
        for assignment in &activity.assignments {
            if !TEMPLATE_ROLES.contains(&assignment.role) {
                return Err(ValidationError::new(
                    "role",
                    format!(
                        "a template assigns the product manager, project manager, member or client, not {}",
                        assignment.role
                    ),
                )
                .into());
            }
            if seen.contains(&assignment.role) {
                return Err(ValidationError::new(
                    "role",
                    format!("“{name}” gives {} two letters", assignment.role.label()),
                )
                .into());
            }
            seen.push(assignment.role);
        }
        let accountable: Vec<String> = activity
            .assignments
            .iter()
            .filter(|a| a.letter == Letter::A)
            .map(|a| a.role.label().to_lowercase())
            .collect();
        check_one_accountable(&name, &accountable, true)?;
    }
    Ok(())
}

/// Why a template was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// A bad field.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// Two A's, or none, on one activity.
    #[error(transparent)]
    Accountable(#[from] AccountableError),
}

/// The workspace default: the product / project split of issue 6.
pub fn default_template() -> Vec<TemplateActivity> {
    use Letter::{A, C, I, R};
    use ProjectRole::{Client, Member, ProductManager as Pm, ProjectManager as Pjm};
    let activity =
        |name: &str, description: &str, side, letters: &[(ProjectRole, Letter)]| TemplateActivity {
            name: name.to_owned(),
            description: description.to_owned(),
            side,
            assignments: letters
                .iter()
                .map(|(role, letter)| RoleLetter {
                    role: *role,
                    letter: *letter,
                })
                .collect(),
        };
    let product = Side::Product;
    let delivery = Side::Delivery;
    vec![
        activity(
            "Purpose and target audience",
            "Why the product exists and for whom.",
            product,
            &[(Pm, A), (Client, C), (Member, C), (Pjm, I)],
        ),
        activity(
            "Product vision",
            "The vision board: needs, product, business goals.",
            product,
            &[(Pm, A), (Client, C), (Pjm, C), (Member, I)],
        ),
        activity(
            "User experience",
            "How the product feels to its users; design reviews.",
            product,
            &[(Pm, A), (Member, R), (Client, C), (Pjm, I)],
        ),
        activity(
            "When to test",
            "Which assumptions to test, when, and with whom.",
            product,
            &[(Pm, A), (Member, R), (Pjm, C), (Client, I)],
        ),
        activity(
            "Release go/no-go and delays",
            "Go, delay or descope a release, with its rationale.",
            product,
            &[(Pm, A), (Pjm, C), (Client, I), (Member, I)],
        ),
        activity(
            "Alignment with long-term business goals",
            "Launch and scope decisions serve the business goals.",
            product,
            &[(Pm, A), (Client, C), (Pjm, I)],
        ),
        activity(
            "Incorporating feedback",
            "Triage feedback and turn it into features or decisions.",
            product,
            &[(Pm, A), (Member, C), (Client, C), (Pjm, I)],
        ),
        activity(
            "Changes of direction",
            "Pivots and scope changes, recorded as decisions.",
            product,
            &[(Pm, A), (Pjm, C), (Client, C), (Member, I)],
        ),
        activity(
            "Progress",
            "Tracking and reporting where the work stands.",
            delivery,
            &[(Pjm, A), (Member, R), (Pm, I), (Client, I)],
        ),
        activity(
            "Timely deliveries",
            "Work delivered when promised.",
            delivery,
            &[(Pjm, A), (Member, R), (Pm, C), (Client, I)],
        ),
        activity(
            "Deadlines",
            "Milestones and dates agreed with the client.",
            delivery,
            &[(Pjm, A), (Pm, C), (Client, C), (Member, I)],
        ),
        activity(
            "Organizing developers, designers and clients",
            "Who works on what, when; workshops and hand-offs.",
            delivery,
            &[(Pjm, A), (Pm, C), (Member, I), (Client, I)],
        ),
        activity(
            "Budget",
            "Cost to date, forecasts and the budget itself.",
            delivery,
            &[(Pjm, A), (Pm, C), (Client, I)],
        ),
        activity(
            "Timeline",
            "The schedule, its critical path and its baseline.",
            delivery,
            &[(Pjm, A), (Pm, C), (Member, C), (Client, I)],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_template_is_the_product_project_split() {
        let template = default_template();
        check_template(&template).unwrap();
        let accountable = |name: &str| {
            template
                .iter()
                .find(|a| a.name == name)
                .and_then(|a| a.assignments.iter().find(|r| r.letter == Letter::A))
                .map(|r| r.role)
        };
        for product in [
            "Purpose and target audience",
            "Product vision",
            "User experience",
            "When to test",
            "Release go/no-go and delays",
            "Alignment with long-term business goals",
            "Incorporating feedback",
            "Changes of direction",
        ] {
            assert_eq!(
                accountable(product),
                Some(ProjectRole::ProductManager),
                "{product}"
            );
        }
        for delivery in [
            "Progress",
            "Timely deliveries",
            "Deadlines",
            "Organizing developers, designers and clients",
            "Budget",
            "Timeline",
        ] {
            assert_eq!(
                accountable(delivery),
                Some(ProjectRole::ProjectManager),
                "{delivery}"
            );
        }
    }

    #[test]
    fn a_second_accountable_names_the_activity_and_the_current_holder() {
        let error = check_one_accountable(
            "Budget",
            &["project manager".to_owned(), "Paula Product".to_owned()],
            false,
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "“Budget” already has project manager as accountable; an activity has exactly one A. Make project manager R, C or I first, then make Paula Product accountable."
        );
        assert!(check_one_accountable("Budget", &["x".to_owned()], false).is_ok());
    }

    #[test]
    fn no_accountable_is_refused_naming_the_activity() {
        let error = check_one_accountable("Budget", &[], false).unwrap_err();
        assert_eq!(
            error,
            AccountableError::Missing {
                activity: "Budget".to_owned(),
                roles_only: false
            }
        );
        assert_eq!(
            error.to_string(),
            "“Budget” needs exactly one accountable (A): give a role or a person the A."
        );
        assert_eq!(
            check_one_accountable("Budget", &[], true)
                .unwrap_err()
                .to_string(),
            "“Budget” needs exactly one accountable (A): give a role the A."
        );
    }

    #[test]
    fn templates_refuse_duplicates_people_roles_and_two_or_no_as() {
        let mut template = default_template();
        template[1].name = template[0].name.to_uppercase();
        assert!(matches!(
            check_template(&template),
            Err(TemplateError::Invalid(_))
        ));

        let mut template = default_template();
        template[0].assignments.push(RoleLetter {
            role: ProjectRole::Viewer,
            letter: Letter::I,
        });
        assert!(matches!(
            check_template(&template),
            Err(TemplateError::Invalid(_))
        ));

        let mut template = default_template();
        template[0].assignments[1].letter = Letter::A;
        assert!(matches!(
            check_template(&template),
            Err(TemplateError::Accountable(AccountableError::Second { .. }))
        ));

        let mut template = default_template();
        template[2]
            .assignments
            .retain(|cell| cell.letter != Letter::A);
        assert_eq!(
            check_template(&template),
            Err(TemplateError::Accountable(AccountableError::Missing {
                activity: "User experience".to_owned(),
                roles_only: true
            }))
        );
    }

    #[test]
    fn letters_parse_in_either_case() {
        assert_eq!(Letter::parse(" a ").unwrap(), Letter::A);
        assert_eq!(Letter::parse("X").unwrap_err().field, "letter");
    }
}
