//! Evidence JSON to typed slots. Nothing is coerced: every problem is reported by field.


use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

use rust_decimal::prelude::ToPrimitive as _;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value as Json;

use crate::check::model::{InputInfo, Model, NumKind, Type};
use crate::check::MAX_MEMBERS;
use crate::i18n::Message;
use crate::msg;
use crate::plan::{EvidenceField, Plan};
use crate::value::{Date, FixedOperand, TextId, Value};

macro_rules! evidence_codes {
    ($($variant:ident => $code:literal;)*) => {
        /// Stable codes of evidence problems.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum EvidenceCode { $(#[doc = concat!("`", $code, "`")] $variant,)* }

        impl EvidenceCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [EvidenceCode] = &[$(EvidenceCode::$variant,)*];

            /// The stable string: `evidence::missing`.
            pub fn as_str(self) -> &'static str {
                match self { $(EvidenceCode::$variant => $code,)* }
            }
        }
    };
}

evidence_codes! {
    NotJson => "evidence::not-json";
    NotAnObject => "evidence::not-an-object";
    UnknownField => "evidence::unknown-field";
    WrongType => "evidence::wrong-type";
    NotInteger => "evidence::not-integer";
    OutOfRange => "evidence::out-of-range";
    BadEnumValue => "evidence::bad-enum-value";
    BadDate => "evidence::bad-date";
    BadNumber => "evidence::bad-number";
    DuplicateYear => "evidence::duplicate-year";
    TooMany => "evidence::too-many";
    MemberError => "evidence::member-error";
    DuplicateField => "evidence::duplicate-field";
    TooLarge => "evidence::too-large";
}

impl fmt::Display for EvidenceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EvidenceCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem with one field of one evidence record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct EvidenceError {
    /// The stable code.
    pub code: EvidenceCode,
    /// The path of the field: `diem_chung`, `thanh_vien[3].xep_loai`; empty for the record.
    pub field: String,
    /// What is wrong, in words of the catalogue.
    pub message: Message,
    /// What to do about it.
    pub help: Message,
}

/// A list or history: rows of field values, histories sorted newest year first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListData {
    pub width: usize,
    pub rows: Vec<Value>,
    pub years: Vec<i32>,
}

impl ListData {
    pub fn len(&self) -> usize {
        self.rows.len().checked_div(self.width).unwrap_or(self.years.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn row(&self, i: usize) -> &[Value] {
        // Past the last member: no fields, each of which then reads as unknown.
        self.rows.get(i * self.width..(i + 1) * self.width).unwrap_or_default()
    }
}

/// One subject's evidence, decoded against a rule set's schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    /// The subject the record names (`subject`), if any.
    pub subject: Option<String>,
    /// The evaluation date given in the record (`"on"`), if any.
    pub on: Option<Date>,
    /// The input values, by the plan's slots.
    pub values: Vec<Value>,
    /// The texts the values name ([`Value::Text`] of [`TextId::evidence`]).
    pub(crate) texts: Texts,
    /// The lists and histories, by the plan's slots.
    pub lists: Vec<ListData>,
    /// Evidence slots that were absent with no default.
    pub missing: Vec<u32>,
    /// Fields of list or history members that were absent with no default, with the slot of
    /// their collection: `(slot, "thanh_vien[3].xep_loai")`.
    pub missing_members: Vec<(u32, String)>,
    /// The last record's subject, emptied, for the next record's to be written into.
    spare_subject: String,
}

impl Evidence {
    /// Empties the evidence for the next record of `slots` slots, keeping its buffers.
    pub(crate) fn reset(&mut self, slots: usize) {
        if let Some(mut subject) = self.subject.take() {
            subject.clear();
            self.spare_subject = subject;
        }
        self.on = None;
        self.values.clear();
        self.values.resize(slots, Value::Unknown);
        self.texts.clear();
        self.lists.clear();
        self.missing.clear();
        self.missing_members.clear();
    }

    /// Takes the record's subject from `raw`, written into the last record's string; `false`
    /// when `raw` is not one.
    fn read_subject(&mut self, raw: Raw<'_>) -> bool {
        let mut subject = std::mem::take(&mut self.spare_subject);
        let read = raw.write_subject(&mut subject);
        if read {
            self.subject = Some(subject);
        } else {
            self.spare_subject = subject;
        }
        read
    }

    pub(crate) fn text<'a>(&'a self, id: TextId, plan: &'a Plan) -> &'a str {
        let index = (id.0 & !TextId::CONST_BIT) as usize;
        if id.0 & TextId::CONST_BIT == 0 {
            self.texts.get(index)
        } else {
            plan.texts.get(index).map_or("", String::as_str)
        }
    }
}

/// A record's texts, one after another in one buffer: a record reused for the next one keeps
/// the buffer, so decoding a text does not allocate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Texts {
    text: String,
    /// Where each text ends in `text`.
    ends: Vec<usize>,
}

impl Texts {
    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    /// Adds `text` in NFC (as the rules compare it); the value that names it.
    fn push(&mut self, text: &str) -> Value {
        crate::nfc::push_nfc(text, &mut self.text);
        self.ends.push(self.text.len());
        Value::Text(TextId::evidence(self.ends.len() - 1))
    }

    fn get(&self, index: usize) -> &str {
        let start = index.checked_sub(1).and_then(|i| self.ends.get(i)).copied().unwrap_or(0);
        self.ends.get(index).and_then(|&end| self.text.get(start..end)).unwrap_or("")
    }
}

