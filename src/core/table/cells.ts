/**
 * One cell at a time: tolerant reading of what Google returns (UNFORMATTED_VALUE
 * + SERIAL_NUMBER) and of what staff type, and the reverse for RAW writes.
 *
 * Dates and times are school-local wall time. All arithmetic is done in UTC so
 * no runtime timezone ever shifts a day: serial 0 = 1899-12-30 00:00.
 */
import type { ColumnDef } from '../../../sheets-schema/index.js';
import type { CellValue } from '../sheets/types.js';
import type { Text, Value } from './types.js';

/** Result of reading one cell. `reason` tells form validation how to phrase the message. */
export type CellParse =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly expected: Text; readonly reason: 'required' | 'format' | 'range' };

const DAY_MS = 86_400_000;
const EPOCH_MS = Date.UTC(1899, 11, 30);
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;
/** Serial of 2201-01-01: anything at or past it is out of range. */
const MAX_SERIAL = (Date.UTC(MAX_YEAR + 1, 0, 1) - EPOCH_MS) / DAY_MS;

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number) => String(n).padStart(4, '0');

/** Cell is empty: absent, null, '' or only whitespace. */
export function isEmptyCell(v: CellValue | null | undefined): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** ms of a UTC midnight; setUTCFullYear because Date.UTC maps years 0–99 to 1900–1999. */
function utcMs(y: number, m: number, d: number): number {
  return new Date(0).setUTCFullYear(y, m - 1, d);
}

function daysInMonth(y: number, m: number): number {
  return new Date(utcMs(y, m + 1, 0)).getUTCDate();
}

/** A real calendar day (any year); the 1900–2200 plausibility range is checked by the parsers. */
function validYmd(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/**
 * 'YYYY-MM-DD' → date serial (day 0 = 1899-12-30).
 * @example dateToSerial('2026-03-05') // 46086
 * @throws RangeError on anything but a valid 'YYYY-MM-DD'
 */
export function dateToSerial(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || !validYmd(+m[1]!, +m[2]!, +m[3]!)) throw new RangeError(`dateToSerial: not a date "${date}"`);
  return (utcMs(+m[1]!, +m[2]!, +m[3]!) - EPOCH_MS) / DAY_MS;
}

/**
 * Date serial → 'YYYY-MM-DD' (any time fraction is dropped).
 * @example serialToDate(46086.75) // '2026-03-05'
 */
export function serialToDate(serial: number): string {
  return dayText(Math.floor(serial));
}

const dayTexts = new Map<number, string>();

/** 'YYYY-MM-DD' of a whole serial day, cached: a register has few distinct days, many rows. */
function dayText(day: number): string {
  let t = dayTexts.get(day);
  if (t === undefined) {
    t = new Date(EPOCH_MS + day * DAY_MS).toISOString().slice(0, 10);
    if (dayTexts.size >= 40_000) dayTexts.clear();
    dayTexts.set(day, t);
  }
  return t;
}

/**
 * Date-time serial → 'YYYY-MM-DDTHH:mm:ss', rounded to the second.
 * @example serialToDateTime(46086.5) // '2026-03-05T12:00:00'
 */
export function serialToDateTime(serial: number): string {
  const total = Math.round(serial * 86_400);
  const day = Math.floor(total / 86_400);
  const secs = total - day * 86_400;
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  return `${dayText(day)}T${pad2(h)}:${pad2(m)}:${pad2(secs % 60)}`;
}

/**
 * 'YYYY-MM-DDTHH:mm[:ss]' (or 'YYYY-MM-DD') → serial with a fraction of a day.
 * @example dateTimeToSerial('2026-03-05T18:00') // 46086.75
 * @throws RangeError when the text is not such a date-time
 */
export function dateTimeToSerial(dateTime: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(dateTime);
  if (!m) throw new RangeError(`dateTimeToSerial: not a date-time "${dateTime}"`);
  const h = +(m[2] ?? 0);
  const min = +(m[3] ?? 0);
  const s = +(m[4] ?? 0);
  if (h > 23 || min > 59 || s > 59) throw new RangeError(`dateTimeToSerial: not a time "${dateTime}"`);
  return dateToSerial(m[1]!) + (h * 3600 + min * 60 + s) / 86_400;
}

/** NFKC only when needed: full-width digits and punctuation become ASCII. */
function nfkc(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(s) ? s.normalize('NFKC') : s;
}

