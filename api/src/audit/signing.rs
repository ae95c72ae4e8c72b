//! The Ed25519 key that signs published chain heads and evidence exports.
//! Its public half is printed by `zainab audit public-key`; anyone holding
//! it can check a signature without access to the database.

use anyhow::Context;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use secrecy::{ExposeSecret, SecretString};

use crate::{config::Config, storage::signed};

pub struct AuditKey {
    signing: SigningKey,
}

impl AuditKey {
    /// The key from `ZA_AUDIT_SIGNING_KEY` (64 hex digits, the private
    /// seed), or one derived from the token secret when that is unset.
    pub fn from_config(config: &Config, secret: &SecretString) -> anyhow::Result<Self> {
        let seed: [u8; 32] = match &config.audit_signing_key {
            Some(hex_seed) => hex::decode(hex_seed.expose_secret().trim())
                .ok()
                .and_then(|bytes| bytes.try_into().ok())
                .context("ZA_AUDIT_SIGNING_KEY must be 64 hex digits")?,
            None => {
                let derived = signed::derive(secret, b"zainab-alert audit signing key");
                derived
                    .expose_secret()
                    .try_into()
                    .context("a derived key of 32 bytes")?
            }
        };
        Ok(Self {
            signing: SigningKey::from_bytes(&seed),
        })
    }

    /// The public key, hex.
    pub fn public_hex(&self) -> String {
        hex::encode(self.signing.verifying_key().as_bytes())
    }

    /// The signature of `message`, hex.
    pub fn sign(&self, message: &[u8]) -> String {
        hex::encode(self.signing.sign(message).to_bytes())
    }
}

/// Whether `signature` (hex) is `public_key`'s (hex) signature of `message`.
pub fn verify(public_key: &str, message: &[u8], signature: &str) -> Result<(), &'static str> {
    let key: [u8; 32] = hex::decode(public_key.trim())
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or("the public key is not 64 hex digits")?;
    let key = VerifyingKey::from_bytes(&key).map_err(|_| "not an Ed25519 public key")?;
    let signature: [u8; 64] = hex::decode(signature.trim())
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or("the signature is not 128 hex digits")?;
    key.verify_strict(message, &Signature::from_bytes(&signature))
        .map_err(|_| "the signature does not match: the text was changed or signed by another key")
}
