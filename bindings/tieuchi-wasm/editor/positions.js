// Where the engine's places fall in the editor's text.
//
// The engine gives a diagnostic's place as 1-based lines and columns counted in characters
// (Unicode scalar values) of the text it was given; its spans underneath are UTF-8 byte offsets.
// The editor indexes its text in UTF-16 code units. Vietnamese letters are one code unit each but
// two or three bytes (ư, ế), and a character outside the Basic Multilingual Plane is one column
// but two code units: a place is moved along the line character by character.

/** The UTF-16 index in `lineText` of the 1-based character `column` (the line's end at most). */
export function columnIndex(lineText, column) {
  let index = 0;
  for (let c = 1; c < column && index < lineText.length; c += 1) {
    index += lineText.codePointAt(index) > 0xffff ? 2 : 1;
  }
  return index;
}

/**
 * The range `{ from, to }` in a CodeMirror document (`Text`) of a diagnostic record (`line`,
 * `column`, `end_line`, `end_column`), or null when it has no place. A range of no width is
 * widened to the character it stands before, when there is one on its line, so that it can be
 * underlined.
 */
export function diagnosticRange(doc, record) {
  if (!record.line) return null;
  const at = (line, column) => {
    if (line > doc.lines) return doc.length;
    const l = doc.line(Math.max(1, line));
    return l.from + columnIndex(l.text, column ?? 1);
  };
  const from = at(record.line, record.column);
  let to = record.end_line ? Math.max(from, at(record.end_line, record.end_column)) : from;
  if (to === from) {
    const line = doc.lineAt(from);
    if (from < line.to) to = from + (line.text.codePointAt(from - line.from) > 0xffff ? 2 : 1);
  }
  return { from, to };
}
