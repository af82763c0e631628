//! Several rule sets checked together: families of versions linked by `replaces`, and the
//! version in force on a date.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::{Code, CompileError, Diagnostic};
use crate::span::SourceFile;
use crate::value::Date;
use crate::RuleSet;

/// Compiled rule sets, grouped into families of versions.
#[derive(Debug, Clone)]
pub struct Library {
    pub(crate) rulesets: Vec<RuleSet>,
    /// Family of each rule set: the index of the family's first member.
    pub(crate) family: Vec<usize>,
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Why no rule set could be chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    /// No loaded rule set has this id.
    #[error("no rule set `{0}` is loaded")]
    Unknown(String),
    /// No version of the family is in force on the date asked for.
    #[error("no version of `{family}` is in force on {on}; versions: {versions}")]
    NoneInForce {
        /// The family's id.
        family: String,
        /// The date asked for.
        on: Date,
        /// The family's versions with their validity, for the message.
        versions: String,
    },
    /// The family has several versions and no date was given to choose one.
    #[error("`{family}` has several versions ({versions}); give an evaluation date to choose one")]
    NeedDate {
        /// The family's id.
        family: String,
        /// Its versions, for the message.
        versions: String,
    },
    /// No rule set was named and several families are loaded.
    #[error("several rule families are loaded ({0}); name the one to use")]
    Ambiguous(String),
    /// The library holds no rule set.
    #[error("no rule set is loaded")]
    Empty,
}

impl SelectError {
    /// What went wrong, in the catalogue's words.
    pub fn message(&self) -> crate::i18n::Message {
        match self {
            SelectError::Unknown(id) => crate::msg!(SelectUnknown, ruleset = id),
            SelectError::NoneInForce { family, on, versions } => {
                crate::msg!(SelectNoneInForce, family = family, on = on.to_string(), versions = versions)
            }
            SelectError::NeedDate { family, versions } => {
                crate::msg!(SelectNeedDate, family = family, versions = versions)
            }
            SelectError::Ambiguous(families) => crate::msg!(SelectAmbiguous, families = families),
            SelectError::Empty => crate::msg!(SelectEmpty),
        }
    }

    /// What to do about it, in the catalogue's words.
    pub fn help(&self) -> crate::i18n::Message {
        crate::i18n::Message::new(match self {
            SelectError::Unknown(_) => crate::i18n::Msg::SelectUnknownHelp,
            SelectError::NoneInForce { .. } => crate::i18n::Msg::SelectNoneInForceHelp,
            SelectError::NeedDate { .. } => crate::i18n::Msg::SelectNeedDateHelp,
            SelectError::Ambiguous(_) => crate::i18n::Msg::SelectAmbiguousHelp,
            SelectError::Empty => crate::i18n::Msg::SelectEmptyHelp,
        })
    }

    /// The stable code: `select::unknown`.
    pub fn code(&self) -> &'static str {
        self.select_code().as_str()
    }

    /// The stable code, typed.
    pub fn select_code(&self) -> SelectCode {
        match self {
            SelectError::Unknown(_) => SelectCode::Unknown,
            SelectError::NoneInForce { .. } => SelectCode::NoneInForce,
            SelectError::NeedDate { .. } => SelectCode::NeedDate,
            SelectError::Ambiguous(_) => SelectCode::Ambiguous,
            SelectError::Empty => SelectCode::Empty,
        }
    }
}

/// The stable code of each [`SelectError`], registered in [`crate::codes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SelectCode {
    /// `select::unknown`
    Unknown,
    /// `select::none-in-force`
    NoneInForce,
    /// `select::need-date`
    NeedDate,
    /// `select::ambiguous`
    Ambiguous,
    /// `select::empty`
    Empty,
}

