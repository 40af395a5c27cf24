/**
 * @module regime/anchors
 * Every citation of a regime package checked against the official texts: each paragraph of each
 * resolution and draft file, and each anchor an effect, exception, window, commitment or designation
 * block carries, and each clause of `obligations.yaml`, verified by `verifyCitation`. `sanctions validate --texts DIR` prints what fails;
 * a test runs it on the UN's texts so that a wrong paragraph number can never land again.
 *
 * It also weighs each paragraph's verb (`checkForce`): a paragraph the Council opens with "Calls upon"
 * or "Urges" and that decides nothing cannot be encoded as a prohibition, a restriction, a cap, a
 * notification or an obligation. "Calls upon" is not "Decides".
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import type { RegimeIssue } from "../model/issues.js";
import type { Modality } from "../model/regime-schema.js";
import { findResolutionOrNone } from "../texts/library.js";
import type { ResolutionText } from "../texts/model.js";
import { parseParagraphId, verifyCitation, type VerificationStatus } from "../texts/verify.js";
import { bindingModalities } from "./compile.js";

/** One citation of the data and what the official text says of it. */
export interface AnchorCheck {
  /** Data file, relative to the package: `resolutions/2397.yaml`. */
  readonly file: string;
  /** Where in the file: `paragraphs[12].effects[0].addExceptions[0]`. */
  readonly path: string;
  /** `S/RES/2397 (2017) OP28`. */
  readonly citation: string;
  readonly anchor?: string;
  readonly status: VerificationStatus;
  readonly foundIn?: readonly string[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Anchors nested in an effect: its own, its exceptions' and windows'. */
function nestedAnchors(effect: Json, at: string): { path: string; anchor: string }[] {
  const found: { path: string; anchor: string }[] = [];
  if (typeof effect.anchor === "string") found.push({ path: at, anchor: effect.anchor });
  for (const key of ["exceptions", "addExceptions", "windows", "addWindows"]) {
    const list = effect[key];
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      if (isObject(item) && typeof item.anchor === "string") {
        found.push({ path: `${at}.${key}[${index}]`, anchor: item.anchor });
      }
    });
  }
  return found;
}

/** The citations of one resolution or draft file. */
function citationsOf(
  file: string,
  data: unknown,
): { path: string; symbol: string; paragraph: string; anchor?: string }[] {
  if (!isObject(data) || !Array.isArray(data.paragraphs)) return [];
  // A draft never tabled has no symbol: its citations name the draft, and no official text is its.
  const symbol =
    typeof data.symbol === "string"
      ? data.symbol
      : typeof data.id === "string"
        ? `draft ${data.id}`
        : undefined;
  if (symbol === undefined) return [];
  const out: { path: string; symbol: string; paragraph: string; anchor?: string }[] = [];
  const designations = data.designations;
  if (isObject(designations) && typeof designations.paragraph === "string") {
    const anchor = typeof designations.anchor === "string" ? designations.anchor : undefined;
    out.push({
      path: "designations",
      symbol,
      paragraph: designations.paragraph,
      ...(anchor === undefined ? {} : { anchor }),
    });
  }
  data.paragraphs.forEach((paragraph: unknown, index) => {
    if (!isObject(paragraph) || typeof paragraph.id !== "string") return;
    const at = `paragraphs[${index}]`;
    const anchor = typeof paragraph.anchor === "string" ? paragraph.anchor : undefined;
    out.push({ path: at, symbol, paragraph: paragraph.id, ...(anchor === undefined ? {} : { anchor }) });
    if (!Array.isArray(paragraph.effects)) return;
    paragraph.effects.forEach((effect: unknown, e) => {
      if (!isObject(effect)) return;
      for (const nested of nestedAnchors(effect, `${at}.effects[${e}]`)) {
        out.push({ path: nested.path, symbol, paragraph: paragraph.id as string, anchor: nested.anchor });
      }
    });
  });
  return out;
}

/** The YAML files of a package that cite paragraphs: resolutions and drafts. */
async function citingFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const folder of ["resolutions", "drafts"]) {
    let names: string[];
    try {
      names = await readdir(join(dir, folder));
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith(".yaml")).sort()) files.push(`${folder}/${name}`);
  }
  return files;
}

/**
 * Checks every citation of a regime package against the texts. A file that cannot be parsed is left to
 * `validate`'s schema checks, which name it; here it gives no citations.
 */