const DATE_SEP_RE = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[日号]?/;
const DATE_ZH_RE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/;
const DATE_COMPACT_RE = /^(\d{4})(\d{2})(\d{2})(?!\d)/;
const TIME_RE = /^(?:T|\s)*(\d{1,2})\s*[:点时]\s*(\d{1,2})\s*分?(?:\s*[:分]?\s*(\d{1,2})(?:\.\d+)?\s*秒?)?$/;

interface Parts {
  y: number;
  m: number;
  d: number;
  rest: string;
}

/** The date at the start of a staff-typed text, and what follows it. */
function dateParts(text: string): Parts | null {
  const m = DATE_SEP_RE.exec(text) ?? DATE_ZH_RE.exec(text) ?? DATE_COMPACT_RE.exec(text);
  if (!m) return null;
  return { y: +m[1]!, m: +m[2]!, d: +m[3]!, rest: text.slice(m[0].length).trim() };
}

/** hh:mm[:ss] after a date, as seconds of the day; 0 for none; null when unreadable. */
function timeOfDay(rest: string): number | null {
  if (rest === '') return 0;
  const t = TIME_RE.exec(rest);
  if (!t) return null;
  const h = +t[1]!;
  const min = +t[2]!;
  const s = +(t[3] ?? 0);
  if (h > 23 || min > 59 || s > 59) return null;
  return h * 3600 + min * 60 + s;
}

/** A number typed as yyyymmdd (staff typing 20260305 makes Google store a number). */
function compactDateNumber(n: number): Parts | null {
  if (!Number.isInteger(n) || n < 19000101 || n > 22001231) return null;
  return { y: Math.floor(n / 10000), m: Math.floor(n / 100) % 100, d: n % 100, rest: '' };
}

const CURRENCY_PREFIX_RE = /^(?:¥|rmb|cny|\$)\s*/i;
const CURRENCY_SUFFIX_RE = /\s*(?:元|块|rmb|cny)$/i;
const UNIT_SUFFIX_RE = /\s*(?:人|个|台|件|层|楼|张|把|套|株|棵|间|名|次|m²|㎡|平方米|平米)$/;
const SIMPLE_NUMBER_RE = /^-?\d+(?:\.\d+)?$/;
const PLAIN_NUMBER_RE = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
const GROUPED_NUMBER_RE = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * A number from a staff-typed text: thousands separators (only well-formed
 * groups of three, so "1,5" is refused rather than guessed), ¥/￥ prefix,
 * 元 suffix, full-width digits, a leading minus; for plain numbers also a
 * trailing count unit such as 人/台/层.
 */
function numberFromText(text: string, money: boolean): number | null {
  if (SIMPLE_NUMBER_RE.test(text)) return Number(text);
  let s = nfkc(text)
    .trim()
    .replace(/\u2212/g, '-');
  let neg = false;
  let signed = false;
  // One sign, before or after the currency symbol: -¥5 and ¥-5.
  const sign = () => {
    if (signed || (s[0] !== '-' && s[0] !== '+')) return;
    neg = s[0] === '-';
    signed = true;
    s = s.slice(1).trim();
  };
  sign();
  s = s.replace(CURRENCY_PREFIX_RE, '');
  sign();
  s = s.replace(CURRENCY_SUFFIX_RE, '');
  if (!money) s = s.replace(UNIT_SUFFIX_RE, '');
  if (s.includes(',')) {
    if (!GROUPED_NUMBER_RE.test(s)) return null;
    s = s.replace(/,/g, '');
  }
  if (!PLAIN_NUMBER_RE.test(s)) return null;
  const n = Number(s);
  if (!Number.isFinite(n)) return null;
  return neg ? -n : n;
}

const TRUE_WORDS = new Set(['true', 't', 'y', 'yes', '1', '是', '√', '✓', '✔', '☑', '启用', '在职', '有效', 'on', '对', '有']);
const FALSE_WORDS = new Set(['false', 'f', 'n', 'no', '0', '否', '×', '✗', '✘', '☐', '停用', '离职', '无效', '禁用', 'off', '错', '无']);

function normWord(s: string): string {
  return nfkc(s).toLowerCase().replace(/\s+/g, '');
}

const enumMaps = new WeakMap<ColumnDef, Map<string, string>>();

