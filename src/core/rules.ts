/**
 * Recurring rules typed in the school's own words — greening care plans (养护计划 → 规则) and
 * registers' recurring checks (登记簿 → 检查规则) — parsed into a small structure the
 * schedulers understand. Pure: no clock, no calendar.
 *
 * Understood (Chinese or English, full-width digits and Chinese numerals welcome):
 * - 每学期4次 / 每学期两次 / 每学期一次 / "4 times per term" / "once a term"
 * - 每月一次 / 每月2次 / 每个月 / "monthly" / "twice a month"
 * - 3月–4月春灌 / 3-4月 / 三月至四月春灌2次 / "March–April" / "spring irrigation in March-April";
 *   several windows separated by ；，、 or "and": 3月–4月春灌；11月–12月冬灌
 * - 每个上课日 / 每天 / 每日 / "every school day" / "daily"
 * - 每3天 / 每隔2天 (= every 3 days) / 每周 / 每两周 / "every 3 days" / "every other day" / "weekly"
 * - 上次完成后15天 / 完成后15天 / "15 days after the last time"
 * - a 假期 / "during holidays" prefix: only on holiday days (holiday watering duty)
 * - a trailing remark in brackets is kept as a note: 每个上课日（早操时间）
 *
 * @example
 * parseRule('每学期2次') // { ok: true, rule: { kind: 'perTerm', times: 2, scope: 'school', note: '' } }
 * parseRule('看情况')    // { ok: false, message: { zh: '无法识别规则"看情况"…', en: … } }
 */
import type { Text } from './table/types.js';

export type RuleScope = 'school' | 'holiday';

export interface MonthWindow {
  /** Months 1–12, both included; from > to wraps over the new year (11–2). */
  from: number;
  to: number;
  /** The school's name for the window, e.g. 春灌. */
  label: string;
  times: number;
}

/** What a rule says, before its scope and remark. */
export type RuleBody =
  | { kind: 'perTerm'; times: number }
  | { kind: 'perMonth'; times: number }
  | { kind: 'window'; windows: MonthWindow[] }
  | { kind: 'daily' }
  | { kind: 'interval'; days: number }
  | { kind: 'after'; days: number };

export type Rule = RuleBody & { scope: RuleScope; note: string };

export type RuleParse = { ok: true; rule: Rule } | { ok: false; message: Text };

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const EN_NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
};
const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** 3 → 'Mar' (as an English reader writes it). */
const monthName = (n: number) => EN_MONTHS[n - 1]!.replace(/^./, (c) => c.toUpperCase());

/** '4', '４', '四', '十五', '二十', 'four' → number; anything else → null. */
export function parseCount(text: string): number | null {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (s in EN_NUMBERS) return EN_NUMBERS[s]!;
  if (/^[零〇一二两三四五六七八九十]+$/.test(s)) {
    if (!s.includes('十')) return s.length === 1 ? CN_DIGITS[s]! : null;
    const [tens, ones] = s.split('十') as [string, string];
    const t = tens === '' ? 1 : CN_DIGITS[tens];
    const o = ones === '' ? 0 : CN_DIGITS[ones];
    return t === undefined || o === undefined || tens.length > 1 || ones.length > 1 ? null : t * 10 + o;
  }
  return null;
}

function parseMonth(text: string): number | null {
  const s = text.trim().replace(/月$/, '');
  const en = EN_MONTHS.findIndex((m) => s.startsWith(m));
  if (en >= 0 && /^[a-z]+$/.test(s)) return en + 1;
  const n = parseCount(s);
  return n !== null && n >= 1 && n <= 12 ? n : null;
}

