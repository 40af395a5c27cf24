/**
 * @module screening/variant-classes
 * Known romanisation equivalences for Korean surnames and given-name syllables, as data.
 *
 * Source: `shared/reference/korean-names.md` §2.3 (initial-sound rule: Ri/Lee/Yi, Ryu/Yu, Rim/Im,
 * Ro/No, Ra/Na, Ryang/Yang), §2.4 (surname table) and §2.5 (given-name syllable table). The generic
 * per-syllable key (see `syllables.ts`) already folds the regular alternations of §2.1–§2.2
 * (eo→o, eu→u, oo→u, ee→i, g/k, d/t, b/p, j/ch, kh/th/ph, shi/si); these classes add the irregular
 * English-style and South Korean forms the key cannot derive (Park, Lee, Choi, Chung, Sung, Kyung, ...).
 * Each class is a set of spellings of one Hangul syllable; spellings are compared as symbols, never
 * as edits, because Korean syllables are too short for edit distance (§1).
 */

/** One equivalence class: the Hangul it spells, and the Latin spellings seen for it. */
export interface VariantClass {
  /** Hangul (for the explanation); a slash joins readings that share spellings (이/리). */
  readonly hangul: string;
  readonly role: "surname" | "syllable";
  /** Spellings, folded (lower case, no apostrophes or breves). The first is the DPRK/UN form. */
  readonly spellings: readonly string[];
}

/** Surname classes, korean-names.md §2.4. "Che" (최) is left out: it collides with common words. */
export const SURNAME_CLASSES: readonly VariantClass[] = [
  { hangul: "김", role: "surname", spellings: ["kim", "gim", "ghim"] },
  {
    hangul: "이/리",
    role: "surname",
    spellings: ["ri", "li", "lee", "yi", "i", "rhee", "rhie", "lie", "ree", "rhi"],
  },
  { hangul: "박", role: "surname", spellings: ["pak", "park", "bak", "bahk", "parc", "pakk"] },
  { hangul: "최", role: "surname", spellings: ["choe", "choi", "chwe", "choy", "chay"] },
  {
    hangul: "정",
    role: "surname",
    spellings: ["jong", "chong", "jeong", "chung", "jung", "cheong", "joung"],
  },
  { hangul: "장", role: "surname", spellings: ["jang", "chang", "jhang"] },
  { hangul: "조", role: "surname", spellings: ["jo", "cho", "joe", "choh"] },
  { hangul: "전", role: "surname", spellings: ["jon", "chon", "jeon", "chun", "jun"] },
  { hangul: "주", role: "surname", spellings: ["ju", "chu", "joo", "choo"] },
  { hangul: "강", role: "surname", spellings: ["kang", "gang"] },
  { hangul: "고", role: "surname", spellings: ["ko", "go", "koh"] },
  { hangul: "구", role: "surname", spellings: ["ku", "gu", "koo", "goo"] },
  { hangul: "권", role: "surname", spellings: ["kwon", "gwon", "kweon"] },
  { hangul: "현", role: "surname", spellings: ["hyon", "hyun", "hyeon"] },
  { hangul: "백", role: "surname", spellings: ["paek", "baek", "paik", "back", "baik"] },
  { hangul: "배", role: "surname", spellings: ["pae", "bae", "pai"] },
  { hangul: "문", role: "surname", spellings: ["mun", "moon"] },
  { hangul: "윤", role: "surname", spellings: ["yun", "yoon", "youn"] },
  {
    hangul: "유/류",
    role: "surname",
    spellings: ["ryu", "yu", "yoo", "you", "ryoo", "rhyu", "lyu"],
  },
  { hangul: "오", role: "surname", spellings: ["o", "oh"] },
  { hangul: "우", role: "surname", spellings: ["u", "woo", "wu"] },
  { hangul: "신", role: "surname", spellings: ["sin", "shin"] },
  { hangul: "손", role: "surname", spellings: ["son", "sohn"] },
  { hangul: "방", role: "surname", spellings: ["pang", "bang"] },
  { hangul: "지", role: "surname", spellings: ["ji", "chi"] },
  { hangul: "진", role: "surname", spellings: ["jin", "chin"] },
  { hangul: "태", role: "surname", spellings: ["thae", "tae"] },
  { hangul: "편", role: "surname", spellings: ["phyon", "pyeon", "pyun", "pyon"] },
  { hangul: "림/임", role: "surname", spellings: ["rim", "im", "lim", "yim"] },
  { hangul: "로/노", role: "surname", spellings: ["ro", "no", "noh", "roh"] },
  { hangul: "라/나", role: "surname", spellings: ["ra", "na", "la"] },
  { hangul: "량/양", role: "surname", spellings: ["ryang", "yang"] },
];

