//! Workspace roles (what kind of account) and project roles (what a person does on a project).

use crate::ValidationError;
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable text form used in the database, the API and the CLI.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Parses the stable text form.
            pub fn parse(raw: &str) -> Result<Self, ValidationError> {
                match raw {
                    $($text => Ok($name::$variant),)+
                    _ => Err(ValidationError::new(
                        $field,
                        format!(
                            "'{raw}' is not one of: {}",
                            [$($text),+].join(", ")
                        ),
                    )),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Shared with the other domain modules that store closed sets of text values.
pub(crate) use text_enum;

text_enum! {
    /// What kind of account a user has in the workspace.
    UserRole, "role" {
        /// Manages users and settings; sees every project.
        Admin = "admin",
        /// Agency staff: sees the projects they belong to, may create clients and projects.
        Member = "member",
        /// A client contact: sees only shared parts of their own client's projects.
        Client = "client",
    }
}

text_enum! {
    /// What a person does on one project. The two manager roles are the heart of Tandem.
    ProjectRole, "role" {
        /// Owns why and what: purpose, audience, vision, MVP scope, go/no-go.
        ProductManager = "product_manager",
        /// Owns when, who and how much: plan, deadlines, people, budget.
        ProjectManager = "project_manager",
        /// A team member (developer, designer, QA, ...).
        Member = "member",
        /// A client contact on this project.
        Client = "client",
        /// Read-only access.
        Viewer = "viewer",
    }
}

impl ProjectRole {
    /// Human label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            ProjectRole::ProductManager => "Product manager",
            ProjectRole::ProjectManager => "Project manager",
            ProjectRole::Member => "Team member",
            ProjectRole::Client => "Client",
            ProjectRole::Viewer => "Viewer",
        }
    }

    /// True for the two manager roles, which a project has at most one of each.
    pub fn is_manager(self) -> bool {
        matches!(
            self,
            ProjectRole::ProductManager | ProjectRole::ProjectManager
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trip() {
        for role in ProjectRole::ALL {
            assert_eq!(ProjectRole::parse(role.as_str()).unwrap(), *role);
        }
        for role in UserRole::ALL {
            assert_eq!(UserRole::parse(role.as_str()).unwrap(), *role);
        }
        let err = UserRole::parse("owner").unwrap_err();
        assert_eq!(err.field, "role");
        assert!(err.message.contains("admin, member, client"));
    }
}