/// One evidence value as it arrived, before it is given its field's type.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(
    all(not(feature = "arrow"), not(test)),
    expect(dead_code, reason = "the typed cells are read from Arrow columns")
)]
pub(crate) enum Raw<'a> {
    /// A JSON value already parsed.
    Json(&'a Json),
    /// The text of one JSON value as written: numbers keep every digit.
    JsonText(&'a str),
    /// A CSV cell: text, typed by the field it fills; empty is absent.
    Cell(&'a str),
    /// A typed cell of a column (Arrow): null.
    Absent,
    Bool(bool),
    /// An integer or a decimal column's value that a `Decimal` holds exactly.
    Exact(Decimal),
    /// A `decimal128` column's value and scale (refused when a `Decimal` cannot hold it).
    Decimal128(i128, i8),
    /// A binary float, read as the shortest decimal text that gives it back; NaN is absent, an
    /// infinity is not a number.
    Float(f64),
    /// A string cell: typed as a JSON string is, not as a CSV cell.
    Text(&'a str),
    Date(Date),
    /// A value of a kind no field takes (a time of day, bytes): what it is.
    Other(crate::i18n::Msg),
}

/// What a raw value is, before typing.
enum Scalar<'a> {
    Null,
    Bool(bool),
    /// A JSON number's text, as written.
    Number(Cow<'a, str>),
    /// A number already read exactly.
    Exact(Decimal),
    String(Cow<'a, str>),
    Date(Date),
    List,
    Object,
    Other(crate::i18n::Msg),
}

impl<'a> Raw<'a> {
    /// The value as an evaluation date, when it is a valid one.
    pub(crate) fn as_date(self) -> Option<Date> {
        match self.scalar(false) {
            Scalar::String(s) => crate::value::parse_strict_date(s.trim()),
            Scalar::Date(d) => Some(d),
            _ => None,
        }
    }

    /// The value as a subject's id, when it is a string or a number.
    pub(crate) fn as_subject(self) -> Option<String> {
        let mut subject = String::new();
        self.write_subject(&mut subject).then_some(subject)
    }

    /// [`Raw::as_subject`] written at the end of `out`; `false` when it is none.
    pub(crate) fn write_subject(self, out: &mut String) -> bool {
        match self.scalar(false) {
            Scalar::String(s) | Scalar::Number(s) => out.push_str(&s),
            Scalar::Exact(d) => out.push_str(&crate::value::decimal_text(d)),
            _ => return false,
        }
        true
    }

    fn is_absent(self) -> bool {
        match self {
            Raw::Json(v) => v.is_null(),
            Raw::JsonText(t) => t.trim_ascii() == "null",
            Raw::Cell(c) => c.is_empty(),
            Raw::Absent => true,
            // A float column marks a missing value with NaN (pandas does).
            Raw::Float(f) => f.is_nan(),
            Raw::Bool(_) | Raw::Exact(_) | Raw::Decimal128(..) | Raw::Text(_) | Raw::Date(_) | Raw::Other(_) => false,
        }
    }

    /// The value as a scalar; `bool_field` lets a CSV cell be `true`/`false`.
    fn scalar(self, bool_field: bool) -> Scalar<'a> {
        match self {
            Raw::Json(v) => match v {
                Json::Null => Scalar::Null,
                Json::Bool(b) => Scalar::Bool(*b),
                Json::Number(n) => Scalar::Number(Cow::Borrowed(n.as_str())),
                Json::String(s) => Scalar::String(Cow::Borrowed(s)),
                Json::Array(_) => Scalar::List,
                Json::Object(_) => Scalar::Object,
            },
            Raw::JsonText(t) => {
                let t = t.trim_ascii();
                match t.as_bytes().first() {
                    None | Some(b'n') => Scalar::Null,
                    Some(b't') => Scalar::Bool(true),
                    Some(b'f') => Scalar::Bool(false),
                    Some(b'[') => Scalar::List,
                    Some(b'{') => Scalar::Object,
                    Some(b'"') if !t.contains('\\') => Scalar::String(Cow::Borrowed(&t[1..t.len() - 1])),
                    Some(b'"') => {
                        serde_json::from_str::<String>(t).map_or(Scalar::Null, |s| Scalar::String(Cow::Owned(s)))
                    }
                    Some(_) => Scalar::Number(Cow::Borrowed(t)),
                }
            }
            Raw::Cell(c) if bool_field => match c.trim() {
                t if t.eq_ignore_ascii_case("true") => Scalar::Bool(true),
                t if t.eq_ignore_ascii_case("false") => Scalar::Bool(false),
                _ => Scalar::String(Cow::Borrowed(c)),
            },
            Raw::Cell(c) => Scalar::String(Cow::Borrowed(c)),
            Raw::Absent => Scalar::Null,
            Raw::Bool(b) => Scalar::Bool(b),
            Raw::Exact(d) => Scalar::Exact(d),
            Raw::Decimal128(m, scale) => {
                match u32::try_from(scale).ok().and_then(|s| Decimal::try_from_i128_with_scale(m, s).ok()) {
                    Some(d) => Scalar::Exact(d),
                    None => Scalar::Number(Cow::Owned(crate::value::decimal128_text(m, scale))),
                }
            }
            // Rust writes a float as the shortest text that reads back as the same float.
            Raw::Float(f) => match crate::value::decimal_of_float(f) {
                Some(d) => Scalar::Exact(d),
                None => Scalar::Number(Cow::Owned(ryu::Buffer::new().format(f).to_owned())),
            },
            Raw::Text(t) => Scalar::String(Cow::Borrowed(t)),
            Raw::Date(d) => Scalar::Date(d),
            Raw::Other(what) => Scalar::Other(what),
        }
    }

    /// The value as a JSON value, for collections (a CSV cell holds the collection as JSON).
    fn json(self) -> Result<Cow<'a, Json>, String> {
        match self {
            Raw::Json(v) => Ok(Cow::Borrowed(v)),
            Raw::JsonText(t) | Raw::Cell(t) => serde_json::from_str(t).map(Cow::Owned).map_err(|e| e.to_string()),
            other => Err(format!("found {}", other.scalar(false).kind())),
        }
    }
}

impl Scalar<'_> {
    fn kind(&self) -> Message {
        match self {
            Scalar::Null => msg!(KindNull),
            Scalar::Bool(_) => msg!(KindBool),
            Scalar::Number(_) | Scalar::Exact(_) => msg!(KindNumber),
            Scalar::String(_) => msg!(KindString),
            Scalar::Date(_) => msg!(KindDate),
            // A column type of Arrow data, named as Arrow does.
            Scalar::Other(what) => Message { id: *what, args: Vec::new() },
            Scalar::List => msg!(KindList),
            Scalar::Object => msg!(KindObject),
        }
    }
}

/// One record's fields as they arrived (from JSON text or a CSV row), not yet typed.
#[derive(Debug, Default)]
pub struct RawRecord<'a> {
    pub(crate) fields: Vec<(Cow<'a, str>, Raw<'a>)>,
}

impl<'a> RawRecord<'a> {
    /// Reads one JSON object's fields without building a value tree: each field's value stays
    /// the text it was written as. A field given twice is kept twice, and refused when decoded.
    pub fn from_json(text: &'a str) -> Result<RawRecord<'a>, EvidenceError> {
        let mut record = RawRecord { fields: Vec::with_capacity(16) };
        record.read_json(text)?;
        Ok(record)
    }

    /// As [`RawRecord::from_json`], into this record's buffer (its fields replaced).
    pub(crate) fn read_json(&mut self, text: &'a str) -> Result<(), EvidenceError> {
        self.fields.clear();
        let fields = &mut self.fields;
        if super::flat_json::scan(text, |key, value| fields.push((Cow::Borrowed(key), Raw::JsonText(value)))).is_some()
        {
            return Ok(());
        }
        *self = Self::from_json_parsed(text)?;
        Ok(())
    }

    /// The general path: any JSON, and the words of every error.
    pub(crate) fn from_json_parsed(text: &'a str) -> Result<RawRecord<'a>, EvidenceError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let parsed = serde::de::DeserializeSeed::deserialize(RecordSeed, &mut de).and_then(|r| {
            de.end()?;
            Ok(r)
        });
        match parsed {
            Ok(record) => Ok(record),
            Err(e) if e.is_data() => {
                let kind = match text.trim_start().as_bytes().first() {
                    Some(b'[') => msg!(KindList),
                    Some(b'"') => msg!(KindString),
                    Some(b't' | b'f') => msg!(KindBool),
                    Some(b'n') => msg!(KindNull),
                    _ => msg!(KindNumber),
                };
                Err(not_an_object(kind))
            }
            Err(e) => Err(EvidenceError {
                code: EvidenceCode::NotJson,
                field: String::new(),
                message: msg!(EvNotJson, problem = e.to_string()),
                help: msg!(EvNotJsonHelp),
            }),
        }
    }

    /// A CSV row's cells under their header's names.
    pub fn from_cells(headers: &'a [String], cells: impl Iterator<Item = &'a str>) -> RawRecord<'a> {
        RawRecord {
            fields: headers.iter().zip(cells).map(|(h, c)| (Cow::Borrowed(h.as_str()), Raw::Cell(c))).collect(),
        }
    }

    fn get(&self, key: &str) -> Option<Raw<'a>> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    /// The record's own evaluation date (`"on"`), when it gives a valid one.
    pub fn on(&self) -> Option<Date> {
        self.get("on")?.as_date()
    }

    /// The record's subject id (`"id"`), when given as a string or a number.
    pub fn subject(&self) -> Option<String> {
        self.get("id")?.as_subject()
    }
}

pub(crate) fn duplicate_field(key: &str) -> EvidenceError {
    EvidenceError {
        code: EvidenceCode::DuplicateField,
        field: key.to_owned(),
        message: msg!(EvDuplicateField, name = key),
        help: msg!(EvDuplicateFieldHelp),
    }
}

fn not_an_object(kind: Message) -> EvidenceError {
    EvidenceError {
        code: EvidenceCode::NotAnObject,
        field: String::new(),
        message: msg!(EvNotAnObject, kind = kind),
        help: msg!(EvNotAnObjectHelp),
    }
}

