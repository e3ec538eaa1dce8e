//! Exact rational numbers: every figure is computed, and every decision made, on the exact
//! value. A number is rounded only where it is written: to the double nearest it in JSON and
//! CSV, to 28 significant digits as decimal text, to a fixed number of places in tables.
//!
//! The inputs are decimals and integer milliseconds, so every figure is a ratio of integers;
//! big integers carry it whatever the precision of the weights and objectives, so nothing
//! overflows and no comparison is made on a rounded value.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Mul, Neg, Sub};

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_rational::Ratio;
use num_traits::{Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

/// The significant digits decimal text keeps.
pub const SIGNIFICANT_DIGITS: u32 = 28;

/// An exact rational number. It is kept unreduced: the figures are short chains of
/// arithmetic, and reducing costs more than it saves. Most figures fit in 128 bits, and are
/// kept so, without allocating; the others in big integers.
#[derive(Clone, Debug)]
pub struct Exact(Repr);

#[derive(Clone, Debug)]
enum Repr {
    /// Numerator and denominator; the denominator is above 0.
    Small(i128, i128),
    /// The same in big integers, boxed so that an `Exact` stays small.
    Big(Box<(BigInt, BigInt)>),
}

/// How a number is rounded to a number of decimal places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Toward zero: a table never shows more availability than there was.
    TowardZero,
    /// Away from zero: a table never shows less of a budget spent than was.
    AwayFromZero,
    /// To the nearest, a half away from zero.
    HalfUp,
    /// To the nearest, a half to the even neighbour.
    HalfEven,
}

impl Exact {
    /// `numer ÷ denom`; `None` when `denom` is 0.
    pub fn ratio(numer: impl Into<BigInt>, denom: impl Into<BigInt>) -> Option<Exact> {
        let (numer, denom) = (numer.into(), denom.into());
        match denom.sign() {
            Sign::NoSign => None,
            Sign::Plus => Some(Exact::big(numer, denom)),
            Sign::Minus => Some(Exact::big(-numer, -denom)),
        }
    }

    /// From big integers, `denom` above 0: small when both fit.
    fn big(numer: BigInt, denom: BigInt) -> Exact {
        match (numer.to_i128(), denom.to_i128()) {
            (Some(numer), Some(denom)) => Exact(Repr::Small(numer, denom)),
            _ => Exact(Repr::Big(Box::new((numer, denom)))),
        }
    }

    /// `numer ÷ denom` with `denom` above 0, if both are known to fit.
    fn small(numer: Option<i128>, denom: Option<i128>) -> Option<Exact> {
        Some(Exact(Repr::Small(numer?, denom?)))
    }

    /// Numerator and denominator as big integers, for the arithmetic that may not fit.
    fn parts(&self) -> (BigInt, BigInt) {
        match &self.0 {
            Repr::Small(numer, denom) => (BigInt::from(*numer), BigInt::from(*denom)),
            Repr::Big(parts) => (parts.0.clone(), parts.1.clone()),
        }
    }

    pub fn zero() -> Exact {
        Exact::from(0)
    }

    pub fn one() -> Exact {
        Exact::from(1)
    }

    pub fn hundred() -> Exact {
        Exact::from(100)
    }

    /// A count.
    pub fn count(count: u64) -> Exact {
        Exact(Repr::Small(count.into(), 1))
    }

    /// A number of milliseconds as seconds.
    pub fn seconds(ms: i64) -> Exact {
        Exact(Repr::Small(ms.into(), 1000))
    }

    /// `self ÷ divisor` for a divisor above 0.
    fn divided_by(&self, divisor: i128) -> Exact {
        if let Repr::Small(numer, denom) = self.0 {
            if let Some(exact) = Exact::small(Some(numer), denom.checked_mul(divisor)) {
                return exact;
            }
        }
        let (numer, denom) = self.parts();
        Exact::big(numer, denom * divisor)
    }

    /// A percentage as a fraction: ÷ 100.
    pub fn percent_as_fraction(&self) -> Exact {
        self.divided_by(100)
    }

