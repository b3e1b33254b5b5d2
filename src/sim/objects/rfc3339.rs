//! RFC 3339 timestamps as Kubernetes writes them (`2024-05-01T12:00:00Z`), converted
//! to and from Unix seconds without a clock or a date crate (one implementation,
//! shared with the scenario loader's `sim_time`).

use super::super::scenarios::sim_time;

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ` (UTC, second precision).
pub fn format(unix: i64) -> String {
    sim_time::format_rfc3339(unix)
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` into Unix seconds (fraction dropped).
/// Returns `None` for anything else.
pub fn parse(s: &str) -> Option<i64> {
    sim_time::parse_rfc3339(s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format(0), "1970-01-01T00:00:00Z");
        assert_eq!(format(1_709_210_096), "2024-02-29T12:34:56Z");
        assert_eq!(format(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn parses_what_it_formats_and_offsets() {
        for t in [0, 1_709_210_096, 4_102_444_800, 951_782_400] {
            assert_eq!(parse(&format(t)), Some(t));
        }
        assert_eq!(parse("2024-02-29T14:34:56.123+02:00"), Some(1_709_210_096));
        assert_eq!(parse("2024-02-29T12:34:56"), None);
        assert_eq!(parse("2024-13-01T00:00:00Z"), None);
        assert_eq!(parse("garbage"), None);
        assert_eq!(parse("2024-02-29T12:34:56Zjunk"), None);
    }
}
