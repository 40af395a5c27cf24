// The floor of the API benchmark: a bare node:http server that reads and parses each JSON body and
// answers a fixed verdict-sized JSON, with no evaluation, no validation and no database. Whatever the
// real service measures above this is its own cost; this is what HTTP and the load generator cost.
import { Buffer } from "node:buffer";
import { createServer } from "node:http";
import process from "node:process";

const answer = JSON.stringify({
  id: "x",
  verdict: "prohibited",
  reasons: Array.from({ length: 3 }, (_, i) => ({
    code: "measure_applies",
    measure: `M${i}`,
    message: "x".repeat(200),
  })),
});

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(200, { "content-type": "application/json" }).end(answer);
    } catch {
      res.writeHead(400, { "content-type": "application/json" }).end('{"error":{"code":"invalid_json"}}');
    }
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stderr.write(`floor: listening on http://127.0.0.1:${server.address().port}\n`);
});
process.once("SIGTERM", () => server.close(() => process.exit(0)));
