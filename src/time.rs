//! Instants are integer milliseconds since the Unix epoch: exact, small and fast to compare.
//! This module reads them from the forms logs use and writes them back as RFC 3339.

use std::fmt;

use chrono::{DateTime, LocalResult, NaiveDate, Offset, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Serialize, Serializer};

use crate::calendar::PeriodKind;
use crate::error::shown;

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type UnixMs = i64;

pub const MS_PER_SECOND: i64 = 1000;

/// The earliest and latest instants accepted: years 0001 to 9999.
const MIN_MS: UnixMs = -62_135_596_800_000;
const MAX_MS: UnixMs = 253_402_300_799_999;

/// Why an instant outside the years 0001 to 9999 is refused.
pub const OUT_OF_RANGE: &str = "outside the years 0001 to 9999";

/// What a timestamp is expected to look like, for error messages.
pub const EXPECTED_TIMESTAMP: &str =
    "RFC 3339 like 2026-10-01T12:00:00Z or 2026-10-01 14:00:00+02:00, or Unix epoch seconds";

/// What a duration is expected to look like, for error messages.
pub const EXPECTED_DURATION: &str = "a duration like 30d, 1h 30m, 90s or 250ms";

/// The longest duration accepted, 10,000 years (`10000y`): longer than any window of the
/// years 0001 to 9999.
const MAX_DURATION_MS: i64 = 10_000 * PeriodKind::Year.average_seconds() * MS_PER_SECOND;

/// How months and years are written in durations.
const MONTH_UNITS: [&str; 3] = ["M", "month", "months"];
const YEAR_UNITS: [&str; 5] = ["y", "yr", "yrs", "year", "years"];

/// Reads a duration (`30d`, `1h 30m`, `90s`, `250ms`, `1M`) in whole milliseconds, the unit
/// time is counted in. Months and years are the mean Gregorian ones, as in budgets: a year of
/// 365.2425 days (`1y` is 365d 5h 49m 12s) and a month a twelfth of it (`1M` is 30d 10h 29m
/// 6s); the other units are humantime's.
pub fn duration_ms(text: &str) -> Result<i64, String> {
    let too_long = || format!("{} is longer than 10,000 years", shown(text));
    let (nominal, rest) = split_nominal(text.trim()).unwrap_or((0, text.trim().to_owned()));
    if rest.trim().is_empty() && !text.trim().is_empty() {
        return Some(nominal).filter(|&ms| ms <= MAX_DURATION_MS).ok_or_else(too_long);
    }
    let parsed = parse_exact_duration(&rest, text)?;
    parsed.checked_add(nominal).filter(|&ms| ms <= MAX_DURATION_MS).ok_or_else(too_long)
}

/// The months and years of a duration, in milliseconds, and the text of its other parts;
/// `None` when the text is not a plain list of numbers and units, for humantime to explain.
fn split_nominal(text: &str) -> Option<(i64, String)> {
    let mut nominal: i64 = 0;
    let mut rest = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Some((nominal, rest.join(" ")));
        }
        let number: String = std::iter::from_fn(|| chars.next_if(char::is_ascii_digit)).collect();
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let unit: String = std::iter::from_fn(|| chars.next_if(|c| c.is_alphabetic())).collect();
        if number.is_empty() || unit.is_empty() {
            return None;
        }
        let unit_ms = if MONTH_UNITS.contains(&unit.as_str()) {
            PeriodKind::Month.average_seconds() * MS_PER_SECOND
        } else if YEAR_UNITS.contains(&unit.as_str()) {
            PeriodKind::Year.average_seconds() * MS_PER_SECOND
        } else {
            rest.push(format!("{number}{unit}"));
            continue;
        };
        // Too many months overflow: the whole is then too long.
        let count: i64 = number.parse().unwrap_or(i64::MAX);
        nominal = nominal.saturating_add(count.saturating_mul(unit_ms));
    }
}

/// Reads a duration of exact units (no months or years) with humantime; `whole` is the text
/// as given, for messages.
fn parse_exact_duration(text: &str, whole: &str) -> Result<i64, String> {
    use humantime::DurationError;
    let duration = humantime::parse_duration(text.trim()).map_err(|error| {
        let reason = match error {
            DurationError::UnknownUnit { unit, .. } => format!("unknown unit {}", shown(&unit)),
            DurationError::NumberExpected(at) => {
                format!("a number expected at character {}", at + 1)
            }
            DurationError::InvalidCharacter(at) => format!("unexpected character {}", at + 1),
            DurationError::NumberOverflow => "too long".to_owned(),
            DurationError::Empty => "empty".to_owned(),
        };
        format!("{} is not a duration: {reason}", shown(whole))
    })?;
    if duration.subsec_nanos() % 1_000_000 != 0 {
        return Err(format!("{} is not a whole number of milliseconds", shown(whole)));
    }
    i64::try_from(duration.as_millis())
        .ok()
        .filter(|&ms| ms <= MAX_DURATION_MS)
        .ok_or_else(|| format!("{} is longer than 10,000 years", shown(whole)))
}

