//! What a queued mail looks like on the wire: a plain-text message whose link is made
//! absolute with the sending server's public URL.

use lettre::Message;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use tandem_store::OutboxMail;

/// The plain-text body: the text, the absolute link to its page, and where the person
/// changes what reaches them by e-mail.
pub fn body(public_url: &str, mail: &OutboxMail) -> String {
    format!(
        "{text}\n\n{label}:\n{public_url}{link}\n\n-- \nTandem. Choose which notifications \
         reach you by e-mail: {public_url}/notifications#settings\n",
        text = mail.text,
        label = mail.label,
        link = mail.link,
    )
}

/// The message for `mail`, from `from` to `to`.
pub fn message(
    from: Mailbox,
    to: Mailbox,
    public_url: &str,
    mail: &OutboxMail,
) -> Result<Message, lettre::error::Error> {
    Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.as_str())
        .header(ContentType::TEXT_PLAIN)
        .body(body(public_url, mail))
}
