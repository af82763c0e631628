//! Several rule sets checked together: families of versions linked by `replaces`, and the
//! version in force on a date.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, CompileError, Diagnostic};
use crate::span::SourceFile;
use crate::value::Date;
use crate::RuleSet;

/// Compiled rule sets, grouped into families of versions.
#[derive(Debug, Clone)]
pub struct Library {
    rulesets: Vec<RuleSet>,
    /// Family of each rule set: the index of the family's first member.
    family: Vec<usize>,
    warnings: Vec<Diagnostic>,
}

/// Why no rule set could be chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    #[error("no rule set `{0}` is loaded")]
    Unknown(String),
    #[error("no version of `{family}` is in force on {on}; versions: {versions}")]
    NoneInForce { family: String, on: Date, versions: String },
    #[error("`{family}` has several versions ({versions}); give an evaluation date to choose one")]
    NeedDate { family: String, versions: String },
    #[error("several rule families are loaded ({0}); name the one to use")]
    Ambiguous(String),
    #[error("no rule set is loaded")]
    Empty,
}

impl SelectError {
    pub fn code(&self) -> &'static str {
        match self {
            SelectError::Unknown(_) => "select::unknown",
            SelectError::NoneInForce { .. } => "select::none-in-force",
            SelectError::NeedDate { .. } => "select::need-date",
            SelectError::Ambiguous(_) => "select::ambiguous",
            SelectError::Empty => "select::empty",
        }
    }
}

