//! Arrow record batches in and out of a batch (the `arrow` feature).
//!
//! In: each column is read by its type, a cell at a time, into the raw value the evidence
//! decoder types by its field (so every evidence check holds as for JSON): integers and decimals
//! exactly, floats as their shortest decimal text (NaN is absent), strings and dictionary strings
//! as strings, dates as dates, lists and structs as the JSON they stand for.
//!
//! Out: the batch's one row shape as typed columns. Scores are `decimal128`: for a stream, at the
//! one scale that holds every score of the rule set exactly; for a run collected whole, each
//! chunk at the scale its values have, made one by [`fit_decimals`]. `status`, `outcome`,
//! `decided_by`, `ruleset`, `rules_sha256` and `engine` are dictionary strings; findings and errors are lists of structs.

use std::borrow::Cow;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Date32Builder, ListBuilder, StringBuilder, StructBuilder, UInt64Builder};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt16Type,
    UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_buffer::NullBuffer;
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema, SchemaRef, TimeUnit};
use rust_decimal::Decimal;
use serde_json::Value as Json;

use super::row::{Row, RowShape, ENGINE, LAYER_COLUMN, LEADING_COLUMNS};
use super::Records;
use crate::check::model::Type;
use crate::eval::evidence::{EvidenceError, PlainColumn, Raw, RawRecord};
use crate::i18n::Msg;
use crate::value::Date;
use crate::RuleSet;

/// Record batches as a batch reads them: any iterator of Arrow's results.
pub type ArrowBatches = Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>> + Send>;

/// Record batches cut into chunks of at most a given number of rows (slices share the buffers).
pub(crate) struct ArrowSource {
    batches: ArrowBatches,
    pending: Option<(RecordBatch, usize)>,
    next_record: u64,
}

impl ArrowSource {
    pub(crate) fn new(batches: ArrowBatches) -> ArrowSource {
        ArrowSource { batches, pending: None, next_record: 0 }
    }
}

impl super::Source for ArrowSource {
    type Chunk = ColumnChunk;

    fn next_chunk(&mut self, max: usize) -> std::io::Result<Option<ColumnChunk>> {
        loop {
            if let Some((batch, offset)) = self.pending.take() {
                let rows = (batch.num_rows() - offset).min(max);
                let slice = batch.slice(offset, rows);
                if offset + rows < batch.num_rows() {
                    self.pending = Some((batch, offset + rows));
                }
                let first = self.next_record;
                self.next_record += rows as u64;
                return Ok(Some(ColumnChunk::new(first, slice)));
            }
            match self.batches.next() {
                None => return Ok(None),
                Some(Err(e)) => return Err(std::io::Error::other(e)),
                Some(Ok(batch)) if batch.num_rows() == 0 => {}
                Some(Ok(batch)) => self.pending = Some((batch, 0)),
            }
        }
    }

    fn progress(&self) -> u64 {
        self.next_record
    }
}

/// Up to a few thousand rows of a record batch, each column ready to be read a cell at a time.
/// The columns are made ready when the chunk is first read, on the core that evaluates it: the
/// source hands out chunks on one thread.
pub(crate) struct ColumnChunk {
    first: u64,
    rows: usize,
    names: Vec<String>,
    batch: RecordBatch,
    columns: std::sync::OnceLock<Vec<Column>>,
}

struct Column {
    nulls: Option<NullBuffer>,
    cells: Cells,
}

/// A column's cells, by the type they are read as.
enum Cells {
    Absent,
    /// Yes/no, `None` where the null mask hides a cell.
    Bool(Vec<Option<bool>>),
    Int(Vec<Decimal>),
    /// NaN where a cell is absent (pandas' missing value, or hidden by the null mask).
    Float(Vec<f64>),
    Decimal(arrow_array::PrimitiveArray<Decimal128Type>, i8),
    Utf8(arrow_array::StringArray),
    LargeUtf8(arrow_array::LargeStringArray),
    Utf8View(arrow_array::StringViewArray),
    /// Dictionary-encoded: each row's key into the values' cells.
    Dictionary(Vec<usize>, Box<Column>),
    Dates(Vec<Result<Date, Msg>>),
    Json(Vec<Result<Json, Msg>>),
    /// A type tieuchi does not read: each present cell is refused, naming what it is.
    Other(Msg),
}

impl ColumnChunk {
    fn new(first: u64, batch: RecordBatch) -> ColumnChunk {
        let names = batch.schema().fields().iter().map(|f| f.name().clone()).collect();
        ColumnChunk { first, rows: batch.num_rows(), names, batch, columns: std::sync::OnceLock::new() }
    }

    fn columns(&self) -> &[Column] {
        self.columns.get_or_init(|| self.batch.columns().iter().map(Column::new).collect())
    }
}

impl Records for ColumnChunk {
    fn first(&self) -> u64 {
        self.first
    }

    fn len(&self) -> usize {
        self.rows
    }

    fn record(&self, i: usize) -> Result<RawRecord<'_>, EvidenceError> {
        Ok(RawRecord {
            fields: self
                .names
                .iter()
                .zip(self.columns())
                .map(|(n, c)| (Cow::Borrowed(n.as_str()), c.read(i)))
                .collect(),
        })
    }

    fn record_into<'c>(&'c self, i: usize, into: &mut RawRecord<'c>) -> Result<(), EvidenceError> {
        into.fields.clear();
        into.fields.extend(self.names.iter().zip(self.columns()).map(|(n, c)| (Cow::Borrowed(n.as_str()), c.read(i))));
        Ok(())
    }

    fn fixed_fields(&self) -> Option<&[String]> {
        Some(&self.names)
    }

    fn field(&self, i: usize, f: usize) -> Raw<'_> {
        self.columns().get(f).map_or(Raw::Absent, |c| c.read(i))
    }

    fn plain_column(&self, f: usize) -> PlainColumn<'_> {
        match self.columns().get(f).map(|c| &c.cells) {
            Some(Cells::Float(floats)) => PlainColumn::Floats(floats),
            Some(Cells::Bool(bools)) => PlainColumn::Bools(bools),
            _ => PlainColumn::Cells,
        }
    }

    // The batch's own columns stay (shared with the input); the cells read from them are made
    // again if the chunk is read again.
    fn forget_what_was_read(&mut self) {
        self.columns = std::sync::OnceLock::new();
    }
}

