//! Calendar periods in a time zone: days, ISO weeks (Monday first), months, quarters and
//! years. Each begins at the first instant of its first day in the zone, so its length in
//! seconds follows daylight-saving time: October 2026 in Europe/Berlin lasts 31 days and an
//! hour.

use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};
use chrono_tz::Tz;

use crate::error::shown;
use crate::time::{DayStart, Timestamp, day_start};
use crate::timeline::Window;

/// A kind of calendar period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 5] = [
        PeriodKind::Day,
        PeriodKind::Week,
        PeriodKind::Month,
        PeriodKind::Quarter,
        PeriodKind::Year,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            PeriodKind::Day => "day",
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }

    /// Its average length in seconds: a day, a week, and the average Gregorian year of
    /// 365.2425 days (97 leap days in 400 years, 31,556,952 s), a month a twelfth of it and a
    /// quarter a quarter of it (both whole seconds).
    pub const fn average_seconds(self) -> i64 {
        const YEAR_SECONDS: i64 = 31_556_952;
        match self {
            PeriodKind::Day => 86_400,
            PeriodKind::Week => 7 * 86_400,
            PeriodKind::Month => YEAR_SECONDS / 12,
            PeriodKind::Quarter => YEAR_SECONDS / 4,
            PeriodKind::Year => YEAR_SECONDS,
        }
    }

    /// How one period of this kind is written, for error messages.
    pub const fn example(self) -> &'static str {
        match self {
            PeriodKind::Day => "a date like 2026-10-25",
            PeriodKind::Week => "an ISO week like 2026-W43",
            PeriodKind::Month => "a month like 2026-10",
            PeriodKind::Quarter => "a quarter like 2026-Q4",
            PeriodKind::Year => "a year like 2026",
        }
    }
}

impl std::str::FromStr for PeriodKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        PeriodKind::ALL
            .into_iter()
            .find(|kind| kind.name().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown period {} (expected day, week, month, quarter or year)",
                    shown(text)
                )
            })
    }
}

impl fmt::Display for PeriodKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One calendar period, known by its kind and its first day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CalendarPeriod {
    kind: PeriodKind,
    first_day: NaiveDate,
}

impl CalendarPeriod {
    /// The period of `kind` that contains `date`.
    pub fn containing(kind: PeriodKind, date: NaiveDate) -> CalendarPeriod {
        let first_day = match kind {
            PeriodKind::Day => Some(date),
            PeriodKind::Week => date
                .checked_sub_days(chrono::Days::new(date.weekday().num_days_from_monday().into())),
            PeriodKind::Month => date.with_day(1),
            PeriodKind::Quarter => {
                NaiveDate::from_ymd_opt(date.year(), (date.month0() / 3) * 3 + 1, 1)
            }
            PeriodKind::Year => NaiveDate::from_ymd_opt(date.year(), 1, 1),
        };
        // Only a week starting before chrono's first day could be missing; no instant nines
        // accepts lies near it.
        CalendarPeriod { kind, first_day: first_day.unwrap_or(date) }
    }

