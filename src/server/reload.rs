//! Loading the policies again while serving: on SIGHUP, and when a policy
//! file changes.
//!
//! Changes are found by polling each file's modification time and size once
//! a second rather than with inotify (`notify`): one `stat` per file per
//! second costs nothing, needs no new dependency, and also sees files
//! replaced by rename (editors, `kubectl` ConfigMap symlink swaps) and on
//! network or bind-mounted filesystems where inotify events do not arrive.
//! Either way a new set is validated first; a bad one is logged and the
//! running one kept.

use std::sync::Arc;
use std::time::Duration;

use super::policies::PolicySource;
use super::AppState;

/// How often the policy files are looked at.
pub(crate) const POLL: Duration = Duration::from_secs(1);

/// Loads the policies again; `why` names the trigger in the log.
async fn reload(source: &PolicySource, state: &AppState, why: &str) {
    match source.load(&state.metrics).await {
        Ok(new) => {
            if let Ok(mut current) = state.policies.write() {
                *current = Arc::new(new);
                state.metrics.reload(true);
                tracing::info!(trigger = why, "policies reloaded");
            }
        }
        Err(e) => {
            state.metrics.reload(false);
            tracing::warn!(
                trigger = why,
                "policies not reloaded, keeping the running ones: {e:#}"
            )
        }
    }
}

/// Reloads whenever a policy file's modification time or size changes.
pub(crate) async fn watch(source: PolicySource, state: Arc<AppState>) {
    let mut seen = source.fingerprint();
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        // Taken before loading: a write during the load is seen next time.
        let now = source.fingerprint();
        if now != seen {
            seen = now;
            reload(&source, &state, "file change").await;
        }
    }
}

/// Listens for SIGHUP; registered before the server announces itself, so
/// an early signal reloads instead of ending the process.
#[cfg(unix)]
pub(crate) fn sighup() -> Option<tokio::signal::unix::Signal> {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::hangup()) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::warn!("cannot listen for SIGHUP, policies will not reload on it: {e}");
            None
        }
    }
}

/// Reloads on every SIGHUP.
#[cfg(unix)]
pub(crate) async fn on_sighup(
    mut hup: tokio::signal::unix::Signal,
    source: PolicySource,
    state: Arc<AppState>,
) {
    while hup.recv().await.is_some() {
        reload(&source, &state, "SIGHUP").await;
    }
}
