//! This process's memory as Linux counts it, for the benchmarks that run the simulator
//! or a client of it and print what they cost.

/// Resident set size now, in KiB (`VmRSS`); 0 where `/proc` is not there.
pub fn resident_kib() -> u64 {
    status_kib("VmRSS:")
}

/// Peak resident set size so far, in KiB (`VmHWM`); 0 where `/proc` is not there.
pub fn peak_resident_kib() -> u64 {
    status_kib("VmHWM:")
}

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_process_has_a_peak_at_least_its_current_size() {
        let now = resident_kib();
        assert!(now > 0, "VmRSS is read from /proc/self/status");
        assert!(peak_resident_kib() >= now);
    }
}
