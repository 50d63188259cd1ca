//! Reading a written workbook back: its cells with calamine, its XML where calamine does
//! not look (frozen panes, styles), its Summary sheet against the export's totals.

#![allow(dead_code)] // each test file uses a different part

use std::io::Read as _;
use std::path::Path;

use calamine::{Data, Reader as _, Xlsx};
use chrono::{Datelike as _, Timelike as _};
use iimmpact::Timestamp;
use kaunter::export::Summary;
use rust_decimal::Decimal;

pub type Book = Xlsx<std::io::BufReader<std::fs::File>>;

pub fn open(path: &Path) -> Book {
    calamine::open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A part of the workbook's zip, as text.
pub fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

pub fn text(cell: Option<&Data>) -> &str {
    match cell {
        Some(Data::String(s)) => s,
        other => panic!("{other:?} is not a text cell"),
    }
}

/// The exact decimal a number cell holds: the shortest digits that read back as it.
pub fn number(cell: Option<&Data>) -> Decimal {
    match cell {
        Some(Data::Float(f)) => f.to_string().parse().unwrap(),
        other => panic!("{other:?} is not a number cell"),
    }
}

/// A date-time cell's wall-clock value, to the millisecond.
pub fn date_time(cell: Option<&Data>) -> (u16, u8, u8, u8, u8, u8, u16) {
    match cell {
        Some(Data::DateTime(dt)) if dt.is_datetime() => dt.to_ymd_hms_milli(),
        other => panic!("{other:?} is not a date-time cell"),
    }
}

/// What a date cell of `at` must show: the time in Malaysia, to the second.
pub fn gmt8(at: Timestamp) -> (u16, u8, u8, u8, u8, u8, u16) {
    let t = at.as_datetime().with_timezone(&iimmpact::time::gmt8());
    (
        t.year() as u16,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
        0,
    )
}

/// Whether cell `cell` (`A1`) of the sheet XML `sheet` is in a bold font, by way of
/// its style's font in `styles`.
pub fn is_bold(sheet: &str, styles: &str, cell: &str) -> bool {
    // A number attribute of the first tag in `xml`; absent, it is 0 (the default style).
    let attribute = |xml: &str, name: &str| -> usize {
        let tag = &xml[..xml.find('>').unwrap()];
        tag.find(&format!(" {name}=\"")).map_or(0, |at| {
            let value = &tag[at + name.len() + 3..];
            value[..value.find('"').unwrap()].parse().unwrap()
        })
    };
    let at = sheet.find(&format!("<c r=\"{cell}\"")).unwrap();
    let style = attribute(&sheet[at..], "s");
    let section = |name: &str| {
        let start = styles.find(&format!("<{name} ")).unwrap();
        &styles[start..styles.find(&format!("</{name}>")).unwrap()]
    };
    let xf = section("cellXfs").split("<xf ").nth(style + 1).unwrap();
    let font = attribute(&format!(" {xf}"), "fontId");
    let fonts: Vec<&str> = section("fonts").split("</font>").collect();
    fonts[font].contains("<b/>")
}

pub fn no_formulas(book: &mut Book, sheet: &str) {
    let formulas = book.worksheet_formula(sheet).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "{sheet}: {formulas:?}"
    );
}

/// The Summary sheet's rows, `label → value`, as the export reported them.
pub fn assert_summary_sheet(book: &mut Book, summary: &Summary, grouped_by: &str) {
    let sheet = book.worksheet_range("Summary").unwrap();
    assert_eq!(text(sheet.get((0, 0))), "rows");
    assert_eq!(sheet.get((0, 1)), Some(&Data::Float(summary.rows as f64)));
    let mut row = 1;
    for (label, balance) in [
        ("opening balance", summary.opening_balance),
        ("closing balance", summary.closing_balance),
    ] {
        if let Some(balance) = balance {
            assert_eq!(text(sheet.get((row, 0))), label);
            assert_eq!(number(sheet.get((row, 1))), balance.normalize(), "{label}");
            row += 1;
        }
    }
    row += 1;
    for (col, title) in [grouped_by, "count", "amount"].into_iter().enumerate() {
        assert_eq!(text(sheet.get((row, col))), title);
    }
    for group in &summary.groups {
        row += 1;
        assert_eq!(text(sheet.get((row, 0))), group.name);
        assert_eq!(sheet.get((row, 1)), Some(&Data::Float(group.count as f64)));
        assert_eq!(number(sheet.get((row, 2))), group.amount.normalize());
    }
    assert_eq!(sheet.height(), row + 1, "nothing after the groups");
}

/// The sheet XML `xml` keeps its header row in sight while scrolling.
pub fn assert_header_frozen(xml: &str) {
    assert!(
        xml.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "the header row is frozen: {xml:.600}"
    );
}

/// A date cell's day (its time of day is midnight).
pub fn day(cell: Option<&Data>) -> chrono::NaiveDate {
    let (y, m, d, h, min, s, ms) = date_time(cell);
    assert_eq!((h, min, s, ms), (0, 0, 0, 0), "a day has no time: {cell:?}");
    chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), d.into()).unwrap()
}
