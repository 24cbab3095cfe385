/**
 * The plugin kit: everything a feature module needs from the core, in one import. A plugin
 * imports `src/core/kit.ts` and `sheets-schema/` only (test/unit/plugin-imports.test.ts fails
 * on any other path into the core), so the core can change behind it. The kit also loads in Node
 * (the demo and the unit tests use plugins' pure logic): nothing it reaches may import
 * `cloudflare:workers` at load time — Durable Object classes stay behind `auth/index` and `sync/`.
 *
 * @example
 * import { definePlugin, readForm, render, requireRole, roles, writes, type Ctx } from '../../core/kit.js';
 * routes.post('/zones/:id/note', requireRole(...roles.writers), async (c: Ctx) => {
 *   const form = await readForm(c);                                   // parse
 *   const note = form.text('note', 500);
 *   await writes(c).update('zones', c.req.param('id'), { notes: note }, 'zone.note', form.key('zone.note'));
 *   return render(c, 'cleaning/zone', { saved: true });               // render
 * });
 */
import type { Context, ContextVariableMap, MiddlewareHandler } from 'hono';
import type { AppEnv, Role } from '../env.js';
import { assetTagPrefix } from '../../sheets-schema/index.js';
import { nextSequenceNumber, sequenceTag } from './data/ids.js';
import { t, type MessageKey } from './i18n/index.js';
import type { Text } from './table/types.js';

// Forms, the idempotency-key rule and attributed writes.
export { idempotencyKey, newFormKey, readForm, signedIn, type Form } from './forms.js';
export { writes, writesAs, type Actor, type Writes } from './data/writes.js';

// The contract and the request's types.
export {
  definePlugin,
  type Alert,
  type ApprovalDecision,
  type ApprovalSource,
  type DecisionWrites,
  type FieldReport,
  type PendingApproval,
  type Plugin,
  type PluginContext,
  type PluginNav,
  type ReminderContext,
} from './plugin.js';

// Notifications: declare events on the plugin, emit them from routes (src/core/notify).
export { notify } from './notify/outbox.js';
export type { Notice, NotifyEventDef } from './notify/types.js';
export type { AppEnv, Env, Locale, NavItem, Person, Role, School } from '../env.js';

// Rows typed from the schema, and writing them.
export type { DataProblem, PartialRowOf, Table, TableOf, TableRow, Text, Value, Values } from './table/types.js';
export type { RowChanges, RowFor, RowOfTab, SchoolData, TableFor, Tables, WriteReceipt } from './data/types.js';
export { inputHint, validateInput } from './table/table.js';
export { keyedRowId, newRowId, nextSequenceNumber, sequenceTag } from './data/ids.js';
export { a1Cell } from './sheets/a1.js';

// School time and the school calendar.
export { addDays, daysBetween, instantOf, localDate, localDateTime, monthRange, previousMonth, SCHOOL_TIME_ZONE, weekday } from './time.js';
export { schoolCalendar, type SchoolCalendar, type Term } from './calendar.js';
// Rules in the school's words (每月一次, 每学期2次, 每个上课日 …), and the time a phone tap was made.
export { describeRule, parseRule, type Rule } from './rules.js';
export { tapTime } from './pwa/tap-time.js';

// Registers: one declaration each (src/plugins/registers/ledgers.ts), one engine.
export { defineRegister, type GenerateContext, type RegisterDef } from './registers/types.js';
export { registersPlugin } from './registers/plugin.js';

// Who may do what.
export { forbidden, normalizeUnit, ownsUnit, publicRoute, requireRole, requireSignedIn } from './auth/policy.js';
export { UPLOAD_LIMIT_BYTES } from './auth/middleware.js';

// Pages, messages, photos, QR codes, signatures.
export { isHtmx, render, renderPartial } from './views/render.js';
export { pick, t, type MessageKey } from './i18n/index.js';
export { glossary } from './i18n/glossary.js';
export { checkPhoto, PHOTO_EXTENSIONS, photoResponse, sniffImage, type ImageKind } from './photos.js';
export { qrDataUri, qrSvg } from './qr/index.js';
export { b64urlJson, hmac, parseB64urlJson, secretKeys, sha256, verifyHmac } from './auth/crypto.js';

// The monthly summary contract (each module's section) and its composition.
export type { Chart, Figure, FigureFormat, NotableItem, SummaryContext, SummarySection, SummaryTable } from './summary/types.js';
export { composeReport, isMissing, isMonth, parseNotable, prefillNotable, sectionIsEmpty, type MonthlyReport } from './summary/report.js';
export { assembleTerm, termMonths, type TermMonth, type TermSummary } from './summary/term.js';
export { figureChange, formatFigure, monthLabel } from './summary/format.js';
export {
  frozenReport,
  indexOf,
  monthlyBook,
  pieceId,
  readIndex,
  reportId,
  reportTitle,
  safetyBook,
  type Frozen,
  type ReportBook,
  type ReportIndex,
  type ReportRow,
} from './summary/books.js';
export { assembleSafetyReport, SAFETY_TABS, safetyFigures, safetyView, type SafetyReport } from './summary/safety.js';
export { freeze, type Reassembled } from './summary/snapshot.js';
export { chartView } from './summary/charts.js';
export { schoolData } from './data/school-data.js';

