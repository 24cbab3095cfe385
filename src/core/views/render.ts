/**
 * Server-rendered pages: one layout, chunky page templates, compiled at build time (tools/build.ts).
 * An htmx request gets the page's fragment alone; a full load gets it inside the layout,
 * from the same template (hence `Vary: HX-Request`).
 */
import type { Context } from 'hono';
import { assetVersion } from '../../generated/asset-version.js';
import { pages, partials, type PageName } from '../../generated/templates.js';
import type { AppEnv } from '../../env.js';
import { type Program, renderProgram } from './runtime.js';
import { localDateTime } from '../time.js';
import { problemReaders } from '../data/missing.js';

function template(name: string): Program {
  const program = (pages as Record<string, Program>)[name];
  if (!program) throw new Error(`views: no template ${name}`);
  return program;
}

export type { PageName };

export interface RenderOptions {
  status?: number;
  /** Render only the fragment even for a full load (e.g. an OOB-only response). */
  fragment?: boolean;
  headers?: Record<string, string>;
}

/** Data every template can read at its root (locale, person, csrf token, school). */
export function baseData(c: Context<AppEnv>): Record<string, unknown> {
  return {
    locale: c.var.locale,
    lang: c.var.locale === 'en' ? 'en' : 'zh-CN',
    school: c.var.school,
    spreadsheetId: c.var.school?.spreadsheetId,
    sheetBase: sheetBase(c.env.SHEETS_API_BASE),
    person: c.var.person ?? null,
    // Leaders and the district are read-only (requireRole refuses them every write): pages hide write controls with this.
    canWrite: Boolean(c.var.person) && c.var.person!.role !== 'leader' && !c.var.school?.district,
    csrfToken: c.var.csrfToken ?? '',
    csrfHeaders: JSON.stringify({ 'X-CSRF-Token': c.var.csrfToken ?? '' }),
    path: new URL(c.req.url).pathname,
    assetVersion,
    nav: c.var.nav ?? [],
    // Google unreachable and the cache past its staleness: the page shows data as of this time.
    staleSince: staleSince(c),
    // A tab or known column missing in the sheet: said on every page that read it, never shown as blanks.
    // (named once: a message that already names its tab, a deleted one, is not prefixed with it again)
    // …linked to /problems only for those who may open it.
    seesProblems: (problemReaders as readonly string[]).includes(c.var.person?.role ?? ''),
    headerProblems: (c.var.data?.headerProblems?.() ?? []).map((p) => ({ ...p, named: p.expected.zh.includes(p.sheet) })),
    // …and each missing column shows as missing where its value would be (helper `missingCol`).
    missingColumns: c.var.data?.missingColumns?.() ?? {},
  };
}

function staleSince(c: Context<AppEnv>): string | null {
  const at = c.var.data?.staleSince?.();
  return at ? localDateTime(at).replace('T', ' ').slice(0, 16) : null;
}

/** Where a person opens the spreadsheet itself: Google's UI, or the local emulator's grid. */
function sheetBase(apiBase: string | undefined): string {
  if (!apiBase || apiBase.includes('googleapis.com')) return 'https://docs.google.com';
  return apiBase.replace(/\/$/, '');
}

export function isHtmx(c: Context): boolean {
  return c.req.header('HX-Request') === 'true';
}

/** Render a page template (fragment for htmx, page in layout otherwise). */
export function render(c: Context<AppEnv>, name: PageName, data: Record<string, unknown> = {}, options: RenderOptions = {}): Response {
  const root = { ...baseData(c), ...data };
  const body = renderProgram(template(name), root);
  const html = options.fragment || isHtmx(c) ? body : renderProgram(template('layout'), { ...root, body });
  const response = c.html(html, (options.status ?? 200) as 200, options.headers);
  response.headers.append('Vary', 'HX-Request');
  return response;
}

/** Render a partial alone (e.g. table rows for live search). */
export function renderPartial(c: Context<AppEnv>, name: string, data: Record<string, unknown> = {}): string {
  const partial = (partials as Record<string, Program>)[name];
  if (!partial) throw new Error(`views: no partial ${name}`);
  return renderProgram(partial, { ...baseData(c), ...data });
}