macro_rules! ints {
    ($array:expr, $($t:ty),*) => {
        match $array.data_type() {
            $(dt if dt == &<$t as arrow_array::types::ArrowPrimitiveType>::DATA_TYPE => Some(
                $array.as_primitive::<$t>().values().iter().map(|&v| Decimal::from(v)).collect::<Vec<_>>(),
            ),)*
            _ => None,
        }
    };
}

impl Column {
    fn new(array: &ArrayRef) -> Column {
        let nulls = array.logical_nulls();
        let mut cells = Cells::of(array);
        // What a typed slice says of the cells the null mask hides: absent.
        if let (Some(nulls), Cells::Float(floats)) = (&nulls, &mut cells) {
            for i in nulls.iter().enumerate().filter(|(_, valid)| !valid).map(|(i, _)| i) {
                if let Some(f) = floats.get_mut(i) {
                    *f = f64::NAN;
                }
            }
        }
        if let (Some(nulls), Cells::Bool(bools)) = (&nulls, &mut cells) {
            for (b, valid) in bools.iter_mut().zip(nulls.iter()) {
                *b = b.filter(|_| valid);
            }
        }
        Column { nulls, cells }
    }

    fn read(&self, i: usize) -> Raw<'_> {
        if self.nulls.as_ref().is_some_and(|n| n.is_null(i)) {
            return Raw::Absent;
        }
        // A row past the column's end is refused, never read as absent.
        let past_the_end = Raw::Other(Msg::ArrowCellOutOfRange);
        match &self.cells {
            Cells::Absent => Raw::Absent,
            Cells::Bool(bools) => bools.get(i).copied().flatten().map_or(Raw::Absent, Raw::Bool),
            Cells::Int(v) => v.get(i).copied().map_or(past_the_end, Raw::Exact),
            Cells::Float(v) => v.get(i).copied().map_or(past_the_end, Raw::Float),
            Cells::Decimal(a, scale) if i < a.len() => Raw::Decimal128(a.value(i), *scale),
            Cells::Utf8(a) if i < a.len() => Raw::Text(a.value(i)),
            Cells::LargeUtf8(a) if i < a.len() => Raw::Text(a.value(i)),
            Cells::Utf8View(a) if i < a.len() => Raw::Text(a.value(i)),
            Cells::Dictionary(keys, values) => keys.get(i).map_or(past_the_end, |&key| values.read(key)),
            Cells::Dates(v) => match v.get(i) {
                Some(Ok(d)) => Raw::Date(*d),
                Some(Err(what)) => Raw::Other(*what),
                None => past_the_end,
            },
            Cells::Json(v) => match v.get(i) {
                Some(Ok(json)) => Raw::Json(json),
                Some(Err(what)) => Raw::Other(*what),
                None => past_the_end,
            },
            Cells::Other(what) => Raw::Other(*what),
            Cells::Decimal(..) | Cells::Utf8(_) | Cells::LargeUtf8(_) | Cells::Utf8View(_) => past_the_end,
        }
    }
}

fn text_at(array: &ArrayRef, i: usize) -> &str {
    match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(i),
        DataType::LargeUtf8 => array.as_string::<i64>().value(i),
        DataType::Utf8View => array.as_string_view().value(i),
        _ => "",
    }
}

impl Cells {
    fn of(array: &ArrayRef) -> Cells {
        if let Some(ints) =
            ints!(array, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type)
        {
            return Cells::Int(ints);
        }
        match array.data_type() {
            DataType::Null => Cells::Absent,
            DataType::Boolean => Cells::Bool(array.as_boolean().values().iter().map(Some).collect()),
            DataType::Float64 => Cells::Float(array.as_primitive::<Float64Type>().values().to_vec()),
            // A 32-bit float is read as the shortest text that gives it back as a 32-bit float.
            DataType::Float32 => Cells::Float(
                array
                    .as_primitive::<Float32Type>()
                    .values()
                    .iter()
                    .map(|v| v.to_string().parse::<f64>().unwrap_or(f64::NAN))
                    .collect(),
            ),
            DataType::Decimal128(_, scale) => Cells::Decimal(array.as_primitive::<Decimal128Type>().clone(), *scale),
            DataType::Utf8 => Cells::Utf8(array.as_string::<i32>().clone()),
            DataType::LargeUtf8 => Cells::LargeUtf8(array.as_string::<i64>().clone()),
            DataType::Utf8View => Cells::Utf8View(array.as_string_view().clone()),
            DataType::Dictionary(_, _) => match array.as_any_dictionary_opt() {
                // No values: every key is null.
                Some(dictionary) if dictionary.values().is_empty() => Cells::Absent,
                Some(dictionary) => {
                    let values = dictionary.values();
                    Cells::Dictionary(dictionary.normalized_keys(), Box::new(Column::new(values)))
                }
                None => Cells::Other(Msg::ArrowDictionary),
            },
            DataType::Date32 => Cells::Dates(
                array.as_primitive::<Date32Type>().values().iter().map(|&d| date_of_days(i64::from(d))).collect(),
            ),
            DataType::Date64 => Cells::Dates(
                array.as_primitive::<Date64Type>().values().iter().map(|&ms| date_of_instant(ms, 86_400_000)).collect(),
            ),
            DataType::Timestamp(_, Some(_)) => Cells::Other(Msg::ArrowTimestampWithZone),
            DataType::Timestamp(unit, None) => {
                let per_day: i64 = match unit {
                    TimeUnit::Second => 86_400,
                    TimeUnit::Millisecond => 86_400_000,
                    TimeUnit::Microsecond => 86_400_000_000,
                    TimeUnit::Nanosecond => 86_400_000_000_000,
                };
                let values: &[i64] = match unit {
                    TimeUnit::Second => array.as_primitive::<TimestampSecondType>().values(),
                    TimeUnit::Millisecond => array.as_primitive::<TimestampMillisecondType>().values(),
                    TimeUnit::Microsecond => array.as_primitive::<TimestampMicrosecondType>().values(),
                    TimeUnit::Nanosecond => array.as_primitive::<TimestampNanosecondType>().values(),
                };
                Cells::Dates(values.iter().map(|&t| date_of_instant(t, per_day)).collect())
            }
            DataType::List(_)
            | DataType::LargeList(_)
            | DataType::FixedSizeList(_, _)
            | DataType::ListView(_)
            | DataType::LargeListView(_)
            | DataType::Struct(_)
            | DataType::Map(_, _) => Cells::Json((0..array.len()).map(|i| json_of(array.as_ref(), i)).collect()),
            DataType::Binary | DataType::LargeBinary | DataType::BinaryView | DataType::FixedSizeBinary(_) => {
                Cells::Other(Msg::ArrowBytes)
            }
            DataType::Float16 => Cells::Other(Msg::ArrowFloat16),
            DataType::Decimal32(..) | DataType::Decimal64(..) | DataType::Decimal256(..) => {
                Cells::Other(Msg::ArrowDecimalWidth)
            }
            DataType::Time32(_) | DataType::Time64(_) => Cells::Other(Msg::ArrowTimeOfDay),
            DataType::Duration(_) | DataType::Interval(_) => Cells::Other(Msg::ArrowDuration),
            _ => Cells::Other(Msg::ArrowUnreadType),
        }
    }
}

