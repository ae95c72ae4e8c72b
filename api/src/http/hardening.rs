//! HTTP hardening that holds for every answer: the security headers a
//! browser acts on, and CORS on `/graphql` for the configured origins only.
//!
//! A response that sets a header itself (the dashboard's policy, a share
//! page's) keeps it; every other response gets the strict default: nothing
//! may load, frame it or be sent the address it came from.

use std::time::Duration;

use axum::{
    extract::{Request, State},
    http::{
        HeaderName, HeaderValue, Method,
        header::{self, AUTHORIZATION, CONTENT_TYPE},
    },
    middleware::Next,
    response::Response,
};
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::{config::Config, public_api};

/// The policy of answers that are no page: JSON, feeds, photos.
const DEFAULT_POLICY: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Browser features no page of ours uses.
const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()";

const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Whether to send `Strict-Transport-Security`, taken from the
/// configuration once.
#[derive(Clone, Copy)]
pub struct Headers {
    hsts: bool,
}

impl Headers {
    pub fn from_config(config: &Config) -> Self {
        Self { hsts: config.hsts }
    }
}

/// Adds the security headers a response lacks.
pub async fn security_headers(
    State(options): State<Headers>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let pdf = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/pdf"));
    let mut set = |name: HeaderName, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "no-referrer");
    set(
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS_POLICY,
    );
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    // Browsers show a PDF in a viewer of their own, which a policy of
    // `default-src 'none'` would leave blank.
    if !pdf {
        set(header::CONTENT_SECURITY_POLICY, DEFAULT_POLICY);
    }
    if options.hsts {
        set(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    response
}

/// The policy of a share page: no scripts at all, its own inline style by
/// hash, and images from this origin and the public address.
pub fn share_page_policy(html: &str, public_url: &str) -> String {
    let styles = inline_hashes(html, "style");
    let public = url::Url::parse(public_url)
        .map(|url| format!(" {}", url.origin().ascii_serialization()))
        .unwrap_or_default();
    format!(
        "default-src 'none'; img-src 'self'{public}; style-src{styles}; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
}

/// ` 'sha256-…'` for the body of each inline `<tag>` element (without `src`).
pub fn inline_hashes(html: &str, tag: &str) -> String {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    html.split(open.as_str())
        .skip(1)
        .filter_map(|rest| {
            let (attributes, after) = rest.split_once('>')?;
            let (body, _) = after.split_once(close.as_str())?;
            (!attributes.contains("src=")).then_some(body)
        })
        .map(|body| {
            let digest = Sha256::digest(body.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect()
}

/// CORS for `/graphql`: the configured origins may call it from a browser
/// with a bearer token or an API key; `None` when no origin is configured,
/// so that only pages of this origin can.
pub fn cors(config: &Config) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = config
        .cors_allowed_origins
        .iter()
        .filter(|origin| !origin.is_empty())
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([
                AUTHORIZATION,
                CONTENT_TYPE,
                HeaderName::from_static(public_api::KEY_HEADER),
            ])
            .max_age(Duration::from_secs(600)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_page_allows_its_style_by_hash_and_no_script() {
        let html =
            "<head><style>\nbody { margin: 0 }\n</style></head><body><script>x()</script></body>";
        let policy = share_page_policy(html, "https://zainab.example.pk/");
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"\nbody { margin: 0 }\n"));
        assert!(
            policy.contains(&format!("style-src 'sha256-{expected}';")),
            "{policy}"
        );
        assert!(policy.contains("img-src 'self' https://zainab.example.pk;"));
        assert!(!policy.contains("script-src"), "{policy}");
        assert!(policy.starts_with("default-src 'none'"));
    }
}
