/**
 * @module council/schema
 * Validation of `council.yaml`: zod strict objects for the shape (unknown keys are errors), then the
 * checks zod cannot express (ten distinct elected members a year, none permanent, terms that agree
 * with the year before, aliases that resolve, recorded votes consistent with the membership). Pure:
 * it takes the text and the file name, and returns data or throws {@link CouncilDataError}.
 */
import { isNode, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { CouncilDataError, type CouncilDataIssue, type CouncilDataIssueCode } from "./errors.js";
import { yearOfDate } from "./membership.js";
import { normaliseName } from "./names.js";
import type { CouncilData, CouncilYear, RecordedVote } from "./types.js";

const name = z.string().trim().min(1);
const sources = z.array(z.string().min(1));
const provenance = { verified: z.boolean(), sources, note: z.string().optional() };

const rulePart = z.strictObject({
  requiredYes: z.int().min(1).max(15),
  permanentNoIsVeto: z.boolean(),
  ...provenance,
});

const yearSchema = z.strictObject({
  year: z.int().min(1946).max(2100),
  elected: z.array(name),
  entering: z.array(name).optional(),
  oneYearTerm: z.array(name).optional(),
  ...provenance,
});

const recordedVoteSchema = z.strictObject({
  id: name,
  symbol: name.optional(),
  kind: z.enum(["resolution", "draft"]),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD"),
  procedure: z.enum(["substantive", "procedural"]),
  tally: z.string().regex(/^\d{1,2}-\d{1,2}-\d{1,2}$/, "expected yes-no-abstain, e.g. 13-1-1"),
  against: z.array(name),
  abstaining: z.array(name),
  absent: z.array(name).optional(),
  outcome: z.enum(["adopted", "not-adopted"]),
  ...provenance,
});

/** The shape of `council.yaml`. */
/**
 * What the Council logic reads of a draft or a scenario: its symbol, title, date, the members' votes
 * and their positions (probabilities). Loose on purpose: a draft file carries these keys among many
 * others (its paragraphs and effects, validated by the regime's `draftFile`), which are ignored here;
 * the votes and positions stay `unknown` so that a bad member or value gets the Council's own typed
 * error (`UNKNOWN_MEMBER`, `BAD_VOTE`...) naming it, not a schema message. Read by `sanctions council
 * vote` and by the drafts catalogue's scenarios.
 */
export const voteDocument = z.object({
  symbol: z.string().optional(),
  title: z.string().optional(),
  date: z.string().optional(),
  votes: z.record(z.string(), z.unknown()).optional(),
  positions: z.record(z.string(), z.unknown()).optional(),
});
export type VoteDocument = z.infer<typeof voteDocument>;

export const councilFileSchema = z.strictObject({
  permanent: z.strictObject({ members: z.array(name).length(5), ...provenance }),
  adoptionRule: z.strictObject({
    substantive: rulePart,
    procedural: rulePart,
    permanentAbstentionIsNotVeto: z.strictObject(provenance),
  }),
  years: z.array(yearSchema).min(1),
  aliases: z.record(name, name),
  recordedVotes: z.array(recordedVoteSchema),
});

/** The file as zod returns it, before the cross-checks. */
export type CouncilFile = z.infer<typeof councilFileSchema>;

type Path = readonly (string | number)[];

function pathText(path: Path): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out === "" ? part : `.${part}`;
  return out;
}

/**
 * Cross-checks of a file that has the right shape. Returns findings with paths (no lines; the caller
 * adds them) so that the checks stay independent of YAML.
 */
