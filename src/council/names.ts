/**
 * @module council/names
 * Member names: one canonical spelling per State, reached from any alias. Matching ignores case,
 * accents, full stops and the kind of apostrophe, because drafts and news copy write "Cote d'Ivoire",
 * "U.S." or "Türkiye" freely.
 */
import { CouncilError } from "./errors.js";
import type { CouncilData } from "./types.js";

/** The key a spelling is matched under: "Côte d’Ivoire" and "cote d'ivoire" give the same key. */
export function normaliseName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/\./g, "")
    .replace(/&/g, " and ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The canonical name for a spelling or alias; throws `UNKNOWN_MEMBER` when there is none. */
export function resolveMember(data: Pick<CouncilData, "names">, name: string): string {
  const canonical = data.names.get(normaliseName(name));
  if (canonical === undefined) throw new CouncilError({ code: "UNKNOWN_MEMBER", name });
  return canonical;
}
