//! Summaries, the monthly statement and the end-of-shift report against the simulator:
//! a real journal, real loopback HTTP, the counter's name in IIMMPACT's records.

mod common;
mod workbook;

use std::time::Duration;

use calamine::{Data, Reader as _};
use chrono::Utc;
use common::{hasty, patient, quick, reload, session, setup, Counter};
use futures::TryStreamExt;
use iimmpact::client::{Client, ClientConfig, Credentials};
use iimmpact::models::{Transaction, TransactionsQuery};
use iimmpact::{DateRange, HmacSecret};
use iimmpact_sim::{Elsewhere, SimConfig, SimHandle, Simulator};
use kaunter::export::CsvFormat;
use kaunter::finance::{
    self, Month, MonthStatement, ShiftReport, SummaryBy, SummaryLine, TransactionSummary,
};
use kaunter::journal::{counter_day, PaymentRecord, PaymentState};
use kaunter::paths::Paths;
use kaunter::settings::Settings;
use kaunter::ErrorKind;
use rust_decimal::Decimal;

const COUNTER: &str = "KL Sentral 2";

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A counter named [`COUNTER`] in its Settings, on its own simulator.
async fn named_counter() -> Counter {
    let sim = Simulator::start(quick()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        counter_name: COUNTER.into(),
        ..Settings::default()
    };
    settings.save(&Paths::under(dir.path())).unwrap();
    let kaunter = session(&sim, &dir, patient());
    Counter { sim, kaunter, dir }
}

/// A client of `sim` of its own, to read IIMMPACT's records as they are.
fn client_of(sim: &SimHandle) -> Client {
    let demo = SimConfig::demo();
    let credentials = Credentials::ApiKey {
        key: iimmpact::ApiKey::parse(&demo.api_key).unwrap(),
        secret: HmacSecret::from_base64(&demo.secret_base64).unwrap(),
    };
    Client::new(ClientConfig::new(&sim.base_url(), credentials)).unwrap()
}

async fn listed_today(sim: &SimHandle) -> Vec<Transaction> {
    let today = counter_day(Utc::now());
    let query = TransactionsQuery::new(DateRange::day(today));
    let pages: Vec<_> = client_of(sim)
        .transactions_stream(query)
        .try_collect()
        .await
        .unwrap();
    pages.into_iter().flat_map(|p| p.rows).collect()
}

async fn paid(c: &Counter, account: &str, amount: &str) -> PaymentRecord {
    let p = c.kaunter.pay(&reload(account, amount)).await.unwrap();
    assert_eq!(p.state, PaymentState::Succeeded, "{p:?}");
    p
}

