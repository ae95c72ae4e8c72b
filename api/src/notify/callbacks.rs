//! Delivery reports: Kannel calls back a URL we gave it with each message.
//! The URL carries the message id and an HMAC of it, so nobody else can
//! forge reports, and every replica (sharing the token secret) can check it.

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretSlice, SecretString};
use sha2::Sha256;
use uuid::Uuid;

type HmacSha256 = Hmac<Sha256>;

/// A key of its own for callbacks, derived from the token secret.
pub fn derive_key(secret: &SecretString) -> SecretSlice<u8> {
    let mut mac = mac(secret.expose_secret().as_bytes());
    mac.update(b"zainab-alert sms delivery reports");
    SecretSlice::from(mac.finalize().into_bytes().to_vec())
}

fn mac(key: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length.
    match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts every key length"),
    }
}

pub fn sign(key: &SecretSlice<u8>, id: Uuid) -> String {
    let mut mac = mac(key.expose_secret());
    mac.update(id.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

pub fn verify(key: &SecretSlice<u8>, id: Uuid, signature: &str) -> bool {
    let Ok(bytes) = hex::decode(signature) else {
        return false;
    };
    let mut mac = mac(key.expose_secret());
    mac.update(id.as_bytes());
    mac.verify_slice(&bytes).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_for_its_message_only() {
        let key = derive_key(&SecretString::from("a".repeat(40)));
        let (one, other) = (Uuid::now_v7(), Uuid::now_v7());
        let signature = sign(&key, one);
        assert!(verify(&key, one, &signature));
        assert!(!verify(&key, other, &signature));
        assert!(!verify(&key, one, "00"));
        assert!(!verify(&key, one, "zz"));
        let stranger = derive_key(&SecretString::from("b".repeat(40)));
        assert!(!verify(&stranger, one, &signature));
    }
}
