//! The `kaunter` command line: parse, call the session, print, exit with a code a
//! script can branch on.

mod args;
mod describe;
mod render;

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use chrono::NaiveDate;
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use tokio_util::sync::CancellationToken;

use kaunter::counter::{ExtraName, Extras, PaymentRequest};
use kaunter::credentials::Keychain;
use kaunter::export::{
    CsvFormat, EntryType, ExportKind, ExportRequest, FileType, Progress, Summary,
};
use kaunter::finance::{self, SummaryBy};
use kaunter::journal::{counter_day, HistoryQuery, PaymentRecord, PaymentState};
use kaunter::logging::{self, Console};
use kaunter::lookup::{ProblemRequest, ReportOutcome};
use kaunter::paths::Paths;
use kaunter::session::{Session, SessionConfig};
use kaunter::supervisor::{PinChoice, Supervisor, SupervisorPin, SupervisorUnlock};
use kaunter::Problem;
use kaunter::{Error, ErrorKind, Result};

/// Where a script gives the supervisor PIN: the environment is visible only to the
/// same user (argv is visible to every user in `ps`), and stdin stays free for the
/// secret `credentials set` reads.
const SUPERVISOR_PIN_VAR: &str = "KAUNTER_SUPERVISOR_PIN";

use args::{
    AccountCommand, BillCommand, Cli, Command, CredentialsCommand, ExportFileArgs, HistoryArgs,
    PayArgs, ReconcileArgs, ReportArgs, ReportFileArgs, StatementCommand, SummaryArgs,
    SupervisorCommand, TransactionsCommand,
};

/// Exit codes, as the README documents them.
mod exit {
    pub const OTHER: u8 = 1;
    pub const INVALID: u8 = 2;
    pub const REFUSED: u8 = 3;
    pub const UNCLEAR: u8 = 4;
    pub const AUTH: u8 = 5;
}

/// What a command prints, and how the process ends.
struct Report {
    human: String,
    json: serde_json::Value,
    code: u8,
}

impl Report {
    fn ok(human: String, value: &impl Serialize) -> Result<Self> {
        Ok(Self {
            human,
            json: to_json(value)?,
            code: 0,
        })
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(usage) => return usage_error(usage),
    };
    let json = cli.json;
    let paths = match &cli.data_dir {
        Some(dir) => Paths::under(dir),
        None => match Paths::from_os() {
            Ok(paths) => paths,
            Err(e) => return fail(json, &e),
        },
    };
    // Warnings (a payment that could not be re-checked) go to stderr; the log file
    // keeps every payment's journey for support.
    if let Err(e) = logging::init(&paths, Console::Warnings) {
        return fail(json, &e);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(json, &Error::io("starting the async runtime", e)),
    };
    match runtime.block_on(run(cli, paths)) {
        Ok(report) => {
            if json {
                println!("{}", report.json);
            } else {
                print!("{}", report.human);
            }
            ExitCode::from(report.code)
        }
        Err(e) => fail(json, &e),
    }
}

/// Help and version print as clap has them; a usage mistake under `--json` becomes
/// the same `{kind, field, problem}` payload as every other error, clap's words in
/// the problem's `detail`.
fn usage_error(usage: clap::Error) -> ExitCode {
    use clap::error::ErrorKind as Usage;
    let json = std::env::args().any(|arg| arg == "--json");
    if matches!(usage.kind(), Usage::DisplayHelp | Usage::DisplayVersion) || !json {
        let _ = usage.print();
        return ExitCode::from(u8::try_from(usage.exit_code()).unwrap_or(exit::INVALID));
    }
    // clap's text up to the usage line, on one line.
    let text = usage.to_string();
    let message: Vec<&str> = text
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect();
    let message = message.join(" ");
    let detail = message.trim_start_matches("error: ").to_owned();
    fail(true, &Error::invalid("command", Problem::Usage { detail }))
}

/// An error under `--json` is the core's facts plus `message`, the same English words
/// a person at the terminal reads, so a script can log them as they are.
fn fail(json: bool, error: &Error) -> ExitCode {
    if json {
        let mut facts = serde_json::to_value(error.payload()).unwrap_or_default();
        if let Some(object) = facts.as_object_mut() {
            object.insert("message".into(), describe::describe(error).into());
        }
        println!("{facts}");
    } else {
        eprintln!("kaunter: {}", describe::describe(error));
    }
    ExitCode::from(error_code(error.kind()))
}