    /// Reads one period of `kind`: `2026-10-25`, `2026-W43`, `2026-10`, `2026-Q4` or `2026`.
    /// The error says what is wrong, not what was expected: that is [`PeriodKind::example`].
    pub fn parse(kind: PeriodKind, text: &str) -> Result<CalendarPeriod, String> {
        let text = text.trim();
        let (year, rest) = match text.split_once('-') {
            Some((year, rest)) => (year, Some(rest)),
            None => (text, None),
        };
        let year = number(year, 4, "year")?;
        let first_day = match (kind, rest) {
            (PeriodKind::Year, None) => NaiveDate::from_ymd_opt(year, 1, 1),
            (PeriodKind::Quarter, Some(quarter)) => {
                let quarter = quarter.strip_prefix(['Q', 'q']).ok_or_else(|| {
                    format!("expected Q1 to Q4 after the year, found {}", shown(quarter))
                })?;
                let quarter = number(quarter, 1, "quarter")?;
                if !(1..=4).contains(&quarter) {
                    return Err(format!("quarter {quarter} is not within 1 to 4"));
                }
                NaiveDate::from_ymd_opt(year, (quarter as u32 - 1) * 3 + 1, 1)
            }
            (PeriodKind::Month, Some(month)) => {
                let month = number(month, 2, "month")?;
                if !(1..=12).contains(&month) {
                    return Err(format!("month {month} is not within 1 to 12"));
                }
                NaiveDate::from_ymd_opt(year, month as u32, 1)
            }
            (PeriodKind::Week, Some(week)) => {
                let week = week.strip_prefix(['W', 'w']).ok_or_else(|| {
                    format!("expected W01 to W53 after the year, found {}", shown(week))
                })?;
                let week = number(week, 2, "week")?;
                let first = NaiveDate::from_isoywd_opt(year, week as u32, Weekday::Mon);
                if first.is_none() {
                    let weeks =
                        NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |d| d.iso_week().week());
                    return Err(format!("{year} has ISO weeks 1 to {weeks}, not {week}"));
                }
                first
            }
            (PeriodKind::Day, Some(_)) => {
                let date = crate::values::date(text)
                    .map_err(|_| format!("there is no date {}", shown(text)))?;
                Some(date)
            }
            _ => None,
        };
        let first_day = first_day.ok_or_else(|| "the layout is wrong".to_owned())?;
        Ok(CalendarPeriod { kind, first_day })
    }

    /// Reads a period of any kind, telling the kind by the layout.
    pub fn parse_any(text: &str) -> Result<CalendarPeriod, String> {
        let trimmed = text.trim();
        let kind = match trimmed.split('-').collect::<Vec<_>>().as_slice() {
            [_] => PeriodKind::Year,
            [_, rest] if rest.starts_with(['Q', 'q']) => PeriodKind::Quarter,
            [_, rest] if rest.starts_with(['W', 'w']) => PeriodKind::Week,
            [_, _] => PeriodKind::Month,
            _ => PeriodKind::Day,
        };
        CalendarPeriod::parse(kind, trimmed).map_err(|reason| {
            format!(
                "{} is not a calendar period: {reason} (expected a year like 2026, a \
                 quarter like 2026-Q4, a month like 2026-10, an ISO week like 2026-W43 or a date \
                 like 2026-10-25)",
                shown(text)
            )
        })
    }

    pub fn kind(self) -> PeriodKind {
        self.kind
    }

    /// The period's first calendar day.
    pub fn first_day(self) -> NaiveDate {
        self.first_day
    }

    /// The period's last calendar day.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day.pred_opt().unwrap_or(self.first_day)
    }

    /// The period that follows this one.
    pub fn next(self) -> CalendarPeriod {
        let first_day = match self.kind {
            PeriodKind::Day => self.first_day.succ_opt(),
            PeriodKind::Week => self.first_day.checked_add_days(chrono::Days::new(7)),
            PeriodKind::Month => self.first_day.checked_add_months(chrono::Months::new(1)),
            PeriodKind::Quarter => self.first_day.checked_add_months(chrono::Months::new(3)),
            PeriodKind::Year => self.first_day.checked_add_months(chrono::Months::new(12)),
        };
        CalendarPeriod { kind: self.kind, first_day: first_day.unwrap_or(NaiveDate::MAX) }
    }

    /// The period's instants in `zone`: from the first instant of its first day to the first
    /// instant of the next period's. A day the zone skipped has none, and is an error.
    pub fn span(self, zone: Tz) -> Result<Window, String> {
        match day_start(self.first_day, zone) {
            DayStart::Skipped(_) if self.kind == PeriodKind::Day => {
                Err(format!("{} does not exist in {zone}", self.first_day))
            }
            _ => Ok(self.instants(zone)),
        }
    }

    /// The period's instants, empty for a day the zone skipped.
    fn instants(self, zone: Tz) -> Window {
        Window {
            from: day_start(self.first_day, zone).instant(),
            to: day_start(self.next().first_day, zone).instant(),
        }
    }
}

