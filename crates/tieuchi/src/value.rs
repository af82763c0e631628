//! Runtime values: small, `Copy`, exact.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serializer;

/// A civil date (year, month, day) of the proleptic Gregorian calendar; ordering is calendar order.
pub type Date = jiff::civil::Date;

/// Index of a text: evidence texts count up from 0, rule-file constants have the top bit set.
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
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
// The tag, then every payload at one place: measured with `cargo bench --bench evaluate`, the
// column-by-column evaluator copies a column's values faster so (`rate_columns` of 1,024 NĐ 335
// records 53 µs instead of 58; `rate_all`, whose time goes to reading each record, 73 instead of 70).
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C, u8)]
pub enum Value {
    /// Missing evidence.
    #[default]
    Unknown,
    /// An `optional` input that is explicitly absent.
    None,
    /// True or false.
    Bool(bool),
    /// An exact decimal.
    Number(Decimal),
    /// A civil date.
    Date(
        #[cfg_attr(
            feature = "compiled",
            borsh(serialize_with = "date_bytes::write", deserialize_with = "date_bytes::read")
        )]
        Date,
    ),
    /// A text, by its place among the evidence's or the rules' texts.
    Text(TextId),
    /// The index of a value in its enum's declaration order.
    Enum(u16),
    /// The index of a list or history in the evidence.
    List(u32),
}

impl Value {
    /// Whether it is missing evidence.
    pub fn is_unknown(self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// The value as a bool, if it is one.
    pub fn as_bool(self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The value as a number, if it is one.
    pub fn as_number(self) -> Option<Decimal> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }
}

/// The order of two decimals, as [`Decimal`]'s own: the mantissas compared once both are at the
/// larger scale, in 64-bit integers when they fit. Comparisons are most of what conditions do,
/// and decimals from a float column and the constants they meet rarely share a scale, where the
/// crate's general rescaling costs several times more.
#[inline]
pub(crate) fn compare_decimals(a: Decimal, b: Decimal) -> std::cmp::Ordering {
    if let (Some(x), Some(y)) = (small_mantissa(a), small_mantissa(b)) {
        let (sa, sb) = (a.scale(), b.scale());
        let compared =
            if sa >= sb { rescaled(y, sa - sb).map(|y| x.cmp(&y)) } else { rescaled(x, sb - sa).map(|x| x.cmp(&y)) };
        if let Some(ordering) = compared {
            return ordering;
        }
    }
    a.cmp(&b)
}

/// `a + b` (or `a - b` when `negate_b`), exactly as [`Decimal::checked_add`] gives it: the same
/// value at the larger scale. Sums of scores are most of what a rating's arithmetic does, and two
/// 64-bit mantissas at one scale add in one integer addition where the crate's general path costs
/// several times more; a zero result takes the crate's path, for its sign. Inlined: a decimal
/// returned through memory field by field and read back whole stalls the caller's loop.
#[expect(clippy::inline_always, reason = "measured with examples/profile_rate: rate_columns 4 % faster inlined")]
#[inline(always)]
pub(crate) fn add_decimals(a: Decimal, b: Decimal, negate_b: bool) -> Option<Decimal> {
    if let (Some(x), Some(y)) = (small_mantissa(a), small_mantissa(b)) {
        let (sa, sb) = (a.scale(), b.scale());
        let scale = sa.max(sb);
        let aligned = rescaled(x, scale - sa).zip(rescaled(y, scale - sb));
        let sum = aligned.and_then(|(x, y)| if negate_b { x.checked_sub(y) } else { x.checked_add(y) });
        if let Some(sum) = sum.filter(|&s| s != 0) {
            if let Ok(d) = Decimal::try_new(sum, scale) {
                return Some(d);
            }
        }
    }
    if negate_b {
        a.checked_sub(b)
    } else {
        a.checked_add(b)
    }
}

/// The decimal's signed mantissa, when it fits in 64 bits.
#[inline]
fn small_mantissa(d: Decimal) -> Option<i64> {
    i64::try_from(d.mantissa()).ok()
}

/// A decimal compared with many others: its mantissa at every scale it can be written at in 64
/// bits, so that a value of any such scale is compared with one integer comparison.
pub(crate) struct FixedOperand {
    decimal: Decimal,
    at_scale: [Option<i64>; 29],
}

impl FixedOperand {
    pub(crate) fn new(decimal: Decimal) -> FixedOperand {
        let mut at_scale = [None; 29];
        if let Some(m) = small_mantissa(decimal) {
            for (scale, slot) in at_scale.iter_mut().enumerate().skip(decimal.scale() as usize) {
                *slot = u32::try_from(scale).ok().and_then(|s| rescaled(m, s - decimal.scale()));
            }
        }
        FixedOperand { decimal, at_scale }
    }

