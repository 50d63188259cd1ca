// Enough of a workbook reader for the exported .xlsx files: the zip's entries, found
// through its central directory (the local headers may defer their sizes), inflated,
// and a sheet's cells read back as text, strings resolved from the shared table.
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** Every entry of the zip at `path`, by name, as UTF-8 text. */
export function zipEntries(path) {
  const zip = readFileSync(path);
  if (zip.readUInt32LE(0) !== LOCAL_HEADER) throw new Error(`${path} is not a zip file`);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_DIRECTORY) end--;
  if (end < 0) throw new Error(`${path}: no end of central directory`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new Error(`${path}: bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const [nameLength, extraLength, commentLength] = [28, 30, 32].map((o) => zip.readUInt16LE(at + o));
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + size);
    entries.set(name, (method === 8 ? inflateRawSync(data) : data).toString("utf8"));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const unescape = (s) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

/** The rows of the workbook's `sheet` (its first by default) as arrays of cell text. */
export function sheetRows(path, sheet = "sheet1") {
  const entries = zipEntries(path);
  const shared = [...(entries.get("xl/sharedStrings.xml") ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    unescape([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join("")),
  );
  const xml = entries.get(`xl/worksheets/${sheet}.xml`);
  if (xml === undefined) throw new Error(`${path}: no ${sheet}`);
  return [...xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((row) =>
    [...row[1].matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map(([, attrs, body = ""]) => {
      const type = /\bt="(\w+)"/.exec(attrs)?.[1];
      if (type === "inlineStr") return unescape(/<t[^>]*>([\s\S]*?)<\/t>/.exec(body)?.[1] ?? "");
      const value = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1] ?? "";
      return type === "s" ? shared[Number(value)] : unescape(value);
    }),
  );
}
