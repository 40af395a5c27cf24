/**
 * @module texts/verbs
 * The operative verb of a paragraph and its force, as data. Only a decision ("Decides") binds Member
 * States under Chapter VII; "Calls upon", "Urges", "Encourages" exhort, and a measure resting on them
 * can yield a notice, never a prohibition. "Demands" is kept apart: it is addressed to the DPRK and
 * its force is argued, so that the rule built on it can choose; so is "Requires". "Directs" instructs the
 * Council's own organs (the Committee, the Panel, the Secretariat), not States.
 */

/** What a verb makes of a paragraph. */
export type VerbForce = "binding" | "demand" | "exhortation" | "instruction" | "declaratory";

/** An operative verb as printed, and its force. */
export interface Verb {
  /** The verb as the text prints it, whitespace normalised: `Decides`, `Calls upon`, `further decides`. */
  readonly text: string;
  readonly force: VerbForce;
}

// Head words (after "further", "also", "and"…) and their force; anything else is declaratory.
const FORCE: Readonly<Record<string, VerbForce>> = {
  decides: "binding",
  demands: "demand",
  requires: "demand",
  // "calls upon", "calls on", "calls for", and a bare "calls" whose "upon" the markup left out of italics.
  calls: "exhortation",
  directs: "instruction",
  urges: "exhortation",
  encourages: "exhortation",
  requests: "exhortation",
  exhorts: "exhortation",
  invites: "exhortation",
  appeals: "exhortation",
};

/** The verbs a paragraph may open with, when the text carries no markup for it. */
const KNOWN = [
  "Decides",
  "Calls upon",
  "Calls on",
  "Urges",
  "Requests",
  "Demands",
  "Condemns",
  "Deplores",
  "Expresses",
  "Affirms",
  "Reaffirms",
  "Recalls",
  "Reiterates",
  "Notes",
  "Welcomes",
  "Encourages",
  "Underlines",
  "Emphasizes",
  "Stresses",
  "Directs",
  "Clarifies",
  "Invites",
  "Exhorts",
  "Acknowledges",
  "Regrets",
];

// Words before the head verb that do not change it: "further decides", "strongly urges", "also requests".
const FILLERS = /^(?:and\s+|further\s+|also\s+|in\s+this\s+regard\s+|\p{L}+ly\s+)+/iu;

/** The force of a verb as printed (`further decides` is binding, `Expresses concern` declaratory). */
export function forceOf(text: string): VerbForce {
  const head = text.toLowerCase().replace(FILLERS, "").trim();
  for (const [verb, force] of Object.entries(FORCE)) {
    if (head === verb || head.startsWith(`${verb} `)) return force;
  }
  return "declaratory";
}

/** A verb from its printed text. */
export function verb(text: string): Verb {
  return { text, force: forceOf(text) };
}

/** The verb a paragraph's unmarked text opens with, when it is one of the known operative verbs. */
export function leadingVerb(text: string): Verb | undefined {
  const found = KNOWN.find((v) => text === v || text.startsWith(`${v} `) || text.startsWith(`${v},`));
  return found === undefined ? undefined : verb(found);
}
