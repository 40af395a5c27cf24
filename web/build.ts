/**
 * Builds the web UI into `web/dist` (type check with `tsc -p web`, then Vite). With `--if-stale` (the
 * `pretest` hook) it does nothing when `web/dist` was built from the same sources: a hash of the
 * sources, the config and the versions of the build's packages is kept in `web/dist/.build-hash`.
 *
 *   npm run build:web                            # always build
 *   node --import tsx web/build.ts --if-stale    # build only if web/dist is missing or stale
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "vite";

const web = import.meta.dirname;
const root = join(web, "..");
const dist = join(web, "dist");
const stampFile = join(dist, ".build-hash");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

/** A hash of everything the bundle is made from. */
export function sourceHash(): string {
  const hash = createHash("sha256");
  for (const file of [
    ...files(join(web, "src")),
    join(web, "index.html"),
    join(web, "vite.config.ts"),
    join(web, "tsconfig.json"),
    // The forms and the CSV download take their words from the server's vocabulary.
    join(root, "src", "model", "vocabulary.ts"),
  ]) {
    hash.update(relative(web, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  for (const name of ["react", "react-dom", "vite", "@vitejs/plugin-react", "yaml"]) {
    const manifest = JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as {
      version: string;
    };
    hash.update(`${name}@${manifest.version}\0`);
  }
  return hash.digest("hex");
}

const ifStale = process.argv.includes("--if-stale");
const hash = sourceHash();
if (ifStale && existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === hash) {
  process.exit(0);
}

const started = performance.now();
const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", web], {
  stdio: "inherit",
});
if (tsc.status !== 0) {
  console.error("web: type errors (tsc -p web); the UI was not built");
  process.exit(1);
}
await build({ configFile: join(web, "vite.config.ts"), logLevel: "warn" });
writeFileSync(stampFile, `${hash}\n`);
console.error(`web: built web/dist in ${((performance.now() - started) / 1000).toFixed(1)} s`);
