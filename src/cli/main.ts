/**
 * Entry point of the `sanctions` binary: parses the command line and turns errors into the
 * command-line contract (one line on stderr, exit code 1), never a stack trace.
 */
import { CommanderError } from "commander";
import { buildProgram } from "./program.js";
import { UsageError } from "./output.js";

// A reader that stops early (`sanctions check big.jsonl | head`) closes the pipe: that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const program = buildProgram();
program.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit through here with code 0; commander has already printed the message.
    process.exitCode = error.exitCode === 0 ? 0 : 1;
  } else if (error instanceof UsageError) {
    process.stderr.write(`sanctions: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`sanctions: internal error: ${message}\n`);
    process.exitCode = 3;
  }
}
