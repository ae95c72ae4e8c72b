//! Links to private objects that the API serves itself (the local backend):
//! `/photos/<id>/<variant>?expires=<unix seconds>&signature=<hex>`, where
//! the signature is an HMAC-SHA256 over the path and the expiry under a key
//! derived from the token secret, so every replica can check every link.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretSlice, SecretString};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

pub fn derive_key(secret: &SecretString) -> SecretSlice<u8> {
    derive(secret, b"zainab-alert private object links")
}

/// A key for one purpose, derived from the token secret, so that every
/// replica derives the same and no two purposes share one.
pub fn derive(secret: &SecretString, purpose: &[u8]) -> SecretSlice<u8> {
    let mut mac = mac(secret.expose_secret().as_bytes());
    mac.update(purpose);
    SecretSlice::from(mac.finalize().into_bytes().to_vec())
}

/// HMAC-SHA256 of `message` under `key`, hex.
pub fn keyed_hash(key: &SecretSlice<u8>, message: &[u8]) -> String {
    let mut mac = mac(key.expose_secret());
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// The query string that makes `path` good until `expires`.
pub fn sign(key: &SecretSlice<u8>, path: &str, expires: DateTime<Utc>) -> String {
    let expires = expires.timestamp();
    let signature = hex::encode(tag(key, path, expires));
    format!("expires={expires}&signature={signature}")
}

/// Why a link is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    BadSignature,
    Expired,
}

/// Checks a link's `expires` and `signature` for `path` at `now`. The
/// signature is compared in constant time, and before the expiry, so that
/// a forged link learns nothing from which check failed.
pub fn verify(
    key: &SecretSlice<u8>,
    path: &str,
    expires: i64,
    signature: &str,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let given = hex::decode(signature).map_err(|_| Refusal::BadSignature)?;
    let mut mac = mac(key.expose_secret());
    mac.update(&message(path, expires));
    mac.verify_slice(&given)
        .map_err(|_| Refusal::BadSignature)?;
    if now.timestamp() >= expires {
        return Err(Refusal::Expired);
    }
    Ok(())
}

fn tag(key: &SecretSlice<u8>, path: &str, expires: i64) -> Vec<u8> {
    let mut mac = mac(key.expose_secret());
    mac.update(&message(path, expires));
    mac.finalize().into_bytes().to_vec()
}

fn message(path: &str, expires: i64) -> Vec<u8> {
    format!("{path}\n{expires}").into_bytes()
}

fn mac(key: &[u8]) -> HmacSha256 {
    match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts every key length"),
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn key() -> SecretSlice<u8> {
        derive_key(&SecretString::from(
            "a secret of more than thirty-two bytes",
        ))
    }

    fn parts(query: &str) -> (i64, String) {
        let mut expires = 0;
        let mut signature = String::new();
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("expires", v)) => expires = v.parse().expect("number"),
                Some(("signature", v)) => signature = v.to_owned(),
                _ => {}
            }
        }
        (expires, signature)
    }

    #[test]
    fn a_signed_link_holds_until_it_expires() {
        let now = Utc::now();
        let path = "/photos/0190/display";
        let (expires, signature) = parts(&sign(&key(), path, now + Duration::minutes(5)));

        assert_eq!(verify(&key(), path, expires, &signature, now), Ok(()));
        assert_eq!(
            verify(
                &key(),
                path,
                expires,
                &signature,
                now + Duration::minutes(6)
            ),
            Err(Refusal::Expired)
        );
    }

    #[test]
    fn changing_any_part_of_a_link_breaks_it() {
        let now = Utc::now();
        let path = "/photos/0190/display";
        let (expires, signature) = parts(&sign(&key(), path, now + Duration::minutes(5)));

        let other_path = verify(&key(), "/photos/0190/original", expires, &signature, now);
        let later = verify(&key(), path, expires + 3600, &signature, now);
        let mut flipped = signature.clone().into_bytes();
        flipped[0] = if flipped[0] == b'0' { b'1' } else { b'0' };
        let flipped = String::from_utf8(flipped).expect("ascii");
        let other_key = derive_key(&SecretString::from("another secret of thirty-two bytes!"));
        for refused in [
            other_path,
            later,
            verify(&key(), path, expires, &flipped, now),
            verify(&key(), path, expires, "zz", now),
            verify(&other_key, path, expires, &signature, now),
        ] {
            assert_eq!(refused, Err(Refusal::BadSignature));
        }
    }
}
