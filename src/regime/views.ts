/**
 * @module regime/views
 * The JSON shapes the CLI and the HTTP API print for regime queries. Plain data, stable field names.
 * Every citation is shown with its anchor and its verification against the official text (`status`,
 * and why in words), so that whoever reads a measure can tell what the Council's text bears out.
 */
import type { Citation, CompiledRegime, Measure } from "../model/regime.js";
import { reviewClauses } from "./reviews.js";
import type { MeasureInForce, RegimeState } from "./state.js";

/** A citation as the views show it: the text, the anchor, and whether and why the text bears it out. */
export function citationView(citation: Citation): Record<string, unknown> {
  return {
    text: citation.text,
    ...(citation.anchor === undefined ? {} : { anchor: citation.anchor }),
    verified: citation.verified,
    verification: citation.verification,
  };
}

/** `sanctions regime --json` and `GET /v1/regime`. */
export function stateView(state: RegimeState): Record<string, unknown> {
  return {
    at: state.at,
    regimeVersion: state.regimeVersion,
    measures: state.measures.map(measureInForceView),
    suspended: state.suspended,
  };
}

export function measureInForceView(measure: MeasureInForce): Record<string, unknown> {
  return {
    id: measure.id,
    title: measure.title,
    kind: measure.kind,
    direction: measure.direction,
    modality: measure.modality,
    scope: measure.scope,
    since: measure.since,
    versionSince: measure.versionSince,
    citation: measure.citation,
    citations: measure.citations.map(citationView),
    imposedBy: measure.imposedBy,
    verified: measure.verified,
    unverified: measure.unverified,
    interpretations: measure.interpretations,
    ...(measure.cap ? { cap: measure.cap } : {}),
    ...(Object.keys(measure.terms).length > 0 ? { terms: measure.terms } : {}),
    exceptions: measure.exceptions.map((exception) => ({
      id: exception.id,
      title: exception.title,
      outcome: exception.outcome,
      when: exception.when,
      ...(exception.condition ? { condition: exception.condition } : {}),
      citation: exception.citation.text,
      verified: exception.verified,
      verification: exception.citation.verification,
    })),
    openWindows: measure.openWindows.map((window) => ({
      id: window.id,
      kind: window.kind,
      opens: window.opens,
      lastDay: window.lastDay,
      outcome: window.outcome,
      citation: window.citation.text,
      verified: window.verified,
      verification: window.citation.verification,
    })),
    ...(measure.snapback ? { snapback: measure.snapback } : {}),
  };
}

/** `sanctions measure ID --json` and `GET /v1/measures/{id}`. */
export function measureView(regime: CompiledRegime, measure: Measure): Record<string, unknown> {
  return {
    id: measure.id,
    title: measure.title,
    kind: measure.kind,
    direction: measure.direction,
    regimeVersion: regime.version,
    textsVersion: regime.textsVersion ?? null,
    versions: measure.versions.map((version) => ({
      from: version.from,
      ...(version.to !== undefined ? { to: version.to } : {}),
      change: version.change,
      title: version.title,
      modality: version.modality,
      scope: version.scope,
      ...(version.cap ? { cap: version.cap } : {}),
      ...(Object.keys(version.terms).length > 0 ? { terms: version.terms } : {}),
      citations: version.citations.map(citationView),
      verified: version.verified,
      unverified: version.unverified,
      interpretations: version.interpretations,
      notes: version.notes,
      exceptions: version.exceptions.map((exception) => ({
        id: exception.id,
        title: exception.title,
        outcome: exception.outcome,
        citation: exception.citation.text,
        verified: exception.verified,
        verification: exception.citation.verification,
      })),
      windows: version.windows.map((window) => ({
        id: window.id,
        kind: window.kind,
        opens: window.opens,
        lastDay: window.lastDay,
        citation: window.citation.text,
        verified: window.verified,
        verification: window.citation.verification,
      })),
      ...(version.bindingFrom
        ? { bindingFrom: { from: version.bindingFrom.from, citation: version.bindingFrom.citation.text } }
        : {}),
      ...(version.suspended ? { suspended: version.suspended } : {}),
      ...(version.superseded.length > 0
        ? {
            superseded: version.superseded.map((old) => ({
              citations: old.citations.map((citation) => citation.text),
              ...(old.cap ? { cap: old.cap } : {}),
            })),
          }
        : {}),
    })),
    ...(measure.ended
      ? {
          ended: {
            on: measure.ended.on,
            how: measure.ended.how,
            ...(measure.ended.citation ? { citation: measure.ended.citation.text } : {}),
          },
        }
      : {}),
    // Reversibility: the clauses under which the Council said it could strengthen, modify, suspend or lift it.
    reviewClauses: reviewClauses(regime, measure),
  };
}
