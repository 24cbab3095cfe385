/**
 * The one contract every feature module ("plugin") implements: a Hono sub-app mounted
 * at `/{id}`, the tabs it uses, its menu entries, its messages, desk alerts and its
 * monthly-summary section.
 *
 * A plugin stands on the kit (`src/core/kit.ts`) and imports nothing else from the core:
 * typed rows (`read()` returns `Table<RowOf<typeof zones>>`; helpers take `TableFor<'zones'>` or
 * `RowFor<'zones'>`, so no `String(…)` casts), `readForm` (fields, files and the one
 * idempotency-key rule), `writes(c)` (attributed appends and updates; `writesAs(data, actor)` for a
 * cron), `roles`, `render`/`msg`/`bilingual` (message keys checked at compile time), school time,
 * photos and QR codes. Handlers read parse → model → render: a preamble several handlers share
 * (load the record of the path, its not-found page, refusing a closed one) is route middleware
 * made once with `loads(name, { load, missing, refuse })`, and the handler reads the record as
 * `c.var[name]`, typed through the kit's `RouteRecords`.
 *
 * @example
 * import { definePlugin, loads, msg, readForm, render, requireRole, roles, writes } from '../../core/kit.js';
 * const routes = new Hono<AppEnv>();
 * routes.get('/', requireRole(...roles.everyone), async (c) => {
 *   const { zones } = await c.var.data.read(['zones']);          // rows typed from sheets-schema
 *   return render(c, 'cleaning/zones', { zones: zones.rows.filter((z) => z.values.active !== false) });
 * });
 * declare module '../../core/kit.js' { interface RouteRecords { zone: RowFor<'zones'> } }
 * const activeZone = loads('zone', {
 *   load: async (c) => (await c.var.data.read(['zones'])).zones.rows.find((z) => z.id === c.req.param('id')),
 *   missing: (c) => render(c, 'error', { message: msg(c, 'cleaning.zoneNotFound') }, { status: 404 }),
 *   refuse: (c, zone) =>
 *     zone.values.active === false ? render(c, 'error', { message: msg(c, 'cleaning.inactive') }, { status: 409 }) : null,
 * });
 * routes.post('/:id/notes', requireRole(...roles.office), activeZone, async (c) => {
 *   const form = await readForm(c);                                                                 // parse
 *   const notes = form.text('notes', 500);
 *   await writes(c).update('zones', c.var.zone.id, { notes }, 'zone.notes', form.key('zone.notes')); // model
 *   return c.redirect(`/cleaning/${c.var.zone.id}`, 303);                                          // render
 * });
 * export const cleaningPlugin = definePlugin({ id: 'cleaning', tabs: ['zones'], routes,
 *   nav: [{ path: '/cleaning', label: glossary['term.cleaning'], roles: roles.everyone }] });
 */
import type { Context, Hono } from 'hono';
import type { TabKey } from '../../sheets-schema/index.js';
import type { AppEnv, Person, Role } from '../env.js';
import type { RowChanges, SchoolData } from './data/types.js';
import type { SummaryContext, SummarySection } from './summary/types.js';
import type { DataProblem, Table, Text } from './table/types.js';
import type { Notice, NotifyEventDef } from './notify/types.js';

export interface PluginNav {
  path: string;
  /** Short: the desk header holds every menu item on one line at 1366 px, in both languages. */
  label: Text;
  /** Who sees the entry; the routes check roles themselves on the server. */
  roles: readonly Role[];
}

/** Something the signed-in person should see on the desk (overdue loans, open hazards…). */
export interface Alert {
  level: 'info' | 'warn' | 'bad';
  text: Text;
  /** Placeholders in `text`, e.g. { count: 3 }. */
  params?: Record<string, string | number>;
  href?: string;
}

export interface PluginContext {
  data: SchoolData;
  person: Person;
  /** School-local today, 'YYYY-MM-DD' (injectable in tests). */
  today: string;
  /** Every module of the portal, for a hook that gathers from the others (field reports); the desk passes them. */
  plugins?: readonly Plugin[];
}

/** What a module's daily reminders see: the school's data, today, and 人员 (to name recipients). */
export interface ReminderContext {
  data: SchoolData;
  /** School-local today, 'YYYY-MM-DD'. */
  today: string;
  people: Table;
}

/**
 * A problem somebody reported while doing a module's work (a gardener's 发现问题, a cleaner's
 * note on a check-in): the head of logistics turns it into a repair or a hazard in one tap.
 */
export interface FieldReport {
  /** Stable reference kept in the repair's or hazard's 来源, e.g. 'greening:GK-…'. */
  ref: string;
  /** The module's name, e.g. 绿化. */
  module: Text;
  /** Where, as the module names it (an area, a zone), written as the repair's location. */
  place: string;
  description: string;
  /** 'YYYY-MM-DDTHH:mm' school time. */
  at: string;
  by: string;
  byId: string;
  /** Photos in the PHOTOS bucket (keys), copied to the repair. */
  photos: string[];
  /** The hazard register's area (巡视类别) the problem belongs to. */
  hazardArea: string;
  /** The report's own page. */
  href: string;
}

