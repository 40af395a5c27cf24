/**
 * @module caps/data
 * The cap reference data of a regime package (`caps.yaml`): conversion factors with their source and
 * whether the value is confirmed, and the threshold notices. Data, not constants: Russia's 2019 figures
 * (30,180 t and 277,365 bbl) fit no single factor, so the factor used is always reported.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { CapError } from "./errors.js";

const factor = z.strictObject({
  id: z.string().min(1),
  barrelsPerTonne: z.number().positive(),
  /** The product this factor converts (the Committee chart's rows). */
  product: z.string().min(1).optional(),
  /** HS subheadings of the product, when the source names them. */
  hs: z.array(z.string().regex(/^\d{4,6}$/)).optional(),
  /** Suppliers whose own reports use this factor. */
  suppliers: z.array(z.string().min(1)).optional(),
  source: z.string().min(1),
  verified: z.boolean(),
});

const threshold = z.strictObject({
  percent: z.number().positive().max(100),
  notice: z.string().min(1),
  /** At this share, States are told to stop supplying for the rest of the period. */
  ceaseSupply: z.boolean().optional(),
  source: z.string().min(1),
  verified: z.boolean(),
});

export const capsFile = z.strictObject({
  conversion: z.strictObject({
    order: z.array(z.enum(["barrels-given", "product", "supplier", "default"])),
    default: z.string().min(1),
    factors: z.array(factor).min(1),
  }),
  thresholds: z.array(threshold),
});

export type CapsData = z.infer<typeof capsFile>;
export type ConversionFactor = z.infer<typeof factor>;
export type Threshold = z.infer<typeof threshold>;

/**
 * Validates parsed `caps.yaml` content.
 * @throws {CapError} `caps_data_invalid`
 */
export function parseCapsData(value: unknown, file = "caps.yaml"): CapsData {
  const parsed = capsFile.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CapError(
      "caps_data_invalid",
      `${file}: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid"}`,
    );
  }
  const data = parsed.data;
  if (!data.conversion.factors.some((f) => f.id === data.conversion.default)) {
    throw new CapError(
      "caps_data_invalid",
      `${file}: conversion.default names no factor: ${data.conversion.default}`,
    );
  }
  return data;
}

/**
 * Reads `caps.yaml` from a regime package directory.
 * @throws {CapError} `caps_data_invalid`
 */
export async function loadCapsData(regimeDir: string): Promise<CapsData> {
  const path = join(regimeDir, "caps.yaml");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new CapError("caps_data_invalid", `${path} cannot be read`);
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new CapError(
      "caps_data_invalid",
      `${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return parseCapsData(value, path);
}