fn error_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Invalid
        | ErrorKind::NotFound
        | ErrorKind::NoCredentials
        | ErrorKind::DemoUnavailable
        | ErrorKind::Duplicate
        | ErrorKind::FileExists => exit::INVALID,
        ErrorKind::Refused | ErrorKind::RateLimited => exit::REFUSED,
        ErrorKind::Unclear => exit::UNCLEAR,
        ErrorKind::Auth
        | ErrorKind::Keychain
        | ErrorKind::SupervisorRequired
        | ErrorKind::SupervisorLocked => exit::AUTH,
        ErrorKind::Unavailable
        | ErrorKind::Storage
        | ErrorKind::Cancelled
        | ErrorKind::Internal => exit::OTHER,
    }
}

/// A payment's exit code: settled well, refused, or still to be found out.
fn payment_code(state: PaymentState) -> u8 {
    match state {
        PaymentState::Succeeded => 0,
        PaymentState::Failed | PaymentState::Refunded | PaymentState::NotSent => exit::REFUSED,
        PaymentState::Sending | PaymentState::Pending | PaymentState::Unknown => exit::UNCLEAR,
    }
}

async fn run(cli: Cli, paths: Paths) -> Result<Report> {
    let mut config = SessionConfig::new(cli.env, paths);
    config.base_url = cli.base_url;
    config.rate = cli.rate;
    config.polling.deadline = Duration::from_secs(cli.wait);
    let command = match cli.command {
        Command::Credentials(command) => return credentials(config, command).await,
        Command::Supervisor(command) => return supervisor(&config.paths, command).await,
        command => command,
    };
    let session = Session::open(config)?;
    match command {
        Command::Balance => {
            let balance = session.balance().await?;
            Report::ok(render::balance(&balance), &balance)
        }
        Command::Products => {
            // One run, one answer: fetched now, the cached list only when that fails.
            let products = session.refresh_products().await?;
            Report::ok(render::products(&products), &products)
        }
        Command::NetworkStatus { product } => {
            let status = session.network_status(&product).await?;
            Report::ok(render::network_status(&status), &status)
        }
        Command::Bill(BillCommand::Check { product, account }) => {
            let bill = session.bill_check(&product, &account).await?;
            Report::ok(render::bill(&bill), &bill)
        }
        Command::Options {
            product,
            field,
            account,
        } => {
            let choices = session
                .options(&product, field.as_deref(), account.as_deref())
                .await?;
            Report::ok(render::choices(&choices), &choices)
        }
        Command::Pay(args) => pay(&session, args).await,
        Command::Status { refid } => Ok(payment(session.payment_status(&refid).await?)),
        Command::Resume => {
            let resumed = session.resume_unfinished().await?;
            let code = resumed
                .iter()
                .map(|p| p.state)
                .find(|s| !s.is_final())
                .map_or(0, payment_code);
            Ok(Report {
                human: render::payments(&resumed),
                json: to_json(&resumed)?,
                code,
            })
        }
        Command::Unblock { check } => {
            let block = if check {
                session.unblock_check().await?
            } else {
                session.block_status()
            };
            Ok(match block {
                None => Report::ok(
                    format!(
                        "{}: not blocked; requests are sent\n",
                        session.environment()
                    ),
                    &serde_json::json!({ "blocked": false }),
                )?,
                Some(block) => Report {
                    human: format!("{}\n", describe::describe(&Error::Blocked(block.clone()))),
                    json: serde_json::json!({ "blocked": true, "until": block.until, "bare_forbidden": block.bare_forbidden }),
                    code: exit::REFUSED,
                },
            })
        }
        Command::History(args) => history(&session, args).await,
        Command::Lookup { query } => {
            let report = session.lookup(&query).await?;
            Report::ok(render::lookup(&report), &report)
        }
        Command::Report(args) => report(&session, args).await,
        Command::Receipt { refid } => {
            let receipt = session.receipt(&refid).await?;
            let text = render::receipt(&receipt);
            Report::ok(
                text.clone(),
                &serde_json::json!({ "refid": refid, "text": text, "receipt": receipt }),
            )
        }
        Command::Statement(StatementCommand::Month { month, file }) => {
            let month = month.parse()?;
            let file_type = writable(&file)?;
            let statement = session.month_statement(month).await?;
            let shown = Report::ok(render::month_statement(&statement), &statement)?;
            also_to_file(&session, shown, &file, async |out, format| {
                finance::write_month(&statement, out, file_type, format, file.force).await
            })
            .await
        }
        Command::Transactions(TransactionsCommand::Summary(args)) => summary(&session, args).await,
        Command::Shift { day, file } => {
            let day = match day {
                Some(text) => parse_date("day", &text)?,
                None => counter_day(chrono::Utc::now()),
            };
            let file_type = writable(&file)?;
            let report = session.shift_report(day)?;
            let shown = Report::ok(render::shift(&report), &report)?;
            also_to_file(&session, shown, &file, async |out, format| {
                finance::write_shift(&report, out, file_type, format, file.force).await
            })
            .await
        }
        Command::Statement(StatementCommand::Export(args)) => {
            let entry_type = args.entry_type.as_deref().map(entry_type).transpose()?;
            let what = ExportKind::BalanceStatement { entry_type };
            export(&session, what, args.file, cli.json).await
        }
        Command::Transactions(TransactionsCommand::Export(file)) => {
            export(&session, ExportKind::Transactions, file, cli.json).await
        }
        Command::Reconcile(args) => reconcile(&session, args).await,
        Command::Account(command) => account(&session, command).await,
        Command::Credentials(_) | Command::Supervisor(_) => {
            unreachable!("handled before the session opens")
        }
    }
}