    /// Milliseconds as seconds: ÷ 1000.
    pub fn ms_as_seconds(&self) -> Exact {
        self.divided_by(1000)
    }

    fn sign(&self) -> Ordering {
        match &self.0 {
            Repr::Small(numer, _) => numer.cmp(&0),
            Repr::Big(parts) => parts.0.sign().cmp(&Sign::NoSign),
        }
    }

    pub fn is_zero(&self) -> bool {
        self.sign() == Ordering::Equal
    }

    pub fn is_positive(&self) -> bool {
        self.sign() == Ordering::Greater
    }

    pub fn is_negative(&self) -> bool {
        self.sign() == Ordering::Less
    }

    pub fn abs(&self) -> Exact {
        if self.is_negative() { -self } else { self.clone() }
    }

    /// `self ÷ divisor`; `None` when `divisor` is 0.
    pub fn checked_div(&self, divisor: &Exact) -> Option<Exact> {
        if let (Repr::Small(a, b), Repr::Small(c, d)) = (&self.0, &divisor.0) {
            let (numer, denom) = (a.checked_mul(*d), b.checked_mul(*c));
            match denom {
                Some(0) => return None,
                Some(denom) if denom > 0 => {
                    if let Some(exact) = Exact::small(numer, Some(denom)) {
                        return Some(exact);
                    }
                }
                _ => {}
            }
        }
        let ((a, b), (c, d)) = (self.parts(), divisor.parts());
        Exact::ratio(a * d, b * c)
    }

    /// The double nearest the exact value, a tie to the even one: what a JSON number can carry.
    pub fn nearest_double(&self) -> f64 {
        // Both exact as doubles: one division, correctly rounded.
        const EXACT_IN_A_DOUBLE: i128 = 1 << 53;
        if let Repr::Small(numer, denom) = self.0 {
            if numer.abs() <= EXACT_IN_A_DOUBLE && denom <= EXACT_IN_A_DOUBLE {
                return numer as f64 / denom as f64;
            }
        }
        let (numer, denom) = self.parts();
        Ratio::new_raw(numer, denom).to_f64().unwrap_or(f64::NAN)
    }

    /// Rounded to `places` decimal places.
    pub fn round(&self, places: u32, rounding: Rounding) -> Exact {
        let (numer, denom) = self.parts();
        let scale = pow10(places);
        Exact::big(divide(numer * &scale, &denom, rounding), scale)
    }

    /// Rounded to `places` decimal places and written with exactly that many: `99.446`.
    pub fn fixed(&self, places: u32, rounding: Rounding) -> String {
        let (numer, denom) = self.parts();
        let scaled = divide(numer * pow10(places), &denom, rounding);
        digits_with_point(&scaled, places as i64, false)
    }

    /// The integer nearest, a half away from zero, if it fits.
    pub fn to_i64(&self) -> Option<i64> {
        let (numer, denom) = self.parts();
        divide(numer, &denom, Rounding::HalfUp).to_i64()
    }

    /// The same value as a decimal, if it is one that a [`Decimal`] holds exactly.
    pub fn to_decimal(&self) -> Option<Decimal> {
        let (numer, denom) = self.parts();
        (0..=28).find_map(|places| {
            let (scaled, rest) = (&numer * pow10(places)).div_rem(&denom);
            if !rest.is_zero() {
                return None;
            }
            Decimal::try_from_i128_with_scale(scaled.to_i128()?, places).ok()
        })
    }
}

/// The most a [`Decimal`] can hold: 2⁹⁶ − 1 as its integer part.
const DECIMAL_MANTISSA_BITS: u64 = 96;

impl Exact {
    /// The [`Decimal`] nearest, with as many of its 28 decimal places as its 96 bits hold,
    /// a half to even; `None` beyond its range. For estimates, where nothing is decided.
    pub fn approximate_decimal(&self) -> Option<Decimal> {
        let (numer, denom) = self.parts();
        (0..=28).rev().find_map(|places: u32| {
            let scaled = divide(&numer * pow10(places), &denom, Rounding::HalfEven);
            (scaled.bits() <= DECIMAL_MANTISSA_BITS)
                .then(|| Decimal::try_from_i128_with_scale(scaled.to_i128()?, places).ok())
                .flatten()
        })
    }
}

