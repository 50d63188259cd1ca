// The shapes that cross IPC, all generated from the Rust types by ts-rs into ./bindings,
// under the names the UI uses.
export type { DayTotals } from "./bindings/DayTotals";
export type { EntryType } from "./bindings/EntryType";
export type { Environment } from "./bindings/Environment";
export type { ErrorKind } from "./bindings/ErrorKind";
export type { ErrorPayload } from "./bindings/ErrorPayload";
export type { ExportRequest } from "./bindings/ExportRequest";
export type { Progress as ExportProgress } from "./bindings/Progress";
export type { HistoryQuery } from "./bindings/HistoryQuery";
export type { Language } from "./bindings/Language";
export type { PaymentRecord as Payment } from "./bindings/PaymentRecord";
export type { PaymentState } from "./bindings/PaymentState";
export type { Settings } from "./bindings/Settings";
export type { Summary } from "./bindings/Summary";
export type { SupervisorStatus } from "./bindings/SupervisorStatus";
export type { EffectiveThreshold } from "./bindings/EffectiveThreshold";

export type { AppStatus } from "./bindings/AppStatus";
export type { BalanceView as Balance } from "./bindings/BalanceView";
export type { BillCheckView as BillCheck } from "./bindings/BillCheckView";
export type { CredentialStatus } from "./bindings/CredentialStatus";
export type { NetworkView as NetworkStatus } from "./bindings/NetworkView";
export type { ProductView as Product } from "./bindings/ProductView";
export type { SupervisorView as Supervisor } from "./bindings/SupervisorView";
export type { AccountThresholdView as AccountThreshold } from "./bindings/AccountThresholdView";
export type { CallbackView as Callback } from "./bindings/CallbackView";
export type { Receipt } from "./bindings/Receipt";
export type { ReceiptField } from "./bindings/ReceiptField";
export type { ReconcileReport } from "./bindings/ReconcileReport";
export type { Mismatch } from "./bindings/Mismatch";
export type { MismatchKind } from "./bindings/MismatchKind";
export type { CsvFormat } from "./bindings/CsvFormat";
export type { StatementCheck } from "./bindings/StatementCheck";
export type { LookupReport } from "./bindings/LookupReport";
export type { FoundPayment } from "./bindings/FoundPayment";
export type { PaymentKey } from "./bindings/PaymentKey";
export type { ProblemRequest } from "./bindings/ProblemRequest";
export type { ProblemReport } from "./bindings/ProblemReport";