/** NFKC (full-width → ASCII), lower case, dashes and "to/至/到" as '-', spaces tidied. */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[–—―~〜～]/g, '-')
    .replace(/\s*(?:至|到|\bto\b|\bthrough\b|\buntil\b)\s*/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

const NUM = '(\\d+|[零〇一二两三四五六七八九十]+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty)';
const MONTH =
  '(\\d{1,2}月?|[一二三四五六七八九十]{1,2}月|jan[a-z]*|feb[a-z]*|mar[a-z]*|apr[a-z]*|may|jun[a-z]*|jul[a-z]*|aug[a-z]*|sep[a-z]*|oct[a-z]*|nov[a-z]*|dec[a-z]*)';

/** "N times" spelled several ways: 2次, 两次, twice, 2 times, once. */
function timesOf(text: string | undefined): number | null {
  if (!text) return 1;
  const s = text.trim();
  if (s === '') return 1;
  if (s === 'once') return 1;
  if (s === 'twice') return 2;
  if (s === 'thrice') return 3;
  const m = new RegExp(`^${NUM}\\s*(?:次|遍|times?)$`).exec(s);
  return m ? parseCount(m[1]!) : null;
}

const unknown = (original: string): RuleParse => ({
  ok: false,
  message: {
    zh: `无法识别规则"${original}"：可写 每学期2次、每学期1次、每月一次、3月–4月春灌、每个上课日、每3天、每周、上次完成后15天，前面可加"假期"`,
    en: `Cannot read the rule "${original}": write e.g. 2 times per term, once per term, monthly, March–April, every school day, every 3 days, weekly, 15 days after the last time (optionally "during holidays")`,
  },
});

function parseBody(s: string, original: string): RuleParse | RuleBody {
  let m: RegExpExecArray | null;
  // Every school day.
  if (
    /^(?:每个?(?:上课日|教学日|工作日|school ?day)|每天|每日|天天|daily|every ?day|every school ?day|each school ?day|on school days)$/.test(
      s,
    )
  )
    return { kind: 'daily' };
  // N times per term.
  if ((m = new RegExp(`^(?:每|一)学期(?:各)?${NUM}(?:次|遍)$`).exec(s))) return perTerm(m[1]!, original);
  if ((m = /^(once|twice|thrice|\S+ times?) (?:per|a|each|every) (?:term|semester)$/.exec(s))) {
    const n = timesOf(m[1]);
    return n === null ? unknown(original) : perTerm(String(n), original);
  }
  // N times per month.
  if ((m = new RegExp(`^每个?月(?:各)?${NUM}?(?:次|遍)?$`).exec(s))) {
    const n = m[1] ? parseCount(m[1]) : 1;
    return n === null || n < 1 || n > 31 ? unknown(original) : { kind: 'perMonth', times: n };
  }
  if (s === 'monthly' || s === 'every month') return { kind: 'perMonth', times: 1 };
  if ((m = /^(once|twice|thrice|\S+ times?) (?:per|a|each|every) month$/.exec(s))) {
    const n = timesOf(m[1]);
    return n === null || n < 1 || n > 31 ? unknown(original) : { kind: 'perMonth', times: n };
  }
  // Per year: the school calendar works in terms, so say how to write it.
  if ((m = new RegExp(`^每年${NUM}(?:次|遍)$`).exec(s)) || (m = new RegExp(`^${NUM} times? (?:per|a) year$`).exec(s))) {
    const n = parseCount(m[1]!);
    const half = n === null ? null : Math.ceil(n / 2);
    return {
      ok: false,
      message: {
        zh: `规则"${original}"按年计，日程按学期生成：请写成"每学期${half ?? 'N'}次"`,
        en: `The rule "${original}" counts per year but schedules are made per term: write "${half ?? 'N'} times per term"`,
      },
    };
  }
  // Every N days / weeks.
  if ((m = new RegExp(`^每(隔)?${NUM}天(?:一次|1次)?$`).exec(s))) {
    const n = parseCount(m[2]!);
    return n === null ? unknown(original) : interval(m[1] ? n + 1 : n, original);
  }
  if ((m = new RegExp(`^每(隔)?${NUM}?(?:周|星期|礼拜)(?:一次|1次)?$`).exec(s))) {
    const n = m[2] ? parseCount(m[2]) : 1;
    return n === null ? unknown(original) : interval((m[1] ? n + 1 : n) * 7, original);
  }
  if (s === 'every other day') return { kind: 'interval', days: 2 };
  if (s === 'weekly' || s === 'every week' || s === 'once a week') return { kind: 'interval', days: 7 };
  if ((m = new RegExp(`^every ${NUM} days?$`).exec(s))) {
    const n = parseCount(m[1]!);
    return n === null ? unknown(original) : interval(n, original);
  }
  if ((m = new RegExp(`^every ${NUM} weeks?$`).exec(s))) {
    const n = parseCount(m[1]!);
    return n === null ? unknown(original) : interval(n * 7, original);
  }
  // N days after the last time it was done.
  if (
    (m = new RegExp(`^(?:上次|上一次|最近一次)?(?:完成|做完|做)?(?:以)?后(?:间隔)?${NUM}天(?:再做|一次)?$`).exec(s)) &&
    /完成|上次|上一次|最近/.test(s)
  ) {
    const n = parseCount(m[1]!);
    return n === null ? unknown(original) : after(n, original);
  }
  if ((m = new RegExp(`^${NUM} days? after (?:the )?last(?: time)?(?: it was done| done| completed)?$`).exec(s))) {
    const n = parseCount(m[1]!);
    return n === null ? unknown(original) : after(n, original);
  }
  // Seasonal windows, one or more.
  const parts = s
    .split(/[;；,，、]|\band\b|和/)
    .map((p) => p.trim())
    .filter(Boolean);
  const windows: MonthWindow[] = [];
  for (const part of parts) {
    const w = parseWindow(part);
    if (!w) return unknown(original);
    windows.push(w);
  }
  if (windows.length > 0) return { kind: 'window', windows };
  return unknown(original);
}

function parseWindow(part: string): MonthWindow | null {
  // 3月-4月春灌2次 / 春灌3-4月 / spring irrigation in march-april twice
  const zh = new RegExp(`^([^\\d一二三四五六七八九十a-z]*?)${MONTH}-${MONTH}([^\\d]*?)(?:${NUM}(?:次|遍))?$`).exec(part);
  const en = /^(.*?)(?: in| during)? ?([a-z]+)-([a-z]+)(?: (once|twice|\S+ times?))?$/.exec(part);
  const candidates: Array<Array<string | undefined>> = [];
  if (zh) candidates.push([zh[1], zh[2], zh[3], zh[4], zh[5] ? `${zh[5]}次` : undefined]);
  if (en) candidates.push([en[1], en[2], en[3], '', en[4]]);
  for (const [label1, fromText, toText, label2, timesText] of candidates) {
    if (fromText === undefined || toText === undefined) continue;
    const from = parseMonth(fromText);
    const to = parseMonth(toText);
    const times = timesOf(timesText);
    if (from === null || to === null || times === null) continue;
    const label = `${label1 ?? ''}${label2 ?? ''}`
      .replace(/\b(?:in|during)\b/g, '')
      .replace(/[()（）]/g, '')
      .trim();
    return { from, to, label, times };
  }
  return null;
}

function perTerm(count: string, original: string): RuleParse | RuleBody {
  const times = parseCount(count);
  if (times === null || times < 1) return unknown(original);
  return { kind: 'perTerm', times };
}

function interval(days: number, original: string): RuleParse | RuleBody {
  if (days < 1 || days > 366) return tooLong(original);
  return { kind: 'interval', days };
}

function after(days: number, original: string): RuleParse | RuleBody {
  if (days < 1 || days > 366) return tooLong(original);
  return { kind: 'after', days };
}

const tooLong = (original: string): RuleParse => ({
  ok: false,
  message: { zh: `规则"${original}"的天数应在 1 到 366 之间`, en: `The rule "${original}" needs a number of days from 1 to 366` },
});

/** Parse one rule cell. Never throws; an unreadable rule gets a bilingual message. */
export function parseRule(text: string | null | undefined): RuleParse {
  const original = String(text ?? '').trim();
  if (original === '')
    return { ok: false, message: { zh: '规则为空：请填写，如 每学期2次', en: 'The rule is empty: write one, e.g. 2 times per term' } };
  let s = normalise(original);
  // A remark in brackets is kept as the task's note, not parsed.
  let note = '';
  const bracket = /[(（]([^)）]*)[)）]\s*$/.exec(s);
  if (bracket && bracket.index > 0) {
    note =
      original
        .normalize('NFKC')
        .match(/[(（]([^)）]*)[)）]\s*$/)?.[1]
        ?.trim() ?? bracket[1]!.trim();
    s = s.slice(0, bracket.index).trim();
  }
  let scope: RuleScope = 'school';
  const holiday =
    /^(?:(?:寒暑)?假期|节假日|放假)(?:中|内|期间|里)?[,，:：]?\s*|^(?:during|in|on) (?:the )?holidays?[,:]? ?|^holidays?[,:]? /.exec(s);
  if (holiday) {
    scope = 'holiday';
    s = s.slice(holiday[0].length).trim();
  }
  const out = parseBody(s, original);
  if ('ok' in out) return out;
  return { ok: true, rule: { ...out, scope, note } };
}

