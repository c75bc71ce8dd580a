//! Who is calling: passwords, sessions, API tokens, CSRF and failed-login limits.

pub mod extract;
pub mod login;
pub mod password;
pub mod secret;
pub mod session_cookie;

pub use extract::{AuthMethod, CurrentUser, OptionalUser};
