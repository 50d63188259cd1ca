// Where a secret must not be: every file under a directory, searched for the secret in
// each form it could have been written in.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The secret as typed (Base64), its decoded bytes, and the encodings a store might use. */
function forms(secretBase64) {
  const raw = Buffer.from(secretBase64, "base64");
  return {
    "Base64 text": Buffer.from(secretBase64),
    "UTF-16 text (WebKit storage)": Buffer.from(secretBase64, "utf16le"),
    "decoded bytes": raw,
    "decoded bytes as hex": Buffer.from(raw.toString("hex")),
    "Base64 text, Base64-encoded again": Buffer.from(Buffer.from(secretBase64).toString("base64")),
  };
}

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** Every file under `dir` holding the secret in any form, as "path: form"; and how many files were read. */
export function findSecret(dir, secretBase64) {
  const needles = Object.entries(forms(secretBase64));
  const found = [];
  let scanned = 0;
  for (const path of files(dir)) {
    const bytes = readFileSync(path);
    scanned++;
    for (const [form, needle] of needles) if (bytes.includes(needle)) found.push(`${path}: ${form}`);
  }
  return { found, scanned };
}
