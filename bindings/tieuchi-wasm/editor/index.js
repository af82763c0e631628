// The calculator's rule editor: CodeMirror 6 with the tieuchi language, the engine's diagnostics
// inline and completion of names and words. Bundled by scripts/build.sh (esbuild) into
// pkg/www/editor.js; the page gives it the engine through callbacks, so the bundle holds no
// copy of the WebAssembly glue.

import { EditorState, StateField } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  WidgetType,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { HighlightStyle, StreamLanguage, bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { forEachDiagnostic, lintGutter, lintKeymap, linter, setDiagnosticsEffect } from '@codemirror/lint';
import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { tags as t } from '@lezer/highlight';
import grammar from '../../../editors/vscode/syntaxes/tieuchi.tmLanguage.json';
import { textMateParser } from './textmate.js';
import { diagnosticRange } from './positions.js';

// --- The language: the VS Code grammar's scopes as CodeMirror's highlighting tags ---------------

// The most specific prefix wins.
const SCOPE_STYLES = [
  ['comment', 'lineComment'],
  ['string', 'string'],
  ['constant.character.escape', 'escape'],
  ['storage.type', 'definitionKeyword'],
  ['entity.name', 'variableName.definition'],
  ['constant.numeric', 'number'],
  ['constant.language', 'bool'],
  ['keyword.control', 'controlKeyword'],
  ['keyword.operator.word', 'operatorKeyword'],
  ['keyword.operator', 'operator'],
  ['keyword', 'keyword'],
  ['support.type', 'typeName'],
  ['support.function', 'variableName.function'],
  ['punctuation', 'punctuation'],
  ['variable', 'variableName'],
].sort((a, b) => b[0].length - a[0].length);

function styleOf(scope) {
  const found = SCOPE_STYLES.find(([prefix]) => scope === prefix || scope.startsWith(`${prefix}.`));
  return found ? found[1] : null;
}

const language = StreamLanguage.define({
  ...textMateParser(grammar, styleOf),
  languageData: { commentTokens: { line: '#' }, indentOnInput: /^\s*\}$/ },
});

const highlighting = HighlightStyle.define([
  { tag: [t.definitionKeyword, t.keyword, t.controlKeyword, t.operatorKeyword], color: '#8250df' },
  { tag: t.definition(t.variableName), color: '#953800', fontWeight: '600' },
  { tag: t.function(t.variableName), color: '#0550ae' },
  { tag: t.typeName, color: '#0a6b61' },
  { tag: [t.number, t.bool], color: '#0550ae' },
  { tag: t.string, color: '#116329' },
  { tag: t.escape, color: '#0a3069', fontWeight: '600' },
  { tag: t.lineComment, color: '#6e7781', fontStyle: 'italic' },
  { tag: t.operator, color: '#cf222e' },
]);

// --- Diagnostics -----------------------------------------------------------------------------------

function toDiagnostic(doc, record) {
  const range = diagnosticRange(doc, record) ?? { from: 0, to: Math.min(1, doc.length) };
  const severity = record.severity === 'warning' ? 'warning' : 'error';
  return {
    ...range,
    severity,
    message: record.message,
    source: record.code,
    renderMessage() {
      const box = document.createElement('span');
      const message = box.appendChild(document.createElement('span'));
      message.className = 'cm-tieuchi-message';
      message.dataset.code = record.code;
      message.textContent = record.message;
      if (record.help) {
        const help = box.appendChild(document.createElement('span'));
        help.className = 'cm-tieuchi-help';
        help.textContent = `Gợi ý: ${record.help}`;
      }
      return box;
    },
  };
}

// The first diagnostic of a line, written after the line's end, so that the message is read
// where the problem is without pointing at it.
class LineMessage extends WidgetType {
  constructor(severity, code, message) {
    super();
    this.severity = severity;
    this.code = code;
    this.message = message;
  }

  eq(other) {
    return other.severity === this.severity && other.code === this.code && other.message === this.message;
  }

  toDOM() {
    const span = document.createElement('span');
    span.className = `cm-tieuchi-lineMessage cm-tieuchi-lineMessage-${this.severity}`;
    span.dataset.code = this.code;
    span.textContent = this.message;
    return span;
  }

  ignoreEvent() {
    return false;
  }
}

function lineMessages(state) {
  const firsts = new Map();
  forEachDiagnostic(state, (d, from) => {
    const line = state.doc.lineAt(from);
    const seen = firsts.get(line.number);
    if (!seen || (seen.d.severity !== 'error' && d.severity === 'error')) firsts.set(line.number, { d, at: line.to });
  });
  const widgets = [...firsts.values()]
    .sort((a, b) => a.at - b.at)
    .map(({ d, at }) => Decoration.widget({ widget: new LineMessage(d.severity, d.source ?? '', d.message), side: 1 }).range(at));
  return Decoration.set(widgets, true);
}

