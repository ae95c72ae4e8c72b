//! Access tokens: our own short-lived HS256 JWTs for staff and citizens,
//! and the tokens the Citizen's Portal signs itself (RS256 or ES256).
//!
//! Each issuer has its algorithm pinned (RFC 8725): a token is checked only
//! with the key and algorithm of the issuer it claims to come from, and
//! `exp`, `iss` and `aud` are required (`nbf` too on ours).
//!
//! Our tokens name their signing key in `kid`. The current secret signs;
//! previous secrets (`ZA_JWT_PREVIOUS_SECRETS`) still verify, so that a
//! rollover keeps the access tokens already handed out working until they
//! expire. A token naming no key, or one we do not hold, is refused.

use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use entities::UserRole;
use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::config::{Config, PortalAlgorithm};
use crate::domain::actor::Actor;

/// `iss` and `aud` of the tokens we sign.
pub const ISSUER: &str = "zainab-alert";
pub const AUDIENCE: &str = "zainab-alert-api";
const LEEWAY_SECONDS: u64 = 30;

/// The claims of our access tokens. They carry the user's role and scope so
/// that a request needs no database read to know who is asking.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub role: UserRole,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// The session (refresh-token family) the token was issued in.
    pub sid: Uuid,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

impl Claims {
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.sub,
            role: self.role,
            province_id: self.province.clone(),
            region_id: self.region.clone(),
            district_id: self.district.clone(),
            office: self.office.clone(),
            via_portal: false,
        }
    }
}

/// What the Portal asserts about the citizen it acts for.
#[derive(Debug, Clone, Deserialize)]
pub struct PortalClaims {
    /// The citizen's identifier at the Portal.
    pub sub: String,
    pub name: Option<String>,
    pub phone_number: Option<String>,
    pub iss: String,
    pub exp: i64,
    #[serde(default)]
    pub nbf: Option<i64>,
}

/// A bearer token that passed verification.
pub enum Verified {
    Ours(Claims),
    Portal(PortalClaims),
}

/// One of our HS256 keys, known by its id.
struct OurKey {
    kid: String,
    decoding: DecodingKey,
}

struct PortalKey {
    key: DecodingKey,
    validation: Validation,
}

pub struct TokenKeys {
    kid: String,
    encoding: EncodingKey,
    /// The current key first, then the previous ones.
    ours: Vec<OurKey>,
    validation: Validation,
    access_ttl: Duration,
    portal: Option<PortalKey>,
}