/** Normalised zh/en/key/alias → key, for an enum column (built once per column). */
function enumMap(col: ColumnDef): Map<string, string> {
  let map = enumMaps.get(col);
  if (!map) {
    map = new Map();
    // Keys, labels first, so an alias never shadows another value's own label.
    for (const a of col.allowed ?? []) for (const t of [a.key, a.zh, a.en]) if (!map.has(normWord(t))) map.set(normWord(t), a.key);
    for (const a of col.allowed ?? []) for (const t of a.aliases ?? []) if (!map.has(normWord(t))) map.set(normWord(t), a.key);
    enumMaps.set(col, map);
  }
  return map;
}

/** Numbers as text without float noise or a trailing ".0": 12 → '12', 0.1+0.2 → '0.3'. */
export function numberToText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

const EXPECTED: Record<string, Text> = {
  date: { zh: '日期，如 2026-03-05', en: 'a date like 2026-03-05' },
  datetime: { zh: '日期时间，如 2026-03-05 14:30', en: 'a date and time like 2026-03-05 14:30' },
  number: { zh: '数字，如 12 或 1,234.5', en: 'a number like 12 or 1,234.5' },
  money: { zh: '金额（元），如 1200 或 ¥1,200.50', en: 'an amount in yuan like 1200 or ¥1,200.50' },
  boolean: { zh: '是 或 否', en: 'yes or no (是/否)' },
  required: { zh: '必填，不能为空', en: 'a value (this column is required)' },
  dateRange: { zh: `${MIN_YEAR} 至 ${MAX_YEAR} 年之间的日期`, en: `a date between ${MIN_YEAR} and ${MAX_YEAR}` },
  moneyRange: { zh: '不小于 0 的金额', en: 'an amount of 0 or more' },
  numberRange: { zh: '合理范围内的数字', en: 'a number in a sensible range' },
};

/** What a column expects, in both languages (for data problems and form hints). */
export function expectedFor(col: ColumnDef): Text {
  if (col.type === 'enum') {
    const allowed = col.allowed ?? [];
    return { zh: `以下之一：${allowed.map((a) => a.zh).join('、')}`, en: `one of: ${allowed.map((a) => a.en).join(', ')}` };
  }
  return EXPECTED[col.type] ?? { zh: '文本', en: 'text' };
}

const fail = (expected: Text, reason: 'required' | 'format' | 'range' = 'format'): CellParse => ({ ok: false, expected, reason });

function dateResult(p: Parts | null, withTime: boolean, col: ColumnDef): CellParse {
  if (!p) return fail(expectedFor(col));
  if (p.y < MIN_YEAR || p.y > MAX_YEAR) return fail(EXPECTED.dateRange!, 'range');
  if (!validYmd(p.y, p.m, p.d)) return fail(expectedFor(col));
  const secs = timeOfDay(p.rest);
  // A date column tolerates a time after the date (it is dropped); a datetime needs it readable.
  if (secs === null) return fail(expectedFor(col));
  const date = `${pad4(p.y)}-${pad2(p.m)}-${pad2(p.d)}`;
  if (!withTime) return { ok: true, value: date };
  const h = Math.floor(secs / 3600);
  const min = Math.floor((secs % 3600) / 60);
  return { ok: true, value: `${date}T${pad2(h)}:${pad2(min)}:${pad2(secs % 60)}` };
}

function serialResult(n: number, withTime: boolean, col: ColumnDef): CellParse {
  const compact = compactDateNumber(n);
  if (compact) return dateResult(compact, withTime, col);
  if (!Number.isFinite(n) || n < 1 || n >= MAX_SERIAL) return fail(EXPECTED.dateRange!, 'range');
  return { ok: true, value: withTime ? serialToDateTime(n) : serialToDate(n) };
}

/**
 * Read one cell for a column, tolerantly. Empty → null (or a `required` failure).
 * @example parseCell(acquired, 46086)          // { ok: true, value: '2026-03-05' }
 * @example parseCell(acquired, '2026年3月5日')  // { ok: true, value: '2026-03-05' }
 * @example parseCell(price, '¥1,200.50')       // { ok: true, value: 1200.5 }
 * @example parseCell(status, '维修')            // { ok: true, value: 'repairing' }
 * @example parseCell(acquired, '明天')          // { ok: false, expected: { zh: '日期，如 2026-03-05', … } }
 */
export function parseCell(col: ColumnDef, raw: CellValue | null | undefined): CellParse {
  if (isEmptyCell(raw)) return col.required ? fail(EXPECTED.required!, 'required') : { ok: true, value: null };
  return parseValue(col, raw as CellValue);
}

const MEMO_LIMIT = 4096;
const memos = new WeakMap<ColumnDef, Map<CellValue, CellParse>>();