struct RecordSeed;

impl<'de> serde::de::DeserializeSeed<'de> for RecordSeed {
    type Value = RawRecord<'de>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for RecordSeed {
    type Value = RawRecord<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(16));
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value: &'de serde_json::value::RawValue = map.next_value()?;
            fields.push((key, Raw::JsonText(value.get())));
        }
        Ok(RawRecord { fields })
    }
}

/// A key, borrowed from the text unless it has escapes.
struct KeySeed;

impl<'de> serde::de::DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

struct Decoder<'a, 'e> {
    model: &'a Model,
    /// Rule sets that evaluate the members of `list of other` inputs.
    members: &'a [std::sync::Arc<crate::RuleSet>],
    on: Option<Date>,
    /// The evidence slot being decoded, to attribute missing member fields to their collection.
    slot: u32,
    errors: Vec<EvidenceError>,
    evidence: &'e mut Evidence,
}

/// Decodes a record whose lists may hold subjects of other rule sets (`list of other`), which
/// are evaluated by `members` on the evaluation date.
pub(crate) fn decode_with_members(
    model: &Model,
    plan: &Plan,
    record: &Json,
    members: &[std::sync::Arc<crate::RuleSet>],
    on: Option<Date>,
) -> Result<Evidence, Vec<EvidenceError>> {
    let Json::Object(map) = record else {
        return Err(vec![not_an_object(json_kind(record))]);
    };
    let raw = RawRecord { fields: map.iter().map(|(k, v)| (Cow::Borrowed(k.as_str()), Raw::Json(v))).collect() };
    let mut evidence = Evidence::default();
    decode_raw(model, plan, &raw, members, on, &mut evidence)?;
    Ok(evidence)
}

/// Decodes a record's raw fields into `evidence` (emptied first, its buffers reused).
pub(crate) fn decode_raw(
    model: &Model,
    plan: &Plan,
    record: &RawRecord<'_>,
    members: &[std::sync::Arc<crate::RuleSet>],
    on: Option<Date>,
    evidence: &mut Evidence,
) -> Result<(), Vec<EvidenceError>> {
    decode_fields(model, plan, record, |_, key| FieldTarget::of(plan, key), record.on().or(on), members, evidence)
}

/// Decodes a record's fields as [`decode_raw`] does, looking each key up through `keys`.
pub(crate) fn decode_raw_with(
    model: &Model,
    plan: &Plan,
    record: &RawRecord<'_>,
    members: &[std::sync::Arc<crate::RuleSet>],
    on: Option<Date>,
    evidence: &mut Evidence,
    keys: &mut KnownKeys,
) -> Result<(), Vec<EvidenceError>> {
    decode_fields(model, plan, record, |i, key| keys.target(plan, i, key), record.on().or(on), members, evidence)
}

/// The keys of the last record decoded with their targets, in order, for the next record: the
/// records of one input mostly name the same fields in the same order, and comparing a key with
/// the one at its place costs less than hashing it.
#[derive(Debug, Default, Clone)]
pub(crate) struct KnownKeys(Vec<(Box<str>, FieldTarget)>);

impl KnownKeys {
    fn target(&mut self, plan: &Plan, place: usize, key: &str) -> FieldTarget {
        if let Some((known, target)) = self.0.get(place) {
            if **known == *key {
                return *target;
            }
        }
        let target = FieldTarget::of(plan, key);
        if let Some(known) = self.0.get_mut(place) {
            *known = (key.into(), target);
        } else if place == self.0.len() {
            self.0.push((key.into(), target));
        }
        target
    }
}

/// What one field of a record fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldTarget {
    /// The subject's id.
    Id,
    /// The record's own evaluation date.
    On,
    /// An evidence slot of the plan.
    Slot(u32),
    /// Nothing: a field no input reads, refused unless it has no value.
    Unread,
}

impl FieldTarget {
    pub(crate) fn of(plan: &Plan, key: &str) -> FieldTarget {
        match key {
            "id" => FieldTarget::Id,
            "on" => FieldTarget::On,
            key => plan.field_index.get(key).map_or(FieldTarget::Unread, |&slot| FieldTarget::Slot(slot)),
        }
    }
}

/// The targets of fields every record of a chunk has, in the same order (the columns of Arrow
/// data), resolved once for all of them. `None` when a field is named twice: such records are
/// decoded one by one, which names the duplicate.
pub(crate) fn field_targets<'k>(plan: &Plan, keys: impl IntoIterator<Item = &'k str>) -> Option<Vec<FieldTarget>> {
    let targets: Vec<FieldTarget> = keys.into_iter().map(|key| FieldTarget::of(plan, key)).collect();
    let named = |t: &&FieldTarget| !matches!(t, FieldTarget::Unread);
    let mut seen: Vec<FieldTarget> = targets.iter().filter(named).copied().collect();
    seen.sort_unstable_by_key(|t| match t {
        FieldTarget::Id => 0,
        FieldTarget::On => 1,
        FieldTarget::Slot(s) => u64::from(*s) + 2,
        FieldTarget::Unread => u64::MAX,
    });
    let distinct = seen.iter().zip(seen.iter().skip(1)).all(|(a, b)| a != b);
    distinct.then_some(targets)
}

/// Decodes a record's fields, each with its target, into `evidence` (emptied first, its buffers
/// reused). `on` is the date members of other rule sets are evaluated on: the record's own, else
/// the run's.
fn decode_fields(
    model: &Model,
    plan: &Plan,
    record: &RawRecord<'_>,
    mut target_of: impl FnMut(usize, &str) -> FieldTarget,
    on: Option<Date>,
    members: &[std::sync::Arc<crate::RuleSet>],
    evidence: &mut Evidence,
) -> Result<(), Vec<EvidenceError>> {
    const NONE: u32 = u32::MAX;
    evidence.reset(plan.evidence.len());
    let mut decoder = Decoder { model, members, on, slot: 0, errors: Vec::new(), evidence };
    // The field that fills each slot; a field given twice is refused, and its last value kept.
    let mut by_slot: smallvec::SmallVec<[u32; 32]> = smallvec::smallvec![NONE; plan.evidence.len()];
    let (mut id_seen, mut on_seen) = (false, false);
    for (place, (key, value)) in record.fields.iter().enumerate() {
        let (key, value) = (key.as_ref(), *value);
        let target = target_of(place, key);
        let seen = match target {
            FieldTarget::Id => Some(&mut id_seen),
            FieldTarget::On => Some(&mut on_seen),
            _ => None,
        };
        if let Some(seen) = seen {
            if std::mem::replace(seen, true) {
                decoder.errors.push(duplicate_field(key));
            }
        }
        match target {
            // `null` is absent, for the record's own fields as for any other (an Arrow column of
            // ids or dates has a cell in every row); a field with no value says nothing, so a null
            // cell of a column no input reads is absent too.
            FieldTarget::Id | FieldTarget::On | FieldTarget::Unread if value.is_absent() => {}
            FieldTarget::Id => decoder.subject(value),
            FieldTarget::On => decoder.evidence.on = decoder.date("on", value),
            FieldTarget::Slot(slot) => {
                if let Some(cell) = by_slot.get_mut(slot as usize) {
                    if *cell != NONE {
                        decoder.errors.push(duplicate_field(key));
                    }
                    *cell = u32::try_from(place).unwrap_or(NONE);
                }
            }
            FieldTarget::Unread => decoder.unknown_field(plan, key),
        }
    }
    decode_slots(&mut decoder, plan, |slot| {
        by_slot.get(slot).and_then(|&place| record.fields.get(place as usize)).map(|(_, value)| *value)
    });
    if decoder.errors.is_empty() {
        Ok(())
    } else {
        Err(decoder.errors)
    }
}