impl TokenKeys {
    pub fn from_config(config: &Config, secret: &SecretString) -> anyhow::Result<Self> {
        let bytes = secret.expose_secret().as_bytes();
        anyhow::ensure!(
            bytes.len() >= 32,
            "ZA_JWT_SECRET must be at least 32 bytes long"
        );
        let mut ours = vec![OurKey {
            kid: key_id(bytes),
            decoding: DecodingKey::from_secret(bytes).context("the token secret is unusable")?,
        }];
        for previous in config.previous_jwt_secrets() {
            let previous = previous.expose_secret().as_bytes();
            anyhow::ensure!(
                previous.len() >= 32,
                "every secret in ZA_JWT_PREVIOUS_SECRETS must be at least 32 bytes long"
            );
            let kid = key_id(previous);
            anyhow::ensure!(
                ours.iter().all(|key| key.kid != kid),
                "ZA_JWT_PREVIOUS_SECRETS repeats a secret (or holds ZA_JWT_SECRET itself)"
            );
            ours.push(OurKey {
                kid,
                decoding: DecodingKey::from_secret(previous)
                    .context("a previous token secret is unusable")?,
            });
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        // Time is checked against the server's clock in `verify`.
        validation.validate_exp = false;
        validation.validate_nbf = false;

        let portal = match (&config.portal_issuer, &config.portal_public_key_file) {
            (Some(issuer), Some(path)) => {
                let pem = std::fs::read(path)
                    .with_context(|| format!("reading the Portal public key {}", path.display()))?;
                let (key, algorithm) = match config.portal_algorithm {
                    PortalAlgorithm::Rs256 => (DecodingKey::from_rsa_pem(&pem), Algorithm::RS256),
                    PortalAlgorithm::Es256 => (DecodingKey::from_ec_pem(&pem), Algorithm::ES256),
                };
                let key = key.context(
                    "the Portal public key is not a PEM key of the configured algorithm",
                )?;
                let mut validation = Validation::new(algorithm);
                validation.set_issuer(&[issuer]);
                validation.set_audience(&[&config.portal_audience]);
                validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
                // Time is checked against the server's clock in `verify`.
                validation.validate_exp = false;
                validation.validate_nbf = false;
                Some(PortalKey { key, validation })
            }
            (None, None) => None,
            _ => {
                anyhow::bail!("set both ZA_PORTAL_ISSUER and ZA_PORTAL_PUBLIC_KEY_FILE, or neither")
            }
        };

        Ok(Self {
            kid: key_id(bytes),
            encoding: EncodingKey::from_secret(bytes).context("the token secret is unusable")?,
            ours,
            validation,
            access_ttl: config.access_token_ttl,
            portal,
        })
    }

    /// Signs an access token for `actor` in session `sid`; returns it with its expiry.
    pub fn issue(
        &self,
        actor: &Actor,
        sid: Uuid,
        now: DateTime<Utc>,
    ) -> anyhow::Result<(String, DateTime<Utc>)> {
        let expires = now + self.access_ttl;
        let claims = Claims {
            sub: actor.user_id,
            role: actor.role,
            province: actor.province_id.clone(),
            region: actor.region_id.clone(),
            district: actor.district_id.clone(),
            office: actor.office.clone(),
            sid,
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: expires.timestamp(),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.kid.clone());
        let token = encode(&header, &claims, &self.encoding)?;
        Ok((token, expires))
    }

    /// Verifies a bearer token with the key of the issuer its algorithm
    /// belongs to, and its validity period against `now`. The reason for a
    /// refusal is for the log, not the client.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Verified, String> {
        let header = decode_header(token).map_err(|err| format!("malformed token: {err}"))?;
        match (header.alg, &self.portal) {
            (Algorithm::HS256, _) => {
                let kid = header.kid.ok_or("access token names no key (kid)")?;
                let key = self
                    .ours
                    .iter()
                    .find(|key| key.kid == kid)
                    .ok_or_else(|| format!("access token signed with an unknown key {kid}"))?;
                let claims = decode::<Claims>(token, &key.decoding, &self.validation)
                    .map_err(|err| format!("access token refused: {err}"))?
                    .claims;
                check_period(claims.nbf.into(), claims.exp, now)?;
                Ok(Verified::Ours(claims))
            }
            (alg, Some(portal)) if portal.validation.algorithms.contains(&alg) => {
                let claims = decode::<PortalClaims>(token, &portal.key, &portal.validation)
                    .map_err(|err| format!("portal token refused: {err}"))?
                    .claims;
                check_period(claims.nbf, claims.exp, now)?;
                Ok(Verified::Portal(claims))
            }
            (alg, _) => Err(format!("no issuer signs with {alg:?}")),
        }
    }
}

/// The id of the key a secret makes: a keyed hash, so that it tells
/// nothing about the secret, and short, since it travels in every token.
fn key_id(secret: &[u8]) -> String {
    use hmac::{Hmac, Mac};

    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(secret) else {
        unreachable!("HMAC accepts every key length");
    };
    mac.update(b"zainab-alert access token key id");
    hex::encode(&mac.finalize().into_bytes()[..8])
}

/// A token is valid from `nbf` until `exp`, give or take the leeway for
/// clocks that disagree a little.
fn check_period(nbf: Option<i64>, exp: i64, now: DateTime<Utc>) -> Result<(), String> {
    let now = now.timestamp();
    let leeway = LEEWAY_SECONDS as i64;
    if exp + leeway <= now {
        return Err("token expired".to_owned());
    }
    if nbf.is_some_and(|nbf| nbf - leeway > now) {
        return Err("token not valid yet".to_owned());
    }
    Ok(())
}
