/**
 * @module store/processes
 * Whether a process runs, for the files that name their owner's pid: the embedded database's lock
 * (`./connect.ts`) and the API's audit journal segments. It lives in the store, the lowest layer that
 * needs it, so that the store imports nothing above it; import-free, so that the server's light
 * modules can use it without loading the database modules.
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