fn payment(record: PaymentRecord) -> Report {
    Report {
        human: render::payment(&record),
        json: serde_json::to_value(&record).unwrap_or_default(),
        code: payment_code(record.state),
    }
}

/// `--extra NAME=VALUE` pairs as the payment's extras; a name not one of them, or a
/// pair without `=`, is refused naming `extra`.
fn extras(pairs: &[String]) -> Result<Extras> {
    let mut extras = Extras::default();
    for pair in pairs {
        let (name, value) = pair.split_once('=').ok_or_else(|| {
            Error::invalid(
                "extra",
                Problem::Usage {
                    detail: format!(
                        "--extra {pair:?}: give NAME=VALUE, e.g. ic_number=900101145678"
                    ),
                },
            )
        })?;
        ExtraName::parse("extra", name)?.set(&mut extras, value);
    }
    Ok(extras)
}

async fn pay(session: &Session, args: PayArgs) -> Result<Report> {
    let mut request = PaymentRequest {
        product: args.product,
        account: args.account,
        amount: args.amount,
        refid: args.refid,
        extras: extras(&args.extras)?,
        ..PaymentRequest::default()
    };
    if !args.yes {
        let amount = match request.amount.trim() {
            "" => "the plan's price".to_owned(),
            typed => format!("RM {typed}"),
        };
        let extras: String = ExtraName::ALL
            .into_iter()
            .filter_map(|n| {
                n.value(&request.extras)
                    .map(|v| format!(", {} {v}", n.field()))
            })
            .collect();
        confirm(&format!(
            "Pay {amount} to {} for product {}{extras} ({})?",
            request.account.trim(),
            request.product.trim(),
            session.environment()
        ))?;
    }
    match session.pay(&request).await {
        // Only a payment already final may be made again, and only when a person says so.
        Err(duplicate @ Error::LikelyDuplicate { state, .. })
            if state.is_final() && !args.yes && std::io::stdin().is_terminal() =>
        {
            // Shown the earlier payment, the clerk decides; a script never pays twice.
            eprintln!("{}", describe::describe(&duplicate));
            confirm("Pay AGAIN?")?;
            request.confirm_duplicate = true;
            Ok(payment(session.pay(&request).await?))
        }
        result => Ok(payment(result?)),
    }
}

/// Asks on the terminal; refuses to guess when there is no one to ask.
fn confirm(question: &str) -> Result<()> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::invalid("yes", Problem::NeedsConfirmation));
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| Error::io("reading the answer", e))?;
    match answer.trim() {
        "y" | "Y" | "yes" | "YES" => Ok(()),
        _ => Err(Error::Cancelled),
    }
}