    /// `n`'s order against the decimal, as [`compare_decimals`] gives it. Inlined into the loops
    /// that compare a column with one decimal, where the call was a sixth of the evaluator's time.
    #[expect(clippy::inline_always, reason = "measured with examples/profile_rate: rate_columns 9 % faster inlined")]
    #[inline(always)]
    pub(crate) fn compared(&self, n: Decimal) -> std::cmp::Ordering {
        let fixed = self.at_scale.get(n.scale() as usize).copied().flatten();
        match (small_mantissa(n), fixed) {
            (Some(m), Some(c)) => m.cmp(&c),
            _ => compare_decimals(n, self.decimal),
        }
    }
}

/// `m × 10^places`, when it fits in 64 bits.
#[inline]
fn rescaled(m: i64, places: u32) -> Option<i64> {
    TEN_POWERS.get(places as usize).and_then(|p| m.checked_mul(*p))
}

/// 10^0 ..= 10^18, the powers of ten that fit in 64 bits.
pub(crate) const TEN_POWERS: [i64; 19] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
    10_000_000_000_000_000,
    100_000_000_000_000_000,
    1_000_000_000_000_000_000,
];

/// A date as results write it, `YYYY-MM-DD` (jiff's `Display`), built digit by digit for the
/// years every rule set uses: formatting through `Display` was most of writing a result's dates.
pub fn date_text(date: Date) -> String {
    let Ok(year) = u16::try_from(date.year()) else {
        return date.to_string();
    };
    if year > 9999 {
        return date.to_string();
    }
    let (month, day) = (date.month().unsigned_abs(), date.day().unsigned_abs());
    let digit = |n: u16| char::from(b'0' + u8::try_from(n % 10).unwrap_or(0));
    let mut out = String::with_capacity(10);
    out.extend([digit(year / 1000), digit(year / 100), digit(year / 10), digit(year), '-']);
    out.extend([digit(u16::from(month) / 10), digit(u16::from(month)), '-']);
    out.extend([digit(u16::from(day) / 10), digit(u16::from(day))]);
    out
}

/// Decimals leave the engine as plain strings without trailing zeros: `90`, `0.7`.
pub fn decimal_text(d: Decimal) -> String {
    // Room for most values' text (up to 24 bytes), so that its parts are one allocation.
    let mut out = String::with_capacity(24);
    write_decimal_text(d, |part| out.push_str(part));
    out
}

/// A decimal written as [`decimal_text`] writes it, straight into a formatter (a serializer's
/// `collect_str`), without a `String` of it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DecimalText(pub(crate) Decimal);

impl fmt::Display for DecimalText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut written = Ok(());
        write_decimal_text(self.0, |part| {
            if written.is_ok() {
                written = f.write_str(part);
            }
        });
        written
    }
}

/// The text of [`decimal_text`], a part at a time, for a writer that needs no `String` of it.
pub(crate) fn write_decimal_text(d: Decimal, mut out: impl FnMut(&str)) {
    const ZEROS: &str = "0000000000000000000000000000";
    let mut buffer = itoa::Buffer::new();
    // Most values' digits fit 64 bits, whose text is much cheaper to write than 128 bits'.
    let (digits, scale, zero) = if let Ok(mut mantissa) = u64::try_from(d.mantissa().unsigned_abs()) {
        let mut scale = d.scale();
        while scale > 0 && mantissa.is_multiple_of(10) {
            mantissa /= 10;
            scale -= 1;
        }
        (buffer.format(mantissa), scale as usize, mantissa == 0)
    } else {
        let d = d.normalize();
        (buffer.format(d.mantissa().unsigned_abs()), d.scale() as usize, d.is_zero())
    };
    if d.is_sign_negative() && !zero {
        out("-");
    }
    if scale == 0 {
        out(digits);
    } else if digits.len() > scale {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        out(whole);
        out(".");
        out(fraction);
    } else {
        out("0.");
        // A scale is at most 28, the zeros' length.
        out(ZEROS.get(..scale - digits.len()).unwrap_or(ZEROS));
        out(digits);
    }
}

