/**
 * @module yente/catalog
 * The imported lists as yente datasets, and their designations as FollowTheMoney entities.
 *
 * Why yente's names: a client written for OpenSanctions' yente (`POST /match/sanctions`, a filter
 * `include_dataset=un_sc_sanctions`) should point at this service unchanged. The UN list is
 * `un_sc_sanctions` and OFAC's SDN list `us_ofac_sdn`, as OpenSanctions names them; an FtM file keeps
 * its own dataset name. `default` and `sanctions` are collections of every imported list, since all
 * of them are sanctions lists.
 */
import type { BirthDate, Designation, ListSnapshot } from "../model/designation.js";

/** One dataset: an imported list snapshot. */
export interface YenteDataset {
  readonly name: string;
  readonly title: string;
  /** `source` for a list, `collection` for `default` and `sanctions`. */
  readonly type: "source" | "collection";
  /** The list as this service names it: `UN`, `OFAC-SDN`, `FTM:<dataset>`. */
  readonly lists: readonly string[];
  readonly snapshots: readonly string[];
  readonly version: string;
  readonly updatedAt: string;
  readonly entityCount: number;
}

/** A FollowTheMoney entity as yente serves it. */
export interface FtmEntity {
  readonly id: string;
  readonly caption: string;
  readonly schema: string;
  readonly properties: Readonly<Record<string, readonly string[]>>;
  readonly datasets: readonly string[];
  readonly referents: readonly string[];
  readonly target: boolean;
  readonly first_seen: string;
  readonly last_seen: string;
  readonly last_change: string;
}

/** Collections that hold every imported list. */
export const COLLECTIONS = ["default", "sanctions"] as const;

const knownLists: Readonly<Record<string, { name: string; title: string }>> = {
  UN: { name: "un_sc_sanctions", title: "UN Security Council Consolidated Sanctions List" },
  "OFAC-SDN": { name: "us_ofac_sdn", title: "US OFAC Specially Designated Nationals (SDN) List" },
};

/** The dataset name of a list: `UN` → `un_sc_sanctions`, `FTM:kp_list` → `kp_list`. */
export function datasetName(list: string): string {
  const known = knownLists[list];
  if (known) return known.name;
  const ftm = /^FTM:(.+)$/.exec(list);
  const name = (ftm?.[1] ?? list).toLowerCase().replace(/[^a-z0-9_]+/g, "_");
  return name === "" ? "list" : name;
}

/** The entity id of a designation: its dataset and the list's own reference, `un_sc_sanctions-KPi.033`. */
export function entityId(designation: Designation): string {
  // An FtM entity keeps the id its file gave it, so that references from other FtM data still resolve.
  if (designation.list.startsWith("FTM:")) return designation.ref;
  return `${datasetName(designation.list)}-${designation.ref.replace(/[^A-Za-z0-9._-]+/g, "-")}`;
}

/** The FtM schema of a designation. */
export function schemaOf(designation: Designation): string {
  if (designation.kind === "person") return "Person";
  if (designation.kind === "vessel") return "Vessel";
  if (designation.sourceType === "aircraft") return "Airplane";
  return "Organization";
}

const birthDateText = (date: BirthDate): string =>
  date.kind === "exact" ? date.date : date.kind === "year" ? String(date.year) : `${date.fromYear}`;

/** FtM country values are lower-case ISO codes; words the list gives (no code known) stay words. */
const countryText = (value: string): string => (/^[A-Z]{2}$/.test(value) ? value.toLowerCase() : value);

