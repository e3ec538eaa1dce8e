//! Error-budget arithmetic from objectives alone, with no events: the downtime an objective
//! allows per day, week, month, quarter and year, or in one calendar period; and the other way
//! round, the availability a downtime leaves. Pure: no I/O.
//!
//! Nominal periods are those of uptime.is: a year is the average Gregorian year, 365.2425
//! days; a month is a twelfth of it and a quarter a quarter of it. A calendar period lasts
//! exactly as long as it does in its time zone, daylight-saving time included. Objectives and
//! downtimes are exact decimals, and every figure an exact rational.

use std::fmt;

use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::availability::{WindowBounds, allowed_fraction};
use crate::calendar::{CalendarPeriod, PeriodKind};
use crate::exact::Exact;

/// How long the nominal periods are. Days and weeks never vary, and the year is always the
/// average Gregorian year: a contract that counts 30-day months still has years of 365 days
/// and a quarter, not of 360.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NominalPeriods {
    /// A month is a twelfth of the year (30.436875 days), a quarter a quarter of it.
    GregorianAverage,
    /// A month is this many days, a quarter three such months.
    MonthDays(u32),
}

impl NominalPeriods {
    /// The length of a period of `kind`, in seconds.
    pub fn seconds(self, kind: PeriodKind) -> Exact {
        let day = PeriodKind::Day.average_seconds();
        match (kind, self) {
            (PeriodKind::Month, NominalPeriods::MonthDays(days)) => {
                Exact::from(i64::from(days) * day)
            }
            (PeriodKind::Quarter, NominalPeriods::MonthDays(days)) => {
                Exact::from(3 * i64::from(days) * day)
            }
            _ => Exact::from(kind.average_seconds()),
        }
    }
}

/// One calendar period in a time zone: its days begin at midnight there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZonedPeriod {
    pub period: CalendarPeriod,
    pub zone: Tz,
}

/// What a downtime is per.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Per {
    /// A nominal day, week, month, quarter or year.
    Nominal(PeriodKind, NominalPeriods),
    /// One calendar period, exactly.
    Calendar(ZonedPeriod),
}

impl fmt::Display for Per {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Per::Nominal(kind, _) => write!(f, "a {kind}"),
            Per::Calendar(ZonedPeriod { period, zone }) => write!(f, "{period} in {zone}"),
        }
    }
}

/// What `nines budget` is asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BudgetRequest {
    /// The downtime each objective allows per nominal period, and in `calendar` if given.
    Budgets { objectives: Vec<Decimal>, periods: NominalPeriods, calendar: Option<ZonedPeriod> },
    /// The availability that `downtime_seconds` leaves over the period `per`.
    Availability { downtime_seconds: Decimal, per: Per },
}

/// Why a budget question has no answer.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BudgetError {
    #[error("calendar period {period}: {reason}")]
    Calendar { period: CalendarPeriod, reason: String },
    #[error(
        "a downtime of {} s is longer than {per} ({period_seconds} s)",
        downtime_seconds.normalize()
    )]
    LongerThanPeriod { downtime_seconds: Decimal, per: Per, period_seconds: Exact },
}

/// Seconds for each nominal period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PerPeriod {
    /// For a day (86,400 s).
    pub day: Exact,
    /// For a week (604,800 s).
    pub week: Exact,
    /// For a month: a twelfth of the year (2,629,746 s), or `--month-days` days.
    pub month: Exact,
    /// For a quarter: three months.
    pub quarter: Exact,
    /// For a year: 365.2425 days (31,556,952 s).
    pub year: Exact,
}

impl PerPeriod {
    /// Each period's figure, computed from its kind.
    fn each(value: impl Fn(PeriodKind) -> Exact) -> PerPeriod {
        PerPeriod {
            day: value(PeriodKind::Day),
            week: value(PeriodKind::Week),
            month: value(PeriodKind::Month),
            quarter: value(PeriodKind::Quarter),
            year: value(PeriodKind::Year),
        }
    }
}

/// One calendar period's instants in its time zone.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CalendarSpan {
    /// The period as written on the command line: 2026, 2026-Q4, 2026-10, 2026-W43 or
    /// 2026-10-25.
    #[serde(serialize_with = "crate::json_number::text")]
    pub period: CalendarPeriod,
    /// The IANA time zone its days begin in.
    #[serde(serialize_with = "crate::json_number::text")]
    pub time_zone: Tz,
    /// Its first instant (`from`, inclusive) and the next period's (`to`, exclusive).
    #[serde(flatten)]
    pub window: WindowBounds,
    /// Its length; daylight-saving time makes it an hour longer or shorter than its days.
    pub seconds: Exact,
}

impl CalendarSpan {
    /// The instants of the period in its zone; a day the zone skipped has none.
    fn of(ZonedPeriod { period, zone }: ZonedPeriod) -> Result<CalendarSpan, BudgetError> {
        let window =
            period.span(zone).map_err(|reason| BudgetError::Calendar { period, reason })?;
        Ok(CalendarSpan {
            period,
            time_zone: zone,
            window: window.into(),
            seconds: Exact::seconds(window.to - window.from),
        })
    }
}