async fn history(session: &Session, args: HistoryArgs) -> Result<Report> {
    let date = |field, text: &Option<String>| {
        text.as_deref()
            .map(|text| parse_date(field, text))
            .transpose()
    };
    let day = date("day", &args.day)?;
    if args.totals {
        let day = day.unwrap_or_else(|| counter_day(chrono::Utc::now()));
        let totals = session.day_totals(day)?;
        return Report::ok(render::totals(&totals), &totals);
    }
    let query = HistoryQuery {
        day,
        from: date("from", &args.from)?,
        to: date("to", &args.to)?,
        account: args.account,
        search: args.search,
        state: args.status.as_deref().map(str::parse).transpose()?,
        ..HistoryQuery::default()
    };
    let file = args.file;
    let file_type = writable(&file)?;
    let Some(out) = &file.out else {
        let found = session.history(&query)?;
        return Report::ok(render::payments(&found), &found);
    };
    // The file is the list: read a page at a time, it is never all in memory, where a
    // list printed here would be.
    let format = report_format(session);
    let summary = session
        .export_history(&query, out, file_type, format, file.force)
        .await?;
    let out = out.display().to_string();
    Ok(Report {
        human: render::summary(&summary, &out),
        json: serde_json::json!({ "out": out, "summary": summary }),
        code: 0,
    })
}

async fn report(session: &Session, args: ReportArgs) -> Result<Report> {
    let problem = ProblemRequest {
        refid: args.refid,
        trxid: args.trxid,
        reason: args.reason,
        emails: args.emails,
    };
    let report = session.report_problem(&problem).await?;
    let code = match report.outcome {
        ReportOutcome::Received => 0,
        ReportOutcome::Refused => exit::REFUSED,
        ReportOutcome::Unclear => exit::UNCLEAR,
    };
    Ok(Report {
        human: render::problem_report(&report),
        json: to_json(&report)?,
        code,
    })
}

async fn export(
    session: &Session,
    what: ExportKind,
    args: ExportFileArgs,
    json: bool,
) -> Result<Report> {
    let request = ExportRequest {
        what,
        from: parse_date("from", &args.from)?,
        to: parse_date("to", &args.to)?,
        format: CsvFormat {
            bom: args.bom,
            crlf: session.settings().export.format.crlf,
        },
        overwrite: args.force,
    };
    let bar = if json {
        ProgressBar::hidden()
    } else {
        ProgressBar::new_spinner()
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} rows, {msg} [{elapsed}]")
            .expect("the template is valid"),
    );
    let mut progress = |p: Progress| {
        if let Some(total) = p.total_rows {
            bar.set_length(total);
        }
        bar.set_position(p.rows);
        bar.set_message(format!("{} pages", p.pages));
    };
    // Ctrl-C cancels cleanly: the half-written file is removed, never left behind.
    let cancel = CancellationToken::new();
    let on_interrupt = cancel.clone();
    let interrupt = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_interrupt.cancel();
        }
    });
    let result = session
        .export_statement(
            &request,
            &args.out,
            args.format.map(FileType::from),
            &mut progress,
            &cancel,
        )
        .await;
    interrupt.abort();
    bar.finish_and_clear();
    let summary = result?;
    Report::ok(
        render::summary(&summary, &args.out.display().to_string()),
        &summary,
    )
}

async fn reconcile(session: &Session, args: ReconcileArgs) -> Result<Report> {
    let from = parse_date("from", &args.from)?;
    let to = parse_date("to", &args.to)?;
    let file = args.file;
    let file_type = writable(&file)?;
    let report = session.reconcile(from, to).await?;
    let shown = Report::ok(render::reconcile(&report), &report)?;
    also_to_file(session, shown, &file, async |out, format| {
        kaunter::reconcile::write_mismatches(&report, out, file_type, format, file.force).await
    })
    .await
}

async fn summary(session: &Session, args: SummaryArgs) -> Result<Report> {
    let from = parse_date("from", &args.from)?;
    let to = parse_date("to", &args.to)?;
    let file = args.file;
    let file_type = writable(&file)?;
    let by = SummaryBy::from(args.by);
    let summary = session.transaction_summary(from, to).await?;
    let shown = Report::ok(render::transaction_summary(&summary, by), &summary)?;
    also_to_file(session, shown, &file, async |out, format| {
        finance::write_summary(&summary, by, out, file_type, format, file.force).await
    })
    .await
}

/// `shown`, and when `--out` asks for it, `write` to that file; the JSON says where
/// it went.
async fn also_to_file(
    session: &Session,
    mut shown: Report,
    file: &ReportFileArgs,
    write: impl AsyncFnOnce(&Path, CsvFormat) -> Result<Summary>,
) -> Result<Report> {
    if let Some(out) = &file.out {
        write(out, report_format(session)).await?;
        shown
            .human
            .push_str(&format!("Written to {}\n", out.display()));
        shown.json["out"] = serde_json::json!(out.display().to_string());
    }
    Ok(shown)
}