/// The date `days` after 1970-01-01.
fn date_of_days(days: i64) -> Result<Date, Msg> {
    const OUT: Msg = Msg::ArrowDateOutOfRange;
    let epoch = jiff::civil::date(1970, 1, 1);
    let days = i32::try_from(days).map_err(|_| OUT)?;
    epoch.checked_add(jiff::Span::new().try_days(days).map_err(|_| OUT)?).map_err(|_| OUT)
}

/// The date of an instant counted in units of which `per_day` make a day: a time of day is refused.
fn date_of_instant(t: i64, per_day: i64) -> Result<Date, Msg> {
    if t.rem_euclid(per_day) != 0 {
        return Err(Msg::ArrowDateWithTime);
    }
    date_of_days(t.div_euclid(per_day))
}

/// The days from 1970-01-01 to `date`.
fn days_of_date(date: Date) -> i32 {
    let epoch = jiff::civil::date(1970, 1, 1);
    date.since((jiff::Unit::Day, epoch)).map_or(0, |span| span.get_days())
}

fn exact_json(text: &str) -> Result<Json, Msg> {
    text.parse::<serde_json::Number>().map(Json::Number).map_err(|_| Msg::ArrowNumberNotFinite)
}

/// One cell of a nested column as the JSON it stands for.
fn json_of(array: &dyn Array, i: usize) -> Result<Json, Msg> {
    if array.is_null(i) {
        return Ok(Json::Null);
    }
    let list = |values: ArrayRef, range: std::ops::Range<usize>| -> Result<Json, Msg> {
        range.map(|j| json_of(values.as_ref(), j)).collect::<Result<Vec<_>, _>>().map(Json::Array)
    };
    match array.data_type() {
        DataType::Null => Ok(Json::Null),
        DataType::Boolean => Ok(Json::Bool(array.as_boolean().value(i))),
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64 => {
            let ints = Cells::of(&array.slice(i, 1));
            match ints {
                Cells::Int(v) => v.first().map_or(Err(Msg::ArrowCellOutOfRange), |n| exact_json(&n.to_string())),
                _ => Err(Msg::ArrowUnreadType),
            }
        }
        DataType::Float64 => exact_json(&array.as_primitive::<Float64Type>().value(i).to_string()),
        DataType::Float32 => exact_json(&array.as_primitive::<Float32Type>().value(i).to_string()),
        DataType::Decimal128(_, scale) => {
            exact_json(&crate::value::decimal128_text(array.as_primitive::<Decimal128Type>().value(i), *scale))
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let array: ArrayRef = array.slice(i, 1);
            Ok(Json::String(text_at(&array, 0).to_owned()))
        }
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(..) | DataType::Dictionary(..) => {
            let one = array.slice(i, 1);
            let column = Column::new(&one);
            match column.read(0) {
                Raw::Date(d) => Ok(Json::String(d.to_string())),
                Raw::Text(t) => Ok(Json::String(t.to_owned())),
                Raw::Absent => Ok(Json::Null),
                Raw::Other(what) => Err(what),
                _ => Err(Msg::ArrowUnreadType),
            }
        }
        DataType::List(_) => {
            let a = array.as_list::<i32>();
            match a.value_offsets().get(i..=i + 1) {
                Some(&[start, end]) => list(Arc::clone(a.values()), span(start, end)),
                _ => Err(Msg::ArrowListOutOfRange),
            }
        }
        DataType::LargeList(_) => {
            let a = array.as_list::<i64>();
            let Some(&[start, end]) = a.value_offsets().get(i..=i + 1) else { return Err(Msg::ArrowListOutOfRange) };
            match (usize::try_from(start), usize::try_from(end)) {
                (Ok(start), Ok(end)) => list(Arc::clone(a.values()), start..end),
                _ => Err(Msg::ArrowListOutOfRange),
            }
        }
        DataType::FixedSizeList(_, _) => {
            let a = array.as_fixed_size_list();
            list(a.value(i), span(0, a.value_length()))
        }
        DataType::Struct(fields) => {
            let a = array.as_struct();
            let mut object = serde_json::Map::new();
            for (field, column) in fields.iter().zip(a.columns()) {
                object.insert(field.name().clone(), json_of(column.as_ref(), i)?);
            }
            Ok(Json::Object(object))
        }
        DataType::Map(_, _) => {
            let a = array.as_map();
            let Some(&[start, end]) = a.value_offsets().get(i..=i + 1) else { return Err(Msg::ArrowListOutOfRange) };
            let (keys, values) = (a.keys(), a.values());
            let mut object = serde_json::Map::new();
            for j in span(start, end) {
                let Json::String(key) = json_of(keys.as_ref(), j)? else {
                    return Err(Msg::ArrowMapKeysNotText);
                };
                object.insert(key, json_of(values.as_ref(), j)?);
            }
            Ok(Json::Object(object))
        }
        _ => Err(Msg::ArrowUnreadType),
    }
}

