//! The server's logs during a test run, written as JSON lines to
//! `ZA_TEST_LOG_FILE` when it is set, so that a later check can prove that
//! nothing personal reached them (see `tests/log_scan.rs`).

use std::sync::{Mutex, OnceLock};

use tracing_subscriber::EnvFilter;

/// Installs the log writer once per test process; without the variable
/// the logs go nowhere, as before.
pub fn init() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let Some(path) = std::env::var_os("ZA_TEST_LOG_FILE") else {
            return;
        };
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap_or_else(|err| panic!("opening the test log {}: {err}", path.display()));
        // Our own code at its most talkative, requests included.
        let filter = EnvFilter::new("info,zainab_api=debug,tower_http=debug");
        // Another subscriber may already be installed by a benchmark.
        let _ = tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .with_writer(Mutex::new(file))
            .try_init();
    });
}
