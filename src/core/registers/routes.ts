/**
 * Every register's pages, code- or sheet-declared, from its declaration alone:
 * /registers (all), /registers/{ID} (list), /new (form, pre-filled from the URL: a QR code),
 * POST /registers/{ID} (add), /{rowId} (detail, history, checks), /{rowId}/edit, /qr (labels),
 * /print?month= (the A4 ledger). Roles are the register's own (deny by default).
 */
import { Hono, type Context } from 'hono';
import { registerChecks, type TabKey } from '../../../sheets-schema/index.js';
import type { AppEnv, Person } from '../../env.js';
import { forbidden, requireRole, requireSignedIn } from '../auth/policy.js';
import { schoolCalendar } from '../calendar.js';
import { newRowId } from '../data/ids.js';
import { translate } from '../i18n/index.js';
import { checkPhoto, photoResponse } from '../photos.js';
import { tapTime } from '../pwa/tap-time.js';
import { qrDataUri } from '../qr/index.js';
import { describeRule } from '../rules.js';
import { validateInput } from '../table/table.js';
import type { Table, TableRow, Text, Values } from '../table/types.js';
import { addDays, localDate, localDateTime, weekday } from '../time.js';
import { render } from '../views/render.js';
import { writes } from '../data/writes.js';
import { idempotencyKey } from '../forms.js';
import { autoValues, checkForm, formFields, inputText, labelOf, lookupOf, refTabs } from './fields.js';
import { dayOf, registerState, stateCounts, stateText, type RowState } from './model.js';
import { readRegister, registersFor } from './source.js';
import type { RegisterDef } from './types.js';

type Ctx = Context<AppEnv>;
export const PAGE_SIZE = 50;
const writers = ['head', 'staff', 'class_head', 'teacher'] as const;
/** Who prints a register's QR label sheet. */
const labelPrinters = ['head', 'staff'] as const;