/// A list's positions from its offsets (never negative in a valid array).
fn span(start: i32, end: i32) -> std::ops::Range<usize> {
    usize::try_from(start).unwrap_or(0)..usize::try_from(end).unwrap_or(0)
}

/// The largest precision of `decimal128`.
const PRECISION: u8 = 38;

/// How a row's column is held in Arrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Exact decimals at this scale.
    Decimal(i8),
    Bool,
    Date,
    /// Text: strings, enum values, decimals too wide for `decimal128`, lists as JSON.
    Text,
    /// A derived number: its exact text while a run goes (no scale holds every number), made
    /// `decimal128` by [`fit_decimals`] once the run's values are known, when they fit.
    NumberText,
}

/// The field metadata that marks a column of exact decimal text.
const NUMBER_TEXT: (&str, &str) = ("tieuchi:type", "number");

impl Kind {
    fn data_type(self) -> DataType {
        match self {
            Kind::Decimal(scale) => DataType::Decimal128(PRECISION, scale),
            Kind::Bool => DataType::Boolean,
            Kind::Date => DataType::Date32,
            Kind::Text | Kind::NumberText => DataType::Utf8,
        }
    }

    fn field(self, name: &str) -> Field {
        let field = Field::new(name, self.data_type(), true);
        if self == Kind::NumberText {
            let (key, value) = NUMBER_TEXT;
            field.with_metadata(std::iter::once((key.to_owned(), value.to_owned())).collect())
        } else {
            field
        }
    }
}

/// A score's column: decimals at the largest scale a value up to the score's maximum can have
/// within `decimal128`'s 38 digits (28, the most a `Decimal` has, unless the maximum is huge).
fn score_kind(max: Decimal) -> Kind {
    let whole_digits = max.trunc().abs().to_string().trim_start_matches('0').len();
    let room = usize::from(PRECISION).saturating_sub(whole_digits);
    if room >= 28 {
        Kind::Decimal(28)
    } else {
        // A score whose maximum has more than ten whole digits: text keeps every digit.
        Kind::Text
    }
}

fn value_kind(ty: &Type) -> Kind {
    match ty.base() {
        Type::Bool => Kind::Bool,
        Type::Date => Kind::Date,
        Type::Number(_) => Kind::NumberText,
        _ => Kind::Text,
    }
}

/// The Arrow schema of a batch's rows.
#[derive(Debug, Clone)]
pub(crate) struct ArrowShape {
    schema: SchemaRef,
    scores: Vec<Kind>,
    values: Vec<Kind>,
    /// Whether the rows have a layer column ([`RowShape::layered`]).
    layered: bool,
}

fn list_of(fields: &[&str]) -> DataType {
    DataType::List(Arc::new(Field::new("item", DataType::Struct(struct_fields(fields)), false)))
}

fn struct_fields(fields: &[&str]) -> Fields {
    fields.iter().map(|name| Field::new(*name, DataType::Utf8, false)).collect()
}

const FINDING_FIELDS: [&str; 3] = ["code", "rule", "message"];
const ERROR_FIELDS: [&str; 3] = ["code", "field", "message"];

fn dictionary() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

impl ArrowShape {
    pub(crate) fn new(shape: &RowShape, versions: &[&RuleSet]) -> ArrowShape {
        let mut scores = vec![None::<Kind>; shape.scores.len()];
        let mut values = vec![None::<Kind>; shape.values.len()];
        // A column two versions give different kinds is text.
        let join = |cell: &mut Option<Kind>, kind: Kind| {
            *cell = Some(match *cell {
                Some(k) if k != kind => Kind::Text,
                _ => kind,
            });
        };
        for ((rules, score_columns), value_columns) in
            versions.iter().zip(&shape.score_columns).zip(&shape.value_columns)
        {
            let model = &rules.model;
            for (&column, score) in score_columns.iter().zip(&model.scores) {
                if let Some(cell) = scores.get_mut(column) {
                    join(cell, score_kind(score.max));
                }
            }
            for (&column, declared) in value_columns.iter().zip(&model.lets) {
                if let Some(cell) = values.get_mut(column) {
                    join(cell, value_kind(&declared.value.ty));
                }
            }
        }
        let scores: Vec<Kind> = scores.into_iter().map(|k| k.unwrap_or(Kind::Text)).collect();
        let values: Vec<Kind> = values.into_iter().map(|k| k.unwrap_or(Kind::Text)).collect();
        let leading = [
            DataType::UInt64,
            DataType::Utf8,
            dictionary(),
            dictionary(),
            dictionary(),
            DataType::Date32,
            dictionary(),
            dictionary(),
            dictionary(),
        ];
        let mut fields: Vec<Field> = LEADING_COLUMNS
            .iter()
            .zip(leading)
            .map(|(name, ty)| Field::new(*name, ty, !matches!(*name, "row" | "status" | "engine")))
            .collect();
        if shape.layered {
            fields.push(Field::new(LAYER_COLUMN, dictionary(), true));
        }
        fields.extend(shape.scores.iter().zip(&scores).map(|(name, k)| k.field(name)));
        fields.extend(shape.values.iter().zip(&values).map(|(name, k)| k.field(name)));
        fields.push(Field::new("findings", list_of(&FINDING_FIELDS), false));
        fields.push(Field::new("errors", list_of(&ERROR_FIELDS), true));
        // The engine that made the rows travels with them (into Parquet files too); each row
        // names its rules by fingerprint.
        let engine = crate::wire::EngineRecord::current();
        let metadata = std::collections::HashMap::from([
            ("tieuchi.engine.name".to_owned(), engine.name.into_owned()),
            ("tieuchi.engine.version".to_owned(), engine.version.into_owned()),
        ]);
        let layered = shape.layered;
        ArrowShape { schema: Arc::new(Schema::new_with_metadata(fields, metadata)), scores, values, layered }
    }

