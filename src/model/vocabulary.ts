/**
 * @module model/vocabulary
 * The words of the activity contract: services, payment instruments, vessel actions, joint-venture
 * actions; and the columns of `check --csv`. Plain arrays with no imports, so that the regime schema,
 * the activity schema, the CLI and the web UI (which builds forms and downloads from them) share one
 * definition. The activity types and the facts an activity can carry are in `./facts.ts`.
 */

export const serviceKinds = [
  "arms-training",
  "technical-training",
  "scientific-cooperation",
  "fishing-rights",
  "crew",
  "leasing",
  "chartering",
  "insurance",
  "registration",
  "classification",
  "bunkering",
  "financial",
] as const;

export const paymentInstruments = [
  "transfer",
  "correspondent-account",
  "bank-office",
  "bulk-cash",
  "export-credit",
  "grant",
] as const;

export const vesselActions = [
  "port-entry",
  "ship-to-ship",
  "flag-registration",
  "charter",
  "insurance",
  "crew",
  "bunkering",
  "lease",
  "classification",
] as const;

export const jointVentureActions = ["establish", "expand", "operate"] as const;

/** The columns of `sanctions check --csv`: one row per verdict or rejection, reasons joined with "; ". */
export const verdictCsvColumns = [
  "id",
  "verdict",
  "reasons.code",
  "reasons.measure",
  "reasons.citation",
  "reasons.verified",
  "reasons.text",
  "regimeVersion",
  "listSnapshot",
  "error.code",
  "error.message",
  "error.line",
  "error.field",
] as const;
