//! The values settings take, each checked here and nowhere else, whichever front end gives it:
//! the command line, the config file or a contracts file. A check says what is wrong with a
//! value; the front end says where the value was, and what the setting expects.

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;
use rust_decimal::Decimal;

/// What is wrong with a value, like `is not between 0 and 1`; it follows the value as written.
pub type Complaint = &'static str;

/// What an objective is expected to be.
pub const EXPECTED_OBJECTIVE: &str = "a percentage above 0 and at most 100, like 99.5";
/// What a weight is expected to be.
pub const EXPECTED_WEIGHT: &str = "a weight from 0 to 1, like 0.2";
/// What a time zone is expected to be.
pub const EXPECTED_ZONE: &str = "an IANA time zone like UTC or Europe/Berlin";
/// What a size in bytes is expected to be.
pub const EXPECTED_SIZE: &str = "a size from 1K to 1T, like 16M (binary units: 1K is 1024 bytes)";
/// What a CSV delimiter is expected to be.
pub const EXPECTED_DELIMITER: &str = "one ASCII character like ; or |, or tab";
/// What a date is expected to be.
pub const EXPECTED_DATE: &str = "a date like 2026-10-15";

/// A decimal number, exactly as written: `99.95` is 99.95, not the double nearest to it.
pub fn decimal(text: &str) -> Result<Decimal, Complaint> {
    Decimal::from_str_exact(text.trim()).map_err(|error| match error {
        rust_decimal::Error::Underflow => "has more than the 28 decimal places that are kept",
        _ => "is not a decimal number",
    })
}

/// An objective in percent: above 0, at most 100.
pub fn objective(percent: Decimal) -> Result<Decimal, Complaint> {
    if percent > Decimal::ZERO && percent <= Decimal::ONE_HUNDRED {
        Ok(percent)
    } else {
        Err("is not above 0 and at most 100")
    }
}

/// A percentage from 0 to 100, both included.
pub fn percentage(percent: Decimal) -> Result<Decimal, Complaint> {
    if (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&percent) {
        Ok(percent)
    } else {
        Err("is not between 0 and 100")
    }
}

/// A weight: the share of a status's time that is downtime, from 0 to 1.
pub fn weight(weight: Decimal) -> Result<Decimal, Complaint> {
    if (Decimal::ZERO..=Decimal::ONE).contains(&weight) {
        Ok(weight)
    } else {
        Err("is not between 0 and 1")
    }
}

/// A size in bytes: a whole number, with `K`, `M`, `G` or `T` (also written `KB`, `KiB`…)
/// for binary thousands, from 1K to 1T.
pub fn byte_size(text: &str) -> Result<u64, Complaint> {
    let text = text.trim();
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err("is not a size"),
    };
    let bytes = number.parse::<u64>().map_err(|_| "is not a size")?.checked_shl(shift);
    bytes.filter(|bytes| (1 << 10..=1 << 40).contains(bytes)).ok_or("is not from 1K to 1T")
}

/// A size as [`byte_size`] reads it, in its largest whole unit: `16M`, `1536K`, `2000`.
pub fn size_text(bytes: u64) -> String {
    let units = [(40, "T"), (30, "G"), (20, "M"), (10, "K")];
    match units.into_iter().find(|(shift, _)| bytes != 0 && bytes % (1 << shift) == 0) {
        Some((shift, unit)) => format!("{}{unit}", bytes >> shift),
        None => bytes.to_string(),
    }
}

/// An IANA time zone, by its name in any case (`utc` is `UTC`); `Z` is UTC, as in timestamps.
pub fn zone(name: &str) -> Result<Tz, Complaint> {
    let name = name.trim();
    if name.eq_ignore_ascii_case("z") {
        return Ok(Tz::UTC);
    }
    chrono_tz::TZ_VARIANTS
        .into_iter()
        .find(|zone| zone.name().eq_ignore_ascii_case(name))
        .ok_or("is unknown")
}