const lineMessageField = StateField.define({
  create: () => Decoration.none,
  update(messages, tr) {
    if (tr.effects.some((e) => e.is(setDiagnosticsEffect))) return lineMessages(tr.state);
    return tr.docChanged ? messages.map(tr.changes) : messages;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// --- Completion --------------------------------------------------------------------------------------

const COMPLETION_TYPES = {
  keyword: 'keyword',
  function: 'function',
  ruleset: 'namespace',
  enum: 'enum',
  'enum value': 'constant',
  outcome: 'class',
  tier: 'constant',
  score: 'property',
};

function completionSource(complete) {
  return (context) => {
    const word = context.matchBefore(/[a-z_][a-z0-9_]*/);
    if (!word && !context.explicit) return null;
    const items = complete(context.state.doc.toString(), context.pos);
    if (!items.length) return null;
    return {
      from: word ? word.from : context.pos,
      options: items.map((item) => ({
        label: item.label,
        type: COMPLETION_TYPES[item.kind] ?? 'variable',
        detail: item.detail ? `${item.kind} · ${item.detail}` : item.kind,
        boost: item.kind === 'keyword' ? -1 : 0,
      })),
      validFor: /^[a-z0-9_]*$/,
    };
  };
}

// --- The editor ------------------------------------------------------------------------------------------

const theme = EditorView.theme({
  '&': { border: '1px solid var(--line, #d8dee6)', borderRadius: '6px', fontSize: '.85rem', background: '#fff' },
  '&.cm-focused': { outline: '2px solid #b9d3f0' },
  '.cm-scroller': {
    fontFamily: '"Noto Sans Mono", "Ubuntu Mono", "Cascadia Mono", Consolas, Menlo, "SF Mono", "Liberation Mono", monospace',
    lineHeight: '1.45',
    maxHeight: '32rem',
    minHeight: '12rem',
  },
  '.cm-gutters': { background: '#f4f6f9', borderRight: '1px solid #d8dee6', color: '#8b95a1' },
  '.cm-tieuchi-lineMessage': {
    marginLeft: '2.5em',
    padding: '0 .45em',
    borderRadius: '3px',
    fontFamily: 'system-ui, "Noto Sans", "DejaVu Sans", sans-serif',
    fontSize: '.8rem',
  },
  '.cm-tieuchi-lineMessage-error': { color: '#c62828', background: '#fdecea' },
  '.cm-tieuchi-lineMessage-warning': { color: '#9a6700', background: '#fff6e0' },
  '.cm-tieuchi-help': { display: 'block', color: '#5f6b7a', marginTop: '.2em' },
  '.cm-tooltip-lint': { maxWidth: '42rem' },
});

// CodeMirror's own words that the page can show, in Vietnamese.
const PHRASES = {
  Diagnostics: 'Lỗi và cảnh báo',
  'No diagnostics': 'Không có lỗi hay cảnh báo',
  close: 'đóng',
  Completions: 'Gợi ý',
};

/**
 * The editor, in `parent`, showing `doc`. `onChange(text)` is called after each edit of the
 * user's (not after `setText`); `diagnose(text)` gives the engine's diagnostic records of a text
 * (or a promise of them); `complete(text, offset)` what may be typed at a string index.
 */
export function createEditor({ parent, doc = '', onChange = () => {}, diagnose, complete, label }) {
  const extensions = [
    lineNumbers(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    indentUnit.of('  '),
    EditorState.tabSize.of(2),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    language,
    syntaxHighlighting(highlighting),
    linter(
      async (view) => {
        const state = view.state;
        const records = await diagnose(state.doc.toString());
        return records.map((record) => toDiagnostic(state.doc, record));
      },
      { delay: 250 },
    ),
    lintGutter(),
    lineMessageField,
    autocompletion({ override: [completionSource(complete)], icons: false }),
    keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap, ...lintKeymap, indentWithTab]),
    theme,
    EditorState.phrases.of(PHRASES),
    EditorView.contentAttributes.of({ 'aria-label': label ?? 'Mã nguồn bộ tiêu chí', spellcheck: 'false', autocapitalize: 'off' }),
    EditorView.updateListener.of((update) => {
      // `setText` starts a new state, which calls no listener: every change here is an edit.
      if (update.docChanged) onChange(update.state.doc.toString());
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc, extensions }) });

  return {
    view,
    /** The text, with `\n` line ends. */
    get text() {
      return view.state.doc.toString();
    },
    /** Replaces the text and forgets the undo history (another rule set). */
    setText(text) {
      view.setState(EditorState.create({ doc: text, extensions }));
    },
    /** Puts the cursor on a 1-based line and character column, selecting the character there. */
    goTo(line, column, endLine, endColumn) {
      const range = diagnosticRange(view.state.doc, { line, column, end_line: endLine, end_column: endColumn });
      if (!range) return;
      view.dispatch({ selection: { anchor: range.from, head: range.to }, effects: EditorView.scrollIntoView(range.from, { y: 'center' }) });
      view.focus();
    },
    focus() {
      view.focus();
    },
  };
}
