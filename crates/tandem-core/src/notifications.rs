//! What Tandem notifies people about, and how an `@mention` in a Markdown body names a
//! project member.

use crate::ValidationError;
use crate::roles::text_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

text_enum! {
    /// Why a person is notified: each kind is something that waits for them.
    NotificationKind, "kind" {
        /// A release's go/no-go record is open and waits for its decider.
        GoNoGo = "go_no_go",
        /// An open decision is past its due or revisit date (to its accountable decider).
        DecisionOverdue = "decision_overdue",
        /// The project's health diagnosis has a critical signal (to the owner of its next step).
        CriticalSignal = "critical_signal",
        /// Someone named the person with `@name` or `@email`.
        Mention = "mention",
        /// A release decision (a delay) moved the due dates of the person's open items.
        DueDateMoved = "due_date_moved",
    }
}

impl NotificationKind {
    /// How the settings page names the kind.
    pub fn label(self) -> &'static str {
        match self {
            NotificationKind::GoNoGo => "A release's go/no-go waits for my decision",
            NotificationKind::DecisionOverdue => "A decision I am accountable for is past due",
            NotificationKind::CriticalSignal => "A critical health signal I own the next step of",
            NotificationKind::Mention => "Someone mentions me",
            NotificationKind::DueDateMoved => "A release delay moves the due dates of my work",
        }
    }
}

/// Someone who can be mentioned: a member of the project the text was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentionable<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub email: &'a str,
}

/// The people `text` mentions, each once, in the order first mentioned.
///
/// `@` must start a word (so `ann@example.com` alone is no mention). A mention matches a
/// person's e-mail (`@ann@example.com`), their name without spaces (`@AnnLee`) or their first
/// name when no other candidate shares it (`@Ann`); case does not matter and trailing
/// punctuation (`@Ann,`) is ignored.
pub fn mentioned(text: &str, people: &[Mentionable<'_>]) -> Vec<i64> {
    let mut found = Vec::new();
    for token in mention_tokens(text) {
        if let Some(id) = match_token(&token, people)
            && !found.contains(&id)
        {
            found.push(id);
        }
    }
    found
}

/// The lower-cased words that follow an `@` at the start of a word.
fn mention_tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let starts_word = previous.is_none_or(|p| !(p.is_alphanumeric() || p == '@'));
        previous = Some(c);
        if c != '@' || !starts_word {
            continue;
        }
        let rest = &text[start + 1..];
        let length = rest
            .char_indices()
            .find(|(_, ch)| !(ch.is_alphanumeric() || "._-+@".contains(*ch)))
            .map_or(rest.len(), |(index, _)| index);
        let token = rest[..length].trim_end_matches(['.', '-', '_', '@']);
        if !token.is_empty() {
            tokens.push(token.to_lowercase());
        }
        while chars
            .peek()
            .is_some_and(|(index, _)| *index <= start + length)
        {
            previous = chars.next().map(|(_, ch)| ch);
        }
    }
    tokens
}

fn match_token(token: &str, people: &[Mentionable<'_>]) -> Option<i64> {
    let exact = people
        .iter()
        .find(|person| person.email.eq_ignore_ascii_case(token) || squashed(person.name) == token);
    if let Some(person) = exact {
        return Some(person.user_id);
    }
    let mut by_first_name = people
        .iter()
        .filter(|person| first_name(person.name).is_some_and(|first| first == token));
    match (by_first_name.next(), by_first_name.next()) {
        (Some(person), None) => Some(person.user_id),
        _ => None,
    }
}

fn squashed(name: &str) -> String {
    name.split_whitespace().collect::<String>().to_lowercase()
}

fn first_name(name: &str) -> Option<String> {
    name.split_whitespace().next().map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team() -> Vec<Mentionable<'static>> {
        vec![
            Mentionable {
                user_id: 1,
                name: "Paula Product",
                email: "paula@tandem.example",
            },
            Mentionable {
                user_id: 2,
                name: "Pete Project",
                email: "pete@tandem.example",
            },
            Mentionable {
                user_id: 3,
                name: "Pete Other",
                email: "other@tandem.example",
            },
        ]
    }

    #[test]
    fn names_emails_and_unique_first_names_match() {
        let people = team();
        assert_eq!(mentioned("@Paula, can you look?", &people), vec![1]);
        assert_eq!(mentioned("cc @pete@tandem.example.", &people), vec![2]);
        assert_eq!(
            mentioned("@PeteOther and @paulaproduct", &people),
            vec![3, 1]
        );
    }

    #[test]
    fn ambiguous_unknown_and_mid_word_at_signs_do_not_match() {
        let people = team();
        assert!(mentioned("@Pete please", &people).is_empty());
        assert!(mentioned("mail paula@tandem.example", &people).is_empty());
        assert!(mentioned("@nobody @ @", &people).is_empty());
    }

    #[test]
    fn each_person_is_mentioned_once() {
        assert_eq!(mentioned("@Paula @paula @PaulaProduct", &team()), vec![1]);
    }

    #[test]
    fn kinds_round_trip() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(kind.as_str()), Ok(*kind));
            assert!(!kind.label().is_empty());
        }
        assert!(NotificationKind::parse("spam").is_err());
    }
}