/// Where the fields of a chunk's records are (the columns of Arrow data), resolved once for the
/// chunk: the column of each evidence slot, and in column order those that fill no slot.
#[derive(Debug, Clone)]
pub(crate) struct ColumnTargets {
    slots: Vec<Option<usize>>,
    others: Vec<(usize, FieldTarget, Box<str>)>,
}

impl ColumnTargets {
    /// `None` when a field is named twice: such records are decoded one by one, which names it.
    pub(crate) fn new<'k>(plan: &Plan, keys: impl IntoIterator<Item = &'k str>) -> Option<ColumnTargets> {
        let keys: Vec<&str> = keys.into_iter().collect();
        let targets = field_targets(plan, keys.iter().copied())?;
        let mut slots = vec![None; plan.evidence.len()];
        let mut others = Vec::new();
        for (column, target) in targets.into_iter().enumerate() {
            match target {
                FieldTarget::Slot(slot) => {
                    if let Some(cell) = slots.get_mut(slot as usize) {
                        *cell = Some(column);
                    }
                }
                other => others.push((column, other, keys.get(column).copied().unwrap_or_default().into())),
            }
        }
        Some(ColumnTargets { slots, others })
    }
}

/// Decodes one record of a chunk, `cell` giving the record's value in a
/// column, into `evidence` (emptied first, its buffers reused): what [`decode_fields`] gives for
/// the same fields, without a pass over each record's fields to find their slots.
pub(crate) fn decode_columns<'v>(
    model: &Model,
    plan: &Plan,
    targets: &ColumnTargets,
    cell: impl Fn(usize) -> Raw<'v>,
    on: Option<Date>,
    members: &[std::sync::Arc<crate::RuleSet>],
    evidence: &mut Evidence,
) -> Result<(), Vec<EvidenceError>> {
    evidence.reset(plan.evidence.len());
    let mut decoder = Decoder { model, members, on, slot: 0, errors: Vec::new(), evidence };
    for (column, target, key) in &targets.others {
        let value = cell(*column);
        if value.is_absent() {
            continue;
        }
        match target {
            FieldTarget::Id => decoder.subject(value),
            FieldTarget::On => decoder.evidence.on = decoder.date("on", value),
            FieldTarget::Slot(_) => {}
            FieldTarget::Unread => decoder.unknown_field(plan, key),
        }
    }
    decode_slots(&mut decoder, plan, |slot| targets.slots.get(slot).copied().flatten().map(&cell));
    if decoder.errors.is_empty() {
        Ok(())
    } else {
        Err(decoder.errors)
    }
}

/// Decodes records `0..records` of a chunk column by column, `cell(record, column)` giving a
/// record's value in a column, into `evidences` (each emptied first, its buffers reused).
///
/// Only what needs no message is decoded here: cells of their field's type, in range, known
/// enum values, a subject and a date that read as such, no field that nothing reads. A record
/// with anything else is marked not `is_plain`, and its evidence is left to [`decode_columns`],
/// which reports the problem. A plain record's evidence is what [`decode_columns`] gives it.
///
/// Column by column, each field's type is looked up once for all the records instead of once per
/// record, and a cell goes through no error path at all.
pub(crate) fn decode_plain_columns<'v>(
    model: &Model,
    plan: &Plan,
    targets: &ColumnTargets,
    (rows, cell, typed): (&[usize], impl Fn(usize, usize) -> Raw<'v>, impl Fn(usize) -> PlainColumn<'v>),
    evidences: &mut [impl std::borrow::BorrowMut<Evidence>],
    is_plain: &mut [bool],
) {
    for evidence in evidences.iter_mut() {
        evidence.borrow_mut().reset(plan.evidence.len());
    }
    is_plain.fill(true);
    for (column, target, _) in &targets.others {
        for ((&row, evidence), is_plain) in rows.iter().zip(evidences.iter_mut()).zip(is_plain.iter_mut()) {
            let evidence: &mut Evidence = evidence.borrow_mut();
            let raw = cell(row, *column);
            if raw.is_absent() {
                continue;
            }
            let read = match target {
                FieldTarget::Id => evidence.read_subject(raw).then_some(()),
                FieldTarget::On => raw.as_date().map(|d| evidence.on = Some(d)),
                FieldTarget::Slot(_) => Some(()),
                FieldTarget::Unread => None,
            };
            if read.is_none() {
                *is_plain = false;
            }
        }
    }
    // What a cell is written into, for every record, side by side: reaching a record's values
    // then costs no load of its (large) evidence.
    let mut records: Vec<(&mut [Value], &mut Vec<u32>, &mut Texts)> =
        evidences
            .iter_mut()
            .map(|e| {
                let e: &mut Evidence = e.borrow_mut();
                (e.values.as_mut_slice(), &mut e.missing, &mut e.texts)
            })
            .collect();
    for (slot, crate::plan::SlotKind { ty, range, absent }) in plan.slot_kinds.iter().enumerate() {
        let column = targets.slots.get(slot).copied().flatten();
        let slot_id = u32::try_from(slot).unwrap_or(u32::MAX);
        let (range, absent) = (*range, *absent);
        let base = match ty {
            Type::Optional(inner) => inner.as_ref(),
            other => other,
        };
        // Each cell's value is written where it goes as soon as it is known: built in a nest of
        // options first, it was copied through the stack a byte at a time.
        let put = |values: &mut [Value], value: Value| {
            if let Some(place) = values.get_mut(slot) {
                *place = value;
            }
        };
        let put_absent = |values: &mut [Value], missing: &mut Vec<u32>| {
            if absent.is_unknown() {
                missing.push(slot_id);
            }
            put(values, absent);
        };
        let cells = rows.iter().zip(records.iter_mut()).zip(is_plain.iter_mut());
        match (base, column.map_or(PlainColumn::Cells, &typed)) {
            (Type::Number(kind), PlainColumn::Floats(floats)) => {
                // The range's ends are met by every cell of the column: each made ready once.
                let bounds = range.map(|(low, high)| (FixedOperand::new(low), FixedOperand::new(high)));
                let fits = |n: &Decimal| {
                    is_whole_where_counted(*n, *kind)
                        && bounds.as_ref().is_none_or(|(low, high)| {
                            // `compared` gives `n`'s order against the end.
                            low.compared(*n) != Ordering::Less && high.compared(*n) != Ordering::Greater
                        })
                };
                for ((&row, (values, missing, _)), is_plain) in cells {
                    let f = floats.get(row).copied().unwrap_or(f64::NAN);
                    if f.is_nan() {
                        put_absent(values, missing);
                    } else if let Some(n) = crate::value::decimal_of_float(f).filter(fits) {
                        put(values, Value::Number(n));
                    } else {
                        *is_plain = false;
                    }
                }
            }
            (Type::Bool, PlainColumn::Bools(bools)) => {
                for ((&row, (values, missing, _)), _) in cells {
                    match bools.get(row).copied().flatten() {
                        Some(b) => put(values, Value::Bool(b)),
                        None => put_absent(values, missing),
                    }
                }
            }
            _ => {
                for ((&row, (values, missing, texts)), is_plain) in cells {
                    if !*is_plain {
                        continue;
                    }
                    match column.map(|c| cell(row, c)).filter(|r| !r.is_absent()) {
                        None => put_absent(values, missing),
                        Some(raw) => match plain_value(model, ty, range, raw, texts) {
                            Some(value) => put(values, value),
                            None => *is_plain = false,
                        },
                    }
                }
            }
        }
    }
}