impl SelectCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [SelectCode] =
        &[SelectCode::Unknown, SelectCode::NoneInForce, SelectCode::NeedDate, SelectCode::Ambiguous, SelectCode::Empty];

    /// The stable string.
    pub fn as_str(self) -> &'static str {
        match self {
            SelectCode::Unknown => "select::unknown",
            SelectCode::NoneInForce => "select::none-in-force",
            SelectCode::NeedDate => "select::need-date",
            SelectCode::Ambiguous => "select::ambiguous",
            SelectCode::Empty => "select::empty",
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
        let (parsed, unparsed, mut diagnostics) = parse_each(sources);
        // Files by the rule set they declare.
        let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, (_, ast)) in parsed.iter().enumerate() {
            by_id.entry(ast.id.name.as_str()).or_default().push(i);
        }
        // Each file after the files it imports from (Kahn's algorithm: linear in files and imports).
        let imports: Vec<Vec<String>> = parsed.iter().map(|(_, ast)| imported_ids(ast)).collect();
        // A layer extends the national family of the version it names: it comes after every
        // version of that family, so that it can be compiled onto each (`replaces` links, read
        // from the parsed files since nothing is compiled yet).
        let parsed_family = parsed_families(&parsed, &by_id);
        let national_family = |i: usize| -> Vec<usize> {
            let Some(base) = parsed.get(i).and_then(|(_, ast)| ast.extends.as_ref()) else { return Vec::new() };
            let roots: Vec<usize> = by_id
                .get(base.name.as_str())
                .into_iter()
                .flatten()
                .filter_map(|&b| parsed_family.get(b))
                .copied()
                .collect();
            let in_family = parsed_family.iter().enumerate().filter(|&(j, root)| j != i && roots.contains(root));
            in_family.map(|(j, _)| j).collect()
        };
        let deps: Vec<Vec<usize>> = imports
            .iter()
            .enumerate()
            .map(|(i, ids)| {
                let mut ds: Vec<usize> =
                    ids.iter().flat_map(|id| by_id.get(id.as_str()).into_iter().flatten().copied()).collect();
                ds.extend(national_family(i));
                ds.sort_unstable();
                ds.dedup();
                ds
            })
            .collect();
        let mut waiting: Vec<usize> = deps.iter().map(Vec::len).collect();
        let importers = importers_of(&deps);
        let mut ready: Vec<usize> =
            waiting.iter().enumerate().filter(|(_, w)| **w == 0).map(|(i, _)| i).rev().collect();
        let mut rulesets: Vec<RuleSet> = Vec::new();
        // The parsed file each rule set was compiled from: a layer gives one per national version.
        let mut origin: Vec<usize> = Vec::new();
        let mut compiled: HashMap<String, usize> = HashMap::new();
        let mut done = vec![false; parsed.len()];
        while let Some(i) = ready.pop() {
            mark(&mut done, i);
            for &j in importers.get(i).into_iter().flatten() {
                let Some(left) = waiting.get_mut(j) else { continue };
                *left -= 1;
                if *left == 0 {
                    ready.push(j);
                }
            }
            let (Some((source, ast)), Some(imported)) = (parsed.get(i), imports.get(i)) else { continue };
            let compiled_as = |id: &str| compiled.get(id).and_then(|&r| rulesets.get(r));
            let failed: Vec<String> = imported
                .iter()
                .filter(|id| !compiled.contains_key(id.as_str()))
                .filter(|id| by_id.contains_key(id.as_str()) || unparsed.contains_key(id.as_str()))
                .map(|id| format!("`{id}`"))
                .collect();
            if !failed.is_empty() {
                diagnostics.push(import_failed(source, ast, &failed));
                continue;
            }
            let mine: Vec<&RuleSet> = imported.iter().filter_map(|id| compiled_as(id)).collect();
            let compiled_rules = match &ast.extends {
                Some(base) => match compiled_as(&base.name) {
                    Some(named) => {
                        let family: Vec<&RuleSet> = national_family(i)
                            .into_iter()
                            .filter_map(|j| compiled_as(&parsed.get(j)?.1.id.name))
                            .filter(|r| r.layers().is_empty())
                            .collect();
                        compile_layer(named, &family, source, ast, &mine)
                    }
                    None => Err(unknown_base(source, ast, base)),
                },
                None => RuleSet::from_ast(source, ast, &mine).map(|rules| vec![rules]),
            };
            match compiled_rules {
                Ok(instances) => {
                    for rules in instances {
                        for warning in rules.warnings() {
                            if !diagnostics.contains(warning) {
                                diagnostics.push(warning.clone());
                            }
                        }
                        compiled.entry(rules.id().to_owned()).or_insert(rulesets.len());
                        rulesets.push(rules);
                        origin.push(i);
                    }
                }
                Err(error) => diagnostics.extend(error.diagnostics),
            }
        }
        unresolved(&parsed, &deps, &done, &mut diagnostics);
        let mut library = Library { family: Vec::new(), rulesets, warnings: Vec::new() };
        library.check_ids(&origin, &mut diagnostics);
        library.link_families();
        library.check_overlaps(&mut diagnostics);
        library.warnings = diagnostics.iter().filter(|d| !d.is_error()).cloned().collect();
        (library, diagnostics)
    }

    /// Every rule set of the library, in the order loaded.
    pub fn rulesets(&self) -> &[RuleSet] {
        &self.rulesets
    }

    /// A simulation over the whole library: each rule set that declares a parameter named in
    /// `overrides` gets the value given ([`RuleSet::with_params`]). A name no rule set declares
    /// as a parameter is `argument::unknown-param`.
    pub fn with_params<K: AsRef<str>, V: AsRef<str>>(
        &self,
        overrides: &[(K, V)],
    ) -> Result<Library, Box<crate::Failure>> {
        self.with_params_in(overrides, crate::Lang::default())
    }

    /// [`Library::with_params`], its failure's words in `lang`.
    pub fn with_params_in<K: AsRef<str>, V: AsRef<str>>(
        &self,
        overrides: &[(K, V)],
        lang: crate::Lang,
    ) -> Result<Library, Box<crate::Failure>> {
        let declares = |r: &RuleSet, id: &str| r.model.params.iter().any(|p| p.id == id);
        if let Some((id, _)) = overrides.iter().find(|(id, _)| !self.rulesets.iter().any(|r| declares(r, id.as_ref())))
        {
            // With one rule set, its own error (which names it); else the parameters of all.
            if let [only] = self.rulesets.as_slice() {
                only.with_params_in([(id.as_ref(), "")], lang)?;
            }
            let mut known: Vec<String> =
                self.rulesets.iter().flat_map(|r| &r.model.params).map(|p| format!("`{}`", p.id)).collect();
            known.sort_unstable();
            known.dedup();
            let help = if known.is_empty() {
                crate::msg!(ParamNoneLoadedHelp)
            } else {
                crate::msg!(ParamKnownHelp, params = known.join(", "))
            };
            return Err(Box::new(crate::Failure::argument(
                crate::ArgumentCode::UnknownParam,
                crate::msg!(ParamUnknownAny, id = id.as_ref()).render(lang),
                help.render(lang),
                Some(id.as_ref()),
                lang,
            )));
        }
        let rulesets = self
            .rulesets
            .iter()
            .map(|r| {
                let own = overrides.iter().filter(|(id, _)| declares(r, id.as_ref()));
                r.with_params_in(own.map(|(id, value)| (id.as_ref(), value.as_ref())), lang)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Library { rulesets, family: self.family.clone(), warnings: self.warnings.clone() })
    }

    /// The warnings of every rule file loaded.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The rule set `id`. A layer that applies onto several national versions is one rule set
    /// per version, all named `id`: this is the one onto the version its `extends` names;
    /// [`Library::select`] with a date chooses among them.
    pub fn get(&self, id: &str) -> Option<&RuleSet> {
        self.rulesets.iter().find(|r| r.id() == id)
    }

    /// The versions of the family `id` (any of its versions' ids) belongs to, or of the only
    /// family loaded, oldest first; never empty.
    pub fn family(&self, id: Option<&str>) -> Result<Vec<&RuleSet>, SelectError> {
        if let Some(id) = id {
            let family = self.family_of(id);
            return if family.is_empty() { Err(SelectError::Unknown(id.to_owned())) } else { Ok(family) };
        }
        let mut families = self.families();
        // A layer is used when named: beside the rule set it extends, the folder still means
        // the national rules.
        if families.len() > 1 {
            let national: Vec<_> =
                families.iter().filter(|f| f.iter().all(|r| r.layers().is_empty())).cloned().collect();
            if national.len() == 1 {
                families = national;
            }
        }
        match families.len() {
            0 => Err(SelectError::Empty),
            1 => Ok(families.remove(0)),
            _ => {
                let names: Vec<String> =
                    families.iter().filter_map(|f| f.last()).map(|r| format!("`{}`", r.id())).collect();
                Err(SelectError::Ambiguous(names.join(", ")))
            }
        }
    }

    /// The versions of the family `id` belongs to, oldest first.
    pub fn family_of(&self, id: &str) -> Vec<&RuleSet> {
        let root = self.rulesets.iter().zip(&self.family).find(|(r, _)| r.id() == id).map(|(_, &root)| root);
        let Some(root) = root else { return Vec::new() };
        let mut members: Vec<&RuleSet> =
            self.rulesets.iter().zip(&self.family).filter(|(_, f)| **f == root).map(|(r, _)| r).collect();
        members.sort_by_key(|r| r.model.valid_from);
        members
    }

    /// Every family, each named by its newest version.
    pub fn families(&self) -> Vec<Vec<&RuleSet>> {
        let mut roots: Vec<usize> = self.family.clone();
        roots.sort_unstable();
        roots.dedup();
        roots.into_iter().filter_map(|root| self.rulesets.get(root)).map(|r| self.family_of(r.id())).collect()
    }

    /// The rule set to evaluate with: the one named (or the only family loaded), in the version
    /// in force on `on`; a version named without a date is used as it is.
    pub fn select(&self, id: Option<&str>, on: Option<Date>) -> Result<&RuleSet, SelectError> {
        let family = self.family(id)?;
        // A version named without a date is that version.
        if let (Some(id), None) = (id, on) {
            return self.pinned(id, None);
        }
        let versions = || versions_text(&family);
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

    /// The rule set `id` itself, whatever the family's other versions, for records dated `on`. A
    /// layer that applies onto several national versions is one rule set per version, all named
    /// `id`: the one in force on `on`, and without a date none can be chosen.
    pub fn pinned(&self, id: &str, on: Option<Date>) -> Result<&RuleSet, SelectError> {
        let named = self.named(id);
        match (named.as_slice(), on) {
            ([], _) => Err(SelectError::Unknown(id.to_owned())),
            ([only], _) => Ok(only),
            (_, None) => Err(SelectError::NeedDate { family: id.to_owned(), versions: versions_text(&named) }),
            (_, Some(on)) => named
                .iter()
                .copied()
                .find(|r| r.in_force_on(on))
                .ok_or_else(|| SelectError::NoneInForce { family: id.to_owned(), on, versions: versions_text(&named) }),
        }
    }

    /// Every rule set of id `id`: one, or one per national version for a layer over several.
    pub(crate) fn named(&self, id: &str) -> Vec<&RuleSet> {
        self.rulesets.iter().filter(|r| r.id() == id).collect()
    }

    /// Two rule sets of one id are refused, unless they are one layer compiled onto several
    /// national versions (`origin`: the parsed file of each rule set).
    fn check_ids(&self, origin: &[usize], diagnostics: &mut Vec<Diagnostic>) {
        let mut seen: BTreeMap<&str, (&RuleSet, Option<&usize>)> = BTreeMap::new();
        for (i, rules) in self.rulesets.iter().enumerate() {
            let file = origin.get(i);
            if let Some((first, first_file)) = seen.insert(rules.id(), (rules, file)) {
                if first_file == file {
                    continue;
                }
                let span = rules.model.id_span;
                diagnostics.push(
                    Diagnostic::error(
                        Code::DuplicateName,
                        rules.source(),
                        span,
                        crate::msg!(RuleSetTwice, name = rules.id()),
                    )
                    .with_help(crate::msg!(RuleSetTwiceHelp, file = first.source().name())),
                );
            }
        }
    }

    /// Families are the connected groups of `replaces` links; the rule sets of a layer compiled
    /// onto several national versions, which share the layer's id, are one family too.
    fn link_families(&mut self) {
        let n = self.rulesets.len();
        let mut parent: Vec<usize> = (0..n).collect();
        for (i, rules) in self.rulesets.iter().enumerate() {
            let same_id = self.rulesets.iter().position(|r| r.id() == rules.id());
            let replaced = rules.model.replaces.as_deref();
            let replaced = replaced.and_then(|replaced| self.rulesets.iter().position(|r| r.id() == replaced));
            for j in same_id.into_iter().chain(replaced) {
                union(&mut parent, i, j);
            }
        }
        self.family = (0..n).map(|i| union_root(&mut parent, i)).collect();
    }

    fn check_overlaps(&self, diagnostics: &mut Vec<Diagnostic>) {
        for family in self.families() {
            for (i, a) in family.iter().enumerate() {
                for b in family.iter().skip(i + 1) {
                    if overlap(a, b) {
                        let (ma, mb) = (&a.model, &b.model);
                        diagnostics.push(
                            Diagnostic::error(
                                Code::OverlappingVersions,
                                b.source(),
                                mb.valid_span.unwrap_or(mb.id_span),
                                crate::msg!(VersionsOverlap, a = &ma.id, b = &mb.id),
                            )
                            .with_help(crate::msg!(
                                VersionsOverlapHelp,
                                a = &ma.id,
                                b = &mb.id
                            )),
                        );
                    }
                }
            }
        }
    }
}

/// A family's versions with their validity, as errors name them: "`a` …..2025-12-31, `b` 2026-01-01..…".
pub(crate) fn versions_text(family: &[&RuleSet]) -> String {
    family
        .iter()
        .map(|r| {
            let m = &r.model;
            let valid = validity_text(m.valid_from, m.valid_until);
            // A layer's versions differ by the national version they extend.
            match r.layers().first() {
                Some(national) => format!("`{}` (`{}`) {valid}", r.id(), national.id),
                None => format!("`{}` {valid}", r.id()),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A layer compiled onto each version of the national family it extends that is in force on some
/// date of the layer's own validity: first onto `named`, the version the layer names (it was
/// written against it, and it must be one of them), then onto the others, oldest first. Each
/// compiled rule set is in force where the layer and its national version both are, so the
/// family's dates choose among them as among any versions. A layer that does not apply onto one
/// of the versions is refused, naming that version. The layer's `test` blocks each run once: a
/// dated one on the rule set in force on its date, the others on the one onto `named`.
fn compile_layer(
    named: &RuleSet,
    family: &[&RuleSet],
    source: &SourceFile,
    ast: &crate::syntax::ast::RuleSetAst,
    imports: &[&RuleSet],
) -> Result<Vec<RuleSet>, CompileError> {
    let (from, until) = ast
        .items
        .iter()
        .find_map(|item| match item {
            crate::syntax::ast::Item::Valid { from, until, .. } => Some((from.map(|d| d.date), until.map(|d| d.date))),
            _ => None,
        })
        .unwrap_or_default();
    let during_layer = |r: &RuleSet| {
        let m = &r.model;
        from.is_none_or(|f| m.valid_until.is_none_or(|u| f <= u))
            && until.is_none_or(|u| m.valid_from.is_none_or(|f| f <= u))
    };
    let layer_span = ast.extends.as_ref().map_or(ast.id.span, |base| base.span);
    let valid = validity_text(from, until);
    if !during_layer(named) {
        return Err(CompileError {
            diagnostics: vec![Diagnostic::error(
                Code::LayerBase,
                source,
                layer_span,
                crate::msg!(LayerBaseNotInForce, name = &ast.id.name, base = named.id(), valid = &valid),
            )
            .with_help(crate::msg!(LayerBaseNotInForceHelp))],
        });
    }
    let mut others: Vec<&RuleSet> =
        family.iter().copied().filter(|r| r.id() != named.id() && during_layer(r)).collect();
    others.sort_by_key(|r| r.model.valid_from);
    let mut instances = vec![RuleSet::layered(named, source, ast, imports)?];
    for version in others {
        match RuleSet::layered(version, source, ast, imports) {
            Ok(rules) => instances.push(rules),
            Err(error) => {
                let mut diagnostics = vec![Diagnostic::error(
                    Code::LayerBase,
                    source,
                    layer_span,
                    crate::msg!(
                        LayerBaseVersion,
                        name = &ast.id.name,
                        version = version.id(),
                        valid = validity_text(version.model.valid_from, version.model.valid_until)
                    ),
                )
                .with_help(crate::msg!(LayerBaseVersionHelp, version = version.id()))];
                diagnostics.extend(error.diagnostics);
                return Err(CompileError { diagnostics });
            }
        }
    }
    let in_force: Vec<(Option<Date>, Option<Date>)> =
        instances.iter().map(|r| (r.model.valid_from, r.model.valid_until)).collect();
    let covers = |(from, until): (Option<Date>, Option<Date>), on: Date| {
        from.is_none_or(|f| f <= on) && until.is_none_or(|u| on <= u)
    };
    for (index, (rules, &mine)) in instances.iter_mut().zip(&in_force).enumerate() {
        rules.model.tests.retain(|test| match test.on {
            Some(on) if covers(mine, on) => true,
            Some(on) => index == 0 && !in_force.iter().any(|&window| covers(window, on)),
            None => index == 0,
        });
    }
    Ok(instances)
}

/// A validity as errors show it: `2026-07-01..…`.
fn validity_text(from: Option<Date>, until: Option<Date>) -> String {
    let from = from.map_or_else(|| "…".to_owned(), |d| d.to_string());
    let until = until.map_or_else(|| "…".to_owned(), |d| d.to_string());
    format!("{from}..{until}")
}

/// The family of each parsed file (the index of a file of it), by `replaces` links.
fn parsed_families(
    parsed: &[(&SourceFile, crate::syntax::ast::RuleSetAst)],
    by_id: &HashMap<&str, Vec<usize>>,
) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..parsed.len()).collect();
    for (i, (_, ast)) in parsed.iter().enumerate() {
        let replaced = ast.items.iter().filter_map(|item| match item {
            crate::syntax::ast::Item::Replaces(id) => Some(id.name.as_str()),
            _ => None,
        });
        for j in replaced.flat_map(|id| by_id.get(id).into_iter().flatten().copied()) {
            union(&mut parent, i, j);
        }
    }
    (0..parsed.len()).map(|i| union_root(&mut parent, i)).collect()
}

/// Joins the sets of `i` and `j` in a union-find forest: the lesser root becomes the root of both.
fn union(parent: &mut [usize], i: usize, j: usize) {
    let (a, b) = (union_root(parent, i), union_root(parent, j));
    if let Some(root) = parent.get_mut(a.max(b)) {
        *root = a.min(b);
    }
}

/// The root of `i` in a union-find forest, halving the path on the way.
fn union_root(parent: &mut [usize], mut i: usize) -> usize {
    while let Some(&up) = parent.get(i).filter(|&&up| up != i) {
        let grand = parent.get(up).copied().unwrap_or(up);
        if let Some(link) = parent.get_mut(i) {
            *link = grand;
        }
        i = grand;
    }
    i
}

/// Sets the flag of node `i`; whether it was clear.
fn mark(flags: &mut [bool], i: usize) -> bool {
    flags.get_mut(i).is_some_and(|flag| !std::mem::replace(flag, true))
}

/// A file that cannot be compiled because rule sets it imports from did not compile.
fn import_failed(source: &SourceFile, ast: &crate::syntax::ast::RuleSetAst, failed: &[String]) -> Diagnostic {
    let count = failed.len();
    Diagnostic::error(
        Code::ImportFailed,
        source,
        ast.id.span,
        crate::msg!(ImportFailed, name = &ast.id.name, others = failed.join(", "), count = count),
    )
    .with_help(crate::msg!(ImportFailedHelp, others = failed.join(", "), count = count))
}

/// The id a rule file declares on its `ruleset` line, read without parsing the file.
fn declared_id(text: &str) -> Option<String> {
    let code = text.lines().map(|l| l.split('#').next().unwrap_or("").trim()).find(|l| !l.is_empty())?;
    let rest = code.strip_prefix("ruleset")?;
    let id: String =
        rest.trim_start().chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_').collect();
    (!id.is_empty() && rest.starts_with(char::is_whitespace)).then_some(id)
}

/// A layer whose base is no rule set of the library.
fn unknown_base(
    source: &SourceFile,
    ast: &crate::syntax::ast::RuleSetAst,
    base: &crate::syntax::ast::Ident,
) -> CompileError {
    CompileError {
        diagnostics: vec![Diagnostic::error(
            Code::LayerBase,
            source,
            base.span,
            crate::msg!(LayerBaseUnknown, name = &ast.id.name, base = &base.name),
        )
        .with_help(crate::msg!(LayerBaseUnknownHelp, base = &base.name))],
    }
}

/// Each file parsed: those that parsed, those that did not by the id their first line names (so
/// that their importers hear that they failed rather than that they are absent), and the syntax
/// errors.
#[expect(clippy::type_complexity, reason = "the three parts of one pass, each used apart by the caller")]
fn parse_each(
    sources: &[SourceFile],
) -> (Vec<(&SourceFile, crate::syntax::ast::RuleSetAst)>, HashMap<String, &SourceFile>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut parsed = Vec::new();
    let mut unparsed: HashMap<String, &SourceFile> = HashMap::new();
    for source in sources {
        match crate::syntax::parse(source) {
            Ok(ast) => parsed.push((source, ast)),
            Err(errors) => {
                diagnostics.extend(errors);
                if let Some(id) = declared_id(source.text()) {
                    unparsed.insert(id, source);
                }
            }
        }
    }
    (parsed, unparsed, diagnostics)
}

/// For each file, the files that import from it (`deps`: the files each imports from).
fn importers_of(deps: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut importers = vec![Vec::new(); deps.len()];
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            if let Some(importers) = importers.get_mut(d) {
                importers.push(i);
            }
        }
    }
    importers
}

/// What is left after the files were compiled in order waits on a cycle: its members are reported
/// as such, the files that import from one without being in it as files whose import failed.
fn unresolved(
    parsed: &[(&SourceFile, crate::syntax::ast::RuleSetAst)],
    deps: &[Vec<usize>],
    done: &[bool],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let in_cycle = on_cycles(deps, done);
    let names = |of: &mut dyn Iterator<Item = &usize>| -> Vec<String> {
        of.filter_map(|&d| parsed.get(d))
            .map(|(_, ast)| format!("`{}`", ast.id.name))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let holds = |flags: &[bool], d: usize| flags.get(d).copied().unwrap_or_default();
    for (i, ((source, ast), deps)) in parsed.iter().zip(deps).enumerate() {
        if holds(done, i) {
            continue;
        }
        if holds(&in_cycle, i) {
            let ids = names(&mut deps.iter().filter(|&&d| holds(&in_cycle, d)));
            diagnostics.push(
                Diagnostic::error(
                    Code::ImportUnsupported,
                    source,
                    ast.id.span,
                    crate::msg!(ImportCycle, name = &ast.id.name, others = ids.join(", ")),
                )
                .with_help(crate::msg!(ImportCycleHelp)),
            );
        } else {
            let failed = names(&mut deps.iter().filter(|&&d| !holds(done, d)));
            diagnostics.push(import_failed(source, ast, &failed));
        }
    }
}

/// Which nodes of the graph not `done` lie on a cycle: those in a strongly connected component
/// of more than one node, or with an edge to themselves (Kosaraju's algorithm, iterative).
fn on_cycles(deps: &[Vec<usize>], done: &[bool]) -> Vec<bool> {
    let n = deps.len();
    let live = |i: usize| done.get(i).is_some_and(|done| !done);
    let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            if let Some(importers) = reverse.get_mut(d).filter(|_| live(i) && live(d)) {
                importers.push(i);
            }
        }
    }
    // Pass 1: nodes by finishing time.
    let mut visited = vec![false; n];
    let mut finished = Vec::with_capacity(n);
    for start in (0..n).filter(|&i| live(i)) {
        if !mark(&mut visited, start) {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.pop() {
            if let Some(&d) = deps.get(node).and_then(|ds| ds.get(next)) {
                stack.push((node, next + 1));
                if live(d) && mark(&mut visited, d) {
                    stack.push((d, 0));
                }
            } else {
                finished.push(node);
            }
        }
    }
    // Pass 2: components on the reversed graph, latest finisher first.
    let mut component: Vec<Option<usize>> = vec![None; n];
    let mut sizes = Vec::new();
    for &start in finished.iter().rev() {
        let c = sizes.len();
        if !claim(&mut component, start, c) {
            continue;
        }
        let mut size = 0usize;
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            size += 1;
            for &r in reverse.get(node).into_iter().flatten() {
                if claim(&mut component, r, c) {
                    stack.push(r);
                }
            }
        }
        sizes.push(size);
    }
    let in_big_component = |c: &Option<usize>| c.and_then(|c| sizes.get(c)).is_some_and(|&s| s > 1);
    let nodes = deps.iter().zip(&component).enumerate();
    nodes.map(|(i, (ds, c))| live(i) && (in_big_component(c) || ds.contains(&i))).collect()
}

/// Puts node `i` in component `c`, unless it is in one already; whether it was put.
fn claim(component: &mut [Option<usize>], i: usize, c: usize) -> bool {
    match component.get_mut(i) {
        Some(slot @ None) => {
            *slot = Some(c);
            true
        }
        _ => false,
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
    // A layer is compiled after the rule set it extends.
    out.extend(ast.extends.iter().map(|base| base.name.clone()));
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
    let (a, b) = (&a.model, &b.model);
    let starts_before_other_ends = |from: Option<Date>, until: Option<Date>| match (from, until) {
        (Some(f), Some(u)) => f <= u,
        _ => true,
    };
    starts_before_other_ends(a.valid_from, b.valid_until) && starts_before_other_ends(b.valid_from, a.valid_until)
}

impl RuleSet {
    /// Whether the rule set is in force on a date (no `valid` clause: always).
    pub fn in_force_on(&self, on: Date) -> bool {
        let m = &self.model;
        m.valid_from.is_none_or(|f| f <= on) && m.valid_until.is_none_or(|u| on <= u)
    }
}