/** The entity a designation is, in FtM's property names. Every value is a list of strings. */
export function toEntity(designation: Designation, snapshot: ListSnapshot): FtmEntity {
  const properties: Record<string, string[]> = {};
  const add = (key: string, value: string | undefined): void => {
    if (value === undefined || value === "") return;
    const list = (properties[key] ??= []);
    if (!list.includes(value)) list.push(value);
  };
  const primary = designation.names.find((name) => name.quality === "primary") ?? designation.names[0];
  for (const name of designation.names) {
    const key =
      name === primary
        ? "name"
        : name.quality === "low"
          ? "weakAlias"
          : name.quality === "former"
            ? "previousName"
            : "alias";
    add(key, name.full);
  }
  for (const date of designation.birthDates) add("birthDate", birthDateText(date));
  for (const nationality of designation.nationalities)
    add(designation.kind === "person" ? "nationality" : "country", countryText(nationality));
  if (designation.gender) add("gender", designation.gender);
  for (const identifier of designation.identifiers) {
    const key =
      identifier.type === "imo"
        ? "imoNumber"
        : identifier.type === "passport"
          ? "passportNumber"
          : identifier.type === "national-id"
            ? "idNumber"
            : /swift|bic/i.test(identifier.note ?? "")
              ? "swiftBic"
              : "registrationNumber";
    add(key, identifier.value);
  }
  if (designation.vessel?.flag) add("flag", countryText(designation.vessel.flag));
  if (designation.vessel?.type) add("type", designation.vessel.type);
  add("notes", designation.remarks);
  for (const programme of designation.programmes) add("program", programme);
  add("topics", "sanction");
  const seen = snapshot.importedAt;
  return {
    id: entityId(designation),
    caption: primary?.full ?? designation.ref,
    schema: schemaOf(designation),
    properties,
    datasets: [datasetName(designation.list)],
    referents: [],
    target: true,
    first_seen: designation.listedOn ?? seen,
    last_seen: seen,
    last_change: seen,
  };
}

/** The datasets of the active snapshots, then the collections of them all. */
export function catalogOf(snapshots: readonly ListSnapshot[]): YenteDataset[] {
  const sources: YenteDataset[] = snapshots.map((snapshot) => ({
    name: datasetName(snapshot.list),
    title: knownLists[snapshot.list]?.title ?? snapshot.list,
    type: "source",
    lists: [snapshot.list],
    snapshots: [snapshot.id],
    version: snapshot.id.slice(0, 16),
    updatedAt: snapshot.importedAt,
    entityCount: snapshot.designations.length,
  }));
  const latest =
    sources
      .map((source) => source.updatedAt)
      .sort()
      .at(-1) ?? new Date(0).toISOString();
  const collections: YenteDataset[] = COLLECTIONS.map((name) => ({
    name,
    title: name === "default" ? "Every imported list" : "Every imported sanctions list",
    type: "collection",
    lists: sources.flatMap((source) => source.lists),
    snapshots: sources.flatMap((source) => source.snapshots),
    version: sources.map((source) => source.version).join("+") || "empty",
    updatedAt: latest,
    entityCount: sources.reduce((sum, source) => sum + source.entityCount, 0),
  }));
  return [...sources, ...collections];
}

/** An index of the active snapshots' entities by id, for `GET /entities/{id}` and free-text search. */
export interface EntityIndex {
  readonly datasets: readonly YenteDataset[];
  entity(id: string): FtmEntity | undefined;
  /** The entity of a screening match (by list and reference). */
  byRef(list: string, ref: string): FtmEntity | undefined;
  all(): Iterable<FtmEntity>;
}

/** Builds the index once per loaded context. */
export function indexEntities(snapshots: readonly ListSnapshot[]): EntityIndex {
  const byId = new Map<string, FtmEntity>();
  const byRefKey = new Map<string, FtmEntity>();
  for (const snapshot of snapshots) {
    for (const designation of snapshot.designations) {
      const entity = toEntity(designation, snapshot);
      byId.set(entity.id, entity);
      byRefKey.set(`${designation.list}\u0000${designation.ref}`, entity);
    }
  }
  const datasets = catalogOf(snapshots);
  return {
    datasets,
    entity: (id) => byId.get(id),
    byRef: (list, ref) => byRefKey.get(`${list}\u0000${ref}`),
    all: () => byId.values(),
  };
}