/// An exact number written with at least `places` decimal places, as a decimal string: money
/// in its currency's minor unit (`1250.00`), an availability rounded to three places
/// (`99.500`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WithPlaces {
    pub value: Exact,
    pub places: u32,
}

impl fmt::Display for WithPlaces {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value.decimal_text(self.places))
    }
}

impl Serialize for WithPlaces {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl From<i64> for Exact {
    fn from(value: i64) -> Exact {
        Exact(Repr::Small(value.into(), 1))
    }
}

impl From<Decimal> for Exact {
    fn from(value: Decimal) -> Exact {
        // A mantissa has 96 bits and a scale at most 28: 10²⁸ < 2¹²⁷.
        Exact(Repr::Small(value.mantissa(), 10_i128.pow(value.scale())))
    }
}

impl From<&Decimal> for Exact {
    fn from(value: &Decimal) -> Exact {
        Exact::from(*value)
    }
}

fn pow10(exponent: u32) -> BigInt {
    num_traits::pow(BigInt::from(10), exponent as usize)
}

/// `numer ÷ denom` (`denom` above 0) rounded to an integer.
fn divide(numer: BigInt, denom: &BigInt, rounding: Rounding) -> BigInt {
    let (quotient, rest) = numer.div_rem(denom);
    if rest.is_zero() {
        return quotient;
    }
    // The quotient is truncated toward zero; `away` is the next integer away from zero.
    let away = if numer.is_negative() { &quotient - 1 } else { &quotient + 1 };
    let twice_rest: BigInt = rest.abs() * 2;
    let round_away = match rounding {
        Rounding::TowardZero => false,
        Rounding::AwayFromZero => true,
        Rounding::HalfUp => twice_rest >= *denom,
        Rounding::HalfEven => match twice_rest.cmp(denom) {
            Ordering::Less => false,
            Ordering::Greater => true,
            Ordering::Equal => quotient.is_odd(),
        },
    };
    if round_away { away } else { quotient }
}

/// The integer `scaled` as a decimal with `places` digits after the point (none when
/// `places` ≤ 0, with `-places` zeros appended), trailing zeros trimmed when `trim`.
fn digits_with_point(scaled: &BigInt, places: i64, trim: bool) -> String {
    let sign = if scaled.is_negative() { "-" } else { "" };
    let mut digits = scaled.abs().to_string();
    if places <= 0 {
        digits.extend(std::iter::repeat_n('0', places.unsigned_abs() as usize));
        return format!("{sign}{digits}");
    }
    let places = places as usize;
    if digits.len() <= places {
        digits.insert_str(0, &"0".repeat(places + 1 - digits.len()));
    }
    let (whole, fraction) = digits.split_at(digits.len() - places);
    let fraction = if trim { fraction.trim_end_matches('0') } else { fraction };
    if fraction.is_empty() { format!("{sign}{whole}") } else { format!("{sign}{whole}.{fraction}") }
}

/// The exponent `e` with 10^e ≤ |numer ÷ denom| < 10^(e+1); `numer` is not 0.
fn decimal_exponent(numer: &BigInt, denom: &BigInt) -> i64 {
    let numer = numer.abs();
    // Digit counts bound the exponent to within one; comparing settles it.
    let mut exponent = numer.to_string().len() as i64 - denom.to_string().len() as i64;
    let at_least = |exponent: i64| {
        if exponent >= 0 {
            numer >= denom * pow10(exponent as u32)
        } else {
            &numer * pow10(exponent.unsigned_abs() as u32) >= *denom
        }
    };
    while !at_least(exponent) {
        exponent -= 1;
    }
    while at_least(exponent + 1) {
        exponent += 1;
    }
    exponent
}

impl Exact {
    /// Decimal text with at least `min_places` decimal places, as money is written: the exact
    /// value when it has at most 28 significant digits, else rounded to 28 ([`fmt::Display`]).
    pub fn decimal_text(&self, min_places: u32) -> String {
        if self.is_zero() {
            return digits_with_point(&BigInt::zero(), min_places.into(), false);
        }
        let (numer, denom) = self.parts();
        let significant_places = SIGNIFICANT_DIGITS as i64 - 1 - decimal_exponent(&numer, &denom);
        let places = significant_places.max(min_places.into());
        let (numer, denom) = if places >= 0 {
            (numer * pow10(places as u32), denom)
        } else {
            (numer, denom * pow10(places.unsigned_abs() as u32))
        };
        let exact = (&numer % &denom).is_zero();
        let scaled = divide(numer, &denom, Rounding::HalfEven);
        let text = digits_with_point(&scaled, places, exact);
        match (text.split_once('.'), min_places) {
            (_, 0) => text,
            (None, _) => format!("{text}.{}", "0".repeat(min_places as usize)),
            (Some((_, fraction)), _) => {
                let missing = (min_places as usize).saturating_sub(fraction.len());
                text + &"0".repeat(missing)
            }
        }
    }
}

/// Decimal text: the exact value when it has at most 28 significant digits, trailing zeros
/// trimmed; else rounded to 28 (to the unit, past 10²⁸), a half to even, with all 28 written, so a rounded value never
/// reads as an exact one (99.4999…9663 reads `99.50000000000000000000000000`, not `99.5`).
/// No exponent.
impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.decimal_text(0))
    }
}

