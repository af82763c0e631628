// The calculator's rule editor outside the browser: its highlighting reads the VS Code
// extension's TextMate grammar, which must know every word of the core's language (and no other);
// the engine's places land on the right characters of the editor's UTF-16 text; and completion
// takes a JavaScript string index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Text } from '@codemirror/state';
import { tokenize } from '../editor/textmate.js';
import { columnIndex, diagnosticRange } from '../editor/positions.js';
import { loadPackage, root } from './helpers.mjs';

const tieuchi = await loadPackage();
const grammar = JSON.parse(readFileSync(path.join(root, 'editors/vscode/syntaxes/tieuchi.tmLanguage.json'), 'utf8'));

// The core's words of the language (`tieuchi::syntax::KEYWORDS`) and its functions, as its
// completion offers them.
const offered = tieuchi.completions('', 0);
const coreKeywords = offered.filter((c) => c.kind === 'keyword').map((c) => c.label);
const coreFunctions = offered.filter((c) => c.kind === 'function').map((c) => c.label);

const WORD_SCOPES = /^(storage\.type|keyword\.|support\.type|constant\.language)/;

test('the grammar highlights every word of the core language as a word of the language', () => {
  assert.ok(coreKeywords.length > 50, `only ${coreKeywords.length} keywords offered`);
  const wrong = coreKeywords
    .map((word) => [word, tokenize(grammar, word)])
    .filter(([word, tokens]) => !(tokens.length === 1 && tokens[0][0] === word && WORD_SCOPES.test(tokens[0][1])))
    .map(([word, tokens]) => `${word}: ${JSON.stringify(tokens)}`);
  assert.deepEqual(wrong, [], 'words of the core the grammar does not highlight');
});

test('the grammar highlights every function of the core, called, as a function', () => {
  assert.ok(coreFunctions.length > 5, `only ${coreFunctions.length} functions offered`);
  const wrong = coreFunctions.filter((f) => tokenize(grammar, `${f}(x)`)[0]?.join(' ') !== `${f} support.function.tieuchi`);
  assert.deepEqual(wrong, []);
});

test('the grammar names no word the core does not know', () => {
  const words = new Set();
  const collect = (node) => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') Object.values(node).forEach(collect);
    else if (typeof node === 'string') {
      // The alternations of words: `\b(ruleset|enum|…)\b`.
      for (const [, group] of node.matchAll(/\\b\(([a-z_|]+)\)/g)) group.split('|').forEach((w) => words.add(w));
    }
  };
  collect(grammar.repository);
  assert.ok(words.size > 50);
  const known = new Set([...coreKeywords, ...coreFunctions]);
  assert.deepEqual([...words].filter((w) => !known.has(w)), []);
});

test('a rule file of the library is tokenized by kind, as VS Code tokenizes it', () => {
  const tokens = tokenize(grammar, readFileSync(path.join(root, 'rules/cong-chuc/nd335-2025.tieuchi'), 'utf8'));
  const scopeOf = (text) => tokens.find(([value]) => value === text)?.[1];
  assert.equal(scopeOf('ruleset'), 'storage.type.tieuchi');
  assert.equal(scopeOf('cong_chuc_nd335'), 'entity.name.tieuchi');
  assert.equal(scopeOf('"Tổng điểm"'), 'string.quoted.double.tieuchi');
  assert.equal(scopeOf('2026-01-01'), 'constant.numeric.date.tieuchi');
  assert.equal(scopeOf('20%'), 'constant.numeric.percent.tieuchi');
  assert.equal(scopeOf('when'), 'keyword.control.tieuchi');
  assert.equal(scopeOf('>='), 'keyword.operator.comparison.tieuchi');
  assert.equal(scopeOf('bool'), 'support.type.tieuchi');
  assert.match(tokens.find(([v]) => v.startsWith('# ---'))[1], /^comment\.line/);
});