impl Library {
    /// Compiles every file, each after the rule sets it imports from; then checks the families:
    /// duplicate ids and overlapping validity.
    pub fn compile(sources: &[SourceFile]) -> Result<Library, CompileError> {
        let (library, diagnostics) = Self::compile_what_compiles(sources);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(CompileError { diagnostics });
        }
        Ok(library)
    }

    /// Like [`Library::compile`], but keeps the rule sets that compiled beside the diagnostics
    /// of those that did not (for running the tests of a folder with one broken file).
    pub fn compile_what_compiles(sources: &[SourceFile]) -> (Library, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut parsed = Vec::new();
        for source in sources {
            match crate::syntax::parse(source) {
                Ok(ast) => parsed.push((source, ast)),
                Err(errors) => diagnostics.extend(errors),
            }
        }
        let mut rulesets: Vec<RuleSet> = Vec::new();
        let mut pending: Vec<usize> = (0..parsed.len()).collect();
        // Compile whatever has its imports ready, until nothing more can be.
        loop {
            let ready = pending.iter().position(|&i| {
                imported_ids(&parsed[i].1)
                    .iter()
                    .all(|id| rulesets.iter().any(|r| r.id() == id) || !parsed.iter().any(|(_, a)| &a.id.name == id))
            });
            let Some(position) = ready else { break };
            let i = pending.remove(position);
            let (source, ast) = &parsed[i];
            let imports: Vec<&RuleSet> = rulesets.iter().collect();
            match RuleSet::from_ast(source, ast, &imports) {
                Ok(rules) => {
                    diagnostics.extend(rules.warnings().iter().cloned());
                    rulesets.push(rules);
                }
                Err(error) => diagnostics.extend(error.diagnostics),
            }
        }
        for i in pending {
            let (source, ast) = &parsed[i];
            let ids: Vec<String> = imported_ids(ast).into_iter().map(|id| format!("`{id}`")).collect();
            diagnostics.push(
                Diagnostic::error(
                    Code::ImportUnsupported,
                    source,
                    ast.id.span,
                    format!("`{}` imports from {}, which import from it in turn", ast.id.name, ids.join(", ")),
                )
                .with_help(
                    "rule sets cannot import from each other in a circle; move the shared enum into one of them",
                ),
            );
        }
        let mut library = Library { family: Vec::new(), rulesets, warnings: Vec::new() };
        library.check_ids(&mut diagnostics);
        library.link_families();
        library.check_overlaps(&mut diagnostics);
        library.warnings = diagnostics.iter().filter(|d| !d.is_error()).cloned().collect();
        (library, diagnostics)
    }

    pub fn rulesets(&self) -> &[RuleSet] {
        &self.rulesets
    }

    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    pub fn get(&self, id: &str) -> Option<&RuleSet> {
        self.rulesets.iter().find(|r| r.id() == id)
    }

    /// The versions of the family `id` belongs to, oldest first.
    pub fn family_of(&self, id: &str) -> Vec<&RuleSet> {
        let Some(index) = self.rulesets.iter().position(|r| r.id() == id) else { return Vec::new() };
        let root = self.family[index];
        let mut members: Vec<&RuleSet> =
            self.rulesets.iter().zip(&self.family).filter(|(_, f)| **f == root).map(|(r, _)| r).collect();
        members.sort_by_key(|r| r.model().valid_from);
        members
    }

    /// Every family, each named by its newest version.
    pub fn families(&self) -> Vec<Vec<&RuleSet>> {
        let mut roots: Vec<usize> = self.family.clone();
        roots.sort_unstable();
        roots.dedup();
        roots.into_iter().map(|root| self.family_of(self.rulesets[root].id())).collect()
    }

    /// The rule set to evaluate with: the one named (or the only family loaded), in the version
    /// in force on `on`; a version named without a date is used as it is.
    pub fn select(&self, id: Option<&str>, on: Option<Date>) -> Result<&RuleSet, SelectError> {
        let family = if let Some(id) = id {
            let family = self.family_of(id);
            if family.is_empty() {
                return Err(SelectError::Unknown(id.to_owned()));
            }
            // A version named without a date is that version.
            if on.is_none() {
                return self.get(id).ok_or_else(|| SelectError::Unknown(id.to_owned()));
            }
            family
        } else {
            let families = self.families();
            match families.len() {
                0 => return Err(SelectError::Empty),
                1 => families.into_iter().next().unwrap_or_default(),
                _ => {
                    let names: Vec<String> =
                        families.iter().filter_map(|f| f.last()).map(|r| format!("`{}`", r.id())).collect();
                    return Err(SelectError::Ambiguous(names.join(", ")));
                }
            }
        };
        let versions = || {
            family
                .iter()
                .map(|r| {
                    let m = r.model();
                    let from = m.valid_from.map_or_else(|| "…".to_owned(), |d| d.to_string());
                    let until = m.valid_until.map_or_else(|| "…".to_owned(), |d| d.to_string());
                    format!("`{}` {from}..{until}", r.id())
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let newest = family.last().map_or_else(String::new, |r| r.id().to_owned());
        match (on, family.as_slice()) {
            (None, [only]) => Ok(only),
            (None, _) => Err(SelectError::NeedDate { family: newest, versions: versions() }),
            (Some(on), _) => family
                .iter()
                .copied()
                .find(|r| r.in_force_on(on))
                .ok_or_else(|| SelectError::NoneInForce { family: newest, on, versions: versions() }),
        }
    }

    fn check_ids(&self, diagnostics: &mut Vec<Diagnostic>) {
        let mut seen: BTreeMap<&str, &RuleSet> = BTreeMap::new();
        for rules in &self.rulesets {
            if let Some(first) = seen.insert(rules.id(), rules) {
                let span = rules.model().id_span;
                diagnostics.push(
                    Diagnostic::error(
                        Code::DuplicateName,
                        rules.source(),
                        span,
                        format!("the rule set `{}` is defined twice", rules.id()),
                    )
                    .with_help(format!(
                        "it is also defined in `{}`; give each version its own id",
                        first.source().name()
                    )),
                );
            }
        }
    }

    /// Families are the connected groups of `replaces` links.
    fn link_families(&mut self) {
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let n = self.rulesets.len();
        let mut parent: Vec<usize> = (0..n).collect();
        for i in 0..n {
            let Some(replaced) = self.rulesets[i].model().replaces.clone() else { continue };
            if let Some(j) = self.rulesets.iter().position(|r| r.id() == replaced) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
        self.family = (0..n).map(|i| root(&mut parent, i)).collect();
    }

    fn check_overlaps(&self, diagnostics: &mut Vec<Diagnostic>) {
        for family in self.families() {
            for (i, a) in family.iter().enumerate() {
                for b in &family[i + 1..] {
                    if overlap(a, b) {
                        let (ma, mb) = (a.model(), b.model());
                        diagnostics.push(
                            Diagnostic::error(
                                Code::OverlappingVersions,
                                b.source(),
                                mb.valid_span.unwrap_or(mb.id_span),
                                format!("`{}` and `{}` are both in force on some dates", ma.id, mb.id),
                            )
                            .with_help(format!(
                                "end `{}` the day before `{}` starts: `valid from … until …`",
                                ma.id, mb.id
                            )),
                        );
                    }
                }
            }
        }
    }
}

/// The rule sets a file names in qualified types (`cong_chuc_nd335.xep_loai`).
fn imported_ids(ast: &crate::syntax::ast::RuleSetAst) -> Vec<String> {
    use crate::syntax::ast::{Item, TypeExpr};
    fn walk(ty: &TypeExpr, out: &mut Vec<String>) {
        match ty {
            TypeExpr::Qualified { ruleset, .. } | TypeExpr::ListOf { ruleset, .. } => out.push(ruleset.name.clone()),
            TypeExpr::Optional { inner, .. } => walk(inner, out),
            TypeExpr::List { fields, .. } | TypeExpr::History { fields, .. } => {
                for f in fields {
                    walk(&f.ty, out);
                }
            }
            TypeExpr::Named { .. } => {}
        }
    }
    let mut out = Vec::new();
    for item in &ast.items {
        if let Item::Input(decl) | Item::Key(decl) = item {
            walk(&decl.ty, &mut out);
        }
    }
    out.sort();
    out.dedup();
    out
}

fn overlap(a: &RuleSet, b: &RuleSet) -> bool {
    let (a, b) = (a.model(), b.model());
    let starts_before_other_ends = |from: Option<Date>, until: Option<Date>| match (from, until) {
        (Some(f), Some(u)) => f <= u,
        _ => true,
    };
    starts_before_other_ends(a.valid_from, b.valid_until) && starts_before_other_ends(b.valid_from, a.valid_until)
}

impl RuleSet {
    /// Whether the rule set is in force on a date (no `valid` clause: always).
    pub fn in_force_on(&self, on: Date) -> bool {
        let m = self.model();
        m.valid_from.is_none_or(|f| f <= on) && m.valid_until.is_none_or(|u| on <= u)
    }
}