impl PartialEq for Exact {
    fn eq(&self, other: &Exact) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Exact {}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Exact) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Exact) -> Ordering {
        if let (Repr::Small(a, b), Repr::Small(c, d)) = (&self.0, &other.0) {
            if b == d {
                return a.cmp(c);
            }
            if let (Some(left), Some(right)) = (a.checked_mul(*d), c.checked_mul(*b)) {
                return left.cmp(&right);
            }
        }
        let ((a, b), (c, d)) = (self.parts(), other.parts());
        (a * d).cmp(&(c * b))
    }
}

impl Add for &Exact {
    type Output = Exact;
    fn add(self, other: &Exact) -> Exact {
        if let (Repr::Small(a, b), Repr::Small(c, d)) = (&self.0, &other.0) {
            let small = if b == d {
                Exact::small(a.checked_add(*c), Some(*b))
            } else {
                let numer = a.checked_mul(*d).zip(c.checked_mul(*b));
                Exact::small(numer.and_then(|(ad, cb)| ad.checked_add(cb)), b.checked_mul(*d))
            };
            if let Some(sum) = small {
                return sum;
            }
        }
        let ((a, b), (c, d)) = (self.parts(), other.parts());
        if b == d { Exact::big(a + c, b) } else { Exact::big(a * &d + c * &b, b * d) }
    }
}

impl Sub for &Exact {
    type Output = Exact;
    fn sub(self, other: &Exact) -> Exact {
        self + &-other
    }
}

impl Mul for &Exact {
    type Output = Exact;
    fn mul(self, other: &Exact) -> Exact {
        if let (Repr::Small(a, b), Repr::Small(c, d)) = (&self.0, &other.0) {
            if let Some(product) = Exact::small(a.checked_mul(*c), b.checked_mul(*d)) {
                return product;
            }
        }
        let ((a, b), (c, d)) = (self.parts(), other.parts());
        Exact::big(a * c, b * d)
    }
}

impl Neg for &Exact {
    type Output = Exact;
    fn neg(self) -> Exact {
        if let Repr::Small(numer, denom) = self.0 {
            if let Some(negated) = Exact::small(numer.checked_neg(), Some(denom)) {
                return negated;
            }
        }
        let (numer, denom) = self.parts();
        Exact::big(-numer, denom)
    }
}

