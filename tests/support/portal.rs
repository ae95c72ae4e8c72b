//! The Citizen's Portal as tests play it: tokens signed with fixture keys
//! made for these tests only.

use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::json;
use zainab_api::config::PortalAlgorithm;

use crate::workspace_root;

pub const ISSUER: &str = "https://portal.test.gov.pk";
pub const AUDIENCE: &str = "zainab-alert";

/// Signs Portal tokens with one of the fixture keys.
pub struct Portal {
    algorithm: Algorithm,
    key: EncodingKey,
}

impl Portal {
    /// The Portal whose public key the server trusts.
    pub fn trusted(algorithm: PortalAlgorithm) -> Self {
        let (algorithm, file) = match algorithm {
            PortalAlgorithm::Rs256 => (Algorithm::RS256, "portal-rs256-private.pem"),
            PortalAlgorithm::Es256 => (Algorithm::ES256, "portal-es256-private.pem"),
        };
        Self::from_file(algorithm, file)
    }

    /// Someone with an RSA key the server does not know.
    pub fn stranger() -> Self {
        Self::from_file(Algorithm::RS256, "stranger-rs256-private.pem")
    }

    fn from_file(algorithm: Algorithm, file: &str) -> Self {
        let pem = std::fs::read(fixture(file)).expect("a fixture key");
        let key = match algorithm {
            Algorithm::ES256 => EncodingKey::from_ec_pem(&pem),
            _ => EncodingKey::from_rsa_pem(&pem),
        }
        .expect("a PEM private key");
        Self { algorithm, key }
    }

    /// A token for the citizen `subject`, valid for ten minutes from `now`.
    pub fn token(&self, subject: &str, now: DateTime<Utc>) -> String {
        self.sign(json!({
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": subject,
            "name": "Rukhsana Kausar",
            "phone_number": "+923451234567",
            "iat": now.timestamp(),
            "exp": (now + Duration::minutes(10)).timestamp(),
        }))
    }

    /// A token with exactly these claims.
    pub fn sign(&self, claims: serde_json::Value) -> String {
        encode(&Header::new(self.algorithm), &claims, &self.key).expect("signing a token")
    }
}

pub fn public_key_file(algorithm: PortalAlgorithm) -> PathBuf {
    fixture(match algorithm {
        PortalAlgorithm::Rs256 => "portal-rs256-public.pem",
        PortalAlgorithm::Es256 => "portal-es256-public.pem",
    })
}

fn fixture(name: &str) -> PathBuf {
    workspace_root().join("tests/fixtures").join(name)
}
