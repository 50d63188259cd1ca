//! The command line's grammar.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use kaunter::export::FileType;
use kaunter::finance::SummaryBy;
use kaunter::Environment;

#[derive(Debug, Parser)]
#[command(
    name = "kaunter",
    version,
    about = "IIMMPACT payments counter: balance, bill check, pay, history, receipts, statements, summaries"
)]
pub struct Cli {
    /// Which IIMMPACT to use; demo runs a simulator inside this process.
    #[arg(long, global = true, default_value = "demo", value_parser = parse_env)]
    pub env: Environment,
    /// Another base URL of the documented form, e.g. https://staging.iimmpact.com/v2.
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// The request budget in requests per second, shared by every call; capped at this
    /// PC's share of IIMMPACT's per-IP limit (a tenth of 30,000 per 5 minutes).
    #[arg(long, global = true, value_name = "N")]
    pub rate: Option<u32>,
    /// Print results and errors as JSON.
    #[arg(long, global = true)]
    pub json: bool,
    /// Keep the journal, settings and logs under this directory.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// How long pay, status and resume follow an open payment before leaving it to a
    /// later re-check (exit code 4).
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 60)]
    pub wait: u64,
    #[command(subcommand)]
    pub command: Command,
}

fn parse_env(text: &str) -> Result<Environment, String> {
    text.parse().map_err(|e: kaunter::Error| e.to_string())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The wallet balance.
    Balance,
    /// The products this account may sell.
    Products,
    /// Whether a product's provider is healthy right now.
    NetworkStatus {
        #[arg(long)]
        product: String,
    },
    /// Bill presentment: look up a customer's bill before paying it.
    #[command(subcommand)]
    Bill(BillCommand),
    /// The choices of a product: data plans for a number, JomPAY billers, PTPTN/SSPN
    /// account types (code, label, price, validity).
    Options {
        #[arg(long)]
        product: String,
        /// The options field (plan, biller, loan_account, amount); the product's own when absent.
        #[arg(long, value_name = "ID")]
        field: Option<String>,
        /// The account the choices are for (a data plan's mobile number, a PTPTN account).
        #[arg(long, value_name = "NUMBER")]
        account: Option<String>,
    },
    /// Pay a reload, a bill, a data plan, JomPAY, PTPTN/SSPN or a voucher (journalled
    /// before it is sent).
    Pay(PayArgs),
    /// A payment's status, re-checked with IIMMPACT while it is not final.
    Status {
        #[arg(long)]
        refid: String,
    },
    /// Re-check every payment left unfinished (after a crash or a lost reply); close
    /// those journalled but never sent as not sent.
    Resume,
    /// The IIMMPACT IP block this environment is under, if any.
    Unblock {
        /// Ask IIMMPACT once, on purpose (one request), whether it answers again, and
        /// lift the block if it does.
        #[arg(long)]
        check: bool,
    },
    /// Payments from this PC's journal, newest first: a day or a range of days,
    /// searched by account, refid or serial number; also to a file.
    History(HistoryArgs),
    /// "Was this customer charged?": this PC's journal by refid or account; when it has
    /// nothing, IIMMPACT's transactions to the account over the last 7 days (another
    /// counter's payment). Each result says where it was found.
    Lookup {
        /// A refid or an account number.
        #[arg(value_name = "REFID_OR_ACCOUNT")]
        query: String,
    },
    /// Report a successful payment to IIMMPACT (the customer's voucher does not work, the
    /// bill is not credited): IIMMPACT opens a case and follows it up by e-mail.
    Report(ReportArgs),
    /// The receipt of a journalled payment, for reprinting.
    Receipt {
        #[arg(long)]
        refid: String,
    },
    /// The balance statement: exported to a file, or one month added up.
    #[command(subcommand)]
    Statement(StatementCommand),
    /// The transaction history: exported to a file, or added up.
    #[command(subcommand)]
    Transactions(TransactionsCommand),
    /// The end-of-shift report of this counter for a day, from its journal: payments
    /// by state and product, the total to collect, the payments still open.
    Shift {
        /// A day in Malaysia time, YYYY-MM-DD (today when absent).
        #[arg(long, value_name = "YYYY-MM-DD")]
        day: Option<String>,
        /// The report, also to a file.
        #[command(flatten)]
        file: ReportFileArgs,
    },
    /// Match this PC's journal with IIMMPACT's transactions and balance statement for
    /// a range of days; settles payments open here that IIMMPACT has final.
    Reconcile(ReconcileArgs),
    /// API key and HMAC secret, or the legacy sign-in, in the OS keychain (set, login
    /// and clear need the supervisor).
    #[command(subcommand)]
    Credentials(CredentialsCommand),
    /// The supervisor PIN that guards credentials, settings and the account's settings.
    #[command(subcommand)]
    Supervisor(SupervisorCommand),
    /// The IIMMPACT account's own settings (changing them needs the supervisor).
    #[command(subcommand)]
    Account(AccountCommand),
}