    pub(crate) fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }
}

enum ValueBuilder {
    /// Decimals, made an array at `scale`, or at the largest scale of their own when fitted.
    Decimal {
        values: Vec<Option<Decimal>>,
        scale: i8,
        fitted: bool,
    },
    Bool(BooleanBuilder),
    Date(Date32Builder),
    Text(StringBuilder),
}

impl ValueBuilder {
    fn new(kind: Kind, capacity: usize, fitted: bool) -> ValueBuilder {
        match kind {
            Kind::Decimal(scale) => ValueBuilder::Decimal { values: Vec::with_capacity(capacity), scale, fitted },
            Kind::Bool => ValueBuilder::Bool(BooleanBuilder::with_capacity(capacity)),
            Kind::Date => ValueBuilder::Date(Date32Builder::with_capacity(capacity)),
            Kind::Text | Kind::NumberText => ValueBuilder::Text(StringBuilder::with_capacity(capacity, capacity * 8)),
        }
    }

    fn push_decimal(&mut self, d: Option<Decimal>) {
        match (self, d) {
            (ValueBuilder::Decimal { values, .. }, d) => values.push(d),
            (ValueBuilder::Text(b), Some(d)) => b.append_value(crate::value::decimal_text(d)),
            (ValueBuilder::Text(b), None) => b.append_null(),
            (ValueBuilder::Bool(b), _) => b.append_null(),
            (ValueBuilder::Date(b), _) => b.append_null(),
        }
    }

    fn push_json(&mut self, v: &Json) {
        match (self, v) {
            (ValueBuilder::Bool(b), Json::Bool(x)) => b.append_value(*x),
            (ValueBuilder::Date(b), Json::String(s)) => match crate::value::parse_strict_date(s) {
                Some(d) => b.append_value(days_of_date(d)),
                None => b.append_null(),
            },
            (ValueBuilder::Text(b), Json::String(s)) => b.append_value(s),
            (ValueBuilder::Text(b), Json::Null) => b.append_null(),
            (ValueBuilder::Text(b), other) => b.append_value(other.to_string()),
            (ValueBuilder::Decimal { values, .. }, _) => values.push(None),
            (ValueBuilder::Bool(b), _) => b.append_null(),
            (ValueBuilder::Date(b), _) => b.append_null(),
        }
    }

    /// The column, and its type when it differs from the shape's (a fitted scale).
    fn finish(&mut self) -> (ArrayRef, Option<DataType>) {
        match self {
            ValueBuilder::Decimal { values, scale, fitted } => {
                let scale = if *fitted {
                    let own = values.iter().flatten().map(Decimal::scale).max().unwrap_or(0);
                    i8::try_from(own).unwrap_or(*scale)
                } else {
                    *scale
                };
                // The digits straight into the array's buffer, a null's as 0.
                let mut digits: Vec<i128> = Vec::with_capacity(values.len());
                let mut valid = arrow_buffer::NullBufferBuilder::new(values.len());
                for d in values.iter() {
                    let m = d.and_then(|d| mantissa_at(d, scale));
                    digits.push(m.unwrap_or(0));
                    valid.append(m.is_some());
                }
                let array = arrow_array::PrimitiveArray::<Decimal128Type>::new(digits.into(), valid.finish());
                let array = array.with_precision_and_scale(PRECISION, scale).unwrap_or_else(|_| {
                    values.iter().map(|_| None::<i128>).collect::<arrow_array::PrimitiveArray<Decimal128Type>>()
                });
                values.clear();
                (Arc::new(array), fitted.then_some(DataType::Decimal128(PRECISION, scale)))
            }
            ValueBuilder::Bool(b) => (Arc::new(b.finish()), None),
            ValueBuilder::Date(b) => (Arc::new(b.finish()), None),
            ValueBuilder::Text(b) => (Arc::new(b.finish()), None),
        }
    }
}

/// `d`'s digits at `scale` (at least its own), when they fit.
fn mantissa_at(d: Decimal, scale: i8) -> Option<i128> {
    let scale = u32::try_from(scale).ok()?;
    let own = d.scale();
    if own > scale {
        return None;
    }
    // Scores have a few places: a table rather than `checked_pow`'s loop on every cell.
    let power = match crate::value::TEN_POWERS.get((scale - own) as usize) {
        Some(&p) => i128::from(p),
        None => 10i128.checked_pow(scale - own)?,
    };
    d.mantissa().checked_mul(power)
}

