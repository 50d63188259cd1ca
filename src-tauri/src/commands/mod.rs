//! The IPC surface: one module per resource. A command parses its arguments, calls
//! the core, and hands back either the result or a typed `{kind, message, field?}`
//! that rejects the promise on the UI side.

mod account;
mod app;
mod catalog;
mod credentials;
mod export;
mod history;
mod payments;
mod print;
mod settings;

use kaunter::ErrorPayload;

/// What every command returns: the UI branches on the error's `kind`, never on text.
pub type Reply<T> = Result<T, ErrorPayload>;

fn reply<T>(result: kaunter::Result<T>) -> Reply<T> {
    result.map_err(|e| e.payload())
}

pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![
        app::app_status,
        app::first_paint,
        account::balance,
        account::credentials_test,
        catalog::products,
        catalog::network_status,
        payments::bill_check,
        payments::pay,
        payments::payment_status,
        credentials::credentials_status,
        credentials::credentials_set,
        credentials::credentials_clear,
        export::export_start,
        export::export_cancel,
        export::export_folder,
        print::print_receipt,
        settings::settings_get,
        settings::settings_set,
        history::history,
        history::day_totals,
        history::lookup,
    ]
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
    use tauri::webview::InvokeRequest;
    use tauri::{WebviewWindow, WebviewWindowBuilder};

    use crate::state::AppState;

    /// The real commands over a real journal and settings file in a temp dir.
    fn app(
        dir: &tempfile::TempDir,
    ) -> (
        tauri::App<tauri::test::MockRuntime>,
        WebviewWindow<tauri::test::MockRuntime>,
    ) {
        let state = AppState::open(kaunter::paths::Paths::under(dir.path())).unwrap();
        let app = mock_builder()
            .manage(state)
            .invoke_handler(super::handler())
            .build(mock_context(noop_assets()))
            .unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        (app, window)
    }

    fn invoke(
        window: &WebviewWindow<tauri::test::MockRuntime>,
        cmd: &str,
        args: Value,
    ) -> Result<Value, Value> {
        get_ipc_response(
            window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }

    #[test]
    fn settings_round_trip_and_a_bad_value_rejects_naming_its_field() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(&dir);
        let mut settings = invoke(&window, "settings_get", json!({})).unwrap();
        assert_eq!(settings["environment"], "demo");

        settings["outlet_name"] = json!("Kedai Runcit Ali");
        invoke(
            &window,
            "settings_set",
            json!({ "settings": settings.clone() }),
        )
        .unwrap();
        let stored = invoke(&window, "settings_get", json!({})).unwrap();
        assert_eq!(stored["outlet_name"], "Kedai Runcit Ali");

        settings["request_rate"] = json!(0);
        let err = invoke(&window, "settings_set", json!({ "settings": settings })).unwrap_err();
        assert_eq!(err["kind"], "invalid");
        assert_eq!(err["field"], "request_rate");
        assert!(err["message"].as_str().is_some_and(|m| !m.is_empty()));
        let unchanged = invoke(&window, "settings_get", json!({})).unwrap();
        assert_eq!(unchanged["request_rate"], stored["request_rate"]);
    }

    #[test]
    fn history_of_an_empty_journal_is_empty_and_a_bad_day_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(&dir);
        let today = invoke(
            &window,
            "history",
            json!({ "query": { "day": "2026-11-25" } }),
        )
        .unwrap();
        assert_eq!(today, json!([]));
        let totals = invoke(&window, "day_totals", json!({ "day": "2026-11-25" })).unwrap();
        assert_eq!(totals["by_state"], json!([]));
        assert!(invoke(&window, "day_totals", json!({ "day": "25/11/2026" })).is_err());
        assert_eq!(
            invoke(&window, "lookup", json!({ "query": "0123456789" })).unwrap(),
            json!([])
        );
    }
}
