// A line tokenizer driven by a TextMate grammar, shaped as a CodeMirror stream parser.
//
// The calculator's editor highlights rule files with the VS Code extension's own grammar
// (editors/vscode/syntaxes/tieuchi.tmLanguage.json, bundled in at build time), so that the words
// of the language are listed in one grammar for both editors, and the tests hold that grammar to
// the core's list (`tieuchi::syntax::KEYWORDS`, through the wasm `completions`).
//
// It reads the part of TextMate that grammar uses: `match` rules with `captures`, `begin`/`end`
// rules with inner `patterns`, `include` of the repository, and groups of `patterns`. Regular
// expressions are read as JavaScript's (those of the grammar mean the same in both). A rule
// matches where the previous token ended, the first in order winning, as TextMate picks the
// leftmost match and the first rule among those.

function compileRules(patterns, repository, seen = new Set()) {
  const rules = [];
  for (const pattern of patterns ?? []) {
    if (pattern.include) {
      const name = pattern.include.replace(/^#/, '');
      const target = repository[name];
      if (!target) throw new Error(`the grammar includes #${name}, which it does not define`);
      if (seen.has(name)) continue;
      rules.push(...compileRules([target], repository, new Set([...seen, name])));
    } else if (pattern.match) {
      rules.push({ re: new RegExp(pattern.match, 'dy'), scope: pattern.name ?? null, captures: pattern.captures ?? null });
    } else if (pattern.begin) {
      rules.push({
        re: new RegExp(pattern.begin, 'dy'),
        scope: pattern.name ?? null,
        captures: pattern.beginCaptures ?? pattern.captures ?? null,
        block: {
          scope: pattern.name ?? null,
          end: new RegExp(pattern.end, 'dg'),
          rules: compileRules(pattern.patterns, repository, seen),
        },
      });
    } else if (pattern.patterns) {
      rules.push(...compileRules(pattern.patterns, repository, seen));
    }
  }
  return rules;
}

// The tokens of one match: its captures with their scopes, the rest with the rule's scope.
function segments(match, rule) {
  const end = match.index + match[0].length;
  if (!rule.captures) return [{ end, scope: rule.scope }];
  const parts = [];
  let at = match.index;
  const groups = Object.keys(rule.captures).map(Number).filter((n) => n > 0 && match.indices[n]).sort((a, b) => match.indices[a][0] - match.indices[b][0]);
  for (const n of groups) {
    const [from, to] = match.indices[n];
    if (from < at) continue; // nested captures: the outer one is kept
    if (from > at) parts.push({ end: from, scope: rule.scope });
    if (to > from) parts.push({ end: to, scope: rule.captures[n].name ?? rule.scope });
    at = to;
  }
  if (end > at) parts.push({ end, scope: rule.scope });
  return parts;
}

function matchAt(re, line, pos) {
  re.lastIndex = pos;
  const m = re.exec(line);
  return m && m[0].length > 0 ? m : null;
}

// The first place at or after `pos` where the block ends or one of its rules matches.
function nextInBlock(block, line, pos) {
  block.end.lastIndex = pos;
  const end = block.end.exec(line);
  let best = end ? { index: end.index, match: end, end: true } : null;
  for (const rule of block.rules) {
    const re = new RegExp(rule.re.source, 'dg');
    re.lastIndex = pos;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      if (m[0].length === 0) {
        re.lastIndex += 1;
        continue;
      }
      if (!best || m.index < best.index) best = { index: m.index, match: m, rule };
      break;
    }
  }
  return best;
}

const SPACE = /\s+/y;
const BLOCK_ENDS_HERE = (block, line, pos) => {
  block.end.lastIndex = pos;
  const m = block.end.exec(line);
  return m !== null && m.index === pos && m[0].length === 0;
};

