/** The layout (skip link, navigation, API key) and the pages by path. */
import { Component, useEffect, useId, useRef, useState, type SyntheticEvent, type ReactNode } from "react";
import { apiKey, setApiKey } from "./api.js";
import { CapsPage } from "./pages/Caps.js";
import { CheckPage } from "./pages/Check.js";
import { DraftsPage } from "./pages/Drafts.js";
import { MeasurePage } from "./pages/Measure.js";
import { RegimePage } from "./pages/Regime.js";
import { ScreenPage } from "./pages/Screen.js";
import { Link, useLocation } from "./router.js";

const NAV = [
  { to: "/regime", label: "Regime" },
  { to: "/check", label: "Check" },
  { to: "/screen", label: "Screen" },
  { to: "/drafts", label: "Drafts" },
  { to: "/caps", label: "Caps" },
] as const;

function Page({ path }: { path: string }) {
  const measure = /^\/regime\/measures\/([^/]+)$/.exec(path);
  if (measure?.[1]) return <MeasurePage id={decodeURIComponent(measure[1])} />;
  switch (path) {
    case "/":
    case "/regime":
      return <RegimePage />;
    case "/check":
      return <CheckPage />;
    case "/screen":
      return <ScreenPage />;
    case "/drafts":
      return <DraftsPage />;
    case "/caps":
      return <CapsPage />;
    default:
      return (
        <>
          <h1>Not found</h1>
          <p>
            No page at <code>{path}</code>. <Link to="/regime">See the regime</Link>.
          </p>
        </>
      );
  }
}

/** Keeps the layout when a page fails to render, and says so; a new page starts afresh. */
class PageBoundary extends Component<{ children: ReactNode }, { error: Error | undefined }> {
  override state: { error: Error | undefined } = { error: undefined };
  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }
  override render(): ReactNode {
    if (this.state.error)
      return (
        <div className="notice error" role="alert">
          This page failed to show an answer: {this.state.error.message}
        </div>
      );
    return this.props.children;
  }
}

function KeySettings() {
  const id = useId();
  const [saved, setSaved] = useState(apiKey());
  const [draft, setDraft] = useState(saved);
  const [open, setOpen] = useState(false);
  const save = (event: SyntheticEvent): void => {
    event.preventDefault();
    setApiKey(draft.trim());
    setSaved(draft.trim());
    setOpen(false);
  };
  return (
    <div className="key-settings">
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => {
          setOpen(!open);
        }}
      >
        {saved ? "API key set" : "API key"}
      </button>
      {open && (
        <form id={`${id}-panel`} className="key-panel" onSubmit={save}>
          <label htmlFor={`${id}-key`}>
            API key (kept in this browser; none needed on an open local server)
          </label>
          <input
            id={`${id}-key`}
            type="password"
            value={draft}
            autoComplete="off"
            onChange={(event) => {
              setDraft(event.target.value);
            }}
          />
          <button type="submit">Save</button>
        </form>
      )}
    </div>
  );
}

export function App() {
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a navigation, move focus to the page so that screen readers start at its heading.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);
  const section = path === "/" ? "/regime" : `/${path.split("/")[1] ?? ""}`;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/regime" className="brand">
          sanctions-engine <span className="muted">DPRK 1718</span>
        </Link>
        <nav aria-label="Pages">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={section === item.to ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <KeySettings />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <PageBoundary key={path}>
          <Page path={path} />
        </PageBoundary>
      </main>
      <footer className="site-footer muted">
        Answers from the HTTP API (<a href="/openapi.json">OpenAPI</a>). <span aria-hidden="true">*</span>{" "}
        unverified: the Council&apos;s official text does not bear the citation out, or is not imported; the
        citation says which.
      </footer>
    </>
  );
}
