//! Durations (`90d`, `12h`, `1h30m`), points in time relative to the load
//! time (`now`, `now-72h`, `now+10d`) or absolute (RFC 3339), and RFC 3339
//! formatting — all on plain Unix seconds, with no clock read here.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A length of time written as a string of number+unit parts: `s`, `m`,
/// `h`, `d`, `w` or `y` (365 days), e.g. `90d`, `12h`, `1h30m`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimDuration {
    /// Whole seconds.
    pub secs: u64,
}

impl SimDuration {
    /// A duration of `secs` seconds.
    pub const fn from_secs(secs: u64) -> Self {
        SimDuration { secs }
    }

    /// The duration as a `std::time::Duration`.
    pub fn to_std(self) -> std::time::Duration {
        std::time::Duration::from_secs(self.secs)
    }

    /// Parses `90d`, `12h`, `30m`, `45s`, `2w`, `10y` or a concatenation such
    /// as `1h30m`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("empty duration: write a number and a unit, e.g. 90d, 12h, 30m".into());
        }
        let mut total: u64 = 0;
        let mut rest = trimmed;
        while !rest.is_empty() {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(format!(
                    "invalid duration {text:?}: expected a number at {rest:?} (e.g. 90d, 12h, 1h30m)"
                ));
            }
            let (number, after) = rest.split_at(digits);
            let value: u64 = number
                .parse()
                .map_err(|_| format!("invalid duration {text:?}: {number} is too large"))?;
            let unit_len = after.chars().take_while(char::is_ascii_alphabetic).count();
            let (unit, next) = after.split_at(unit_len);
            let factor = match unit {
                "s" => 1,
                "m" => 60,
                "h" => 3_600,
                "d" => 86_400,
                "w" => 7 * 86_400,
                "y" => 365 * 86_400,
                "" => {
                    return Err(format!(
                        "invalid duration {text:?}: {number} has no unit (use s, m, h, d, w or y, e.g. {number}d)"
                    ));
                }
                other => {
                    return Err(format!(
                        "invalid duration {text:?}: unknown unit {other:?} (use s, m, h, d, w or y)"
                    ));
                }
            };
            total = value
                .checked_mul(factor)
                .and_then(|v| total.checked_add(v))
                .ok_or_else(|| format!("invalid duration {text:?}: too large"))?;
            rest = next;
        }
        Ok(SimDuration { secs: total })
    }
}

impl fmt::Display for SimDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut left = self.secs;
        if left == 0 {
            return f.write_str("0s");
        }
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
            if left >= size {
                write!(f, "{}{unit}", left / size)?;
                left %= size;
            }
        }
        Ok(())
    }
}

impl Serialize for SimDuration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SimDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = SimDuration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration such as 90d, 12h, 30m or 1h30m")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SimDuration, E> {
                SimDuration::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<SimDuration, E> {
                Err(E::custom(format!(
                    "invalid duration {v}: a duration needs a unit, e.g. {v}d, {v}h or {v}s"
                )))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<SimDuration, E> {
                Err(E::custom(format!(
                    "invalid duration {v}: write a positive number and a unit, e.g. 90d"
                )))
            }
        }
        d.deserialize_any(V)
    }
}

/// A point in time: absolute, or relative to the time the scenario is loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeSpec {
    /// Seconds since the Unix epoch (from an RFC 3339 timestamp).
    Absolute(i64),
    /// Seconds from the load time (`now-72h` is -259200).
    Relative(i64),
}

impl TimeSpec {
    /// Parses `now`, `now-DURATION`, `now+DURATION` or an RFC 3339 timestamp.
    pub fn parse(text: &str) -> Result<Self, String> {
        if let Some(relative) = parse_relative(text) {
            return relative.map(TimeSpec::Relative);
        }
        parse_rfc3339(text).map(TimeSpec::Absolute).map_err(|e| {
            format!("invalid time {text:?}: {e}; write an RFC 3339 timestamp or now, now-72h, now+10d")
        })
    }