#[derive(Debug, Subcommand)]
pub enum SupervisorCommand {
    /// Whether a PIN is set, skipped or not chosen yet, and any lock in force.
    Status,
    /// Set or change the PIN: the new one is read from stdin or a hidden prompt, never
    /// argv; changing it needs the current one (KAUNTER_SUPERVISOR_PIN or a prompt).
    Set,
    /// A shop of one: no PIN (changing a set PIN to none needs the current one).
    Skip,
    /// Forgot the PIN: removes it, every environment's API key and secret and the
    /// settings file. The keys must be entered again.
    Reset {
        /// Reset without asking (required when not on a terminal).
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// The balance below which IIMMPACT e-mails the merchant (RM).
    Threshold {
        /// Change it (RM, at least 1).
        #[arg(long, value_name = "AMOUNT")]
        set: Option<String>,
    },
    /// Where IIMMPACT sends transaction callbacks.
    CallbackUrl {
        /// Change it (an absolute http or https URL); needs --method.
        #[arg(long, value_name = "URL", requires = "method")]
        set: Option<String>,
        /// POST or GET.
        #[arg(long, value_name = "METHOD", requires = "set")]
        method: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum BillCommand {
    Check {
        #[arg(long)]
        product: String,
        #[arg(long)]
        account: String,
    },
}

#[derive(Debug, Args)]
pub struct PayArgs {
    #[arg(long)]
    pub product: String,
    #[arg(long)]
    pub account: String,
    /// In MYR, e.g. 10 or 10.50; a data plan's price when left out.
    #[arg(long, default_value = "")]
    pub amount: String,
    /// An extra the product takes, e.g. subproduct_code=HI_MONTH35, biller_code=5454,
    /// ref2=INV7, ic_number=900101-14-5678 (repeatable; see `kaunter products`).
    #[arg(long = "extra", value_name = "NAME=VALUE")]
    pub extras: Vec<String>,
    /// Resume a payment under a refid of your own (otherwise a fresh one is made).
    #[arg(long)]
    pub refid: Option<String>,
    /// Pay without asking (required when not on a terminal).
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// A day in Malaysia time, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with_all = ["from", "to"])]
    pub day: Option<String>,
    /// The first day (Malaysia time), included.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// The last day (Malaysia time), included.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<String>,
    /// The account number, exactly.
    #[arg(long)]
    pub account: Option<String>,
    /// Part of an account number, a refid or a serial number, in any case.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// sending, pending, unknown, succeeded, failed or refunded.
    #[arg(long)]
    pub status: Option<String>,
    /// Show the day's totals per status instead of the list (today unless --day).
    #[arg(long, conflicts_with_all = ["from", "to", "search", "out"])]
    pub totals: bool,
    /// The payments to a file instead of listed here (the file holds them all,
    /// however many).
    #[command(flatten)]
    pub file: ReportFileArgs,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The payment's refid (this PC's, or another counter's).
    #[arg(long, required_unless_present = "trxid")]
    pub refid: Option<String>,
    /// IIMMPACT's transaction id, as `kaunter lookup` shows it; it wins over --refid.
    #[arg(long)]
    pub trxid: Option<String>,
    /// What is wrong, in your words; kept in Kaunter's log with IIMMPACT's answer.
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Whom IIMMPACT copies on the case's e-mails, e.g. the customer (repeatable).
    #[arg(long = "email", value_name = "ADDRESS")]
    pub emails: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum StatementCommand {
    /// Every entry of a range of days to a CSV file or an Excel workbook.
    Export(ExportArgs),
    /// One month: opening, deposits, spend, refunds, commission, closing.
    Month {
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// The statement, also to a file.
        #[command(flatten)]
        file: ReportFileArgs,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub file: ExportFileArgs,
    /// DEPOSIT, TRANSACTION, REFUND or COMMISSION (all when absent).
    #[arg(long = "type", value_name = "T")]
    pub entry_type: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TransactionsCommand {
    /// Every transaction of a range of days to a CSV file or an Excel workbook.
    Export(ExportFileArgs),
    /// The Transaction Summary: sales (count, face value, cost, margin) per day,
    /// product or counter.
    Summary(SummaryArgs),
}

/// The breakdowns of a summary.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum By {
    Day,
    Product,
    /// The counter named in each payment's remarks.
    Counter,
}

impl From<By> for SummaryBy {
    fn from(by: By) -> Self {
        match by {
            By::Day => SummaryBy::Day,
            By::Product => SummaryBy::Product,
            By::Counter => SummaryBy::Counter,
        }
    }
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: String,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: String,
    /// The breakdown shown and written (--json carries all three).
    #[arg(long, value_enum, default_value = "day")]
    pub by: By,
    #[command(flatten)]
    pub file: ReportFileArgs,
}

/// Where a report is also written, when it is.
#[derive(Debug, Args)]
pub struct ReportFileArgs {
    /// Also write the report to FILE: an Excel workbook when it ends in .xlsx, CSV
    /// when in .csv.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write this kind of file whatever FILE's name ends in.
    #[arg(long, value_enum, requires = "out")]
    pub format: Option<FileFormat>,
    /// Replace FILE if it already exists.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// The kinds of file `--format` names.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl From<FileFormat> for FileType {
    fn from(format: FileFormat) -> Self {
        match format {
            FileFormat::Csv => FileType::Csv,
            FileFormat::Xlsx => FileType::Xlsx,
        }
    }
}

/// What every export asks: the days, and the file to write.
#[derive(Debug, Args)]
pub struct ExportFileArgs {
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: String,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: String,
    /// The file to write: an Excel workbook when it ends in .xlsx, CSV when in .csv.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Write this kind of file whatever FILE's name ends in.
    #[arg(long, value_enum)]
    pub format: Option<FileFormat>,
    /// Start a CSV file with a UTF-8 byte-order mark, for Excel.
    #[arg(long)]
    pub bom: bool,
    /// Replace FILE if it already exists (without this, an existing file is an error).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ReconcileArgs {
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: String,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: String,
    /// The mismatches, also to a file.
    #[command(flatten)]
    pub file: ReportFileArgs,
}

#[derive(Debug, Subcommand)]
pub enum CredentialsCommand {
    /// Store the API key; the secret is read from stdin or a hidden prompt, never argv.
    Set {
        #[arg(long)]
        api_key: String,
    },
    /// Sign in the legacy way (ID token): the password is read from stdin or a hidden
    /// prompt, never argv, used once and not stored; the tokens go to the keychain.
    Login {
        #[arg(long)]
        username: String,
    },
    /// Which kind of credentials is stored (API key or sign-in) and the token's expiry;
    /// never a secret.
    Show,
    /// Call the API with the stored credentials.
    Test,
    /// Remove the stored credentials of either kind (`logout` signs out the same way).
    #[command(alias = "logout")]
    Clear,
}