/// A column of a chunk as [`decode_plain_columns`] reads it: a slice of one type where the
/// column is one (each cell then costs a load and a check), or cell by cell.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(all(not(feature = "arrow"), not(test)), expect(dead_code, reason = "typed slices come from Arrow columns"))]
pub(crate) enum PlainColumn<'a> {
    /// Floats, NaN where a cell is absent.
    Floats(&'a [f64]),
    /// Yes/no, `None` where a cell is absent.
    Bools(&'a [Option<bool>]),
    /// Any other column: each cell read as a [`Raw`].
    Cells,
}

/// What a present cell of type `ty` decodes to when nothing about it needs a message: the value
/// [`Decoder::typed`] gives it. `None` for anything else (a cell of another type, a number out of
/// range or not whole where it counts, an unknown enum value, a list).
fn plain_value(
    model: &Model,
    ty: &Type,
    range: Option<(Decimal, Decimal)>,
    raw: Raw<'_>,
    texts: &mut Texts,
) -> Option<Value> {
    match (ty, raw) {
        (Type::Optional(inner), raw) => plain_value(model, inner, range, raw, texts),
        (Type::Bool, Raw::Bool(b)) => Some(Value::Bool(b)),
        (Type::Number(kind), raw) => {
            let n = match raw {
                Raw::Exact(n) => n,
                Raw::Float(f) => crate::value::decimal_of_float(f)?,
                Raw::Decimal128(m, scale) => Decimal::try_from_i128_with_scale(m, u32::try_from(scale).ok()?).ok()?,
                _ => return None,
            };
            number_fits(n, *kind, range).then_some(Value::Number(n))
        }
        (Type::Text, Raw::Text(s)) => Some(texts.push(s)),
        (Type::Enum(e), Raw::Text(s)) => model.enum_info(*e)?.index_of(s).map(Value::Enum),
        (Type::Date, Raw::Date(d)) => Some(Value::Date(d)),
        _ => None,
    }
}

/// The value of an input the record does not give: its default, `none` for an optional one, else
/// unknown (missing).
fn absent_input(info: &InputInfo) -> Value {
    if let Some(d) = info.default {
        d
    } else if info.ty.is_optional() {
        Value::None
    } else {
        Value::Unknown
    }
}

/// Whether a number passes a field's checks: whole where the field counts things, inside its
/// range.
fn number_fits(n: Decimal, kind: NumKind, range: Option<(Decimal, Decimal)>) -> bool {
    is_whole_where_counted(n, kind) && range.is_none_or(|range| !is_outside(n, range))
}

fn is_whole_where_counted(n: Decimal, kind: NumKind) -> bool {
    kind != NumKind::Integer || n.fract().is_zero()
}

fn is_outside(n: Decimal, (low, high): (Decimal, Decimal)) -> bool {
    crate::value::compare_decimals(n, low) == Ordering::Less
        || crate::value::compare_decimals(n, high) == Ordering::Greater
}

/// Types each slot's raw value (`None` when the record has no such field) into the evidence.
fn decode_slots<'v>(decoder: &mut Decoder<'_, '_>, plan: &Plan, raw_of: impl Fn(usize) -> Option<Raw<'v>>) {
    let model = decoder.model;
    for (slot, (field, crate::plan::SlotKind { ty, range, absent })) in
        plan.evidence.iter().zip(&plan.slot_kinds).enumerate()
    {
        let name = field_name(model, field);
        let raw = raw_of(slot).filter(|r| !r.is_absent());
        decoder.slot = u32::try_from(slot).unwrap_or(u32::MAX);
        let value = match raw {
            None => *absent,
            Some(v) => decoder.typed(ty, *range, name, v),
        };
        if value.is_unknown() && raw.is_none() {
            decoder.evidence.missing.push(u32::try_from(slot).unwrap_or(u32::MAX));
        }
        if let Some(place) = decoder.evidence.values.get_mut(slot) {
            *place = value;
        }
    }
}

/// The evidence key of a slot.
pub fn field_name<'m>(model: &'m Model, field: &EvidenceField) -> &'m str {
    field.key(model)
}

pub(crate) fn json_kind(value: &Json) -> Message {
    Raw::Json(value).scalar(false).kind()
}

impl Decoder<'_, '_> {
    fn subject(&mut self, value: Raw<'_>) {
        match value.scalar(false) {
            Scalar::String(s) | Scalar::Number(s) => self.evidence.subject = Some(s.into_owned()),
            Scalar::Exact(d) => self.evidence.subject = Some(crate::value::decimal_text(d)),
            other => self.wrong_type("id", msg!(ExpectSubjectId), &other),
        }
    }

    fn fail(&mut self, code: EvidenceCode, field: &str, message: Message, help: Message) {
        self.errors.push(EvidenceError { code, field: field.to_owned(), message, help });
    }

    fn unknown_field(&mut self, plan: &Plan, key: &str) {
        let names: Vec<&str> = plan.evidence.iter().map(|f| field_name(self.model, f)).collect();
        let help = match names.iter().find(|n| n.eq_ignore_ascii_case(key) || similar(n, key)) {
            Some(n) => msg!(DidYouMean, name = *n),
            None => msg!(EvRuleSetReads, ruleset = &self.model.id, names = quoted_list(&names)),
        };
        self.fail(EvidenceCode::UnknownField, key, msg!(EvUnknownField, name = key, ruleset = &self.model.id), help);
    }

    /// `raw` is `None` when the field is absent (or null, or an empty CSV cell).
    fn input(&mut self, info: &InputInfo, path: &str, raw: Option<Raw<'_>>) -> Value {
        match raw {
            None => absent_input(info),
            Some(v) => self.typed(&info.ty, info.range, path, v),
        }
    }

    fn typed(&mut self, ty: &Type, range: Option<(Decimal, Decimal)>, path: &str, v: Raw<'_>) -> Value {
        match ty {
            Type::Optional(inner) => self.typed(inner, range, path, v),
            Type::Bool => match v.scalar(true) {
                Scalar::Bool(b) => Value::Bool(b),
                other => {
                    self.wrong_type(path, msg!(ExpectBool), &other);
                    Value::Unknown
                }
            },
            Type::Number(kind) => self.number(path, v, *kind, range).map_or(Value::Unknown, Value::Number),
            Type::Date => self.date(path, v).map_or(Value::Unknown, Value::Date),
            Type::Text => match v.scalar(false) {
                Scalar::String(s) => self.evidence.texts.push(&s),
                other => {
                    self.wrong_type(path, msg!(ExpectString), &other);
                    Value::Unknown
                }
            },
            Type::Enum(e) => {
                // The checker gave every enumeration type its id: one it lacks reads as unknown.
                let Some(info) = self.model.enum_info(*e) else { return Value::Unknown };
                match v.scalar(false) {
                    Scalar::String(s) => {
                        if let Some(i) = info.index_of(&s) {
                            Value::Enum(i)
                        } else {
                            let values: Vec<&str> = info.values.iter().map(|(v, _)| v.as_str()).collect();
                            self.fail(
                                EvidenceCode::BadEnumValue,
                                path,
                                msg!(EvBadEnumValue, value = s.as_ref(), name = &info.id),
                                msg!(EvWriteOneOf, values = quoted_list(&values)),
                            );
                            Value::Unknown
                        }
                    }
                    other => {
                        self.wrong_type(path, msg!(ExpectEnumValue, name = &info.id), &other);
                        Value::Unknown
                    }
                }
            }
            Type::List(r) | Type::History(r) => match v.json() {
                Ok(json) => self.collection(*r, path, &json),
                Err(e) => {
                    self.fail(EvidenceCode::WrongType, path, msg!(EvListNotJson, problem = e), msg!(EvListNotJsonHelp));
                    Value::Unknown
                }
            },
            Type::NoneLiteral => Value::None,
        }
    }

