// The shapes that cross IPC, generated from the Rust types by ts-rs into ./bindings.
// The few declared here are the shell's own and move there as its commands land.
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

export type { AppStatus } from "./bindings/AppStatus";
export type { BalanceView as Balance } from "./bindings/BalanceView";
export type { BillCheckView as BillCheck } from "./bindings/BillCheckView";
export type { CredentialStatus } from "./bindings/CredentialStatus";
export type { NetworkView as NetworkStatus } from "./bindings/NetworkView";
export type { ProductView as Product } from "./bindings/ProductView";

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