/// The downtime one objective allows in one calendar period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CalendarBudget {
    /// The period.
    #[serde(flatten)]
    pub span: CalendarSpan,
    /// (1 − SLO ÷ 100) × the period's seconds.
    pub allowed_downtime_seconds: Exact,
}

/// The downtime one objective allows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ObjectiveBudget {
    /// The objective, in percent.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub slo_percent: Decimal,
    /// (1 − SLO ÷ 100) × each nominal period's seconds.
    pub allowed_downtime_seconds: PerPeriod,
    /// The same for the calendar period asked about; absent when none was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<CalendarBudget>,
}

/// The downtime each objective allows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BudgetReport {
    /// The length of each nominal period.
    pub period_seconds: PerPeriod,
    /// One entry per objective, in the order given.
    pub budgets: Vec<ObjectiveBudget>,
}

impl BudgetReport {
    /// The calendar period every budget is also given for, if one was asked about.
    pub fn calendar(&self) -> Option<&CalendarSpan> {
        self.budgets.first()?.calendar.as_ref().map(|calendar| &calendar.span)
    }
}

/// The availability a downtime leaves over one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DowntimeAvailability {
    /// The downtime.
    #[serde(serialize_with = "crate::json_number::serialize")]
    pub downtime_seconds: Decimal,
    /// The kind of period it is per: day, week, month, quarter or year.
    #[serde(serialize_with = "crate::json_number::text")]
    pub per: PeriodKind,
    /// The period's length: nominal, or the calendar period's exact length.
    pub period_seconds: Exact,
    /// 100 × (1 − downtime ÷ period).
    pub availability_percent: Exact,
    /// The calendar period, when the downtime is per one; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<CalendarSpan>,
}

/// The downtime each objective allows per nominal period and, if given, in `calendar`.
pub fn allowed_downtime(
    objectives: &[Decimal],
    periods: NominalPeriods,
    calendar: Option<ZonedPeriod>,
) -> Result<BudgetReport, BudgetError> {
    let span = calendar.map(CalendarSpan::of).transpose()?;
    let budgets = objectives
        .iter()
        .map(|&slo_percent| ObjectiveBudget {
            slo_percent,
            allowed_downtime_seconds: PerPeriod::each(|kind| {
                allowed(slo_percent, &periods.seconds(kind))
            }),
            calendar: span.clone().map(|span| CalendarBudget {
                allowed_downtime_seconds: allowed(slo_percent, &span.seconds),
                span,
            }),
        })
        .collect();
    Ok(BudgetReport { period_seconds: PerPeriod::each(|kind| periods.seconds(kind)), budgets })
}

/// The availability that `downtime_seconds` leaves over the period `per`; a downtime longer
/// than the period cannot happen in it and is refused.
pub fn availability_left(
    downtime_seconds: Decimal,
    per: Per,
) -> Result<DowntimeAvailability, BudgetError> {
    let (kind, period_seconds, calendar) = match per {
        Per::Nominal(kind, periods) => (kind, periods.seconds(kind), None),
        Per::Calendar(zoned) => {
            let span = CalendarSpan::of(zoned)?;
            (zoned.period.kind(), span.seconds.clone(), Some(span))
        }
    };
    let downtime = Exact::from(downtime_seconds);
    if downtime > period_seconds {
        return Err(BudgetError::LongerThanPeriod { downtime_seconds, per, period_seconds });
    }
    let availability_percent = match downtime.checked_div(&period_seconds) {
        Some(unavailable) => Exact::hundred() * (Exact::one() - unavailable),
        // A calendar period without length has no downtime either: nothing was missed.
        None => Exact::hundred(),
    };
    Ok(DowntimeAvailability {
        downtime_seconds,
        per: kind,
        period_seconds,
        availability_percent,
        calendar,
    })
}