/// The kind of file a report goes to, refusing one that cannot be written before
/// anything is asked of IIMMPACT or settled in the journal (the write itself refuses
/// one put there meanwhile).
fn writable(file: &ReportFileArgs) -> Result<Option<FileType>> {
    let file_type = file.format.map(FileType::from);
    if let Some(out) = &file.out {
        FileType::resolve(out, file_type)?;
        if !file.force && out.exists() {
            return Err(Error::FileExists { path: out.clone() });
        }
    }
    Ok(file_type)
}

/// A report's CSV opens in Excel: with the byte-order mark, lines as Settings has them.
fn report_format(session: &Session) -> CsvFormat {
    CsvFormat {
        bom: true,
        crlf: session.settings().export.format.crlf,
    }
}

/// The statement's type filter, as the API's filter words spell it.
fn entry_type(text: &str) -> Result<EntryType> {
    match text.trim().to_ascii_uppercase().as_str() {
        "DEPOSIT" => Ok(EntryType::Deposit),
        "TRANSACTION" => Ok(EntryType::Transaction),
        "REFUND" => Ok(EntryType::Refund),
        "COMMISSION" => Ok(EntryType::Commission),
        _ => Err(Error::invalid(
            "type",
            kaunter::Problem::OneOf {
                allowed: ["DEPOSIT", "TRANSACTION", "REFUND", "COMMISSION"]
                    .map(String::from)
                    .to_vec(),
            },
        )),
    }
}

async fn credentials(config: SessionConfig, command: CredentialsCommand) -> Result<Report> {
    let env = config.environment;
    let keychain = Keychain::default();
    match command {
        CredentialsCommand::Set { api_key } => {
            let unlock = unlock(&Supervisor::new(&config.paths)).await?;
            let secret = read_secret("HMAC secret (Base64, not shown): ")?;
            keychain.store(&unlock, env, &api_key, &secret).await?;
            let status = keychain.status(env).await?;
            Report::ok(
                format!("Stored the {env} API key and secret in the keychain.\n"),
                &status,
            )
        }
        CredentialsCommand::Login { username } => {
            let unlock = unlock(&Supervisor::new(&config.paths)).await?;
            let password = read_secret("Password (not shown): ")?;
            let status = Session::open(config)?
                .sign_in(&unlock, &username, &password)
                .await?;
            Report::ok(render::credentials(&status), &status)
        }
        CredentialsCommand::Show => {
            let status = keychain.status(env).await?;
            Report::ok(render::credentials(&status), &status)
        }
        CredentialsCommand::Test => {
            let balance = Session::open(config)?.balance().await?;
            Report::ok(
                format!(
                    "The {env} credentials work: {}\n",
                    render::balance(&balance).trim_end()
                ),
                &balance,
            )
        }
        CredentialsCommand::Clear => {
            let unlock = unlock(&Supervisor::new(&config.paths)).await?;
            keychain.clear(&unlock, env).await?;
            let status = keychain.status(env).await?;
            Report::ok(
                format!("Removed the {env} credentials from the keychain.\n"),
                &status,
            )
        }
    }
}

async fn supervisor(paths: &Paths, command: SupervisorCommand) -> Result<Report> {
    let supervisor = Supervisor::new(paths);
    match command {
        SupervisorCommand::Status => {
            let status = supervisor.status().await?;
            let mut human = match status.pin {
                PinChoice::NotChosen => {
                    "No supervisor PIN chosen yet: `kaunter supervisor set` or `skip`.\n".to_owned()
                }
                PinChoice::Skipped => "Supervisor PIN skipped: settings need no PIN.\n".to_owned(),
                PinChoice::Set => {
                    format!("Supervisor PIN set ({} tries left).\n", status.tries_left)
                }
            };
            if let Some(until) = status.locked_until {
                human.push_str(&format!(
                    "{}\n",
                    describe::describe(&Error::SupervisorLocked { until })
                ));
            }
            Report::ok(human, &status)
        }
        SupervisorCommand::Set => {
            let unlock = unlock(&supervisor).await?;
            let pin = SupervisorPin::parse(&read_secret(
                "New supervisor PIN (4-12 digits, not shown): ",
            )?)?;
            supervisor.set(&unlock, &pin).await?;
            Report::ok("Supervisor PIN set.\n".into(), &supervisor.status().await?)
        }
        SupervisorCommand::Skip => {
            let unlock = unlock(&supervisor).await?;
            supervisor.skip(&unlock).await?;
            Report::ok(
                "Supervisor PIN skipped: settings need no PIN.\n".into(),
                &supervisor.status().await?,
            )
        }
        SupervisorCommand::Reset { yes } => {
            if !yes {
                confirm("Remove the supervisor PIN, every API key and secret, and the settings?")?;
            }
            supervisor.reset().await?;
            Report::ok(
                "Reset: the supervisor PIN, the API keys and secrets and the settings are removed. \
                 Enter the keys again with `kaunter --env ENV credentials set`.\n"
                    .into(),
                &supervisor.status().await?,
            )
        }
    }
}

