//! A compiled rule set, or a library of them, as bytes and back: rules compiled once and loaded
//! where there is no compiler (the browser's evaluation module) or no time to compile again (a
//! service's cache), evaluating exactly as the rules they were made from.
//!
//! The bytes are a header — `tieuchi compiled`, the form's number, what they hold, the engine
//! that wrote them, the SHA-256 of what follows — and the checked model, the warnings, the member
//! rule sets, the fingerprint and the layers, in [borsh](https://borsh.io); the evaluation plan is
//! lowered again from the model when they are read (it is a function of the model, and cheap).
//! Bytes of another engine or form, of the other kind, or damaged are a [`LoadError`], never a
//! rule set that evaluates otherwise. The digest finds damage, not malice: load bytes you made,
//! as you would a pickle (their nesting is bounded all the same, so that no bytes overflow the
//! stack).

use std::cell::RefCell;
use std::fmt;
use std::io::{self, Read, Write};
use std::sync::Arc;

use borsh::{BorshDeserialize, BorshSerialize};
use sha2::{Digest, Sha256};

use crate::check::model::{Model, NumKind, RecordId, TExpr, TKind, Type};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{ArgumentCode, Failure};
use crate::i18n::{Arg, Lang, Message, Msg};
use crate::kinds::LayerInfo;
use crate::library::Library;
use crate::plan::Plan;
use crate::ruleset::RuleSet;
use crate::span::{SourceFile, Span};

const MAGIC: &[u8; 16] = b"tieuchi compiled";

/// The layout of what the header introduces. Raised whenever a type written here changes shape:
/// the engine's version stays the same from one commit to the next, so it cannot tell. The test
/// `the_compiled_form_is_pinned` fails until it is raised.
const FORMAT: u16 = 1;

/// The engine that writes and reads the bytes.
const ENGINE: &str = concat!("tieuchi ", env!("CARGO_PKG_VERSION"));

/// How deep expressions, types, messages and member rule sets may nest in bytes being read: far
/// above what the checker lets through ([`crate::limits::MAX_EXPR_DEPTH`]), far below what would
/// overflow the stack.
const MAX_DEPTH: u32 = 512;

/// What compiled bytes hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contents {
    /// One rule set ([`RuleSet::to_bytes`]).
    RuleSet,
    /// A library ([`Library::to_bytes`]).
    Library,
}

impl Contents {
    fn tag(self) -> u8 {
        match self {
            Contents::RuleSet => 1,
            Contents::Library => 2,
        }
    }

    fn of_tag(tag: u8) -> Option<Contents> {
        match tag {
            1 => Some(Contents::RuleSet),
            2 => Some(Contents::Library),
            _ => None,
        }
    }

    fn name(self) -> Message {
        match self {
            Contents::RuleSet => crate::msg!(CompiledRuleSet),
            Contents::Library => crate::msg!(CompiledLibrary),
        }
    }
}

/// Why compiled bytes could not be read. A front end reports each as `argument::not-compiled`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The bytes are not compiled rules of tieuchi at all.
    NotCompiled,
    /// Another engine, or another form of this one, wrote them: compile the rules again.
    OtherEngine {
        /// The engine the bytes name.
        engine: String,
        /// The form they are in.
        format: u16,
    },
    /// They hold a library where a rule set was asked for, or the other way round.
    WrongContents {
        /// What was asked for.
        expected: Contents,
        /// What they hold.
        found: Contents,
    },
    /// They are cut short, changed since they were written, or do not read as what they say.
    Damaged {
        /// What was wrong, in the reader's words.
        problem: String,
    },
}

impl LoadError {
    /// What is wrong, in the catalogue's words.
    pub fn message(&self) -> Message {
        match self {
            LoadError::NotCompiled => crate::msg!(CompiledNotCompiled),
            LoadError::OtherEngine { engine, format } => crate::msg!(
                CompiledOtherEngine,
                engine = engine.as_str(),
                format = u32::from(*format),
                current = ENGINE,
                current_format = u32::from(FORMAT)
            ),
            LoadError::WrongContents { expected, found } => {
                crate::msg!(CompiledWrongContents, expected = expected.name(), found = found.name())
            }
            LoadError::Damaged { problem } => crate::msg!(CompiledDamaged, problem = problem.as_str()),
        }
    }

