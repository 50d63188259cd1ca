//! `kaunter transactions summary`, `kaunter statement month` and `kaunter shift`:
//! JSON for scripts, English for people, a workbook read back cell by cell.

mod common;

use std::path::Path;
use std::process::Output;

use calamine::{Data, Reader as _};
use common::{cli, json, pay_args, scripted_cli, simulator_with_history, today};
use iimmpact_sim::{SimConfig, SimHandle};
use kaunter::paths::Paths;
use kaunter::settings::Settings;
use rust_decimal::Decimal;

const COUNTER: &str = "Kedai Ali 1";

fn named(dir: &Path) {
    let settings = Settings {
        counter_name: COUNTER.into(),
        ..Settings::default()
    };
    settings.save(&Paths::under(dir)).unwrap();
}

fn pay(sim: &SimHandle, dir: &Path, account: &str, amount: &str) -> Output {
    let mut args = pay_args(account, amount);
    args.push("--yes");
    scripted_cli(sim, dir, &args).output().unwrap()
}

fn money(value: &serde_json::Value) -> Decimal {
    value
        .as_str()
        .unwrap_or_else(|| panic!("{value}"))
        .parse()
        .unwrap()
}

fn human(sim: &SimHandle, dir: &Path, args: &[&str]) -> String {
    let out = cli(sim, dir)
        .args(args)
        .env("IIMMPACT_API_KEY", iimmpact_sim::DEMO_API_KEY)
        .env("IIMMPACT_API_SECRET", iimmpact_sim::DEMO_SECRET_BASE64)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_groups_by_the_counter_named_in_settings() {
    let sim = simulator_with_history(0).await;
    let dir = tempfile::tempdir().unwrap();
    named(dir.path());
    for account in ["0123456781", "0123456782"] {
        let paid = pay(&sim, dir.path(), account, "10");
        assert_eq!(paid.status.code(), Some(0), "{paid:?}");
    }
    common::another_counters_payment(&sim);
    let day = today();
    let range = ["transactions", "summary", "--from", &day, "--to", &day];

    let out = scripted_cli(
        &sim,
        dir.path(),
        &[&range[..], &["--by", "counter"]].concat(),
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let summary = json(&out);
    assert_eq!(summary["transactions"], 3, "{summary}");
    assert_eq!(summary["total"]["count"], 3);
    assert_eq!(money(&summary["total"]["face_value"]), Decimal::from(25));
    let counters = summary["by_counter"].as_array().unwrap();
    let line = |name: &str| {
        counters
            .iter()
            .find(|l| l["key"] == name)
            .unwrap_or_else(|| panic!("{name}: {summary}"))
    };
    assert_eq!(line(COUNTER)["count"], 2);
    assert_eq!(money(&line(COUNTER)["face_value"]), Decimal::from(20));
    assert_eq!(line("Counter 2")["count"], 1);
    let cost = money(&summary["total"]["cost"]);
    assert_eq!(money(&summary["total"]["margin"]), Decimal::from(25) - cost);
    assert!(summary["by_day"].as_array().unwrap().len() == 1);

    let text = human(
        &sim,
        dir.path(),
        &[&range[..], &["--by", "counter"]].concat(),
    );
    assert!(
        text.contains("3 transactions at IIMMPACT, 3 sold"),
        "{text}"
    );
    let row = text
        .lines()
        .find(|l| l.starts_with(COUNTER))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(row.contains("20.00"), "{row}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("TOTAL") && l.contains("25.00")),
        "{text}"
    );

    let files = tempfile::tempdir().unwrap();
    let xlsx = files.path().join("summary.xlsx");
    let written = scripted_cli(
        &sim,
        dir.path(),
        &[
            &range[..],
            &["--by", "product", "--out", xlsx.to_str().unwrap()],
        ]
        .concat(),
    )
    .output()
    .unwrap();
    assert_eq!(written.status.code(), Some(0), "{written:?}");
    assert_eq!(json(&written)["out"], xlsx.to_str().unwrap());
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["By product", "Summary"]);
    let sheet = book.worksheet_range("By product").unwrap();
    let header: Vec<_> = (0..7)
        .map(|c| sheet.get((0, c)).cloned().unwrap())
        .collect();
    let names = [
        "product",
        "product_name",
        "count",
        "face_value",
        "cost",
        "margin",
        "without_cost",
    ];
    assert_eq!(header, names.map(|n| Data::String(n.into())));
    assert_eq!(sheet.get((1, 0)), Some(&Data::String("D".into())));
    assert!(matches!(sheet.get((1, 1)), Some(Data::String(name)) if !name.is_empty()));
    assert_eq!(sheet.get((1, 2)), Some(&Data::Float(3.0)));
    assert_eq!(sheet.get((1, 3)), Some(&Data::Float(25.0)));
    let cost_cell = match sheet.get((1, 4)) {
        Some(Data::Float(f)) => f.to_string().parse::<Decimal>().unwrap(),
        other => panic!("{other:?}"),
    };
    assert_eq!(cost_cell, cost);
    assert_eq!(sheet.get((1, 6)), Some(&Data::Float(0.0)));
    assert_eq!(sheet.get((2, 0)), None, "one product");

    // Refused before anything is asked of IIMMPACT, the file as it was.
    let asked = sim
        .stats()
        .requests_per_path
        .get("/v2/transactions")
        .copied();
    let again = scripted_cli(
        &sim,
        dir.path(),
        &[&range[..], &["--out", xlsx.to_str().unwrap()]].concat(),
    )
    .output()
    .unwrap();
    assert_ne!(again.status.code(), Some(0), "{again:?}");
    assert_eq!(json_err(&again)["kind"], "file_exists");
    assert_eq!(
        sim.stats()
            .requests_per_path
            .get("/v2/transactions")
            .copied(),
        asked
    );
}

/// What a failing `--json` run printed (on stdout or stderr).
fn json_err(output: &Output) -> serde_json::Value {
    let text = if output.stdout.is_empty() {
        &output.stderr
    } else {
        &output.stdout
    };
    serde_json::from_slice(text).unwrap_or_else(|e| panic!("{e}: {output:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_month_statement_opens_closes_and_adds_up() {
    let sim = simulator_with_history(500).await;
    let dir = tempfile::tempdir().unwrap();
    let month = SimConfig::demo().history_end.format("%Y-%m").to_string();
    let out = scripted_cli(&sim, dir.path(), &["statement", "month", "--month", &month])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let s = json(&out);
    assert_eq!(s["month"], month.as_str());
    assert!(s["entries"].as_u64().unwrap() > 0, "{s}");
    assert_eq!(s["balances"], true);
    let sum = money(&s["opening"]) + money(&s["deposits"]) - money(&s["spend"])
        + money(&s["refunds"])
        + money(&s["commission"])
        + money(&s["other"]);
    assert_eq!(sum, money(&s["closing"]), "{s}");

    let text = human(&sim, dir.path(), &["statement", "month", "--month", &month]);
    for label in [
        "Opening",
        "Deposits",
        "Spend",
        "Refunds",
        "Commission",
        "Closing",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(label)),
            "{label}: {text}"
        );
    }
    assert!(!text.contains("DOES NOT ADD UP"), "{text}");

    // To a workbook by its name, and to CSV by --format whatever the name says.
    let files = tempfile::tempdir().unwrap();
    let xlsx = files.path().join("month.xlsx");
    let to_file = |out: &Path, extra: &[&str]| {
        let args = [
            &["statement", "month", "--month", &month, "--out"][..],
            &[out.to_str().unwrap()],
            extra,
        ]
        .concat();
        scripted_cli(&sim, dir.path(), &args).output().unwrap()
    };
    let written = to_file(&xlsx, &[]);
    assert_eq!(written.status.code(), Some(0), "{written:?}");
    let said = json(&written);
    assert_eq!(said["out"], xlsx.to_str().unwrap());
    assert_eq!(
        said["closing"], s["closing"],
        "the statement stays the JSON's body"
    );
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["Month", "Summary"]);
    let sheet = book.worksheet_range("Month").unwrap();
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("month".into())));
    assert_eq!(sheet.get((1, 0)), Some(&Data::String(month.clone())));
    let number = |col| match sheet.get((1, col)) {
        Some(Data::Float(f)) => f.to_string().parse::<Decimal>().unwrap(),
        other => panic!("column {col}: {other:?}"),
    };
    assert_eq!(number(4), money(&s["opening"]).normalize());
    assert_eq!(number(10), money(&s["closing"]).normalize());
    assert!(
        matches!(sheet.get((1, 1)), Some(Data::DateTime(_))),
        "a real date"
    );

    let named_xlsx = files.path().join("month.xlsx.txt");
    let csv = to_file(&named_xlsx, &["--format", "csv"]);
    assert_eq!(csv.status.code(), Some(0), "{csv:?}");
    let text = std::fs::read_to_string(&named_xlsx).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let header = text.lines().next().unwrap();
    assert_eq!(
        header,
        "month,from,to,entries,opening,deposits,spend,refunds,commission,other,closing,balances"
    );
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with(&format!("{month},")),
        "{text}"
    );

    let again = to_file(&xlsx, &[]);
    assert_eq!(again.status.code(), Some(2), "{again:?}");
    assert_eq!(json_err(&again)["kind"], "file_exists");
    let forced = to_file(&xlsx, &["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{forced:?}");

    let bad = scripted_cli(
        &sim,
        dir.path(),
        &["statement", "month", "--month", "2025-5"],
    )
    .output()
    .unwrap();
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
    assert_eq!(json_err(&bad)["field"], "month");
    let said = cli(&sim, dir.path())
        .args(["statement", "month", "--month", "May"])
        .output()
        .unwrap();
    let said = String::from_utf8(said.stderr).unwrap();
    assert!(said.contains("month: not a month like 2026-11"), "{said}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shift_report_totals_what_to_collect_and_works_offline() {
    let sim = simulator_with_history(0).await;
    let dir = tempfile::tempdir().unwrap();
    named(dir.path());
    assert_eq!(
        pay(&sim, dir.path(), "0123456781", "10").status.code(),
        Some(0)
    );
    assert_eq!(
        pay(&sim, dir.path(), "0123456782", "30").status.code(),
        Some(0)
    );
    let failed = pay(&sim, dir.path(), "60123450048", "20");
    assert_eq!(json(&failed)["state"], "failed", "{failed:?}");
    let day = today();
    let asked = sim.stats().requests_per_path.values().sum::<u64>();

    let out = scripted_cli(&sim, dir.path(), &["shift", "--day", &day])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report = json(&out);
    assert_eq!(report["counter"], COUNTER);
    assert_eq!(report["payments"], 3);
    assert_eq!(money(&report["to_collect"]), Decimal::from(40));
    assert_eq!(report["open"].as_array().unwrap().len(), 0);
    let lines = report["by_product"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{report}");
    assert_eq!(
        (lines[0]["state"].as_str(), lines[0]["count"].as_u64()),
        (Some("succeeded"), Some(2))
    );
    assert_eq!(
        (lines[1]["state"].as_str(), lines[1]["count"].as_u64()),
        (Some("failed"), Some(1))
    );

    let text = human(&sim, dir.path(), &["shift"]);
    assert!(
        text.starts_with(&format!("End of shift: {COUNTER}, {day}")),
        "{text}"
    );
    assert!(
        text.contains("To collect (succeeded and open): RM 40.00"),
        "{text}"
    );
    assert!(
        text.lines().all(|l| l.chars().count() <= 48),
        "fits a receipt printer: {text}"
    );
    assert_eq!(
        sim.stats().requests_per_path.values().sum::<u64>(),
        asked,
        "from the journal alone"
    );

    let files = tempfile::tempdir().unwrap();
    let xlsx = files.path().join("shift.xlsx");
    let out = xlsx.to_str().unwrap();
    let written = scripted_cli(&sim, dir.path(), &["shift", "--day", &day, "--out", out])
        .output()
        .unwrap();
    assert_eq!(written.status.code(), Some(0), "{written:?}");
    assert_eq!(json(&written)["out"], out);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["Shift", "Summary"]);
    let sheet = book.worksheet_range("Shift").unwrap();
    let text = |row, col| match sheet.get((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({row}, {col}): {other:?}"),
    };
    assert_eq!(
        (text(1, 1), text(1, 2)),
        (COUNTER.to_owned(), "to_collect".to_owned())
    );
    assert_eq!(sheet.get((1, 7)), Some(&Data::Float(40.0)));
    assert_eq!(
        (text(2, 2), text(2, 5)),
        ("by_product".to_owned(), "succeeded".to_owned())
    );
    assert_eq!(sheet.get((2, 6)), Some(&Data::Float(2.0)));
    assert_eq!(
        sheet.height(),
        4,
        "header, to collect, two lines, nothing open"
    );
    let summary = book.worksheet_range("Summary").unwrap();
    assert_eq!(summary.get((0, 1)), Some(&Data::Float(3.0)), "three rows");

    let csv = files.path().join("shift.csv");
    let human_run = human(
        &sim,
        dir.path(),
        &["shift", "--day", &day, "--out", csv.to_str().unwrap()],
    );
    assert!(
        human_run.ends_with(&format!("Written to {}\n", csv.display())),
        "{human_run}"
    );
    let written = std::fs::read_to_string(&csv).unwrap();
    assert!(
        written.trim_start_matches('\u{feff}').starts_with(
            "day,counter,section,product,product_name,state,count,amount,created_at,refid,account"
        ),
        "{written}"
    );
    assert_eq!(
        sim.stats().requests_per_path.values().sum::<u64>(),
        asked,
        "written from the journal alone too"
    );

    let no_out = cli(&sim, dir.path())
        .args(["shift", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        no_out.status.code(),
        Some(2),
        "--format needs --out: {no_out:?}"
    );
}
