//! SLA contracts: for each customer, the services covered, the availability promised and the
//! credit owed when a calendar month falls short of it. Read from TOML into validated types;
//! reading the file is the caller's job.
//!
//! Contracts are edited by hand, by people who read the error and nothing else, so every error
//! names the file, the line, the customer, the field, the value found and what was expected.

use chrono::NaiveDate;
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::Serialize;
use toml::de::DeValue;
use toml::value::Datetime;

use crate::error::shown;
use crate::status::{EXPECTED_STATUSES, Status, Weights};
use crate::toml_reader::{self, FileError, Item, Reader, SyntaxPlace, Table, alternatives};
use crate::values::{self, EXPECTED_OBJECTIVE, EXPECTED_WEIGHT, EXPECTED_ZONE};

/// The customers' contracts in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contracts {
    /// In file order.
    pub customers: Vec<Customer>,
}

/// One customer's contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    /// No other customer in the file has it.
    pub name: String,
    /// The services whose availability the contract promises.
    pub services: ServiceCoverage,
    /// How the covered services' statuses make the customer's.
    pub combine: Combine,
    /// The schedule's name, or None when tiers are inline.
    pub schedule: Option<String>,
    /// Strictly decreasing in `below`.
    pub tiers: Vec<Tier>,
    /// The availability promised, in percent: above 0, at most 100.
    pub slo_percent: Decimal,
    /// The zone calendar months are measured in.
    pub zone: Tz,
    /// What the customer pays a month; at least 0.
    pub monthly_fee: Decimal,
    /// The currency of the fee and of the credits.
    pub currency: Currency,
    /// The most a month's credit can be, in percent of the fee: 0 to 100.
    pub cap_percent: Decimal,
    /// Credits smaller than this are not issued; at least 0.
    pub minimum_credit: Decimal,
    /// The decimal places (0 to 10) availability is rounded to before the tier lookup; None
    /// looks it up unrounded.
    pub round_availability: Option<u32>,
    /// How money is rounded to the currency's minor unit.
    pub rounding: MoneyRounding,
    /// The first day of the term, inclusive.
    pub start: Option<NaiveDate>,
    /// The last day of the term, inclusive; not before `start`.
    pub end: Option<NaiveDate>,
    /// Weight overrides for this customer, applied over the command line's weights. Each
    /// counted status at most once, in status order.
    pub weights: Vec<(Status, Decimal)>,
    /// `file:line` of the customer's `[[customer]]` header, for messages.
    pub origin: String,
}

/// The services a contract covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceCoverage {
    /// `["*"]`: every service in the events.
    Every,
    /// In file order, each once.
    Listed(Vec<CoveredService>),
}

/// A service, or a group of services, that a contract names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoveredService {
    /// As the events name the service, or the config names the group.
    pub name: String,
    /// Written `{ name = "legacy", optional = true }`: the events need not mention it.
    pub optional: bool,
}

/// How a contract makes one availability of the services it covers: `combine = "worst"` (the
/// default) or `"platform"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Combine {
    /// The lowest availability among the services.
    Worst,
    /// The services as one platform: a group of mode `all` over them, at each instant as bad
    /// as the worst service not in maintenance.
    Platform,
}

/// One step of a credit schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tier {
    /// A month whose availability is below this, in percent (0 to 100), earns the credit.
    pub below: Decimal,
    /// The credit in percent of the monthly fee: 0 to 100.
    pub credit_percent: Decimal,
}

/// An ISO 4217 currency of money.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Currency {
    /// Three uppercase letters, like `EUR`.
    pub code: String,
    /// The decimal places of its minor unit: 2 for EUR, 0 for JPY, 3 for BHD.
    pub minor_units: u32,
}

/// How money is rounded to the currency's minor unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyRounding {
    /// `half-up`, the default: halves away from zero.
    HalfUp,
    /// `half-even`: halves to the even neighbour, as banks do.
    HalfEven,
}

const CUSTOMER_FIELDS: [&str; 16] = [
    "name",
    "services",
    "combine",
    "schedule",
    "tiers",
    "slo",
    "time_zone",
    "monthly_fee",
    "currency",
    "cap_percent",
    "minimum_credit",
    "round_availability",
    "rounding",
    "start",
    "end",
    "weights",
];
const EXPECTED_CUSTOMER: &str = "a [[customer]] table";
const EXPECTED_NAME: &str = "the customer's name, like \"Acme GmbH\"";
const EXPECTED_SERVICES: &str = "a list of services or groups like [\"api\", \"portal\"], or \
    [\"*\"] for every service";
const EXPECTED_SERVICE: &str = "a service's or group's name like \"api\", or a table like { name \
    = \"legacy\", optional = true }";
const EXPECTED_SERVICE_NAME: &str = "a service's or group's name, like \"api\"";
const EXPECTED_CREDIT: &str =
    "either schedule = \"NAME\" for a [schedule.NAME] table, or inline tiers = [...]";
const EXPECTED_SCHEDULE: &str = "a table like [schedule.standard] with tiers = [...]";
const EXPECTED_TIERS: &str =
    "a list of tiers like [{ below = \"99.5\", credit_percent = \"10\" }, ...]";
const EXPECTED_TIER: &str = "a tier like { below = \"99.5\", credit_percent = \"10\" }";
const EXPECTED_BELOW: &str = "an availability in percent from 0 to 100, like \"99.5\"";
const EXPECTED_CREDIT_PERCENT: &str =
    "a credit in percent of the monthly fee from 0 to 100, like \"10\"";