/// A duration for people, in its largest whole unit: `61 days`, `5 hours`, `1 minute`,
/// `250 ms`. For messages, where the exact figure would only get in the way.
pub fn rough_duration(ms: i64) -> String {
    const UNITS: [(&str, i64); 4] =
        [("day", 86_400_000), ("hour", 3_600_000), ("minute", 60_000), ("second", 1000)];
    match UNITS.iter().find(|(_, unit)| ms >= *unit) {
        Some((name, unit)) if ms / unit == 1 => format!("1 {name}"),
        Some((name, unit)) => format!("{} {name}s", ms / unit),
        None => format!("{ms} ms"),
    }
}

/// A duration in the largest unit that divides it, as options write them: `5m`, `6h`, `3d`,
/// `90s`, `1500ms`. Past 10,000,000,000,000 ms, more than the duration parser reads in `ms`,
/// it is written in seconds and milliseconds (`30112453929s 810ms`), so that it reads back.
pub fn duration_text(ms: i64) -> String {
    const HOUR_MS: i64 = 3_600_000;
    let unit = [("d", 24 * HOUR_MS), ("h", HOUR_MS), ("m", 60_000), ("s", MS_PER_SECOND)]
        .into_iter()
        .find(|&(_, unit)| ms % unit == 0 && ms != 0);
    match unit {
        Some((name, unit)) => format!("{}{name}", ms / unit),
        None if ms >= 10_000_000_000_000 => {
            format!("{}s {}ms", ms / MS_PER_SECOND, ms % MS_PER_SECOND)
        }
        None => format!("{ms}ms"),
    }
}

/// How a bare number is read where a time is expected: in the files' timestamp fields, and
/// in the options that name an instant (`--from`, `--to`, `--now`, `--at`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeFormat {
    /// In files, Unix epoch seconds; in options, four digits are a year and any other bare
    /// number is refused as ambiguous.
    #[default]
    Auto,
    /// Unix epoch seconds, in files and options.
    Unix,
    /// Unix epoch milliseconds, in files and options.
    UnixMs,
    /// RFC 3339 only: a bare number is refused in files too.
    Rfc3339,
}

impl TimeFormat {
    pub const ALL: [TimeFormat; 4] =
        [TimeFormat::Auto, TimeFormat::Unix, TimeFormat::UnixMs, TimeFormat::Rfc3339];

    pub const fn name(self) -> &'static str {
        match self {
            TimeFormat::Auto => "auto",
            TimeFormat::Unix => "unix",
            TimeFormat::UnixMs => "unix_ms",
            TimeFormat::Rfc3339 => "rfc3339",
        }
    }

    /// Whether options read a bare number as an instant rather than refusing it.
    pub fn epoch_in_options(self) -> bool {
        matches!(self, TimeFormat::Unix | TimeFormat::UnixMs)
    }

    /// The instant a bare number (`1790856000`, `-1.5`) names, read to the millisecond.
    pub fn number(self, text: &[u8]) -> Result<UnixMs, String> {
        match self {
            TimeFormat::Auto | TimeFormat::Unix => epoch_seconds(text),
            TimeFormat::UnixMs => epoch_milliseconds(text),
            TimeFormat::Rfc3339 => {
                Err("a bare number, where --time-format rfc3339 expects RFC 3339".to_owned())
            }
        }
    }
}

/// Unix epoch milliseconds written in decimal (`1790856000123`, `-1.5`), rounded to the
/// millisecond as seconds are.
pub fn epoch_milliseconds(text: &[u8]) -> Result<UnixMs, String> {
    parse_epoch(text, EpochUnit::Milliseconds).and_then(within_range)
}

/// Whether a date alone (`2026-10-01`, meaning its midnight) is accepted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum DateOnly {
    Allowed,
    Rejected,
}

