//! SLA credits for people: a table per customer and month with the totals, the chain of
//! reasoning behind each credit (`--explain`), and the verdict of `check --contracts`.

use std::io::{self, Write};

use rust_decimal::Decimal;

use crate::exact::{Exact, Rounding, WithPlaces};

use super::text::{
    Style, new_table, or_not_applicable, percent, period_label, right_align, text_cell,
};
use crate::contracts::Combine;
use crate::credits::{Credit, CreditReport};
use crate::subject::SubjectKind;

pub fn table(report: &CreditReport, style: Style, out: &mut impl Write) -> io::Result<()> {
    let header = [
        "Customer",
        "Month",
        "Availability",
        "Tier",
        "Credit %",
        "Fee",
        "Prorated fee",
        "Credit",
        "Currency",
        "Capped",
        "Below minimum",
    ];
    let mut table = new_table(style, &header);
    for credit in &report.credits {
        table.add_row(vec![
            text_cell(&credit.customer, style),
            period_label(&credit.month, credit.partial),
            availability(credit),
            credit
                .tier_below_percent
                .map_or_else(|| "-".to_owned(), |below| format!("below {below}")),
            format!("{}%", credit.credit_percent.normalize()),
            credit.fee.to_string(),
            money(&credit.prorated_fee, credit.credit_amount.places),
            credit.credit_amount.to_string(),
            credit.currency.clone(),
            yes_or_blank(credit.capped),
            yes_or_blank(credit.below_minimum),
        ]);
    }
    right_align(&mut table, [2, 4, 5, 6, 7]);
    writeln!(out, "{table}")?;
    writeln!(out)?;
    let totals = owed_totals(report);
    let line = format!("Credits owed: {}", if totals.is_empty() { "none" } else { &totals });
    match style {
        Style::Markdown => writeln!(out, "**{line}**"),
        Style::Terminal(_) => writeln!(out, "{line}"),
    }
}

/// An amount to the currency's minor unit, marked `≈` when that rounds it (the exact figure
/// is in JSON and in --explain).
fn money(amount: &WithPlaces, places: u32) -> String {
    let shown = amount.value.fixed(places, Rounding::HalfUp);
    if amount.value.round(places, Rounding::HalfUp) == amount.value {
        shown
    } else {
        format!("≈{shown}")
    }
}

/// The availability as the tiers saw it: rounded as the contract says, or else to three
/// decimals toward zero, as reports show it.
pub(super) fn availability(credit: &Credit) -> String {
    match (&credit.compared_availability_percent, &credit.availability_percent) {
        (Some(compared), Some(exact)) if compared.value != *exact => format!("{compared}%"),
        (_, exact) => or_not_applicable(exact.as_ref(), percent),
    }
}

/// The totals of the currencies something is owed in, like `1250.00 USD, 82258 JPY`.
fn owed_totals(report: &CreditReport) -> String {
    let owed: Vec<String> = report
        .totals
        .iter()
        .filter(|total| total.credit_amount.value.is_positive())
        .map(|total| format!("{} {}", total.credit_amount, total.currency))
        .collect();
    owed.join(", ")
}

fn yes_or_blank(flag: bool) -> String {
    if flag { "yes" } else { "" }.to_owned()
}

/// Each credit's chain: the services' availability, the combination, the tier and why, and
/// fee × % (prorated, capped, rounded, against the minimum) = credit.
pub fn explain(report: &CreditReport, out: &mut impl Write) -> io::Result<()> {
    for (index, credit) in report.credits.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        explain_one(credit, out)?;
    }
    Ok(())
}

fn explain_one(credit: &Credit, out: &mut impl Write) -> io::Result<()> {
    let currency = &credit.currency;
    let exact = |value: Decimal| value.normalize().to_string();
    let why_none = if credit.services.is_empty() {
        "no covered service has events"
    } else {
        "all maintenance"
    };
    let availability = |value: &Option<Exact>| {
        value.as_ref().map_or_else(|| format!("n/a ({why_none})"), |value| format!("{value}%"))
    };
    let zone = credit.time_zone;
    writeln!(
        out,
        "{}, {}{}: {} to {}",
        text_cell(&credit.customer, Style::PLAIN),
        credit.month,
        if credit.partial { " (partial: measured up to now)" } else { "" },
        credit.from.in_zone(zone),
        credit.to.in_zone(zone)
    )?;
    let width =
        credit.services.iter().map(|service| service.service.chars().count()).max().unwrap_or(0);
    for service in &credit.services {
        let group = if service.kind == SubjectKind::Group { " (group)" } else { "" };
        writeln!(
            out,
            "  {:width$}  {}{group}",
            text_cell(&service.service, Style::PLAIN),
            availability(&service.availability_percent)
        )?;
    }
    let services = super::text::services_and_groups(credit.services.iter().map(|s| s.kind));
    let how = match credit.combine {
        Combine::Worst => format!("the worst of {services}"),
        Combine::Platform => {
            format!("{services} as one platform, as bad as the worst at each instant")
        }
    };
    writeln!(out, "  availability: {how} = {}", availability(&credit.availability_percent))?;
    let Some(compared) = &credit.compared_availability_percent else {
        return writeln!(
            out,
            "  no availability, so no credit: = {} {currency}",
            credit.credit_amount
        );
    };
    if Some(&compared.value) != credit.availability_percent.as_ref() {
        writeln!(out, "  rounded {} for the tiers: {compared}%", credit.rounding)?;
    }
    match credit.tier_below_percent {
        Some(below) => writeln!(
            out,
            "  tier: {compared}% is below {below} (the lowest threshold it is under): {}% credit",
            exact(credit.credit_percent)
        )?,
        None => writeln!(out, "  tier: {compared}% is not below any threshold: no credit")?,
    }
    let mut fee = format!("{} {currency}", credit.fee);
    if credit.term_fraction != Exact::one() {
        writeln!(
            out,
            "  fee: {fee} × {} of the month under contract = {}",
            credit.term_fraction, credit.prorated_fee.value
        )?;
        fee = credit.prorated_fee.value.to_string();
    }
    writeln!(
        out,
        "  credit: {fee} × {}% = {}",
        exact(credit.credit_percent),
        credit.uncapped_credit.value
    )?;
    if credit.capped {
        writeln!(
            out,
            "  capped at {}% of the fee: {}",
            exact(credit.cap_percent),
            credit.cap_amount.value
        )?;
    }
    writeln!(out, "  rounded {}: {} {currency}", credit.rounding, credit.rounded_credit)?;
    if credit.below_minimum {
        writeln!(
            out,
            "  below the minimum credit of {} {currency}: not issued",
            credit.minimum_credit
        )?;
    }
    writeln!(out, "  = {} {currency}", credit.credit_amount)
}

/// One line per credit owed, then a verdict.
/// The verdict of `check --contracts` in one line: no credit owed, or how many and how much.
pub(super) fn check_summary(report: &CreditReport) -> String {
    let owed = report.owed().count();
    if owed == 0 {
        return format!("no credits owed ({} settled)", months(report.credits.len()));
    }
    let noun = if owed == 1 { "credit" } else { "credits" };
    format!("{owed} {noun} owed in {}: {}", months(report.credits.len()), owed_totals(report))
}

fn months(count: usize) -> String {
    if count == 1 { "1 customer-month".to_owned() } else { format!("{count} customer-months") }
}
