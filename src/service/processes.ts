/**
 * @module service/processes
 * Whether a process runs, for the files that name their owner's pid: the embedded database's lock and
 * the API's audit journal segments. Import-free, so that the server's light modules can use it.
 */

/** Whether the process `pid` runs (on this machine, under any user). */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs under another user, which still counts as running.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