/**
 * parseCell for a non-empty value. Results for typed columns are memoised per
 * column: registers repeat the same statuses, dates and prices thousands of
 * times, and NFKC plus regexes per cell would dominate reading a big tab.
 */
function parseValue(col: ColumnDef, v: CellValue): CellParse {
  // Text needs no work; date-time serials are mostly unique (timestamps), so memoising them only churns.
  if (col.type === 'text' || col.type === 'longtext' || col.type === 'id' || (col.type === 'datetime' && typeof v === 'number')) {
    return parseUncached(col, v);
  }
  let memo = memos.get(col);
  if (!memo) memos.set(col, (memo = new Map()));
  let hit = memo.get(v);
  if (hit === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    hit = parseUncached(col, v);
    memo.set(v, hit);
  }
  return hit;
}

function parseUncached(col: ColumnDef, v: CellValue): CellParse {
  switch (col.type) {
    case 'text':
    case 'longtext':
      return { ok: true, value: typeof v === 'string' ? v : typeof v === 'number' ? numberToText(v) : v ? 'TRUE' : 'FALSE' };
    case 'id':
      return { ok: true, value: typeof v === 'string' ? v.trim() : typeof v === 'number' ? numberToText(v) : v ? 'TRUE' : 'FALSE' };
    case 'date':
    case 'datetime': {
      const withTime = col.type === 'datetime';
      if (typeof v === 'number') return serialResult(v, withTime, col);
      if (typeof v === 'boolean') return fail(expectedFor(col));
      return dateResult(dateParts(nfkc(v).trim()), withTime, col);
    }
    case 'number':
    case 'money': {
      const money = col.type === 'money';
      const n = typeof v === 'number' ? v : typeof v === 'string' ? numberFromText(v, money) : null;
      if (n === null || !Number.isFinite(n)) return fail(expectedFor(col));
      if (money && n < 0) return fail(EXPECTED.moneyRange!, 'range');
      if (Math.abs(n) > 1e15) return fail(EXPECTED.numberRange!, 'range');
      return { ok: true, value: n };
    }
    case 'boolean': {
      if (typeof v === 'boolean') return { ok: true, value: v };
      const w = typeof v === 'number' ? String(v) : normWord(v);
      if (TRUE_WORDS.has(w)) return { ok: true, value: true };
      if (FALSE_WORDS.has(w)) return { ok: true, value: false };
      return fail(expectedFor(col));
    }
    case 'enum': {
      const key = enumMap(col).get(normWord(typeof v === 'string' ? v : String(v)));
      return key === undefined ? fail(expectedFor(col)) : { ok: true, value: key };
    }
  }
}

/**
 * A value the app holds → the cell to write RAW. null/undefined → '' (clears).
 * Dates → serial numbers, date-times → serials with a fraction, money → number
 * with 2 decimals, booleans → TRUE/FALSE, enum keys → their zh label (what staff
 * read). A value that cannot be converted is written as text so nothing is lost;
 * the next read reports it as a data problem.
 * @example toCell(acquired, '2026-03-05') // 46086
 * @example toCell(status, 'repairing')    // '维修中'
 */
export function toCell(col: ColumnDef, value: Value | undefined): CellValue | '' {
  if (value === null || value === undefined || value === '') return '';
  switch (col.type) {
    case 'text':
    case 'longtext':
    case 'id':
      return typeof value === 'number' ? numberToText(value) : String(value);
    case 'date':
    case 'datetime': {
      if (typeof value === 'number') return value;
      const p = parseValue(col, value);
      if (!p.ok || typeof p.value !== 'string') return String(value);
      return col.type === 'date' ? dateToSerial(p.value) : dateTimeToSerial(p.value);
    }
    case 'number':
    case 'money': {
      let n: number | null = typeof value === 'number' ? value : null;
      if (n === null) {
        const p = parseValue(col, value);
        n = p.ok && typeof p.value === 'number' ? p.value : null;
      }
      if (n === null) return String(value);
      return col.type === 'money' ? Math.round((n + Math.sign(n) * Number.EPSILON) * 100) / 100 : n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const p = parseValue(col, value);
      return p.ok && typeof p.value === 'boolean' ? p.value : String(value);
    }
    case 'enum': {
      const allowed = col.allowed ?? [];
      const byKey = allowed.find((a) => a.key === value);
      if (byKey) return byKey.zh;
      const p = parseValue(col, value);
      const found = p.ok ? allowed.find((a) => a.key === p.value) : undefined;
      return found ? found.zh : String(value);
    }
  }
}
