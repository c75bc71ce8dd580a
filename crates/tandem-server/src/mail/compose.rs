//! What a queued mail looks like on the wire: multipart/alternative, a plain-text part and an
//! HTML part written from the same [`Letter`]. The HTML uses inline styles only, no images and
//! nothing fetched from elsewhere, so it reads the same in every client and tracks nobody;
//! every text in it is escaped by the template. Links are made absolute with the sending
//! server's public URL. A notification mail also carries the `List-Unsubscribe` headers of
//! RFC 2369 and RFC 8058, so mail clients offer a one-click "unsubscribe" (see
//! [`super::unsubscribe`]).

use askama::Template;
use lettre::Message;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use tandem_core::notifications::NotificationKind;
use tandem_store::OutboxMail;

/// One thing the mail tells: a sentence and the page it links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub text: String,
    /// The page's name, shown on the link.
    pub label: String,
    /// The page's absolute address.
    pub url: String,
}

/// Entries under an optional heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub heading: Option<String>,
    pub entries: Vec<Entry>,
}

/// A mail before it is written out as text and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub groups: Vec<Group>,
    /// The footer's sentence saying why the person got it.
    pub why: String,
    /// Where the person changes what reaches them by e-mail.
    pub settings_url: String,
    /// The one-click unsubscribe page, for notification mail.
    pub unsubscribe_url: Option<String>,
}

impl Letter {
    /// The letter of a mail that tells one thing (a notification, a test mail).
    pub fn single(
        public_url: &str,
        mail: &OutboxMail,
        why: String,
        unsubscribe_url: Option<String>,
    ) -> Self {
        Self {
            subject: mail.subject.clone(),
            groups: vec![Group {
                heading: None,
                entries: vec![entry(public_url, mail)],
            }],
            why,
            settings_url: format!("{public_url}/notifications#settings"),
            unsubscribe_url,
        }
    }

    /// The letter of a daily digest: what it gathered, grouped by kind in the settings'
    /// order, each with its project and link.
    pub fn digest(
        public_url: &str,
        mail: &OutboxMail,
        items: &[OutboxMail],
        unsubscribe_url: String,
    ) -> Self {
        let of_kind = |kind: Option<NotificationKind>| -> Vec<Entry> {
            items
                .iter()
                .filter(|item| {
                    item.kind
                        .as_deref()
                        .and_then(|k| NotificationKind::parse(k).ok())
                        == kind
                })
                .map(|item| Entry {
                    text: item.subject.clone(),
                    ..entry(public_url, item)
                })
                .collect()
        };
        let groups = NotificationKind::ALL
            .iter()
            .map(|kind| (Some(kind.label().to_owned()), of_kind(Some(*kind))))
            .chain([(Some("Other".to_owned()), of_kind(None))])
            .filter(|(_, entries)| !entries.is_empty())
            .map(|(heading, entries)| Group { heading, entries })
            .collect();
        Self {
            subject: mail.subject.clone(),
            groups,
            why: "You get this daily digest because you chose to take notification e-mail \
                  once a day, at 07:00 in your time zone."
                .to_owned(),
            settings_url: format!("{public_url}/notifications#settings"),
            unsubscribe_url: Some(unsubscribe_url),
        }
    }

    /// The plain-text part.
    pub fn text(&self) -> Result<String, askama::Error> {
        TextPart { letter: self }.render()
    }

    /// The HTML part.
    pub fn html(&self) -> Result<String, askama::Error> {
        HtmlPart { letter: self }.render()
    }
}

/// The entry of a queued mail, its link made absolute.
pub fn entry(public_url: &str, mail: &OutboxMail) -> Entry {
    Entry {
        text: mail.text.clone(),
        label: mail.label.clone(),
        url: format!("{public_url}{}", mail.link),
    }
}

#[derive(Template)]
#[template(path = "mail/letter.txt")]
struct TextPart<'a> {
    letter: &'a Letter,
}

#[derive(Template)]
#[template(path = "mail/letter.html")]
struct HtmlPart<'a> {
    letter: &'a Letter,
}

/// Why a mail could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    #[error("cannot render the mail: {0}")]
    Render(#[from] askama::Error),
    #[error("cannot build the mail: {0}")]
    Build(#[from] lettre::error::Error),
}

/// `List-Unsubscribe: <url>` (RFC 2369).
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(value: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(
            value
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned(),
        ))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): the link works with one
/// POST, no page to click through.
#[derive(Debug, Clone)]
struct OneClick;

impl Header for OneClick {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// The message for `letter`, from `from` to `to`.
pub fn message(from: Mailbox, to: Mailbox, letter: &Letter) -> Result<Message, ComposeError> {
    let body = MultiPart::alternative_plain_html(letter.text()?, letter.html()?);
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(letter.subject.as_str());
    if let Some(url) = &letter.unsubscribe_url {
        builder = builder
            .header(ListUnsubscribe(url.clone()))
            .header(OneClick);
    }
    Ok(builder.multipart(body)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tandem_store::MailStatus;

    fn queued(text: &str, label: &str) -> OutboxMail {
        OutboxMail {
            id: 1,
            user_id: 2,
            notification_id: Some(3),
            kind: Some("mention".to_owned()),
            to_address: "mei@example.com".to_owned(),
            subject: "[SHOP] A subject".to_owned(),
            text: text.to_owned(),
            label: label.to_owned(),
            link: "/items/SHOP-1".to_owned(),
            status: MailStatus::Pending,
            attempts: 0,
            last_error: None,
            next_attempt_at: 0,
            created_at: 0,
            sent_at: None,
            digest_on: None,
        }
    }

    #[test]
    fn both_parts_link_the_page_and_the_settings_and_html_is_escaped() {
        let mail = queued("Look at <b>this</b> & that", "SHOP-1 <script>x</script>");
        let stop = Some("https://t.example/unsubscribe/2.mention.ab".to_owned());
        let letter = Letter::single("https://t.example", &mail, "Because.".to_owned(), stop);
        let text = letter.text().expect("text");
        assert!(text.contains("Look at <b>this</b> & that"), "{text}");
        assert!(text.contains("https://t.example/items/SHOP-1"), "{text}");
        assert!(
            text.contains("https://t.example/notifications#settings"),
            "{text}"
        );
        let html = letter.html().expect("html");
        assert!(
            html.contains("&#60;script&#62;x&#60;/script&#62;"),
            "{html}"
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains(r#"href="https://t.example/items/SHOP-1""#));
        assert!(!html.contains("<img") && !html.contains("<link"), "{html}");
        assert!(html.contains(r#"href="https://t.example/unsubscribe/2.mention.ab""#));
        assert!(text.contains("https://t.example/unsubscribe/2.mention.ab"));
    }
}
