//! The IPC surface: one module per resource. A command parses its arguments, calls
//! the core, and hands back either the result or the core's error as facts (its kind
//! and typed parameters), which reject the promise on the UI side.

mod account;
mod app;
mod block;
mod catalog;
mod credentials;
mod export;
mod finance;
mod history;
mod payments;
mod print;
mod reconcile;
mod settings;
mod supervisor;

use kaunter::ErrorPayload;
use serde::Serialize;

/// What every command returns: the UI branches on the error's `kind`, never on text.
pub type Reply<T> = Result<T, IpcError>;

/// A file to write, named by the window: only a whole path, since a relative one would
/// land wherever the app happened to start.
fn file_path(path: &std::path::Path) -> Reply<()> {
    if path.is_absolute() {
        Ok(())
    } else {
        Err(kaunter::Error::invalid("path", kaunter::Problem::NotAFilePath).into())
    }
}

/// The core's error on its way to the window, so that a command reads
/// `state.session().x().await?`. Boxed: the facts are many optional fields, and every
/// command's `Result` would otherwise be as large as all of them.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct IpcError(Box<ErrorPayload>);

impl From<kaunter::Error> for IpcError {
    fn from(error: kaunter::Error) -> Self {
        Self(Box::new(error.payload()))
    }
}

impl From<ErrorPayload> for IpcError {
    fn from(payload: ErrorPayload) -> Self {
        Self(Box::new(payload))
    }
}

