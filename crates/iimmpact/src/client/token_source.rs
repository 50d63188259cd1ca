//! The legacy sign-in's ID token, kept current: refreshed before it expires, and once
//! more when IIMMPACT refuses it, one refresh at a time however many requests wait.
//!
//! The tokens sit behind one async lock: the request that finds them due for a refresh
//! holds it through the refresh, and every other request waits for the fresh token
//! instead of refreshing again. Each refresh is handed to [`OnRefresh`] (the
//! application's keychain), so the next run starts from it.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use tokio::sync::{Mutex, MutexGuard};

use crate::models::Tokens;
use crate::secret::IdToken;

/// An ID token is refreshed this long before it expires: at 50 of its 60 minutes.
pub const REFRESH_AHEAD: TimeDelta = TimeDelta::minutes(10);

/// Called with each refreshed set of tokens, while no request can use them yet.
pub type OnRefresh = Arc<dyn Fn(Tokens) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// A signed-in account's tokens, shared by every clone (and every request) of a client.
#[derive(Clone)]
pub struct TokenSource {
    tokens: Arc<Mutex<Tokens>>,
    on_refresh: Option<OnRefresh>,
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenSource(***)")
    }
}

impl TokenSource {
    pub fn new(tokens: Tokens) -> Self {
        Self {
            tokens: Arc::new(Mutex::new(tokens)),
            on_refresh: None,
        }
    }

    /// Hands every refreshed set of tokens to `save` (e.g. the keychain).
    pub fn on_refresh(mut self, save: OnRefresh) -> Self {
        self.on_refresh = Some(save);
        self
    }

    /// The tokens as they are now.
    pub async fn current(&self) -> Tokens {
        self.tokens.lock().await.clone()
    }

    /// The tokens, locked: no other request refreshes them while this is held.
    pub(crate) async fn lock(&self) -> MutexGuard<'_, Tokens> {
        self.tokens.lock().await
    }

    /// Keeps `fresh` and passes it on, under the lock taken by [`Self::lock`].
    pub(crate) async fn replace(&self, held: &mut MutexGuard<'_, Tokens>, fresh: Tokens) {
        **held = fresh.clone();
        if let Some(save) = &self.on_refresh {
            save(fresh).await;
        }
    }

    /// After IIMMPACT refused `refused`: the next request refreshes first, unless
    /// another request has already replaced it.
    pub(crate) async fn refused(&self, refused: &IdToken) {
        let mut tokens = self.tokens.lock().await;
        if refused.matches(tokens.id_token.expose()) {
            tokens.expires_at = DateTime::UNIX_EPOCH;
        }
    }
}

/// Whether tokens expiring at `expires_at` are refreshed before a request sent `now`.
pub(crate) fn due(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    expires_at - REFRESH_AHEAD <= now
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refreshed_at_fifty_of_sixty_minutes() {
        let issued = DateTime::UNIX_EPOCH;
        let expires = issued + TimeDelta::minutes(60);
        assert!(!due(expires, issued + TimeDelta::minutes(49)));
        assert!(due(expires, issued + TimeDelta::minutes(50)));
        assert!(due(expires, issued + TimeDelta::minutes(61)));
    }
}