/// Why a number's text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberProblem {
    /// Not a plain decimal: `1_0`, `+10`, `1.`, `0x10`, `10 000`.
    NotDecimal,
    /// More significant digits, or a smaller or larger magnitude, than a decimal holds exactly.
    Inexact,
}

/// The exact value of a decimal written `-?digits(.digits)?([eE][+-]?digits)?`, or why not.
/// Nothing is rounded: a number that a 96-bit decimal cannot hold is refused, not approximated
/// (trailing zeros after the point are not significant and never refuse a number).
pub fn parse_exact_decimal(text: &str) -> Result<Decimal, NumberProblem> {
    short_decimal(text.as_bytes()).map_or_else(|| parse_any_decimal(text), Ok)
}

/// The common case in one pass over the bytes: `-?digits(.digits)?` with at most 18 digits, whose
/// value fits a 64-bit integer before its point is placed. `None` for anything else, which
/// [`parse_any_decimal`] reads (or refuses).
fn short_decimal(bytes: &[u8]) -> Option<Decimal> {
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut point: Option<usize> = None;
    for (i, &b) in digits.iter().enumerate() {
        match b {
            b'0'..=b'9' => mantissa = mantissa * 10 + u64::from(b - b'0'),
            // A point needs a digit on each side.
            b'.' if point.is_none() && i > 0 && i + 1 < digits.len() => point = Some(i),
            _ => return None,
        }
    }
    let mut scale = point.map_or(0, |p| digits.len() - p - 1);
    // Trailing zeros after the point are not significant.
    while scale > 0 && mantissa.is_multiple_of(10) {
        mantissa /= 10;
        scale -= 1;
    }
    if mantissa == 0 {
        return Some(Decimal::ZERO);
    }
    let scale = u32::try_from(scale).ok()?;
    let signed = i64::try_from(mantissa).ok()?;
    Decimal::try_from_i128_with_scale(i128::from(if negative { -signed } else { signed }), scale).ok()
}

/// [`parse_exact_decimal`] of any text: exponents, many digits, refusals.
fn parse_any_decimal(text: &str) -> Result<Decimal, NumberProblem> {
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let mut parts = rest.splitn(2, |&b| b == b'e' || b == b'E');
    let (mantissa, exponent) = (parts.next().unwrap_or_default(), parts.next());
    let mut parts = mantissa.splitn(2, |&b| b == b'.');
    let (whole, fraction) = (parts.next().unwrap_or_default(), parts.next());
    let all_digits = |part: &[u8]| !part.is_empty() && part.iter().all(u8::is_ascii_digit);
    if !all_digits(whole) || fraction.is_some_and(|f| !all_digits(f)) {
        return Err(NumberProblem::NotDecimal);
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => {
            let (sign, digits) = match e.split_first() {
                Some((b'-', digits)) => (-1, digits),
                Some((b'+', digits)) => (1, digits),
                _ => (1, e),
            };
            if !all_digits(digits) {
                return Err(NumberProblem::NotDecimal);
            }
            // Any exponent beyond a few digits is out of a decimal's reach either way.
            if digits.len() > 6 {
                return Err(NumberProblem::Inexact);
            }
            let magnitude: i64 =
                std::str::from_utf8(digits).ok().and_then(|d| d.parse().ok()).ok_or(NumberProblem::Inexact)?;
            sign * magnitude
        }
    };
    let fraction = fraction.unwrap_or_default();
    let significant = fraction.iter().rposition(|&b| b != b'0').map_or(0, |p| p + 1);
    let fraction = fraction.get(..significant).unwrap_or_default();
    let mut scale = i64::try_from(fraction.len()).map_err(|_| NumberProblem::Inexact)? - exponent;
    // The digits as one integer (leading zeros add nothing), placed by the power of ten `scale`.
    let mut mantissa: i128 = 0;
    for &d in whole.iter().chain(fraction) {
        if mantissa == 0 && d == b'0' {
            continue;
        }
        mantissa = mantissa * 10 + i128::from(d - b'0');
        if mantissa > MAX_MANTISSA {
            return Err(NumberProblem::Inexact);
        }
    }
    if mantissa == 0 {
        return Ok(Decimal::ZERO);
    }
    // A negative scale is a whole number with trailing zeros: multiply them in.
    while scale < 0 {
        mantissa = mantissa.checked_mul(10).filter(|m| *m <= MAX_MANTISSA).ok_or(NumberProblem::Inexact)?;
        scale += 1;
    }
    let scale = u32::try_from(scale).ok().filter(|s| *s <= Decimal::MAX_SCALE).ok_or(NumberProblem::Inexact)?;
    let mantissa = if negative { -mantissa } else { mantissa };
    Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| NumberProblem::Inexact)
}