/** A short description of a parsed rule, for the plans page ("每学期 2 次"). */
export function describeRule(rule: Rule): Text {
  const prefix = rule.scope === 'holiday' ? { zh: '假期', en: 'during holidays, ' } : { zh: '', en: '' };
  let body: Text;
  switch (rule.kind) {
    case 'perTerm':
      body = {
        zh: `每学期 ${rule.times} 次（均匀分布在上课日）`,
        en: `${rule.times} time${rule.times > 1 ? 's' : ''} per term, spread over school days`,
      };
      break;
    case 'perMonth':
      body = { zh: `每月 ${rule.times} 次`, en: rule.times === 1 ? 'once a month' : `${rule.times} times a month` };
      break;
    case 'window':
      body = {
        zh: rule.windows.map((w) => `${w.from}–${w.to}月${w.label}${w.times > 1 ? ` ${w.times} 次` : ' 1 次'}`).join('；'),
        en: rule.windows.map((w) => `${monthName(w.from)}–${monthName(w.to)}${w.label ? ` (${w.label})` : ''} ${w.times}×`).join('; '),
      };
      break;
    case 'daily':
      body = { zh: '每个上课日', en: 'every school day' };
      break;
    case 'interval':
      body = { zh: `每 ${rule.days} 天`, en: `every ${rule.days} days` };
      break;
    case 'after':
      body = { zh: `上次完成后 ${rule.days} 天`, en: `${rule.days} days after the last time` };
      break;
  }
  return { zh: `${prefix.zh}${body.zh}`, en: `${prefix.en}${body.en}` };
}
