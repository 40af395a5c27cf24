/**
 * @module store/context
 * The parts of an evaluation context that live in the database: the cap ledger and the exemption
 * records, loaded into memory (the evaluator asks synchronously). Each is left out when its table is
 * empty, so that verdicts say "not checked" rather than check against nothing.
 */
import { createLedger, loadCapsData, type Ledger } from "../caps/index.js";
import { createExemptionRegistry, type Registry } from "../exemptions/index.js";
import type { CompiledRegime } from "../model/regime.js";
import type { Store } from "./store.js";

export interface StoredContext {
  readonly caps?: Ledger;
  readonly exemptions?: Registry;
}

/** Loads the ledger (with `caps.yaml` from `regimeDir`) and the exemption records, when there are any. */
export async function loadStoredContext(
  store: Store,
  regime: CompiledRegime,
  regimeDir: string,
): Promise<StoredContext> {
  const deliveries = await store.deliveries.list();
  const exemptions = await store.exemptions.list();
  return {
    ...(deliveries.length > 0
      ? { caps: createLedger(regime, deliveries, await loadCapsData(regimeDir)) }
      : {}),
    ...(exemptions.length > 0 ? { exemptions: createExemptionRegistry(exemptions) } : {}),
  };
}