export function checkCouncilFile(
  file: CouncilFile,
): { path: Path; code: CouncilDataIssueCode; message: string }[] {
  const issues: { path: Path; code: CouncilDataIssueCode; message: string }[] = [];
  const report = (path: Path, code: CouncilDataIssueCode, message: string): void => {
    issues.push({ path, code, message });
  };

  const permanent = new Set(file.permanent.members);
  file.permanent.members.forEach((member, i) => {
    if (file.permanent.members.indexOf(member) !== i) {
      report(["permanent", "members", i], "DUPLICATE_MEMBER", `"${member}" is listed twice`);
    }
  });

  // Canonical names: the permanent members and everyone elected in some year.
  const canonical = new Map<string, string>();
  for (const member of permanent) canonical.set(normaliseName(member), member);
  file.years.forEach((entry, y) => {
    const seen = new Set<string>();
    if (entry.elected.length !== 10) {
      report(
        ["years", y, "elected"],
        "ELECTED_COUNT",
        `${entry.year} has ${entry.elected.length} elected members, not 10`,
      );
    }
    entry.elected.forEach((member, i) => {
      const key = normaliseName(member);
      const known = canonical.get(key);
      if (known !== undefined && known !== member) {
        report(["years", y, "elected", i], "ALIAS_CONFLICT", `"${member}" is spelt "${known}" elsewhere`);
      }
      if (permanent.has(member)) {
        report(["years", y, "elected", i], "PERMANENT_AS_ELECTED", `"${member}" is a permanent member`);
      }
      if (seen.has(key))
        report(
          ["years", y, "elected", i],
          "DUPLICATE_MEMBER",
          `"${member}" is listed twice in ${entry.year}`,
        );
      seen.add(key);
      canonical.set(key, known ?? member);
    });
    if (y > 0 && entry.year !== (file.years[y - 1]?.year ?? 0) + 1) {
      report(
        ["years", y, "year"],
        "YEAR_SEQUENCE",
        `${entry.year} does not follow ${file.years[y - 1]?.year ?? "?"}`,
      );
    }
  });

  // Terms: whoever continues was on the Council the year before, and whoever entered the year
  // before stays on unless the seat was split into one-year terms.
  file.years.forEach((entry, y) => {
    const previous = file.years[y - 1];
    for (const [field, list] of [
      ["entering", entry.entering],
      ["oneYearTerm", entry.oneYearTerm],
    ] as const) {
      list?.forEach((member, i) => {
        if (!entry.elected.includes(member)) {
          report(
            ["years", y, field, i],
            "TERM_INCONSISTENT",
            `"${member}" is not among the elected members of ${entry.year}`,
          );
        }
      });
    }
    if (previous === undefined || entry.entering === undefined) return;
    entry.elected.forEach((member, i) => {
      if (!entry.entering?.includes(member) && !previous.elected.includes(member)) {
        report(
          ["years", y, "elected", i],
          "TERM_INCONSISTENT",
          `"${member}" continues in ${entry.year} but was not elected in ${previous.year}`,
        );
      }
    });
    for (const member of previous.entering ?? []) {
      if (!entry.elected.includes(member) && !(previous.oneYearTerm ?? []).includes(member)) {
        report(
          ["years", y, "elected"],
          "TERM_INCONSISTENT",
          `"${member}" entered in ${previous.year} but is missing in ${entry.year}`,
        );
      }
    }
  });

  const names = new Map(canonical);
  for (const [alias, target] of Object.entries(file.aliases)) {
    const key = normaliseName(alias);
    if (!canonical.has(normaliseName(target)) || canonical.get(normaliseName(target)) !== target) {
      report(
        ["aliases", alias],
        "ALIAS_UNRESOLVED",
        `"${alias}" points at "${target}", which is no member in any year`,
      );
      continue;
    }
    const existing = names.get(key);
    if (existing !== undefined) {
      const why = canonical.has(key) ? `a member's own name ("${existing}")` : `an alias of "${existing}"`;
      report(["aliases", alias], "ALIAS_CONFLICT", `"${alias}" already matches ${why}`);
      continue;
    }
    names.set(key, target);
  }

  file.recordedVotes.forEach((vote, v) => {
    const at = (...rest: (string | number)[]): Path => ["recordedVotes", v, ...rest];
    let year: number;
    try {
      year = yearOfDate(vote.date);
    } catch {
      report(at("date"), "INVALID_VALUE", `"${vote.date}" is not a calendar date`);
      return;
    }
    const council = file.years.find((entry) => entry.year === year);
    if (council === undefined) {
      report(at("date"), "VOTE_INCONSISTENT", `no membership recorded for ${year}`);
      return;
    }
    const members = new Set([...permanent, ...council.elected]);
    const named = new Set<string>();
    for (const field of ["against", "abstaining", "absent"] as const) {
      (vote[field] ?? []).forEach((member, i) => {
        if (!members.has(member)) {
          report(at(field, i), "UNKNOWN_MEMBER", `"${member}" was not on the Council in ${year}`);
        }
        if (named.has(member)) report(at(field, i), "DUPLICATE_MEMBER", `"${member}" is named twice`);
        named.add(member);
      });
    }
    const [yes = 0, no = 0, abstain = 0] = vote.tally.split("-").map(Number);
    const absent = vote.absent?.length ?? 0;
    if (
      yes + no + abstain + absent !== 15 ||
      no !== vote.against.length ||
      abstain !== vote.abstaining.length
    ) {
      report(
        at("tally"),
        "VOTE_INCONSISTENT",
        `tally ${vote.tally} does not match ${vote.against.length} against, ${vote.abstaining.length} abstaining and ${absent} absent out of 15`,
      );
    }
  });

  return issues;
}