fn line<'a>(lines: &'a [SummaryLine], key: &str) -> &'a SummaryLine {
    lines
        .iter()
        .find(|l| l.key == key)
        .unwrap_or_else(|| panic!("no line {key:?} in {lines:#?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_payment_carries_the_counters_name_to_iimmpact() {
    let c = named_counter().await;
    let p = paid(&c, "0123450001", "10").await;
    let body: serde_json::Value = serde_json::from_slice(&p.body).unwrap();
    assert_eq!(body["remarks"], COUNTER, "journalled as sent");
    let rows = listed_today(&c.sim).await;
    let row = rows
        .iter()
        .find(|t| t.refid.as_deref() == Some(p.refid.as_str()))
        .expect("IIMMPACT lists the payment");
    assert_eq!(row.remarks.as_deref(), Some(COUNTER));

    // Renamed since: resuming the payment under its refid still finds it, unpaid again.
    let renamed = Settings {
        counter_name: "Counter 9".into(),
        ..Settings::default()
    };
    renamed.save(&Paths::under(c.dir.path())).unwrap();
    let later = session(&c.sim, &c.dir, patient());
    let again = later
        .pay(&kaunter::counter::PaymentRequest {
            refid: Some(p.refid.to_string()),
            ..reload("0123450001", "10")
        })
        .await
        .unwrap();
    assert_eq!(c.sim.charges(p.refid.as_str()), 1);
    assert_eq!((again.refid, again.body), (p.refid, p.body));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_adds_up_sales_per_day_product_and_counter() {
    let c = named_counter().await;
    let ten = paid(&c, "0123450001", "10").await;
    paid(&c, "0123450002", "30").await;
    let refunded = paid(&c, "0123450003", "5").await;
    c.sim.refund(refunded.refid.as_str()).unwrap();
    let failed = c.kaunter.pay(&reload("60123450048", "20")).await.unwrap();
    assert_eq!(failed.state, PaymentState::Failed);
    c.sim
        .add_payment(Elsewhere {
            refid: "COUNTER2-0001".into(),
            product: "D".into(),
            account: "0198765432".into(),
            amount: dec("15"),
            remarks: "Counter 2".into(),
        })
        .unwrap();

    let today = counter_day(Utc::now());
    let summary = c.kaunter.transaction_summary(today, today).await.unwrap();
    let rows = listed_today(&c.sim).await;
    let cost_of = |account: &str| {
        rows.iter()
            .find(|t| t.account == account)
            .and_then(|t| t.price)
            .unwrap()
    };
    let ours = cost_of("0123450001") + cost_of("0123450002");
    let theirs = cost_of("0198765432");
    assert!(ours < dec("40"), "the simulator sells below face value");

    assert_eq!(summary.transactions, 5, "{summary:#?}");
    assert_eq!(summary.total.count, 3);
    assert_eq!(summary.total.face_value, dec("55"));
    assert_eq!(summary.total.cost, ours + theirs);
    assert_eq!(summary.total.margin, dec("55") - ours - theirs);
    assert_eq!(summary.total.without_cost, 0);

    let named = line(&summary.by_counter, COUNTER);
    assert_eq!(
        (named.figures.count, named.figures.face_value),
        (2, dec("40"))
    );
    assert_eq!(named.figures.cost, ours);
    let other = line(&summary.by_counter, "Counter 2");
    assert_eq!(
        (other.figures.count, other.figures.face_value),
        (1, dec("15"))
    );
    assert_eq!(summary.by_counter.len(), 2);

    let day = line(&summary.by_day, &today.to_string());
    assert_eq!(day.figures, summary.total);
    let digi = line(&summary.by_product, ten.product.as_str());
    assert_eq!(digi.figures, summary.total);
    assert!(digi.product_name.as_deref().is_some_and(|n| !n.is_empty()));

    let aside: Vec<_> = summary
        .not_sold
        .iter()
        .map(|n| (n.state.as_str(), n.count, n.face_value))
        .collect();
    assert_eq!(aside, [("failed", 1, dec("20")), ("refunded", 1, dec("5"))]);

    written_back(&summary).await;
}

/// Each breakdown to CSV and to a workbook, read back cell by cell.
async fn written_back(summary: &TransactionSummary) {
    let dir = tempfile::tempdir().unwrap();
    let plain = CsvFormat {
        bom: false,
        crlf: false,
    };
    for (by, first_column, sheet_name) in [
        (SummaryBy::Day, "day", "By day"),
        (SummaryBy::Product, "product", "By product"),
        (SummaryBy::Counter, "counter", "By counter"),
    ] {
        let lines = summary.lines(by);
        let csv_path = dir.path().join(format!("{first_column}.csv"));
        let written = finance::write_summary(summary, by, &csv_path, None, plain, false)
            .await
            .unwrap();
        assert_eq!(written.rows, lines.len() as u64);
        let mut reader = csv::Reader::from_path(&csv_path).unwrap();
        let header: Vec<_> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(
            header,
            [
                first_column,
                "product_name",
                "count",
                "face_value",
                "cost",
                "margin",
                "without_cost"
            ]
        );
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(records.len(), lines.len());
        for (record, line) in records.iter().zip(lines) {
            assert_eq!(&record[0], line.key);
            assert_eq!(&record[2], line.figures.count.to_string());
            assert_eq!(
                record[3].parse::<Decimal>().unwrap(),
                line.figures.face_value
            );
            assert_eq!(record[4].parse::<Decimal>().unwrap(), line.figures.cost);
            assert_eq!(record[5].parse::<Decimal>().unwrap(), line.figures.margin);
        }

        let xlsx_path = dir.path().join(format!("{first_column}.xlsx"));
        finance::write_summary(summary, by, &xlsx_path, None, CsvFormat::default(), false)
            .await
            .unwrap();
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx_path).unwrap();
        assert_eq!(book.sheet_names(), [sheet_name, "Summary"]);
        let sheet = book.worksheet_range(sheet_name).unwrap();
        assert_eq!(sheet.get((0, 0)), Some(&Data::String(first_column.into())));
        for (row, line) in (1..).zip(lines) {
            let cell = |col| sheet.get((row, col)).cloned();
            let money = |col| match cell(col) {
                Some(Data::Float(f)) => f,
                other => panic!("row {row} column {col}: {other:?}"),
            };
            if by == SummaryBy::Day {
                let listed = line.key.parse().unwrap();
                assert_eq!(workbook::day(sheet.get((row, 0))), listed, "a real date");
            } else {
                assert_eq!(
                    cell(0),
                    Some(Data::String(line.key.clone())),
                    "text, as listed"
                );
            }
            assert_eq!(
                cell(1),
                line.product_name
                    .clone()
                    .map(Data::String)
                    .or(Some(Data::Empty))
            );
            assert_eq!(money(2), line.figures.count as f64);
            for (col, value) in [
                (3, line.figures.face_value),
                (4, line.figures.cost),
                (5, line.figures.margin),
            ] {
                assert_eq!(
                    money(col).to_string().parse::<Decimal>().unwrap(),
                    value,
                    "row {row} col {col}"
                );
            }
            assert_eq!(money(6), line.figures.without_cost as f64);
        }
        assert_eq!(sheet.get((lines.len() + 1, 0)), None, "nothing more");
        let refused = finance::write_summary(summary, by, &csv_path, None, plain, false)
            .await
            .unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::FileExists);
    }
}