    /// The Unix time this names, given the load time `now`.
    pub fn resolve(self, now: i64) -> i64 {
        match self {
            TimeSpec::Absolute(t) => t,
            TimeSpec::Relative(offset) => now.saturating_add(offset),
        }
    }
}

impl fmt::Display for TimeSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            TimeSpec::Absolute(t) => f.write_str(&format_rfc3339(t)),
            TimeSpec::Relative(0) => f.write_str("now"),
            TimeSpec::Relative(o) if o < 0 => {
                write!(f, "now-{}", SimDuration::from_secs(o.unsigned_abs()))
            }
            TimeSpec::Relative(o) => write!(f, "now+{}", SimDuration::from_secs(o.unsigned_abs())),
        }
    }
}

impl Serialize for TimeSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TimeSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a time: now, now-72h, now+10d or an RFC 3339 timestamp")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TimeSpec, E> {
                TimeSpec::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// `Some(offset)` when `text` is `now`, `now-DURATION` or `now+DURATION`
/// (the offset in seconds, or why the duration is bad); `None` when `text`
/// is not of that shape (`nowhere`, `now-playing` are ordinary strings:
/// a sign must be followed by a digit).
pub fn parse_relative(text: &str) -> Option<Result<i64, String>> {
    let rest = text.strip_prefix("now")?;
    if rest.is_empty() {
        return Some(Ok(0));
    }
    let (sign, duration) = if let Some(d) = rest.strip_prefix('-') {
        (-1i64, d)
    } else if let Some(d) = rest.strip_prefix('+') {
        (1i64, d)
    } else {
        return None;
    };
    if !duration.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(
        SimDuration::parse(duration)
            .map_err(|e| format!("in {text:?}: {e}"))
            .and_then(|d| {
                i64::try_from(d.secs)
                    .map(|s| s * sign)
                    .map_err(|_| format!("in {text:?}: duration too large"))
            }),
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Formats Unix seconds as Kubernetes prints a `Time`: `2026-03-01T12:00:00Z`.
pub fn format_rfc3339(unix: i64) -> String {
    let (date, secs) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    let (y, mo, d) = civil_from_days(date);
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

/// Formats Unix seconds as Kubernetes prints a `MicroTime` (Lease
/// `renewTime`/`acquireTime`, Event `eventTime`): `2026-03-01T12:00:00.000000Z`.
pub fn format_rfc3339_micro(unix: i64) -> String {
    let mut s = format_rfc3339(unix);
    s.pop();
    s.push_str(".000000Z");
    s
}

/// Parses an RFC 3339 timestamp (`2026-03-01T12:00:00Z`, with optional
/// fraction and `±HH:MM` offset) to Unix seconds, fraction dropped.
pub fn parse_rfc3339(text: &str) -> Result<i64, String> {
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Result<i64, String> {
        let part = text
            .get(range)
            .filter(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
            .ok_or("not of the form YYYY-MM-DDTHH:MM:SSZ")?;
        part.parse::<i64>().map_err(|e| e.to_string())
    };
    let sep = |i: usize, allowed: &[u8]| -> Result<(), String> {
        match b.get(i) {
            Some(c) if allowed.contains(c) => Ok(()),
            _ => Err("not of the form YYYY-MM-DDTHH:MM:SSZ".into()),
        }
    };
    sep(4, b"-")?;
    sep(7, b"-")?;
    sep(10, b"Tt ")?;
    sep(13, b":")?;
    sep(16, b":")?;
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return Err(format!("month {month} out of range")),
    };
    if !(1..=days_in_month).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return Err("date or time field out of range".into());
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let digits = b
            .get(i..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
        if digits == 0 {
            return Err("a '.' must be followed by digits".into());
        }
        i += digits;
    }
    let offset = match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(&c @ (b'+' | b'-')) if i + 6 == b.len() => {
            sep(i + 3, b":")?;
            let minutes = num(i + 1..i + 3)? * 60 + num(i + 4..i + 6)?;
            if c == b'+' { minutes * 60 } else { -minutes * 60 }
        }
        _ => return Err("missing or malformed time zone (end with Z or ±HH:MM)".into()),
    };
    let days = days_from_civil(year, month, day);
    Ok(days * 86_400 + hour * 3_600 + minute * 60 + second - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_print() {
        assert_eq!(SimDuration::parse("90d").unwrap().secs, 90 * 86_400);
        assert_eq!(SimDuration::parse("12h").unwrap().secs, 43_200);
        assert_eq!(SimDuration::parse("1h30m").unwrap().secs, 5_400);
        assert_eq!(SimDuration::parse("2w").unwrap().secs, 14 * 86_400);
        assert_eq!(SimDuration::parse("10y").unwrap().secs, 3_650 * 86_400);
        assert_eq!(SimDuration::parse("45s").unwrap().to_string(), "45s");
        assert_eq!(SimDuration::parse("1d2h3m4s").unwrap().to_string(), "1d2h3m4s");
    }

    #[test]
    fn bad_durations_say_why() {
        assert!(SimDuration::parse("").unwrap_err().contains("empty"));
        assert!(SimDuration::parse("12").unwrap_err().contains("no unit"));
        assert!(
            SimDuration::parse("3x")
                .unwrap_err()
                .contains("unknown unit \"x\"")
        );
        assert!(SimDuration::parse("d").unwrap_err().contains("expected a number"));
        assert!(
            SimDuration::parse("-5d")
                .unwrap_err()
                .contains("expected a number")
        );
        assert!(
            SimDuration::parse("99999999999999999999d")
                .unwrap_err()
                .contains("too large")
        );
        assert!(
            SimDuration::parse("9999999999999999y")
                .unwrap_err()
                .contains("too large")
        );
    }

    #[test]
    fn rfc3339_round_trips() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_rfc3339(-1), "1969-12-31T23:59:59Z");
        assert_eq!(format_rfc3339_micro(0), "1970-01-01T00:00:00.000000Z");
        for t in [0, 1, 951_782_400, 1_772_000_000, 4_102_444_800, -86_401] {
            assert_eq!(parse_rfc3339(&format_rfc3339(t)), Ok(t));
            assert_eq!(parse_rfc3339(&format_rfc3339_micro(t)), Ok(t));
        }
        assert_eq!(parse_rfc3339("1970-01-01T01:00:00+01:00"), Ok(0));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00.5-00:30"), Ok(1_800));
    }

    #[test]
    fn rfc3339_rejects_garbage() {
        for bad in [
            "",
            "2026-02-30T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-01-01T00:00:00",
            "2026-01-01T24:00:00Z",
            "2026-01-01X00:00:00Z",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00+0100",
            "2026-1-01T00:00:00Z",
            "2026-01-01T00:00:00Zjunk",
            "２０２６-01-01T00:00:00Z",
        ] {
            assert!(parse_rfc3339(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn time_specs() {
        assert_eq!(TimeSpec::parse("now"), Ok(TimeSpec::Relative(0)));
        assert_eq!(TimeSpec::parse("now-72h"), Ok(TimeSpec::Relative(-259_200)));
        assert_eq!(TimeSpec::parse("now+10d"), Ok(TimeSpec::Relative(864_000)));
        assert_eq!(
            TimeSpec::parse("1970-01-02T00:00:00Z"),
            Ok(TimeSpec::Absolute(86_400))
        );
        assert!(TimeSpec::parse("now-3x").unwrap_err().contains("unknown unit"));
        assert!(TimeSpec::parse("yesterday").is_err());
        assert_eq!(TimeSpec::Relative(-259_200).resolve(1_000_000), 740_800);
        assert_eq!(TimeSpec::Relative(-259_200).to_string(), "now-3d");
        assert_eq!(TimeSpec::Relative(90).to_string(), "now+1m30s");
        assert_eq!(parse_relative("nowhere"), None);
        assert_eq!(parse_relative("now-playing"), None);
        assert!(matches!(parse_relative("now-3x"), Some(Err(_))));
        assert_eq!(parse_relative("now"), Some(Ok(0)));
    }
}
