/**
 * @module cli/output
 * Shared conventions of every command: a bad input ends with one line on stderr and exit code 1;
 * JSON goes to stdout one document (or one line) at a time; progress never goes to stdout.
 */

import type { Verdict } from "../model/verdict.js";

/** An error the user caused (bad argument, unreadable file): printed as one line, exit code 1. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Prints a value as JSON on stdout, followed by a newline. */
export function printJson(value: unknown, pretty = false): void {
  process.stdout.write(JSON.stringify(value, null, pretty ? 2 : undefined) + "\n");
}

/** Prints lines of text on stdout. */
export function printLines(lines: readonly string[]): void {
  if (lines.length > 0) process.stdout.write(lines.join("\n") + "\n");
}

/**
 * A verdict as text: `<id>  <VERDICT>`, then a line a reason with its outcome, code, measure and
 * citation (`*` after a citation that is not verified), and under a reason that is not verified, why
 * (`unverified: the official text of … is not imported`), and under a reason that rests on the project's
 * mapping of the text's words to HS codes, that mapping (`HS mapping: …`). `under` adds lines under each reason (the
 * anchor and the paragraph's official text, for `check --text`).
 */
export function verdictLines(
  verdict: Verdict,
  under?: (reason: Verdict["reasons"][number]) => readonly string[],
): string[] {
  const lines = [`${verdict.id}  ${verdict.verdict.toUpperCase()}`];
  for (const reason of verdict.reasons) {
    const where = [reason.measure, reason.citation ? `${reason.citation}${reason.verified ? "" : "*"}` : null]
      .filter(Boolean)
      .join(" ");
    lines.push(`  ${reason.outcome.padEnd(11)} ${reason.code}${where ? ` [${where}]` : ""}: ${reason.text}`);
    // A verdict recorded before citations were verified has no `verification`: nothing to say why.
    const verification = (reason as { verification?: Verdict["reasons"][number]["verification"] })
      .verification;
    if (!reason.verified && reason.citation !== null && verification) {
      const why =
        verification.status === "verified"
          ? `an element of the measure is unconfirmed (see sanctions measure ${reason.measure ?? ""})`.trim()
          : verification.text;
      lines.push(`              unverified: ${why}`);
    }
    const { interpretation } = reason as { interpretation?: string };
    if (interpretation !== undefined) lines.push(`              HS mapping: ${interpretation}`);
    if (under) lines.push(...under(reason).map((line) => `              ${line}`));
  }
  return lines;
}
