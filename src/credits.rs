//! SLA credits: per customer and calendar month in the customer's time zone, the availability
//! its contract measures, the tier that availability falls in, and the credit owed, in exact
//! money. Pure: no I/O.
//!
//! Money is exact throughout; it is rounded once, at the end, to the currency's minor unit.

use chrono::Days;
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::availability::{Figures, Measured, Policy};
use crate::calendar::{CalendarPeriod, PeriodKind};
use crate::contracts::{Combine, Contracts, Customer, MoneyRounding, ServiceCoverage, Tier};
use crate::error::shown;
use crate::events::EventLog;
use crate::exact::{Exact, Rounding, WithPlaces};
use crate::subject::{GroupMode, SubjectId, SubjectKind, Subjects};
use crate::time::{Timestamp, UnixMs, day_start};
use crate::timeline::{CountingRules, MaintenanceSchedule, Window};

/// Which calendar months to settle, by name: each is then measured in each customer's zone,
/// so that `2026-10` is October in Berlin for one customer and in New York for another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Months {
    first: CalendarPeriod,
    last: CalendarPeriod,
}

impl Months {
    /// The months a calendar period's days are in: one for a month, three for a quarter.
    pub fn of(period: CalendarPeriod) -> Months {
        let first = CalendarPeriod::containing(PeriodKind::Month, period.first_day());
        let last = CalendarPeriod::containing(PeriodKind::Month, period.last_day());
        Months { first, last }
    }

    /// The months whose dates the window covers, read in `zone`: from the month of its first
    /// instant to the month of its last.
    pub fn touching(window: Window, zone: Tz) -> Months {
        let date = |at: UnixMs| Timestamp(at).local_date(zone);
        Months {
            first: CalendarPeriod::containing(PeriodKind::Month, date(window.from)),
            last: CalendarPeriod::containing(PeriodKind::Month, date(window.to - 1)),
        }
    }

    fn iter(self) -> impl Iterator<Item = CalendarPeriod> {
        std::iter::successors(Some(self.first), |month| Some(month.next()))
            .take_while(move |month| month.first_day() <= self.last.first_day())
    }
}

/// Why no credits could be computed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CreditError {
    #[error(
        "{origin}: customer {}: service {} has no events (mark it \
         {{ name = {}, optional = true }} if that is expected)",
        shown(customer),
        shown(service),
        shown(service)
    )]
    MissingService { origin: String, customer: String, service: String },
    #[error(
        "{origin}: customer {}: service {} is ignored (ignore = true in its [services] table \
         of the config file)",
        shown(customer),
        shown(service)
    )]
    IgnoredService { origin: String, customer: String, service: String },
    #[error(
        "no month to settle: every customer's months lie after now ({now}) or outside its contract term"
    )]
    NothingToSettle { now: Timestamp },
}

/// One customer and month to settle.
#[derive(Clone, Debug, PartialEq, Eq)]
struct MonthToSettle {
    month: CalendarPeriod,
    /// The whole month in the customer's zone.
    span: Window,
    /// The part of the month under contract.
    term: Window,
    /// What is measured: the part under contract, up to now.
    measured: Window,
}

/// A customer, the services it covers and the months to settle.
#[derive(Clone, Debug)]
struct CustomerPlan<'a> {
    customer: &'a Customer,
    /// Each covered service that has events, and each covered group, by name.
    services: Vec<(String, SubjectId)>,
    months: Vec<MonthToSettle>,
}

/// Every customer-month to settle, checked against the events.
#[derive(Clone, Debug)]
pub struct CreditPlan<'a> {
    customers: Vec<CustomerPlan<'a>>,
}

impl<'a> CreditPlan<'a> {
    pub fn new(
        contracts: &'a Contracts,
        months: Months,
        now: UnixMs,
        log: &EventLog,
        subjects: &Subjects,
    ) -> Result<CreditPlan<'a>, CreditError> {
        let customers = contracts
            .customers
            .iter()
            .map(|customer| {
                Ok(CustomerPlan {
                    customer,
                    services: covered_services(customer, log, subjects)?,
                    months: months_to_settle(customer, months, now),
                })
            })
            .collect::<Result<Vec<_>, CreditError>>()?;
        if customers.iter().all(|plan| plan.months.is_empty()) {
            return Err(CreditError::NothingToSettle { now: Timestamp(now) });
        }
        Ok(CreditPlan { customers })
    }

    /// Every customer's months: the customer's name, the month and the part measured.
    pub fn months(&self) -> impl Iterator<Item = (&str, CalendarPeriod, Window)> {
        self.customers.iter().flat_map(|plan| {
            plan.months
                .iter()
                .map(|month| (plan.customer.name.as_str(), month.month, month.measured))
        })
    }

    /// The time every month to settle lies in: the window to measure.
    pub fn span(&self) -> Window {
        let measured = self.customers.iter().flat_map(|plan| &plan.months).map(|m| m.measured);
        measured
            .reduce(|a, b| Window { from: a.from.min(b.from), to: a.to.max(b.to) })
            .unwrap_or(Window { from: 0, to: 1 })
    }
}