const EXPECTED_FEE: &str =
    "an amount of money from 0 to 1000000000000000 (10^15), like \"12000.00\"";
const EXPECTED_CURRENCY: &str = "an ISO 4217 code of three uppercase letters, like \"EUR\"";
const EXPECTED_CAP: &str = "a percentage of the monthly fee from 0 to 100, like \"100\"";
const EXPECTED_MINIMUM_CREDIT: &str =
    "an amount of money from 0 to 1000000000000000 (10^15), like \"1.00\"";
const EXPECTED_DECIMAL_PLACES: &str = "the decimal places availability is rounded to, like 3";
const EXPECTED_TERM_DATE: &str = "a date like \"2026-10-15\"";

const COMBINES: [(&str, Combine); 2] = [("worst", Combine::Worst), ("platform", Combine::Platform)];
const ROUNDINGS: [(&str, MoneyRounding); 2] =
    [("half-up", MoneyRounding::HalfUp), ("half-even", MoneyRounding::HalfEven)];

/// The most decimal places availability may be rounded to.
const MAX_DECIMAL_PLACES: u32 = 10;

/// What `services` lists to cover every service.
const EVERY_SERVICE: &str = "*";

/// Reads the contracts in `text`, the contents of `file` (named in errors).
pub fn parse_contracts(text: &str, file: &str) -> Result<Contracts, FileError> {
    let document = toml_reader::parse(text, file, |place| syntax_context(text, place))?;
    let reader = Reader { file, text, context: None };
    let root = Table::root(&document);
    root.reject_unknown(&reader, &["schedule", "customer"])?;
    let schedules = schedules(&reader, &root)?;
    let no_customers = || {
        let problem = "there are no customers (expected at least one [[customer]] table)";
        reader.error(&root.at, None, problem.to_owned())
    };
    let item = root.get("customer").ok_or_else(no_customers)?;
    let entries = item.entries(&reader, "[[customer]] tables")?;
    if entries.is_empty() {
        return Err(no_customers());
    }
    let mut customers: Vec<Customer> = Vec::with_capacity(entries.len());
    for entry in &entries {
        let customer = customer(&reader, entry, &schedules, &customers)?;
        customers.push(customer);
    }
    Ok(Contracts { customers })
}

/// A named credit schedule.
struct Schedule<'t> {
    name: &'t str,
    tiers: Vec<Tier>,
}

/// Every `[schedule.NAME]` table, whether a customer uses it or not.
fn schedules<'t>(reader: &Reader, root: &Table<'t, '_>) -> Result<Vec<Schedule<'t>>, FileError> {
    let Some(item) = root.get("schedule") else { return Ok(Vec::new()) };
    let by_name = Table::of(reader, &item, EXPECTED_SCHEDULE)?;
    by_name
        .items()
        .into_iter()
        .map(|(name, item)| {
            let schedule = Table::of(reader, &item, EXPECTED_SCHEDULE)?;
            schedule.reject_unknown(reader, &["tiers"])?;
            let tiers = tiers(reader, &schedule.required(reader, "tiers", EXPECTED_TIERS)?)?;
            Ok(Schedule { name, tiers })
        })
        .collect()
}

/// The customer in `item`, whose name none of `others` has.
fn customer(
    reader: &Reader,
    item: &Item,
    schedules: &[Schedule],
    others: &[Customer],
) -> Result<Customer, FileError> {
    // A customer's fields are known by their keys alone: the customer is named in errors.
    let table = Table { prefix: String::new(), ..Table::of(reader, item, EXPECTED_CUSTOMER)? };
    let name_item = table.required(reader, "name", EXPECTED_NAME)?;
    let name = reader.name(&name_item, EXPECTED_NAME)?;
    // From here on, errors say whose contract they are in.
    let context = customer_context(name);
    let reader = &Reader { context: Some(&context), ..*reader };
    if let Some(other) = others.iter().find(|other| other.name == name) {
        let complaint = format!("is also the name of the customer at {}", other.origin);
        return Err(reader.invalid(
            &name_item,
            &complaint,
            "each customer once, by a name of its own",
        ));
    }
    table.reject_unknown(reader, &CUSTOMER_FIELDS)?;
    let services = services(reader, &table.required(reader, "services", EXPECTED_SERVICES)?)?;
    let combine = match table.get("combine") {
        Some(item) => reader.keyword(&item, &COMBINES)?,
        None => Combine::Worst,
    };
    let (schedule, tiers) = credit_tiers(reader, &table, schedules)?;
    let slo_percent = match table.get("slo") {
        Some(item) => reader.decimal(&item, EXPECTED_OBJECTIVE, values::objective)?,
        // Tiers are never empty, and the highest is where credits begin.
        None => tiers[0].below,
    };
    let zone = match table.get("time_zone") {
        Some(item) => reader.parsed(&item, EXPECTED_ZONE, values::zone)?,
        None => Tz::UTC,
    };
    let monthly_fee = table.required(reader, "monthly_fee", EXPECTED_FEE)?;
    let monthly_fee = reader.decimal(&monthly_fee, EXPECTED_FEE, amount_of_money)?;
    let currency = currency(reader, &table.required(reader, "currency", EXPECTED_CURRENCY)?)?;
    let cap_percent = match table.get("cap_percent") {
        Some(item) => reader.decimal(&item, EXPECTED_CAP, values::percentage)?,
        None => Decimal::ONE_HUNDRED,
    };
    let minimum_credit = match table.get("minimum_credit") {
        Some(item) => reader.decimal(&item, EXPECTED_MINIMUM_CREDIT, amount_of_money)?,
        None => Decimal::ZERO,
    };
    let round_availability = table
        .get("round_availability")
        .map(|item| reader.whole_number(&item, 0..=MAX_DECIMAL_PLACES, EXPECTED_DECIMAL_PLACES))
        .transpose()?;
    let rounding = match table.get("rounding") {
        Some(item) => reader.keyword(&item, &ROUNDINGS)?,
        None => MoneyRounding::HalfUp,
    };
    let start = table.get("start").map(|item| date(reader, &item)).transpose()?;
    let end = match table.get("end") {
        Some(item) => {
            let end = date(reader, &item)?;
            if let Some(start) = start.filter(|&start| end < start) {
                let complaint = format!("is before the start, {start}");
                let expected = "the term's last day, on or after its first";
                return Err(reader.invalid(&item, &complaint, expected));
            }
            Some(end)
        }
        None => None,
    };
    let weights = match table.get("weights") {
        Some(item) => weight_table(reader, &item)?,
        None => Vec::new(),
    };
    Ok(Customer {
        name: name.to_owned(),
        services,
        combine,
        schedule,
        tiers,
        slo_percent,
        zone,
        monthly_fee,
        currency,
        cap_percent,
        minimum_credit,
        round_availability,
        rounding,
        start,
        end,
        weights,
        origin: reader.place(&table.at),
    })
}

