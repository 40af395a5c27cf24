/**
 * @module lists/basis
 * The legal basis of a listing: which authority lists an entry, under which programmes, and whether it
 * is a designation of the UN Security Council's 1718 Committee (the DPRK regime this engine encodes).
 *
 * Why it matters: only a 1718 designation brings the regime's asset freeze and its paragraph. The UN
 * consolidated list also holds the other Council regimes (Al-Qaida, Taliban, Iraq, ...), and OFAC and
 * the FollowTheMoney datasets list under their own laws (OFAC's DPRK3 or SDNT programmes are US
 * measures, not the Council's). A hit on any of those is worth a person's look, never a UN citation.
 *
 * The basis is derived, not stored: from the list name (`UN`, `OFAC-SDN`, `FTM:<dataset>`), the
 * entry's programmes (UN `UN_LIST_TYPE`, OFAC program tags, FtM `program`/`programId`), its reference,
 * and for FtM the `authority` and UN SC reference its `Sanction` gives (kept in the entry's data).
 *
 * @example
 * entryBasis({ list: "UN", ref: "KPe.033", programmes: ["DPRK"] }).un1718; // true
 * entryBasis({ list: "OFAC-SDN", ref: "20157", programmes: ["DPRK3"] }).authority; // "US Treasury OFAC"
 */
import type { Designation, ListSnapshot } from "../model/designation.js";
import { UNSC_ID_NOTE } from "./ftm.js";
import { OFAC_LIST } from "./ofac.js";
import { UN_LIST } from "./un.js";

/** The UN Security Council, as the basis of a UN listing names it. */
export const UN_AUTHORITY = "UN Security Council";
/** OFAC, as the basis of an SDN listing names it. */
export const OFAC_AUTHORITY = "US Treasury OFAC";

/** The UN consolidated list's `UN_LIST_TYPE` of the 1718 Committee's entries. */
export const UN_1718_PROGRAMME = "DPRK";

/** The 1718 Committee's reference numbers: `KPi.033` (individuals), `KPe.020` (entities). */
const UN_1718_REF = /^KP[ie]\.\d+$/;

/** FtM datasets that are the UN consolidated list, when an entry names no authority. */
const UN_DATASETS: ReadonlySet<string> = new Set(["FTM:un_sc_sanctions"]);

/** What an entry says of its listing. */
export interface ListedEntry {
  readonly list: string;
  readonly ref: string;
  readonly programmes: readonly string[];
  readonly authority?: string | undefined;
  readonly identifiers?: Designation["identifiers"] | undefined;
}

/** An entry's legal basis. */
export interface EntryBasis {
  readonly list: string;
  /** Who lists it: `UN Security Council`, `US Treasury OFAC`, or the FtM entry's authority. */
  readonly authority: string;
  readonly programmes: readonly string[];
  /** Whether it is a designation of the 1718 Committee, whose asset freeze the regime encodes. */
  readonly un1718: boolean;
}

/** Whether an authority's words name the UN Security Council. */
function isUnAuthority(authority: string): boolean {
  return /security council|\bUN ?SC\b|united nations/i.test(authority);
}

/** The authority of a list as a whole; for FtM, the dataset unless its entries say otherwise. */
export function listAuthority(list: string): string {
  if (list === UN_LIST || UN_DATASETS.has(list)) return UN_AUTHORITY;
  if (list === OFAC_LIST) return OFAC_AUTHORITY;
  return list.startsWith("FTM:") ? `dataset ${list.slice(4)}` : list;
}

/**
 * The basis of one entry. A UN entry is a 1718 designation when it is filed under `DPRK` or carries a
 * 1718 reference (`KPi.`/`KPe.`; the list files every such entry under `DPRK`); an FtM entry when its
 * authority is the Security Council and its programme or UN SC reference is the 1718 regime's. Every
 * other entry, OFAC's DPRK programmes included, is another authority's listing.
 */
export function entryBasis(entry: ListedEntry): EntryBasis {
  const programmes = entry.programmes;
  if (entry.list === UN_LIST) {
    const un1718 = programmes.includes(UN_1718_PROGRAMME) || UN_1718_REF.test(entry.ref);
    return { list: entry.list, authority: UN_AUTHORITY, programmes, un1718 };
  }
  if (entry.list.startsWith("FTM:")) {
    const authority = entry.authority ?? listAuthority(entry.list);
    const un = isUnAuthority(authority) || (entry.authority === undefined && UN_DATASETS.has(entry.list));
    const unscRefs = (entry.identifiers ?? [])
      .filter((identifier) => identifier.note === UNSC_ID_NOTE)
      .map((identifier) => identifier.value);
    const un1718 =
      un &&
      (unscRefs.some((ref) => UN_1718_REF.test(ref)) ||
        programmes.some((programme) => /\b1718\b|\bDPRK\b|north korea/i.test(programme)));
    return { list: entry.list, authority, programmes, un1718 };
  }
  return { list: entry.list, authority: listAuthority(entry.list), programmes, un1718: false };
}

/** A snapshot's authority: the list's, or for FtM the authorities its entries name (joined by "; "). */
export function snapshotAuthority(snapshot: Pick<ListSnapshot, "list" | "designations">): string {
  if (!snapshot.list.startsWith("FTM:")) return listAuthority(snapshot.list);
  const named = new Set<string>();
  for (const designation of snapshot.designations)
    if (designation.authority !== undefined) named.add(designation.authority);
  return named.size === 0 ? listAuthority(snapshot.list) : [...named].sort().join("; ");
}

/** The programmes of a snapshot with the number of entries filed under each, most entries first. */
export function snapshotProgrammes(
  snapshot: Pick<ListSnapshot, "designations">,
): { programme: string; entries: number }[] {
  const counts = new Map<string, number>();
  for (const designation of snapshot.designations)
    for (const programme of designation.programmes) counts.set(programme, (counts.get(programme) ?? 0) + 1);
  return [...counts]
    .map(([programme, entries]) => ({ programme, entries }))
    .sort((a, b) => b.entries - a.entries || a.programme.localeCompare(b.programme));
}
