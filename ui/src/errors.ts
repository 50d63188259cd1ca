// Errors in the cashier's language. The core sends facts (ErrorPayload: a kind and typed
// parameters), never a sentence; these tables word every kind, problem and failure in
// English and Bahasa Malaysia, so one added in Rust is a type error here until it is
// worded in both. The CLI says the same facts in English (crates/kaunter-cli/src/describe.rs);
// where it names a `kaunter` command, the app names the screen that does it.
import { say, t, type MessageKey, type Vars, type Words } from "./i18n";
import { formatTimeOnDay } from "./dates";
import { formatMoney } from "./money";
import type { AuthFailure } from "./bindings/AuthFailure";
import type { KeychainProblemKind } from "./bindings/KeychainProblemKind";
import type { Problem } from "./bindings/Problem";
import type { ErrorKind, ErrorPayload, Language } from "./types";

/** Words of their own, or a string the rest of the UI already says. */
type Said = Words | MessageKey;

/** What each kind says when its facts add nothing more specific. */
const KINDS = {
  invalid: ["{field}: not valid", "{field}: tidak sah"],
  refused: ["IIMMPACT refused the request", "IIMMPACT menolak permintaan ini"],
  unclear: [
    "No clear answer from IIMMPACT yet: the payment is kept and re-checked with the same reference, and never paid twice",
    "Belum ada jawapan yang jelas daripada IIMMPACT: pembayaran ini disimpan dan disemak semula dengan rujukan yang sama, dan tidak akan dibayar dua kali",
  ],
  auth: ["IIMMPACT refused the API credentials", "IIMMPACT menolak kelayakan API"],
  rate_limited: "blocked",
  unavailable: [
    "IIMMPACT cannot be reached: nothing was charged, try again later",
    "IIMMPACT tidak dapat dihubungi: tiada caj dibuat, cuba lagi kemudian",
  ],
  keychain: ["The keychain refused the request", "Rantai kunci menolak permintaan ini"],
  no_credentials: [
    "No API key and secret for {env} yet: enter the API key and secret in Settings (F4)",
    "Belum ada kunci API dan rahsia untuk {env}: masukkan kunci API dan rahsia dalam Tetapan (F4)",
  ],
  demo_unavailable: [
    "This build of Kaunter has no Demo: choose Staging or Production in Settings (F4)",
    "Binaan Kaunter ini tiada Demo: pilih Staging atau Produksi dalam Tetapan (F4)",
  ],
  storage: ["Kaunter could not read or write its files", "Kaunter tidak dapat membaca atau menulis failnya"],
  duplicate: [
    "This product, account and amount was already paid (reference {refid}, {state}): check that payment first, or confirm to pay again",
    "Produk, akaun dan jumlah ini telah pun dibayar (rujukan {refid}, {state}): semak pembayaran itu dahulu, atau sahkan untuk membayar sekali lagi",
  ],
  cancelled: ["Cancelled", "Dibatalkan"],
  file_exists: [
    "{file} already exists: replace it, or choose another name",
    "{file} sudah wujud: gantikannya, atau pilih nama lain",
  ],
  not_found: [
    "No payment with reference {refid} in this counter's journal",
    "Tiada pembayaran dengan rujukan {refid} dalam jurnal kaunter ini",
  ],
  supervisor_required: [
    "This needs the supervisor PIN: enter the supervisor PIN in Settings (F4), then try again",
    "Ini memerlukan PIN penyelia: masukkan PIN penyelia dalam Tetapan (F4), kemudian cuba lagi",
  ],
  supervisor_locked: "supervisor_locked",
  internal: ["Something went wrong inside Kaunter", "Sesuatu tidak kena dalam Kaunter"],
} as const satisfies Record<ErrorKind, Said>;