fn covered_services(
    customer: &Customer,
    log: &EventLog,
    subjects: &Subjects,
) -> Result<Vec<(String, SubjectId)>, CreditError> {
    let ServiceCoverage::Listed(listed) = &customer.services else {
        return Ok(log
            .services_by_name()
            .into_iter()
            .filter(|&service| !subjects.is_ignored(service))
            .map(|service| (log.name(service).to_owned(), SubjectId::Service(service)))
            .collect());
    };
    let mut services = Vec::new();
    for service in listed {
        let error = || (customer.origin.clone(), customer.name.clone(), service.name.clone());
        let subject = match (subjects.find_group(&service.name), log.find(&service.name)) {
            (Some(group), _) => SubjectId::Group(group),
            (None, Some(id)) if subjects.is_ignored(id) => {
                let (origin, customer, service) = error();
                return Err(CreditError::IgnoredService { origin, customer, service });
            }
            (None, Some(id)) => SubjectId::Service(id),
            (None, None) if service.optional => continue,
            (None, None) => {
                let (origin, customer, service) = error();
                return Err(CreditError::MissingService { origin, customer, service });
            }
        };
        services.push((service.name.clone(), subject));
    }
    services.sort_unstable();
    Ok(services)
}

/// The customer's months in its zone, each cut to its contract term and to now; months with
/// nothing left are not settled.
fn months_to_settle(customer: &Customer, months: Months, now: UnixMs) -> Vec<MonthToSettle> {
    let zone = customer.zone;
    let term = Window {
        from: customer.start.map_or(UnixMs::MIN, |start| day_start(start, zone).instant()),
        to: customer
            .end
            .and_then(|end| end.checked_add_days(Days::new(1)))
            .map_or(UnixMs::MAX, |after| day_start(after, zone).instant()),
    };
    months
        .iter()
        .filter_map(|month| {
            let span = month.span(zone).ok()?;
            let under_contract =
                Window { from: span.from.max(term.from), to: span.to.min(term.to) };
            let measured = Window { to: under_contract.to.min(now), ..under_contract };
            (measured.from < measured.to).then_some(MonthToSettle {
                month,
                span,
                term: under_contract,
                measured,
            })
        })
        .collect()
}

/// One covered service's availability in the month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceMonth {
    /// The service's or group's name.
    pub service: String,
    /// `service` or `group`.
    pub kind: SubjectKind,
    /// Its availability over the month under the customer's weights, as a decimal string;
    /// null when the month was all maintenance.
    #[serde(serialize_with = "crate::json_number::text_option")]
    pub availability_percent: Option<Exact>,
}

/// What one customer is owed for one month, and every step of how.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Credit {
    /// The customer's name.
    pub customer: String,
    /// The calendar month, `2026-10`, in the customer's zone.
    pub month: String,
    /// The customer's IANA time zone.
    #[serde(serialize_with = "crate::time::serialize_zone")]
    pub time_zone: Tz,
    /// Start of the part measured, inclusive, RFC 3339 UTC: the month's start, or the
    /// contract's.
    pub from: Timestamp,
    /// End of the part measured, exclusive: the month's end, the contract's, or now.
    pub to: Timestamp,
    /// Whether the month is still under way, so measured only up to now: the credit is
    /// provisional.
    pub partial: bool,
    /// Each covered service's and group's availability, by name.
    pub services: Vec<ServiceMonth>,
    /// How the services' availability is combined: `worst` or `platform`.
    pub combine: Combine,
    /// The customer's availability, exact; null when nothing was counted (all maintenance):
    /// no credit is owed then.
    #[serde(serialize_with = "crate::json_number::text_option")]
    pub availability_percent: Option<Exact>,
    /// The contract's objective, in percent.
    #[serde(serialize_with = "crate::json_number::text")]
    pub slo_percent: Decimal,
    /// Whether the availability met it; null when there is none. The tiers, not the
    /// objective, decide the credit.
    pub slo_met: Option<bool>,
    /// The availability the tiers are looked up with: rounded to the contract's
    /// `round_availability` decimals, else the exact one.
    pub compared_availability_percent: Option<WithPlaces>,
    /// The `below` of the tier hit: the lowest threshold the availability is under; null when
    /// none is.
    #[serde(serialize_with = "crate::json_number::text_option")]
    pub tier_below_percent: Option<Decimal>,
    /// The credit the tier grants, in percent of the fee; "0" when no tier is hit.
    #[serde(serialize_with = "crate::json_number::text")]
    pub credit_percent: Decimal,
    /// The monthly fee.
    #[serde(serialize_with = "crate::json_number::text")]
    pub fee: Decimal,
    /// The share of the month under contract: 1 unless the contract starts or ends in it.
    #[serde(serialize_with = "crate::json_number::text")]
    pub term_fraction: Exact,
    /// fee × term fraction, exact.
    pub prorated_fee: WithPlaces,
    /// prorated fee × credit % ÷ 100, exact, before the cap.
    pub uncapped_credit: WithPlaces,
    /// The contract's cap, in percent of the prorated fee.
    #[serde(serialize_with = "crate::json_number::text")]
    pub cap_percent: Decimal,
    /// The most that is credited: prorated fee × cap % ÷ 100.
    pub cap_amount: WithPlaces,
    /// Whether the cap lowered the credit.
    pub capped: bool,
    /// How money is rounded: `half-up` or `half-even`, to the currency's minor unit.
    pub rounding: &'static str,
    /// The credit after the cap, rounded to the currency's minor unit, before the minimum.
    pub rounded_credit: WithPlaces,
    /// The smallest credit issued.
    #[serde(serialize_with = "crate::json_number::text")]
    pub minimum_credit: Decimal,
    /// Whether the rounded credit was above 0 but below the minimum, so not issued.
    pub below_minimum: bool,
    /// The credit owed, rounded to the currency's minor unit.
    pub credit_amount: WithPlaces,
    /// The ISO 4217 currency of the fee and the credit.
    pub currency: String,
}