macro_rules! by_value {
    ($($trait:ident $method:ident),*) => {$(
        impl $trait for Exact {
            type Output = Exact;
            fn $method(self, other: Exact) -> Exact {
                (&self).$method(&other)
            }
        }
        impl $trait<&Exact> for Exact {
            type Output = Exact;
            fn $method(self, other: &Exact) -> Exact {
                (&self).$method(other)
            }
        }
        impl $trait<Exact> for &Exact {
            type Output = Exact;
            fn $method(self, other: Exact) -> Exact {
                self.$method(&other)
            }
        }
    )*};
}

by_value!(Add add, Sub sub, Mul mul);

impl std::iter::Sum for Exact {
    fn sum<I: Iterator<Item = Exact>>(iter: I) -> Exact {
        iter.fold(Exact::zero(), |sum, value| sum + value)
    }
}

/// A JSON number: the double nearest the exact value.
impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.nearest_double())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_rational::BigRational;

    fn exact(text: &str) -> Exact {
        Exact::from(Decimal::from_str_exact(text).unwrap())
    }

    fn third() -> Exact {
        Exact::ratio(1, 3).unwrap()
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(exact("0.1") + exact("0.2"), exact("0.3"));
        assert_eq!(third() * Exact::from(3), Exact::one());
        assert_eq!(Exact::one() - third(), Exact::ratio(4, 6).unwrap());
        assert_eq!(Exact::one().checked_div(&third()), Some(Exact::from(3)));
        assert_eq!(Exact::one().checked_div(&Exact::zero()), None);
        assert_eq!(Exact::ratio(1, 0), None);
        assert_eq!(Exact::ratio(1, -2), Some(exact("-0.5")));
        assert!(Exact::ratio(-1, 3).unwrap() < Exact::ratio(-1, 4).unwrap());
        assert_eq!([exact("1.5"), third(), third()].into_iter().sum::<Exact>(), {
            Exact::ratio(13, 6).unwrap()
        });
    }

    #[test]
    fn text_keeps_28_significant_digits() {
        assert_eq!(exact("99.5").to_string(), "99.5");
        assert_eq!(exact("99.500").to_string(), "99.5");
        assert_eq!(Exact::zero().to_string(), "0");
        assert_eq!(exact("-1436.8").to_string(), "-1436.8");
        assert_eq!(third().to_string(), "0.3333333333333333333333333333");
        assert_eq!((third() * Exact::from(100)).to_string(), "33.33333333333333333333333333");
        assert_eq!(
            (Exact::ratio(2, 3).unwrap() * Exact::ratio(pow10(20), 1).unwrap()).to_string(),
            "66666666666666666666.66666667"
        );
        assert_eq!(Exact::ratio(1, 3_000_000).unwrap().to_string(), {
            "0.0000003333333333333333333333333333"
        });
        let big = Exact::from(10_i64.pow(18)) * Exact::from(10_i64.pow(18));
        assert_eq!(big.to_string(), "1000000000000000000000000000000000000");
        let many = Exact::ratio(10_i64.pow(17) * 3 + 1, 3).unwrap() * Exact::from(10_i64.pow(12));
        // Numbers past 28 digits are written to the unit, never with an exponent.
        assert_eq!(many.to_string(), "100000000000000000333333333333");
        // 99.4999… with 31 significant digits: rounded, it reads 99.5, but it is below.
        let below =
            Exact::ratio(9_949_999_999_999_999_999_999_999_999_663_i128, pow10(29)).unwrap();
        assert_eq!(below.to_string(), "99.50000000000000000000000000");
        assert!(below < exact("99.5"));
    }

    #[test]
    fn money_keeps_its_places() {
        assert_eq!(exact("1250").decimal_text(2), "1250.00");
        assert_eq!(exact("1250.5").decimal_text(2), "1250.50");
        assert_eq!(exact("0.125").decimal_text(2), "0.125");
        assert_eq!(Exact::zero().decimal_text(2), "0.00");
        assert_eq!(Exact::zero().decimal_text(0), "0");
        assert_eq!(exact("82258").decimal_text(0), "82258");
        assert_eq!(third().decimal_text(2), "0.3333333333333333333333333333");
    }

    #[test]
    fn rounding_to_places() {
        let value = exact("2.345");
        assert_eq!(value.fixed(2, Rounding::TowardZero), "2.34");
        assert_eq!(value.fixed(2, Rounding::AwayFromZero), "2.35");
        assert_eq!(value.fixed(2, Rounding::HalfUp), "2.35");
        assert_eq!(value.fixed(2, Rounding::HalfEven), "2.34");
        assert_eq!((-&value).fixed(2, Rounding::HalfUp), "-2.35");
        assert_eq!((-&value).fixed(2, Rounding::TowardZero), "-2.34");
        assert_eq!(exact("0.004999").fixed(2, Rounding::HalfUp), "0.00");
        assert_eq!(exact("-0.001").fixed(1, Rounding::AwayFromZero), "-0.1");
        assert_eq!(exact("7").fixed(0, Rounding::HalfUp), "7");
        assert_eq!(exact("0.05").fixed(3, Rounding::HalfUp), "0.050");
        assert_eq!(exact("2.5").round(0, Rounding::HalfEven), Exact::from(2));
        assert_eq!(exact("2.5").to_i64(), Some(3));
        assert_eq!(exact("1.25").to_decimal(), Some(Decimal::new(125, 2)));
        assert_eq!(third().to_decimal(), None);
        assert_eq!(
            (third() * Exact::hundred()).approximate_decimal(),
            Some("33.333333333333333333333333333".parse().unwrap())
        );
        assert_eq!(
            third().approximate_decimal(),
            Some("0.3333333333333333333333333333".parse().unwrap())
        );
        let too_big = Exact::from(i64::MAX) * Exact::from(i64::MAX);
        assert_eq!(too_big.approximate_decimal(), None);
    }

    /// A rational of any size: numerator and denominator up to 2¹²⁶, so that sums and
    /// products leave 128 bits as often as not.
    fn any_exact() -> impl proptest::strategy::Strategy<Value = (Exact, BigRational)> {
        use proptest::prelude::*;
        (any::<i64>(), 0..64u32, 1..i64::MAX, 0..64u32).prop_map(|(n, n_shift, d, d_shift)| {
            let (numer, denom) = (BigInt::from(n) << n_shift, BigInt::from(d) << d_shift);
            let exact = Exact::ratio(numer.clone(), denom.clone()).unwrap();
            (exact, BigRational::new(numer, denom))
        })
    }

    fn as_rational(exact: &Exact) -> BigRational {
        let (numer, denom) = exact.parts();
        BigRational::new(numer, denom)
    }

    proptest::proptest! {
        #[test]
        fn small_and_big_agree_with_rationals((x, a) in any_exact(), (y, b) in any_exact()) {
            proptest::prop_assert_eq!(as_rational(&(&x + &y)), &a + &b);
            proptest::prop_assert_eq!(as_rational(&(&x - &y)), &a - &b);
            proptest::prop_assert_eq!(as_rational(&(&x * &y)), &a * &b);
            proptest::prop_assert_eq!(x.cmp(&y), a.cmp(&b));
            match x.checked_div(&y) {
                Some(quotient) => proptest::prop_assert_eq!(as_rational(&quotient), &a / &b),
                None => proptest::prop_assert!(b.is_zero()),
            }
            proptest::prop_assert_eq!(as_rational(&x.percent_as_fraction()), &a / BigInt::from(100));
            proptest::prop_assert_eq!(x.nearest_double(), a.to_f64().unwrap());
        }
    }

    #[test]
    fn the_nearest_double_is_chosen() {
        assert_eq!(exact("99.80428024329803649764211158").nearest_double(), 99.80428024329804);
        assert_eq!(exact("0.1").nearest_double(), 0.1);
        assert_eq!(exact("-5837.89").nearest_double(), -5837.89);
        // 1.001e-26 is not 1e-26, though 28 decimal places cannot tell them apart.
        assert_eq!(Exact::ratio(1001, pow10(29)).unwrap().nearest_double(), 1.001e-26);
        assert_eq!(third().nearest_double(), 1.0 / 3.0);
    }
}
