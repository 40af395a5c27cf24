/**
 * @module cli/commands/decisions
 * `sanctions decisions add PARTY --list L --entry REF (--false-positive | --true-match) --note TEXT`
 * and `sanctions decisions list [--party NAME]`: an analyst's decisions on screening alerts, stored in
 * the engine's database with who and when. Later screenings of the same party show the decision; a
 * false positive suppresses the alert while the list entry is unchanged (see `src/decisions`).
 */
import type { Command } from "commander";
import { DecisionError, DecisionInput, recordDecision, type Decision } from "../../decisions/index.js";
import { printJson, printLines, UsageError } from "../output.js";
import { withConfiguredStore } from "../store-source.js";

interface AddFlags {
  readonly list: string;
  readonly entry: string;
  readonly falsePositive?: boolean;
  readonly trueMatch?: boolean;
  readonly note?: string;
  readonly by?: string;
  readonly json?: boolean;
}

const line = (decision: Decision): string =>
  `${decision.id}  ${decision.decidedAt.slice(0, 19)}  ${decision.decision.padEnd(14)}  ${decision.party} ↔ ${decision.list} ${decision.entry}  by ${decision.decidedBy}: ${decision.note}`;

/** Who decides: `--by`, else `SANCTIONS_ANALYST`, else the login name. */
function analyst(flag: string | undefined): string {
  const who = flag ?? process.env["SANCTIONS_ANALYST"] ?? process.env["USER"];
  if (who === undefined || who.trim() === "")
    throw new UsageError("say who decides: --by NAME (or set SANCTIONS_ANALYST)");
  return who.trim().slice(0, 200);
}

/** Adds the `decisions` command group to the program. */
export function register(program: Command): void {
  const decisions = program
    .command("decisions")
    .description("analysts' decisions on screening alerts (false positive or true match)");

  decisions
    .command("add")
    .description("record a decision on an alert: this party is (not) that list entry")
    .argument("<party>", "the party's name as screened")
    .requiredOption("--list <list>", "the list of the entry: UN, OFAC-SDN, FTM:<dataset>")
    .requiredOption("--entry <ref>", "the entry's reference, e.g. KPe.033")
    .option(
      "--false-positive",
      "the party is not the listed entry: suppress the alert while the entry is unchanged",
    )
    .option("--true-match", "the party is the listed entry")
    .option("--note <text>", "why: what was checked (required)")
    .option("--by <name>", "who decides (default: SANCTIONS_ANALYST or the login name)")
    .option("--json", "print the decision as JSON")
    .action(async (party: string, flags: AddFlags) => {
      if (flags.falsePositive === flags.trueMatch)
        throw new UsageError("give exactly one of --false-positive and --true-match");
      const parsed = DecisionInput.safeParse({
        party,
        list: flags.list,
        entry: flags.entry,
        decision: flags.falsePositive ? "false_positive" : "true_match",
        note: flags.note ?? "",
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new UsageError(`${issue?.path.join(".") ?? "input"}: ${issue?.message ?? "invalid"}`);
      }
      const by = analyst(flags.by);
      const { decisionStoreOf } = await import("../../store/index.js");
      const decision = await withConfiguredStore(async (store) => {
        try {
          return await recordDecision(decisionStoreOf(store), parsed.data, by);
        } catch (error) {
          if (error instanceof DecisionError) throw new UsageError(`${error.code}: ${error.message}`);
          throw error;
        }
      });
      if (flags.json) printJson(decision);
      else printLines([`recorded ${line(decision)}`]);
    });

  decisions
    .command("list")
    .description("every decision, oldest first (the latest on a party and entry is in force)")
    .option("--party <name>", "only the decisions on this party")
    .option("--json", "print JSON")
    .action(async (flags: { party?: string; json?: boolean }) => {
      const found = await withConfiguredStore((store) =>
        store.decisions.list(flags.party === undefined ? {} : { party: flags.party }),
      );
      if (flags.json) printJson(found);
      else printLines(found.length === 0 ? ["no decisions"] : found.map(line));
    });
}