/** The engine's pages for these code declarations plus the school's own (登记簿). */
export function registerRoutes(code: readonly RegisterDef[]): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  // Register declarations name their message keys at run time.
  const msg = (c: Ctx, key: string | Text, params?: Record<string, unknown>) => translate(c.var.locale, key, params);
  const canView = (def: RegisterDef, p: Person) => def.view.includes(p.role) || def.add.includes(p.role);
  const canAdd = (def: RegisterDef, p: Person) => def.add.includes(p.role);

  /** The register named in the URL that this person may see (else a 404 or 403 response). */
  async function registerOf(c: Ctx, action: 'view' | 'add'): Promise<RegisterDef | Response> {
    const { registers } = await registersFor(c.var.data, code);
    const def = registers.find((r) => r.id === c.req.param('id'));
    if (!def) return c.notFound();
    const person = c.var.person!;
    if (action === 'view' ? !canView(def, person) : !canAdd(def, person)) return forbidden(c, 'forbidden', { role: person.role });
    return def;
  }

  async function formBody(c: Ctx): Promise<{ fields: Record<string, string>; files: Record<string, File> }> {
    const body = await c.req.parseBody();
    const fields: Record<string, string> = {};
    const files: Record<string, File> = {};
    for (const [k, v] of Object.entries(body)) {
      if (typeof v === 'string') fields[k] = v;
      else if (v instanceof File) files[k] = v;
    }
    return { fields, files };
  }

  /** Cells shown in a list row or the ledger: values as text, choices by label. */
  function cellsOf(c: Ctx, def: RegisterDef, row: TableRow, keys: readonly string[]): string[] {
    // A column staff renamed or deleted is said to be missing, never shown as blanks.
    const gone = c.var.data.missingColumns?.()[def.tabKey] ?? [];
    return keys.map((k) => {
      const col = def.tab.columns.find((x) => x.key === k)!;
      if (gone.includes(k)) return msg(c, 'common.columnMissing');
      const v = row.values[k];
      if (v === null || v === undefined) return '';
      if (col.type === 'enum') {
        const a = col.allowed?.find((x) => x.key === v);
        return a ? msg(c, a) : String(v);
      }
      if (col.type === 'boolean') return v ? msg(c, { zh: '是', en: 'Yes' }) : msg(c, { zh: '否', en: 'No' });
      if (col.type === 'datetime' && typeof v === 'string') return v.replace('T', ' ').slice(0, 16);
      if (col.type === 'money' && typeof v === 'number') return `¥${v.toFixed(2)}`;
      if (def.fields?.[k]?.photo) return v ? '📷' : '';
      return String(v);
    });
  }

  const listKeys = (def: RegisterDef) =>
    def.listColumns ??
    def.tab.columns
      .filter((c) => c.key !== def.tab.idColumn && c.type !== 'longtext')
      .slice(0, 7)
      .map((c) => c.key);

  function statusBadges(c: Ctx, def: RegisterDef, s: RowState): Array<{ cls: string; text: string }> {
    const out: Array<{ cls: string; text: string }> = [];
    if (s.check && s.check.state !== 'ok')
      out.push({ cls: s.check.state, text: `${msg(c, stateText[s.check.state])}${s.check.dueBy ? ` ${s.check.dueBy}` : ''}` });
    if (s.expiry && (s.expiry.state === 'expired' || s.expiry.state === 'soon')) {
      const text = s.expiry.state === 'expired' && def.expiry?.expiredText ? def.expiry.expiredText : stateText[s.expiry.state];
      out.push({ cls: s.expiry.state, text: `${msg(c, text)} ${s.expiry.date.replace('T', ' ').slice(0, 16)}` });
    }
    if (s.flagged && def.flag) out.push({ cls: 'overdue', text: msg(c, def.flag.text) });
    return out;
  }

  /**
   * The values a column holds, each with what people call it, sorted by that: a reference with a
   * looked-up name (a zone's ID and its name) by the name, anything else by itself.
   */
  function valueLabels(def: RegisterDef, table: Table, key: string): Array<[string, string]> {
    const named = lookupOf(def, key);
    const labels = new Map<string, string>();
    for (const r of table.rows) {
      const v = String(r.values[key] ?? '');
      if (v && !labels.has(v)) labels.set(v, String((named && r.values[named]) || v));
    }
    return [...labels].sort((a, b) => a[1].localeCompare(b[1]));
  }

  /** Columns a list can be filtered by: choices, references and the date column. */
  function filterColumns(def: RegisterDef, table: Table) {
    return def.tab.columns
      .filter((col) => col.type === 'enum' || def.fields?.[col.key]?.ref)
      .map((col) => {
        const values =
          col.type === 'enum'
            ? (col.allowed ?? []).map((a) => ({ value: a.key, label: { zh: a.zh, en: a.en } as string | Text }))
            : valueLabels(def, table, col.key)
                .slice(0, 300)
                .map(([value, label]) => ({ value, label: label as string | Text }));
        return { key: col.key, label: labelOf(def, col), values };
      });
  }

  /*
   * A list of 20,000 rows stays fast (tools/bench/registers.ts): a snapshot's rows are frozen and
   * kept while its version stands, so their order and search text are worked out once per snapshot.
   */
  const orders = new WeakMap<Table, Map<string, Int32Array>>();
  function newestFirst(table: Table, column: string): Int32Array {
    const byColumn = orders.get(table) ?? new Map<string, Int32Array>();
    orders.set(table, byColumn);
    let order = byColumn.get(column);
    if (!order) {
      const keys = table.rows.map((r) => String(r.values[column] ?? ''));
      order = Int32Array.from(keys.keys()).sort((a, b) => (keys[a]! < keys[b]! ? 1 : keys[a]! > keys[b]! ? -1 : a - b));
      byColumn.set(column, order);
    }
    return order;
  }
  const searchTexts = new WeakMap<TableRow, string>();
  function searchText(row: TableRow): string {
    let text = searchTexts.get(row);
    if (text === undefined) {
      text = Object.values(row.values)
        .filter((v) => v !== null)
        .map((v) => String(v).toLowerCase())
        .join('\u0000');
      searchTexts.set(row, text);
    }
    return text;
  }

  // ---- all registers --------------------------------------------------------------------

  routes.get('/', requireSignedIn(), async (c) => {
    const person = c.var.person!;
    const { registers, problems } = await registersFor(c.var.data, code);
    const mine = registers.filter((r) => canView(r, person));
    const { calendar, registerChecks, registerCatalog } = await c.var.data.read(['calendar', 'registerChecks', 'registerCatalog']);
    const cal = schoolCalendar(calendar);
    const items = await Promise.all(
      mine.map(async (def) => {
        const table = await readRegister(c.var.data, def);
        const counts = stateCounts(registerState(def, table, registerChecks, cal));
        return { def, rows: table.rows.length, counts, canAdd: canAdd(def, person), sheet: !!def.declaredAt };
      }),
    );
    return render(c, 'registers/index', {
      title: msg(c, 'registers.title'),
      items,
      problems: person.role === 'head' ? [...registerCatalog.problems, ...problems] : [],
    });
  });

  // ---- list -----------------------------------------------------------------------------

  routes.get('/:id', requireSignedIn(), async (c) => {
    const def = await registerOf(c, 'view');
    if (def instanceof Response) return def;
    const [table, { registerChecks, calendar }] = await Promise.all([
      readRegister(c.var.data, def),
      c.var.data.read(['registerChecks', 'calendar']),
    ]);
    const state = registerState(def, table, registerChecks, schoolCalendar(calendar));
    const q = (c.req.query('q') ?? '').normalize('NFKC').trim().toLowerCase();
    const filters = filterColumns(def, table).map((f) => ({ ...f, selected: c.req.query(`f.${f.key}`) ?? '' }));
    const from = dayOf(c.req.query('from') ?? null);
    const to = dayOf(c.req.query('to') ?? null);
    const only = c.req.query('state') ?? '';
    const keys = listKeys(def);
    const order = def.dateColumn ? newestFirst(table, def.dateColumn) : null;
    const rows = (order ? Array.from(order, (i) => state.rows[i]!) : state.rows).filter((s) => {
      for (const f of filters) if (f.selected && String(s.row.values[f.key] ?? '') !== f.selected) return false;
      if ((from || to) && def.dateColumn) {
        const d = dayOf(s.row.values[def.dateColumn]);
        if (!d || (from && d < from) || (to && d > to)) return false;
      }
      if (
        only === 'attention' &&
        !(
          s.check?.state === 'overdue' ||
          s.check?.state === 'due' ||
          s.expiry?.state === 'expired' ||
          s.expiry?.state === 'soon' ||
          s.flagged
        )
      )
        return false;
      if (q && !searchText(s.row).includes(q)) return false;
      return true;
    });
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    const shown = rows
      .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
      .map((s) => ({ id: s.row.id, cells: cellsOf(c, def, s.row, keys), badges: statusBadges(c, def, s) }));
    const params = new URLSearchParams(c.req.query());
    const pageHref = (n: number) => {
      params.set('page', String(n));
      return `/registers/${def.id}?${params}`;
    };
    const counts = stateCounts(state);
    const week = weeklyTotals(def, table);
    return render(c, 'registers/list', {
      title: msg(c, def.name),
      def,
      columns: keys.map((k) => def.tab.columns.find((x) => x.key === k)!),
      rows: shown,
      total: rows.length,
      all: table.rows.length,
      page,
      pages,
      prev: page > 1 ? pageHref(page - 1) : null,
      next: page < pages ? pageHref(page + 1) : null,
      q: c.req.query('q') ?? '',
      from: from ?? '',
      to: to ?? '',
      only,
      filters,
      hasDate: !!def.dateColumn,
      counts,
      expected: state.expected
        .filter((e) => e.missed.length || e.status.state !== 'ok')
        .map((e) => ({ label: e.label, state: msg(c, stateText[e.status.state]), missed: e.missed.join('、'), dueBy: e.status.dueBy })),
      week,
      canAdd: canAdd(def, c.var.person!),
      // The label sheet is the office's to print (GET /:id/qr): no button that would answer 403.
      hasQr: !!def.qrColumn && (labelPrinters as readonly string[]).includes(c.var.person!.role),
      month: localDate().slice(0, 7),
      problems: c.var.person!.role === 'head' ? [...table.problems, ...state.problems].slice(0, 20) : [],
      saved: c.req.query('saved') ?? null,
      generated: /^\d+$/.test(c.req.query('generated') ?? '') ? Number(c.req.query('generated')) : null,
      generate: canAdd(def, c.var.person!) && def.generate ? def.generate.label : null,
      formKey: crypto.randomUUID(),
    });
  });

  /** This week's and last week's totals of the register's weekly-total column. */
  function weeklyTotals(def: RegisterDef, table: Table) {
    if (!def.weeklyTotal || !def.dateColumn) return null;
    const today = localDate();
    const monday = addDays(today, 1 - weekday(today));
    const sum = (from: string, to: string) =>
      table.rows.reduce((n, r) => {
        const d = dayOf(r.values[def.dateColumn!]);
        const v = r.values[def.weeklyTotal!];
        return d && d >= from && d <= to && typeof v === 'number' ? n + v : n;
      }, 0);
    const col = def.tab.columns.find((x) => x.key === def.weeklyTotal)!;
    return {
      label: { zh: col.zh, en: col.en },
      thisWeek: sum(monday, addDays(monday, 6)),
      lastWeek: sum(addDays(monday, -7), addDays(monday, -1)),
      monday,
    };
  }

  // ---- new and add ----------------------------------------------------------------------

  async function formPage(
    c: Ctx,
    def: RegisterDef,
    input: Record<string, string>,
    errors: Record<string, Text>,
    fixed: readonly string[],
    status = 200,
  ) {
    // The register's own tab too: a column missing from it is said on the form, before saving.
    const [tables] = await Promise.all([refTabs(def).length ? c.var.data.read(refTabs(def)) : {}, readRegister(c.var.data, def)]);
    return render(
      c,
      'registers/form',
      {
        title: msg(c, def.name),
        def,
        action: `/registers/${def.id}`,
        fields: formFields(def, 'add', input, errors, tables, fixed),
        errorList: Object.values(errors),
        formKey: input._key || crypto.randomUUID(),
        multipart: Object.values(def.fields ?? {}).some((f) => f.photo) && !!c.env.PHOTOS,
      },
      { status },
    );
  }

  routes.get('/:id/new', requireRole(...writers), async (c) => {
    const def = await registerOf(c, 'add');
    if (def instanceof Response) return def;
    // A QR code (or any link) pre-fills columns: /registers/fire/new?room=实验室 fixes 位置.
    const input: Record<string, string> = { ...autoValues(def, c.var.person!) };
    const fixed: string[] = [];
    for (const col of def.tab.columns) {
      const v = c.req.query(col.key);
      if (v !== undefined && v !== '') {
        input[col.key] = v.slice(0, 200);
        if (col.key === def.qrColumn) fixed.push(col.key);
      }
    }
    return formPage(c, def, input, {}, fixed);
  });

  routes.post('/:id', requireRole(...writers), async (c) => {
    const def = await registerOf(c, 'add');
    if (def instanceof Response) return def;
    const person = c.var.person!;
    const { fields, files } = await formBody(c);
    const input = { ...fields, ...autoValues(def, person) };
    const tables = refTabs(def).length ? await c.var.data.read(refTabs(def)) : {};
    const { values, errors } = checkForm(def, 'add', input, tables);
    const id = newRowId(def.tab.idPrefix ?? 'RG');
    const photos = await takePhotos(c, def, files, id, errors);
    if (Object.keys(errors).length) return formPage(c, def, input, errors, (fields._fixed ?? '').split(',').filter(Boolean), 422);
    const table = await readRegister(c.var.data, def);
    const row: Values = { ...values, ...photos, [def.tab.idColumn]: id };
    Object.assign(row, def.derive?.(row, table.rows) ?? {});
    await writes(c).append(
      def.tabKey as TabKey,
      row,
      `register.${def.id}.add`,
      idempotencyKey(`register.${def.id}.add`, person, fields._key),
    );
    return c.redirect(`/registers/${def.id}?saved=${encodeURIComponent(id)}`, 303);
  });

  routes.post('/:id/generate', requireRole(...writers), async (c) => {
    const def = await registerOf(c, 'add');
    if (def instanceof Response) return def;
    const generate = def.generate;
    if (!generate) return c.notFound();
    const person = c.var.person!;
    const { fields } = await formBody(c);
    const [{ calendar, people }, table] = await Promise.all([c.var.data.read(['calendar', 'people']), readRegister(c.var.data, def)]);
    // Queued writes are in the snapshot already, so a second tap (or a re-sent form) adds nothing twice.
    const have = new Set(table.rows.map((r) => generate.key(r.values)));
    const fresh = generate.rows({ calendar, people, rows: table.rows, today: localDate() }).filter((v) => !have.has(generate.key(v)));
    for (const values of fresh) {
      const row: Values = { ...values, [def.tab.idColumn]: newRowId(def.tab.idPrefix ?? 'RG') };
      const key = idempotencyKey(`register.${def.id}.generate`, person, fields._key, generate.key(values));
      await writes(c).append(def.tabKey as TabKey, row, `register.${def.id}.generate`, key);
    }
    return c.redirect(`/registers/${def.id}?generated=${fresh.length}`, 303);
  });

  /** Photo fields into R2 (the cell holds the object's key); a refused file is a form error. */
  async function takePhotos(
    c: Ctx,
    def: RegisterDef,
    files: Record<string, File>,
    rowId: string,
    errors: Record<string, Text>,
  ): Promise<Values> {
    const out: Values = {};
    for (const [key, f] of Object.entries(def.fields ?? {})) {
      if (!f.photo || !files[key]) continue;
      const check = await checkPhoto(files[key]);
      if (check.error) errors[key] = check.error;
      else if (check.photo && !c.env.PHOTOS) errors[key] = { zh: '照片存储未配置', en: 'Photo storage is not configured' };
      else if (check.photo && !Object.keys(errors).length) {
        const objectKey = `registers/${def.id}/${rowId}-${key}.${check.photo.ext}`;
        await c.env.PHOTOS!.put(objectKey, check.photo.bytes, { httpMetadata: { contentType: check.photo.type } });
        out[key] = objectKey;
      }
    }
    return out;
  }

  // ---- QR labels and the printable ledger -----------------------------------------------

  routes.get('/:id/qr', requireRole(...labelPrinters), async (c) => {
    const def = await registerOf(c, 'view');
    if (def instanceof Response) return def;
    if (!def.qrColumn) return c.notFound();
    const table = await readRegister(c.var.data, def);
    const origin = new URL(c.req.url).origin;
    const col = def.tab.columns.find((x) => x.key === def.qrColumn)!;
    const perRow = def.qrColumn === def.tab.idColumn;
    const labels = perRow
      ? table.rows.map((r) => ({
          title: r.id,
          sub: cellsOf(c, def, r, listKeys(def).slice(0, 2)).filter(Boolean).join(' · '),
          url: `${origin}/registers/${def.id}/${encodeURIComponent(r.id)}`,
        }))
      : valueLabels(def, table, col.key).map(([v, name]) => ({
          title: name,
          sub: name === v ? `${col.zh} / ${col.en}` : `${col.zh} ${v}`,
          url: `${origin}/registers/${def.id}/new?${col.key}=${encodeURIComponent(v)}`,
        }));
    const extra = c.req.query('value');
    if (!perRow && extra)
      labels.unshift({ title: extra, sub: col.zh, url: `${origin}/registers/${def.id}/new?${col.key}=${encodeURIComponent(extra)}` });
    return render(c, 'registers/qr', {
      title: msg(c, def.name),
      def,
      perRow,
      labels: labels.map((l) => ({ ...l, qr: qrDataUri(l.url, { title: l.title }) })),
    });
  });

  routes.get('/:id/print', requireSignedIn(), async (c) => {
    const def = await registerOf(c, 'view');
    if (def instanceof Response) return def;
    const month = /^\d{4}-\d{2}$/.test(c.req.query('month') ?? '') ? c.req.query('month')! : localDate().slice(0, 7);
    const table = await readRegister(c.var.data, def);
    const keys = def.tab.columns.filter((x) => x.key !== def.tab.idColumn && !def.fields?.[x.key]?.photo).map((x) => x.key);
    const rows = table.rows
      .filter((r) => !def.dateColumn || (dayOf(r.values[def.dateColumn]) ?? '').startsWith(month))
      .sort((a, b) => (def.dateColumn ? String(a.values[def.dateColumn] ?? '').localeCompare(String(b.values[def.dateColumn] ?? '')) : 0))
      .map((r, i) => ({ n: i + 1, cells: cellsOf(c, def, r, keys) }));
    return render(c, 'registers/print', {
      title: msg(c, def.name),
      def,
      month,
      wide: keys.length > 8,
      columns: keys.map((k) => def.tab.columns.find((x) => x.key === k)!),
      rows,
      printedAt: localDateTime().replace('T', ' ').slice(0, 16),
    });
  });

  // ---- detail, checks, edit -------------------------------------------------------------

  async function detailPage(c: Ctx, def: RegisterDef, rowId: string, checkErrors: Text[] = [], status = 200) {
    const [table, { registerChecks, calendar, audit }] = await Promise.all([
      readRegister(c.var.data, def),
      c.var.data.read(['registerChecks', 'calendar', 'audit'], { where: { audit: { column: 'rowId', values: [rowId] } } }),
    ]);
    const row = table.rows.find((r) => r.id === rowId);
    if (!row) return c.notFound();
    const state = registerState(def, { ...table, rows: [row] }, registerChecks, schoolCalendar(calendar));
    const s = state.rows[0]!;
    const person = c.var.person!;
    const fields = def.tab.columns
      .filter((x) => x.key !== def.tab.idColumn)
      .map((col) => ({
        label: { zh: col.zh, en: col.en },
        value: cellsOf(c, def, row, [col.key])[0],
        photo:
          def.fields?.[col.key]?.photo && row.values[col.key]
            ? `/registers/${def.id}/${encodeURIComponent(row.id)}/photo/${col.key}`
            : null,
      }));
    const history = audit.rows
      .filter((a) => a.values.rowId === rowId)
      .sort((a, b) => String(b.values.time ?? '').localeCompare(String(a.values.time ?? '')))
      .slice(0, 50);
    const checks = [...(state.checksByItem.get(row.id) ?? [])].sort((a, b) =>
      String(b.values.time ?? '').localeCompare(String(a.values.time ?? '')),
    );
    return render(
      c,
      'registers/detail',
      {
        title: `${msg(c, def.name)} · ${row.id}`,
        def,
        row,
        fields,
        badges: statusBadges(c, def, s),
        rule: s.check && !def.checks?.dueColumn ? describeRule(s.check.rule) : null,
        hasChecks: !!def.checks,
        checks: checks.map((x) => ({
          time: x.values.time,
          person: x.values.person,
          result: x.values.result,
          notes: x.values.notes,
        })),
        history: history.map((h) => ({
          time: h.values.time,
          person: h.values.person,
          action: h.values.action,
          after: h.values.after,
        })),
        canAdd: canAdd(def, person),
        checkErrors,
        formKey: crypto.randomUUID(),
        saved: c.req.query('saved') ?? null,
      },
      { status },
    );
  }

  routes.get('/:id/:rowId', requireSignedIn(), async (c) => {
    const def = await registerOf(c, 'view');
    if (def instanceof Response) return def;
    return detailPage(c, def, c.req.param('rowId'));
  });

  routes.get('/:id/:rowId/photo/:column', requireSignedIn(), async (c) => {
    const def = await registerOf(c, 'view');
    if (def instanceof Response) return def;
    const table = await readRegister(c.var.data, def);
    const row = table.rows.find((r) => r.id === c.req.param('rowId'));
    const key = row && def.fields?.[c.req.param('column')]?.photo ? row.values[c.req.param('column')] : null;
    return photoResponse(c, typeof key === 'string' && key.startsWith(`registers/${def.id}/`) ? key : null);
  });

  routes.post('/:id/:rowId/check', requireRole(...writers), async (c) => {
    const def = await registerOf(c, 'add');
    if (def instanceof Response) return def;
    if (!def.checks) return c.notFound();
    const person = c.var.person!;
    const rowId = c.req.param('rowId');
    const table = await readRegister(c.var.data, def);
    const row = table.rows.find((r) => r.id === rowId);
    if (!row) return c.notFound();
    const { fields } = await formBody(c);
    // A check saved on a phone offline is recorded at the time of the tap (the outbox sends it later).
    const tap = tapTime(c, fields.tapped_at);
    const { values, errors } = validateInput(registerChecks, { result: fields.result ?? '', notes: fields.notes ?? '' }, { partial: true });
    if (Object.keys(errors).length) return detailPage(c, def, rowId, Object.values(errors), 422);
    const itemName = cellsOf(c, def, row, listKeys(def).slice(0, 2)).filter(Boolean).join(' · ');
    const id = newRowId('RC');
    await writes(c).append(
      'registerChecks',
      {
        id,
        register: def.id,
        item: row.id,
        itemName,
        time: tap.local,
        person: person.name,
        result: values.result === 'problem' ? 'problem' : 'ok',
        notes: String(values.notes ?? ''),
      },
      `register.${def.id}.check`,
      idempotencyKey(`register.${def.id}.check`, person, fields._key),
    );
    return c.redirect(`/registers/${def.id}/${encodeURIComponent(rowId)}?saved=check`, 303);
  });

  async function editPage(
    c: Ctx,
    def: RegisterDef,
    row: TableRow,
    input: Record<string, string>,
    errors: Record<string, Text>,
    status = 200,
  ) {
    // The register's own tab too: a column missing from it is said on the form, before saving.
    const [tables] = await Promise.all([refTabs(def).length ? c.var.data.read(refTabs(def)) : {}, readRegister(c.var.data, def)]);
    return render(
      c,
      'registers/form',
      {
        title: `${msg(c, def.name)} · ${row.id}`,
        def,
        row,
        action: `/registers/${def.id}/${encodeURIComponent(row.id)}`,
        fields: formFields(def, 'edit', input, errors, tables),
        errorList: Object.values(errors),
        formKey: input._key || crypto.randomUUID(),
        multipart: false,
      },
      { status },
    );
  }

  routes.get('/:id/:rowId/edit', requireRole(...writers), async (c) => {
    const def = await registerOf(c, 'add');
    if (def instanceof Response) return def;
    const table = await readRegister(c.var.data, def);
    const row = table.rows.find((r) => r.id === c.req.param('rowId'));
    if (!row) return c.notFound();
    const input = Object.fromEntries(def.tab.columns.map((col) => [col.key, inputText(col, row.values[col.key])]));
    return editPage(c, def, row, input, {});
  });

  routes.post('/:id/:rowId', requireRole(...writers), async (c) => {
    const def = await registerOf(c, 'add');
    if (def instanceof Response) return def;
    const person = c.var.person!;
    const table = await readRegister(c.var.data, def);
    const row = table.rows.find((r) => r.id === c.req.param('rowId'));
    if (!row) return c.notFound();
    const { fields } = await formBody(c);
    const tables = refTabs(def).length ? await c.var.data.read(refTabs(def)) : {};
    const { values, errors } = checkForm(def, 'edit', fields, tables);
    if (Object.keys(errors).length) return editPage(c, def, row, fields, errors, 422);
    const merged = { ...row.values, ...values };
    const changes = {
      ...values,
      ...(def.derive?.(
        merged,
        table.rows.filter((r) => r.id !== row.id),
      ) ?? {}),
    };
    await writes(c).update(
      def.tabKey as TabKey,
      row.id,
      changes,
      `register.${def.id}.edit`,
      idempotencyKey(`register.${def.id}.edit`, person, fields._key),
    );
    return c.redirect(`/registers/${def.id}/${encodeURIComponent(row.id)}?saved=edit`, 303);
  });
  return routes;
}