/// The seeded history over many pages: the summary is the sum of every row listed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_covers_every_page_of_the_history() {
    let s = setup(3_000, Duration::ZERO).await;
    let (from, to) = s.whole_history();
    let summary = finance::transaction_summary(&s.client, from, to)
        .await
        .unwrap();
    let query = TransactionsQuery::new(DateRange::new(from, to).unwrap());
    let pages: Vec<_> = s
        .client
        .transactions_stream(query)
        .try_collect()
        .await
        .unwrap();
    let rows: Vec<Transaction> = pages.into_iter().flat_map(|p| p.rows).collect();
    assert!(rows.len() > 1_000, "more than one page: {}", rows.len());
    assert_eq!(summary.transactions, rows.len() as u64);
    assert_eq!(
        summary.total.count,
        rows.len() as u64,
        "the seeded history all succeeded"
    );
    let face: Decimal = rows.iter().map(|t| t.amount).sum();
    let cost: Decimal = rows.iter().filter_map(|t| t.price).sum();
    assert_eq!((summary.total.face_value, summary.total.cost), (face, cost));
    assert_eq!(summary.total.margin, face - cost);
    for breakdown in [&summary.by_day, &summary.by_product, &summary.by_counter] {
        let count: u64 = breakdown.iter().map(|l| l.figures.count).sum();
        let face_value: Decimal = breakdown.iter().map(|l| l.figures.face_value).sum();
        assert_eq!((count, face_value), (summary.total.count, face));
    }
    assert_eq!(
        summary.by_counter.len(),
        1,
        "the seeded history names no counter"
    );
    assert_eq!(summary.by_counter[0].key, "");
    assert!(summary.by_day.len() > 20, "{} days", summary.by_day.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_month_statement_adds_up_to_the_ledger() {
    let s = setup(3_000, Duration::ZERO).await;
    let entries = s.entries().await;
    let month = Month::of(s.config.history_end);
    let statement = finance::month_statement(&s.client, month).await.unwrap();
    let inside: Vec<_> = entries
        .iter()
        .filter(|e| Month::of(kaunter::export::cells::local_time(e.date).date()) == month)
        .collect();
    assert!(!inside.is_empty());
    assert_eq!(statement.entries, inside.len() as u64);
    let first = inside[0];
    assert_eq!(statement.opening, Some(first.balance - first.amount));
    assert_eq!(statement.closing, Some(inside[inside.len() - 1].balance));
    let of = |code: &str| -> Decimal {
        inside
            .iter()
            .filter(|e| e.entry_type.as_str() == code)
            .map(|e| e.amount)
            .sum()
    };
    assert_eq!(statement.deposits, of("DEPOSIT"));
    assert_eq!(statement.spend, -of("TRANSACTION"));
    assert_eq!(statement.refunds, of("REFUND"));
    assert_eq!(statement.commission, of("COMMISSION"));
    assert!(statement.spend > Decimal::ZERO && statement.deposits > Decimal::ZERO);
    assert!(statement.balances, "{statement:#?}");
    month_written_back(&statement).await;

    let next_year = Month::of(counter_day(Utc::now()) + chrono::Days::new(400));
    let err = finance::month_statement(&s.client, next_year)
        .await
        .unwrap_err();
    assert_eq!(err.payload().field.as_deref(), Some("month"));
}

const MONTH_COLUMNS: [&str; 12] = [
    "month",
    "from",
    "to",
    "entries",
    "opening",
    "deposits",
    "spend",
    "refunds",
    "commission",
    "other",
    "closing",
    "balances",
];

/// The header of the CSV file at `path`, and its records.
fn csv_file(path: &std::path::Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    (header, reader.records().map(|r| r.unwrap()).collect())
}

const PLAIN: CsvFormat = CsvFormat {
    bom: false,
    crlf: false,
};

/// The month's statement as one row, in a CSV file and a workbook read back cell by
/// cell; its Summary sheet has the balances and what the month moved.
async fn month_written_back(s: &MonthStatement) {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("month.csv");
    let written = finance::write_month(s, &csv_path, None, PLAIN, false)
        .await
        .unwrap();
    assert_eq!(written.rows, 1);
    let (header, records) = csv_file(&csv_path);
    assert_eq!(header, MONTH_COLUMNS);
    let money = |value: Option<Decimal>| value.map(|v| v.normalize());
    let read = |text: &str| text.parse::<Decimal>().ok().map(|v| v.normalize());
    let record = &records[..];
    assert_eq!(record.len(), 1);
    let r = &record[0];
    assert_eq!(
        (&r[0], &r[1], &r[2], &r[3]),
        (
            s.month.to_string().as_str(),
            s.from.to_string().as_str(),
            s.to.to_string().as_str(),
            s.entries.to_string().as_str()
        )
    );
    let figures = [
        s.opening,
        Some(s.deposits),
        Some(s.spend),
        Some(s.refunds),
        Some(s.commission),
        Some(s.other),
        s.closing,
    ];
    for (col, value) in (4..).zip(figures) {
        assert_eq!(read(&r[col]), money(value), "column {}", MONTH_COLUMNS[col]);
    }
    assert_eq!(&r[11], "true");

    let xlsx_path = dir.path().join("month.xlsx");
    let summary = finance::write_month(s, &xlsx_path, None, CsvFormat::default(), false)
        .await
        .unwrap();
    let mut book = workbook::open(&xlsx_path);
    assert_eq!(book.sheet_names(), ["Month", "Summary"]);
    let sheet = book.worksheet_range("Month").unwrap();
    for (col, title) in MONTH_COLUMNS.iter().enumerate() {
        assert_eq!(workbook::text(sheet.get((0, col))), *title);
    }
    let cell = |col| sheet.get((1, col));
    assert_eq!(
        workbook::text(cell(0)),
        s.month.to_string(),
        "a month is text"
    );
    assert_eq!(
        (workbook::day(cell(1)), workbook::day(cell(2))),
        (s.from, s.to)
    );
    assert_eq!(cell(3), Some(&Data::Float(s.entries as f64)));
    for (col, value) in (4..).zip(figures) {
        assert_eq!(
            Some(workbook::number(cell(col))),
            money(value),
            "column {}",
            MONTH_COLUMNS[col]
        );
    }
    assert_eq!(cell(11), Some(&Data::Bool(true)));
    assert_eq!(sheet.height(), 2, "one month, one row");
    workbook::no_formulas(&mut book, "Month");
    workbook::no_formulas(&mut book, "Summary");
    assert_eq!(
        (summary.opening_balance, summary.closing_balance),
        (s.opening, s.closing)
    );
    assert_eq!(summary.groups.len(), 1);
    assert_eq!(
        summary.groups[0].amount,
        s.closing.unwrap() - s.opening.unwrap()
    );
    workbook::assert_summary_sheet(&mut book, &summary, "month");
    workbook::assert_header_frozen(&workbook::part(&xlsx_path, "xl/worksheets/sheet1.xml"));
    let refused = finance::write_month(s, &xlsx_path, None, PLAIN, false)
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::FileExists);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shift_report_counts_the_till_and_lists_the_open_payments() {
    let c = named_counter().await;
    let ten = paid(&c, "0123450001", "10").await;
    paid(&c, "0123450002", "30").await;
    let failed = c.kaunter.pay(&reload("60123450048", "20")).await.unwrap();
    assert_eq!(failed.state, PaymentState::Failed);
    let hasty = hasty(&c);
    let open = hasty.pay(&reload("0123450004", "5")).await.unwrap();
    assert_eq!(open.state, PaymentState::Pending);

    let today = counter_day(Utc::now());
    let report = c.kaunter.shift_report(today).unwrap();
    assert_eq!(report.counter, COUNTER);
    assert_eq!(report.payments, 4);
    assert_eq!(
        report.to_collect,
        dec("45"),
        "succeeded 40 and open 5; not the failed 20"
    );
    assert_eq!(report.open.len(), 1);
    assert_eq!(report.open[0].refid, open.refid);
    let state = |s: PaymentState| {
        report
            .by_state
            .iter()
            .find(|t| t.state == s)
            .map(|t| (t.count, t.amount))
    };
    assert_eq!(state(PaymentState::Succeeded), Some((2, dec("40"))));
    assert_eq!(state(PaymentState::Failed), Some((1, dec("20"))));
    assert_eq!(state(PaymentState::Pending), Some((1, dec("5"))));
    let lines: Vec<_> = report
        .by_product
        .iter()
        .map(|l| (l.product.as_str(), l.state, l.count, l.amount))
        .collect();
    let d = ten.product.as_str();
    assert_eq!(
        lines,
        [
            (d, PaymentState::Pending, 1, dec("5")),
            (d, PaymentState::Succeeded, 2, dec("40")),
            (d, PaymentState::Failed, 1, dec("20")),
        ]
    );
    shift_written_back(&report).await;

    let yesterday = today.pred_opt().unwrap();
    let empty = c.kaunter.shift_report(yesterday).unwrap();
    assert_eq!(
        (empty.payments, empty.to_collect, empty.open.len()),
        (0, dec("0"), 0)
    );
}

const SHIFT_COLUMNS: [&str; 11] = [
    "day",
    "counter",
    "section",
    "product",
    "product_name",
    "state",
    "count",
    "amount",
    "created_at",
    "refid",
    "account",
];

/// The shift report top to bottom (to collect, each product's line, each open payment)
/// in a CSV file and a workbook read back cell by cell; the Summary sheet has the
/// payments by state.
async fn shift_written_back(report: &ShiftReport) {
    let dir = tempfile::tempdir().unwrap();
    let rows = 1 + report.by_product.len() + report.open.len();
    let csv_path = dir.path().join("shift.csv");
    let written = finance::write_shift(report, &csv_path, None, PLAIN, false)
        .await
        .unwrap();
    assert_eq!(written.rows, rows as u64);
    let (header, records) = csv_file(&csv_path);
    assert_eq!(header, SHIFT_COLUMNS);
    assert_eq!(records.len(), rows);
    let day = report.day.to_string();
    for r in &records {
        assert_eq!((&r[0], &r[1]), (day.as_str(), COUNTER));
    }
    let collect = &records[0];
    assert_eq!(&collect[2], "to_collect");
    assert_eq!(collect[7].parse::<Decimal>().unwrap(), report.to_collect);
    for (r, line) in records[1..].iter().zip(&report.by_product) {
        assert_eq!(
            (&r[2], &r[3], &r[5], &r[6]),
            (
                "by_product",
                line.product.as_str(),
                line.state.as_str(),
                line.count.to_string().as_str()
            )
        );
        assert_eq!(r[7].parse::<Decimal>().unwrap(), line.amount);
        assert_eq!((&r[8], &r[9], &r[10]), ("", "", ""));
    }
    for (r, open) in records[1 + report.by_product.len()..]
        .iter()
        .zip(&report.open)
    {
        assert_eq!(
            (&r[2], &r[5], &r[6], &r[9], &r[10]),
            (
                "open",
                open.state.as_str(),
                "1",
                open.refid.as_str(),
                open.account.as_str()
            )
        );
        assert_eq!(r[7].parse::<Decimal>().unwrap(), open.amount.value());
        assert!(r[8].starts_with(&day), "{:?}", &r[8]);
    }

    let xlsx_path = dir.path().join("shift.xlsx");
    let summary = finance::write_shift(report, &xlsx_path, None, CsvFormat::default(), false)
        .await
        .unwrap();
    let mut book = workbook::open(&xlsx_path);
    assert_eq!(book.sheet_names(), ["Shift", "Summary"]);
    let sheet = book.worksheet_range("Shift").unwrap();
    assert_eq!(sheet.height(), rows + 1);
    for (col, title) in SHIFT_COLUMNS.iter().enumerate() {
        assert_eq!(workbook::text(sheet.get((0, col))), *title);
    }
    for (row, record) in (1..).zip(&records) {
        let cell = |col| sheet.get((row, col));
        assert_eq!(workbook::day(cell(0)), report.day, "row {row}");
        for col in [1, 2, 3, 5, 9, 10] {
            let expected = &record[col];
            if expected.is_empty() {
                assert_eq!(cell(col), Some(&Data::Empty), "row {row} col {col}");
            } else {
                assert_eq!(
                    workbook::text(cell(col)),
                    expected,
                    "row {row} col {col}: text"
                );
            }
        }
        if !record[6].is_empty() {
            assert_eq!(cell(6), Some(&Data::Float(record[6].parse().unwrap())));
        }
        assert_eq!(
            workbook::number(cell(7)),
            record[7].parse::<Decimal>().unwrap().normalize()
        );
        if !record[8].is_empty() {
            let (y, m, d, h, min, s, _) = workbook::date_time(cell(8));
            let shown = format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}:{s:02}");
            assert_eq!(
                shown, record[8],
                "row {row}: the same GMT+8 time as the CSV"
            );
        }
    }
    workbook::no_formulas(&mut book, "Shift");
    let by_state: Vec<_> = summary
        .groups
        .iter()
        .map(|g| (g.name.clone(), g.count, g.amount))
        .collect();
    let mut expected: Vec<_> = report
        .by_state
        .iter()
        .filter(|t| t.count > 0)
        .map(|t| (t.state.as_str().to_owned(), u64::from(t.count), t.amount))
        .collect();
    expected.sort();
    assert_eq!(
        by_state, expected,
        "the Summary sheet is the payments by state"
    );
    workbook::assert_summary_sheet(&mut book, &summary, "state");
    workbook::assert_header_frozen(&workbook::part(&xlsx_path, "xl/worksheets/sheet1.xml"));
}
