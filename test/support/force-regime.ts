/**
 * A copy of the DPRK package in which 1874 OP18 (financial services) is encoded as what its text says,
 * an exhortation ("Calls upon Member States … to prevent"), made binding by 2094 OP11 ("Decides that
 * Member States shall … prevent"), each with a verbatim anchor. The binding-force tests and cases
 * (`test/fixtures/force/verdict-force.yaml`) run on it until the package itself encodes them so.
 */
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { defaultRegimeDir } from "../../src/config/index.js";

/** The anchors the fixture quotes, verbatim from the UN's texts. */
export const forceAnchors = {
  op18: "to prevent the provision of financial services or the transfer to, through, or from their territory",
  op11: "including bulk cash, that could contribute to the DPRK’s nuclear or ballistic missile programmes",
} as const;

async function edit(path: string, from: string, to: string): Promise<void> {
  const text = await readFile(path, "utf8");
  if (!text.includes(from)) throw new Error(`${path} no longer contains ${JSON.stringify(from)}`);
  await writeFile(path, text.replace(from, to));
}

/** Copies the package to `dir` and encodes 1874 OP18 as an exhortation made binding by 2094 OP11. */
export async function writeForceRegime(dir: string): Promise<string> {
  await cp(defaultRegimeDir, dir, { recursive: true });
  const r1874 = join(dir, "resolutions", "1874.yaml");
  await edit(r1874, "  - id: OP18\n    verified: false", `  - id: OP18\n    anchor: "${forceAnchors.op18}"`);
  await edit(
    r1874,
    "        title: Financial services that could contribute to prohibited programmes\n        kind: finance\n        direction: both\n        modality: prohibition",
    "        title: Financial services that could contribute to prohibited programmes\n        kind: finance\n        direction: both\n        modality: exhortation",
  );
  const r2094 = join(dir, "resolutions", "2094.yaml");
  await edit(r2094, "  - id: OP11\n    verified: true", `  - id: OP11\n    anchor: "${forceAnchors.op11}"`);
  await edit(
    r2094,
    "      - action: amend\n        measure: KP-FIN-SVC\n        scope:",
    "      - action: amend\n        measure: KP-FIN-SVC\n        modality: prohibition\n        scope:",
  );
  return dir;
}