    fn collection(&mut self, r: crate::check::model::RecordId, path: &str, v: &Json) -> Value {
        let Json::Array(items) = v else {
            self.wrong_type(path, msg!(ExpectListOfRecords), &Raw::Json(v).scalar(false));
            return Value::Unknown;
        };
        if items.len() > MAX_MEMBERS {
            self.fail(
                EvidenceCode::TooMany,
                path,
                msg!(EvTooManyMembers, count = items.len(), max = MAX_MEMBERS),
                msg!(EvTooManyMembersHelp),
            );
            return Value::Unknown;
        }
        let Some(record) = self.model.record_info(r) else { return Value::Unknown };
        if let Some(id) = &record.evaluated_by {
            return self.evaluated_members(path, items, id, r.0);
        }
        let history = record.history;
        let width = record.fields.len();
        let mut rows: Vec<(i32, Vec<Value>)> = Vec::with_capacity(items.len());
        for (n, item) in items.iter().enumerate() {
            let member_path = format!("{path}[{n}]");
            let Json::Object(map) = item else {
                self.wrong_type(&member_path, msg!(ExpectRecord), &Raw::Json(item).scalar(false));
                continue;
            };
            let fields = &record.fields;
            for key in map.keys() {
                if !(fields.iter().any(|f| &f.id == key) || (history && key == "year")) {
                    let names: Vec<&str> = fields.iter().map(|f| f.id.as_str()).collect();
                    self.fail(
                        EvidenceCode::UnknownField,
                        &format!("{member_path}.{key}"),
                        msg!(EvNotAFieldOf, name = key.as_str(), path = path),
                        msg!(EvItsFieldsAre, names = quoted_list(&names)),
                    );
                }
            }
            let year = if history { self.year(&member_path, map.get("year")) } else { Some(0) };
            let row: Vec<Value> = fields
                .clone()
                .iter()
                .map(|f| {
                    let path = format!("{member_path}.{}", f.id);
                    let raw = map.get(&f.id).filter(|v| !v.is_null()).map(Raw::Json);
                    let value = self.input(f, &path, raw);
                    if value.is_unknown() && raw.is_none() {
                        self.evidence.missing_members.push((self.slot, path));
                    }
                    value
                })
                .collect();
            if let Some(year) = year {
                rows.push((year, row));
            }
        }
        if history {
            rows.sort_by_key(|(year, _)| std::cmp::Reverse(*year));
            if let Some(((year, _), _)) = rows.iter().zip(rows.iter().skip(1)).find(|((a, _), (b, _))| a == b) {
                self.fail(
                    EvidenceCode::DuplicateYear,
                    path,
                    msg!(EvDuplicateYear, year = *year),
                    msg!(EvDuplicateYearHelp),
                );
            }
        }
        let mut data = ListData { width, rows: Vec::with_capacity(rows.len() * width), years: Vec::new() };
        for (year, row) in rows {
            data.years.push(year);
            data.rows.extend(row);
        }
        self.evidence.lists.push(data);
        Value::List(u32::try_from(self.evidence.lists.len() - 1).unwrap_or(u32::MAX))
    }

    /// Members evaluated by their own rule set: each row holds its outcome, scores and lets.
    fn evaluated_members(&mut self, path: &str, items: &[Json], ruleset: &str, record: u16) -> Value {
        let Some(rules) = self.members.iter().find(|r| r.id() == ruleset).cloned() else {
            self.fail(
                EvidenceCode::MemberError,
                path,
                msg!(EvMemberRuleSetMissing, ruleset = ruleset),
                msg!(EvMemberRuleSetMissingHelp),
            );
            return Value::Unknown;
        };
        let Some(fields) = self.model.record_info(crate::check::model::RecordId(record)).map(|r| r.fields.clone()) else {
            return Value::Unknown;
        };
        let mut data =
            ListData { width: fields.len(), rows: Vec::with_capacity(items.len() * fields.len()), years: Vec::new() };
        let options = crate::Options { on: self.on, trace: false, lang: crate::Lang::default() };
        for (n, item) in items.iter().enumerate() {
            let member_path = format!("{path}[{n}]");
            match rules.evaluate(item, &options) {
                Ok(result) => {
                    let model = &rules.model;
                    let plan = &rules.plan;
                    for field in &fields {
                        let value = if field.id == model.outcome.id {
                            match result.status() {
                                crate::Status::Rated => result.tier_index().map_or(Value::Unknown, Value::Enum),
                                crate::Status::NotRated => Value::None,
                                crate::Status::NotDeterminable => {
                                    self.evidence
                                        .missing_members
                                        .push((self.slot, format!("{member_path}.{}", field.id)));
                                    Value::Unknown
                                }
                            }
                        } else if let Some(i) = model.scores.iter().position(|s| s.id == field.id) {
                            plan.score_slots.get(i).map_or(Value::Unknown, |&slot| result.derived_value(slot))
                        } else if let Some(i) = model.lets.iter().position(|l| l.id == field.id) {
                            plan.let_slots.get(i).map_or(Value::Unknown, |&slot| result.derived_value(slot))
                        } else {
                            Value::Unknown
                        };
                        data.rows.push(value);
                    }
                }
                Err(crate::EvaluateError::Evidence(errors)) => {
                    for e in errors {
                        let field =
                            if e.field.is_empty() { member_path.clone() } else { format!("{member_path}.{}", e.field) };
                        self.errors.push(EvidenceError { field, ..e });
                    }
                    data.rows.extend(std::iter::repeat_n(Value::Unknown, fields.len()));
                }
                Err(crate::EvaluateError::Eval(e)) => {
                    self.fail(
                        EvidenceCode::MemberError,
                        &member_path,
                        msg!(EvMemberFailed, ruleset = rules.id(), problem = e.localized_message()),
                        msg!(EvMemberFailedHelp),
                    );
                    data.rows.extend(std::iter::repeat_n(Value::Unknown, fields.len()));
                }
            }
        }
        self.evidence.lists.push(data);
        Value::List(u32::try_from(self.evidence.lists.len() - 1).unwrap_or(u32::MAX))
    }

    fn year(&mut self, path: &str, v: Option<&Json>) -> Option<i32> {
        let field = format!("{path}.year");
        let Some(v) = v else {
            self.fail(EvidenceCode::WrongType, &field, msg!(EvNoYear), msg!(EvNoYearHelp));
            return None;
        };
        let range = Some((Decimal::from(1900), Decimal::from(2200)));
        let n = self.number(&field, Raw::Json(v), NumKind::Integer, range)?;
        n.to_i32()
    }

    fn wrong_type(&mut self, path: &str, expected: Message, found: &Scalar<'_>) {
        self.fail(
            EvidenceCode::WrongType,
            path,
            msg!(EvWrongType, expected = expected.clone(), found = found.kind()),
            msg!(EvWrite, expected = expected),
        );
    }

