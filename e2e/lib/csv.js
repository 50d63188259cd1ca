// A strict RFC 4180 reader for the exported files: quoted fields may hold commas,
// quotes and line breaks; a malformed file throws rather than yielding odd rows.

/** Parses `text` (an optional UTF-8 BOM, LF or CRLF line ends) into rows of fields. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') {
        field += ch;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
        if (![",", "\r", "\n", undefined].includes(text[i + 1])) throw new Error(`text after a closing quote at ${i}`);
      }
    } else if (ch === '"' && field === "") {
      quoted = true;
    } else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else {
      field += ch;
    }
  }
  if (quoted) throw new Error("unterminated quoted field");
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}
