/**
 * The small lists the decision tests screen against: one UN DPRK individual (KIM CHOL NAM, KPi.901) as
 * the UN's XML gives it, which a second version changes by an alias (so that a decision reopens), and
 * one UN DPRK bank (KOREA UNITED DEVELOPMENT BANK, KPe.901) as a designation, for the suites that build
 * a screener without importing a list.
 */
import type { Designation } from "../../src/model/designation.js";

/** The UN list with one DPRK individual; `alias` adds an alias (the entry changed). */
export const unListXml = (alias?: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-11-01T00:00:00">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME>KIM</FIRST_NAME>
      <SECOND_NAME>CHOL NAM</SECOND_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPi.901</REFERENCE_NUMBER>
      <LISTED_ON>2017-06-02</LISTED_ON>
      <NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY>${
        alias === undefined
          ? ""
          : `
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>${alias}</ALIAS_NAME></INDIVIDUAL_ALIAS>`
      }
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES/>
</CONSOLIDATED_LIST>
`;

/** A UN 1718 bank, as a designation. */
export const unitedDevelopmentBank: Designation = {
  ref: "KPe.901",
  list: "UN",
  kind: "entity",
  programmes: ["DPRK"],
  names: [{ full: "KOREA UNITED DEVELOPMENT BANK", quality: "primary" }],
  birthDates: [],
  nationalities: ["KP"],
  identifiers: [],
};
