//! Unix seconds to and from ISO 8601 UTC, and human durations.
//!
//! Hand-written (Howard Hinnant's civil-date algorithms) because the core only needs UTC
//! calendar arithmetic: a date crate would add wasm size for time zones nobody uses here.

/// Timestamps the core accepts: year 0 to year 9999, so every value formats as four digits.
pub const MIN_UNIX: i64 = -62_167_219_200;
pub const MAX_UNIX: i64 = 253_402_300_799;

/// `2026-01-01T00:00:00Z` for 1767225600. Values outside year 0..=9999 are clamped.
pub fn iso8601(unix: i64) -> String {
    let unix = unix.clamp(MIN_UNIX, MAX_UNIX);
    let days = unix.div_euclid(86_400);
    let second_of_day = unix.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

/// Parses `YYYY-MM-DDTHH:MM[:SS][Z]` (the shape of an HTML datetime-local value) as UTC.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let text = text.trim().trim_end_matches('Z');
    let (date, time) = text.split_once(['T', ' '])?;
    let mut date_fields = date.splitn(3, '-').map(str::parse::<i64>);
    let (year, month, day) =
        (date_fields.next()?.ok()?, date_fields.next()?.ok()?, date_fields.next()?.ok()?);
    let mut time_fields = time.splitn(3, ':').map(str::parse::<i64>);
    let hour = time_fields.next()?.ok()?;
    let minute = time_fields.next()?.ok()?;
    let second = time_fields.next().transpose().ok()?.unwrap_or(0);
    let valid = (0..=9999).contains(&year)
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && (0..24).contains(&hour)
        && (0..60).contains(&minute)
        && (0..60).contains(&second);
    valid.then(|| days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// "45 s", "14 min", "5 h 3 min", "3 days": the largest unit or two that matter.
pub fn human_duration(seconds: i64) -> String {
    let seconds = seconds.unsigned_abs();
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min", seconds / 60),
        3600..86_400 => match seconds % 3600 / 60 {
            0 => format!("{} h", seconds / 3600),
            minutes => format!("{} h {minutes} min", seconds / 3600),
        },
        86_400..172_800 => format!("1 day {} h", seconds % 86_400 / 3600),
        _ if seconds < 2 * 365 * 86_400 => format!("{} days", seconds / 86_400),
        _ => format!("{} years", seconds / (365 * 86_400)),
    }
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_767_225_600), "2026-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(-1), "1969-12-31T23:59:59Z");
        assert_eq!(iso8601(MAX_UNIX), "9999-12-31T23:59:59Z");
        assert_eq!(iso8601(i64::MAX), "9999-12-31T23:59:59Z");
        assert_eq!(iso8601(MIN_UNIX), "0000-01-01T00:00:00Z");
    }

    #[test]
    fn parses_what_it_formats() {
        for unix in [0, 1_767_225_600, 951_782_400, -86_401, MAX_UNIX, MIN_UNIX, 1_700_000_123] {
            assert_eq!(parse_iso8601(&iso8601(unix)), Some(unix));
        }
        assert_eq!(parse_iso8601("2026-01-01T00:00"), Some(1_767_225_600));
        assert_eq!(parse_iso8601("2026-02-29T00:00"), None);
        assert_eq!(parse_iso8601("2026-13-01T00:00"), None);
        assert_eq!(parse_iso8601("yesterday"), None);
    }

    #[test]
    fn humanizes_durations() {
        assert_eq!(human_duration(45), "45 s");
        assert_eq!(human_duration(-14 * 60 - 5), "14 min");
        assert_eq!(human_duration(3600), "1 h");
        assert_eq!(human_duration(5 * 3600 + 180), "5 h 3 min");
        assert_eq!(human_duration(86_400 + 7200), "1 day 2 h");
        assert_eq!(human_duration(3 * 86_400 + 5), "3 days");
        assert_eq!(human_duration(6 * 365 * 86_400), "6 years");
        assert_eq!(human_duration(i64::MIN), "292471208677 years");
    }
}