    fn number(&mut self, path: &str, v: Raw<'_>, kind: NumKind, range: Option<(Decimal, Decimal)>) -> Option<Decimal> {
        let (text, from_string) = match v.scalar(false) {
            Scalar::Exact(n) => return self.within(path, n, kind, range, None, false),
            Scalar::Number(n) => (n, false),
            Scalar::String(s) => (Cow::Owned(s.trim().to_owned()), true),
            other => {
                let expected = match kind {
                    NumKind::Percent => msg!(ExpectPercent),
                    NumKind::Integer => msg!(ExpectInteger),
                    NumKind::Number => msg!(ExpectNumber),
                };
                self.wrong_type(path, expected, &other);
                return None;
            }
        };
        // One `%`, and only in a string: `"60%%"` and `60%` as a bare JSON number are not numbers.
        let (digits, percent_sign) = match text.strip_suffix('%') {
            Some(d) if from_string => (d, true),
            _ => (text.as_ref(), false),
        };
        let mut n = match crate::value::parse_exact_decimal(digits) {
            Ok(n) => n,
            Err(problem) => {
                let what = if from_string {
                    msg!(TheString, text = text.as_ref())
                } else {
                    msg!(Quoted, text = text.as_ref())
                };
                let (message, help) = match problem {
                    crate::value::NumberProblem::NotDecimal => {
                        (msg!(EvNotANumber, what = what), msg!(EvNotANumberHelp))
                    }
                    crate::value::NumberProblem::Inexact => {
                        (msg!(EvInexactNumber, what = what), msg!(EvInexactNumberHelp))
                    }
                };
                self.fail(EvidenceCode::BadNumber, path, message, help);
                return None;
            }
        };
        if percent_sign {
            if kind != NumKind::Percent {
                self.fail(
                    EvidenceCode::WrongType,
                    path,
                    msg!(
                        EvPercentInNumber,
                        text = text.as_ref(),
                        kind = if kind == NumKind::Integer { msg!(ExpectInteger) } else { msg!(ExpectNumber) }
                    ),
                    msg!(EvPercentInNumberHelp),
                );
                return None;
            }
            // Dividing by 100 moves the point: exact, unless it runs past 28 places.
            let scale = n.scale() + 2;
            if scale > Decimal::MAX_SCALE {
                self.fail(
                    EvidenceCode::BadNumber,
                    path,
                    msg!(EvPercentInexact, text = text.as_ref()),
                    msg!(EvPercentInexactHelp),
                );
                return None;
            }
            n.set_scale(scale).ok()?;
        }
        self.within(path, n, kind, range, Some(&text), percent_sign)
    }

    /// A number's checks once read: whole where it counts things, inside its range. `text` is the
    /// number as written, for the messages (`None`: as read).
    fn within(
        &mut self,
        path: &str,
        n: Decimal,
        kind: NumKind,
        range: Option<(Decimal, Decimal)>,
        text: Option<&str>,
        percent_sign: bool,
    ) -> Option<Decimal> {
        let text = || text.map_or_else(|| crate::value::decimal_text(n), str::to_owned);
        if !is_whole_where_counted(n, kind) {
            let text = text();
            self.fail(EvidenceCode::NotInteger, path, msg!(EvNotInteger, text = text), msg!(EvNotIntegerHelp));
            return None;
        }
        if let Some((low, high)) = range {
            if is_outside(n, (low, high)) {
                let show = |d: Decimal| {
                    if kind == NumKind::Percent {
                        format!("{}%", crate::value::decimal_text(d.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(d)))
                    } else {
                        crate::value::decimal_text(d)
                    }
                };
                let text = text();
                let help = if kind == NumKind::Percent && !percent_sign && n > Decimal::ONE {
                    msg!(EvBareFractionHelp, text = text)
                } else {
                    msg!(EvBetweenHelp, low = show(low), high = show(high))
                };
                self.fail(
                    EvidenceCode::OutOfRange,
                    path,
                    msg!(EvOutOfRange, value = show(n), low = show(low), high = show(high)),
                    help,
                );
                return None;
            }
        }
        Some(n)
    }

    fn date(&mut self, path: &str, v: Raw<'_>) -> Option<Date> {
        match v.scalar(false) {
            Scalar::Date(d) => Some(d),
            Scalar::String(s) => {
                if let Some(d) = crate::value::parse_strict_date(s.trim()) {
                    Some(d)
                } else {
                    self.fail(EvidenceCode::BadDate, path, msg!(EvNotADate, text = s.as_ref()), msg!(EvNotADateHelp));
                    None
                }
            }
            other => {
                self.wrong_type(path, msg!(ExpectDate), &other);
                None
            }
        }
    }
}

fn similar(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let common = a.iter().zip(&b).filter(|(x, y)| x == y).count();
    common + 2 >= a.len().max(b.len())
}