/// The decimal a binary float stands for: the shortest decimal text that reads back as the same
/// float (what Ryū writes, and Python's `repr`), read exactly — `0.1`, not
/// `0.1000000000000000055…`. `None` for NaN and the infinities.
pub fn decimal_of_float(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    if let Some(d) = few_places_of_float(f) {
        return Some(d);
    }
    parse_exact_decimal(ryu::Buffer::new().format_finite(f)).ok()
}

/// The common case without writing digits: the fewest places `s` at which some integer `m` reads
/// back as `f` (`m / 10^s` correctly rounded is `f`). While `f·10^s` stays under 2^40, the
/// float product is within far less than a half of the true one, so the only candidate at each
/// `s` is its rounding; the fewest places is then the shortest text, which is Ryū's.
#[expect(
    clippy::float_arithmetic,
    clippy::float_cmp,
    reason = "reading a binary float exactly: the products and the exact comparison are the proof, not the result"
)]
fn few_places_of_float(f: f64) -> Option<Decimal> {
    const POWERS: [f64; 11] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];
    if f == 0.0 {
        return Some(Decimal::ZERO);
    }
    let magnitude = f.abs();
    for (places, power) in (0u32..).zip(POWERS) {
        let scaled = magnitude * power;
        // 2^40.
        if scaled >= 1_099_511_627_776.0 {
            return None;
        }
        // The nearest whole number, without `f64::round` (a library call where the target has no
        // rounding instruction): truncate, then step up from a half.
        #[expect(clippy::cast_possible_truncation, reason = "a positive number under 2^40")]
        let whole = scaled as i64;
        #[expect(clippy::cast_precision_loss, reason = "a whole number under 2^40 is exact in a float")]
        let (m, whole_f) =
            if scaled - whole as f64 >= 0.5 { (whole + 1, (whole + 1) as f64) } else { (whole, whole as f64) };
        if whole_f / power == magnitude {
            return Some(Decimal::new(if f < 0.0 { -m } else { m }, places));
        }
    }
    None
}

/// The largest mantissa a decimal holds: 2^96 − 1.
const MAX_MANTISSA: i128 = (1 << 96) - 1;

/// A date written exactly `YYYY-MM-DD`, and a real one: no times, offsets or other layouts.
pub fn parse_strict_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    let layout = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !layout {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<i16>().ok();
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's `serialize_with` passes a reference")]
pub(crate) fn serialize_date<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

/// [`serialize_date`] of a date that may be absent (`null`).
#[expect(
    clippy::ref_option,
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's `serialize_with` passes the field by reference"
)]
pub(crate) fn serialize_optional_date<S: Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => serialize_date(date, serializer),
        None => serializer.serialize_none(),
    }
}

