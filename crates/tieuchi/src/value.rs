//! Runtime values: small, `Copy`, exact.

use rust_decimal::Decimal;
use serde::Serializer;

/// A date as days since 1970-01-01; ordering is calendar order.
pub type Date = jiff::civil::Date;

/// Index of a text: evidence texts count up from 0, rule-file constants have the top bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextId(pub(crate) u32);

impl TextId {
    pub(crate) const CONST_BIT: u32 = 1 << 31;

    pub(crate) fn constant(index: usize) -> Self {
        TextId(u32::try_from(index).unwrap_or(0) | Self::CONST_BIT)
    }

    pub(crate) fn evidence(index: usize) -> Self {
        TextId(u32::try_from(index).unwrap_or(0) & !Self::CONST_BIT)
    }
}

/// One value during evaluation. `Unknown` is missing evidence: it is neither true nor false.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Value {
    #[default]
    Unknown,
    /// An `optional` input that is explicitly absent.
    None,
    Bool(bool),
    Number(Decimal),
    Date(Date),
    Text(TextId),
    /// The index of a value in its enum's declaration order.
    Enum(u16),
    /// The index of a list or history in the evidence.
    List(u32),
}

impl Value {
    pub fn is_unknown(self) -> bool {
        matches!(self, Value::Unknown)
    }

    pub fn as_bool(self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_number(self) -> Option<Decimal> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }
}

/// Decimals leave the engine as plain strings without trailing zeros: `90`, `0.7`.
pub fn decimal_text(d: Decimal) -> String {
    let d = d.normalize();
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(d.mantissa().unsigned_abs());
    let scale = d.scale() as usize;
    let mut out = String::with_capacity(digits.len() + scale + 3);
    if d.is_sign_negative() && !d.is_zero() {
        out.push('-');
    }
    if scale == 0 {
        out.push_str(digits);
    } else if digits.len() > scale {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', scale - digits.len()));
        out.push_str(digits);
    }
    out
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's `serialize_with` passes a reference")]
pub(crate) fn serialize_date<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn decimals_print_as_their_exact_shortest_text() {
        for (input, shown) in [
            ("90", "90"),
            ("90.00", "90"),
            ("89.50", "89.5"),
            ("0.7", "0.7"),
            ("0.05", "0.05"),
            ("-0.05", "-0.05"),
            ("-12.340", "-12.34"),
            ("0", "0"),
            ("-0.000", "0"),
            ("79228162514264337593543950335", "79228162514264337593543950335"),
            ("0.0000000000000000000000000001", "0.0000000000000000000000000001"),
        ] {
            let d = Decimal::from_str(input).unwrap();
            assert_eq!(decimal_text(d), shown, "{input}");
            assert_eq!(decimal_text(d), d.normalize().to_string(), "{input}");
        }
    }
}