function toRecordedVote(vote: CouncilFile["recordedVotes"][number]): RecordedVote {
  const [yes = 0, no = 0, abstain = 0] = vote.tally.split("-").map(Number);
  return {
    id: vote.id,
    ...(vote.symbol === undefined ? {} : { symbol: vote.symbol }),
    kind: vote.kind,
    date: vote.date,
    procedure: vote.procedure,
    tally: { yes, no, abstain },
    against: vote.against,
    abstaining: vote.abstaining,
    absent: vote.absent ?? [],
    outcome: vote.outcome,
    verified: vote.verified,
    sources: vote.sources,
    ...(vote.note === undefined ? {} : { note: vote.note }),
  };
}

function withNote<T extends object>(value: T, note: string | undefined): T & { note?: string } {
  return note === undefined ? value : { ...value, note };
}

/** Parses and validates the text of a `council.yaml`; `file` is used only in messages. */
export function parseCouncilData(text: string, file: string): CouncilData {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (path: Path): number | undefined => {
    // Walk up until a node with a position is found (a missing key has none; its parent has).
    for (let end = path.length; end >= 0; end--) {
      const node: unknown = doc.getIn(path.slice(0, end), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  if (doc.errors.length > 0) {
    throw new CouncilDataError(
      file,
      doc.errors.map((error) => {
        const line = error.linePos?.[0].line;
        return {
          code: "YAML_SYNTAX",
          path: "",
          ...(line === undefined ? {} : { line }),
          message: error.message.split("\n")[0] ?? "",
        };
      }),
    );
  }
  const parsed = councilFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new CouncilDataError(
      file,
      parsed.error.issues.flatMap((issue): CouncilDataIssue[] => {
        const base = issue.path.filter((part): part is string | number => typeof part !== "symbol");
        if (issue.code === "unrecognized_keys") {
          return issue.keys.map((key) => {
            const path = [...base, key];
            const line = lineOf(path);
            return {
              code: "UNKNOWN_KEY",
              path: pathText(path),
              ...(line === undefined ? {} : { line }),
              message: `unknown key "${key}"`,
            };
          });
        }
        const line = lineOf(base);
        return [
          {
            code: "INVALID_VALUE",
            path: pathText(base),
            ...(line === undefined ? {} : { line }),
            message: `${issue.code}: ${issue.message}`,
          },
        ];
      }),
    );
  }
  const data = parsed.data;
  const findings = checkCouncilFile(data);
  if (findings.length > 0) {
    throw new CouncilDataError(
      file,
      findings.map((finding) => {
        const line = lineOf(finding.path);
        return {
          code: finding.code,
          path: pathText(finding.path),
          ...(line === undefined ? {} : { line }),
          message: finding.message,
        };
      }),
    );
  }

  const names = new Map<string, string>();
  for (const member of data.permanent.members) names.set(normaliseName(member), member);
  const years: CouncilYear[] = data.years.map((entry) => {
    for (const member of entry.elected) names.set(normaliseName(member), member);
    return withNote(
      {
        year: entry.year,
        permanent: data.permanent.members,
        elected: entry.elected,
        ...(entry.entering === undefined ? {} : { entering: entry.entering }),
        verified: entry.verified,
        sources: entry.sources,
      },
      entry.note,
    );
  });
  for (const [alias, target] of Object.entries(data.aliases)) names.set(normaliseName(alias), target);

  const { members, ...permanentProvenance } = data.permanent;
  const part = ({ note, ...rest }: z.infer<typeof rulePart>) => withNote(rest, note);
  const { note: abstentionNote, ...abstention } = data.adoptionRule.permanentAbstentionIsNotVeto;
  const { note: permanentNote, ...permanentRest } = permanentProvenance;
  return {
    file,
    permanent: members,
    permanentProvenance: withNote(permanentRest, permanentNote),
    rule: {
      substantive: part(data.adoptionRule.substantive),
      procedural: part(data.adoptionRule.procedural),
      permanentAbstentionIsNotVeto: withNote(abstention, abstentionNote),
    },
    years,
    names,
    recordedVotes: data.recordedVotes.map(toRecordedVote),
  };
}