/// How errors name the customer they are in.
fn customer_context(name: &str) -> String {
    format!("customer {}", shown(name))
}

/// `services`: `["*"]`, or names and `{ name, optional }` tables.
fn services(reader: &Reader, item: &Item) -> Result<ServiceCoverage, FileError> {
    let entries = item.entries(reader, EXPECTED_SERVICES)?;
    if entries.is_empty() {
        return Err(reader.error_at(item, format!("is empty (expected {EXPECTED_SERVICES})")));
    }
    let mut listed: Vec<CoveredService> = Vec::with_capacity(entries.len());
    for entry in &entries {
        let service = covered_service(reader, entry)?;
        let name = &service.name;
        if name == EVERY_SERVICE {
            if entries.len() == 1 {
                return Ok(ServiceCoverage::Every);
            }
            let problem = format!(
                "{} stands for every service, so it cannot be listed with others (expected \
                 [\"*\"] alone, or only names)",
                shown(name)
            );
            return Err(reader.error_at(entry, problem));
        }
        if let Some(first) = listed.iter().position(|listed| listed.name == *name) {
            let problem = format!(
                "{} is listed twice (expected each service once; it is {}[{first}] too)",
                shown(name),
                item.path
            );
            return Err(reader.error_at(entry, problem));
        }
        listed.push(service);
    }
    Ok(ServiceCoverage::Listed(listed))
}

/// One entry of `services`: a name, or a table with a name and whether it is optional.
fn covered_service(reader: &Reader, entry: &Item) -> Result<CoveredService, FileError> {
    let (name_item, optional) = match entry.value.get_ref() {
        DeValue::String(_) => (entry.clone(), false),
        DeValue::Table(_) => {
            let table = Table::of(reader, entry, EXPECTED_SERVICE)?;
            table.reject_unknown(reader, &["name", "optional"])?;
            let optional = match table.get("optional") {
                Some(item) => reader.boolean(&item)?,
                None => false,
            };
            (table.required(reader, "name", EXPECTED_SERVICE_NAME)?, optional)
        }
        _ => return Err(reader.wrong_type(entry, EXPECTED_SERVICE)),
    };
    let name = reader.name(&name_item, EXPECTED_SERVICE_NAME)?;
    Ok(CoveredService { name: name.to_owned(), optional })
}

/// The customer's tiers: a schedule's, or inline; never both.
fn credit_tiers(
    reader: &Reader,
    table: &Table,
    schedules: &[Schedule],
) -> Result<(Option<String>, Vec<Tier>), FileError> {
    match (table.get("schedule"), table.get("tiers")) {
        (Some(_), Some(tiers)) => Err(reader.error_at(
            &tiers,
            format!("is given as well as schedule (expected {EXPECTED_CREDIT}, not both)"),
        )),
        (None, None) => Err(table.missing(reader, "schedule", EXPECTED_CREDIT)),
        (None, Some(item)) => Ok((None, tiers(reader, &item)?)),
        (Some(item), None) => {
            let name = reader.string(&item, EXPECTED_CREDIT)?;
            match schedules.iter().find(|schedule| schedule.name == name) {
                Some(schedule) => Ok((Some(name.to_owned()), schedule.tiers.clone())),
                None => {
                    let mut known: Vec<String> =
                        schedules.iter().map(|schedule| shown(schedule.name).to_string()).collect();
                    known.sort();
                    let expected = if known.is_empty() {
                        "the name of a [schedule.NAME] table, and the file has none".to_owned()
                    } else {
                        format!("the name of a [schedule.NAME] table: {}", alternatives(&known))
                    };
                    Err(reader.invalid(&item, "is unknown", &expected))
                }
            }
        }
    }
}

