/**
 * @module model/vocabulary
 * The words of the activity contract: activity types, services, payment instruments, vessel actions,
 * and the facts exceptions read; and the columns of `check --csv`. Plain arrays with no imports, so that
 * the regime schema, the activity schema, the CLI and the web UI (which builds forms and downloads from
 * them) share one definition.
 */

export const activityTypes = [
  "goods",
  "employment",
  "joint_venture",
  "payment",
  "vessel",
  "service",
] as const;

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

export const purposes = [
  "livelihood",
  "humanitarian",
  "denuclearization",
  "development",
  "diplomatic",
] as const;

export const endUses = [
  "civil-aircraft-spare-parts",
  "civil-passenger-flight",
  "food",
  "medicine",
  "medical-exchange",
] as const;

export const projects = [
  "rajin-khasan",
  "hydroelectric",
  "public-utility-infrastructure",
  "inter-korean-rail-road",
] as const;

export const workerStatuses = ["host-national", "protected-by-law", "un-privileges"] as const;

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