/// A calendar date written `YYYY-MM-DD`, in the years 0001 to 9999.
pub fn date(text: &str) -> Result<NaiveDate, Complaint> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|date| text.len() == 10 && date.year() >= 1)
        .ok_or("is not a date")
}

/// How an option states a value it refuses: `"0" is not above 0 and at most 100 (expected …)`.
/// The byte between a CSV file's fields: one ASCII character other than a quote or a line
/// end, or `tab` (or `\t`) for a tab.
pub fn delimiter(text: &str) -> Result<u8, Complaint> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if text.len() != 1 => Err("is not one character"),
        "\"" | "\n" | "\r" => Err("cannot separate fields: it quotes or ends them"),
        _ if !text.is_ascii() => Err("is not an ASCII character"),
        _ => Ok(text.as_bytes()[0]),
    }
}

pub fn refused(text: &str, complaint: Complaint, expected: &str) -> String {
    format!("{} {complaint} (expected {expected})", crate::error::shown(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_exactly_and_checked() {
        assert_eq!(decimal(" 99.95 "), Ok(Decimal::new(9995, 2)));
        assert_eq!(decimal("abc"), Err("is not a decimal number"));
        assert_eq!(decimal(""), Err("is not a decimal number"));
        assert!(decimal("0.99999999999999999999999999999").unwrap_err().contains("28 decimal"));
        assert_eq!(objective(Decimal::ONE_HUNDRED), Ok(Decimal::ONE_HUNDRED));
        assert!(objective(Decimal::ZERO).is_err());
        assert!(objective(Decimal::new(1001, 1)).is_err());
        assert_eq!(percentage(Decimal::ZERO), Ok(Decimal::ZERO));
        assert!(percentage(Decimal::new(-1, 0)).is_err());
        assert_eq!(weight(Decimal::ONE), Ok(Decimal::ONE));
        assert_eq!(weight(Decimal::new(15, 1)), Err("is not between 0 and 1"));
    }

    #[test]
    fn sizes_are_bytes_in_binary_units() {
        assert_eq!(byte_size("16M"), Ok(16 << 20));
        assert_eq!(byte_size("16 MiB"), Ok(16 << 20));
        assert_eq!(byte_size("1k"), Ok(1024));
        assert_eq!(byte_size("65536"), Ok(65536));
        assert_eq!(byte_size("1T"), Ok(1 << 40));
        assert_eq!(byte_size("2T"), Err("is not from 1K to 1T"));
        assert_eq!(byte_size("100"), Err("is not from 1K to 1T"));
        assert_eq!(byte_size("16X"), Err("is not a size"));
        assert_eq!(byte_size("M"), Err("is not a size"));
        assert_eq!(byte_size("99999999999999999999G"), Err("is not a size"));
        for size in ["16M", "1536K", "2000", "1T"] {
            assert_eq!(size_text(byte_size(size).unwrap()), size);
        }
    }

    #[test]
    fn zones_are_iana_names_and_dates_are_days() {
        assert_eq!(zone("Europe/Berlin").unwrap().name(), "Europe/Berlin");
        assert_eq!(zone("utc"), Ok(Tz::UTC));
        assert_eq!(zone("Z"), Ok(Tz::UTC));
        assert_eq!(zone("Mars/Olympus"), Err("is unknown"));
        assert_eq!(date("2026-10-15"), Ok(NaiveDate::from_ymd_opt(2026, 10, 15).unwrap()));
        assert_eq!(date("2026-02-30"), Err("is not a date"));
        assert_eq!(date("2026-1-5"), Err("is not a date"));
        assert_eq!(date("0000-01-01"), Err("is not a date"));
        assert_eq!(date("-001-01-01"), Err("is not a date"));
        assert_eq!(date("0001-01-01").unwrap().year(), 1);
        assert_eq!(
            refused("0", "is not above 0 and at most 100", EXPECTED_OBJECTIVE),
            "\"0\" is not above 0 and at most 100 (expected a percentage above 0 and at most \
             100, like 99.5)"
        );
    }
}