async fn account(session: &Session, command: AccountCommand) -> Result<Report> {
    let supervisor = || Supervisor::new(session.paths());
    match command {
        AccountCommand::Threshold { set: None } => {
            let threshold = session.account_threshold().await?;
            Report::ok(render::threshold(&threshold), &threshold)
        }
        AccountCommand::Threshold { set: Some(amount) } => {
            let unlock = unlock(&supervisor()).await?;
            let threshold = session.set_account_threshold(&unlock, &amount).await?;
            Report::ok(render::threshold(&threshold), &threshold)
        }
        AccountCommand::CallbackUrl { set, method } => {
            let callback = match (set, method) {
                (Some(url), Some(method)) => {
                    let unlock = unlock(&supervisor()).await?;
                    session.set_callback_url(&unlock, &url, &method).await?
                }
                _ => session.callback_url().await?,
            };
            Report::ok(render::callback(&callback), &callback)
        }
    }
}

/// The supervisor's unlock for one guarded command: asks for the PIN only when one is
/// set, from `KAUNTER_SUPERVISOR_PIN` or else a hidden prompt on the terminal.
async fn unlock(supervisor: &Supervisor) -> Result<SupervisorUnlock> {
    if supervisor.status().await?.pin != PinChoice::Set {
        return supervisor.verify(None).await;
    }
    let text = match std::env::var(SUPERVISOR_PIN_VAR) {
        Ok(text) => text,
        Err(_) if std::io::stdin().is_terminal() => {
            rpassword::prompt_password("Supervisor PIN (not shown): ")
                .map_err(|e| Error::io("reading the supervisor PIN", e))?
        }
        Err(_) => return Err(Error::SupervisorRequired { ended: false }),
    };
    supervisor.verify(Some(&SupervisorPin::parse(&text)?)).await
}

/// A secret (the HMAC secret, a password, a new PIN), from a hidden prompt on a terminal or from
/// stdin in a script: never from the command line, where `ps` and the shell history
/// would keep it.
fn read_secret(prompt: &str) -> Result<String> {
    let secret = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt).map_err(|e| Error::io("reading the secret", e))?
    } else {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::io("reading the secret from stdin", e))?;
        text
    };
    Ok(secret.trim().to_owned())
}

fn parse_date(field: &str, text: &str) -> Result<NaiveDate> {
    text.trim()
        .parse()
        .map_err(|_| Error::invalid(field, Problem::NotADate))
}

fn to_json(value: &impl Serialize) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| Error::Storage(format!("printing JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_readme() {
        assert_eq!(error_code(ErrorKind::Invalid), 2);
        assert_eq!(error_code(ErrorKind::Refused), 3);
        assert_eq!(error_code(ErrorKind::Unclear), 4);
        assert_eq!(error_code(ErrorKind::Auth), 5);
        assert_eq!(error_code(ErrorKind::Keychain), 5);
        assert_eq!(error_code(ErrorKind::Unavailable), 1);
        assert_eq!(payment_code(PaymentState::Succeeded), 0);
        assert_eq!(payment_code(PaymentState::Failed), 3);
        for open in [
            PaymentState::Sending,
            PaymentState::Pending,
            PaymentState::Unknown,
        ] {
            assert_eq!(payment_code(open), 4);
        }
    }

    #[test]
    fn the_command_line_parses() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
        let cli = Cli::try_parse_from([
            "kaunter",
            "--env",
            "staging",
            "--json",
            "pay",
            "--product",
            "D",
            "--account",
            "0123",
            "--amount",
            "10",
            "--yes",
        ])
        .unwrap();
        assert!(cli.json);
        assert!(matches!(
            cli.command,
            Command::Pay(PayArgs { yes: true, .. })
        ));
        assert!(Cli::try_parse_from(["kaunter", "--env", "prod", "balance"]).is_err());
    }
}
