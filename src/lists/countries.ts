/**
 * @module lists/countries
 * Country names as the lists write them (UN: "Democratic People's Republic of Korea", "Iran (Islamic
 * Republic of)"; OFAC: "Korea, North", "Burma"; FollowTheMoney already uses lowercase ISO codes) to ISO
 * 3166-1 alpha-2 codes, so that a nationality from one list compares with another. A name that is not
 * in the table stays in the source's words: the model allows that, and guessing would be worse.
 */

// ISO code, then the spellings seen in the UN, OFAC and common usage. Matching ignores case,
// punctuation and a leading "the".
const table: string = `
AF:Afghanistan|AX:Aland Islands|AL:Albania|DZ:Algeria|AS:American Samoa|AD:Andorra|AO:Angola|AI:Anguilla
AG:Antigua and Barbuda|AR:Argentina|AM:Armenia|AW:Aruba|AU:Australia|AT:Austria|AZ:Azerbaijan
BS:Bahamas;Bahamas, The|BH:Bahrain|BD:Bangladesh|BB:Barbados|BY:Belarus|BE:Belgium|BZ:Belize|BJ:Benin
BM:Bermuda|BT:Bhutan|BO:Bolivia;Bolivia (Plurinational State of)|BA:Bosnia and Herzegovina|BW:Botswana
BR:Brazil|VG:British Virgin Islands;Virgin Islands, British|BN:Brunei;Brunei Darussalam|BG:Bulgaria
BF:Burkina Faso|BI:Burundi|CV:Cabo Verde;Cape Verde|KH:Cambodia|CM:Cameroon|CA:Canada
KY:Cayman Islands|CF:Central African Republic|TD:Chad|CL:Chile|CN:China;People's Republic of China
CO:Colombia|KM:Comoros|CG:Congo;Republic of the Congo;Congo, Republic of the
CD:Democratic Republic of the Congo;Congo, Democratic Republic of the;DRC|CK:Cook Islands|CR:Costa Rica
CI:Cote d'Ivoire;Côte d'Ivoire;Ivory Coast|HR:Croatia|CU:Cuba|CW:Curacao;Curaçao|CY:Cyprus
CZ:Czech Republic;Czechia|DK:Denmark|DJ:Djibouti|DM:Dominica|DO:Dominican Republic|EC:Ecuador|EG:Egypt
SV:El Salvador|GQ:Equatorial Guinea|ER:Eritrea|EE:Estonia|SZ:Eswatini;Swaziland|ET:Ethiopia|FJ:Fiji
FI:Finland|FR:France|GA:Gabon|GM:Gambia;The Gambia;Gambia, The|GE:Georgia|DE:Germany|GH:Ghana
GI:Gibraltar|GR:Greece|GD:Grenada|GT:Guatemala|GG:Guernsey|GN:Guinea|GW:Guinea-Bissau|GY:Guyana|HT:Haiti
VA:Holy See;Vatican City|HN:Honduras|HK:Hong Kong;Hong Kong, China|HU:Hungary|IS:Iceland|IN:India
ID:Indonesia|IR:Iran;Iran (Islamic Republic of);Islamic Republic of Iran|IQ:Iraq|IE:Ireland
IM:Isle of Man|IL:Israel|IT:Italy|JM:Jamaica|JP:Japan|JE:Jersey|JO:Jordan|KZ:Kazakhstan|KE:Kenya
KI:Kiribati|KP:Democratic People's Republic of Korea;Korea, North;North Korea;DPRK;Korea, Democratic People's Republic of
KR:Republic of Korea;Korea, South;South Korea;Korea, Republic of|XK:Kosovo|KW:Kuwait|KG:Kyrgyzstan
LA:Laos;Lao People's Democratic Republic|LV:Latvia|LB:Lebanon|LS:Lesotho|LR:Liberia|LY:Libya
LI:Liechtenstein|LT:Lithuania|LU:Luxembourg|MO:Macau;Macao;Macao, China|MG:Madagascar|MW:Malawi
MY:Malaysia|MV:Maldives|ML:Mali|MT:Malta|MH:Marshall Islands|MR:Mauritania|MU:Mauritius|MX:Mexico
FM:Micronesia;Micronesia (Federated States of);Micronesia, Federated States of
MD:Moldova;Republic of Moldova|MC:Monaco|MN:Mongolia|ME:Montenegro|MA:Morocco|MZ:Mozambique
MM:Myanmar;Burma|NA:Namibia|NR:Nauru|NP:Nepal|NL:Netherlands;Netherlands (Kingdom of the)
NZ:New Zealand|NI:Nicaragua|NE:Niger|NG:Nigeria|NU:Niue
MK:North Macedonia;North Macedonia, The Republic of;Macedonia|NO:Norway|OM:Oman|PK:Pakistan|PW:Palau
PS:State of Palestine;Palestine;Palestinian;West Bank;Gaza|PA:Panama|PG:Papua New Guinea|PY:Paraguay
PE:Peru|PH:Philippines|PL:Poland|PT:Portugal|PR:Puerto Rico|QA:Qatar|RO:Romania
RU:Russian Federation;Russia|RW:Rwanda|KN:Saint Kitts and Nevis;St Kitts-Nevis;St. Kitts and Nevis
LC:Saint Lucia|VC:Saint Vincent and the Grenadines|WS:Samoa|SM:San Marino|ST:Sao Tome and Principe
SA:Saudi Arabia|SN:Senegal|RS:Serbia|SC:Seychelles|SL:Sierra Leone|SG:Singapore|SK:Slovakia
SI:Slovenia|SB:Solomon Islands|SO:Somalia|ZA:South Africa|SS:South Sudan|ES:Spain|LK:Sri Lanka
SD:Sudan|SR:Suriname|SE:Sweden|CH:Switzerland|SY:Syrian Arab Republic;Syria|TW:Taiwan
TJ:Tajikistan|TZ:United Republic of Tanzania;Tanzania|TH:Thailand|TL:Timor-Leste;East Timor|TG:Togo
TO:Tonga|TT:Trinidad and Tobago|TN:Tunisia|TR:Türkiye;Turkiye;Turkey|TM:Turkmenistan|TV:Tuvalu
UG:Uganda|UA:Ukraine|AE:United Arab Emirates;UAE
GB:United Kingdom of Great Britain and Northern Ireland;United Kingdom;UK;Great Britain
US:United States of America;United States;USA|UY:Uruguay|UZ:Uzbekistan|VU:Vanuatu
VE:Venezuela;Venezuela (Bolivarian Republic of)|VN:Viet Nam;Vietnam|YE:Yemen|ZM:Zambia|ZW:Zimbabwe
`;

function key(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’']/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/^the /, "");
}

const byName: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const entry of table.split(/[|\n]/)) {
    const trimmed = entry.trim();
    if (trimmed === "") continue;
    const [code, names] = trimmed.split(":", 2) as [string, string | undefined];
    map.set(key(code), code);
    for (const name of (names ?? "").split(";")) map.set(key(name), code);
  }
  return map;
})();

/**
 * The ISO 3166-1 alpha-2 code for a country name or code as a list writes it (case-insensitive:
 * `"kp"`, `"Korea, North"`, `"Democratic People's Republic of Korea"` → `"KP"`), or `undefined`.
 */
export function countryCode(name: string): string | undefined {
  return byName.get(key(name));
}

/** The ISO code when known, else the source's words trimmed; `undefined` for blanks and "na". */
export function countryOrWords(name: string | undefined): string | undefined {
  const trimmed = name?.replace(/\s+/g, " ").trim();
  if (!trimmed || /^(na|n\/a|-0-)$/i.test(trimmed)) return undefined;
  return countryCode(trimmed) ?? trimmed;
}