    /// The failure a front end reports, in `lang`.
    pub fn failure(&self, lang: Lang) -> Failure {
        Failure::argument(
            ArgumentCode::NotCompiled,
            self.message().render(lang),
            crate::msg!(CompiledHelp).render(lang),
            None,
            lang,
        )
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for LoadError {}

impl RuleSet {
    /// The rule set compiled, as bytes that [`RuleSet::from_bytes`] reads back, on any machine, by
    /// this engine.
    pub fn to_bytes(&self) -> Vec<u8> {
        write(Contents::RuleSet, self)
    }

    /// A rule set from [`RuleSet::to_bytes`]'s bytes: the same rules, evaluating alike, without
    /// parsing or checking them again.
    pub fn from_bytes(bytes: &[u8]) -> Result<RuleSet, LoadError> {
        read(Contents::RuleSet, bytes)
    }
}

impl Library {
    /// The library compiled, as bytes that [`Library::from_bytes`] reads back.
    pub fn to_bytes(&self) -> Vec<u8> {
        write(Contents::Library, self)
    }

    /// A library from [`Library::to_bytes`]'s bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Library, LoadError> {
        read(Contents::Library, bytes)
    }
}

fn write<T: BorshSerialize>(contents: Contents, value: &T) -> Vec<u8> {
    let _session = Session::start();
    let mut payload = Vec::new();
    // Into memory, and nothing in a rule set counts 2^32 items (its text is at most
    // `limits::MAX_SOURCE_BYTES`): writing cannot fail.
    let _ = value.serialize(&mut payload);
    let mut bytes = Vec::with_capacity(payload.len() + 96);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.push(contents.tag());
    let _ = ENGINE.to_owned().serialize(&mut bytes);
    bytes.extend_from_slice(&Sha256::digest(&payload));
    bytes.extend_from_slice(&payload);
    bytes
}

fn read<T: BorshDeserialize>(expected: Contents, bytes: &[u8]) -> Result<T, LoadError> {
    let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or(LoadError::NotCompiled)?;
    let damaged = |problem: &str| LoadError::Damaged { problem: problem.to_owned() };
    let (format, rest) = rest.split_first_chunk::<2>().ok_or_else(|| damaged("no header"))?;
    let format = u16::from_le_bytes(*format);
    let (&tag, mut rest) = rest.split_first().ok_or_else(|| damaged("no header"))?;
    let engine = String::deserialize(&mut rest).map_err(|_| damaged("no header"))?;
    if format != FORMAT || engine != ENGINE {
        return Err(LoadError::OtherEngine { engine, format });
    }
    let found = Contents::of_tag(tag).ok_or_else(|| damaged("no header"))?;
    if found != expected {
        return Err(LoadError::WrongContents { expected, found });
    }
    let (digest, payload) = rest.split_first_chunk::<32>().ok_or_else(|| damaged("no digest"))?;
    if Sha256::digest(payload).as_slice() != digest.as_slice() {
        return Err(damaged("the digest does not match"));
    }
    let _session = Session::start();
    T::try_from_slice(payload).map_err(|e| damaged(&e.to_string()))
}

/// What one reading or writing keeps between its values: the source files met so far (each
/// written once however many diagnostics and plans point into it, and read back as one), and how
/// deep the reading is.
#[derive(Default)]
struct State {
    sources: Vec<SourceFile>,
    depth: u32,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// The state of one reading or writing, cleared when it ends, however it ends.
struct Session;

impl Session {
    fn start() -> Session {
        STATE.with(|state| *state.borrow_mut() = State::default());
        Session
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        STATE.with(|state| *state.borrow_mut() = State::default());
    }
}

fn invalid(problem: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, problem.to_owned())
}

/// Reads one nested value, refusing to go deeper than [`MAX_DEPTH`].
fn nested<T>(read: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    let depth = STATE.with(|state| {
        let mut state = state.borrow_mut();
        state.depth += 1;
        state.depth
    });
    let result = if depth > MAX_DEPTH { Err(invalid("nested too deep")) } else { read() };
    STATE.with(|state| state.borrow_mut().depth -= 1);
    result
}

fn write_len<W: Write>(len: usize, writer: &mut W) -> io::Result<()> {
    u32::try_from(len).map_err(|_| invalid("too many items"))?.serialize(writer)
}

impl BorshSerialize for SourceFile {
    fn serialize<W: Write>(&self, writer: &mut W) -> io::Result<()> {
        let seen = STATE.with(|state| state.borrow().sources.iter().position(|known| known.same(self)));
        if let Some(index) = seen {
            1u8.serialize(writer)?;
            return write_len(index, writer);
        }
        0u8.serialize(writer)?;
        self.name().serialize(writer)?;
        self.text().serialize(writer)?;
        write_len(self.parts().len(), writer)?;
        for (at, part) in self.parts() {
            at.serialize(writer)?;
            part.serialize(writer)?;
        }
        // After its parts, as the reader numbers them.
        STATE.with(|state| state.borrow_mut().sources.push(self.clone()));
        Ok(())
    }
}

impl BorshDeserialize for SourceFile {
    fn deserialize_reader<R: Read>(reader: &mut R) -> io::Result<Self> {
        if u8::deserialize_reader(reader)? == 1 {
            let index = u32::deserialize_reader(reader)? as usize;
            return STATE
                .with(|state| state.borrow().sources.get(index).cloned())
                .ok_or_else(|| invalid("no such file"));
        }
        let name = String::deserialize_reader(reader)?;
        let text = String::deserialize_reader(reader)?;
        let count = u32::deserialize_reader(reader)?;
        let mut parts = Vec::new();
        for _ in 0..count {
            let at = usize::deserialize_reader(reader)?;
            parts.push((at, nested(|| SourceFile::deserialize_reader(reader))?));
        }
        let file = SourceFile::with_parts(name, text, parts);
        STATE.with(|state| state.borrow_mut().sources.push(file.clone()));
        Ok(file)
    }
}

impl BorshDeserialize for TExpr {
    fn deserialize_reader<R: Read>(reader: &mut R) -> io::Result<Self> {
        nested(|| {
            Ok(TExpr {
                kind: TKind::deserialize_reader(reader)?,
                ty: Type::deserialize_reader(reader)?,
                span: Span::deserialize_reader(reader)?,
            })
        })
    }
}

impl BorshDeserialize for Type {
    fn deserialize_reader<R: Read>(reader: &mut R) -> io::Result<Self> {
        // The variants in the order they are declared, as the derived writer numbers them.
        Ok(match u8::deserialize_reader(reader)? {
            0 => Type::Bool,
            1 => Type::Number(NumKind::deserialize_reader(reader)?),
            2 => Type::Date,
            3 => Type::Text,
            4 => Type::Enum(crate::check::model::EnumId::deserialize_reader(reader)?),
            5 => Type::Optional(Box::new(nested(|| Type::deserialize_reader(reader))?)),
            6 => Type::List(RecordId::deserialize_reader(reader)?),
            7 => Type::History(RecordId::deserialize_reader(reader)?),
            8 => Type::NoneLiteral,
            _ => return Err(invalid("no such type")),
        })
    }
}

impl BorshSerialize for Code {
    fn serialize<W: Write>(&self, writer: &mut W) -> io::Result<()> {
        self.as_str().serialize(writer)
    }
}

impl BorshDeserialize for Code {
    fn deserialize_reader<R: Read>(reader: &mut R) -> io::Result<Self> {
        let text = String::deserialize_reader(reader)?;
        Code::ALL.iter().copied().find(|code| code.as_str() == text).ok_or_else(|| invalid("no such code"))
    }
}

impl BorshSerialize for Message {
    fn serialize<W: Write>(&self, writer: &mut W) -> io::Result<()> {
        self.id.id().serialize(writer)?;
        write_len(self.args.len(), writer)?;
        for (name, arg) in &self.args {
            name.serialize(writer)?;
            arg.serialize(writer)?;
        }
        Ok(())
    }
}

impl BorshDeserialize for Message {
    fn deserialize_reader<R: Read>(reader: &mut R) -> io::Result<Self> {
        nested(|| {
            let id = Msg::parse(&String::deserialize_reader(reader)?).ok_or_else(|| invalid("no such message"))?;
            let count = u32::deserialize_reader(reader)?;
            let mut message = Message::new(id);
            for _ in 0..count {
                let name = crate::i18n::argument_name(&String::deserialize_reader(reader)?);
                message.args.push((name, Arg::deserialize_reader(reader)?));
            }
            Ok(message)
        })
    }
}

impl BorshSerialize for Arg {
    fn serialize<W: Write>(&self, writer: &mut W) -> io::Result<()> {
        match self {
            Arg::Text(text) => {
                0u8.serialize(writer)?;
                let text: &str = text;
                text.serialize(writer)
            }
            Arg::Int(n) => {
                1u8.serialize(writer)?;
                n.serialize(writer)
            }
            Arg::Msg(message) => {
                2u8.serialize(writer)?;
                message.serialize(writer)
            }
            Arg::Join(items) => {
                3u8.serialize(writer)?;
                write_len(items.len(), writer)?;
                items.iter().try_for_each(|item| item.serialize(writer))
            }
        }
    }
}

impl BorshDeserialize for Arg {
    fn deserialize_reader<R: Read>(reader: &mut R) -> io::Result<Self> {
        Ok(match u8::deserialize_reader(reader)? {
            0 => Arg::Text(String::deserialize_reader(reader)?.into()),
            1 => Arg::Int(i64::deserialize_reader(reader)?),
            2 => Arg::Msg(Box::new(Message::deserialize_reader(reader)?)),
            3 => {
                let count = u32::deserialize_reader(reader)?;
                let mut items = Vec::new();
                for _ in 0..count {
                    items.push(nested(|| Arg::deserialize_reader(reader))?);
                }
                Arg::Join(items)
            }
            _ => return Err(invalid("no such argument")),
        })
    }
}

impl BorshSerialize for RuleSet {
    fn serialize<W: Write>(&self, writer: &mut W) -> io::Result<()> {
        self.model.serialize(writer)?;
        self.warnings.serialize(writer)?;
        write_len(self.members.len(), writer)?;
        for member in &self.members {
            member.as_ref().serialize(writer)?;
        }
        self.fingerprint.serialize(writer)?;
        self.layers.serialize(writer)
    }
}

impl BorshDeserialize for RuleSet {
    fn deserialize_reader<R: Read>(reader: &mut R) -> io::Result<Self> {
        let model = Model::deserialize_reader(reader)?;
        let warnings = Vec::<Diagnostic>::deserialize_reader(reader)?;
        let count = u32::deserialize_reader(reader)?;
        let mut members = Vec::new();
        for _ in 0..count {
            members.push(Arc::new(nested(|| RuleSet::deserialize_reader(reader))?));
        }
        let fingerprint = String::deserialize_reader(reader)?;
        let layers = Vec::<LayerInfo>::deserialize_reader(reader)?;
        let plan = Plan::lower(&model);
        Ok(RuleSet { model, plan, warnings, members, fingerprint, layers })
    }
}

impl BorshSerialize for Library {
    fn serialize<W: Write>(&self, writer: &mut W) -> io::Result<()> {
        self.rulesets.serialize(writer)?;
        self.family.serialize(writer)?;
        self.warnings.serialize(writer)
    }
}

impl BorshDeserialize for Library {
    fn deserialize_reader<R: Read>(reader: &mut R) -> io::Result<Self> {
        let rulesets = Vec::<RuleSet>::deserialize_reader(reader)?;
        let family = Vec::<usize>::deserialize_reader(reader)?;
        if family.len() != rulesets.len() || family.iter().any(|&first| first >= rulesets.len()) {
            return Err(invalid("a family for every rule set, among them"));
        }
        let warnings = Vec::<Diagnostic>::deserialize_reader(reader)?;
        Ok(Library { rulesets, family, warnings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_nested_past_the_bound_are_refused_not_followed() {
        let mut message = crate::msg!(Verbatim, text = "x");
        for _ in 0..MAX_DEPTH {
            message = crate::msg!(Verbatim, text = message);
        }
        let mut bytes = Vec::new();
        let _session = Session::start();
        message.serialize(&mut bytes).ok();
        let error = Message::try_from_slice(&bytes).err().map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("nested too deep"));

        let mut shallow = Vec::new();
        crate::msg!(Verbatim, text = crate::msg!(Verbatim, text = "x")).serialize(&mut shallow).ok();
        assert!(Message::try_from_slice(&shallow).is_ok());
    }
}