/// The credits owed in one currency.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurrencyTotal {
    /// The ISO 4217 currency.
    pub currency: String,
    /// The sum of the credits in it.
    pub credit_amount: WithPlaces,
}

/// Every customer-month, and the totals per currency.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CreditReport {
    /// One entry per customer and month: customers in the contracts' order, months in time
    /// order.
    pub credits: Vec<Credit>,
    /// One entry per currency, in the order the currencies first appear.
    pub totals: Vec<CurrencyTotal>,
}

impl CreditReport {
    /// The credits that are owed.
    pub fn owed(&self) -> impl Iterator<Item = &Credit> {
        self.credits.iter().filter(|credit| credit.credit_amount.value.is_positive())
    }
}

/// Settles the plan on the events: `maintenance` is resolved over [`CreditPlan::span`].
pub fn settle(
    plan: &CreditPlan,
    log: &EventLog,
    maintenance: &MaintenanceSchedule,
    subjects: &Subjects,
    default: &Policy,
) -> CreditReport {
    let credits: Vec<Credit> = plan
        .customers
        .iter()
        .flat_map(|customer| settle_customer(customer, log, maintenance, subjects, default))
        .collect();
    let mut totals: Vec<CurrencyTotal> = Vec::new();
    for credit in &credits {
        match totals.iter_mut().find(|total| total.currency == credit.currency) {
            Some(total) => {
                total.credit_amount.value =
                    &total.credit_amount.value + &credit.credit_amount.value;
            }
            None => totals.push(CurrencyTotal {
                currency: credit.currency.clone(),
                credit_amount: credit.credit_amount.clone(),
            }),
        }
    }
    CreditReport { credits, totals }
}

fn settle_customer(
    plan: &CustomerPlan,
    log: &EventLog,
    maintenance: &MaintenanceSchedule,
    subjects: &Subjects,
    default: &Policy,
) -> Vec<Credit> {
    let customer = plan.customer;
    // The contract's weights weigh every covered subject's time and rank a group's members.
    let subjects = subjects.reweighed(&customer.weights);
    let mut weights = default.counting.weights;
    for &(status, weight) in &customer.weights {
        weights.set(status, weight);
    }
    let policy = Policy {
        slo_percent: customer.slo_percent,
        counting: CountingRules { weights, ..default.counting.clone() },
    };
    let covered: Vec<SubjectId> = plan.services.iter().map(|&(_, subject)| subject).collect();
    plan.months
        .iter()
        .map(|month| {
            // Each month is measured on its own, so that the counting rules judge slots and
            // incidents within it: a month's credit does not depend on which other months, or
            // customers, are settled with it.
            let measured = Measured {
                log,
                maintenance,
                subjects: &subjects,
                window: month.measured,
                zone: customer.zone,
                policy: &policy,
                periods: None,
            };
            let whole = [month.measured];
            let by_service: Vec<Figures> = covered
                .iter()
                .flat_map(|&subject| measured.figures_within(subject, &whole))
                .collect();
            let combined = match customer.combine {
                Combine::Worst => by_service
                    .iter()
                    .filter_map(|figures| figures.availability_percent.clone())
                    .min(),
                // A platform is a group of mode all over the covered subjects, its counting
                // rules applied after the merge.
                Combine::Platform => measured
                    .group_figures_within(&covered, GroupMode::All, &policy, &whole)
                    .into_iter()
                    .next()
                    .and_then(|figures| figures.availability_percent),
            };
            let services = plan
                .services
                .iter()
                .zip(by_service)
                .map(|((name, subject), figures)| ServiceMonth {
                    service: name.clone(),
                    kind: subject.kind(),
                    availability_percent: figures.availability_percent,
                })
                .collect();
            credit(customer, month, services, combined)
        })
        .collect()
}

