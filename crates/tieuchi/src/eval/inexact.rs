//! Quotients that have no exact decimal value (`1 / 3`), and whether a rounding or a comparison
//! later in the expression makes them harmless.
//!
//! A decimal holds at most 28 significant digits, so `checked_div` rounds a quotient that does not
//! end within them. Evaluation does not hide that: a value that carries such a quotient is
//! reported (finding `inexact-division`) unless the rule rounded it on purpose or only compared it
//! with a number clearly apart from it.

use rust_decimal::Decimal;

use crate::check::model::RoundingMode;

/// Whether `q`, the decimal `checked_div` gave for `x / y`, is the quotient itself.
///
/// Why not `q * y == x`: `checked_mul` rounds a product that needs more than 28 digits too, so a
/// rounded quotient can multiply back to the dividend (with a divisor of many digits), and the
/// check would pass what it must catch. Why not a higher-precision division: there is none
/// without a big-number crate. Instead, exactly: with `x = mx·10^-sx` and `y = my·10^-sy`, the
/// quotient `mx/my` in lowest terms `n/d` has a finite decimal expansion only if `d` is `2^a·5^b`,
/// and then it is `n·2^(k-a)·5^(k-b) · 10^-(k + sx - sy)` with `k = max(a, b)`; `q` is exact if it
/// is that number. Everything stays within `u128`: mantissas are below 2^96, and a product that
/// overflows is larger than any mantissa `q` can have, so it cannot be equal.
pub(crate) fn exact_quotient(x: Decimal, y: Decimal, q: Decimal) -> bool {
    let (mx, my, mq) = (x.mantissa().unsigned_abs(), y.mantissa().unsigned_abs(), q.mantissa().unsigned_abs());
    if mx == 0 {
        return mq == 0;
    }
    if my == 0 || mq == 0 || q.is_sign_negative() != (x.is_sign_negative() != y.is_sign_negative()) {
        return false;
    }
    let g = gcd(mx, my);
    let (n, mut d) = (mx / g, my / g);
    let twos = d.trailing_zeros();
    d >>= twos;
    let mut fives = 0u32;
    while d % 5 == 0 {
        d /= 5;
        fives += 1;
    }
    if d != 1 {
        return false;
    }
    let k = twos.max(fives);
    let Some(m) = 2u128
        .checked_pow(k - twos)
        .and_then(|p| n.checked_mul(p))
        .and_then(|m| 5u128.checked_pow(k - fives).and_then(|p| m.checked_mul(p)))
    else {
        return false;
    };
    // The quotient is `m · 10^-scale`; `q` is `mq · 10^-sq`. Compare them at the finer scale.
    let scale = i64::from(k) + i64::from(x.scale()) - i64::from(y.scale());
    let sq = i64::from(q.scale());
    let times_ten =
        |v: u128, e: i64| u32::try_from(e).ok().and_then(|e| 10u128.checked_pow(e)).and_then(|p| v.checked_mul(p));
    if sq >= scale {
        times_ten(m, sq - scale) == Some(mq)
    } else {
        times_ten(mq, scale - sq) == Some(m)
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// How far the exact value of a number that carries an inexact quotient may be from it, at most.
///
/// A quotient is off by less than one unit in its 28th digit; each step after it (a product, a
/// sum, another quotient) adds an error of the same order, relative to the largest magnitude in
/// play. 10^-20 of the magnitude (or of 1, for small numbers, whose quotients keep 28 decimals
/// rather than 28 digits) leaves a margin of ten million such errors, while two values that real
/// evidence makes different (a few decimals each, divisors below millions) differ by far more:
/// `p/q` and a threshold with `s` decimals are at least `1/(q·10^s)` apart unless equal. A value
/// within this margin of a threshold is one whose side of it cannot be known from the decimal.
pub(crate) fn margin(v: Decimal) -> Decimal {
    let magnitude = v.abs().max(Decimal::ONE);
    magnitude.checked_mul(Decimal::new(1, 20)).unwrap_or(Decimal::MAX)
}

/// Whether `x` and `y` are far enough apart that an inexact quotient in either cannot change
/// which is larger.
pub(crate) fn clearly_apart(x: Decimal, y: Decimal) -> bool {
    let Some(gap) = x.checked_sub(y) else { return true };
    gap.abs() > margin(x.abs().max(y.abs()))
}

/// Whether rounding `v` gives the same as rounding any number within the margin of it: then the
/// rounding hides an inexact quotient in `v` completely (`round(1 / 3, 2)` is 0.33, whatever the
/// 28th digit). Near a step of the rounding (`floor(1 / 3 * 3)`, whose exact value is 1 but whose
/// decimal is 0.999…) it does not, and the inexact quotient is still reported.
pub(crate) fn rounding_settles(v: Decimal, places: u32, mode: RoundingMode) -> bool {
    let m = margin(v);
    match (v.checked_sub(m), v.checked_add(m)) {
        (Some(low), Some(high)) => super::node::round(low, places, mode) == super::node::round(high, places, mode),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    fn exact(x: &str, y: &str) -> bool {
        let (x, y) = (d(x), d(y));
        x.checked_div(y).is_some_and(|q| exact_quotient(x, y, q))
    }

    #[test]
    fn quotients_that_end_are_exact() {
        for (x, y) in [
            ("1", "2"),
            ("1", "8"),
            ("3", "1024"),
            ("17.5", "35"),
            ("-6.75", "15"),
            ("6.75", "-15"),
            ("0", "3"),
            ("100", "0.01"),
            ("1", "0.0000000000000000000000000001"),
            ("0.0000000000000000000000000001", "1"),
            ("79228162514264337593543950335", "5"),
            ("12345678901234567890123456.78", "2"),
        ] {
            assert!(exact(x, y), "{x} / {y}");
        }
    }

    #[test]
    fn quotients_that_do_not_end_or_do_not_fit_are_inexact() {
        for (x, y) in [
            ("1", "3"),
            ("2", "3"),
            ("-1", "3"),
            ("1", "7"),
            ("10", "35"),
            ("10", "6"),
            ("1", "1237940039285380274899124224"), // 2^90: ends, but after 90 decimals
            ("0.0000000000000000000000000001", "2"), // needs 29 decimals
            ("99999999999999999999999999.99", "8"), // needs 31 digits
            ("1", "3.000000000000000000000000001"),
        ] {
            assert!(!exact(x, y), "{x} / {y}");
        }
    }

    /// Whether `n / d` has a finite decimal expansion.
    fn ends(n: u128, d: u128) -> bool {
        let mut r = d / gcd(n, d).max(1);
        while r.is_multiple_of(2) {
            r /= 2;
        }
        while r.is_multiple_of(5) {
            r /= 5;
        }
        n == 0 || r == 1
    }

    #[test]
    fn small_quotients_agree_with_their_fractions() {
        // Small quotients that end fit in a decimal, so a quotient is exact exactly when the
        // reduced divisor has no prime factor but 2 and 5.
        for x in 0u32..60 {
            for y in 1u32..200 {
                assert_eq!(exact(&x.to_string(), &y.to_string()), ends(x.into(), y.into()), "{x} / {y}");
                // x.5 / 0.y = (2x + 1) · 10^digits(y) / (2y)
                let digits = u32::try_from(y.to_string().len()).unwrap_or(0);
                let (n, m) = (u128::from(2 * x + 1) * 10u128.pow(digits), u128::from(2 * y));
                assert_eq!(exact(&format!("{x}.5"), &format!("0.{y}")), ends(n, m), "{x}.5 / 0.{y}");
            }
        }
    }

    #[test]
    fn a_rounding_settles_a_quotient_unless_it_sits_on_a_step() {
        let third = d("1").checked_div(d("3")).unwrap_or_default();
        assert!(rounding_settles(third, 2, RoundingMode::HalfUp));
        let almost_one = third.checked_mul(d("3")).unwrap_or_default();
        assert_eq!(almost_one, d("0.9999999999999999999999999999"));
        assert!(!rounding_settles(almost_one, 0, RoundingMode::Floor));
        assert!(rounding_settles(almost_one, 2, RoundingMode::HalfUp));
        assert!(!rounding_settles(d("0.125"), 2, RoundingMode::HalfUp));
        assert!(rounding_settles(d("0.125"), 3, RoundingMode::HalfUp));
        assert!(clearly_apart(third, d("0.5")));
        assert!(!clearly_apart(almost_one, d("1")));
    }
}