/// Reads a timestamp: RFC 3339 with `Z` or an offset, an optional fraction (rounded to the
/// millisecond) and `T` or a space between date and time; without an offset it is a wall-clock
/// time in `zone`. A bare number is Unix epoch seconds. The error says what was wrong.
pub fn parse_timestamp(
    text: &[u8],
    zone: Tz,
    date_only: DateOnly,
    numbers: TimeFormat,
) -> Result<UnixMs, String> {
    let text = text.trim_ascii();
    if text.is_empty() {
        return Err("empty".into());
    }
    let looks_like_a_number = matches!(text[0], b'0'..=b'9' | b'-' | b'+' | b'.')
        && text[1..].iter().all(|&b| b.is_ascii_digit() || b == b'.');
    let looks_like_a_date = text[0].is_ascii_digit() && text[1..].contains(&b'-');
    let ms = if looks_like_a_number {
        return numbers.number(text);
    } else if looks_like_a_date {
        parse_calendar_timestamp(text, zone, date_only)?
    } else {
        return Err("not a timestamp".into());
    };
    within_range(ms)
}

/// Reads the timestamps of one input in a zone, remembering the last calendar date seen:
/// consecutive log lines mostly share one, and then only the time of day is read.
#[derive(Clone, Copy, Debug)]
pub struct TimestampReader {
    zone: Tz,
    /// How a bare number is read.
    numbers: TimeFormat,
    /// The last `YYYY-MM-DD` read in the common layout, and its day number.
    last_date: Option<([u8; 10], i64)>,
}

impl TimestampReader {
    pub fn new(zone: Tz, numbers: TimeFormat) -> Self {
        TimestampReader { zone, numbers, last_date: None }
    }

    /// The instant a bare number names, as a JSON number gives it.
    pub fn number(&self, text: &[u8]) -> Result<UnixMs, String> {
        self.numbers.number(text)
    }