/// A list of tiers, strictly decreasing in `below`.
fn tiers(reader: &Reader, item: &Item) -> Result<Vec<Tier>, FileError> {
    let entries = item.entries(reader, EXPECTED_TIERS)?;
    if entries.is_empty() {
        return Err(reader.error_at(item, format!("is empty (expected {EXPECTED_TIERS})")));
    }
    let mut tiers: Vec<Tier> = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let tier = Table::of(reader, entry, EXPECTED_TIER)?;
        tier.reject_unknown(reader, &["below", "credit_percent"])?;
        let below_item = tier.required(reader, "below", EXPECTED_BELOW)?;
        let below = reader.decimal(&below_item, EXPECTED_BELOW, values::percentage)?;
        if let Some(previous) = tiers.last().filter(|previous| below >= previous.below) {
            let expected = format!(
                "each tier's below lower than the one before, which is {} in {}[{}]",
                previous.below,
                item.path,
                index - 1
            );
            return Err(reader.invalid(&below_item, "is out of order", &expected));
        }
        let credit = tier.required(reader, "credit_percent", EXPECTED_CREDIT_PERCENT)?;
        let credit_percent =
            reader.decimal(&credit, EXPECTED_CREDIT_PERCENT, values::percentage)?;
        tiers.push(Tier { below, credit_percent });
    }
    Ok(tiers)
}

/// An ISO 4217 currency that has a minor unit to round money to.
fn currency(reader: &Reader, item: &Item) -> Result<Currency, FileError> {
    let code = reader.string(item, EXPECTED_CURRENCY)?;
    if !(code.len() == 3 && code.bytes().all(|byte| byte.is_ascii_uppercase())) {
        return Err(reader.invalid(item, "is not a currency code", EXPECTED_CURRENCY));
    }
    let currency = iso_currency::Currency::from_code(code).ok_or_else(|| {
        reader.invalid(item, "is unknown", "a currency in ISO 4217, like \"EUR\" or \"USD\"")
    })?;
    // Gold, funds and the like have no minor unit, and a credit in them could not be rounded.
    let minor_units = currency.exponent().ok_or_else(|| {
        let expected = "a currency of money, with a minor unit like the cent of \"EUR\"";
        reader.invalid(item, "has no minor unit", expected)
    })?;
    Ok(Currency { code: code.to_owned(), minor_units: minor_units.into() })
}

/// A date, written as a string or as a TOML local date.
fn date(reader: &Reader, item: &Item) -> Result<NaiveDate, FileError> {
    let date = match item.value.get_ref() {
        DeValue::String(text) => values::date(text).ok(),
        DeValue::Datetime(Datetime { date: Some(date), time: None, offset: None }) => {
            NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
        }
        // A time of day, or one without a date.
        DeValue::Datetime(_) => None,
        _ => return Err(reader.wrong_type(item, EXPECTED_TERM_DATE)),
    };
    date.ok_or_else(|| reader.invalid(item, "is not a date", EXPECTED_TERM_DATE))
}

/// `weights`: counted statuses, by name or alias, each once, with their weights.
pub(crate) fn weight_table(
    reader: &Reader,
    item: &Item,
) -> Result<Vec<(Status, Decimal)>, FileError> {
    let table = Table::of(reader, item, EXPECTED_WEIGHTS)?;
    let mut weights: Vec<(Status, Decimal)> = Vec::new();
    for (name, item) in table.items() {
        let status = weighed_status(name).map_err(|problem| reader.error_at(&item, problem))?;
        if weights.iter().any(|&(weighed, _)| weighed == status) {
            let problem = format!("weighs {status} a second time (expected each status once)");
            return Err(reader.error_at(&item, problem));
        }
        weights.push((status, reader.decimal(&item, EXPECTED_WEIGHT, values::weight)?));
    }
    weights.sort_by_key(|&(status, _)| status);
    Ok(weights)
}

/// What a weights table is expected to be.
pub(crate) const EXPECTED_WEIGHTS: &str = "a table like { degraded_performance = \"0.2\" }";

/// A status that carries a weight, by name or alias; the error says why a name is not one.
pub(crate) fn weighed_status(name: &str) -> Result<Status, String> {
    let Some(status) = Status::parse(name.as_bytes()) else {
        return Err(format!("is not a status (expected {EXPECTED_STATUSES})"));
    };
    if status.is_excluded() {
        let counted: Vec<&str> = Weights::counted_statuses().map(Status::name).collect();
        return Err(format!(
            "is {status}, which has no weight: time under maintenance is left out of the counted \
             time (expected one of {})",
            alternatives(&counted)
        ));
    }
    Ok(status)
}

/// Where TOML that does not parse is, as far as the text says: the customer whose
/// `[[customer]]` table holds it (by its `name = "…"` line) and the key of its line.
fn syntax_context(text: &str, place: &SyntaxPlace) -> (Option<String>, Option<String>) {
    let customer =
        place.header.filter(|(_, header)| *header == "[[customer]]").and_then(|(index, _)| {
            text.lines()
                .skip(index + 1)
                .take_while(|line| !line.trim_start().starts_with('['))
                .filter_map(|line| line.split_once('='))
                .find(|(key, _)| key.trim() == "name")
                .and_then(|(_, value)| value.trim().strip_prefix('"')?.split('"').next())
                .map(customer_context)
        });
    (customer, place.key.clone())
}

/// The largest fee or credit: any currency's monthly fee fits, and fee × a month's
/// milliseconds × a percentage stays within what a decimal holds.
const MAX_MONEY: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

