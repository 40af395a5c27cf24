/**
 * @module cli/program
 * The `sanctions` command tree. Each command lives in `commands/<name>.ts` and exports
 * `register(program)`; commands are thin and call the library.
 */
import { Command } from "commander";
import { register as registerAudit } from "./commands/audit.js";
import { register as registerCaps } from "./commands/caps.js";
import { register as registerCheck } from "./commands/check.js";
import { register as registerCouncil } from "./commands/council.js";
import { register as registerDecisions } from "./commands/decisions.js";
import { register as registerDraft } from "./commands/draft.js";
import { register as registerEvents } from "./commands/events.js";
import { register as registerExemptions } from "./commands/exemptions.js";
import { register as registerHs } from "./commands/hs.js";
import { register as registerKeys } from "./commands/keys.js";
import { register as registerLists } from "./commands/lists.js";
import { register as registerRegime } from "./commands/regime.js";
import { register as registerScreen } from "./commands/screen.js";
import { register as registerServe } from "./commands/serve.js";
import { register as registerText } from "./commands/text.js";
import { register as registerTexts } from "./commands/texts.js";
import { register as registerTimeline } from "./commands/timeline.js";
import { register as registerValidate } from "./commands/validate.js";

/** Builds the command tree (without parsing), so that tests can drive it in-process. */
export function buildProgram(): Command {
  const program = new Command("sanctions")
    .description("Sanctions as code: the UN Security Council DPRK (1718) regime, queryable at any date.")
    .version("0.1.0")
    .showHelpAfterError();
  registerRegime(program);
  registerTimeline(program);
  registerEvents(program);
  registerValidate(program);
  registerText(program);
  registerTexts(program);
  registerCheck(program);
  registerScreen(program);
  registerDecisions(program);
  registerCouncil(program);
  registerDraft(program);
  registerHs(program);
  registerLists(program);
  registerCaps(program);
  registerExemptions(program);
  registerAudit(program);
  registerKeys(program);
  registerServe(program);
  return program;
}
