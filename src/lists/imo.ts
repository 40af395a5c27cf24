/**
 * @module lists/imo
 * IMO ship identification numbers. A ship's IMO number is seven digits whose last digit is a check
 * digit: the first six digits weighted 7, 6, 5, 4, 3, 2, summed, modulo 10. A number that fails the
 * check is a typo or an invention, and a match on it should not count as a confirmation.
 *
 * IMO *company* numbers (the "Company and Registered Owner" scheme, e.g. `5342883` in UN comments)
 * are also seven digits but do not follow this check, so this test applies to ship numbers only.
 */

const weights = [7, 6, 5, 4, 3, 2] as const;

/**
 * Strips an optional `IMO` prefix, spaces and punctuation: `"IMO 9176187"` → `"9176187"`. Returns
 * `undefined` when what remains is not seven digits.
 */
export function normaliseImo(input: string): string | undefined {
  const digits = input
    .trim()
    .replace(/^imo[\s:.#-]*/i, "")
    .replace(/[\s.-]/g, "");
  return /^\d{7}$/.test(digits) ? digits : undefined;
}

/**
 * Whether a ship IMO number has the right check digit. Accepts `"9176187"`, `"IMO 9176187"` or a
 * number; anything that is not seven digits is invalid.
 */
export function isValidImo(input: string | number): boolean {
  const digits = normaliseImo(typeof input === "number" ? String(input) : input);
  if (digits === undefined) return false;
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(digits[i]) * (weights[i] ?? 0);
  return sum % 10 === Number(digits[6]);
}
