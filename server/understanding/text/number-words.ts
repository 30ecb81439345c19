// Lexicon for spelled numbers in speech-to-text output (English and Spanish).

export type NumberKind =
  | 'unit'
  | 'teen'
  | 'tens'
  | 'hundred'
  | 'hundreds'
  | 'thousand'
  | 'repeat'
  | 'ordinal'
  | 'and'
  | 'a';

export interface NumberWord {
  kind: NumberKind;
  value: number;
}

const w = (kind: NumberKind, value: number): NumberWord => ({ kind, value });

const EN_UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const EN_TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
// "first", "second" and "third" are too common as ordinary words; they count only after a tens word.
const EN_ORDINALS: Record<string, number> = {
  fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12,
  thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18,
  nineteenth: 19, twentieth: 20, thirtieth: 30,
};
export const SMALL_ORDINALS: Readonly<Record<string, number>> = { first: 1, second: 2, third: 3 };

function buildEnglish(): Map<string, NumberWord> {
  const m = new Map<string, NumberWord>();
  EN_UNITS.forEach((s, i) => m.set(s, w('unit', i)));
  m.set('oh', w('unit', 0));
  EN_TEENS.forEach((s, i) => m.set(s, w('teen', 10 + i)));
  EN_TENS.forEach((s, i) => s && m.set(s, w('tens', i * 10)));
  for (const [s, v] of Object.entries(EN_ORDINALS)) m.set(s, w('ordinal', v));
  m.set('hundred', w('hundred', 100));
  m.set('thousand', w('thousand', 1000));
  m.set('double', w('repeat', 2));
  m.set('triple', w('repeat', 3));
  m.set('and', w('and', 0));
  m.set('a', w('a', 1));
  return m;
}

const ES_UNITS = ['cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve'];
const ES_TEENS = ['diez', 'once', 'doce', 'trece', 'catorce', 'quince', 'dieciseis', 'diecisiete', 'dieciocho', 'diecinueve'];
const ES_TENS = ['', '', 'veinte', 'treinta', 'cuarenta', 'cincuenta', 'sesenta', 'setenta', 'ochenta', 'noventa'];
const ES_TWENTIES = ['veintiuno', 'veintidos', 'veintitres', 'veinticuatro', 'veinticinco', 'veintiseis', 'veintisiete', 'veintiocho', 'veintinueve'];
const ES_HUNDREDS: Record<string, number> = {
  doscientos: 200, doscientas: 200, trescientos: 300, trescientas: 300, cuatrocientos: 400, cuatrocientas: 400,
  quinientos: 500, quinientas: 500, seiscientos: 600, seiscientas: 600, setecientos: 700, setecientas: 700,
  ochocientos: 800, ochocientas: 800, novecientos: 900, novecientas: 900, cien: 100, ciento: 100,
};

function buildSpanish(): Map<string, NumberWord> {
  const m = new Map<string, NumberWord>();
  ES_UNITS.forEach((s, i) => m.set(s, w('unit', i)));
  m.set('un', w('unit', 1));
  m.set('una', w('unit', 1));
  ES_TEENS.forEach((s, i) => m.set(s, w('teen', 10 + i)));
  ES_TENS.forEach((s, i) => s && m.set(s, w('tens', i * 10)));
  ES_TWENTIES.forEach((s, i) => m.set(s, w('teen', 21 + i)));
  for (const [s, v] of Object.entries(ES_HUNDREDS)) m.set(s, w('hundreds', v));
  m.set('mil', w('thousand', 1000));
  m.set('y', w('and', 0));
  return m;
}

export const ENGLISH_NUMBERS: ReadonlyMap<string, NumberWord> = buildEnglish();
export const SPANISH_NUMBERS: ReadonlyMap<string, NumberWord> = buildSpanish();

/** Words that are numbers only next to other number words ("oh", "a", "and", Spanish articles). */
export const WEAK_NUMBER_WORDS: ReadonlySet<string> = new Set(['oh', 'a', 'and', 'y', 'un', 'una', 'uno', 'double', 'triple', 'once']);

export const FILLERS: ReadonlySet<string> = new Set(['uh', 'um', 'uhm', 'umm', 'er', 'erm', 'ah', 'eh', 'mm', 'hmm']);
