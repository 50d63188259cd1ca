//! API key and HMAC secret, or the legacy sign-in, per environment, in the OS keychain.
//! The secret and the password only ever travel from the Settings form into the core
//! (the password on to IIMMPACT, once): no command returns them, nor a token.

use kaunter::credentials::CredentialStatus;
use kaunter::Environment;
use tauri::State;

use super::Reply;
use crate::state::AppState;

/// Staging and production; Demo signs with the in-process simulator's own key.
const STORED: [Environment; 2] = [Environment::Staging, Environment::Production];

#[tauri::command(rename_all = "snake_case")]
pub async fn credentials_status(state: State<'_, AppState>) -> Reply<Vec<CredentialStatus>> {
    let mut all = Vec::with_capacity(STORED.len());
    for env in STORED {
        all.push(state.keychain.status(env).await?);
    }
    Ok(all)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn credentials_set(
    state: State<'_, AppState>,
    environment: Environment,
    api_key: String,
    secret: String,
) -> Reply<CredentialStatus> {
    {
        let unlock = state.unlock.get().await?;

        state
            .keychain
            .store(&unlock, environment, &api_key, &secret)
            .await?;
    }
    Ok(state.keychain.status(environment).await?)
}

/// Signs `environment` in with a user name and password (the legacy ID token); the
/// tokens replace its credentials in the keychain.
#[tauri::command(rename_all = "snake_case")]
pub async fn credentials_sign_in(
    state: State<'_, AppState>,
    environment: Environment,
    username: String,
    password: String,
) -> Reply<CredentialStatus> {
    let unlock = state.unlock.get().await?;
    Ok(state
        .session_for(environment)?
        .sign_in(&unlock, &username, &password)
        .await?)
}

/// Removes either kind (signing out of the legacy sign-in).
#[tauri::command(rename_all = "snake_case")]
pub async fn credentials_clear(
    state: State<'_, AppState>,
    environment: Environment,
) -> Reply<CredentialStatus> {
    {
        let unlock = state.unlock.get().await?;
        state.keychain.clear(&unlock, environment).await?;
    }
    Ok(state.keychain.status(environment).await?)
}
