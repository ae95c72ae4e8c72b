//! The audit trail made tamper-evident: entries are sealed into one hash
//! chain ([`chain`]), the chain's head is signed and published daily
//! outside the database ([`heads`]), `zainab audit verify` recomputes the
//! chain and names the first broken entry ([`verify`]), and a case's trail
//! is exported as signed evidence ([`evidence`]).

pub mod chain;
pub mod evidence;
pub mod heads;
pub mod signing;
pub mod verify;

use tokio::sync::watch;

use crate::state::AppState;

/// Seals new entries once per clock tick until the server stops.
pub async fn run(state: AppState, stop: watch::Receiver<bool>) {
    crate::ticker::every_tick(state, stop, "audit sealing", |state| async move {
        chain::seal(&state).await
    })
    .await;
}
