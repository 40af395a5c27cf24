/** Small pieces shared by the pages: citations with their unverified mark, verdict badges, notices. */
import type { ReactNode } from "react";
import { outcomeLabels } from "../../src/model/contract-labels.js";
import { CitationButton } from "./citation.js";
import type { Citation, Verdict, Verification } from "./types.js";

/**
 * A citation, with a visible mark when the official text does not bear it out or is not imported
 * (`verified: false`; `verification` says why, and is the mark's tooltip): an asterisk and the word "unverified", also read out by screen readers. A
 * citation of a paragraph or an annex is a button that opens it in the official text, with `anchor`
 * highlighted (`./citation.tsx`).
 */
export function Cite({
  text,
  verified,
  anchor,
  verification,
}: {
  text: string;
  verified: boolean;
  anchor?: string | undefined;
  verification?: Verification | undefined;
}) {
  return (
    <span className={verified ? "cite" : "cite unverified"}>
      <CitationButton text={text} anchor={anchor} verification={verification}>
        <cite>{text}</cite>
      </CitationButton>
      {!verified && (
        <span
          className="unverified-mark"
          title={verification?.text ?? "Not verified against the Council's official text"}
        >
          <span aria-hidden="true">*</span> unverified
        </span>
      )}
    </span>
  );
}

export function Citations({ citations }: { citations: readonly Citation[] }) {
  if (citations.length === 0) return <span className="muted">no citation</span>;
  return (
    <span className="cites">
      {citations.map((citation) => (
        <Cite
          key={citation.text}
          text={citation.text}
          verified={citation.verified}
          anchor={citation.anchor}
        />
      ))}
    </span>
  );
}

/** A verdict in words ("Needs review", not `review`); the class keeps the outcome's colour. */
export function VerdictBadge({ verdict }: { verdict: Verdict | "rejected" }) {
  return (
    <span className={`badge verdict-${verdict}`}>
      {verdict === "rejected" ? "Rejected" : outcomeLabels[verdict]}
    </span>
  );
}

export function ErrorNotice({ children }: { children: ReactNode }) {
  return (
    <div className="notice error" role="alert">
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

/** A kind of measure as a CSS custom property colour (`--kind-arms`), with a fallback. */
export function kindColor(kind: string): string {
  return `var(--kind-${kind}, var(--kind-other))`;
}

export function KindSwatch({ kind }: { kind: string }) {
  return <span className="swatch" style={{ background: kindColor(kind) }} aria-hidden="true" />;
}

/** Today in UTC, as the API counts it (YYYY-MM-DD). */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

export function formatNumber(value: number): string {
  return value.toLocaleString("en-GB");
}