/// The downtime an objective allows in `seconds`: (1 − SLO ÷ 100) × seconds.
fn allowed(slo_percent: Decimal, seconds: &Exact) -> Exact {
    allowed_fraction(slo_percent) * seconds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decimal(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn exact(text: &str) -> Exact {
        Exact::from(decimal(text))
    }

    fn zoned(period: &str, zone: &str) -> ZonedPeriod {
        ZonedPeriod {
            period: CalendarPeriod::parse_any(period).unwrap(),
            zone: zone.parse().unwrap(),
        }
    }

    fn allowed_per_period(slo: &str, periods: NominalPeriods) -> PerPeriod {
        let report = allowed_downtime(&[decimal(slo)], periods, None).unwrap();
        report.budgets[0].allowed_downtime_seconds.clone()
    }

    #[test]
    fn nominal_periods_are_those_of_uptime_is() {
        let report = allowed_downtime(&[], NominalPeriods::GregorianAverage, None).unwrap();
        let lengths = report.period_seconds;
        assert_eq!(lengths.day, Exact::from(86_400));
        assert_eq!(lengths.week, Exact::from(604_800));
        assert_eq!(lengths.month, Exact::from(2_629_746));
        assert_eq!(lengths.quarter, Exact::from(7_889_238));
        assert_eq!(lengths.year, exact("365.2425") * Exact::from(86_400));
    }

    #[test]
    fn thirty_day_months_make_ninety_day_quarters_and_leave_the_year_alone() {
        let report = allowed_downtime(&[], NominalPeriods::MonthDays(30), None).unwrap();
        let lengths = report.period_seconds;
        assert_eq!(lengths.month, Exact::from(30 * 86_400));
        assert_eq!(lengths.quarter, Exact::from(90 * 86_400));
        assert_eq!(lengths.year, Exact::from(31_556_952));
    }

    #[test]
    fn one_percent_of_each_period_is_exact() {
        let allowed = allowed_per_period("99", NominalPeriods::GregorianAverage);
        assert_eq!(allowed.day, Exact::from(864));
        assert_eq!(allowed.week, Exact::from(6048));
        assert_eq!(allowed.month, exact("26297.46"));
        assert_eq!(allowed.quarter, exact("78892.38"));
        assert_eq!(allowed.year, exact("315569.52"));
        let allowed = allowed_per_period("99.5", NominalPeriods::GregorianAverage);
        assert_eq!(allowed.day, Exact::from(432));
    }

    #[test]
    fn objectives_with_every_decimal_place_kept_do_not_overflow() {
        let slo = "99.99999999999999999999999999";
        let allowed = allowed_per_period(slo, NominalPeriods::GregorianAverage);
        assert!(allowed.year.is_positive() && allowed.year < exact("0.0000000000000000001"));
        assert_eq!(allowed_per_period("100", NominalPeriods::MonthDays(31)).year, Exact::zero());
    }

    #[test]
    fn a_calendar_month_lasts_as_long_as_it_does_in_its_zone() {
        let report = allowed_downtime(
            &[decimal("99.5"), decimal("99.9")],
            NominalPeriods::GregorianAverage,
            Some(zoned("2026-10", "Europe/Berlin")),
        )
        .unwrap();
        let span = report.calendar().unwrap();
        assert_eq!(span.seconds, Exact::from(2_682_000));
        assert_eq!(span.window.from.to_string(), "2026-09-30T22:00:00Z");
        assert_eq!(span.window.to.to_string(), "2026-10-31T23:00:00Z");
        let calendar_allowed: Vec<Exact> = report
            .budgets
            .iter()
            .map(|budget| budget.calendar.as_ref().unwrap().allowed_downtime_seconds.clone())
            .collect();
        assert_eq!(calendar_allowed, [Exact::from(13_410), Exact::from(2682)]);
    }

    #[test]
    fn a_day_that_a_zone_skipped_has_no_budget() {
        // Samoa moved across the date line: 2011-12-30 did not happen in Pacific/Apia.
        let error = allowed_downtime(
            &[decimal("99.5")],
            NominalPeriods::GregorianAverage,
            Some(zoned("2011-12-30", "Pacific/Apia")),
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "calendar period 2011-12-30: 2011-12-30 does not exist in Pacific/Apia"
        );
    }

    #[test]
    fn a_downtime_leaves_the_rest_of_its_period() {
        let per_day = Per::Nominal(PeriodKind::Day, NominalPeriods::GregorianAverage);
        let left = availability_left(Decimal::from(432), per_day).unwrap();
        assert_eq!(left.availability_percent, exact("99.5"));
        assert_eq!(left.period_seconds, Exact::from(86_400));
        let untouched = availability_left(Decimal::ZERO, per_day).unwrap();
        assert_eq!(untouched.availability_percent, Exact::hundred());
        assert_eq!(
            availability_left(Decimal::from(86_400), per_day).unwrap().availability_percent,
            Exact::zero()
        );

        let per_month = Per::Nominal(PeriodKind::Month, NominalPeriods::GregorianAverage);
        let left = availability_left(Decimal::from(10_800), per_month).unwrap();
        let rounded = left.availability_percent.round(12, crate::exact::Rounding::HalfUp);
        assert_eq!(rounded, exact("99.589313948952"));

        let october = availability_left(
            Decimal::from(13_410),
            Per::Calendar(zoned("2026-10", "Europe/Berlin")),
        )
        .unwrap();
        assert_eq!(october.availability_percent, exact("99.5"));
        assert_eq!(october.per, PeriodKind::Month);
        assert_eq!(october.calendar.unwrap().seconds, Exact::from(2_682_000));
    }

    #[test]
    fn a_downtime_longer_than_its_period_is_refused() {
        let per_month = Per::Nominal(PeriodKind::Month, NominalPeriods::MonthDays(30));
        let error = availability_left(Decimal::from(2_592_001), per_month).unwrap_err();
        assert_eq!(error.to_string(), "a downtime of 2592001 s is longer than a month (2592000 s)");
        let per_day = Per::Calendar(zoned("2026-10-25", "Europe/Berlin"));
        let error = availability_left(Decimal::from(90_001), per_day).unwrap_err();
        assert_eq!(
            error.to_string(),
            "a downtime of 90001 s is longer than 2026-10-25 in Europe/Berlin (90000 s)"
        );
    }
}