impl fmt::Display for CalendarPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = self.first_day;
        match self.kind {
            PeriodKind::Day => write!(f, "{}", day.format("%Y-%m-%d")),
            PeriodKind::Week => {
                let week = day.iso_week();
                write!(f, "{:04}-W{:02}", week.year(), week.week())
            }
            PeriodKind::Month => write!(f, "{:04}-{:02}", day.year(), day.month()),
            PeriodKind::Quarter => write!(f, "{:04}-Q{}", day.year(), day.month0() / 3 + 1),
            PeriodKind::Year => write!(f, "{:04}", day.year()),
        }
    }
}

/// A digit string of exactly `width` digits.
fn number(text: &str, width: usize, what: &str) -> Result<i32, String> {
    if text.len() == width && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().map_err(|_| format!("{what} {} is not a number", shown(text)))
    } else {
        Err(format!("expected a {width}-digit {what}, found {}", shown(text)))
    }
}

/// One calendar period inside a window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodSlice {
    pub period: CalendarPeriod,
    /// The part of the period inside the window.
    pub span: Window,
    /// Whether the window's edges cut the period.
    pub partial: bool,
}

/// The calendar periods of one kind that tile a window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodGrid {
    pub kind: PeriodKind,
    /// In time order; the first and the last may be cut by the window.
    pub slices: Vec<PeriodSlice>,
}

/// The most calendar periods a window is cut into: 273 years of days.
pub const MAX_PERIODS: usize = 100_000;

impl PeriodGrid {
    /// The calendar periods of `kind` in `zone` that cover `window`; a day the zone skipped
    /// is left out. More than [`MAX_PERIODS`] are not made: `Err` says about how many there
    /// would be.
    pub fn new(kind: PeriodKind, window: Window, zone: Tz) -> Result<PeriodGrid, u64> {
        let slices = periods(kind, window, zone);
        if slices.len() > MAX_PERIODS {
            let average_ms = i128::from(kind.average_seconds()) * 1000;
            let length = i128::from(window.to) - i128::from(window.from);
            return Err(((length + average_ms - 1) / average_ms) as u64);
        }
        Ok(PeriodGrid { kind, slices })
    }
}

