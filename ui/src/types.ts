// The shapes that cross IPC, generated from the Rust types by ts-rs into ./bindings.
// Until the shell's own views are generated, the rest are declared here.
export type { DayTotals } from "./bindings/DayTotals";
export type { EntryType } from "./bindings/EntryType";
export type { Environment } from "./bindings/Environment";
export type { ErrorKind } from "./bindings/ErrorKind";
export type { ErrorPayload } from "./bindings/ErrorPayload";
export type { HistoryQuery } from "./bindings/HistoryQuery";
export type { Language } from "./bindings/Language";
export type { PaymentRecord as Payment } from "./bindings/PaymentRecord";
export type { PaymentState } from "./bindings/PaymentState";
export type { Settings } from "./bindings/Settings";
export type { Summary } from "./bindings/Summary";
import type { EntryType } from "./bindings/EntryType";
import type { Environment } from "./bindings/Environment";

/** A decimal amount as the core serialises it ("10.00", "48.6333"). */
export type Decimal = string;

export interface Product {
  code: string;
  name: string;
  group: string;
  account_label: string;
  /** `phone_number`, `numeric` or anything else the API says (then only non-empty is checked). */
  account_type: string;
  denominations: Decimal[];
  common_denominations: Decimal[];
  /** Typed amounts allowed between these bounds (bills); `null` means denominations only. */
  min_amount: Decimal | null;
  max_amount: Decimal | null;
  bill_presentment: boolean;
}

export type NetworkHealth = "healthy" | "interruption";

export interface NetworkStatus {
  product_code: string;
  status: NetworkHealth | string;
}

export interface BillCheck {
  /** `data.message` as the API sent it; the core classifies it into `blocks_payment`. */
  message: string;
  blocks_payment: boolean;
  error_message: string | null;
  biller_name: string | null;
  customer_name: string | null;
  outstanding: Decimal | null;
  due_date: string | null;
  /** `transaction_validity == "false"`: a payment will likely be refused. */
  likely_refused: boolean;
  transaction_message: string | null;
}

export interface Balance {
  balance: Decimal;
  name: string;
  read_only: boolean;
}

export interface ExportRequest {
  from: string;
  to: string;
  entry_type: EntryType | null;
  bom: boolean;
  crlf: boolean;
  path: string;
}

export interface ExportProgress {
  rows: number;
  pages: number;
  total_pages: number | null;
}

export interface CredentialStatus {
  environment: Environment;
  /** The key with its middle masked; the secret never leaves the core. */
  api_key_hint: string | null;
  has_secret: boolean;
  from_environment_variables: boolean;
}

export interface AppStatus {
  environment: Environment;
  /** `null` when the keychain probe passed; otherwise what to do about it. */
  keychain_problem: string | null;
  resumed_payments: number;
}
