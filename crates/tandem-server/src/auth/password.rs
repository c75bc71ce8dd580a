//! Password hashing with argon2id (OWASP's m=19 MiB, t=2, p=1). Hashing is CPU-heavy, so it
//! runs on the blocking pool and never stalls the async workers.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("static argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string.
pub async fn hash(password: String) -> Result<String, HashError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|_| HashError)?
}

/// Hashes on the current thread (for CLI code that is not async-sensitive).
pub fn hash_blocking(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| HashError)
}

/// Verifies a password against a stored hash. With `None` it verifies against a fixed dummy
/// hash and returns false, so unknown e-mails take as long as known ones.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let matches = PasswordHash::new(&phc)
            .map(|parsed| {
                hasher()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        known && matches
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("not a real password, only for timing").unwrap_or_default())
}

/// Hashing failed (only on a broken system: out of memory, panicked worker).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed")]
pub struct HashError;

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn hash_and_verify() {
        let stored = super::hash("correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(super::verify("correct horse battery".into(), Some(stored.clone())).await);
        assert!(!super::verify("wrong password!".into(), Some(stored)).await);
        assert!(!super::verify("anything at all".into(), None).await);
    }
}
