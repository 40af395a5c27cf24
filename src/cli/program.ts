/**
 * @module cli/program
 * The `sanctions` command tree. Each command lives in `commands/<name>.ts` and exports
 * `register(program)`; commands are thin and call the library.
 */
import { Command } from "commander";

/** Builds the command tree (without parsing), so that tests can drive it in-process. */
export function buildProgram(): Command {
  const program = new Command("sanctions")
    .description("Sanctions as code: the UN Security Council DPRK (1718) regime, queryable at any date.")
    .version("0.1.0")
    .showHelpAfterError();
  return program;
}