test('words, labels and comments that share characters are told apart', () => {
  const tokens = tokenize(grammar, 'let so "Số" = count(ds, dat) in last 3 years # đếm\n  score tong "T" max 10 = max(a, 5)\nsource "Mục #3 \\" x" # chú thích\nlabel "chưa đóng\nwhen true');
  const scopesOf = (text) => tokens.filter(([value]) => value === text).map(([, scope]) => scope);
  assert.deepEqual(scopesOf('count'), ['support.function.tieuchi']);
  assert.deepEqual(scopesOf('last'), ['keyword.other.tieuchi']);
  assert.deepEqual(scopesOf('max'), ['keyword.other.tieuchi', 'support.function.tieuchi']);
  assert.deepEqual(scopesOf('# đếm'), ['comment.line.number-sign.tieuchi']);
  assert.deepEqual(scopesOf('"Mục #3'), ['string.quoted.double.tieuchi']);
  assert.deepEqual(scopesOf('\\"'), ['constant.character.escape.tieuchi']);
  assert.deepEqual(scopesOf('# chú thích'), ['comment.line.number-sign.tieuchi']);
  // A label left open ends with its line.
  assert.deepEqual(scopesOf('"chưa đóng'), ['string.quoted.double.tieuchi']);
  assert.deepEqual(scopesOf('when'), ['keyword.control.tieuchi']);
});

// Vietnamese before the mistake on its line (two and three bytes a letter in UTF-8, one UTF-16
// unit), and a character outside the BMP (four bytes, two units, one column).
const BROKEN = `ruleset thu "Thử nghiệm" {
  input diem "Điểm ưu tiên": number in 0..100
  score tong "Tổng điểm của người được đánh giá 🎯" max 100 = diemm
  outcome ket_qua "Kết quả" {
    dat "Đạt" when tong >= 50
    khong_dat "Không đạt" otherwise
  }
}
`;

test('a diagnostic after Vietnamese text falls on the characters it names', () => {
  const [error] = tieuchi.check(BROKEN, { name: 'thu.tieuchi' }).filter((d) => d.severity === 'error');
  assert.equal(error.code, 'check::unknown-name');
  const doc = Text.of(BROKEN.split('\n'));
  const { from, to } = diagnosticRange(doc, error);
  assert.equal(doc.sliceString(from, to), 'diemm');
  assert.equal(from, BROKEN.indexOf('diemm'));
  // The engine's column counts characters: the emoji is one, its two UTF-16 units are not.
  const line = BROKEN.split('\n')[error.line - 1];
  assert.equal(error.column, [...line.slice(0, line.indexOf('diemm'))].length + 1);
  assert.notEqual(error.column - 1, line.indexOf('diemm'));
});

test('a place with no width is widened to the character it stands before; past the end it stays', () => {
  const doc = Text.of(['ab', 'cđ🎯e']);
  assert.deepEqual(diagnosticRange(doc, { line: 2, column: 3, end_line: 2, end_column: 3 }), { from: 5, to: 7 });
  assert.deepEqual(diagnosticRange(doc, { line: 2, column: 5 }), { from: 8, to: 8 });
  assert.deepEqual(diagnosticRange(doc, { line: 9, column: 1 }), { from: 8, to: 8 });
  assert.equal(diagnosticRange(doc, { code: 'x' }), null);
  assert.equal(columnIndex('ư🎯x', 3), 3);
});

test('completion takes a string index: after a Vietnamese label, names; inside it, nothing', () => {
  const text = 'ruleset thu "Thử" {\n  input diem "Điểm ưu tiên ở đây": number in 0..100\n  score tong "Tổng" max 100 = di';
  // While typing the file does not parse: the names written in it are offered as names.
  const names = tieuchi.completions(text, text.length);
  assert.deepEqual(names.find((c) => c.label === 'diem'), { label: 'diem', kind: 'name' });
  // Once it parses, with what they are and their labels.
  const whole = `${text}em\n  outcome kq "Kết quả" {\n    dat "Đạt" otherwise\n  }\n}\n`;
  const declared = tieuchi.completions(whole, whole.indexOf('= diem') + 4);
  assert.deepEqual(declared.find((c) => c.label === 'diem'), { label: 'diem', kind: 'input', detail: 'Điểm ưu tiên ở đây' });
  assert.deepEqual(declared.find((c) => c.label === 'dat'), { label: 'dat', kind: 'tier', detail: 'Đạt' });
  assert.ok(names.some((c) => c.label === 'otherwise' && c.kind === 'keyword'));
  assert.ok(names.some((c) => c.label === 'sum' && c.kind === 'function'));
  // As a byte offset this index would fall inside the label of the line above: not so.
  const afterLabel = text.indexOf('": number') + 3;
  assert.ok(tieuchi.completions(text, afterLabel).length > 0);
  assert.deepEqual(tieuchi.completions(text, text.indexOf('ưu tiên')), []);
  // An index inside a surrogate pair counts from the pair's start; a bad index is refused.
  assert.doesNotThrow(() => tieuchi.completions('# 🎯', 3));
  assert.throws(() => tieuchi.completions(text, -1), (e) => e.code === 'argument::invalid');
});
