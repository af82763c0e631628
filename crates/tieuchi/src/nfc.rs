//! Unicode Normalization Form C (composed), for the labels of a rule file and the texts of the
//! evidence.
//!
//! Text made only of characters that are in NFC whatever surrounds them (ASCII, Latin up to the
//! combining marks, the precomposed letters of Vietnamese) is copied as it is: that is nearly all
//! of it. The rest is normalized by one of two means, chosen when the crate is built:
//!
//! - with the `nfc-tables` feature, here: the same algorithm as `unicode_normalization`'s `nfc()`
//!   (canonical decomposition, canonical ordering, canonical composition), written over the
//!   crate's per-character functions. Its iterator chooses canonical or compatibility
//!   decomposition at run time, so every program that uses it carries the compatibility tables
//!   too (about 60 KB of WebAssembly data that NFC never reads); `decompose_canonical` reaches
//!   only the canonical ones;
//! - without it, by the normalizer of the program the engine runs in, installed once with
//!   [`use_host_normalizer`]: the WebAssembly binding hands it to JavaScript's
//!   `String.prototype.normalize`, so that a browser does not download a second copy of the
//!   Unicode tables it already has (32 KB of the gzipped module).
//!
//! Canonical composition is stable across Unicode versions for every character both versions
//! assign (Unicode's normalization stability policy): the two means can differ only on characters
//! that one of the two tables does not know yet.

#[cfg(not(feature = "nfc-tables"))]
use std::sync::OnceLock;

#[cfg(feature = "nfc-tables")]
use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};
#[cfg(feature = "nfc-tables")]
use unicode_normalization::{is_nfc_quick, IsNormalized};

/// `text` in NFC. ASCII and text that is already composed are copied as they are.
pub(crate) fn nfc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_nfc(text, &mut out);
    out
}

/// `text` in NFC at the end of `out`, copied as it is when it is plainly composed.
pub(crate) fn push_nfc(text: &str, out: &mut String) {
    // `is_ascii` reads a word at a time: most evidence text (ids, codes) is ASCII.
    if text.is_ascii() || plainly_composed(text) {
        out.push_str(text);
    } else {
        push_normalized(text, out);
    }
}

/// Whether every character is one that is in NFC whatever surrounds it, and composes with no
/// neighbour in these ranges: Latin up to the combining marks (U+0000–U+02FF) and the precomposed
/// Latin letters of Vietnamese (U+1E00–U+1EFF). Most evidence text is such, and this is cheaper
/// than the quick check's table lookups (a test goes through every pair).
fn plainly_composed(text: &str) -> bool {
    // On the UTF-8 bytes: U+0000–U+02FF is one byte, or two led by C2–CB; U+1E00–U+1EFF is three
    // led by E1 B8–E1 BB. `text` is valid UTF-8, so a lead byte is followed by its continuations.
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += match b {
            0x00..=0x7F => 1,
            0xC2..=0xCB => 2,
            0xE1 if matches!(bytes.get(i + 1), Some(0xB8..=0xBB)) => 3,
            _ => return false,
        };
    }
    true
}

/// The function that brings text to NFC where the crate has no tables of its own.
pub type HostNormalizer = fn(&str) -> String;

#[cfg(not(feature = "nfc-tables"))]
static HOST_NORMALIZER: OnceLock<HostNormalizer> = OnceLock::new();

/// Installs the function that brings text to NFC, for a build without the `nfc-tables` feature
/// (the WebAssembly binding installs JavaScript's `String.prototype.normalize` when its module is
/// instantiated). It must return its argument in Unicode Normalization Form C. The first one
/// installed stays; with `nfc-tables` the crate's own tables are used and this does nothing.
pub fn use_host_normalizer(normalizer: HostNormalizer) {
    #[cfg(not(feature = "nfc-tables"))]
    let _ = HOST_NORMALIZER.set(normalizer);
    #[cfg(feature = "nfc-tables")]
    let _ = normalizer;
}

/// `text`, which is not plainly composed, in NFC at the end of `out`.
#[cfg(not(feature = "nfc-tables"))]
#[expect(
    clippy::panic,
    reason = "a build without `nfc-tables` that installed no normalizer is the embedding program's mistake, \
              found by its first text that is not plainly composed; carrying on would compare texts unnormalized"
)]
fn push_normalized(text: &str, out: &mut String) {
    let Some(normalize) = HOST_NORMALIZER.get() else {
        panic!(
            "tieuchi was built without `nfc-tables` and no normalizer was installed (`tieuchi::use_host_normalizer`)"
        );
    };
    out.push_str(&normalize(text));
}

/// `text`, which is not plainly composed, in NFC at the end of `out`.
#[cfg(feature = "nfc-tables")]
fn push_normalized(text: &str, out: &mut String) {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        out.push_str(text);
    } else {
        out.push_str(&recompose(&decompose(text), text.len()));
    }
}