/// Expands the one list in `list.rs`, which `build.rs` also expands into permissions, so
/// the handler, the permissions and the names the UI may call cannot disagree.
macro_rules! commands {
    ($($module:ident::$command:ident),+ $(,)?) => {
        pub fn handler<R: tauri::Runtime>(
        ) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($module::$command),+]
        }

        /// The registered commands' names, as the UI invokes them.
        #[cfg(test)]
        pub const COMMANDS: &[&str] = &[$(stringify!($command)),+];
    };
}
include!("list.rs");

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::{json, Value};
    use tauri::ipc::{CallbackFn, InvokeBody, Origin};
    use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
    use tauri::webview::InvokeRequest;
    use tauri::{WebviewWindow, WebviewWindowBuilder};

    use super::COMMANDS;
    use crate::state::AppState;

    /// The app's context as the binary builds it, ACL included: the capability's grants
    /// resolved against the permissions build.rs generated.
    fn context() -> tauri::Context<tauri::test::MockRuntime> {
        tauri::generate_context!(test = true)
    }

    /// The real commands under the real ACL, over a real journal and settings file in a
    /// temp dir, seen from the window labelled `main` (the label the capability names).
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
            .build(context())
            .unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        (app, window)
    }

    #[test]
    fn the_main_window_is_granted_every_registered_command() {
        let mut context = context();
        let acl = context.runtime_authority_mut();
        let ungranted: Vec<_> = COMMANDS
            .iter()
            .filter(|command| {
                acl.resolve_access(command, "main", "main", &Origin::Local)
                    .is_none()
            })
            .collect();
        assert!(
            ungranted.is_empty(),
            "add allow-<command> to capabilities/main.json for {ungranted:?}"
        );
    }

    #[test]
    fn another_window_and_an_ungranted_plugin_command_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (app, main) = app(&dir);
        let other = WebviewWindowBuilder::new(&app, "other", Default::default())
            .build()
            .unwrap();
        let refusal = invoke(&other, "settings_get", json!({})).unwrap_err();
        assert!(
            refusal.as_str().is_some_and(|m| m.contains("not allowed")),
            "{refusal}"
        );
        let refusal = invoke(
            &main,
            "plugin:opener|open_url",
            json!({ "url": "https://example.com" }),
        )
        .unwrap_err();
        assert!(
            refusal.as_str().is_some_and(|m| m.contains("not allowed")),
            "{refusal}"
        );
    }

    /// The UI's `Command` type (`ui/src/bindings/Command.ts`): `platform.ts` calls only
    /// these names, so the UI cannot invoke a command that is not registered and granted.
    /// Written where ts-rs writes the other bindings; `scripts/check-bindings.sh` diffs it.
    #[test]
    fn export_bindings_command() {
        let dir = std::env::var_os("TS_RS_EXPORT_DIR").expect("set by .cargo/config.toml");
        let names: Vec<String> = COMMANDS.iter().map(|c| format!("\"{c}\"")).collect();
        let ts = format!(
            "// Generated from src-tauri/src/commands/list.rs by the export_bindings_command test. \
             Do not edit this file manually.\n\n\
             /**\n * The app commands the window may invoke: each registered, and granted as \
             `allow-<command>`.\n */\n\
             export type Command = {};\n",
            names.join(" | ")
        );
        std::fs::write(Path::new(&dir).join("Command.ts"), ts).unwrap();
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
        assert_eq!(err["problem"]["code"], "out_of_range", "{err}");
        assert!(err.get("message").is_none(), "facts only, no words: {err}");
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

    /// What "Copy diagnostics" puts on the clipboard: the app's facts, and the log with a
    /// credential planted in it masked.
    #[test]
    fn diagnostics_name_the_app_and_its_dirs_and_mask_a_secret_in_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(&dir);
        let paths = kaunter::paths::Paths::under(dir.path());
        std::fs::create_dir_all(paths.log_dir()).unwrap();
        std::fs::write(
            paths.log_dir().join("kaunter.2026-11-25.log"),
            "2026-11-25T08:00:00Z  WARN kaunter: credentials refused api_key=\"iimm_prod_planted7\"\n",
        )
        .unwrap();
        let text = invoke(&window, "diagnostics", json!({})).unwrap();
        let text = text.as_str().expect("plain text");
        for fact in [
            format!("App version: {}", env!("CARGO_PKG_VERSION")),
            "Environment: Demo".to_owned(),
            format!("Data folder: {}", paths.data_dir().display()),
            "credentials refused api_key=\"***\"".to_owned(),
        ] {
            assert!(text.contains(&fact), "{fact:?} missing from:\n{text}");
        }
        assert!(!text.contains("planted7"), "{text}");
    }

    /// A RM 10 voucher (GC) paid through the `pay` command in Demo; it succeeds.
    fn pay_voucher(window: &WebviewWindow<tauri::test::MockRuntime>) -> Value {
        let request = json!({ "product": "GC", "account": "0123456789", "amount": "10",
                              "extras": {}, "confirm_duplicate": false });
        let paid = invoke(window, "pay", json!({ "request": request })).unwrap();
        assert_eq!(paid["state"], "succeeded", "{paid}");
        paid
    }

    /// Demo's simulator in the app serves plans per number: an even last digit adds the
    /// loyalty plan. A plan's choices need the number, and the refusal names the field.
    #[test]
    fn options_list_a_numbers_plans_and_name_the_missing_account() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(&dir);
        let codes = |account: &str| {
            let args = json!({ "product": "HI", "field": null, "account": account });
            let plans = invoke(&window, "options", args).unwrap();
            let plans = plans.as_array().unwrap().clone();
            plans
                .iter()
                .map(|p| (p["code"].as_str().unwrap().to_owned(), p["price"].clone()))
                .collect::<Vec<_>>()
        };
        let even = codes("0123456788");
        assert!(
            even.contains(&("HI_LOYAL20".into(), json!("20.00"))),
            "{even:?}"
        );
        assert!(
            even.contains(&("HI_MONTH35".into(), json!("35.00"))),
            "{even:?}"
        );
        assert!(codes("0123456789")
            .iter()
            .all(|(code, _)| code != "HI_LOYAL20"));

        let billers = invoke(&window, "options", json!({ "product": "JOMPAY" })).unwrap();
        assert!(
            billers
                .as_array()
                .unwrap()
                .iter()
                .any(|b| b["code"] == "5454"),
            "{billers}"
        );
        let err = invoke(&window, "options", json!({ "product": "HI" })).unwrap_err();
        assert_eq!(
            (err["kind"].as_str(), err["field"].as_str()),
            (Some("invalid"), Some("account")),
            "{err}"
        );
    }

    /// Demo's journal key is fixed, so this needs no keychain: the sale's reply shows the
    /// PIN, the journal's rows do not, and only `reveal_voucher` opens them again.
    #[test]
    fn a_voucher_read_back_has_no_pin_until_it_is_revealed() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(&dir);
        let paid = pay_voucher(&window);
        let (pin, link) = (&paid["pin"], &paid["voucherlink"]);
        assert!(pin.is_string() && link.is_string(), "{paid}");

        let listed = invoke(&window, "lookup", json!({ "query": paid["refid"] })).unwrap();
        assert_eq!(
            (&listed[0]["pin"], &listed[0]["has_pin"]),
            (&Value::Null, &json!(true)),
            "{listed}"
        );

        let revealed =
            invoke(&window, "reveal_voucher", json!({ "refid": paid["refid"] })).unwrap();
        assert_eq!((&revealed["pin"], &revealed["voucherlink"]), (pin, link));
        let unknown = json!({ "refid": "KTR-20261125-0123456789abcdef" });
        let err = invoke(&window, "reveal_voucher", unknown).unwrap_err();
        assert_eq!(err["kind"], "not_found", "{err}");
    }

    /// Demo's simulator in the app (which has its own seeded history, other counters'
    /// sales to this journal): a payment made here matches IIMMPACT's record, and the
    /// report's mismatches are saved, once, never over a file already there.
    #[test]
    fn a_reconciliation_matches_a_demo_payment_and_its_export_writes_its_mismatches() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(&dir);
        let paid = pay_voucher(&window);
        let today = kaunter::time::now_gmt8().date_naive().to_string();
        let range = json!({ "from": today, "to": today });

        let report = invoke(&window, "reconcile", range.clone()).unwrap();
        assert_eq!(report["journal_payments"], 1, "{report}");
        assert!(report["matched"].as_u64() >= Some(1), "{report}");
        let mismatches = report["mismatches"].as_array().unwrap();
        assert!(
            mismatches.iter().all(|m| m["refid"] != paid["refid"]),
            "{report}"
        );

        let out = dir.path().join("reconcile.csv");
        let mut args = range.clone();
        args["path"] = json!(out);
        args["format"] = json!({ "bom": false, "crlf": false });
        args["overwrite"] = json!(false);
        let summary = invoke(&window, "reconcile_export", args.clone()).unwrap();
        assert_eq!(summary["rows"], mismatches.len(), "{summary}");
        assert!(out.exists());
        let again = invoke(&window, "reconcile_export", args.clone()).unwrap_err();
        assert_eq!(again["kind"], "file_exists", "{again}");

        args["path"] = json!("reconcile.csv");
        let relative = invoke(&window, "reconcile_export", args).unwrap_err();
        assert_eq!(
            (relative["kind"].as_str(), relative["field"].as_str()),
            (Some("invalid"), Some("path"))
        );
    }

    /// Demo's simulator in the app: a sale here counts in the Transaction Summary and the
    /// shift report, the month's statement is read, and a breakdown is saved once.
    #[test]
    fn the_reports_count_a_demo_sale_and_the_summary_is_saved_by_product() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(&dir);
        let paid = pay_voucher(&window);
        let today = kaunter::time::now_gmt8().date_naive();
        let range = json!({ "from": today.to_string(), "to": today.to_string() });

        let summary = invoke(&window, "transaction_summary", range.clone()).unwrap();
        let gc = summary["by_product"]
            .as_array()
            .unwrap()
            .iter()
            .find(|line| line["key"] == "GC")
            .cloned()
            .unwrap_or_else(|| panic!("no GC line: {summary}"));
        assert!(gc["count"].as_u64() >= Some(1), "{summary}");

        let shift = invoke(&window, "shift_report", json!({ "day": today.to_string() })).unwrap();
        assert_eq!(shift["payments"], 1, "{shift}");
        assert_eq!(shift["to_collect"], paid["amount"], "{shift}");
        assert_eq!(shift["open"], json!([]), "{shift}");

        let month = today.format("%Y-%m").to_string();
        let statement = invoke(&window, "month_statement", json!({ "month": month })).unwrap();
        assert_eq!(statement["month"], month, "{statement}");
        assert!(statement["entries"].as_u64() >= Some(1), "{statement}");
        let err = invoke(&window, "month_statement", json!({ "month": "2026-13" })).unwrap_err();
        assert_eq!(err["field"], "month", "{err}");

        let plain = json!({ "bom": false, "crlf": false });
        let saved_month = dir.path().join("month.csv");
        let args =
            json!({ "month": month, "path": saved_month, "format": plain, "overwrite": false });
        let wrote = invoke(&window, "month_statement_export", args.clone()).unwrap();
        assert_eq!(wrote["rows"], 1, "{wrote}");
        let text = std::fs::read_to_string(&saved_month).unwrap();
        let row: Vec<&str> = text.lines().nth(1).unwrap_or_default().split(',').collect();
        let decimal = |t: &str| t.parse::<rust_decimal::Decimal>().unwrap();
        assert_eq!(row[0], month, "{text}");
        assert_eq!(
            decimal(row[10]),
            decimal(statement["closing"].as_str().unwrap()),
            "the statement shown: {text}"
        );
        let again = invoke(&window, "month_statement_export", args).unwrap_err();
        assert_eq!(again["kind"], "file_exists", "{again}");

        let saved_shift = dir.path().join("shift.xlsx");
        let args = json!({ "day": today.to_string(), "path": saved_shift, "format": plain, "overwrite": false });
        let wrote = invoke(&window, "shift_export", args).unwrap();
        assert_eq!(wrote["rows"], 2, "to collect and one line: {wrote}");
        assert!(saved_shift.exists());
        let relative = json!({ "day": today.to_string(), "path": "shift.xlsx", "format": plain, "overwrite": false });
        let err = invoke(&window, "shift_export", relative).unwrap_err();
        assert_eq!(err["field"], "path", "{err}");

        let out = dir.path().join("summary.xlsx");
        let mut args = range;
        args["by"] = json!("product");
        args["path"] = json!(out);
        args["format"] = json!({ "bom": false, "crlf": false });
        args["overwrite"] = json!(false);
        let saved = invoke(&window, "summary_export", args.clone()).unwrap();
        assert_eq!(
            saved["rows"],
            summary["by_product"].as_array().unwrap().len(),
            "{saved}"
        );
        assert!(out.exists());
        let again = invoke(&window, "summary_export", args.clone()).unwrap_err();
        assert_eq!(again["kind"], "file_exists", "{again}");
        args["path"] = json!("summary.xlsx");
        let relative = invoke(&window, "summary_export", args).unwrap_err();
        assert_eq!(relative["field"], "path", "{relative}");
    }

    /// Demo's simulator in the app: a payment here is found here, an account this PC
    /// never paid is asked of IIMMPACT; a failed payment is not reported, the journal's
    /// range is saved once, never over a file already there.
    #[test]
    fn the_lookup_says_where_it_looked_and_the_history_of_a_range_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(&dir);
        let request = json!({ "product": "GC", "account": "0123456789", "amount": "10",
                              "extras": {}, "confirm_duplicate": false });
        let paid = invoke(&window, "pay", json!({ "request": request })).unwrap();
        assert_eq!(paid["state"], "succeeded", "{paid}");

        let here = invoke(&window, "charge_lookup", json!({ "query": "0123456789" })).unwrap();
        assert_eq!(here["asked_iimmpact"], false, "{here}");
        assert_eq!(here["found"][0]["source"], "this_pc");
        let key = here["found"][0].clone();
        let again = invoke(&window, "lookup_recheck", json!({ "key": key })).unwrap();
        assert_eq!(again["refid"], paid["refid"], "{again}");
        let there = invoke(&window, "charge_lookup", json!({ "query": "0199999990" })).unwrap();
        assert_eq!(there["asked_iimmpact"], true, "{there}");
        let blank = invoke(&window, "charge_lookup", json!({ "query": " " })).unwrap_err();
        assert_eq!(blank["field"], "query", "{blank}");

        let problem = json!({ "refid": paid["refid"], "reason": "", "emails": [] });
        let err = invoke(&window, "report_problem", json!({ "problem": problem })).unwrap_err();
        assert_eq!(
            (err["kind"].as_str(), err["field"].as_str()),
            (Some("invalid"), Some("reason"))
        );

        let today = kaunter::time::now_gmt8().date_naive().to_string();
        let out = dir.path().join("history.csv");
        let args = json!({ "query": { "from": today, "to": today, "search": "456789" },
                           "path": out, "format": { "bom": false, "crlf": false },
                           "overwrite": false });
        let summary = invoke(&window, "history_export", args.clone()).unwrap();
        assert_eq!(summary["rows"], 1, "{summary}");
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(paid["refid"].as_str().unwrap()), "{text}");
        let exists = invoke(&window, "history_export", args).unwrap_err();
        assert_eq!(exists["kind"], "file_exists", "{exists}");
    }

    #[test]
    fn without_a_held_unlock_every_guarded_command_is_refused_and_nothing_changes() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(&dir);
        let before = invoke(&window, "settings_get", json!({})).unwrap();
        let mut production = before.clone();
        production["environment"] = json!("production");
        let guarded = [
            (
                "credentials_set",
                json!({ "environment": "staging", "api_key": "iimm_k", "secret": "c2VjcmV0" }),
            ),
            ("credentials_clear", json!({ "environment": "production" })),
            (
                "credentials_sign_in",
                json!({ "environment": "staging", "username": "u", "password": "p" }),
            ),
            ("account_threshold_set", json!({ "amount": "500" })),
            (
                "account_callback_set",
                json!({ "url": "https://shop.example.com/cb", "method": "POST" }),
            ),
            ("supervisor_set", json!({ "pin": "482913" })),
            ("supervisor_skip", json!({})),
            ("settings_set", json!({ "settings": production })),
        ];
        for (command, args) in guarded {
            let err = invoke(&window, command, args).unwrap_err();
            assert_eq!(err["kind"], "supervisor_required", "{command}: {err}");
        }
        assert_eq!(invoke(&window, "settings_get", json!({})).unwrap(), before);

        // Leaving Settings twice is harmless.
        invoke(&window, "supervisor_lock", json!({})).unwrap();
        invoke(&window, "supervisor_lock", json!({})).unwrap();
    }

    #[test]
    fn a_pin_that_is_not_four_to_twelve_digits_is_refused_before_the_keychain() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(&dir);
        for pin in ["12a4", "123"] {
            let err = invoke(&window, "supervisor_verify", json!({ "pin": pin })).unwrap_err();
            assert_eq!(
                (err["kind"].as_str(), err["field"].as_str()),
                (Some("invalid"), Some("pin"))
            );
        }
    }

    #[test]
    fn the_account_settings_are_read_from_iimmpact_and_the_warning_falls_back_to_the_local_threshold(
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(&dir);
        // Demo: the simulator in the app, which starts with no threshold and no callback.
        let threshold = invoke(&window, "account_threshold_get", json!({})).unwrap();
        assert!(threshold["note"].is_string(), "{threshold}");
        let callback = invoke(&window, "account_callback_get", json!({})).unwrap();
        assert_eq!(callback, json!({ "url": null, "method": null }));
        let effective = invoke(&window, "low_balance_threshold", json!({})).unwrap();
        let local =
            invoke(&window, "settings_get", json!({})).unwrap()["low_balance_threshold"].clone();
        assert_eq!(effective, json!({ "amount": local, "source": "settings" }));
    }

    /// Needs the Secret Service of `scripts/with-keyring.sh`, where the PIN's hash lives.
    #[test]
    fn settings_hold_the_unlock_the_pin_earns_until_they_are_left() {
        if std::env::var_os("KAUNTER_KEYRING_TESTS").is_none() {
            eprintln!("*** SKIPPED: run under scripts/with-keyring.sh ***");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(&dir);
        let paths = kaunter::paths::Paths::under(dir.path());
        let supervisor = kaunter::supervisor::Supervisor::new(&paths);
        tauri::async_runtime::block_on(supervisor.reset()).unwrap();

        let first = invoke(&window, "supervisor_status", json!({})).unwrap();
        assert_eq!(first["status"]["pin"], "not_chosen");
        assert_eq!(first["unlocked_seconds"], json!(null));
        // First use: no PIN yet, so entering Settings unlocks, and the PIN is set.
        let open = invoke(&window, "supervisor_verify", json!({ "pin": null })).unwrap();
        assert!(open["unlocked_seconds"].as_u64().is_some_and(|s| s > 290));
        let set = invoke(&window, "supervisor_set", json!({ "pin": "482913" })).unwrap();
        assert_eq!(set["status"]["pin"], "set");

        let mut settings = invoke(&window, "settings_get", json!({})).unwrap();
        settings["request_rate"] = json!(3);
        invoke(&window, "supervisor_lock", json!({})).unwrap();
        let err = invoke(
            &window,
            "settings_set",
            json!({ "settings": settings.clone() }),
        )
        .unwrap_err();
        assert_eq!(err["kind"], "supervisor_required");

        let wrong = invoke(&window, "supervisor_verify", json!({ "pin": "000000" })).unwrap_err();
        assert_eq!(
            (wrong["kind"].as_str(), wrong["field"].as_str()),
            (Some("invalid"), Some("pin"))
        );
        let status = invoke(&window, "supervisor_status", json!({})).unwrap();
        assert_eq!(status["status"]["tries_left"], 4);
        assert_eq!(
            status["unlocked_seconds"],
            json!(null),
            "a wrong PIN unlocks nothing"
        );

        invoke(&window, "supervisor_verify", json!({ "pin": "482913" })).unwrap();
        let saved = invoke(&window, "settings_set", json!({ "settings": settings })).unwrap();
        assert_eq!(saved["request_rate"], 3);
        invoke(&window, "supervisor_lock", json!({})).unwrap();
        let err = invoke(&window, "supervisor_skip", json!({})).unwrap_err();
        assert_eq!(
            err["kind"], "supervisor_required",
            "left Settings: locked again"
        );

        tauri::async_runtime::block_on(supervisor.reset()).unwrap();
    }
}