/** Something waiting for a decision in the approval inbox (一支笔审批). */
export interface PendingApproval {
  /** The subject's number (请购单号, 报废申请单号). */
  id: string;
  /** What kind of thing, e.g. 请购 / 报废. */
  kind: Text;
  summary: string;
  amount: number | null;
  requestedBy: string;
  /** 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:mm', school time; absent when the subject keeps no request time. */
  requestedAt?: string;
  /** The subject's own page. */
  href: string;
  /** Who is to decide (a tier from the sheet, or a role), shown beside it. */
  decider?: string | Text;
  /** Marked urgent by the requester. */
  urgent?: boolean;
  /** Why it is urgent (the requester's words), shown to the approver beside the mark. */
  urgentReason?: string;
  /** Whether the person asking may decide it (the plugin's rule, checked again on decide). */
  mayDecide: boolean;
}

/** A module's part of the approval inbox: what waits, and what a decision writes on its subject. */
export interface ApprovalSource {
  pending(ctx: PluginContext): Promise<PendingApproval[]>;
  /**
   * Check the decision (still waiting? this person's to make?) on the cached rows (the app's own
   * writes included) and say what it writes: the subject's decision columns, what its row must
   * still hold (`expect`, checked again by the gateway on its fresh read before anything is sent),
   * and any history rows; or `{ refused }` with the reason. The inbox queues them at once with the
   * 审批记录 row; they land together in one flush, or are parked together if someone decided first.
   * Only the tabs' `approverWrites` may be named (a leader writes nothing else).
   */
  decide(c: Context<AppEnv>, id: string, decision: ApprovalDecision): Promise<DecisionWrites | { refused: Text; status?: number }>;
  /** Where a decided subject is seen (the inbox's recent decisions link to it). */
  href(subject: string): string;
}

/** What a decision writes, besides its 审批记录 row. */
export interface DecisionWrites {
  /** Said in the 审批记录 row. */
  summary: string;
  amount: number | null;
  update: { [K in TabKey]: { tab: K; id: string; changes: RowChanges<K>; expect: RowChanges<K> } }[TabKey];
  appends?: Array<{ [K in TabKey]: { tab: K; values: RowChanges<K> } }[TabKey]>;
}

export interface ApprovalDecision {
  approved: boolean;
  comment: string;
  /** The idempotency key of this submission (a double tap is recorded once). */
  key: string;
  /** School time of the decision, 'YYYY-MM-DDTHH:mm'. */
  at: string;
}

export interface Plugin {
  /** URL prefix and stable name, e.g. 'assets'. */
  id: string;
  /** Spreadsheet tabs the plugin reads or writes (setup and data problems use this). */
  tabs: readonly TabKey[];
  nav: readonly PluginNav[];
  routes: Hono<AppEnv>;
  /** Interface text, keys prefixed with the plugin id ('assets.loan.due'); added to the one catalog. */
  messages?: Readonly<Record<string, Text>>;
  /** Desk alerts for this person (the desk reads them all in one go). */
  alerts?: (ctx: PluginContext) => Promise<Alert[]>;
  /** This module's section of the monthly summary. */
  summary?: (ctx: SummaryContext) => Promise<SummarySection>;
  /**
   * Problems no single cell shows, across tabs (an asset in a room the 场所 tab lacks, a zone
   * with no responsible party), listed on /problems beside the unreadable cells.
   */
  problems?: (data: SchoolData) => Promise<DataProblem[]>;
  /** Problems people reported in this module's check-ins, handed over to repairs and hazards. */
  reports?: (data: SchoolData) => Promise<FieldReport[]>;
  /** What this module puts in the approval inbox (/approvals), and its decisions. */
  approvals?: ApprovalSource;
  /**
   * The events this module emits (with `notify(c, notice)` from a route, or from `reminders`),
   * declared once: the 通知 tab routes each to channels, the README lists them.
   */
  events?: readonly NotifyEventDef[];
  /** This person's own duties today ("mine today"): the staff desk and the daily digest. */
  duties?: (ctx: PluginContext) => Promise<Alert[]>;
  /** Time-based notices for the daily run (overdue hazards, loans, checks); ids carry the date so each goes once a day. */
  reminders?: (ctx: ReminderContext) => Promise<Notice[]>;
  /**
   * Checks made once a school day at their own time ('HH:MM' school time, within the quarter
   * hour after it): e.g. repairs due today and not done at 15:30, two hours before the office closes.
   */
  timed?: ReadonlyArray<{ at: string; run: (ctx: ReminderContext) => Promise<Notice[]> }>;
}

export function definePlugin<const P extends Plugin>(plugin: P): P {
  return plugin;
}