#[cfg(feature = "nfc-tables")]
/// The canonical decomposition of `text`, each run of non-starters in canonical order (a stable
/// sort by combining class).
fn decompose(text: &str) -> Vec<(u8, char)> {
    let mut chars: Vec<(u8, char)> = Vec::with_capacity(text.len());
    let mut pending = 0;
    for c in text.chars() {
        decompose_canonical(c, |d| {
            let class = canonical_combining_class(d);
            if class == 0 {
                sort_run(chars.get_mut(pending..));
                pending = chars.len() + 1;
            }
            chars.push((class, d));
        });
    }
    sort_run(chars.get_mut(pending..));
    chars
}

#[cfg(feature = "nfc-tables")]
/// Orders a run of non-starters by combining class (stably).
fn sort_run(run: Option<&mut [(u8, char)]>) {
    if let Some(run) = run {
        run.sort_by_key(|&(class, _)| class);
    }
}

#[cfg(feature = "nfc-tables")]
/// Canonical composition of a decomposed, ordered text: each starter combines with the
/// characters after it that are not blocked from it.
fn recompose(chars: &[(u8, char)], capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    // The starter being composed, the characters after it that did not combine, and the
    // combining class of the last of them.
    let mut starter: Option<char> = None;
    let mut held: Vec<char> = Vec::new();
    let mut last_class: Option<u8> = None;
    for &(class, c) in chars {
        let Some(s) = starter else {
            if class == 0 {
                starter = Some(c);
            } else {
                out.push(c);
            }
            continue;
        };
        let blocked = last_class.is_some_and(|last| last >= class);
        if blocked {
            if class == 0 {
                out.push(s);
                out.extend(held.drain(..));
                starter = Some(c);
                last_class = None;
            } else {
                held.push(c);
                last_class = Some(class);
            }
            continue;
        }
        if let Some(composed) = compose(s, c) {
            starter = Some(composed);
        } else if class == 0 && last_class.is_none() {
            out.push(s);
            starter = Some(c);
        } else {
            held.push(c);
            last_class = Some(class);
        }
    }
    out.extend(starter);
    out.extend(held);
    out
}

#[cfg(all(test, feature = "nfc-tables"))]
mod tests {
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    use super::nfc;

    fn reference(text: &str) -> String {
        text.nfc().collect()
    }

    #[test]
    fn every_character_alone_and_before_combining_marks() {
        let marks =
            ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}', '\u{327}', '\u{31B}', '\u{1161}', '\u{11A8}'];
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let alone = c.to_string();
            assert_eq!(nfc(&alone), reference(&alone), "{:X}", u32::from(c));
            // The characters that compose with a following mark: Latin, Greek, Cyrillic, Indic,
            // Hangul syllables and jamo, and the composing scripts of the supplementary planes.
            let composes = matches!(u32::from(c), 0x41..=0x7A | 0xC0..=0x3100 | 0xAC00..=0xD7A3 | 0x1_1000..=0x1_1FFF | 0x1_D100..=0x1_D1FF);
            if composes {
                for m in marks {
                    let pair = format!("{c}{m}");
                    assert_eq!(nfc(&pair), reference(&pair), "{:X} {:X}", u32::from(c), u32::from(m));
                }
            }
        }
    }

    #[test]
    fn plainly_composed_text_is_nfc_character_by_character_and_pair_by_pair() {
        let plain: Vec<char> = (0..=0x2FF).chain(0x1E00..=0x1EFF).filter_map(char::from_u32).collect();
        for &a in &plain {
            assert!(super::plainly_composed(&a.to_string()));
            assert_eq!(reference(&a.to_string()), a.to_string(), "{:X}", u32::from(a));
            for &b in &plain {
                assert!(unicode_normalization::char::compose(a, b).is_none(), "{:X} {:X}", u32::from(a), u32::from(b));
            }
        }
        assert!(!super::plainly_composed("e\u{301}"));
        // Read on the bytes, the test takes exactly those characters.
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let expected = matches!(u32::from(c), 0..=0x2FF | 0x1E00..=0x1EFF);
            assert_eq!(super::plainly_composed(&format!("a{c}b")), expected, "{:X}", u32::from(c));
        }
    }

    #[test]
    fn vietnamese_decomposed_and_mixed() {
        for text in [
            "Hoa\u{300}n tha\u{300}nh tô\u{301}t nhiê\u{323}m vu\u{323}",
            "Ho\u{31B}\u{323}p đô\u{300}ng",
            "e\u{323}\u{302}\u{300}",
            "e\u{300}\u{323}\u{302}",
            "\u{301}\u{300}a",
            "\u{1100}\u{1161}\u{11A8}",
            "a\u{315}\u{300}\u{5AE}\u{300}b",
        ] {
            assert_eq!(nfc(text), reference(text), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn the_same_as_unicode_normalization(text in "[a-zA-Zđơưâêô ạảãàáẠ\u{300}-\u{36F}\u{1AB0}-\u{1AFF}\u{1100}-\u{1112}\u{1161}-\u{1175}\u{11A8}-\u{11C2}\u{AC00}-\u{AC20}\u{0590}-\u{05FF}\u{0900}-\u{0970}\u{3099}\u{309A}\u{304B}\u{FB1D}-\u{FB4F}]{0,24}") {
            prop_assert_eq!(nfc(&text), reference(&text));
        }
    }
}