/** The kinds' words for facts that change what there is to say or do. */
const CASES = {
  refused_status: ["IIMMPACT refused the request (HTTP {status})", "IIMMPACT menolak permintaan ini (HTTP {status})"],
  refused_field: ["{field}: refused by IIMMPACT", "{field}: ditolak oleh IIMMPACT"],
  refused_read_only: [
    "IIMMPACT refused: this account has read-only access and cannot pay",
    "IIMMPACT menolak: akaun ini hanya boleh baca dan tidak boleh membayar",
  ],
  refused_api_key_required_token: [
    "This account requires an API key for payments: add one in Settings (F4)",
    "Akaun ini memerlukan kunci API untuk pembayaran: tambah satu dalam Tetapan (F4)",
  ],
  refused_api_key_required: [
    "IIMMPACT refused: this account only accepts payments signed with an API key. Enter the API key and secret in Settings (F4)",
    "IIMMPACT menolak: akaun ini hanya menerima pembayaran yang ditandatangani dengan kunci API. Masukkan kunci API dan rahsia dalam Tetapan (F4)",
  ],
  // The reply is about another payment: what was charged is not known, so never "nothing was charged".
  refused_conflict: [
    "IIMMPACT's reply describes a different payment under reference {refid} (its {field} differs). What was charged cannot be read from it: a person must check this payment with IIMMPACT",
    "Jawapan IIMMPACT menerangkan pembayaran lain di bawah rujukan {refid} ({field} berbeza). Apa yang dicaj tidak dapat diketahui daripadanya: seseorang mesti menyemak pembayaran ini dengan IIMMPACT",
  ],
  unavailable_status: [
    "IIMMPACT is not answering properly (HTTP {status}): nothing was charged, try again later",
    "IIMMPACT tidak menjawab dengan betul (HTTP {status}): tiada caj dibuat, cuba lagi kemudian",
  ],
  blocked_no_end: [
    "IIMMPACT has blocked this PC's internet address after too many requests. Nothing is sent until the block ends.",
    "IIMMPACT telah menyekat alamat internet PC ini kerana terlalu banyak permintaan. Tiada apa-apa dihantar sehingga sekatan tamat.",
  ],
  locked_no_end: [
    "Too many wrong PINs: no PIN is accepted for 5 minutes, not even the right one.",
    "Terlalu banyak PIN salah: tiada PIN diterima selama 5 minit, termasuk PIN yang betul.",
  ],
  storage_path: ["Kaunter could not read or write {path}", "Kaunter tidak dapat membaca atau menulis {path}"],
  clock_behind: [
    "IIMMPACT refused the request time: this PC's clock is {secs} seconds behind IIMMPACT's. Set the clock to update automatically, then try again",
    "IIMMPACT menolak masa permintaan: jam PC ini lambat {secs} saat berbanding IIMMPACT. Tetapkan jam supaya dikemas kini secara automatik, kemudian cuba lagi",
  ],
  clock_ahead: [
    "IIMMPACT refused the request time: this PC's clock is {secs} seconds ahead of IIMMPACT's. Set the clock to update automatically, then try again",
    "IIMMPACT menolak masa permintaan: jam PC ini cepat {secs} saat berbanding IIMMPACT. Tetapkan jam supaya dikemas kini secara automatik, kemudian cuba lagi",
  ],
  some_environment: ["this environment", "persekitaran ini"],
  some_field: ["This value", "Nilai ini"],
  some_file: ["The file", "Fail itu"],
} as const satisfies Record<string, Words>;

const AUTH = {
  unknown_key: [
    "IIMMPACT does not know this API key. Usually a Staging key is used against Production, or a Production key against Staging: check in Settings (F4) which environment the key was made for",
    "IIMMPACT tidak mengenali kunci API ini. Biasanya kunci Staging digunakan untuk Produksi, atau kunci Produksi untuk Staging: semak dalam Tetapan (F4) untuk persekitaran mana kunci itu dibuat",
  ],
  bad_signature: [
    "IIMMPACT refused the signature: the HMAC secret does not belong to this API key. Enter the secret again in Settings (F4), exactly as the IIMMPACT dashboard showed it",
    "IIMMPACT menolak tandatangan: rahsia HMAC bukan milik kunci API ini. Masukkan semula rahsia dalam Tetapan (F4), tepat seperti yang dipaparkan oleh papan pemuka IIMMPACT",
  ],
  clock_skew: [
    "IIMMPACT refused the request time: check that this PC's clock and time zone are set automatically, then try again",
    "IIMMPACT menolak masa permintaan: pastikan jam dan zon waktu PC ini ditetapkan secara automatik, kemudian cuba lagi",
  ],
  nonce_reused: ["IIMMPACT refused a repeated request: try again", "IIMMPACT menolak permintaan yang berulang: cuba lagi"],
  bad_token: [
    "IIMMPACT refused the ID token (invalid or expired): sign in again in Settings (F4), or enter an API key and secret there instead",
    "IIMMPACT menolak token ID (tidak sah atau tamat tempoh): log masuk semula dalam Tetapan (F4), atau masukkan kunci API dan rahsia di sana sebagai gantinya",
  ],
  wrong_password: [
    "IIMMPACT refused the user name or password: check both and sign in again",
    "IIMMPACT menolak nama pengguna atau kata laluan: semak kedua-duanya dan log masuk semula",
  ],
  other: KINDS.auth,
} as const satisfies Record<AuthFailure, Said>;

