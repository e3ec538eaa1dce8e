//! Exact decimals written as JSON numbers: the double nearest the exact value, so a reader
//! gets the best a JSON number can carry. Where a figure must stay exact (money), it is
//! written as text instead.

use std::fmt;

use rust_decimal::Decimal;

use crate::exact::Exact;
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

/// A decimal as a JSON number: the double nearest it.
pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(Exact::from(value).nearest_double())
}
