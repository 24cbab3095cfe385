/** Number formats, date serials and USER_ENTERED parsing (a practical subset of Google's). */
import type { ExtendedValue, NumberFormat } from './store.js';

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 30); // Sheets' day 0

export function dateToSerial(y: number, m: number, d: number, h = 0, mi = 0, s = 0): number | null {
  const t = Date.UTC(y, m - 1, d, h, mi, s);
  const back = new Date(t);
  // Reject 2026-02-30 and friends instead of letting Date roll them over.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || s > 59) return null;
  return (t - EPOCH) / DAY_MS;
}

export function serialToParts(serial: number) {
  const ms = Math.round((serial * DAY_MS) / 1000) * 1000 + EPOCH;
  const d = new Date(ms);
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
    dow: d.getUTCDay(),
  };
}

export const isDateFormat = (f?: NumberFormat) => !!f && ['DATE', 'TIME', 'DATE_TIME'].includes(f.type);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Splits a pattern into tokens, keeping quoted literals and `\x` escapes literal. */
function tokenize(pattern: string): { lit?: string; tok?: string }[] {
  const out: { lit?: string; tok?: string }[] = [];
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i];
    if (ch === '"') {
      const j = pattern.indexOf('"', i + 1);
      out.push({ lit: pattern.slice(i + 1, j < 0 ? undefined : j) });
      i = j < 0 ? pattern.length : j + 1;
    } else if (ch === '\\') {
      out.push({ lit: pattern[i + 1] ?? '' });
      i += 2;
    } else if (ch && /[a-z]/i.test(ch)) {
      if (/^am\/pm/i.test(pattern.slice(i))) {
        out.push({ tok: 'AM/PM' });
        i += 5;
        continue;
      }
      let j = i;
      while (j < pattern.length && pattern[j]!.toLowerCase() === ch.toLowerCase()) j++;
      out.push({ tok: pattern.slice(i, j).toLowerCase() });
      i = j;
    } else {
      out.push({ lit: ch });
      i++;
    }
  }
  return out;
}

function formatDate(serial: number, pattern: string): string {
  const p = serialToParts(serial);
  const toks = tokenize(pattern);
  const ampm = toks.some((t) => t.tok === 'AM/PM');
  const named = toks.map((t) => t.tok);
  return toks
    .map((t, i) => {
      if (t.lit !== undefined) return t.lit;
      const tok = t.tok!;
      // `m` means minutes right after an hour or right before seconds, as in spreadsheets.
      const prev = named
        .slice(0, i)
        .reverse()
        .find((x) => x && x !== 'AM/PM');
      const next = named.slice(i + 1).find((x) => x && x !== 'AM/PM');
      switch (tok[0]) {
        case 'y':
          return tok.length <= 2 ? pad(p.y % 100) : String(p.y);
        case 'm':
          if ((prev?.[0] === 'h' || next?.[0] === 's') && tok.length <= 2) return tok.length === 2 ? pad(p.mi) : String(p.mi);
          if (tok.length === 1) return String(p.m);
          if (tok.length === 2) return pad(p.m);
          if (tok.length === 3) return MONTHS[p.m - 1]!.slice(0, 3);
          return MONTHS[p.m - 1];
        case 'd':
          if (tok.length === 1) return String(p.d);
          if (tok.length === 2) return pad(p.d);
          if (tok.length === 3) return DAYS[p.dow]!.slice(0, 3);
          return DAYS[p.dow];
        case 'h': {
          const h = ampm ? ((p.h + 11) % 12) + 1 : p.h;
          return tok.length === 2 ? pad(h) : String(h);
        }
        case 's':
          return tok.length === 2 ? pad(p.s) : String(p.s);
        case 'A':
          return p.h < 12 ? 'AM' : 'PM';
        default:
          return tok;
      }
    })
    .join('');
}