const KEYCHAIN = {
  no_session_bus: "keychain_no_session_bus",
  no_secrets_provider: "keychain_no_secrets_provider",
  locked: "keychain_locked",
  other: [
    "The keychain refused the request — check the system's keychain (Passwords and Keys / Seahorse), then try again",
    "Rantai kunci menolak permintaan ini — semak rantai kunci sistem (Kata Laluan dan Kunci / Seahorse), kemudian cuba lagi",
  ],
} as const satisfies Record<KeychainProblemKind, Said>;

/**
 * What is wrong with a field, after its label ("Amount (RM): at most 2 decimal places").
 * `{name}` is the problem's own fact of that name; `{other}` is another field's label.
 */
const PROBLEMS = {
  required: ["required", "wajib diisi"],
  too_long: ["at most {max} characters", "paling banyak {max} aksara"],
  length: ["{min} to {max} characters long", "mesti {min} hingga {max} aksara"],
  too_many_lines: ["at most {max} lines", "paling banyak {max} baris"],
  digits_only: ["digits only", "angka sahaja"],
  letters_and_digits_only: ["letters and digits only, without dashes or spaces", "huruf dan angka sahaja, tanpa sengkang atau jarak"],
  bad_characters: ["holds characters that are not allowed here", "mengandungi aksara yang tidak dibenarkan di sini"],
  control_characters: ["must not contain control characters", "tidak boleh mengandungi aksara kawalan"],
  not_an_amount: ["not an amount like 10 or 10.50", "bukan jumlah seperti 10 atau 10.50"],
  not_positive: ["must be more than zero", "mesti lebih daripada sifar"],
  too_many_decimals: ["at most {max} decimal places", "paling banyak {max} tempat perpuluhan"],
  below_min: ["must be at least {min}", "mesti sekurang-kurangnya {min}"],
  above_max: ["must be at most {max}", "mesti tidak lebih daripada {max}"],
  out_of_range: ["must be {min} to {max}", "mesti antara {min} hingga {max}"],
  not_a_denomination: [
    "not offered for this product: choose one of {allowed}",
    "tidak ditawarkan untuk produk ini: pilih salah satu daripada {allowed}",
  ],
  one_of: ["use one of {allowed}", "guna salah satu daripada {allowed}"],
  not_a_date: ["not a date like 2026-11-25", "bukan tarikh seperti 2026-11-25"],
  dates_reversed: "err_dates",
  too_far_from_today: ["too far from today to look up", "terlalu jauh dari hari ini untuk dicari"],
  not_a_url: ["not a web address like https://example.com/path", "bukan alamat web seperti https://example.com/path"],
  not_https: ["must start with https: Production is only reached over https", "mesti bermula dengan https: Produksi hanya dihubungi melalui https"],
  has_credentials: [
    "must not hold a user name or password: Kaunter keeps no password in its settings (a proxy login belongs in the system's proxy settings)",
    "tidak boleh mengandungi nama pengguna atau kata laluan: Kaunter tidak menyimpan kata laluan dalam tetapannya (log masuk proksi diletakkan dalam tetapan proksi sistem)",
  ],
  not_an_email: ["not an e-mail address", "bukan alamat e-mel"],
  not_base64: ["must be the Base64 text shown once in the IIMMPACT dashboard", "mesti teks Base64 yang dipaparkan sekali dalam papan pemuka IIMMPACT"],
  not_an_api_key: ["must be the single word shown in the IIMMPACT dashboard (iimm_…)", "mesti satu perkataan yang dipaparkan dalam papan pemuka IIMMPACT (iimm_…)"],
  not_a_product_code: ["not a product code like D or TNB", "bukan kod produk seperti D atau TNB"],
  not_a_mobile_number: ["not a Malaysian mobile number like 0123456789", "bukan nombor telefon bimbit Malaysia seperti 0123456789"],
  not_an_ic_number: [
    "not an IC number of 12 digits like 900101-14-5678, nor a passport number",
    "bukan nombor IC 12 digit seperti 900101-14-5678, dan bukan nombor pasport",
  ],
  not_for_this_product: ["not taken by this product", "tidak diterima oleh produk ini"],
  not_offered: ["not one of the choices offered", "bukan salah satu pilihan yang ditawarkan"],
  needs_other: ["set without {other}: set both or neither", "ditetapkan tanpa {other}: tetapkan kedua-duanya atau biarkan kedua-duanya kosong"],
  already_used: ["already used for another payment", "sudah digunakan untuk pembayaran lain"],
  not_on_sale: ["not on sale at the moment", "tidak dijual buat masa ini"],
  too_large: ["too large to add up: the server sent impossible amounts", "terlalu besar untuk dijumlahkan: pelayan menghantar jumlah yang mustahil"],
  not_a_file_path: ["not a file path", "bukan laluan fail"],
  not_for_demo: [
    "Demo signs with the built-in simulator's key: API keys are for Staging or Production",
    "Demo menandatangani dengan kunci simulator terbina dalam: kunci API adalah untuk Staging atau Produksi",
  ],
  already_running: ["An export is already running: wait for it or cancel it", "Satu eksport sedang berjalan: tunggu sehingga selesai atau batalkannya"],
  needs_confirmation: ["This must be confirmed first", "Ini mesti disahkan dahulu"],
  mismatch: ["The two entries differ", "Kedua-dua entri berbeza"],
  wrong_pin: [
    "Wrong supervisor PIN: {tries_left} more wrong tries lock Settings for 5 minutes",
    "PIN penyelia salah: {tries_left} lagi cubaan salah akan mengunci Tetapan selama 5 minit",
  ],
  usage: ["{detail}", "{detail}"],
  unreadable: ["cannot be read: {detail}", "tidak dapat dibaca: {detail}"],
} as const satisfies Record<Problem["code"], Said>;

