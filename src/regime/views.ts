/**
 * @module regime/views
 * The JSON shapes the CLI and the HTTP API print for regime queries. Plain data, stable field names.
 */
import type { CompiledRegime, Measure } from "../model/regime.js";
import { reviewClauses } from "./reviews.js";
import type { MeasureInForce, RegimeState } from "./state.js";

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
    citations: measure.citations.map((citation) => ({ text: citation.text, verified: citation.verified })),
    imposedBy: measure.imposedBy,
    verified: measure.verified,
    unverified: measure.unverified,
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
    })),
    openWindows: measure.openWindows.map((window) => ({
      id: window.id,
      kind: window.kind,
      opens: window.opens,
      lastDay: window.lastDay,
      outcome: window.outcome,
      citation: window.citation.text,
      verified: window.verified,
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
    versions: measure.versions.map((version) => ({
      from: version.from,
      ...(version.to !== undefined ? { to: version.to } : {}),
      change: version.change,
      title: version.title,
      modality: version.modality,
      scope: version.scope,
      ...(version.cap ? { cap: version.cap } : {}),
      ...(Object.keys(version.terms).length > 0 ? { terms: version.terms } : {}),
      citations: version.citations.map((citation) => ({ text: citation.text, verified: citation.verified })),
      verified: version.verified,
      unverified: version.unverified,
      notes: version.notes,
      exceptions: version.exceptions.map((exception) => ({
        id: exception.id,
        title: exception.title,
        outcome: exception.outcome,
        citation: exception.citation.text,
        verified: exception.verified,
      })),
      windows: version.windows.map((window) => ({
        id: window.id,
        kind: window.kind,
        opens: window.opens,
        lastDay: window.lastDay,
        citation: window.citation.text,
        verified: window.verified,
      })),
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