/**
 * A CodeMirror stream parser (`StreamLanguage.define(…)`) for a TextMate grammar. `styleOf` turns
 * a scope into the token name CodeMirror highlights (a tag name); a token with no scope is plain.
 * The state also counts the braces open, for indentation.
 */
export function textMateParser(grammar, styleOf = (scope) => scope) {
  const rules = compileRules(grammar.patterns, grammar.repository ?? {});
  const style = (scope) => (scope ? styleOf(scope) : null);
  return {
    name: grammar.name,
    startState: () => ({ queue: [], block: null, depth: 0 }),
    copyState: (s) => ({ queue: s.queue.map((t) => ({ ...t })), block: s.block, depth: s.depth }),
    blankLine(state) {
      if (state.block && BLOCK_ENDS_HERE(state.block, '', 0)) state.block = null;
    },
    token(stream, state) {
      const line = stream.string;
      if (state.queue.length) {
        const next = state.queue.shift();
        stream.pos = next.end;
        return style(next.scope);
      }
      if (state.block) return blockToken(stream, state, line);
      SPACE.lastIndex = stream.pos;
      if (SPACE.test(line)) {
        stream.pos = SPACE.lastIndex;
        return null;
      }
      for (const rule of rules) {
        const m = matchAt(rule.re, line, stream.pos);
        if (!m) continue;
        const [first, ...rest] = segments(m, rule);
        state.queue = rest;
        stream.pos = first.end;
        if (rule.block) {
          state.block = rule.block;
          if (BLOCK_ENDS_HERE(rule.block, line, m.index + m[0].length)) state.block = null;
        }
        return style(first.scope);
      }
      // Nothing matches here: one character, unstyled; braces counted for indentation.
      const ch = String.fromCodePoint(line.codePointAt(stream.pos));
      if (ch === '{') state.depth += 1;
      else if (ch === '}') state.depth = Math.max(0, state.depth - 1);
      stream.pos += ch.length;
      return null;
    },
    indent(state, textAfter, context) {
      const depth = state.depth - (/^\s*\}/.test(textAfter) ? 1 : 0);
      return Math.max(0, depth) * context.unit;
    },
  };

  function blockToken(stream, state, line) {
    const block = state.block;
    const pos = stream.pos;
    const next = nextInBlock(block, line, pos);
    if (!next || next.index > pos) {
      // The block's own text, up to what comes next (or the line's end).
      stream.pos = next ? next.index : line.length;
      if (next?.end && next.match[0].length === 0 && stream.pos === line.length) state.block = null;
      return style(block.scope);
    }
    if (next.end) {
      stream.pos = next.index + Math.max(1, next.match[0].length);
      state.block = null;
      return style(block.scope);
    }
    const [first, ...rest] = segments(next.match, next.rule);
    state.queue = rest;
    stream.pos = first.end;
    if (BLOCK_ENDS_HERE(block, line, stream.pos) && stream.pos === line.length && !rest.length) state.block = null;
    return style(first.scope);
  }
}

/**
 * The tokens of `text` as `[text, scope]`, line by line, through the parser (for tests and for
 * anyone checking what the editor will show). Neighbours of one scope are joined; whitespace
 * between tokens is left out.
 */
export function tokenize(grammar, text) {
  const parser = textMateParser(grammar);
  const state = parser.startState();
  const tokens = [];
  for (const line of text.split('\n')) {
    if (line === '') parser.blankLine(state);
    const stream = { string: line, pos: 0 };
    let previous = null;
    while (stream.pos < line.length) {
      const from = stream.pos;
      const scope = parser.token(stream, state);
      if (stream.pos <= from) throw new Error(`the tokenizer stalled at ${from} of ${JSON.stringify(line)}`);
      const value = line.slice(from, stream.pos);
      if (previous && previous.scope === scope) previous.value += value;
      else {
        previous = { value, scope };
        tokens.push(previous);
      }
    }
  }
  return tokens.filter((t) => t.value.trim()).map((t) => [t.value.trim(), t.scope]);
}
