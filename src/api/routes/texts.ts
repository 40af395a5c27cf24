/**
 * @module api/routes/texts
 * The official texts a citation points into: `GET /v1/texts` (the active set), `GET /v1/texts/{symbol}`
 * (a resolution's paragraphs with their verbs), `GET /v1/texts/{symbol}/paragraphs/{n}` (a paragraph
 * or sub-paragraph as cited: `8`, `OP8`, `8(a)`) and `GET /v1/texts/{symbol}/annexes/{label}`
 * (`Annex IV`). Open to every role, as the regime is. The bodies are the schemas of
 * `src/texts/views.ts`, which `sanctions texts list --json` and `sanctions text … --json` print too.
 *
 * The symbol is the one a citation gives, URL-encoded (`S%2FRES%2F2397%20(2017)`), or short (`2397`).
 * Texts are imported with `sanctions texts import`; a server without them answers 404
 * `symbol_not_found` saying so.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { MAX_CODE_LENGTH } from "../../model/limits.js";
import {
  annexLabel,
  AnnexViewSchema,
  annexView,
  findAnnexOrNone,
  findResolutionOrNone,
  isTextError,
  MAX_PARAGRAPH_QUERY,
  NO_OFFICIAL_TEXTS,
  paragraphView,
  ParagraphViewSchema,
  parseParagraphQuery,
  resolutionView,
  ResolutionViewSchema,
  TextsListSchema,
  type OfficialTexts,
  type ResolutionText,
} from "../../texts/index.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError } from "../errors.js";
import { errorResponses } from "../schemas.js";

const symbolParam = z.string().openapi({
  description: `The symbol as cited, URL-encoded (\`S%2FRES%2F2397%20(2017)\`), or its number (\`2397\`); at most ${MAX_CODE_LENGTH} characters`,
  example: "S/RES/2397 (2017)",
});

const json = <T extends z.ZodType>(description: string, schema: T) => ({
  200: { description, content: { "application/json": { schema } } },
});

const listRoute = createRoute({
  method: "get",
  path: "/v1/texts",
  summary: "The official texts imported and active: symbol, adoption date, paragraphs, source file, SHA-256",
  middleware: [requireRole("reader")] as const,
  responses: { ...json("`sanctions texts list --json`", TextsListSchema), ...errorResponses() },
});

const resolutionRoute = createRoute({
  method: "get",
  path: "/v1/texts/{symbol}",
  summary: "A resolution's operative paragraphs, each with its opening verb and force, and its annexes",
  middleware: [requireRole("reader")] as const,
  request: { params: z.object({ symbol: symbolParam }) },
  responses: {
    ...json("`sanctions text SYMBOL --json`", ResolutionViewSchema),
    ...errorResponses(400, 404),
  },
});

const paragraphRoute = createRoute({
  method: "get",
  path: "/v1/texts/{symbol}/paragraphs/{n}",
  summary: "An operative paragraph (or sub-paragraph) of a resolution, with its verb and force",
  middleware: [requireRole("reader")] as const,
  request: {
    params: z.object({
      symbol: symbolParam,
      n: z.string().openapi({
        description: `The paragraph as cited: \`8\`, \`OP8\`, \`8(a)\` (a sub-paragraph); at most ${MAX_PARAGRAPH_QUERY} characters`,
        example: "8",
      }),
    }),
  },
  responses: {
    ...json("`sanctions text SYMBOL N --json`", ParagraphViewSchema),
    ...errorResponses(400, 404),
  },
});

const annexRoute = createRoute({
  method: "get",
  path: "/v1/texts/{symbol}/annexes/{label}",
  summary: "An annex of a resolution, by the label its text prints",
  middleware: [requireRole("reader")] as const,
  request: {
    params: z.object({
      symbol: symbolParam,
      label: z.string().openapi({ description: "`Annex IV` (URL-encoded) or `IV`", example: "Annex IV" }),
    }),
  },
  responses: {
    ...json('`sanctions text SYMBOL "Annex IV" --json`', AnnexViewSchema),
    ...errorResponses(400, 404),
  },
});

/** Registers the texts routes. */
export function registerTexts(app: ApiApp, services: Services): void {
  const current = (): Promise<OfficialTexts> =>
    services.deps.texts?.current() ?? Promise.resolve(NO_OFFICIAL_TEXTS);

  app.openapi(listRoute, async (c) => {
    const texts = await current();
    return ok(c, { textsVersion: texts.version, texts: texts.summaries });
  });

  app.openapi(resolutionRoute, async (c) => {
    const { symbol } = c.req.valid("param");
    const texts = await current();
    return ok(c, resolutionView(resolutionOf(texts, symbol), texts.version));
  });

  app.openapi(paragraphRoute, async (c) => {
    const { symbol, n } = c.req.valid("param");
    bounded("n", n, MAX_PARAGRAPH_QUERY);
    const query = parseParagraphQuery(n);
    const texts = await current();
    const resolution = resolutionOf(texts, symbol);
    if (query === undefined)
      throw new ApiError(
        400,
        "invalid_request",
        `n: ${JSON.stringify(n)} is not a paragraph as cited (8, OP8, 8(a))`,
        [
          {
            path: "n",
            code: "invalid_paragraph",
            message: "a paragraph number, OP and a number, or a sub-paragraph: 8(a)",
          },
        ],
      );
    try {
      return ok(c, paragraphView(resolution, query, texts.version));
    } catch (error) {
      if (isTextError(error, "paragraph_not_found"))
        throw new ApiError(404, "paragraph_not_found", error.message);
      throw error;
    }
  });

  app.openapi(annexRoute, async (c) => {
    const { symbol, label } = c.req.valid("param");
    bounded("label", label, MAX_CODE_LENGTH);
    const texts = await current();
    const resolution = resolutionOf(texts, symbol);
    const wanted = annexLabel(label) ?? annexLabel(`Annex ${label}`);
    if (wanted === undefined)
      throw new ApiError(
        400,
        "invalid_request",
        `label: ${JSON.stringify(label)} is not an annex label (Annex IV)`,
        [{ path: "label", code: "invalid_annex", message: "`Annex` and a Roman numeral, or the numeral" }],
      );
    const annex = findAnnexOrNone(resolution, wanted);
    if (!annex) {
      const have = (resolution.annexes ?? []).map((a) => a.label);
      throw new ApiError(
        404,
        "annex_not_found",
        `${resolution.symbol} has no ${wanted}` +
          (have.length === 0 ? " (it has no annex)" : ` (its annexes are ${have.join(", ")})`),
      );
    }
    return ok(c, annexView(resolution, annex, texts.version));
  });
}

/** A 400 naming the path parameter over its limit. */
function bounded(field: string, value: string, limit: number): void {
  if (value.length > limit)
    throw new ApiError(400, "invalid_request", `${field}: longer than ${limit} characters`, [
      { path: field, code: "over_limit", message: `at most ${limit} characters` },
    ]);
}

/** The resolution a path's symbol names, or a 404 saying what was not found and, if nothing is, how to import. */
function resolutionOf(texts: OfficialTexts, symbol: string): ResolutionText {
  bounded("symbol", symbol, MAX_CODE_LENGTH);
  const found = findResolutionOrNone(texts.texts, symbol);
  if (found) return found;
  throw new ApiError(
    404,
    "symbol_not_found",
    texts.texts.length === 0
      ? `no official text of ${symbol}: no texts are imported on this server (sanctions texts import DIR|FILE|URL)`
      : `no official text of ${symbol} among the ${texts.texts.length} imported`,
  );
}
