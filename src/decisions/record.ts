/**
 * @module decisions/record
 * Recording a decision: the entry must be on the active list (a decision on an entry nobody can see
 * would never apply), and its content hash as it is now is kept with the decision. The store is
 * injected as two small functions, so the CLI and the API record the same way.
 */
import type { Designation } from "../model/designation.js";
import { entryHash, type Decision, type DecisionInput } from "./model.js";

/** What recording needs from the store. */
export interface DecisionStore {
  /** The entry as the active snapshot of its list gives it. */
  activeEntry(list: string, ref: string): Promise<Designation | undefined>;
  add(input: DecisionInput, entryHash: string, decidedBy: string): Promise<Decision>;
}

/** Why a decision was not recorded. */
export class DecisionError extends Error {
  override readonly name = "DecisionError";
  constructor(
    readonly code: "entry_not_found",
    readonly field: "entry",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Records a decision on the entry as it is now.
 * @throws {DecisionError} `entry_not_found` when the active list has no such entry
 */
export async function recordDecision(
  store: DecisionStore,
  input: DecisionInput,
  decidedBy: string,
): Promise<Decision> {
  const entry = await store.activeEntry(input.list, input.entry);
  if (!entry)
    throw new DecisionError(
      "entry_not_found",
      "entry",
      `the active ${input.list} list has no entry ${input.entry} (sanctions lists list shows what is imported)`,
    );
  return store.add(input, entryHash(entry), decidedBy);
}
