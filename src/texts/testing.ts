/**
 * @module texts/testing
 * A small Akoma Ntoso resolution for tests: a symbol, a date, the operative paragraphs and annexes
 * given, in the markup the UN's files use.
 */

/** The XML of a resolution `S/RES/<number> (<year>)` with the given paragraph bodies and annexes. */
export function aknText(options: {
  readonly number?: number;
  readonly year?: number;
  readonly paragraphs: readonly string[];
  readonly annexes?: readonly {
    readonly label: string;
    readonly heading: string;
    readonly lines: readonly string[];
  }[];
  readonly doctype?: boolean;
}): string {
  const number = options.number ?? 9001;
  const year = options.year ?? 2030;
  const paragraphs = options.paragraphs
    .map(
      (body, i) =>
        `<paragraph eId="para_${i + 10}"><num>${i + 1}.</num><content><p>\t${body}</p></content></paragraph>`,
    )
    .join("\n");
  const annexes = (options.annexes ?? [])
    .map(
      (a) =>
        `<paragraph class="HCh"><heading>${a.label}</heading></paragraph>` +
        `<paragraph class="HCh"><heading>${a.heading}</heading></paragraph>` +
        a.lines.map((line) => `<paragraph><content><p>\t${line}</p></content></paragraph>`).join(""),
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
${options.doctype === true ? '<!DOCTYPE akomaNtoso [<!ENTITY x "boom">]>\n' : ""}<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement name="resolution">
  <meta><identification><FRBRWork><FRBRdate date="${year}-01-02" name="adoption"/></FRBRWork></identification></meta>
  <coverPage><p><docNumber>S/RES/${number} (${year})</docNumber></p><p><docTitle refersTo="#resolutionNumber">Resolution ${number} (${year})</docTitle></p></coverPage>
  <mainBody>
${paragraphs}
  </mainBody>
${annexes === "" ? "" : `  <attachments><attachment><doc name="annex"><mainBody>\n${annexes}\n  </mainBody></doc></attachment></attachments>`}
</statement></akomaNtoso>
`;
}
