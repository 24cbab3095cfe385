/**
 * Every page speaks one language (issue #13 item 15): walking the head's pages — each
 * parameterless GET route, plus one page of each parameterised route found by following
 * links — the English page holds no Chinese, and the Chinese page no English words, except
 * the school's own data: any cell, tab title or header in its spreadsheet.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { call, emulatorUrl, login, personWith, spreadsheetId, synced } from './auth-helpers.js';

const app = createApp();
const getRoutes = [...new Set(app.routes.filter((r) => r.method === 'GET' && !r.path.includes('*')).map((r) => r.path))];
const SKIP =
  /^\/(auth\/(link|code)|vendor|photos|summary\/shared|sync\/events)|\.(css|js|png|svg|ico|pdf|webmanifest|json|csv|xlsx)$|\/(print|labels|photo|qr)(\/|$)/;

/** Which route a link opens (its declared path), so each parameterised route is visited once. */
const routeOf = (() => {
  const probe = new Hono();
  for (const path of getRoutes) probe.get(path, (c) => c.text(path));
  return async (href: string) => {
    const res = await probe.request(href);
    return res.status === 200 ? res.text() : null;
  };
})();

/** Every string the school itself wrote: cells, tab titles, headers (they are shown as they are). */
async function schoolStrings(): Promise<string[]> {
  const res = await fetch(`${emulatorUrl()}/__emulator/spreadsheets/${encodeURIComponent(spreadsheetId())}`);
  const snap = (await res.json()) as { sheets: Array<{ title: string; values: unknown[][] }> };
  const out = new Set<string>();
  for (const s of snap.sheets) {
    out.add(s.title);
    for (const row of s.values) for (const v of row) if (typeof v === 'string' && v) out.add(v);
  }
  return [...out];
}

/** The visible text of a page: no tags, scripts, styles or attribute values; entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<(script|style|svg)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Chinese runs (Han and CJK punctuation) on an English page. */
const HAN = /[\u3000-\u303f\u3400-\u9fff\uff01-\uff5e]+/g;
/** English words on a Chinese page (codes like JJ-0001, units and product names are fine). */
const WORD = /[A-Za-z][a-z]{2,}(?:\s+[A-Za-z][a-z]+)*/g;
const ENGLISH_OK = new Set([
  'Google',
  'Sheets',
  'Google Sheets',
  'Excel',
  'English',
  'Houqin',
  'Chrome',
  'Safari',
  'Android',
  'Latin',
  'Avery',
  'Herma',
]);

/** Form controls a phone should constrain: every text box has its column's limit; dates get the picker. */
function formFaults(html: string, path: string): string[] {
  const out: string[] = [];
  for (const [tag] of html.matchAll(/<textarea\b[^>]*>/g))
    if (!/maxlength="\d+"/.test(tag)) out.push(`${path}: textarea without maxlength ${tag.slice(0, 60)}`);
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1] ?? '';
    const type = /\btype="([^"]*)"/.exec(tag)?.[1] ?? 'text';
    if (/^(date|deadline|\w+On)$/.test(name) && type === 'text') out.push(`${path}: date field ${name} is plain text`);
  }
  return out;
}

const faults: string[] = [];

async function walk(lang: 'zh-CN' | 'en'): Promise<string[]> {
  let data = await schoolStrings();
  const head = await login(personWith('head'));
  const queue = getRoutes.filter((p) => !p.includes(':'));
  const seenRoutes = new Set(queue);
  const foreign = new Map<string, string>();
  // Punctuation alone (a full-width colon after an English label) is ours, never the school's.
  const inData = (run: string) => /[\u3400-\u9fffA-Za-z]/.test(run) && data.some((d) => d.includes(run.trim()));
  // A place composed of two cells, 主干道行道树（校门至综合楼）, is still the school's words.
  const pieces = (run: string) => run.split(/[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+/).filter(Boolean);
  const isData = (run: string) => inData(run) || (pieces(run).length > 1 && pieces(run).every((p) => p.length > 1 && inData(p)));
  for (let i = 0; i < queue.length && i < 160; i++) {
    const path = queue[i]!;
    if (SKIP.test(path)) continue;
    const res = await call(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, { login: head });
    if (!(res.headers.get('Content-Type') ?? '').includes('text/html')) continue;
    const html = await res.text();
    for (const [, href] of html.matchAll(/\bhref="(\/[^"#?]*)/g)) {
      const route = await routeOf(href!);
      if (route?.includes(':') && !seenRoutes.has(route) && !SKIP.test(href!)) {
        seenRoutes.add(route);
        queue.push(href!);
      }
    }
    if (lang === 'zh-CN') faults.push(...formFaults(html, path));
    const text = visibleText(/<main\b[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html).replace(/https?:\/\/\S+/g, ' ');
    for (const line of text.split('\n')) {
      const runs = lang === 'en' ? (line.match(HAN) ?? []) : (line.match(WORD) ?? []).filter((w) => !ENGLISH_OK.has(w));
      const odd = runs.filter((run) => !isData(run) && !foreign.has(run));
      if (!odd.length) continue;
      // A line may string the school's words together (教学楼A（1号楼南侧）): take them out, judge what is left.
      let rest = line;
      for (const d of data.filter((v) => v.length > 1 && line.includes(v)).sort((a, b) => b.length - a.length))
        rest = rest.split(d).join(' ');
      const left = lang === 'en' ? (rest.match(HAN) ?? []) : (rest.match(WORD) ?? []).filter((w) => !ENGLISH_OK.has(w));
      for (const run of left) if (!isData(run) && !foreign.has(run)) foreign.set(run, path);
    }
  }
  if (foreign.size) {
    // Other test files write rows while this one walks: judge again against the sheet as it now is.
    await synced();
    data = await schoolStrings();
    for (const run of [...foreign.keys()]) if (isData(run)) foreign.delete(run);
  }
  return [...foreign].map(([run, path]) => `${path}: ${run}`);
}

describe('each page in one language, outside the school’s own data', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`in ${lang}`, { timeout: 120_000 }, async () => {
      expect(await walk(lang)).toEqual([]);
    });
  }
  it('text boxes carry their limits and dates their picker (on the pages walked in zh-CN)', () => {
    expect(faults).toEqual([]);
  });
});
