//! The dashboard: the built single-page app served from `ZA_WEB_DIR` for
//! every path no API route claims. Unknown paths get `index.html`, so a
//! deep link such as `/cases/ZA-2026-000123` opens in the app. Assets
//! whose names carry a content hash are cached for a year; everything
//! else is revalidated. The Content-Security-Policy allows only this
//! origin, WebAssembly compilation, and the loader script in
//! `index.html` by its hash.

use std::path::Path;

use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, header},
    middleware::{self, Next},
    response::Response,
};
use tower_http::services::{ServeDir, ServeFile};

/// The routes serving the dashboard from `dir`, or `None` when the folder
/// holds no `index.html`.
pub fn routes<S: Clone + Send + Sync + 'static>(dir: &Path) -> Option<Router<S>> {
    let index = dir.join("index.html");
    let html = match std::fs::read_to_string(&index) {
        Ok(html) => html,
        Err(err) => {
            tracing::warn!(dir = %dir.display(), error = %err, "no dashboard: ZA_WEB_DIR has no readable index.html");
            return None;
        }
    };
    let csp = HeaderValue::from_str(&content_security_policy(&html)).ok()?;
    let serve = ServeDir::new(dir).fallback(ServeFile::new(index));
    Some(
        Router::new()
            .fallback_service(serve)
            .layer(middleware::from_fn(move |req: Request, next: Next| {
                let csp = csp.clone();
                async move { with_headers(req, next, csp).await }
            })),
    )
}

async fn with_headers(req: Request, next: Next, csp: HeaderValue) -> Response {
    let hashed = is_hashed(req.uri().path());
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let cache = if hashed && !html {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Whether a file name carries trunk's content hash (`name-<16 hex>.ext`
/// or `name-<16 hex>_bg.wasm`), so that its content never changes.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The policy for the app: its own origin only, WebAssembly compilation,
/// and each inline script of `index.html` (trunk's loader) by its SHA-256.
fn content_security_policy(index_html: &str) -> String {
    let hashes = super::hardening::inline_hashes(index_html, "script");
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use sha2::{Digest, Sha256};

    use super::*;

    #[test]
    fn hashed_names_are_told_apart() {
        assert!(is_hashed("/zainab-dashboard-3f2a9c0d1e4b5a67_bg.wasm"));
        assert!(is_hashed("/zainab-dashboard-3f2a9c0d1e4b5a67.js"));
        assert!(is_hashed("/style-0123456789abcdef.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/jurisdictions.json"));
        assert!(!is_hashed("/cases/ZA-2026-000123"));
    }

    #[test]
    fn the_policy_names_the_inline_loader_by_hash_only() {
        let html =
            "<head><script src=\"/a.js\"></script><script type=\"module\">init()</script></head>";
        let csp = content_security_policy(html);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert!(csp.contains(&format!("'sha256-{expected}'")), "{csp}");
        assert_eq!(csp.matches("'sha256-").count(), 1);
        assert!(csp.contains("'wasm-unsafe-eval'"));
        assert!(!csp.contains("'unsafe-inline'"));
    }
}