/** Problems that make a sentence of their own: the field's name would add nothing. */
const STANDALONE: ReadonlySet<Problem["code"]> = new Set([
  "dates_reversed", "not_for_demo", "already_running", "needs_confirmation", "mismatch", "wrong_pin", "usage",
]);

/**
 * The UI's own label for a field the core or IIMMPACT names; a name not listed is shown
 * as it came. From the fields the Rust sources name (`Error::invalid("…"`,
 * `InputError::new("…"`) and the UI's own checks.
 */
const FIELDS: Record<string, MessageKey> = {
  amount: "amount",
  account: "account",
  subproduct_code: "extra_subproduct_code",
  biller_code: "extra_biller_code",
  ic_number: "extra_ic_number",
  ref2: "extra_ref2",
  product: "product",
  refid: "refid",
  pin: "supervisor_pin",
  pin_again: "supervisor_repeat_pin",
  request_rate: "rate",
  outlet_name: "outlet_name",
  counter_name: "counter_name",
  receipt_header: "receipt_header",
  low_balance_threshold: "low_balance_threshold",
  proxy: "proxy",
  language: "language",
  env: "environment",
  environment: "environment",
  api_key: "api_key",
  IIMMPACT_API_KEY: "api_key",
  secret: "secret",
  IIMMPACT_API_SECRET: "secret",
  username: "username",
  password: "password",
  url: "callback_url",
  callback_url: "callback_url",
  method: "callback_method",
  path: "save_to",
  out: "save_to",
  from: "date_from",
  to: "date_to",
  day: "date",
  month: "month_choose",
  date: "date",
  query: "lookup_query",
  search: "history_search",
  reason: "report_reason",
  user_email: "report_email",
  trxid: "trxid",
  state: "status",
  status: "status",
  type: "entry_type",
};

/** Fields in ringgit: their limits are shown as money. */
const MONEY_FIELDS: ReadonlySet<string> = new Set(["amount", "low_balance_threshold"]);
/** A problem's facts that are limits on the value itself. */
const LIMITS: ReadonlySet<string> = new Set(["min", "max", "allowed"]);

/** A field's label in `lang`, or its name as it came when the UI has no label for it. */
export function fieldLabel(field: string | undefined, lang?: Language): string {
  if (!field) return say(CASES.some_field, {}, lang);
  return Object.hasOwn(FIELDS, field) ? t(FIELDS[field], {}, lang) : field;
}