/// The periods, up to one more than [`MAX_PERIODS`].
fn periods(kind: PeriodKind, window: Window, zone: Tz) -> Vec<PeriodSlice> {
    let first_date = Timestamp(window.from).local_date(zone);
    let mut period = CalendarPeriod::containing(kind, first_date);
    let mut slices = Vec::new();
    loop {
        let span = period.instants(zone);
        if span.from >= window.to || slices.len() > MAX_PERIODS {
            return slices;
        }
        let clipped = Window { from: span.from.max(window.from), to: span.to.min(window.to) };
        if clipped.from < clipped.to {
            slices.push(PeriodSlice { period, span: clipped, partial: clipped != span });
        }
        period = period.next();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> Tz {
        "Europe/Berlin".parse().unwrap()
    }

    fn length_hours(period: &str, zone: Tz) -> f64 {
        let span = CalendarPeriod::parse_any(period).unwrap().span(zone).unwrap();
        (span.to - span.from) as f64 / 3_600_000.0
    }

    #[test]
    fn daylight_saving_changes_the_length_of_periods() {
        assert_eq!(length_hours("2026-10", berlin()), 31.0 * 24.0 + 1.0);
        assert_eq!(length_hours("2026-03-29", berlin()), 23.0);
        assert_eq!(length_hours("2026-10-25", berlin()), 25.0);
        assert_eq!(length_hours("2026-10", Tz::UTC), 31.0 * 24.0);
        assert_eq!(length_hours("2026-Q1", berlin()), 90.0 * 24.0 - 1.0);
        assert_eq!(length_hours("2026", berlin()), 365.0 * 24.0);
        assert_eq!(length_hours("2024", Tz::UTC), 366.0 * 24.0);
    }

    #[test]
    fn days_begin_when_the_clocks_say_even_off_the_quarter_hour() {
        // Berlin moved from local mean time (+0:53:28) to CET at midnight on 1893-04-01.
        let april = CalendarPeriod::parse_any("1893-04").unwrap().span(berlin()).unwrap();
        assert_eq!(Timestamp(april.from).to_string(), "1893-03-31T23:06:32Z");
        // Samoa skipped 2011-12-30: no such day, and a day-by-day grid leaves it out.
        let apia: Tz = "Pacific/Apia".parse().unwrap();
        let skipped = CalendarPeriod::parse_any("2011-12-30").unwrap().span(apia).unwrap_err();
        assert_eq!(skipped, "2011-12-30 does not exist in Pacific/Apia");
        let week = CalendarPeriod::parse_any("2011-W52").unwrap().span(apia).unwrap();
        let labels: Vec<String> = periods(PeriodKind::Day, week, apia)
            .iter()
            .map(|slice| slice.period.to_string())
            .collect();
        assert_eq!(
            labels,
            ["2011-12-26", "2011-12-27", "2011-12-28", "2011-12-29", "2011-12-31", "2012-01-01"]
        );
    }

    #[test]
    fn periods_are_written_as_they_are_read() {
        for text in ["2026-10-25", "2026-W43", "2026-10", "2026-Q4", "2026", "2020-W53"] {
            assert_eq!(CalendarPeriod::parse_any(text).unwrap().to_string(), text);
        }
        // ISO week 1 of 2027 begins on Monday 2027-01-04; 2026-12-31 is in 2026-W53.
        let date = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(CalendarPeriod::containing(PeriodKind::Week, date).to_string(), "2026-W53");
        let date = NaiveDate::from_ymd_opt(2027, 1, 3).unwrap();
        assert_eq!(CalendarPeriod::containing(PeriodKind::Week, date).to_string(), "2026-W53");
    }

    #[test]
    fn malformed_periods_say_what_was_expected() {
        let month = CalendarPeriod::parse(PeriodKind::Month, "2026-13").unwrap_err();
        assert_eq!(month, "month 13 is not within 1 to 12");
        let week = CalendarPeriod::parse(PeriodKind::Week, "2025-W53").unwrap_err();
        assert!(week.contains("2025 has ISO weeks 1 to 52"), "{week}");
        let quarter = CalendarPeriod::parse(PeriodKind::Quarter, "2026-Q5").unwrap_err();
        assert!(quarter.contains("quarter 5 is not within 1 to 4"), "{quarter}");
        assert!(CalendarPeriod::parse(PeriodKind::Day, "2026-02-30").is_err());
        assert!(CalendarPeriod::parse(PeriodKind::Year, "26").is_err());
        assert!(CalendarPeriod::parse(PeriodKind::Month, "2026-10-01").is_err());
        assert!(
            CalendarPeriod::parse_any("October").unwrap_err().contains("not a calendar period")
        );
    }

    #[test]
    fn a_window_is_covered_by_whole_and_partial_periods() {
        let zone = berlin();
        let october = CalendarPeriod::parse_any("2026-10").unwrap().span(zone).unwrap();
        let window = Window { from: october.from + 3_600_000, to: october.to + 86_400_000 };
        let slices = periods(PeriodKind::Month, window, zone);
        let labels: Vec<(String, bool)> =
            slices.iter().map(|slice| (slice.period.to_string(), slice.partial)).collect();
        assert_eq!(labels, [("2026-10".to_owned(), true), ("2026-11".to_owned(), true)]);
        assert_eq!(slices[0].span, Window { from: window.from, to: october.to });
        assert_eq!(slices[1].span, Window { from: october.to, to: window.to });

        let whole = periods(PeriodKind::Month, october, zone);
        assert_eq!(whole.len(), 1);
        assert!(!whole[0].partial);
    }
}