function formatNumberPattern(value: number, pattern: string): string {
  const section = pattern.split(';');
  const useNeg = value < 0 && section.length > 1;
  const pat = (useNeg ? section[1] : section[0]) ?? '';
  let v = useNeg ? -value : value;
  const percent = pat.includes('%');
  if (percent) v *= 100;
  // Prefix/suffix are whatever surrounds the digit placeholders.
  const m = /^(.*?)([#0,]*(?:\.[#0]*)?)([^#0,.]*)$/.exec(pat.replace(/"([^"]*)"/g, '$1').replace(/\[\$([^\]-]*)[^\]]*\]/g, '$1'));
  if (!m) return String(value);
  const [, prefix = '', digits = '', suffix = ''] = m;
  const [intPart = '', decPart = ''] = digits.split('.');
  const minDec = (decPart.match(/0/g) ?? []).length;
  const maxDec = decPart.length;
  const grouping = intPart.includes(',');
  const minInt = (intPart.match(/0/g) ?? []).length;
  let s = Math.abs(v).toFixed(maxDec);
  if (maxDec > minDec) s = s.replace(new RegExp(`0{1,${maxDec - minDec}}$`), '').replace(/\.$/, '');
  let [ip = '', dp] = s.split('.');
  if (ip === '0' && minInt === 0 && dp) ip = '';
  ip = ip.padStart(minInt, '0');
  if (grouping) ip = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = v < 0 && Number(s) !== 0 ? '-' : '';
  return `${sign}${prefix}${ip}${dp ? `.${dp}` : ''}${suffix}`;
}

/** Google's "automatic" format: up to 10 significant digits, scientific for huge numbers. */
export function formatGeneral(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  if (Math.abs(v) >= 1e15 || (Math.abs(v) < 1e-9 && v !== 0))
    return v
      .toExponential(2)
      .toUpperCase()
      .replace(/E([+-])(\d)$/, 'E$10$2');
  return String(Number(v.toPrecision(10)));
}

export function formatNumber(v: number, fmt?: NumberFormat): string {
  if (!fmt || !fmt.type || fmt.type === 'NUMBER_FORMAT_TYPE_UNSPECIFIED' || fmt.type === 'TEXT') return formatGeneral(v);
  const pattern = fmt.pattern || defaultPattern(fmt.type);
  if (isDateFormat(fmt)) return formatDate(v, pattern);
  if (fmt.type === 'SCIENTIFIC' || /E\+/i.test(pattern)) {
    const decimals = (pattern.split('.')[1]?.split(/E/i)[0] ?? '').length;
    return v
      .toExponential(decimals)
      .toUpperCase()
      .replace(/E([+-])(\d)$/, 'E$10$2');
  }
  return formatNumberPattern(v, pattern);
}

function defaultPattern(type: string): string {
  switch (type) {
    case 'DATE':
      return 'yyyy-mm-dd';
    case 'TIME':
      return 'h:mm:ss';
    case 'DATE_TIME':
      return 'yyyy-mm-dd h:mm:ss';
    case 'PERCENT':
      return '0.00%';
    case 'CURRENCY':
      return '"$"#,##0.00';
    case 'SCIENTIFIC':
      return '0.00E+00';
    default:
      return '#,##0.00';
  }
}

export interface Parsed {
  value?: ExtendedValue;
  format?: NumberFormat;
}

const NUM = /^([+-]?)([$¥￥€£]?)((?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?)(?:[eE]([+-]?\d+))?(%?)$/;

/** Interprets text the way a person typing it into the Sheets UI would have it interpreted. */
export function parseUserEntered(text: string, locale = 'en_US'): Parsed {
  if (text === '') return {};
  if (text.startsWith("'")) return { value: { stringValue: text.slice(1) } };
  if (text.startsWith('=') && text.length > 1) return { value: { formulaValue: text } };
  const t = text.trim();
  if (/^(true|false)$/i.test(t)) return { value: { boolValue: t.toUpperCase() === 'TRUE' } };
  const m = NUM.exec(t);
  if (m && m[3] && /\d/.test(m[3]) && !(m[2] && m[5])) {
    const [, sign, cur, digits, exp, pct] = m;
    let n = Number(digits.replace(/,/g, '')) * (exp ? 10 ** Number(exp) : 1);
    if (sign === '-') n = -n;
    const decimals = (digits.split('.')[1] ?? '').length;
    const dec = decimals ? `.${'0'.repeat(decimals)}` : '';
    if (pct) return { value: { numberValue: n / 100 }, format: { type: 'PERCENT', pattern: decimals ? `0${dec}%` : '0%' } };
    if (cur) return { value: { numberValue: n }, format: { type: 'CURRENCY', pattern: `"${cur}"#,##0.00` } };
    if (exp) return { value: { numberValue: n }, format: { type: 'SCIENTIFIC', pattern: '0.00E+00' } };
    if (digits.includes(',')) return { value: { numberValue: n }, format: { type: 'NUMBER', pattern: `#,##0${dec}` } };
    return { value: { numberValue: n } };
  }
  const dt = parseDateTime(t, locale);
  if (dt) return { value: { numberValue: dt.serial }, format: dt.format };
  return { value: { stringValue: text } };
}

const TIME = '(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?';

function parseDateTime(t: string, locale: string): { serial: number; format: NumberFormat } | null {
  const time = (m: RegExpExecArray, i: number) => (m[i] ? [Number(m[i]), Number(m[i + 1]), Number(m[i + 2] ?? 0)] : null);
  const n = (m: RegExpExecArray, i: number) => Number(m[i] ?? 0);
  const build = (y: number, mo: number, d: number, hms: number[] | null, datePattern: string) => {
    const serial = dateToSerial(y, mo, d, ...(hms ?? [0, 0, 0]));
    if (serial === null) return null;
    return hms
      ? { serial, format: { type: 'DATE_TIME', pattern: `${datePattern} h:mm:ss` } }
      : { serial, format: { type: 'DATE', pattern: datePattern } };
  };
  let m = new RegExp(`^(\\d{4})-(\\d{1,2})-(\\d{1,2})${TIME}$`).exec(t);
  if (m) return build(n(m, 1), n(m, 2), n(m, 3), time(m, 4), 'yyyy-mm-dd');
  m = new RegExp(`^(\\d{4})/(\\d{1,2})/(\\d{1,2})${TIME}$`).exec(t);
  if (m) return build(n(m, 1), n(m, 2), n(m, 3), time(m, 4), 'yyyy/m/d');
  m = new RegExp(`^(\\d{4})年(\\d{1,2})月(\\d{1,2})日${TIME}$`).exec(t);
  if (m) return build(n(m, 1), n(m, 2), n(m, 3), time(m, 4), 'yyyy"年"m"月"d"日"');
  m = new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})${TIME}$`).exec(t);
  if (m) {
    // Month first only where the locale writes it so (en_US and a few others).
    const monthFirst = /^(en_US|en_PH|fil)/.test(locale) || locale === 'en';
    return monthFirst ? build(n(m, 3), n(m, 1), n(m, 2), time(m, 4), 'm/d/yyyy') : build(n(m, 3), n(m, 2), n(m, 1), time(m, 4), 'd/m/yyyy');
  }
  m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (m && n(m, 1) < 24 && n(m, 2) < 60 && n(m, 3) < 60) {
    return { serial: (n(m, 1) * 3600 + n(m, 2) * 60 + n(m, 3)) / 86400, format: { type: 'TIME', pattern: m[3] ? 'h:mm:ss' : 'h:mm' } };
  }
  return null;
}