fn amount_of_money(number: Decimal) -> Result<Decimal, values::Complaint> {
    if number < Decimal::ZERO {
        Err("is negative")
    } else if number > MAX_MONEY {
        Err("is too large")
    } else {
        Ok(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example from the issue that asked for contracts.
    const EXAMPLE: &str = r#"[schedule.standard]            # reusable credit schedules
tiers = [ { below = "99.5", credit_percent = "10" },
          { below = "99.0", credit_percent = "30" },
          { below = "95.0", credit_percent = "100" } ]

[[customer]]
name = "Acme GmbH"
services = ["api", "portal"]   # or ["*"]
combine = "worst"              # or "platform"
schedule = "standard"          # or inline tiers = [...]
slo = "99.5"
time_zone = "Europe/Berlin"    # calendar months are measured in this zone
monthly_fee = "12000.00"
currency = "EUR"
cap_percent = "100"            # optional, default 100
minimum_credit = "1.00"        # optional: smaller credits are not issued
round_availability = 3         # optional: decimals applied before the tier lookup
rounding = "half-up"           # money rounding to the currency's minor unit; or "half-even"
start = "2026-10-15"           # optional contract start/end: the month is measured from
end = "2027-10-14"             #   there and the fee prorated by time
"#;

    /// A customer with only the required fields, on lines 1 to 6.
    const MINIMAL: &str = r#"[[customer]]
name = "Acme GmbH"
services = ["api"]
tiers = [{ below = "99.5", credit_percent = "10" }]
monthly_fee = "12000.00"
currency = "EUR"
"#;

    /// The minimal customer's tiers line.
    const INLINE_TIERS: &str = r#"tiers = [{ below = "99.5", credit_percent = "10" }]"#;

    fn customers(text: &str) -> Vec<Customer> {
        parse_contracts(text, "contracts.toml").unwrap().customers
    }

    /// The error for `text` in a file named `contracts.toml`, as printed.
    fn error(text: &str) -> String {
        parse_contracts(text, "contracts.toml").unwrap_err().to_string()
    }

    /// The error for the minimal customer with `lines` added from line 7.
    fn error_with(lines: &str) -> String {
        error(&format!("{MINIMAL}{lines}"))
    }

    /// The error for the minimal customer with `from` replaced by `to`.
    fn error_replacing(from: &str, to: &str) -> String {
        assert!(MINIMAL.contains(from), "{from}");
        error(&MINIMAL.replace(from, to))
    }

    fn decimal(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    fn tier(below: &str, credit_percent: &str) -> Tier {
        Tier { below: decimal(below), credit_percent: decimal(credit_percent) }
    }

    fn service(name: &str, optional: bool) -> CoveredService {
        CoveredService { name: name.to_owned(), optional }
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_issues_example_is_read_as_written() {
        let expected = Customer {
            name: "Acme GmbH".to_owned(),
            services: ServiceCoverage::Listed(vec![
                service("api", false),
                service("portal", false),
            ]),
            combine: Combine::Worst,
            schedule: Some("standard".to_owned()),
            tiers: vec![tier("99.5", "10"), tier("99.0", "30"), tier("95.0", "100")],
            slo_percent: decimal("99.5"),
            zone: chrono_tz::Europe::Berlin,
            monthly_fee: decimal("12000.00"),
            currency: Currency { code: "EUR".to_owned(), minor_units: 2 },
            cap_percent: decimal("100"),
            minimum_credit: decimal("1.00"),
            round_availability: Some(3),
            rounding: MoneyRounding::HalfUp,
            start: Some(date("2026-10-15")),
            end: Some(date("2027-10-14")),
            weights: Vec::new(),
            origin: "contracts.toml:6".to_owned(),
        };
        assert_eq!(customers(EXAMPLE), [expected]);
    }

    #[test]
    fn optional_fields_have_defaults() {
        let [customer] = customers(MINIMAL).try_into().unwrap();
        assert_eq!(customer.combine, Combine::Worst);
        assert_eq!(customer.schedule, None);
        assert_eq!(customer.tiers, [tier("99.5", "10")]);
        // The objective is where the credits begin.
        assert_eq!(customer.slo_percent, decimal("99.5"));
        assert_eq!(customer.zone, Tz::UTC);
        assert_eq!(customer.cap_percent, Decimal::ONE_HUNDRED);
        assert_eq!(customer.minimum_credit, Decimal::ZERO);
        assert_eq!(customer.round_availability, None);
        assert_eq!(customer.rounding, MoneyRounding::HalfUp);
        assert_eq!((customer.start, customer.end), (None, None));
        assert_eq!(customer.weights, []);
        assert_eq!(customer.origin, "contracts.toml:1");
    }

    #[test]
    fn weights_optional_services_toml_numbers_and_dates_are_read() {
        let text = r#"
            [schedule.gold]
            tiers = [{ below = 99.9, credit_percent = 25 }, { below = 99, credit_percent = 1e2 }]

            [[customer]]
            name = "Globex"
            services = ["*"]
            schedule = "gold"
            monthly_fee = 1_500
            currency = "JPY"
            combine = "Platform"
            rounding = "half-even"
            start = 2026-01-01
            weights = { down = "1", degraded = "0.2", "partial outage" = 0.5 }

            [[customer]]
            name = "Initech"
            services = ["api", { name = "legacy", optional = true }, { name = "batch" }]
            schedule = "gold"
            slo = 99.95
            monthly_fee = "100.000"
            currency = "BHD"
            round_availability = "0"
        "#;
        let [globex, initech] = customers(text).try_into().unwrap();
        let gold = [tier("99.9", "25"), tier("99", "100")];
        assert_eq!(globex.services, ServiceCoverage::Every);
        assert_eq!(globex.tiers, gold);
        assert_eq!(globex.slo_percent, decimal("99.9"));
        assert_eq!(globex.monthly_fee, Decimal::from(1500));
        assert_eq!(globex.currency, Currency { code: "JPY".to_owned(), minor_units: 0 });
        assert_eq!(globex.combine, Combine::Platform);
        assert_eq!(globex.rounding, MoneyRounding::HalfEven);
        assert_eq!(globex.start, Some(date("2026-01-01")));
        assert_eq!(
            globex.weights,
            [
                (Status::DegradedPerformance, decimal("0.2")),
                (Status::PartialOutage, decimal("0.5")),
                (Status::MajorOutage, Decimal::ONE),
            ]
        );
        assert_eq!(globex.origin, "contracts.toml:5");

        assert_eq!(
            initech.services,
            ServiceCoverage::Listed(vec![
                service("api", false),
                service("legacy", true),
                service("batch", false)
            ])
        );
        assert_eq!(initech.schedule.as_deref(), Some("gold"));
        assert_eq!(initech.tiers, gold);
        // Exactly 99.95, not the double nearest to it.
        assert_eq!(initech.slo_percent, decimal("99.95"));
        assert_eq!(initech.currency.minor_units, 3);
        assert_eq!(initech.round_availability, Some(0));
    }

    #[test]
    fn errors_carry_the_file_line_customer_and_field() {
        let error = parse_contracts(&format!("{MINIMAL}slo = \"0\"\n"), "sla/contracts.toml");
        assert_eq!(
            error,
            Err(FileError {
                file: "sla/contracts.toml".to_owned(),
                line: 7,
                context: Some("customer \"Acme GmbH\"".to_owned()),
                field: Some("slo".to_owned()),
                problem: "\"0\" is not above 0 and at most 100 (expected a percentage above 0 \
                          and at most 100, like 99.5)"
                    .to_owned(),
            })
        );
    }

    #[test]
    fn toml_syntax_errors_keep_tomls_message() {
        assert_eq!(
            error_with("cap_percent = 100%\n"),
            "contracts.toml:7: customer \"Acme GmbH\": cap_percent is not valid TOML at column 15: \
             string values must be quoted, expected literal string"
        );
        assert_eq!(
            error_with("name = \"Acme\"\n"),
            "contracts.toml:7: customer \"Acme GmbH\": name is not valid TOML at column 1: \
             duplicate key"
        );
    }

    #[test]
    fn unknown_fields_are_named_with_the_known_ones() {
        assert_eq!(
            error(&format!("customers = []\n{MINIMAL}")),
            "contracts.toml:1: customers is not a known field: did you mean customer? (expected \
             one of schedule or customer)"
        );
        assert_eq!(
            error_with("montly_fee = \"1\"\n"),
            "contracts.toml:7: customer \"Acme GmbH\": montly_fee is not a known field: did you \
             mean monthly_fee? (expected one of name, services, combine, schedule, tiers, slo, time_zone, monthly_fee, \
             currency, cap_percent, minimum_credit, round_availability, rounding, start, end or \
             weights)"
        );
        assert_eq!(
            error(&format!("[schedule.standard]\ntier = []\n{MINIMAL}")),
            "contracts.toml:2: schedule.standard.tier is not a known field: did you mean tiers? \
             (expected tiers)"
        );
        assert_eq!(
            error_replacing("credit_percent", "credit"),
            "contracts.toml:4: customer \"Acme GmbH\": tiers[0].credit is not a known field \
             (expected one of below or credit_percent)"
        );
        assert_eq!(
            error_replacing(r#"["api"]"#, r#"[{ name = "api", optinal = true }]"#),
            "contracts.toml:3: customer \"Acme GmbH\": services[0].optinal is not a known field: \
             did you mean optional? (expected one of name or optional)"
        );
    }

    #[test]
    fn missing_fields_point_at_the_customers_header() {
        // A second customer, on lines 7 on, without the line that starts with `key`.
        let second_without = |key: &str| {
            let second: String = MINIMAL
                .lines()
                .filter(|line| !line.starts_with(key))
                .map(|line| format!("{line}\n"))
                .collect();
            error(&format!("{}{second}", MINIMAL.replace("Acme GmbH", "Initech")))
        };
        assert_eq!(
            second_without("name"),
            "contracts.toml:7: name is missing (expected the customer's name, like \"Acme GmbH\")"
        );
        assert_eq!(
            second_without("services"),
            "contracts.toml:7: customer \"Acme GmbH\": services is missing (expected a list of \
             services or groups like [\"api\", \"portal\"], or [\"*\"] for every service)"
        );
        assert_eq!(
            second_without("monthly_fee"),
            "contracts.toml:7: customer \"Acme GmbH\": monthly_fee is missing (expected an amount \
             of money from 0 to 1000000000000000 (10^15), like \"12000.00\")"
        );
        assert_eq!(
            second_without("currency"),
            "contracts.toml:7: customer \"Acme GmbH\": currency is missing (expected an ISO 4217 \
             code of three uppercase letters, like \"EUR\")"
        );
        assert_eq!(
            second_without("tiers"),
            "contracts.toml:7: customer \"Acme GmbH\": schedule is missing (expected either \
             schedule = \"NAME\" for a [schedule.NAME] table, or inline tiers = [...])"
        );
    }

    #[test]
    fn money_is_a_decimal_of_at_least_0() {
        assert_eq!(
            error_replacing(r#""12000.00""#, r#""-5.00""#),
            "contracts.toml:5: customer \"Acme GmbH\": monthly_fee \"-5.00\" is negative \
             (expected an amount of money from 0 to 1000000000000000 (10^15), like \"12000.00\")"
        );
        assert_eq!(
            error_replacing(r#""12000.00""#, r#""12k""#),
            "contracts.toml:5: customer \"Acme GmbH\": monthly_fee \"12k\" is not a decimal \
             number (expected an amount of money from 0 to 1000000000000000 (10^15), like \"12000.00\")"
        );
        assert_eq!(
            error_replacing(r#""12000.00""#, "true"),
            "contracts.toml:5: customer \"Acme GmbH\": monthly_fee true is a boolean (expected an \
             amount of money from 0 to 1000000000000000 (10^15), like \"12000.00\")"
        );
        assert_eq!(
            error_with("minimum_credit = -1\n"),
            "contracts.toml:7: customer \"Acme GmbH\": minimum_credit -1 is negative (expected an \
             amount of money from 0 to 1000000000000000 (10^15), like \"1.00\")"
        );
        assert_eq!(
            error_with("cap_percent = \"120\"\n"),
            "contracts.toml:7: customer \"Acme GmbH\": cap_percent \"120\" is not between 0 and \
             100 (expected a percentage of the monthly fee from 0 to 100, like \"100\")"
        );
    }

    #[test]
    fn currencies_are_iso_4217_codes_with_a_minor_unit() {
        assert_eq!(
            error_replacing(r#""EUR""#, r#""eur""#),
            "contracts.toml:6: customer \"Acme GmbH\": currency \"eur\" is not a currency code \
             (expected an ISO 4217 code of three uppercase letters, like \"EUR\")"
        );
        assert_eq!(
            error_replacing(r#""EUR""#, r#""EUX""#),
            "contracts.toml:6: customer \"Acme GmbH\": currency \"EUX\" is unknown (expected a \
             currency in ISO 4217, like \"EUR\" or \"USD\")"
        );
        assert_eq!(
            error_replacing(r#""EUR""#, r#""XAU""#),
            "contracts.toml:6: customer \"Acme GmbH\": currency \"XAU\" has no minor unit \
             (expected a currency of money, with a minor unit like the cent of \"EUR\")"
        );
    }

    #[test]
    fn tiers_come_from_a_schedule_or_inline() {
        let schedules = r#"[schedule.standard]
tiers = [{ below = "99", credit_percent = "10" }]
[schedule.premium]
tiers = [{ below = "99.9", credit_percent = "10" }]
"#;
        let gold = MINIMAL.replace(INLINE_TIERS, r#"schedule = "gold""#);
        assert_eq!(
            error(&format!("{schedules}{gold}")),
            "contracts.toml:8: customer \"Acme GmbH\": schedule \"gold\" is unknown (expected the \
             name of a [schedule.NAME] table: \"premium\" or \"standard\")"
        );
        assert_eq!(
            error(&gold),
            "contracts.toml:4: customer \"Acme GmbH\": schedule \"gold\" is unknown (expected the \
             name of a [schedule.NAME] table, and the file has none)"
        );
        assert_eq!(
            error_with("schedule = \"standard\"\n"),
            "contracts.toml:4: customer \"Acme GmbH\": tiers is given as well as schedule \
             (expected either schedule = \"NAME\" for a [schedule.NAME] table, or inline tiers = \
             [...], not both)"
        );
        assert_eq!(
            error_replacing(&format!("{INLINE_TIERS}\n"), ""),
            "contracts.toml:1: customer \"Acme GmbH\": schedule is missing (expected either \
             schedule = \"NAME\" for a [schedule.NAME] table, or inline tiers = [...])"
        );
        assert_eq!(
            error(&format!("[schedule.standard]\n{MINIMAL}")),
            "contracts.toml:1: schedule.standard.tiers is missing (expected a list of tiers like \
             [{ below = \"99.5\", credit_percent = \"10\" }, ...])"
        );
    }

    #[test]
    fn tiers_decrease_in_percentages() {
        assert_eq!(
            error_replacing(INLINE_TIERS, "tiers = []"),
            "contracts.toml:4: customer \"Acme GmbH\": tiers is empty (expected a list of tiers \
             like [{ below = \"99.5\", credit_percent = \"10\" }, ...])"
        );
        let out_of_order = r#"tiers = [
    { below = "99.5", credit_percent = "10" },
    { below = "99.5", credit_percent = "30" },
]"#;
        assert_eq!(
            error_replacing(INLINE_TIERS, out_of_order),
            "contracts.toml:6: customer \"Acme GmbH\": tiers[1].below \"99.5\" is out of order \
             (expected each tier's below lower than the one before, which is 99.5 in tiers[0])"
        );
        assert_eq!(
            error(&format!("[schedule.standard]\n{out_of_order}\n{MINIMAL}")),
            "contracts.toml:4: schedule.standard.tiers[1].below \"99.5\" is out of order \
             (expected each tier's below lower than the one before, which is 99.5 in \
             schedule.standard.tiers[0])"
        );
        assert_eq!(
            error_replacing(r#""99.5""#, r#""100.5""#),
            "contracts.toml:4: customer \"Acme GmbH\": tiers[0].below \"100.5\" is not between 0 \
             and 100 (expected an availability in percent from 0 to 100, like \"99.5\")"
        );
        assert_eq!(
            error_replacing(r#""10""#, r#""-10""#),
            "contracts.toml:4: customer \"Acme GmbH\": tiers[0].credit_percent \"-10\" is not \
             between 0 and 100 (expected a credit in percent of the monthly fee from 0 to 100, \
             like \"10\")"
        );
    }

    #[test]
    fn keywords_zones_and_dates_are_checked() {
        assert_eq!(
            error_with("combine = \"best\"\n"),
            "contracts.toml:7: customer \"Acme GmbH\": combine \"best\" is unknown (expected \
             \"worst\" or \"platform\")"
        );
        assert_eq!(
            error_with("rounding = \"up\"\n"),
            "contracts.toml:7: customer \"Acme GmbH\": rounding \"up\" is unknown (expected \
             \"half-up\" or \"half-even\")"
        );
        assert_eq!(
            error_with("time_zone = \"Mars/Olympus\"\n"),
            "contracts.toml:7: customer \"Acme GmbH\": time_zone \"Mars/Olympus\" is unknown \
             (expected an IANA time zone like UTC or Europe/Berlin)"
        );
        assert_eq!(
            error_with("round_availability = 11\n"),
            "contracts.toml:7: customer \"Acme GmbH\": round_availability 11 is not a whole \
             number from 0 to 10 (expected the decimal places availability is rounded to, like 3)"
        );
        assert_eq!(
            error_with("round_availability = 2.0\n"),
            "contracts.toml:7: customer \"Acme GmbH\": round_availability 2.0 is a float \
             (expected the decimal places availability is rounded to, like 3)"
        );
        assert_eq!(
            error_with("start = \"2026-02-30\"\n"),
            "contracts.toml:7: customer \"Acme GmbH\": start \"2026-02-30\" is not a date \
             (expected a date like \"2026-10-15\")"
        );
        assert_eq!(
            error_with("start = 2026-10-15T00:00:00\n"),
            "contracts.toml:7: customer \"Acme GmbH\": start 2026-10-15T00:00:00 is not a date \
             (expected a date like \"2026-10-15\")"
        );
        assert_eq!(
            error_with("start = \"2026-10-15\"\nend = 2026-10-14\n"),
            "contracts.toml:8: customer \"Acme GmbH\": end 2026-10-14 is before the start, \
             2026-10-15 (expected the term's last day, on or after its first)"
        );
    }

    #[test]
    fn weights_are_for_counted_statuses_between_0_and_1() {
        assert_eq!(
            error_with("weights = { slow = \"0.5\" }\n"),
            "contracts.toml:7: customer \"Acme GmbH\": weights.slow is not a status (expected one \
             of operational, degraded_performance, partial_outage, major_outage, \
             under_maintenance, or an alias: up, ok, degraded, partial, major, down, outage, \
             maintenance)"
        );
        assert_eq!(
            error_with("weights = { degraded = \"1.5\" }\n"),
            "contracts.toml:7: customer \"Acme GmbH\": weights.degraded \"1.5\" is not between 0 \
             and 1 (expected a weight from 0 to 1, like 0.2)"
        );
        assert_eq!(
            error_with("weights = { maintenance = \"0\" }\n"),
            "contracts.toml:7: customer \"Acme GmbH\": weights.maintenance is under_maintenance, \
             which has no weight: time under maintenance is left out of the counted time \
             (expected one of operational, degraded_performance, partial_outage or major_outage)"
        );
        assert_eq!(
            error_with("[customer.weights]\ndegraded = \"0.1\"\ndegraded_performance = \"0.2\"\n"),
            "contracts.toml:9: customer \"Acme GmbH\": weights.degraded_performance weighs \
             degraded_performance a second time (expected each status once)"
        );
    }

    #[test]
    fn services_are_listed_once_each() {
        assert_eq!(
            error_replacing(r#"["api"]"#, "[]"),
            "contracts.toml:3: customer \"Acme GmbH\": services is empty (expected a list of \
             services or groups like [\"api\", \"portal\"], or [\"*\"] for every service)"
        );
        assert_eq!(
            error_replacing(r#"["api"]"#, r#""api""#),
            "contracts.toml:3: customer \"Acme GmbH\": services \"api\" is a string (expected a \
             list of services or groups like [\"api\", \"portal\"], or [\"*\"] for every service)"
        );
        assert_eq!(
            error_replacing(r#"["api"]"#, r#"["api", "portal", { name = "api" }]"#),
            "contracts.toml:3: customer \"Acme GmbH\": services[2] \"api\" is listed twice \
             (expected each service once; it is services[0] too)"
        );
        assert_eq!(
            error_replacing(r#"["api"]"#, r#"["api", "*"]"#),
            "contracts.toml:3: customer \"Acme GmbH\": services[1] \"*\" stands for every \
             service, so it cannot be listed with others (expected [\"*\"] alone, or only names)"
        );
        assert_eq!(
            error_replacing(r#"["api"]"#, r#"[" "]"#),
            "contracts.toml:3: customer \"Acme GmbH\": services[0] \" \" is blank (expected a \
             service's or group's name, like \"api\")"
        );
    }

    #[test]
    fn there_are_customers_each_named_once() {
        assert_eq!(
            error(&format!("{MINIMAL}\n{MINIMAL}")),
            "contracts.toml:9: customer \"Acme GmbH\": name \"Acme GmbH\" is also the name of the \
             customer at contracts.toml:1 (expected each customer once, by a name of its own)"
        );
        let none = "contracts.toml:1: there are no customers (expected at least one [[customer]] \
                    table)";
        assert_eq!(error(""), none);
        assert_eq!(
            error("[schedule.standard]\ntiers = [{ below = \"99\", credit_percent = \"10\" }]"),
            none
        );
        assert_eq!(
            error("[customer]\nname = \"Acme\"\n"),
            "contracts.toml:1: customer is a table (expected [[customer]] tables)"
        );
    }
}