/** The error in the cashier's language (the current one unless `lang` is given), with what to do about it. */
export function describeError(error: ErrorPayload, lang?: Language): string {
  const words = (said: Said, vars: Vars = {}) => (typeof said === "string" ? t(said, vars, lang) : say(said, vars, lang));
  // Someone else's own words (IIMMPACT's, the OS's), as they came.
  const withDetail = (text: string) => (error.detail?.trim() ? `${text}: ${error.detail.trim()}` : text);
  const field = fieldLabel(error.field, lang);
  const refid = error.refid ?? "?";

  switch (error.kind) {
    case "invalid":
      return error.problem ? problemText(error.field, error.problem, lang) : words(KINDS.invalid, { field });
    case "refused":
      if (error.refid) return words(CASES.refused_conflict, { refid, field: error.field ? field : "?" });
      if (error.code === "read_only") return words(CASES.refused_read_only);
      if (error.code === "api_key_required") {
        // The core says when the refused payment carried the legacy sign-in's ID token.
        return words(error.credentials === "login" ? CASES.refused_api_key_required_token : CASES.refused_api_key_required);
      }
      if (error.field) return withDetail(words(CASES.refused_field, { field }));
      return withDetail(error.status ? words(CASES.refused_status, { status: error.status }) : words(KINDS.refused));
    case "unclear":
      return withDetail(words(KINDS.unclear));
    case "auth": {
      const failure = error.auth ?? "other";
      if (failure === "clock_skew" && error.skew_secs) {
        // IIMMPACT's clock minus this PC's: positive, the PC is behind.
        return words(error.skew_secs > 0 ? CASES.clock_behind : CASES.clock_ahead, { secs: Math.abs(error.skew_secs) });
      }
      const text = words(AUTH[failure] ?? AUTH.other);
      return failure === "other" ? withDetail(text) : text;
    }
    case "rate_limited": {
      const block = error.until ? words(KINDS.rate_limited, { until: formatTimeOnDay(error.until, lang) }) : words(CASES.blocked_no_end);
      return error.bare_forbidden ? `${block} ${words("blocked_other_causes")}` : block;
    }
    case "unavailable":
      return withDetail(error.status ? words(CASES.unavailable_status, { status: error.status }) : words(KINDS.unavailable));
    case "keychain": {
      const kind = error.keychain ?? "other";
      const text = words(KEYCHAIN[kind] ?? KEYCHAIN.other);
      // The known problems are said in full; for any other, the platform's words help support.
      return kind === "other" ? withDetail(text) : text;
    }
    case "no_credentials":
      return words(KINDS.no_credentials, { env: error.environment ? words(`env_${error.environment}`) : words(CASES.some_environment) });
    case "storage":
      return withDetail(error.path ? words(CASES.storage_path, { path: error.path }) : words(KINDS.storage));
    case "duplicate":
      return words(KINDS.duplicate, { refid, state: error.state ? words(`status_${error.state}`) : "?" });
    case "file_exists":
      return words(KINDS.file_exists, { file: error.path ?? words(CASES.some_file) });
    case "not_found":
      return words(KINDS.not_found, { refid });
    case "supervisor_locked":
      return error.until ? words(KINDS.supervisor_locked, { until: formatTimeOnDay(error.until, lang) }) : words(CASES.locked_no_end);
    default:
      // Cancelled, no Demo, internal; or a kind newer than this UI, said as an internal error.
      return withDetail(words(KINDS[error.kind as ErrorKind] ?? KINDS.internal));
  }
}

/** "Label: what is wrong", or the problem's own sentence where the label adds nothing. */
function problemText(field: string | undefined, problem: Problem, lang?: Language): string {
  const said: Said | undefined = PROBLEMS[problem.code];
  if (!said) return say(KINDS.invalid, { field: fieldLabel(field, lang) }, lang);
  const text = typeof said === "string" ? t(said, {}, lang) : say(said, problemVars(field, problem, lang), lang);
  return STANDALONE.has(problem.code) ? text : `${fieldLabel(field, lang)}: ${text}`;
}

/**
 * A problem's facts as its words show them: lists joined, another field by its label,
 * and a money field's limits (decimals, which come as text; counts come as numbers) in RM.
 */
function problemVars(field: string | undefined, problem: Problem, lang?: Language): Vars {
  const money = MONEY_FIELDS.has(field ?? "");
  const vars: Vars = {};
  for (const [name, value] of Object.entries(problem) as [string, string | number | string[]][]) {
    const shown = (v: string | number) => (money && LIMITS.has(name) && typeof v === "string" ? formatMoney(v) : v);
    if (name === "code") continue;
    if (Array.isArray(value)) vars[name] = value.map(shown).join(", ");
    else if (name === "other") vars[name] = fieldLabel(String(value), lang);
    else vars[name] = shown(value);
  }
  return vars;
}