/** Given-name syllable classes, korean-names.md §2.5. */
export const SYLLABLE_CLASSES: readonly VariantClass[] = [
  { hangul: "은", role: "syllable", spellings: ["un", "eun"] },
  { hangul: "철", role: "syllable", spellings: ["chol", "chul", "cheol"] },
  { hangul: "성", role: "syllable", spellings: ["song", "seong", "sung"] },
  { hangul: "영/용", role: "syllable", spellings: ["yong", "young", "yeong"] },
  { hangul: "혁", role: "syllable", spellings: ["hyok", "hyuk", "hyeok"] },
  { hangul: "명", role: "syllable", spellings: ["myong", "myung", "myeong"] },
  { hangul: "경", role: "syllable", spellings: ["kyong", "kyung", "gyeong"] },
  { hangul: "석", role: "syllable", spellings: ["sok", "seok", "suk"] },
  { hangul: "룡", role: "syllable", spellings: ["ryong", "yong", "nyong"] },
  { hangul: "광", role: "syllable", spellings: ["kwang", "gwang"] },
  { hangul: "국", role: "syllable", spellings: ["kuk", "guk", "gook"] },
  { hangul: "범/봄", role: "syllable", spellings: ["pom", "bom", "beom"] },
  { hangul: "식", role: "syllable", spellings: ["sik", "shik"] },
  { hangul: "희", role: "syllable", spellings: ["hui", "hee", "heui"] },
  { hangul: "길", role: "syllable", spellings: ["kil", "gil"] },
  { hangul: "섭", role: "syllable", spellings: ["sop", "seop", "sub"] },
  { hangul: "선", role: "syllable", spellings: ["son", "sun", "seon"] },
  { hangul: "준/춘", role: "syllable", spellings: ["jun", "chun", "joon"] },
  { hangul: "수", role: "syllable", spellings: ["su", "soo"] },
  { hangul: "원", role: "syllable", spellings: ["won", "weon"] },
  { hangul: "우", role: "syllable", spellings: ["u", "woo", "wu"] },
  { hangul: "정", role: "syllable", spellings: ["jong", "chong", "jeong", "jung", "chung"] },
  { hangul: "현", role: "syllable", spellings: ["hyon", "hyun", "hyeon"] },
  { hangul: "형", role: "syllable", spellings: ["hyong", "hyung", "hyeong"] },
  { hangul: "동", role: "syllable", spellings: ["tong", "dong"] },
  { hangul: "금", role: "syllable", spellings: ["kum", "keum", "geum", "keun"] },
  { hangul: "윤", role: "syllable", spellings: ["yun", "yoon"] },
  { hangul: "련/연", role: "syllable", spellings: ["ryon", "yon", "yeon"] },
  { hangul: "려/여", role: "syllable", spellings: ["ryo", "yo", "yeo", "nyo"] },
];

/** Every class, surnames first; the index of a class in this array is its stable id. */
export const VARIANT_CLASSES: readonly VariantClass[] = [...SURNAME_CLASSES, ...SYLLABLE_CLASSES];

/** Spellings that mark a token as a likely Korean family name (for name-order detection). */
export const SURNAME_SPELLINGS: ReadonlySet<string> = new Set(
  SURNAME_CLASSES.flatMap((cls) => cls.spellings).concat([
    "han",
    "hwang",
    "min",
    "song",
    "cha",
    "chae",
    "hong",
    "nam",
    "sim",
    "an",
    "ahn",
    "yang",
    "ho",
    "hyon",
    "kye",
    "kye",
    "sok",
    "tak",
    "pyon",
    "sung",
    "seong",
    "myong",
    "jegal",
    "namgung",
    "hwangbo",
    "sonu",
    "tokko",
    "sakong",
  ]),
);
