//! E-mail notifications over SMTP. A notification for someone who wants its kind by e-mail
//! is queued in the database outbox in the same write ([`crate::notifications::raise`]);
//! `tandem serve` with an SMTP relay drains it ([`outbox::deliver_forever`]), retrying with
//! backoff, so a relay that is down or a restart loses nothing. Several servers on one
//! database claim each mail once.

pub mod compose;
pub mod digest;
pub mod outbox;
pub mod relay;
pub mod unsubscribe;

pub use relay::{MailConfigError, Mailer, RetryPolicy};