/// A dictionary column of the few texts a run repeats on every row (rule set ids, fingerprints,
/// statuses, tier and rule ids), borrowed from the rule set or static for at least as long as
/// the column is built: a text is known by its address, and compared only the first time that
/// address is seen.
struct Repeated<'t> {
    /// Each row's key, `0` for a null: the buffer of the keys' array as it is.
    keys: Vec<i32>,
    /// Which rows have a text, once one has none.
    valid: arrow_buffer::NullBufferBuilder,
    values: Vec<&'t str>,
    /// Texts seen, by address, and their key.
    seen: Vec<(&'t str, i32)>,
}

impl<'t> Repeated<'t> {
    fn with_capacity(capacity: usize) -> Repeated<'t> {
        Repeated {
            keys: Vec::with_capacity(capacity),
            valid: arrow_buffer::NullBufferBuilder::new(capacity),
            values: Vec::new(),
            seen: Vec::new(),
        }
    }

    fn push(&mut self, text: Option<&'t str>) {
        let Some(text) = text else {
            self.keys.push(0);
            self.valid.append_null();
            return;
        };
        let seen = self.seen.iter().find(|(t, _)| std::ptr::eq(*t, text)).map(|&(_, key)| key);
        let key = seen.unwrap_or_else(|| {
            let k = self.values.iter().position(|v| *v == text).unwrap_or_else(|| {
                self.values.push(text);
                self.values.len() - 1
            });
            let key = i32::try_from(k).unwrap_or(i32::MAX);
            self.seen.push((text, key));
            key
        });
        self.keys.push(key);
        self.valid.append_non_null();
    }

    fn finish(&mut self) -> Result<ArrayRef, ArrowError> {
        let keys = arrow_array::Int32Array::try_new(std::mem::take(&mut self.keys).into(), self.valid.finish())?;
        let values = arrow_array::StringArray::from_iter_values(std::mem::take(&mut self.values));
        self.seen.clear();
        Ok(Arc::new(arrow_array::DictionaryArray::<Int32Type>::try_new(keys, Arc::new(values))?))
    }
}

/// Rows as columns, a chunk at a time.
pub(crate) struct ArrowRows<'s> {
    shape: &'s ArrowShape,
    row: UInt64Builder,
    subject: StringBuilder,
    ruleset: Repeated<'s>,
    rules_sha256: Repeated<'s>,
    engine: Repeated<'s>,
    on: Date32Builder,
    status: Repeated<'s>,
    outcome: Repeated<'s>,
    decided_by: Repeated<'s>,
    /// The deciding layer, for rows of layered rule sets ([`RowShape::layered`]).
    layer: Option<Repeated<'s>>,
    scores: Vec<ValueBuilder>,
    values: Vec<ValueBuilder>,
    findings: ListBuilder<StructBuilder>,
    errors: ListBuilder<StructBuilder>,
}

fn list_builder(fields: &[&str], capacity: usize) -> ListBuilder<StructBuilder> {
    let item = Field::new("item", DataType::Struct(struct_fields(fields)), false);
    ListBuilder::with_capacity(StructBuilder::from_fields(struct_fields(fields), capacity), capacity)
        .with_field(Arc::new(item))
}

fn push_struct(list: &mut ListBuilder<StructBuilder>, cells: [&str; 3]) {
    let values = list.values();
    for (i, cell) in cells.iter().enumerate() {
        if let Some(b) = values.field_builder::<StringBuilder>(i) {
            b.append_value(cell);
        }
    }
    values.append(true);
}

impl<'s> ArrowRows<'s> {
    /// Rows of `shape`; `fitted`: each decimal column at the scale its own values have.
    pub(crate) fn new(shape: &'s ArrowShape, capacity: usize, fitted: bool) -> ArrowRows<'s> {
        ArrowRows {
            shape,
            row: UInt64Builder::with_capacity(capacity),
            subject: StringBuilder::with_capacity(capacity, capacity * 8),
            ruleset: Repeated::with_capacity(capacity),
            rules_sha256: Repeated::with_capacity(capacity),
            engine: Repeated::with_capacity(capacity),
            on: Date32Builder::with_capacity(capacity),
            status: Repeated::with_capacity(capacity),
            outcome: Repeated::with_capacity(capacity),
            decided_by: Repeated::with_capacity(capacity),
            layer: shape.layered.then(|| Repeated::with_capacity(capacity)),
            scores: shape.scores.iter().map(|k| ValueBuilder::new(*k, capacity, fitted)).collect(),
            values: shape.values.iter().map(|k| ValueBuilder::new(*k, capacity, fitted)).collect(),
            findings: list_builder(&FINDING_FIELDS, capacity),
            errors: list_builder(&ERROR_FIELDS, capacity),
        }
    }

    /// The number of rows pushed.
    pub(crate) fn len(&self) -> usize {
        arrow_array::builder::ArrayBuilder::len(&self.row)
    }

    pub(crate) fn push(&mut self, row: &Row<'s>) {
        self.row.append_value(row.record);
        self.subject.append_option(row.subject.as_deref());
        self.ruleset.push(row.ruleset);
        self.rules_sha256.push(row.rules_sha256);
        self.engine.push(Some(ENGINE));
        self.on.append_option(row.on.map(days_of_date));
        self.status.push(Some(row.status.as_str()));
        self.outcome.push(row.outcome);
        self.decided_by.push(row.decided_by);
        if let Some(layer) = &mut self.layer {
            layer.push(row.layer);
        }
        for (i, b) in self.scores.iter_mut().enumerate() {
            b.push_decimal(row.scores.get(i).copied().flatten());
        }
        for (i, b) in self.values.iter_mut().enumerate() {
            b.push_json(row.values.get(i).unwrap_or(&Json::Null));
        }
        for f in &row.findings {
            push_struct(&mut self.findings, [&f.code, &f.rule, &f.label]);
        }
        self.findings.append(true);
        for e in &row.errors {
            push_struct(&mut self.errors, [e.code, &e.field, &e.message]);
        }
        self.errors.append(!row.errors.is_empty());
    }

    /// A plain record's row ([`super::Plain`]): rated, no findings, no error.
    pub(crate) fn push_plain(&mut self, row: &super::PlainRow<'_, 's>) {
        self.row.append_value(row.record);
        self.subject.append_option(row.subject);
        self.ruleset.push(Some(row.ruleset));
        self.rules_sha256.push(Some(row.rules_sha256));
        self.engine.push(Some(ENGINE));
        self.on.append_option(row.on.map(days_of_date));
        self.status.push(Some(super::RowStatus::Rated.as_str()));
        self.outcome.push(row.outcome);
        self.decided_by.push(Some(row.decided_by));
        if let Some(layer) = &mut self.layer {
            layer.push(None);
        }
        for (b, score) in self.scores.iter_mut().zip(row.scores.iter().copied().chain(std::iter::repeat(None))) {
            b.push_decimal(score);
        }
        for (b, value) in self.values.iter_mut().zip(row.values.iter().chain(std::iter::repeat(&Json::Null))) {
            b.push_json(value);
        }
        self.findings.append(true);
        self.errors.append(false);
    }

    pub(crate) fn finish(mut self) -> Result<RecordBatch, ArrowError> {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.row.finish()),
            Arc::new(self.subject.finish()),
            self.ruleset.finish()?,
            self.rules_sha256.finish()?,
            self.engine.finish()?,
            Arc::new(self.on.finish()),
            self.status.finish()?,
            self.outcome.finish()?,
            self.decided_by.finish()?,
        ];
        if let Some(layer) = &mut self.layer {
            columns.push(layer.finish()?);
        }
        let mut types: Vec<(usize, DataType)> = Vec::new();
        for builder in self.scores.iter_mut().chain(self.values.iter_mut()) {
            let (array, data_type) = builder.finish();
            if let Some(data_type) = data_type {
                types.push((columns.len(), data_type));
            }
            columns.push(array);
        }
        columns.push(Arc::new(self.findings.finish()));
        columns.push(Arc::new(self.errors.finish()));
        let schema = if types.is_empty() {
            self.shape.schema()
        } else {
            let mut fields: Vec<Field> = self.shape.schema.fields().iter().map(|f| f.as_ref().clone()).collect();
            for (i, data_type) in types {
                if let Some(field) = fields.get_mut(i) {
                    *field = field.clone().with_data_type(data_type);
                }
            }
            Arc::new(Schema::new_with_metadata(fields, self.shape.schema.metadata().clone()))
        };
        RecordBatch::try_new(schema, columns)
    }
}