/// The money: the tier, the prorated fee, the cap, the rounding and the minimum. Exact
/// throughout; money is rounded once, at the end.
fn credit(
    customer: &Customer,
    month: &MonthToSettle,
    services: Vec<ServiceMonth>,
    availability: Option<Exact>,
) -> Credit {
    let rounding = match customer.rounding {
        MoneyRounding::HalfUp => Rounding::HalfUp,
        MoneyRounding::HalfEven => Rounding::HalfEven,
    };
    let compared = availability.as_ref().map(|availability| match customer.round_availability {
        Some(places) => WithPlaces { value: availability.round(places, rounding), places },
        None => WithPlaces { value: availability.clone(), places: 0 },
    });
    let tier = compared.as_ref().and_then(|compared| tier_hit(&customer.tiers, &compared.value));
    let credit_percent = tier.map_or(Decimal::ZERO, |tier| tier.credit_percent);
    let minor_units = customer.currency.minor_units;
    let money = |value: Exact| WithPlaces { value, places: minor_units };
    let term_fraction =
        Exact::ratio(month.term.to - month.term.from, month.span.to - month.span.from)
            .unwrap_or_else(Exact::one);
    let prorated_fee = Exact::from(customer.monthly_fee) * &term_fraction;
    let share_of = |percent: Decimal| (&prorated_fee * Exact::from(percent)).percent_as_fraction();
    let uncapped_credit = share_of(credit_percent);
    let cap_amount = share_of(customer.cap_percent);
    let capped = uncapped_credit > cap_amount;
    let rounded = uncapped_credit.clone().min(cap_amount.clone()).round(minor_units, rounding);
    let below_minimum = rounded.is_positive() && rounded < Exact::from(customer.minimum_credit);
    let credit_amount = if below_minimum { Exact::zero() } else { rounded.clone() };
    Credit {
        customer: customer.name.clone(),
        month: month.month.to_string(),
        time_zone: customer.zone,
        from: Timestamp(month.measured.from),
        to: Timestamp(month.measured.to),
        partial: month.measured.to < month.term.to,
        services,
        combine: customer.combine,
        slo_met: availability
            .as_ref()
            .map(|availability| *availability >= Exact::from(customer.slo_percent)),
        availability_percent: availability,
        slo_percent: customer.slo_percent,
        compared_availability_percent: compared,
        tier_below_percent: tier.map(|tier| tier.below),
        credit_percent,
        fee: customer.monthly_fee,
        term_fraction,
        prorated_fee: money(prorated_fee),
        uncapped_credit: money(uncapped_credit),
        cap_percent: customer.cap_percent,
        cap_amount: money(cap_amount),
        capped,
        rounding: match customer.rounding {
            MoneyRounding::HalfUp => "half-up",
            MoneyRounding::HalfEven => "half-even",
        },
        rounded_credit: money(rounded),
        minimum_credit: customer.minimum_credit,
        below_minimum,
        credit_amount: money(credit_amount),
        currency: customer.currency.code.clone(),
    }
}

/// The tier of the lowest threshold the availability is under. At a threshold exactly, that
/// threshold does not apply: 99.5 % is not below 99.5.
fn tier_hit<'t>(tiers: &'t [Tier], availability: &Exact) -> Option<&'t Tier> {
    tiers.iter().rev().find(|tier| *availability < Exact::from(tier.below))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiers() -> Vec<Tier> {
        [("99.5", "10"), ("99.0", "30"), ("95.0", "100")]
            .into_iter()
            .map(|(below, credit)| Tier {
                below: below.parse().unwrap(),
                credit_percent: credit.parse().unwrap(),
            })
            .collect()
    }

    #[test]
    fn at_a_threshold_exactly_the_threshold_does_not_apply() {
        let credit_at = |availability: &str| {
            let availability = Exact::from(availability.parse::<Decimal>().unwrap());
            tier_hit(&tiers(), &availability).map(|tier| tier.credit_percent)
        };
        assert_eq!(credit_at("99.5"), None);
        assert_eq!(credit_at("99.4999"), Some(Decimal::from(10)));
        assert_eq!(credit_at("99.0"), Some(Decimal::from(10)));
        assert_eq!(credit_at("98.9999"), Some(Decimal::from(30)));
        assert_eq!(credit_at("95"), Some(Decimal::from(30)));
        assert_eq!(credit_at("12"), Some(Decimal::from(100)));
    }
}
