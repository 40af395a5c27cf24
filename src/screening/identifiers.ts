/**
 * @module screening/identifiers
 * Identifiers that confirm a match: IMO numbers (ship and company, each with its check digit) and
 * passports. The check-digit rules are those of `shared/reference/korean-names.md` §6: a ship IMO is
 * valid when Σ digit×(7..2) mod 10 equals the seventh digit; a company (owner) IMO when
 * (11 − Σ digit×(8,6,4,2,9,7) mod 11) mod 10 does. A number that fails both is not an identifier match.
 * National ids compare like passports; SWIFT/BIC codes on their eight-character institution part
 * (bank, country, location), since the branch suffix (`XXX` for the head office) names the same bank.
 */
import type { Designation } from "../model/designation.js";
import type { IdentifierResult } from "./explanation.js";

/** Strips an `IMO` prefix, spaces and leading zeros beyond seven digits; undefined if not 7 digits. */
export function normaliseImo(raw: string): string | undefined {
  const digits = raw.replace(/^\s*imo[\s:.#-]*/iu, "").replace(/[\s-]/gu, "");
  if (!/^\d+$/u.test(digits)) return undefined;
  const trimmed = digits.length > 7 ? digits.replace(/^0+/u, "").padStart(7, "0") : digits;
  return trimmed.length === 7 ? trimmed : undefined;
}

/** Whether a seven-digit number passes the IMO ship-number check digit. */
export function isValidShipImo(imo: string): boolean {
  if (!/^\d{7}$/u.test(imo)) return false;
  let sum = 0;
  for (let i = 0; i < 6; i += 1) sum += Number(imo[i]) * (7 - i);
  return sum % 10 === Number(imo[6]);
}

/** Whether a seven-digit number passes the IMO company (registered owner) check digit. */
export function isValidCompanyImo(imo: string): boolean {
  if (!/^\d{7}$/u.test(imo)) return false;
  const weights = [8, 6, 4, 2, 9, 7];
  let sum = 0;
  for (let i = 0; i < 6; i += 1) sum += Number(imo[i]) * (weights[i] ?? 0);
  return (11 - (sum % 11)) % 10 === Number(imo[6]);
}

/** A normalised IMO number if it passes either check digit, else undefined. */
export function validImo(raw: string): string | undefined {
  const imo = normaliseImo(raw);
  return imo !== undefined && (isValidShipImo(imo) || isValidCompanyImo(imo)) ? imo : undefined;
}

/** Passport numbers compare on upper-case letters and digits only. */
export function normalisePassport(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/gu, "");
}

/** National id numbers compare like passports: upper-case letters and digits only. */
export function normaliseNationalId(raw: string): string {
  return normalisePassport(raw);
}

/**
 * A SWIFT/BIC code's institution part (first eight characters: bank, country, location), upper case;
 * undefined unless it has the form of a BIC (8 or 11 letters and digits, letters in the country code).
 */
export function normaliseSwift(raw: string): string | undefined {
  const code = raw.toUpperCase().replace(/[\s-]/gu, "");
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/u.test(code) ? code.slice(0, 8) : undefined;
}

/** Identifiers a query may give beside IMO and passport. */
export interface StrongIdentifierQuery {
  readonly nationalId?: string | undefined;
  readonly swift?: string | undefined;
}

/**
 * The national id and SWIFT/BIC agreements between a query and a listed record (the screener itself
 * compares IMO numbers and passports). A SWIFT/BIC is read from the record's identifiers noted
 * `SWIFT/BIC` (UN comments, OFAC remarks, FtM `swiftBic`).
 */
export function recordIdentifierAgreements(
  query: StrongIdentifierQuery,
  record: Pick<Designation, "identifiers">,
): IdentifierResult[] {
  const found: IdentifierResult[] = [];
  const id = query.nationalId === undefined ? "" : normaliseNationalId(query.nationalId);
  if (
    id !== "" &&
    record.identifiers.some(
      (identifier) => identifier.type === "national-id" && normaliseNationalId(identifier.value) === id,
    )
  )
    found.push({ code: "national-id-confirmed", value: id, effect: 1 });
  const swift = query.swift === undefined ? undefined : normaliseSwift(query.swift);
  if (
    swift !== undefined &&
    record.identifiers.some(
      (identifier) => identifier.note === "SWIFT/BIC" && normaliseSwift(identifier.value) === swift,
    )
  )
    found.push({ code: "swift-confirmed", value: swift, effect: 1 });
  return found;
}