/// The columns a quota decision may change in a row (`columns` in all): status, outcome,
/// `decided_by`, the layer and the findings. The record's values and scores are made before its
/// tier is decided, and stay.
pub(crate) fn decision_columns(shape: &RowShape, columns: usize) -> Vec<bool> {
    let mut changed = vec![false; columns];
    let mut mark = |column: usize| {
        if let Some(c) = changed.get_mut(column) {
            *c = true;
        }
    };
    mark(6);
    mark(7);
    mark(8);
    if shape.layered {
        mark(LEADING_COLUMNS.len());
    }
    mark(columns.wrapping_sub(2));
    changed
}

/// A chunk's rows with some replaced: `order` says, for each row, which batch and row it comes
/// from. Only the `changed` columns are made anew; the others are the first batch's, shared.
pub(crate) fn interleave_changed(
    batches: &[RecordBatch],
    order: &[(usize, usize)],
    changed: &[bool],
) -> Result<RecordBatch, ArrowError> {
    let Some(first) = batches.first() else {
        return Err(ArrowError::InvalidArgumentError("no rows to interleave".to_owned()));
    };
    let mut columns = Vec::with_capacity(first.num_columns());
    for (c, column) in first.columns().iter().enumerate() {
        if changed.get(c).copied().unwrap_or(true) {
            let parts: Vec<&dyn Array> = batches.iter().map(|b| b.column(c).as_ref()).collect();
            columns.push(arrow_select::interleave::interleave(&parts, order)?);
        } else {
            columns.push(Arc::clone(column));
        }
    }
    RecordBatch::try_new(first.schema(), columns)
}

/// How a column of a complete run is made one.
enum Fit {
    /// `decimal128` at the largest scale of the batches'.
    Scale(i8),
    /// Exact decimal text to `decimal128` at this scale.
    Decimal(i8),
}

/// A complete run's batches under one schema: each `decimal128` column at the largest scale its
/// batches have (batches written with fitted scales differ), and each column of derived numbers
/// as `decimal128` where every value fits. Nothing is rounded: scales only grow.
pub fn fit_decimals(batches: &[RecordBatch]) -> Result<Vec<RecordBatch>, ArrowError> {
    fit(batches, true)
}

/// The batches with each dictionary column of strings (status, outcome, ruleset, …) as plain
/// strings, for readers without dictionary types (pandas' Arrow strings, a list of records). Each
/// batch is expanded on its own core. A column that holds one text on every row of a batch (the
/// engine, the rule set and its fingerprint of a run of one version) shares one array of that
/// text, repeated, across the batches, instead of a copy per row.
pub fn plain_strings(batches: &[RecordBatch]) -> Result<Vec<RecordBatch>, ArrowError> {
    let longest = batches.iter().map(RecordBatch::num_rows).max().unwrap_or(0);
    let shared: Vec<Option<(String, ArrayRef)>> = batches.first().map_or_else(Vec::new, |first| {
        first
            .columns()
            .iter()
            .map(|column| {
                let text = only_text(column.as_ref())?;
                let repeated: arrow_array::StringArray = std::iter::repeat_n(Some(text), longest).collect();
                Some((text.to_owned(), Arc::new(repeated) as ArrayRef))
            })
            .collect()
    });
    super::map_chunks(batches, |batch| expand_dictionaries(batch, &shared)).into_iter().collect()
}