/// A `decimal128` value's exact text.
pub fn decimal128_text(value: i128, scale: i8) -> String {
    let digits = value.unsigned_abs().to_string();
    let sign = if value < 0 { "-" } else { "" };
    match usize::try_from(scale) {
        Ok(0) => format!("{sign}{digits}"),
        Ok(scale) if digits.len() > scale => {
            let (int, frac) = digits.split_at(digits.len() - scale);
            format!("{sign}{int}.{frac}")
        }
        Ok(scale) => format!("{sign}0.{}{digits}", "0".repeat(scale - digits.len())),
        // A negative scale multiplies by ten.
        Err(_) => format!("{sign}{digits}{}", "0".repeat(usize::from(scale.unsigned_abs()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    proptest::proptest! {
        /// Every date jiff holds, negative years too, written as jiff's `Display` writes it.
        #[test]
        fn a_dates_text_is_its_display(year in -9999i16..=9999, month in 1i8..=12, day in 1i8..=31) {
            if let Ok(date) = Date::new(year, month, day) {
                proptest::prop_assert_eq!(date_text(date), date.to_string());
            }
        }

        #[test]
        fn decimals_compare_and_add_as_the_crate_does(
            a in proptest::num::i128::ANY, sa in 0u32..=28, b in proptest::num::i128::ANY, sb in 0u32..=28,
            small in proptest::bool::ANY,
        ) {
            // Mantissas of every size up to 96 bits, and small ones, where rescaling fits.
            let fit = |m: i128| if small { m % 1_000_000 } else { m % (1i128 << 96) };
            let x = Decimal::from_i128_with_scale(fit(a), sa);
            let y = Decimal::from_i128_with_scale(fit(b), sb);
            proptest::prop_assert_eq!(compare_decimals(x, y), x.cmp(&y), "{} {}", x, y);
            for negate in [false, true] {
                let fast = add_decimals(x, y, negate);
                let slow = if negate { x.checked_sub(y) } else { x.checked_add(y) };
                proptest::prop_assert_eq!(fast.map(|d| (d.mantissa(), d.scale(), d.is_sign_negative())),
                    slow.map(|d| (d.mantissa(), d.scale(), d.is_sign_negative())), "{} {} {}", x, y, negate);
            }
            proptest::prop_assert_eq!(compare_decimals(x, x.normalize()), std::cmp::Ordering::Equal);
            proptest::prop_assert_eq!(compare_decimals(-Decimal::ZERO, Decimal::ZERO), std::cmp::Ordering::Equal);
            proptest::prop_assert_eq!(FixedOperand::new(y).compared(x), x.cmp(&y), "{} {}", x, y);
            proptest::prop_assert_eq!(FixedOperand::new(x).compared(x.normalize()), std::cmp::Ordering::Equal);
            proptest::prop_assert_eq!(FixedOperand::new(Decimal::ZERO).compared(-Decimal::ZERO), std::cmp::Ordering::Equal);
        }
    }

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

    /// What the float's shortest text reads as, through Ryū and the exact reader.
    fn through_text(f: f64) -> Option<Decimal> {
        f.is_finite().then(|| parse_exact_decimal(ryu::Buffer::new().format_finite(f)).ok()).flatten()
    }

    #[test]
    fn a_float_is_the_decimal_of_its_shortest_text() {
        for f in
            [0.0, -0.0, 0.1, 0.3, 29.63, 89.999_999_999_999_99, 1.0, 1e15, 123_456.789, 1e-7, 0.1 + 0.2, -46.79, 5e-324]
        {
            let d = decimal_of_float(f);
            assert_eq!(d, through_text(f), "{f:?}");
            assert_eq!(d.map(|d| d.scale()), through_text(f).map(|d| d.scale()), "{f:?}");
        }
        assert_eq!(decimal_of_float(f64::NAN), None);
        assert_eq!(decimal_of_float(f64::INFINITY), None);
    }

    proptest::proptest! {
        #[test]
        fn every_float_reads_as_its_shortest_text(bits in proptest::num::u64::ANY, cents in -10_000_000i64..10_000_000, places in 0u32..12) {
            #[expect(clippy::cast_precision_loss, clippy::float_arithmetic, clippy::cast_possible_wrap, reason = "any float will do")]
            let decimal_like = cents as f64 / 10f64.powi(places as i32);
            for f in [f64::from_bits(bits), decimal_like] {
                let (ours, theirs) = (decimal_of_float(f), through_text(f));
                proptest::prop_assert_eq!(ours, theirs, "{:?}", f);
                proptest::prop_assert_eq!(ours.map(|d| d.scale()), theirs.map(|d| d.scale()), "{:?}", f);
            }
        }
    }

    proptest::proptest! {
        /// A decimal's text is its normalised value as the crate writes it, whether its digits
        /// fit 64 bits or not.
        #[test]
        fn decimal_text_is_the_normalised_value(lo in proptest::num::u32::ANY, mid in proptest::num::u32::ANY, hi in 0u32..4, wide in proptest::bool::ANY, negative in proptest::bool::ANY, scale in 0u32..=28) {
            let d = Decimal::from_parts(lo, mid, if wide { hi.wrapping_mul(0x3fff_ffff) } else { 0 }, negative, scale);
            proptest::prop_assert_eq!(decimal_text(d), d.normalize().to_string());
        }
    }

    proptest::proptest! {
        /// The one-pass reading of short decimals gives what the general reading gives, value
        /// and scale, and leaves everything else to it.
        #[test]
        fn short_decimals_read_as_any_decimal(text in "-?[0-9]{0,12}(\\.[0-9]{0,9})?[eE_x]?[0-9]?") {
            let general = parse_any_decimal(&text);
            if let Some(short) = short_decimal(text.as_bytes()) {
                proptest::prop_assert_eq!(Ok(short), general, "{}", text);
                proptest::prop_assert_eq!(Ok(short.scale()), general.map(|d| d.scale()), "{}", text);
            } else {
                proptest::prop_assert_eq!(parse_exact_decimal(&text), general, "{}", text);
            }
        }
    }

    #[test]
    fn decimals_are_read_exactly_or_refused() {
        for (text, exact) in [
            ("90", "90"),
            ("-12.340", "-12.34"),
            ("0.0000000000000000000000000001", "0.0000000000000000000000000001"),
            ("1.00000000000000000000000000000000", "1"),
            ("1e2", "100"),
            ("2.5E-3", "0.0025"),
            ("79228162514264337593543950335", "79228162514264337593543950335"),
            ("0", "0"),
            ("-0.0", "0"),
        ] {
            assert_eq!(parse_exact_decimal(text).map(decimal_text), Ok(exact.to_owned()), "{text}");
        }
        for text in [
            "61.99999999999999999999999999999",
            "70.00000000000000000000000000001",
            "79228162514264337593543950336",
            "1e-29",
            "1e99999999",
        ] {
            assert_eq!(parse_exact_decimal(text), Err(NumberProblem::Inexact), "{text}");
        }
        for text in ["1_0", "+10", "60%", "1.", ".5", "", "-", "0x10", "10 000", "1e", "1e+", "NaN", "inf"] {
            assert_eq!(parse_exact_decimal(text), Err(NumberProblem::NotDecimal), "{text}");
        }
    }

    #[test]
    fn dates_are_read_only_as_yyyy_mm_dd() {
        assert_eq!(parse_strict_date("2026-06-30").map(|d| d.to_string()), Some("2026-06-30".to_owned()));
        for text in ["20250101", "2024-12-31T23:00:00-05:00", "2024-02-30", "2024-1-05", " 2024-01-05", "2024/01/05"] {
            assert_eq!(parse_strict_date(text), None, "{text}");
        }
    }
}

/// A date in compiled rules (`crate::compiled`): its year, month and day.
#[cfg(feature = "compiled")]
pub(crate) mod date_bytes {
    use std::io::{self, Read, Write};

    use borsh::{BorshDeserialize, BorshSerialize};

    use super::Date;

    fn invalid(problem: &str) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, problem.to_owned())
    }

    #[expect(clippy::trivially_copy_pass_by_ref, reason = "borsh's `serialize_with` passes a reference")]
    pub(crate) fn write<W: Write>(date: &Date, writer: &mut W) -> io::Result<()> {
        date.year().serialize(writer)?;
        date.month().serialize(writer)?;
        date.day().serialize(writer)
    }

    pub(crate) fn read<R: Read>(reader: &mut R) -> io::Result<Date> {
        let year = i16::deserialize_reader(reader)?;
        let month = i8::deserialize_reader(reader)?;
        let day = i8::deserialize_reader(reader)?;
        Date::new(year, month, day).map_err(|_| invalid("not a date"))
    }

    #[expect(
        clippy::ref_option,
        clippy::trivially_copy_pass_by_ref,
        reason = "borsh's `serialize_with` passes a reference"
    )]
    pub(crate) fn write_opt<W: Write>(date: &Option<Date>, writer: &mut W) -> io::Result<()> {
        match date {
            None => 0u8.serialize(writer),
            Some(date) => {
                1u8.serialize(writer)?;
                write(date, writer)
            }
        }
    }

    pub(crate) fn read_opt<R: Read>(reader: &mut R) -> io::Result<Option<Date>> {
        match u8::deserialize_reader(reader)? {
            0 => Ok(None),
            1 => read(reader).map(Some),
            _ => Err(invalid("not an optional date")),
        }
    }
}