export async function checkAnchors(dir: string, texts: readonly ResolutionText[]): Promise<AnchorCheck[]> {
  const checks: AnchorCheck[] = [];
  for (const file of await citingFiles(dir)) {
    let data: unknown;
    try {
      data = parse(await readFile(join(dir, file), "utf8"));
    } catch {
      continue;
    }
    for (const citation of citationsOf(file, data)) {
      const result = verifyCitation(texts, citation.symbol, citation.paragraph, citation.anchor);
      checks.push({
        file,
        path: citation.path,
        citation: `${citation.symbol} ${citation.paragraph}`,
        ...(citation.anchor === undefined ? {} : { anchor: citation.anchor }),
        status: result.status,
        ...(result.foundIn === undefined ? {} : { foundIn: result.foundIn }),
      });
    }
  }
  checks.push(...(await obligationChecks(dir, texts)));
  return checks;
}

/** The citations of `obligations.yaml` (`S/RES/2094 (2013) OP2` and its anchor), when the package has one. */
async function obligationChecks(dir: string, texts: readonly ResolutionText[]): Promise<AnchorCheck[]> {
  let data: unknown;
  try {
    data = parse(await readFile(join(dir, "obligations.yaml"), "utf8"));
  } catch {
    return [];
  }
  if (!isObject(data) || !Array.isArray(data.obligations)) return [];
  return data.obligations.flatMap((item: unknown, index): AnchorCheck[] => {
    if (!isObject(item) || typeof item.citation !== "string") return [];
    const match = /^(S\/RES\/\d+ \(\d{4}\)) (\S+)$/.exec(item.citation);
    if (!match?.[1] || !match[2]) return [];
    const anchor = typeof item.anchor === "string" ? item.anchor : undefined;
    const result = verifyCitation(texts, match[1], match[2], anchor);
    return [
      {
        file: "obligations.yaml",
        path: `obligations[${index}]`,
        citation: item.citation,
        ...(anchor === undefined ? {} : { anchor }),
        status: result.status,
        ...(result.foundIn === undefined ? {} : { foundIn: result.foundIn }),
      },
    ];
  });
}

/**
 * The paragraph a citation points at only exhorts: every numbered paragraph it covers is in the official
 * text, opens with an exhortation, and decides nothing further on. The verb of the paragraph, not of a
 * lettered sub-paragraph: 1718 OP8(f) "are called upon" sits in a paragraph that decides.
 */
function onlyExhorts(text: ResolutionText, paragraph: string): { verb: string } | undefined {
  const ref = parseParagraphId(paragraph);
  if (!ref) return undefined;
  let verb: string | undefined;
  for (let n = ref.first; n <= ref.last; n += 1) {
    const found = text.paragraphs.find((p) => p.number === String(n));
    if (!found || found.decides || found.verb?.force !== "exhortation") return undefined;
    verb ??= found.verb.text;
  }
  return verb === undefined ? undefined : { verb };
}

/**
 * Every effect that encodes an exhortation as binding: an `impose` with, or an `amend` to, a binding
 * modality in a paragraph that only exhorts (`exhortation_encoded_as_binding`, naming file and paragraph).
 */
export async function checkForce(dir: string, texts: readonly ResolutionText[]): Promise<RegimeIssue[]> {
  const issues: RegimeIssue[] = [];
  for (const file of await citingFiles(dir)) {
    let data: unknown;
    try {
      data = parse(await readFile(join(dir, file), "utf8"));
    } catch {
      continue;
    }
    if (!isObject(data) || typeof data.symbol !== "string" || !Array.isArray(data.paragraphs)) continue;
    const text = findResolutionOrNone(texts, data.symbol);
    if (!text) continue;
    const symbol = data.symbol;
    data.paragraphs.forEach((paragraph: unknown, index) => {
      if (!isObject(paragraph) || typeof paragraph.id !== "string" || !Array.isArray(paragraph.effects))
        return;
      const exhorts = onlyExhorts(text, paragraph.id);
      if (!exhorts) return;
      paragraph.effects.forEach((effect: unknown, e) => {
        if (!isObject(effect) || (effect.action !== "impose" && effect.action !== "amend")) return;
        // A request to the Council's own organs (1874 OP26 "Requests the Secretary-General to create
        // ... a group of up to seven experts") sets up the machinery; it is not an exhortation to States.
        if (effect.kind === "procedural") return;
        const modality = effect.modality;
        if (typeof modality !== "string" || !bindingModalities.has(modality as Modality)) return;
        issues.push({
          code: "exhortation_encoded_as_binding",
          file,
          path: ["paragraphs", index, "effects", e, "modality"],
          message:
            `${symbol} ${paragraph.id as string} opens with "${exhorts.verb}" and decides nothing, ` +
            `so ${String(effect.measure)} cannot be a ${modality} here: encode it as an exhortation ` +
            `(it yields a notice) and make it binding where a later paragraph decides it`,
        });
      });
    });
  }
  return issues;
}
