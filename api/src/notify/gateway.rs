//! SMS gateways: `log` keeps messages in the development inbox (the
//! outbox rows themselves, shown to administrators) and sends nothing;
//! `kannel` hands them to a Kannel smsbox through its HTTP `sendsms` API.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use super::sms::{self, Encoding};

/// The gateway's acceptance, kept on the outbox row.
pub struct Accepted {
    pub answer: String,
}

#[derive(Debug)]
pub enum SendError {
    /// Worth retrying: the gateway is down, busy or timed out.
    Transient(String),
    /// The gateway refused this message for good (e.g. a malformed number).
    Permanent(String),
}

pub enum Gateway {
    Log,
    Kannel(Kannel),
}

impl Gateway {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Log => "log",
            Self::Kannel(_) => "kannel",
        }
    }

    pub async fn send(&self, id: Uuid, to: &str, body: &str) -> Result<Accepted, SendError> {
        match self {
            Self::Log => {
                // The id and size only: the text names a child.
                let sizing = sms::size(body);
                tracing::info!(sms.id = %id, sms.segments = sizing.segments, sms.encoding = sizing.encoding.name(), "SMS kept in the development inbox");
                Ok(Accepted {
                    answer: "kept in the development inbox".to_owned(),
                })
            }
            Self::Kannel(kannel) => kannel.send(id, to, body).await,
        }
    }
}

pub struct Kannel {
    http: reqwest::Client,
    sendsms_url: String,
    username: String,
    password: SecretString,
    sender: String,
    /// Where Kannel reports deliveries; `None` asks for no reports.
    delivery_reports: Option<DeliveryReportUrl>,
}

/// Builds the `dlr-url` of one message: our callback, the message id and a
/// signature of it, and Kannel's `%d` for the report type.
pub struct DeliveryReportUrl {
    pub base: String,
    pub sign: Box<dyn Fn(Uuid) -> String + Send + Sync>,
}

impl Kannel {
    pub fn new(
        sendsms_url: String,
        username: String,
        password: SecretString,
        sender: String,
        delivery_reports: Option<DeliveryReportUrl>,
    ) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(3))
            .build()?;
        Ok(Self {
            http,
            sendsms_url,
            username,
            password,
            sender,
            delivery_reports,
        })
    }

    async fn send(&self, id: Uuid, to: &str, body: &str) -> Result<Accepted, SendError> {
        let mut query: Vec<(&str, String)> = vec![
            ("username", self.username.clone()),
            ("password", self.password.expose_secret().to_owned()),
            ("from", self.sender.clone()),
            ("to", to.to_owned()),
            ("text", body.to_owned()),
            ("charset", "UTF-8".to_owned()),
        ];
        if sms::size(body).encoding == Encoding::Ucs2 {
            query.push(("coding", "2".to_owned()));
        }
        if let Some(dlr) = &self.delivery_reports {
            query.push(("dlr-mask", "31".to_owned()));
            query.push((
                "dlr-url",
                format!("{}?id={id}&sig={}&type=%d", dlr.base, (dlr.sign)(id)),
            ));
        }
        let response = self
            .http
            .get(&self.sendsms_url)
            .query(&query)
            .send()
            .await
            // Without the URL: it carries the password and the text.
            .map_err(|err| {
                SendError::Transient(format!("gateway unreachable: {}", err.without_url()))
            })?;
        let status = response.status();
        let answer = response
            .text()
            .await
            .unwrap_or_default()
            .trim()
            .chars()
            .take(200)
            .collect::<String>();
        match status.as_u16() {
            200..=299 => Ok(Accepted { answer }),
            400 => Err(SendError::Permanent(format!("{status}: {answer}"))),
            _ => Err(SendError::Transient(format!("{status}: {answer}"))),
        }
    }
}

/// The gateway the configuration names.
pub fn from_config(state: &crate::state::AppState) -> anyhow::Result<Gateway> {
    use crate::config::SmsGatewayKind;

    let config = &state.config;
    match config.sms_gateway {
        SmsGatewayKind::Log => Ok(Gateway::Log),
        SmsGatewayKind::Kannel => {
            let (Some(url), Some(username), Some(password)) = (
                config.kannel_sendsms_url.clone(),
                config.kannel_username.clone(),
                config.kannel_password.clone(),
            ) else {
                anyhow::bail!(
                    "ZA_SMS_GATEWAY=kannel needs ZA_KANNEL_SENDSMS_URL, ZA_KANNEL_USERNAME and ZA_KANNEL_PASSWORD"
                );
            };
            let delivery_reports = config.sms_callback_url.as_ref().map(|base| {
                let key = state.callback_key.clone();
                DeliveryReportUrl {
                    base: format!("{}/sms/kannel/delivery", base.trim_end_matches('/')),
                    sign: Box::new(move |id| super::callbacks::sign(&key, id)),
                }
            });
            Ok(Gateway::Kannel(Kannel::new(
                url,
                username,
                password,
                config.sms_sender.clone(),
                delivery_reports,
            )?))
        }
    }
}
