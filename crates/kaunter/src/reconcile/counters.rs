//! Each counter's part of a reconciliation, counted refid by refid.

use std::collections::BTreeMap;

use super::report::{CounterTally, KindCount, MismatchKind};

/// What one refid came to, for its counter's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    Matched,
    OpenAtBoth,
    Mismatch(MismatchKind),
}

#[derive(Default)]
pub(super) struct Counters {
    lines: BTreeMap<Option<String>, Line>,
}

#[derive(Default)]
struct Line {
    matched: u64,
    open_at_both: u64,
    by_kind: BTreeMap<MismatchKind, u64>,
}

impl Counters {
    pub fn add(&mut self, counter: Option<&str>, outcome: Outcome) {
        let key = counter.map(str::to_owned);
        let line = self.lines.entry(key).or_default();
        match outcome {
            Outcome::Matched => line.matched += 1,
            Outcome::OpenAtBoth => line.open_at_both += 1,
            Outcome::Mismatch(kind) => *line.by_kind.entry(kind).or_default() += 1,
        }
    }

    /// The counters by name, then the refids no counter is named for.
    pub fn finish(self) -> Vec<CounterTally> {
        let (unnamed, named): (Vec<_>, Vec<_>) =
            self.lines.into_iter().partition(|(name, _)| name.is_none());
        named
            .into_iter()
            .chain(unnamed)
            .map(|(counter, line)| CounterTally {
                counter,
                matched: line.matched,
                open_at_both: line.open_at_both,
                mismatches: line.by_kind.values().sum(),
                by_kind: line
                    .by_kind
                    .into_iter()
                    .map(|(kind, count)| KindCount { kind, count })
                    .collect(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_counters_come_by_name_and_the_unnamed_last() {
        let mut counters = Counters::default();
        counters.add(None, Outcome::Mismatch(MismatchKind::OnlyAtIimmpact));
        counters.add(Some("Counter 2"), Outcome::Matched);
        counters.add(Some("Counter 1"), Outcome::OpenAtBoth);
        counters.add(
            Some("Counter 2"),
            Outcome::Mismatch(MismatchKind::AmountDiffers),
        );
        counters.add(
            Some("Counter 2"),
            Outcome::Mismatch(MismatchKind::RefundedAfterTheFact),
        );
        counters.add(
            Some("Counter 2"),
            Outcome::Mismatch(MismatchKind::AmountDiffers),
        );
        let lines = counters.finish();
        let names: Vec<_> = lines.iter().map(|l| l.counter.as_deref()).collect();
        assert_eq!(names, [Some("Counter 1"), Some("Counter 2"), None]);
        let two = &lines[1];
        assert_eq!((two.matched, two.open_at_both, two.mismatches), (1, 0, 3));
        assert_eq!(
            two.by_kind,
            [
                KindCount {
                    kind: MismatchKind::RefundedAfterTheFact,
                    count: 1
                },
                KindCount {
                    kind: MismatchKind::AmountDiffers,
                    count: 2
                },
            ],
            "in the kinds' order"
        );
        assert_eq!((lines[0].open_at_both, lines[0].mismatches), (1, 0));
    }
}