/// The one text a column of dictionary strings holds on every row, if it holds one (and no
/// nulls).
fn only_text(column: &dyn Array) -> Option<&str> {
    let dictionary = column.as_dictionary_opt::<Int32Type>()?;
    let values = dictionary.values().as_string_opt::<i32>()?;
    let keys = dictionary.keys();
    let first = *keys.values().first()?;
    let only = keys.null_count() == 0 && keys.values().iter().all(|&k| k == first);
    only.then(|| usize::try_from(first).ok().filter(|&k| k < values.len()).map(|k| values.value(k))).flatten()
}

fn expand_dictionaries(batch: &RecordBatch, shared: &[Option<(String, ArrayRef)>]) -> Result<RecordBatch, ArrowError> {
    let schema = batch.schema();
    let mut fields = Vec::with_capacity(schema.fields().len());
    let mut columns = Vec::with_capacity(batch.num_columns());
    for (c, (field, column)) in schema.fields().iter().zip(batch.columns()).enumerate() {
        if let Some(dictionary) =
            column.as_dictionary_opt::<Int32Type>().filter(|d| d.values().data_type() == &DataType::Utf8)
        {
            let repeated = shared.get(c).and_then(Option::as_ref).filter(|(text, repeated)| {
                repeated.len() >= batch.num_rows() && only_text(column.as_ref()) == Some(text.as_str())
            });
            columns.push(match repeated {
                Some((_, repeated)) => repeated.slice(0, batch.num_rows()),
                None => arrow_select::take::take(dictionary.values(), dictionary.keys(), None)?,
            });
            fields.push(field.as_ref().clone().with_data_type(DataType::Utf8));
        } else {
            columns.push(Arc::clone(column));
            fields.push(field.as_ref().clone());
        }
    }
    RecordBatch::try_new(Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone())), columns)
}

/// Batches of fitted rows with each `decimal128` column at the largest scale among them.
pub(crate) fn same_scales(batches: &[RecordBatch]) -> Result<Vec<RecordBatch>, ArrowError> {
    fit(batches, false)
}

fn fit(batches: &[RecordBatch], numbers_as_decimals: bool) -> Result<Vec<RecordBatch>, ArrowError> {
    let Some(first) = batches.first() else { return Ok(Vec::new()) };
    let schema = first.schema();
    let mut fits: Vec<Option<Fit>> = Vec::with_capacity(schema.fields().len());
    for (c, field) in schema.fields().iter().enumerate() {
        let number_text = field.metadata().get(NUMBER_TEXT.0).is_some_and(|v| v == NUMBER_TEXT.1);
        fits.push(match field.data_type() {
            DataType::Decimal128(..) => {
                let scale = batches
                    .iter()
                    .filter_map(|b| match b.schema().field(c).data_type() {
                        DataType::Decimal128(_, s) => Some(*s),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(0);
                Some(Fit::Scale(scale))
            }
            DataType::Utf8 if number_text && numbers_as_decimals => decimal_scale(batches, c).map(Fit::Decimal),
            _ => None,
        });
    }
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .zip(&fits)
        .map(|(f, fit)| match fit {
            Some(Fit::Scale(scale) | Fit::Decimal(scale)) => {
                f.as_ref().clone().with_data_type(DataType::Decimal128(PRECISION, *scale))
            }
            None => f.as_ref().clone(),
        })
        .collect();
    let fitted = Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()));
    batches
        .iter()
        .map(|batch| {
            let columns = batch
                .columns()
                .iter()
                .zip(&fits)
                .map(|(column, fit)| match fit {
                    Some(Fit::Scale(to)) => {
                        let DataType::Decimal128(_, from) = column.data_type() else { return Ok(Arc::clone(column)) };
                        let array = column.as_primitive::<Decimal128Type>();
                        if from == to {
                            return Ok(Arc::clone(column));
                        }
                        let factor = 10i128.pow(u32::from(to.unsigned_abs().saturating_sub(from.unsigned_abs())));
                        let scaled: arrow_array::PrimitiveArray<Decimal128Type> = array.try_unary(|v| {
                            v.checked_mul(factor)
                                .ok_or_else(|| ArrowError::ComputeError("a decimal beyond 38 digits".to_owned()))
                        })?;
                        scaled.with_precision_and_scale(PRECISION, *to).map(|a| Arc::new(a) as ArrayRef)
                    }
                    Some(Fit::Decimal(scale)) => {
                        let Some(texts) = column.as_string_opt::<i32>() else {
                            return Err(ArrowError::SchemaError("batches of different row shapes".to_owned()));
                        };
                        let values: arrow_array::PrimitiveArray<Decimal128Type> = texts
                            .iter()
                            .map(|t| t.and_then(|t| t.parse::<Decimal>().ok()).and_then(|d| mantissa_at(d, *scale)))
                            .collect();
                        values.with_precision_and_scale(PRECISION, *scale).map(|a| Arc::new(a) as ArrayRef)
                    }
                    None => Ok(Arc::clone(column)),
                })
                .collect::<Result<Vec<_>, _>>()?;
            RecordBatch::try_new(Arc::clone(&fitted), columns)
        })
        .collect()
}

/// The scale that holds every value of a column of decimal text within `decimal128`'s digits,
/// if one does.
fn decimal_scale(batches: &[RecordBatch], c: usize) -> Option<i8> {
    let (mut scale, mut whole) = (0u32, 0u32);
    for batch in batches {
        for text in batch.column(c).as_string_opt::<i32>()?.iter().flatten() {
            let d = text.parse::<Decimal>().ok()?;
            scale = scale.max(d.scale());
            let digits = u32::try_from(d.trunc().abs().to_string().trim_start_matches('0').len()).ok()?;
            whole = whole.max(digits);
        }
    }
    (whole + scale <= u32::from(PRECISION)).then(|| i8::try_from(scale).ok()).flatten()
}