fn quoted_list(names: &[&str]) -> String {
    let shown: Vec<String> = names.iter().take(12).map(|n| format!("`{n}`")).collect();
    let more = if names.len() > 12 { format!(" and {} more", names.len() - 12) } else { String::new() };
    format!("{}{more}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    #![expect(clippy::float_arithmetic, reason = "the test makes float cells, as a float column holds them")]

    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::{decode_columns, decode_plain_columns, ColumnTargets, Evidence, PlainColumn, Raw};
    use crate::value::Date;
    use crate::RuleSet;

    /// Every kind of field a record of scalars has, with defaults, optionals and ranges.
    const RULES: &str = r#"
ruleset ho_so "Hồ sơ" {
  enum xep_loai "Xếp loại" ordered {
    kht "Không hoàn thành"
    htnv "Hoàn thành"
  }
  input so_nam "Số năm công tác": integer in 0..50
  input so_con "Số con": integer in 0..20 default 0
  input diem_cong "Điểm cộng": number in 0..5
  input ty_le "Tỷ lệ": percent
  input ngay_vao "Ngày vào ngành": date
  input ghi_chu "Ghi chú": text
  input dat "Đạt": bool
  input co "Có": bool default false
  input xep_loai_nam "Xếp loại năm": xep_loai
  input ky_luat "Kỷ luật": optional xep_loai
  input them "Thêm": optional number
  score tong "Tổng" max 30 = assessed
  outcome ket_qua "Kết quả" {
    dat "Đạt" when tong >= 15 and dat
    khong_dat "Không đạt" otherwise
  }
}
"#;

    fn rules() -> &'static RuleSet {
        static RULES_ONCE: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        RULES_ONCE.get_or_init(|| RuleSet::compile("ho_so.tieuchi", RULES).unwrap())
    }

    /// A cell as a typed column holds it: of every kind, in and out of range, a few in no
    /// field's type at all.
    #[derive(Debug, Clone)]
    enum Cell {
        Absent,
        Bool(bool),
        Exact(i64, u32),
        Float(f64),
        Decimal128(i128, i8),
        Text(String),
        Date(i16, i8, i8),
        Other,
    }

    impl Cell {
        fn raw(&self) -> Raw<'_> {
            match self {
                Cell::Absent => Raw::Absent,
                Cell::Bool(b) => Raw::Bool(*b),
                Cell::Exact(m, scale) => Raw::Exact(Decimal::new(*m, *scale)),
                Cell::Float(f) => Raw::Float(*f),
                Cell::Decimal128(m, scale) => Raw::Decimal128(*m, *scale),
                Cell::Text(t) => Raw::Text(t),
                Cell::Date(y, m, d) => {
                    Date::new(*y, *m, *d).map_or(Raw::Other(crate::i18n::Msg::ArrowDateOutOfRange), Raw::Date)
                }
                Cell::Other => Raw::Other(crate::i18n::Msg::ArrowBytes),
            }
        }
    }

    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            2 => Just(Cell::Absent),
            2 => any::<bool>().prop_map(Cell::Bool),
            3 => (-5i64..3200, 0u32..4).prop_map(|(m, s)| Cell::Exact(m, s)),
            2 => prop_oneof![(-500i32..3200).prop_map(|c| f64::from(c) / 100.0), Just(f64::NAN), Just(f64::INFINITY)]
                .prop_map(Cell::Float),
            1 => (-5i128..3200, -2i8..31).prop_map(|(m, s)| Cell::Decimal128(m, s)),
            3 => prop_oneof![
                Just("kht".to_owned()),
                Just("htnv".to_owned()),
                Just("xuất sắc".to_owned()),
                // Not composed: e + combining circumflex + combining dot below.
                Just("e\u{302}\u{323}".to_owned()),
                Just("2025-06-30".to_owned()),
                Just("12.5".to_owned()),
                Just(String::new()),
            ]
            .prop_map(Cell::Text),
            1 => (1990i16..2030, 1i8..13, 1i8..32).prop_map(|(y, m, d)| Cell::Date(y, m, d)),
            1 => Just(Cell::Other),
        ]
    }

    /// What a column of the field usually holds: of its type, near and across its range.
    fn natural(name: &str) -> BoxedStrategy<Cell> {
        let text =
            |texts: &'static [&'static str]| proptest::sample::select(texts).prop_map(|t| Cell::Text(t.to_owned()));
        match name {
            "so_nam" | "so_con" => (-3i64..60, 0u32..2).prop_map(|(m, s)| Cell::Exact(m, s)).boxed(),
            "diem_cong" | "them" => prop_oneof![
                8 => (-100i32..600).prop_map(|c| Cell::Float(f64::from(c) / 100.0)),
                1 => Just(Cell::Float(f64::NAN)),
                1 => Just(Cell::Absent),
            ]
            .boxed(),
            "ty_le" => (0i128..120, 2i8..3).prop_map(|(m, s)| Cell::Decimal128(m, s)).boxed(),
            "ngay_vao" => (1990i16..2030, 1i8..13, 1i8..29).prop_map(|(y, m, d)| Cell::Date(y, m, d)).boxed(),
            "ghi_chu" => text(&["Sở Nội vụ", "e\u{302}\u{323}", "", "ghi chú"]).boxed(),
            "dat" | "co" => prop_oneof![8 => any::<bool>().prop_map(Cell::Bool), 1 => Just(Cell::Absent)].boxed(),
            "xep_loai_nam" | "ky_luat" => text(&["kht", "htnv", "htnv", "xuất sắc"]).boxed(),
            "tong" => prop_oneof![
                (-1i64..33, 0u32..2).prop_map(|(m, s)| Cell::Exact(m, s)),
                (-100i32..3300).prop_map(|c| Cell::Float(f64::from(c) / 100.0)),
            ]
            .boxed(),
            "id" => text(&["CC-1", "CC-2"]).boxed(),
            "on" => text(&["2025-06-30", "2026-01-05", "30/06/2025"]).boxed(),
            _ => Just(Cell::Absent).boxed(),
        }
    }

    /// The columns of a chunk: every field of the rules, `id`, `on`, and one that nothing reads,
    /// in a shuffled order, some of them left out.
    fn names() -> impl Strategy<Value = Vec<String>> {
        let model = &rules().model;
        let mut all: Vec<String> = model.inputs.iter().map(|i| i.id.clone()).collect();
        all.push("tong".to_owned());
        all.extend(["id", "on", "khong_doc"].map(str::to_owned));
        let n = all.len();
        (Just(all).prop_shuffle(), 0..n).prop_map(move |(mut names, keep)| {
            names.truncate(keep.max(n - 3));
            names
        })
    }

    /// Rows for the columns `names`: most cells what the field's column usually holds, some
    /// anything at all.
    fn chunk() -> impl Strategy<Value = (Vec<String>, Vec<Vec<Cell>>)> {
        names().prop_flat_map(|names| {
            // A column holds what its field's usually does, or sometimes anything.
            let row: Vec<BoxedStrategy<Cell>> = names
                .iter()
                .enumerate()
                .map(|(i, n)| if i % 4 == 3 { prop_oneof![6 => natural(n), 1 => cell()].boxed() } else { natural(n) })
                .collect();
            (Just(names), proptest::collection::vec(row, 1..40))
        })
    }

    /// Per column, the slice a typed column gives when every cell is of its type or absent.
    #[expect(clippy::type_complexity, reason = "two optional views per column")]
    fn typed_views(rows: &[Vec<Cell>], columns: usize) -> (Vec<Option<Vec<f64>>>, Vec<Option<Vec<Option<bool>>>>) {
        let floats = (0..columns)
            .map(|c| {
                rows.iter()
                    .map(|r| match r[c] {
                        Cell::Float(f) => Some(f),
                        Cell::Absent => Some(f64::NAN),
                        _ => None,
                    })
                    .collect::<Option<Vec<f64>>>()
            })
            .collect();
        let bools = (0..columns)
            .map(|c| {
                rows.iter()
                    .map(|r| match r[c] {
                        Cell::Bool(b) => Some(Some(b)),
                        Cell::Absent => Some(None),
                        _ => None,
                    })
                    .collect::<Option<Vec<Option<bool>>>>()
            })
            .collect();
        (floats, bools)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// A record decoded with the chunk's columns is decoded as it is alone, or left to that.
        #[test]
        fn a_plain_record_decodes_as_it_does_alone((names, rows) in chunk()) {
            let rules = rules();
            let targets = ColumnTargets::new(&rules.plan, names.iter().map(String::as_str)).unwrap();
            let cell = |r: usize, c: usize| rows[r][c].raw();
            let (floats, bools) = typed_views(&rows, names.len());
            let typed = |c: usize| match (&floats[c], &bools[c]) {
                (Some(f), _) => PlainColumn::Floats(f),
                (_, Some(b)) => PlainColumn::Bools(b),
                _ => PlainColumn::Cells,
            };
            let order: Vec<usize> = (0..rows.len()).collect();
            let mut evidences = vec![Evidence::default(); rows.len()];
            let mut plain = vec![false; rows.len()];
            decode_plain_columns(&rules.model, &rules.plan, &targets, (&order, cell, typed), &mut evidences, &mut plain);
            for (r, (fast, plain)) in evidences.iter().zip(&plain).enumerate() {
                let mut alone = Evidence::default();
                let decoded = decode_columns(&rules.model, &rules.plan, &targets, |c| cell(r, c), None, &[], &mut alone);
                if *plain {
                    prop_assert!(decoded.is_ok(), "record {}: {:?}", r, decoded);
                    prop_assert_eq!(fast, &alone, "record {}", r);
                }
            }
        }
    }

    /// Records of the fields' own types and in range, which most records are, are all decoded
    /// with the columns.
    #[test]
    fn records_of_the_fields_own_types_are_plain() {
        let rules = rules();
        let names: Vec<String> = [
            "id",
            "so_nam",
            "diem_cong",
            "ty_le",
            "ngay_vao",
            "ghi_chu",
            "dat",
            "xep_loai_nam",
            "ky_luat",
            "tong",
            "on",
        ]
        .map(str::to_owned)
        .to_vec();
        let targets = ColumnTargets::new(&rules.plan, names.iter().map(String::as_str)).unwrap();
        let date = Date::new(2020, 2, 29).unwrap();
        let row = |i: i64| -> Vec<Raw<'static>> {
            vec![
                if i % 2 == 0 { Raw::Text("CC-1") } else { Raw::Exact(Decimal::from(i)) },
                Raw::Exact(Decimal::from(i % 50)),
                Raw::Float(1.25),
                Raw::Decimal128(85, 2),
                Raw::Date(date),
                Raw::Text("Sở Nội vụ"),
                Raw::Bool(i % 3 == 0),
                Raw::Text("htnv"),
                if i % 2 == 0 { Raw::Absent } else { Raw::Text("kht") },
                Raw::Float(f64::from(u8::try_from(i % 30).unwrap())),
                Raw::Text("2026-01-05"),
            ]
        };
        let rows: Vec<Vec<Raw<'static>>> = (0..20).map(row).collect();
        let mut evidences = vec![Evidence::default(); rows.len()];
        let mut plain = vec![false; rows.len()];
        let order: Vec<usize> = (0..rows.len()).collect();
        let read = (&order[..], |r: usize, c: usize| rows[r][c], |_| PlainColumn::Cells);
        decode_plain_columns(&rules.model, &rules.plan, &targets, read, &mut evidences, &mut plain);
        assert!(plain.iter().all(|p| *p), "{plain:?}");
        for (r, fast) in evidences.iter().enumerate() {
            let mut alone = Evidence::default();
            decode_columns(&rules.model, &rules.plan, &targets, |c| rows[r][c], None, &[], &mut alone).unwrap();
            assert_eq!(fast, &alone);
        }
    }
}
