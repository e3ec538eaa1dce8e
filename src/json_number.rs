//! Exact decimals written as JSON numbers: the double nearest the exact value, so a reader
//! gets the best a JSON number can carry. Where a figure must stay exact (money), it is
//! written as text instead.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serializer;

/// A value written as its text: money and percentages that must not pass through a double,
/// and values known by their written form.
pub fn text<T: fmt::Display, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// [`text`], or null.
pub fn text_option<T: fmt::Display, S: Serializer>(
    value: &Option<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.collect_str(value),
        None => serializer.serialize_none(),
    }
}

pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(nearest_double(value))
}

pub fn serialize_option<S: Serializer>(
    value: &Option<Decimal>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.serialize_some(&nearest_double(value)),
        None => serializer.serialize_none(),
    }
}

/// Parsing the decimal's digits rounds once, correctly; converting its parts would round twice.
fn nearest_double(value: &Decimal) -> f64 {
    value.to_string().parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_double_is_chosen() {
        let exact: Decimal = "99.80428024329803649764211158".parse().unwrap();
        assert_eq!(nearest_double(&exact), 99.80428024329804);
        assert_eq!(nearest_double(&Decimal::new(1, 1)), 0.1);
        assert_eq!(nearest_double(&Decimal::new(-58_3789, 2)), -5837.89);
    }
}
