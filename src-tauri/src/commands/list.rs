// Every app command, listed once. `commands/mod.rs` expands this list into the IPC handler
// (and, for tests, the command names); `build.rs` expands it into an `allow-<command>`
// permission per command, which `capabilities/main.json` grants to the main window.
// A command added here but not granted there fails `commands::tests`; a grant of a
// command missing here fails the build.
commands! {
    app::app_status,
    app::first_paint,
    account::balance,
    account::credentials_test,
    block::block_status,
    block::unblock_check,
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
}