    /// What [`parse_timestamp`] reads, without a date alone.
    pub fn read(&mut self, text: &[u8]) -> Result<UnixMs, String> {
        let text = text.trim_ascii();
        if let Some(ms) = self.read_same_day_utc(text) {
            return Ok(ms);
        }
        let ms = parse_timestamp(text, self.zone, DateOnly::Rejected, self.numbers)?;
        // The text parsed, so a date in the common layout is a real one.
        if let (Some([year, month, day, ..]), Some(date)) = (fixed_layout(text), text.first_chunk())
        {
            self.last_date = Some((*date, days_from_civil(year, month, day)));
        }
        Ok(ms)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` on the date last read; anything else is left to the full parser.
    fn read_same_day_utc(&self, text: &[u8]) -> Option<UnixMs> {
        let (date, day) = self.last_date?;
        if text.len() != 20 || text[19] != b'Z' || text[..10] != date {
            return None;
        }
        if !matches!(text[10], b'T' | b't' | b' ') || text[13] != b':' || text[16] != b':' {
            return None;
        }
        let digit = |i: usize| i64::from(text[i].wrapping_sub(b'0'));
        let digits = [11, 12, 14, 15, 17, 18].map(digit);
        if digits.iter().any(|&d| d > 9) {
            return None;
        }
        let [hour, minute, second] = [0, 2, 4].map(|i| digits[i] * 10 + digits[i + 1]);
        // A leap second is left to the full parser, which checks it.
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        Some(day * 86_400_000 + ((hour * 60 + minute) * 60 + second) * MS_PER_SECOND)
    }
}

/// Unix epoch seconds written in decimal (`1790856000`, `-1.5`), to the millisecond.
pub fn epoch_seconds(text: &[u8]) -> Result<UnixMs, String> {
    parse_epoch(text, EpochUnit::Seconds).and_then(within_range)
}

/// What a bare epoch number counts.
#[derive(Clone, Copy)]
enum EpochUnit {
    Seconds,
    Milliseconds,
}

impl EpochUnit {
    const fn name(self) -> &'static str {
        match self {
            EpochUnit::Seconds => "seconds",
            EpochUnit::Milliseconds => "milliseconds",
        }
    }

    /// Milliseconds in one.
    const fn ms(self) -> i128 {
        match self {
            EpochUnit::Seconds => 1000,
            EpochUnit::Milliseconds => 1,
        }
    }

    /// The fraction digits down to a tenth of a microsecond, the unit rounding works in.
    const fn fraction_digits(self) -> usize {
        match self {
            EpochUnit::Seconds => 7,
            EpochUnit::Milliseconds => 4,
        }
    }

    /// More whole digits than this lie past the year 9999 (and would overflow).
    const fn whole_digits(self) -> usize {
        match self {
            EpochUnit::Seconds => 15,
            EpochUnit::Milliseconds => 18,
        }
    }
}

fn within_range(ms: UnixMs) -> Result<UnixMs, String> {
    if (MIN_MS..=MAX_MS).contains(&ms) { Ok(ms) } else { Err(OUT_OF_RANGE.into()) }
}

fn parse_epoch(text: &[u8], unit: EpochUnit) -> Result<UnixMs, String> {
    let not_a_number = || format!("not a number of epoch {}", unit.name());
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    let (whole, fraction) = match digits.iter().position(|&b| b == b'.') {
        Some(dot) => (&digits[..dot], &digits[dot + 1..]),
        None => (digits, &digits[digits.len()..]),
    };
    if (whole.is_empty() && fraction.is_empty())
        || !whole.iter().chain(fraction).all(u8::is_ascii_digit)
    {
        return Err(not_a_number());
    }
    if whole.len() > unit.whole_digits() {
        return Err(OUT_OF_RANGE.into());
    }
    // In tenths of a microsecond, so that a negative time rounds half up, toward the future,
    // as the fraction of a calendar timestamp does.
    const UNITS_PER_MS: i128 = 10_000;
    let number =
        |digits: &[u8]| digits.iter().fold(0i128, |acc, &d| acc * 10 + i128::from(d - b'0'));
    let places = unit.fraction_digits();
    let fraction_units = (0..places)
        .fold(0, |acc, i| acc * 10 + fraction.get(i).map_or(0, |&d| i128::from(d - b'0')));
    let beyond = fraction.iter().skip(places).any(|&d| d != b'0');
    let magnitude = number(whole) * unit.ms() * UNITS_PER_MS + fraction_units;
    let units = if negative { -magnitude } else { magnitude };
    let halved = units + UNITS_PER_MS / 2;
    let mut ms = halved.div_euclid(UNITS_PER_MS);
    if negative && beyond && halved.rem_euclid(UNITS_PER_MS) == 0 {
        // Just past a half, away from the future.
        ms -= 1;
    }
    Ok(ms as UnixMs)
}

/// The milliseconds in a decimal fraction's digits, rounded half up.
fn fraction_to_ms(digits: &[u8]) -> i64 {
    let digit = |i: usize| digits.get(i).map_or(0, |&d| i64::from(d - b'0'));
    digit(0) * 100 + digit(1) * 10 + digit(2) + i64::from(digit(3) >= 5)
}

fn parse_calendar_timestamp(text: &[u8], zone: Tz, date_only: DateOnly) -> Result<UnixMs, String> {
    let mut cursor = Cursor { text, pos: 0 };
    let (year, month, day, clock) = match fixed_layout(text) {
        Some([year, month, day, hour, minute, second]) => {
            cursor.pos = 19;
            (year, month, day, Some((hour, minute, Some(second))))
        }
        None => cursor.date_and_clock()?,
    };
    if !(1..=12).contains(&month) {
        return Err(format!("month {month} is not within 1 to 12"));
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(format!("day {day} does not exist in {year:04}-{month:02}"));
    }
    let mut time_ms = 0;
    let mut offset_ms = None;
    match clock {
        None if date_only == DateOnly::Rejected => {
            return Err("a date without a time of day".into());
        }
        None if zone != Tz::UTC => return start_of_day(year, month, day, zone),
        None => {}
        Some((hour, minute, second)) => {
            let mut fraction = &b""[..];
            if second.is_some() && matches!(cursor.peek(), Some(b'.' | b',')) {
                cursor.pos += 1;
                fraction = cursor.digits();
                if fraction.is_empty() {
                    return Err("expected digits after the decimal point".into());
                }
            }
            let second = second.unwrap_or(0);
            if hour > 23 || minute > 59 || second > 60 {
                return Err(format!(
                    "time of day {hour:02}:{minute:02}:{second:02} is out of range"
                ));
            }
            time_ms =
                ((hour * 60 + minute) * 60 + second) * MS_PER_SECOND + fraction_to_ms(fraction);
            offset_ms = cursor.offset()?;
            if !cursor.at_end() {
                return Err("unexpected text after the time".into());
            }
        }
    }
    let day_ms = days_from_civil(year, month, day) * 86_400_000;
    let at = match offset_ms {
        Some(offset) => day_ms + time_ms - offset,
        None if zone == Tz::UTC => day_ms + time_ms,
        None => local_to_utc(year, month, day, time_ms, zone)?,
    };
    // Leap seconds are inserted at 23:59:60 UTC; as in Unix time, one reads as the midnight
    // after it.
    let is_leap_second = clock.is_some_and(|(_, _, second)| second == Some(60));
    if is_leap_second && at.rem_euclid(86_400_000) >= MS_PER_SECOND {
        return Err("second 60 is a leap second, which only 23:59:60 UTC can be".into());
    }
    Ok(at)
}

/// `YYYY-MM-DDTHH:MM:SS`, the start nearly every log timestamp has, read in one go; `None`
/// sends anything else the slow, explaining way.
fn fixed_layout(text: &[u8]) -> Option<[i64; 6]> {
    const DIGITS: [usize; 14] = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
    let text = text.get(..19)?;
    if text[4] != b'-'
        || text[7] != b'-'
        || !matches!(text[10], b'T' | b't' | b' ')
        || text[13] != b':'
        || text[16] != b':'
    {
        return None;
    }
    // All fourteen digits are read, then checked at once: fewer branches on the hot path.
    let mut digits = [0; 14];
    let mut all_digits = true;
    for (digit, &position) in digits.iter_mut().zip(&DIGITS) {
        let value = text[position].wrapping_sub(b'0');
        all_digits &= value < 10;
        *digit = i64::from(value);
    }
    if !all_digits {
        return None;
    }
    let pair = |i: usize| digits[i] * 10 + digits[i + 1];
    Some([pair(0) * 100 + pair(2), pair(4), pair(6), pair(8), pair(10), pair(12)])
}

/// The first instant of a day in a zone: midnight, or where a daylight-saving change skips
/// midnight, the end of the skipped hour. A day the zone skipped altogether (Samoa's
/// 2011-12-30) has none.
pub(crate) fn start_of_day(year: i64, month: i64, day: i64, zone: Tz) -> Result<UnixMs, String> {
    let date = NaiveDate::from_ymd_opt(year as i32, month as u32, day as u32)
        .ok_or_else(|| format!("{year:04}-{month:02}-{day:02} is out of range"))?;
    match day_start(date, zone) {
        DayStart::Begins(at) => Ok(at),
        DayStart::Skipped(_) => Err(format!("{date} does not exist in {zone}")),
    }
}

/// Where a day begins in a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayStart {
    /// At this instant.
    Begins(UnixMs),
    /// Nowhere: the zone skipped the day; this is the instant it skipped it, where the next
    /// day begins.
    Skipped(UnixMs),
}

impl DayStart {
    /// The instant the day begins, or where it would have.
    pub fn instant(self) -> UnixMs {
        match self {
            DayStart::Begins(at) | DayStart::Skipped(at) => at,
        }
    }
}

pub fn day_start(date: NaiveDate, zone: Tz) -> DayStart {
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    match zone.from_local_datetime(&midnight) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => {
            DayStart::Begins(at.timestamp_millis())
        }
        LocalResult::None => {
            // The clocks jump over midnight: the day begins when they jump, which is midnight
            // by the offset in force before the jump (a day earlier is safely before it).
            let before = zone.offset_from_utc_datetime(&(midnight - chrono::Days::new(1))).fix();
            let jump = (midnight - before).and_utc().timestamp_millis();
            let local_date = Timestamp(jump).local_date(zone);
            if local_date == date { DayStart::Begins(jump) } else { DayStart::Skipped(jump) }
        }
    }
}

/// A wall-clock time in a zone. In the hour a daylight-saving change repeats, the first
/// occurrence is taken; a time the change skips does not exist and is an error.
fn local_to_utc(year: i64, month: i64, day: i64, time_ms: i64, zone: Tz) -> Result<UnixMs, String> {
    let naive = NaiveDate::from_ymd_opt(year as i32, month as u32, day as u32)
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .ok_or("date out of range")?
        + chrono::Duration::milliseconds(time_ms);
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Ok(at.timestamp_millis()),
        LocalResult::None => Err(format!(
            "{naive} does not exist in {zone}: the clocks skip it for daylight-saving time"
        )),
    }
}

struct Cursor<'a> {
    text: &'a [u8],
    pos: usize,
}

/// Date, then hour, minute and maybe second, of a timestamp.
type DateAndClock = (i64, i64, i64, Option<(i64, i64, Option<i64>)>);

impl Cursor<'_> {
    fn date_and_clock(&mut self) -> Result<DateAndClock, String> {
        let year = self.number(4, "year")?;
        self.expect(b'-', "'-' after the year")?;
        let month = self.number(2, "month")?;
        self.expect(b'-', "'-' after the month")?;
        let day = self.number(2, "day")?;
        if self.at_end() {
            return Ok((year, month, day, None));
        }
        match self.next() {
            Some(b'T' | b't' | b' ') => {}
            _ => return Err("expected 'T' or a space between date and time".into()),
        }
        let hour = self.number(2, "hour")?;
        self.expect(b':', "':' after the hour")?;
        let minute = self.number(2, "minute")?;
        let second = if self.peek() == Some(b':') {
            self.pos += 1;
            Some(self.number(2, "second")?)
        } else {
            None
        };
        Ok((year, month, day, Some((hour, minute, second))))
    }

    fn at_end(&self) -> bool {
        self.pos == self.text.len()
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek();
        self.pos += usize::from(byte.is_some());
        byte
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), String> {
        if self.next() == Some(byte) { Ok(()) } else { Err(format!("expected {what}")) }
    }

    fn number(&mut self, width: usize, what: &str) -> Result<i64, String> {
        let digits = self
            .text
            .get(self.pos..self.pos + width)
            .filter(|digits| digits.iter().all(u8::is_ascii_digit))
            .ok_or_else(|| format!("expected {width} digits for the {what}"))?;
        self.pos += width;
        Ok(digits.iter().fold(0, |acc, &d| acc * 10 + i64::from(d - b'0')))
    }

    fn digits(&mut self) -> &[u8] {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    /// `Z`, `±HH:MM`, `±HHMM` or `±HH`; `None` when the timestamp has no offset.
    fn offset(&mut self) -> Result<Option<i64>, String> {
        let sign = match self.next() {
            None => return Ok(None),
            Some(b'Z' | b'z') => return Ok(Some(0)),
            Some(b'+') => 1,
            Some(b'-') => -1,
            Some(_) => return Err("expected 'Z' or an offset like +02:00 after the time".into()),
        };
        let hours = self.number(2, "offset hours")?;
        let minutes = match self.peek() {
            None => 0,
            Some(b':') => {
                self.pos += 1;
                self.number(2, "offset minutes")?
            }
            Some(_) => self.number(2, "offset minutes")?,
        };
        if hours > 23 || minutes > 59 {
            return Err("offset out of range".into());
        }
        Ok(Some(sign * (hours * 60 + minutes) * 60 * MS_PER_SECOND))
    }
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// An instant written as RFC 3339 in UTC (`2026-10-01T00:00:00Z`, milliseconds when present).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub UnixMs);

impl Timestamp {
    fn to_utc(self) -> DateTime<Utc> {
        // Every UnixMs the parsers accept lies in chrono's range.
        DateTime::from_timestamp_millis(self.0).unwrap_or_default()
    }

    /// The year in UTC at this instant.
    pub fn utc_year(self) -> i32 {
        chrono::Datelike::year(&self.to_utc())
    }

    /// The calendar date in `zone` at this instant.
    pub fn local_date(self, zone: Tz) -> NaiveDate {
        self.to_utc().with_timezone(&zone).date_naive()
    }

    /// RFC 3339 with the zone's offset at that instant, for people reading in their own zone.
    pub fn in_zone(self, zone: Tz) -> String {
        self.to_utc().with_timezone(&zone).to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

/// Writes a time zone as its IANA name.
pub fn serialize_zone<S: Serializer>(zone: &Tz, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(zone.name())
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_stop_at_10000_years_and_empty_epoch_seconds_are_not_a_number() {
        assert_eq!(duration_ms("10000y"), Ok(10_000 * 31_556_952_000));
        assert_eq!(duration_ms("10001y"), Err("\"10001y\" is longer than 10,000 years".into()));
        assert_eq!(epoch_seconds(b""), Err("not a number of epoch seconds".into()));
        assert_eq!(epoch_seconds(b"-"), Err("not a number of epoch seconds".into()));
    }

    #[test]
    fn epoch_milliseconds_round_as_seconds_do() {
        assert_eq!(epoch_milliseconds(b"1790000000123"), Ok(1_790_000_000_123));
        assert_eq!(epoch_milliseconds(b"1"), Ok(1));
        assert_eq!(epoch_milliseconds(b"+12.5"), Ok(13));
        assert_eq!(epoch_milliseconds(b"-1.5"), Ok(-1));
        assert_eq!(epoch_milliseconds(b".4"), Ok(0));
        for bad in [&b""[..], b".", b"-", b"1e3", b"12a"] {
            assert_eq!(
                epoch_milliseconds(bad),
                Err("not a number of epoch milliseconds".to_owned()),
                "{bad:?}"
            );
        }
        assert_eq!(TimeFormat::UnixMs.number(b"1000"), Ok(1000));
        assert_eq!(TimeFormat::Auto.number(b"1000"), Ok(1_000_000));
        assert!(TimeFormat::Rfc3339.number(b"1000").is_err());
    }

    #[test]
    fn months_and_years_are_the_mean_gregorian_ones() {
        // 365.2425 days, and a twelfth of it: the lengths budgets use.
        assert_eq!(duration_ms("1y"), Ok(31_556_952_000));
        assert_eq!(duration_ms("1 year"), Ok(31_556_952_000));
        assert_eq!(duration_ms("1M"), Ok(2_629_746_000));
        assert_eq!(duration_ms("2months 3d"), Ok(2 * 2_629_746_000 + 3 * 86_400_000));
        assert_eq!(duration_ms("1y 1M 1m"), Ok(31_556_952_000 + 2_629_746_000 + 60_000));
        // `m` is minutes, as ever.
        assert_eq!(duration_ms("1m"), Ok(60_000));
        assert_eq!(
            duration_ms("99999999999999999999y"),
            Err("\"99999999999999999999y\" is longer than 10,000 years".into())
        );
        assert!(duration_ms("1y 5x").unwrap_err().contains("unknown unit \"x\""));
        assert!(duration_ms("").unwrap_err().contains("empty"));
    }

    #[test]
    fn durations_are_written_in_their_largest_whole_unit() {
        assert_eq!(duration_text(300_000), "5m");
        assert_eq!(duration_text(72 * 3_600_000), "3d");
        assert_eq!(duration_text(90 * 60_000), "90m");
        assert_eq!(duration_text(1500), "1500ms");
        assert_eq!(duration_text(250), "250ms");
        // Found by fuzzing: 30,112,453,929,810 ms written in ms would not read back.
        let long = 30_112_453_929_810;
        assert_eq!(duration_text(long), "30112453929s 810ms");
        assert_eq!(duration_ms(&duration_text(long)), Ok(long));
        assert_eq!(duration_text(0), "0ms");
    }

    fn utc(text: &str) -> Result<UnixMs, String> {
        parse_timestamp(text.as_bytes(), Tz::UTC, DateOnly::Rejected, TimeFormat::Auto)
    }

    fn chrono_ms(text: &str) -> UnixMs {
        DateTime::parse_from_rfc3339(text).unwrap().timestamp_millis()
    }

    #[test]
    fn rfc3339_forms_agree_with_chrono() {
        for text in [
            "2026-10-01T00:00:00Z",
            "2026-10-01T12:34:56.789Z",
            "2026-10-01T12:34:56+02:00",
            "2026-10-01T12:34:56-05:30",
            "1969-12-31T23:59:59Z",
            "2024-02-29T23:59:59.5Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
        ] {
            assert_eq!(utc(text), Ok(chrono_ms(text)), "{text}");
        }
    }

    #[test]
    fn lenient_forms() {
        let expected = chrono_ms("2026-10-01T12:00:00Z");
        for text in [
            "2026-10-01 12:00:00Z",
            "2026-10-01t12:00:00z",
            " 2026-10-01T12:00:00Z ",
            "2026-10-01T12:00Z",
            "2026-10-01T14:00:00+0200",
            "2026-10-01T14:00:00+02",
            "2026-10-01T12:00:00",
            "1790856000",
            "1790856000.0",
        ] {
            assert_eq!(utc(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn fractions_round_to_the_millisecond() {
        let base = chrono_ms("2026-10-01T12:00:00Z");
        assert_eq!(utc("2026-10-01T12:00:00.1234Z"), Ok(base + 123));
        assert_eq!(utc("2026-10-01T12:00:00.1235Z"), Ok(base + 124));
        assert_eq!(utc("2026-10-01T12:00:00.9996Z"), Ok(base + 1000));
        assert_eq!(utc("1790856000.25"), Ok(base + 250));
        assert_eq!(utc("-1.5"), Ok(-1500));
        // Halves round toward the future, before 1970 too, as calendar fractions do.
        assert_eq!(utc("-0.9995"), utc("1969-12-31T23:59:59.0005Z"));
        assert_eq!(utc("-0.9995"), Ok(-999));
        assert_eq!(utc("-0.99950001"), Ok(-1000));
        assert_eq!(utc("0.0005"), Ok(1));
    }

    #[test]
    fn a_leap_second_reads_as_the_midnight_after_it() {
        let midnight = chrono_ms("2017-01-01T00:00:00Z");
        assert_eq!(utc("2016-12-31T23:59:60Z"), Ok(midnight));
        assert_eq!(utc("2017-01-01T05:29:60+05:30"), Ok(midnight));
        assert_eq!(utc("2016-12-31T23:59:60.5Z"), Ok(midnight + 500));
    }

    #[test]
    fn wall_clock_times_are_read_in_the_zone() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let read = |text: &str| {
            parse_timestamp(text.as_bytes(), berlin, DateOnly::Allowed, TimeFormat::Auto)
        };
        assert_eq!(read("2026-10-01 02:00:00"), Ok(chrono_ms("2026-10-01T00:00:00Z")));
        assert_eq!(read("2026-10-01"), Ok(chrono_ms("2026-09-30T22:00:00Z")));
        assert_eq!(read("2026-10-01T00:00:00Z"), Ok(chrono_ms("2026-10-01T00:00:00Z")));
        // 02:30 on 25 October 2026 happens twice; the first (summer time) is taken.
        assert_eq!(read("2026-10-25 02:30:00"), Ok(chrono_ms("2026-10-25T00:30:00Z")));
        // Santiago skips from midnight to 01:00 on 2026-09-06: the day starts at 01:00.
        let santiago: Tz = "America/Santiago".parse().unwrap();
        let day = parse_timestamp(b"2026-09-06", santiago, DateOnly::Allowed, TimeFormat::Auto);
        assert_eq!(
            day,
            parse_timestamp(b"2026-09-06T01:00:00", santiago, DateOnly::Allowed, TimeFormat::Auto)
        );
        let skipped = read("2026-03-29 02:30:00").unwrap_err();
        assert!(skipped.contains("does not exist in Europe/Berlin"), "{skipped}");
    }

    #[test]
    fn bad_timestamps_say_why() {
        let cases = [
            ("", "empty"),
            ("yesterday", "not a timestamp"),
            ("2026-13-01T00:00:00Z", "month 13"),
            ("2026-02-29T00:00:00Z", "day 29 does not exist in 2026-02"),
            ("2026-10-01T24:00:00Z", "out of range"),
            ("2026-10-01T12:00:00Q", "expected 'Z' or an offset"),
            ("2026-10-01T12:00:00.Z", "digits after the decimal point"),
            ("2026-10-01", "a date without a time"),
            ("2026-10-01X12:00:00Z", "'T' or a space"),
            ("2026-1-01T00:00:00Z", "2 digits for the month"),
            ("12a", "not a timestamp"),
            ("1.2.3", "not a number"),
            ("99999999999999999999", "outside the years"),
            ("10000-01-01T00:00:00Z", "expected '-' after the year"),
            ("2026-10-01T12:00:00Z junk", "unexpected text after the time"),
            ("2026-10-01T12:00:00+02:", "2 digits for the offset minutes"),
            ("2026-10-01T12:30:60Z", "leap second"),
        ];
        for (text, reason) in cases {
            let error = utc(text).unwrap_err();
            assert!(error.contains(reason), "{text:?}: {error}");
        }
    }

    fn timestamp_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let day = prop_oneof![
            Just("2026-10-01"),
            Just("2026-10-02"),
            Just("2024-02-29"),
            Just("2026-02-30")
        ];
        let clock = prop_oneof![
            "[0-2][0-9]:[0-6][0-9]:[0-6][0-9]",
            Just("23:59:60".to_owned()),
            Just("12:00".to_owned()),
        ];
        let end =
            prop_oneof![Just("Z"), Just("z"), Just(""), Just(".5Z"), Just("+02:00"), Just("Zx")];
        let separator = prop_oneof![Just('T'), Just(' '), Just('x')];
        (day, separator, clock, end)
            .prop_map(|(day, separator, clock, end)| format!("{day}{separator}{clock}{end}"))
    }

    proptest::proptest! {
        #[test]
        fn the_reader_reads_what_the_parser_reads(
            texts in proptest::collection::vec(timestamp_text(), 1..20),
            zone in proptest::sample::select(vec![Tz::UTC, Tz::Europe__Berlin]),
        ) {
            let mut reader = TimestampReader::new(zone, TimeFormat::Auto);
            for text in texts {
                let expected = parse_timestamp(text.as_bytes(), zone, DateOnly::Rejected, TimeFormat::Auto);
                proptest::prop_assert_eq!(reader.read(text.as_bytes()), expected, "{}", text);
            }
        }

        #[test]
        fn any_instant_round_trips_through_its_rfc3339_forms(
            ms in MIN_MS..=MAX_MS,
            offset_minutes in -23 * 60..=23 * 60i64,
        ) {
            let offset = chrono::FixedOffset::east_opt(offset_minutes as i32 * 60).unwrap();
            let at = DateTime::from_timestamp_millis(ms).unwrap().with_timezone(&offset);
            for text in [
                at.to_rfc3339_opts(SecondsFormat::Millis, true),
                at.to_rfc3339_opts(SecondsFormat::Micros, false).replace('T', " "),
            ] {
                if (1..=9999).contains(&chrono::Datelike::year(&at)) {
                    proptest::prop_assert_eq!(utc(&text), Ok(ms), "{}", text);
                }
            }
        }
    }

    #[test]
    fn timestamps_print_as_rfc3339_utc() {
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp(1_500).to_string(), "1970-01-01T00:00:01.500Z");
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        assert_eq!(Timestamp(0).in_zone(berlin), "1970-01-01T01:00:00+01:00");
    }
}