/** The plugins' message keys, declared by each plugin's messages.ts (see MessageKey in core/i18n). */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface PluginMessages {}

/** A route handler's context. */
export type Ctx = Context<AppEnv>;

/**
 * What route middleware made by `loads` hands the handler, by name (`c.var.stocktake`); filled by
 * each plugin through declaration merging, beside the routes that load it. Hono types a variable
 * for every handler, so a handler reads one only behind the middleware that sets it; a name declared
 * twice with two types fails to compile.
 * @example declare module '../../core/kit.js' { interface RouteRecords { stocktake: Stocktake } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface RouteRecords {}

declare module 'hono' {
  interface ContextVariableMap extends RouteRecords {}
}

/** The record a route loads by this name (a route variable; `RouteRecords` names them). */
type Found<N extends keyof RouteRecords> = ContextVariableMap[N];

/** What a preamble answers: a page (the not-found page, a refusal), or nothing, to go on. */
type Answer = Response | null | undefined;

/**
 * Route middleware for the preamble handlers share: load what the route is about (by its
 * params), answer with the plugin's not-found page when there is none and with `refuse`'s page
 * when it cannot be acted on (a closed stocktake, a returned loan). The handler reads it, typed,
 * as `c.var[name]`, and is left with parse → model → render.
 * @example
 * declare module '../../core/kit.js' { interface RouteRecords { loan: RowFor<'assetLoans'> } }
 * const openLoan = loads('loan', {
 *   load: async (c) => (await c.var.data.read(['assetLoans'])).assetLoans.rows.find((l) => l.id === c.req.param('id')),
 *   missing: (c) => render(c, 'error', { message: msg(c, 'assets.noLoan') }, { status: 404 }),
 *   refuse: (c, loan) => (loan.values.returnedOn ? render(c, 'error', { message: msg(c, 'assets.returned') }, { status: 409 }) : null),
 * });
 * routes.post('/loans/:id/return', requireRole(...roles.office), openLoan, async (c) => {
 *   const form = await readForm(c);                                         // parse
 *   await writes(c).update('assetLoans', c.var.loan.id, { returnedOn: form.text('on') }, 'loan.return', form.key('loan.return'));
 *   return c.redirect(`/assets/loans/${c.var.loan.id}`, 303);               // render
 * });
 */
export function loads<N extends keyof RouteRecords>(
  name: N,
  spec: {
    load: (c: Ctx) => Promise<Found<N> | undefined> | Found<N> | undefined;
    missing: (c: Ctx) => Response | Promise<Response>;
    refuse?: (c: Ctx, found: Found<N>) => Answer | Promise<Answer>;
  },
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const found = await spec.load(c);
    if (found === undefined) return spec.missing(c);
    const refusal = await spec.refuse?.(c, found);
    if (refusal) return refusal;
    c.set(name, found);
    await next();
  };
}

/** The role sets routes and menus name (the 人员 tab's 角色 keys). */
export const roles = {
  /** Everybody signed in, leaders included (reading). */
  everyone: ['head', 'staff', 'class_head', 'teacher', 'leader'],
  /** Everybody who may write: leaders only read and approve. */
  writers: ['head', 'staff', 'class_head', 'teacher'],
  /** The logistics office: the head and the staff. */
  office: ['head', 'staff'],
  /** The head of logistics and leadership (reports, approvals). */
  desk: ['head', 'leader'],
  head: ['head'],
  /** A district office (区教育局): director, safety officer, area supervisor. They read what schools publish and write nothing. */
  district: ['district_director', 'district_safety', 'district_area'],
} as const satisfies Record<string, readonly Role[]>;

/**
 * A message in the reader's language; `key` is checked against the catalogs at compile time.
 * @example msg(c, 'assets.loan.due', { date }) // '应还日期 2026-11-20'
 */
export function msg(c: Ctx, key: MessageKey | Text, params?: Record<string, unknown>): string {
  return t(c.var.locale, key, params);
}

/**
 * A message in both languages, for a form error kept until the page is rendered (`errors.room`).
 * @example errors.room = bilingual('repairs.unknownRoom', { room }) // { zh: '…', en: '…' }
 */
export function bilingual(key: MessageKey, params?: Record<string, unknown>): Text {
  return { zh: t('zh-CN', key, params), en: t('en', key, params) };
}

/** 'YYYY-MM-DD' from a query or form value, or null. */
export function isoDate(value: string | undefined | null): string | null {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
}

/**
 * New tags in the asset register's scheme: the category's prefix (JJ for furniture, renamed by
 * ASSET_TAG_PREFIXES) and numbers the gateway hands out atomically, never below what the sheet
 * already holds, so two people registering at once never share a tag.
 * @example await newAssetTags(c, 'furniture', 2) // ['JJ-0043', 'JJ-0044']
 */
export async function newAssetTags(c: Ctx, category: string, count = 1): Promise<string[]> {
  const prefix = assetTagPrefix(category, c.env.ASSET_TAG_PREFIXES);
  const { assets } = await c.var.data.read(['assets']);
  const atLeast = nextSequenceNumber(
    assets.rows.map((r) => r.id),
    prefix,
  );
  const tags: string[] = [];
  for (let i = 0; i < count; i++) tags.push(sequenceTag(prefix, await c.var.data.nextSequence(`assets:${prefix}`, atLeast)));
  return tags;
}
