//! Random secrets (session ids, CSRF tokens, API tokens) and the hashes we store instead of them.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh 256-bit random secret as 64 hex characters.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    to_hex(&bytes)
}

/// SHA-256 of a secret as hex: what the database keeps, so a leaked table grants nothing.
/// (Plain SHA-256 is right here: the secrets are 256-bit random, not guessable passwords.)
pub fn hash(secret: &str) -> String {
    to_hex(&Sha256::digest(secret.as_bytes()))
}

/// A new API token: a recognisable prefix plus a random secret.
pub fn new_api_token() -> String {
    format!("tdm_{}", random_hex())
}

/// The part of an API token that may be shown in lists to tell tokens apart.
pub fn token_prefix(token: &str) -> String {
    token.chars().take(12).collect()
}

/// `bytes` as lower-case hex.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in constant time.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
