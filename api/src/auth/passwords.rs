//! Hashing of passwords and tracking codes (Argon2id), and generation of
//! random codes and tokens.

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::{Rng, RngCore};

/// Letters and digits that cannot be mistaken for one another when read
/// aloud or typed from an SMS (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
const CODE_ALPHABET: &[u8] = b"34679ACDEFGHJKMNPQRTUVWXY";

pub fn hash_secret(secret: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| anyhow::anyhow!("hashing failed: {err}"))
}

/// Whether `secret` matches a stored Argon2 hash; a malformed hash never matches.
pub fn verify_secret(secret: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(secret.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends about as long as a real verification, so that an unknown user
/// name cannot be told from a wrong password by timing.
pub fn verify_against_nothing(secret: &str) {
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0bD3WUKfrTigOKz2DHW8o9vCLsPOn5PTgD3NSfNG3qI";
    let _ = verify_secret(secret, DUMMY);
}

/// [`hash_secret`] off the async threads: Argon2 is slow on purpose.
pub async fn hash_secret_blocking(secret: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_secret(&secret)).await?
}

/// [`verify_secret`] off the async threads.
pub async fn verify_secret_blocking(secret: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match hash {
        Some(hash) => verify_secret(&secret, &hash),
        None => {
            verify_against_nothing(&secret);
            false
        }
    })
    .await
    .unwrap_or(false)
}

/// A tracking code such as `7KQX-MC4T` (about 37 bits).
pub fn tracking_code() -> String {
    let mut rng = rand::rng();
    let mut code = String::with_capacity(9);
    for i in 0..8 {
        if i == 4 {
            code.push('-');
        }
        code.push(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char);
    }
    code
}

/// Tracking codes are typed by people: accept lower case, spaces and a
/// missing dash.
pub fn normalise_tracking_code(input: &str) -> String {
    let letters: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if letters.len() == 8 {
        format!("{}-{}", &letters[..4], &letters[4..])
    } else {
        letters
    }
}

/// A random password for generated accounts, easy to copy.
pub fn random_password() -> String {
    random_token(18)
}

/// `bytes` random bytes, URL-safe base64.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_own_secret() {
        let hash = hash_secret("correct horse").unwrap();
        assert!(verify_secret("correct horse", &hash));
        assert!(!verify_secret("correct horse!", &hash));
        assert!(!verify_secret("correct horse", "not a hash"));
    }

    #[test]
    fn tracking_codes_survive_sloppy_typing() {
        let code = tracking_code();
        assert_eq!(code.len(), 9);
        let sloppy = code.to_lowercase().replace('-', " ");
        assert_eq!(normalise_tracking_code(&sloppy), code);
    }
}
