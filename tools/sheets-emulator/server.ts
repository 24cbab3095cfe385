/** The emulator: one node:http server for the Sheets API, the token endpoint, the control API and the grid UI. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArmedEdits } from './armed-edits.js';
import { Auth, type ServiceAccountKey, type TrustKeyInput } from './auth.js';
import { batchUpdate } from './batch-update.js';
import {
  clampBounds,
  Evaluator,
  findSheet,
  inputToCell,
  rangeText,
  readValues,
  resolveRange,
  type InputOption,
  type ValueRender,
} from './cells.js';
import { columnToLetters } from './a1.js';
import { handleControl } from './control.js';
import {
  ApiError,
  badRequest,
  deadline,
  internal,
  notFound,
  permissionDenied,
  unavailable,
  unknownField,
  unknownQueryParam,
} from './errors.js';
import { applyFields, maskNames, parseFields } from './fields.js';
import { handleGridPage } from './grid-page.js';
import { Limits, quotaError, type Access, type FaultKind, type LimitsPatch } from './limits.js';
import { buildSpreadsheet, spreadsheetJson, writeRows } from './spreadsheets.js';
import { Store, workingCopy, type NumberFormat, type Sheet, type Spreadsheet, type StateFile } from './store.js';
import { getDeveloperMetadata, searchDeveloperMetadata, valuesBatchGetByDataFilter, valuesBatchUpdateByDataFilter } from './metadata.js';
import { valuesAppend, valuesBatchClear, valuesBatchGet, valuesBatchUpdate, valuesClear, valuesGet, valuesUpdate } from './values.js';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Interface to bind; 127.0.0.1 by default (the control API and grid have no auth). */
  host?: string;
  /** Persist state here (atomic, debounced). Omit for in-memory only. */
  stateFile?: string;
  quotas?: LimitsPatch['quotas'];
  latency?: LimitsPatch['latency'];
  faults?: LimitsPatch['faults'];
  /** Seed for latency jitter and fault choice, for reproducible runs. */
  seed?: number;
  /** Injectable clock (ms) for quota windows and log times. JWT checks use the real clock, as clients sign with it. */
  now?: () => number;
  /** Request bodies above this are rejected like Google (10 MB). */
  maxBodyBytes?: number;
  debounceMs?: number;
}

/** Import format of the control API: a whole spreadsheet as rows of plain values. */
export interface ImportSpec {
  spreadsheetId?: string;
  title: string;
  locale?: string;
  timeZone?: string;
  /** Without owner and editors the spreadsheet is open to any trusted key (`*`). */
  owner?: string;
  editors?: string[];
  /** How string cells are interpreted; RAW by default (values are already the types Google stores). */
  valueInputOption?: InputOption;
  sheets: {
    title: string;
    sheetId?: number;
    rows?: unknown[][];
    rowCount?: number;
    columnCount?: number;
    frozenRowCount?: number;
    /**
     * Either a list `[{ range: 'C2:C', format: { type: 'DATE', pattern: 'yyyy-mm-dd' } }]` (A1 within this sheet),
     * or a record keyed by header text (or column letter) whose format applies below the header row.
     */
    numberFormats?: { range: string; format: NumberFormat }[] | Record<string, NumberFormat>;
    /** Dropdowns (ONE_OF_LIST) below the header row, keyed by header text, as staff make them. */
    dropdowns?: Record<string, string[]>;
    /** Notes on header cells, keyed by header text. */
    notes?: Record<string, string>;
  }[];
}

export interface SnapshotSheet {
  sheetId: number;
  title: string;
  index: number;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  values: unknown[][];
}
export interface Snapshot {
  spreadsheetId: string;
  title: string;
  owner?: string;
  editors: string[];
  sheets: SnapshotSheet[];
}

interface Route {
  kind: string;
  access: Access;
  spreadsheetId?: string;
  range?: string;
}

const COMMON_PARAMS = [
  '$.xgafv',
  'access_token',
  'alt',
  'callback',
  'fields',
  'key',
  'oauth_token',
  'prettyPrint',
  'quotaUser',
  'upload_protocol',
  'uploadType',
];
const UPDATE_PARAMS = ['valueInputOption', 'includeValuesInResponse', 'responseValueRenderOption', 'responseDateTimeRenderOption'];
const PARAMS: Record<string, string[]> = {
  'spreadsheets.get': ['ranges', 'includeGridData', 'excludeTablesInBandedRanges'],
  'values.get': ['majorDimension', 'valueRenderOption', 'dateTimeRenderOption'],
  'values.batchGet': ['ranges', 'majorDimension', 'valueRenderOption', 'dateTimeRenderOption'],
  'values.update': UPDATE_PARAMS,
  'values.append': [...UPDATE_PARAMS, 'insertDataOption'],
};
const BODY_FIELDS: Record<string, string[]> = {
  'spreadsheets.create': [
    'spreadsheetId',
    'properties',
    'sheets',
    'namedRanges',
    'spreadsheetUrl',
    'developerMetadata',
    'dataSources',
    'dataSourceSchedules',
  ],
  'spreadsheets.batchUpdate': ['requests', 'includeSpreadsheetInResponse', 'responseRanges', 'responseIncludeGridData'],
  'values.update': ['range', 'majorDimension', 'values'],
  'values.append': ['range', 'majorDimension', 'values'],
  'values.batchUpdate': [
    'valueInputOption',
    'data',
    'includeValuesInResponse',
    'responseValueRenderOption',
    'responseDateTimeRenderOption',
  ],
  'values.clear': [],
  'values.batchClear': ['ranges'],
  'values.batchGetByDataFilter': ['dataFilters', 'majorDimension', 'valueRenderOption', 'dateTimeRenderOption'],
  'values.batchUpdateByDataFilter': [
    'valueInputOption',
    'data',
    'includeValuesInResponse',
    'responseValueRenderOption',
    'responseDateTimeRenderOption',
  ],
  'developerMetadata.search': ['dataFilters'],
};

/** Maps Google's REST paths (as googleapis or a plain fetch sends them) to a method. */
function route(method: string, rawPath: string): Route | null {
  if (rawPath === '/v4/spreadsheets') return method === 'POST' ? { kind: 'spreadsheets.create', access: 'write' } : null;
  const m = /^\/v4\/spreadsheets\/([^/:]+)(.*)$/.exec(rawPath);
  if (!m) return null;
  const id = decodeURIComponent(m[1]!);
  const rest = m[2] ?? '';
  const r = (kind: string, access: Access, range?: string): Route => ({ kind, access, spreadsheetId: id, range });
  if ((rest === '' || rest === '/') && method === 'GET') return r('spreadsheets.get', 'read'); // Google accepts the trailing slash
  if (rest === ':batchUpdate' && method === 'POST') return r('spreadsheets.batchUpdate', 'write');
  if (rest === '/values:batchGet' && method === 'GET') return r('values.batchGet', 'read');
  if (rest === '/values:batchUpdate' && method === 'POST') return r('values.batchUpdate', 'write');
  if (rest === '/values:batchClear' && method === 'POST') return r('values.batchClear', 'write');
  if (rest === '/values:batchGetByDataFilter' && method === 'POST') return r('values.batchGetByDataFilter', 'read');
  if (rest === '/values:batchUpdateByDataFilter' && method === 'POST') return r('values.batchUpdateByDataFilter', 'write');
  if (rest === '/developerMetadata:search' && method === 'POST') return r('developerMetadata.search', 'read');
  const dm = /^\/developerMetadata\/(\d+)$/.exec(rest);
  if (dm && method === 'GET') return r('developerMetadata.get', 'read', dm[1]);
  const v = /^\/values\/(.+?)(:append|:clear)?$/.exec(rest);
  if (!v) return null;
  let range: string;
  try {
    range = decodeURIComponent(v[1]!);
  } catch {
    return r('values.invalid', 'read', v[1]);
  }
  if (!v[2] && method === 'GET') return r('values.get', 'read', range);
  if (!v[2] && method === 'PUT') return r('values.update', 'write', range);
  if (v[2] === ':append' && method === 'POST') return r('values.append', 'write', range);
  if (v[2] === ':clear' && method === 'POST') return r('values.clear', 'write', range);
  return null;
}

function rangesOf(rt: Route, query: URLSearchParams, body: Record<string, any>): string[] | undefined {
  if (rt.range) return [rt.range];
  if (rt.kind === 'values.batchGet' || rt.kind === 'spreadsheets.get')
    return query.getAll('ranges').length ? query.getAll('ranges') : undefined;
  if (rt.kind === 'values.batchUpdate') return Array.isArray(body?.data) ? body.data.map((d: any) => String(d?.range)) : undefined;
  if (rt.kind === 'values.batchClear') return Array.isArray(body?.ranges) ? body.ranges.map(String) : undefined;
  return undefined;
}

export class Emulator {
  url = '';
  tokenUrl = '';
  readonly store: Store;
  readonly limits: Limits;
  readonly auth: Auth;
  readonly now: () => number;
  /** Staff edits to apply just before a client's next request (armed-edits.ts). */
  readonly armed = new ArmedEdits();
  private server: Server;
  private pending = new Set<() => void>();
  private maxBody: number;

  constructor(private opts: EmulatorOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.store = new Store(opts.stateFile, opts.debounceMs);
    this.limits = new Limits(this.now);
    this.limits.configure({ quotas: opts.quotas, latency: opts.latency, faults: opts.faults, seed: opts.seed });
    this.auth = new Auth(this.store, { tokenUrl: () => this.tokenUrl, baseUrl: () => this.url }, Date.now);
    this.maxBody = opts.maxBodyBytes ?? 10 * 1024 * 1024;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        console.error('[sheets-emulator]', e);
        if (!res.headersSent) this.sendJson(res, 500, internal().toJSON());
      });
    });
  }

  async listen(): Promise<void> {
    const host = this.opts.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port ?? 0, host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    this.url = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
    this.tokenUrl = `${this.url}/token`;
  }

  /** Stops the server, releases hung "timeout" faults and writes the state file. */
  async close(): Promise<void> {
    for (const release of this.pending) release();
    this.pending.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.store.flush();
  }

  // ---- in-process control API -------------------------------------------------------------

  createServiceAccount(email?: string): Promise<ServiceAccountKey> {
    return this.auth.createServiceAccount(email);
  }

  trustKey(input: TrustKeyInput) {
    return this.auth.trustKey(input);
  }

  configure(patch: LimitsPatch) {
    return structuredClone(this.limits.configure(patch));
  }

  log() {
    return this.limits.log();
  }

  counters() {
    return this.limits.counters();
  }

  resetLog() {
    this.limits.resetLog();
  }

  resetQuotas() {
    this.limits.resetQuotas();
  }

  flush() {
    this.store.flush();
  }

  list() {
    return [...this.store.spreadsheets.values()].map((ss) => ({
      spreadsheetId: ss.spreadsheetId,
      title: ss.properties.title,
      owner: ss.owner,
      editors: ss.editors,
      sheets: ss.sheets.map((s) => s.properties.title),
    }));
  }

  /** Imports a whole spreadsheet (see ImportSpec); returns its summary with the new ID. */
  createSpreadsheet(spec: ImportSpec) {
    if (!spec || typeof spec.title !== 'string' || !Array.isArray(spec.sheets)) throw badRequest('import needs title and sheets[]');
    const ss = buildSpreadsheet(
      {
        properties: {
          title: spec.title,
          ...(spec.locale ? { locale: spec.locale } : {}),
          ...(spec.timeZone ? { timeZone: spec.timeZone } : {}),
        },
        sheets: spec.sheets.map((s) => ({
          properties: {
            title: s.title,
            ...(s.sheetId !== undefined ? { sheetId: s.sheetId } : {}),
            gridProperties: {
              // Room below the data, as a sheet someone has been filling has (Sheets adds rows in thousands).
              rowCount: Math.max(s.rowCount ?? 1000, Math.ceil(((s.rows?.length ?? 0) + 1) / 1000) * 1000),
              // A loop, not Math.max(...rows): 200,000 arguments overflow the stack.
              columnCount: (s.rows ?? []).reduce((most, r) => Math.max(most, r.length), s.columnCount ?? 26),
              ...(s.frozenRowCount ? { frozenRowCount: s.frozenRowCount } : {}),
            },
          },
        })),
      },
      spec.owner,
    );
    if (spec.spreadsheetId) ss.spreadsheetId = spec.spreadsheetId;
    ss.editors = spec.editors ?? (spec.owner ? [] : ['*']);
    const option = spec.valueInputOption ?? 'RAW';
    spec.sheets.forEach((s, i) => {
      const sheet = ss.sheets.find((x) => x.properties.title === s.title) ?? ss.sheets[i]!;
      writeRows(sheet, s.rows ?? [], (v, r, c) => inputToCell(v, option, ss.properties.locale, `sheets[${i}].rows[${r}][${c}]`));
      for (const nf of numberFormatList(sheet, s.numberFormats)) {
        const { bounds } = resolveRange({ ...ss, sheets: [sheet] }, nf.range);
        const b = clampBounds(sheet, bounds);
        for (let r = b.startRow; r < b.endRow; r++)
          for (let c = b.startCol; c < b.endCol; c++) {
            const row = (sheet.rows[r] ??= []);
            while (row.length <= c) row.push(null);
            const cell = (row[c] ??= {});
            cell.userEnteredFormat = { ...(cell.userEnteredFormat ?? {}), numberFormat: nf.format };
          }
      }
      const header = (sheet.rows[0] ?? []).map((c) => c?.userEnteredValue?.stringValue?.trim());
      const cellAt = (r: number, c: number) => {
        const row = (sheet.rows[r] ??= []);
        while (row.length <= c) row.push(null);
        return (row[c] ??= {});
      };
      for (const [text, values] of Object.entries(s.dropdowns ?? {})) {
        const c = header.indexOf(text.trim());
        if (c < 0) throw new Error(`sheets[${i}].dropdowns: no header "${text}"`);
        const rule = {
          condition: { type: 'ONE_OF_LIST', values: values.map((v) => ({ userEnteredValue: v })) },
          strict: true,
          showCustomUi: true,
        };
        for (let r = 1; r < sheet.properties.gridProperties.rowCount; r++) cellAt(r, c).dataValidation = structuredClone(rule);
      }
      for (const [text, note] of Object.entries(s.notes ?? {})) {
        const c = header.indexOf(text.trim());
        if (c < 0) throw new Error(`sheets[${i}].notes: no header "${text}"`);
        cellAt(0, c).note = note;
      }
    });
    this.store.spreadsheets.set(ss.spreadsheetId, ss);
    this.store.changed();
    return this.list().find((x) => x.spreadsheetId === ss.spreadsheetId)!;
  }

  /** Same as createSpreadsheet, returning just the new spreadsheet ID. */
  async importSpreadsheet(spec: ImportSpec): Promise<string> {
    return this.createSpreadsheet(spec).spreadsheetId;
  }

  hasSpreadsheet(id: string): boolean {
    return this.store.spreadsheets.has(id);
  }

  /** One sheet's values (first sheet if no title), rendered like values.get; `{ range, values }`. */
  sheetValues(id: string, title?: string, render: ValueRender = 'UNFORMATTED_VALUE') {
    const ss = this.store.spreadsheets.get(id);
    if (!ss) throw notFound();
    const sheet = title === undefined ? ss.sheets[0]! : findSheet(ss, title);
    if (!sheet) throw badRequest(`Unable to parse range: ${title}`);
    const b = clampBounds(sheet, {});
    return { range: rangeText(sheet, b), values: readValues(new Evaluator(ss), sheet, b, render, 'SERIAL_NUMBER', 'ROWS') };
  }

  /** Loads a state file's content (spreadsheets, keys, tokens), merging into the current state. */
  load(state: StateFile) {
    this.store.loadState(state);
    this.store.changed();
  }

  getSpreadsheet(id: string): Spreadsheet | undefined {
    return this.store.spreadsheets.get(id);
  }

  /** A copy under a new ID (what Drive's files.copy does). */
  copySpreadsheet(id: string, newId: string, title?: string) {
    const ss = this.store.spreadsheets.get(id);
    if (!ss) throw notFound();
    const copy = structuredClone(ss);
    copy.spreadsheetId = newId;
    if (title) copy.properties.title = title;
    this.store.spreadsheets.set(newId, copy);
    this.store.changed();
  }

  deleteSpreadsheet(id: string) {
    const ok = this.store.spreadsheets.delete(id);
    this.store.changed();
    return ok;
  }

  /** Plain JSON of every sheet's values (UNFORMATTED_VALUE by default: numbers, serial dates, booleans). */
  snapshot(id: string, render: ValueRender = 'UNFORMATTED_VALUE'): Snapshot {
    const ss = this.store.spreadsheets.get(id);
    if (!ss) throw notFound();
    const ev = new Evaluator(ss);
    return {
      spreadsheetId: ss.spreadsheetId,
      title: ss.properties.title,
      owner: ss.owner,
      editors: ss.editors,
      sheets: ss.sheets.map((s) => {
        const g = s.properties.gridProperties;
        return {
          sheetId: s.properties.sheetId,
          title: s.properties.title,
          index: s.properties.index,
          rowCount: g.rowCount,
          columnCount: g.columnCount,
          frozenRowCount: g.frozenRowCount ?? 0,
          values: readValues(ev, s, clampBounds(s, {}), render, 'SERIAL_NUMBER', 'ROWS'),
        };
      }),
    };
  }

  share(id: string, email: string) {
    const ss = this.store.spreadsheets.get(id);
    if (!ss) throw notFound();
    if (!ss.editors.includes(email)) ss.editors.push(email);
    this.store.changed();
  }

  /** Staff-like edits without quota or log: `{ requests }` as batchUpdate and/or `{ data, valueInputOption }` as values.batchUpdate. */
  edit(id: string, body: { requests?: unknown[]; data?: unknown[]; valueInputOption?: string }) {
    return this.mutate(id, (ss) => ({
      ...(body.requests ? { batchUpdate: { spreadsheetId: id, ...batchUpdate(ss, { requests: body.requests }) } } : {}),
      ...(body.data
        ? { values: valuesBatchUpdate(ss, { valueInputOption: body.valueInputOption ?? 'USER_ENTERED', data: body.data }) }
        : {}),
    }));
  }

  /** Runs a change on a copy and commits it only if it succeeds, so every request is atomic. */
  mutate<T>(id: string, fn: (ss: Spreadsheet) => T): T {
    const cur = this.store.spreadsheets.get(id);
    if (!cur) throw notFound();
    // Copy-on-write (store.ts): the cost follows the cells a change writes, not the spreadsheet's size.
    const work = workingCopy(cur);
    const out = fn(work);
    this.store.spreadsheets.set(id, work);
    this.store.changed();
    return out;
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  sendJson(res: ServerResponse, status: number, body: unknown, pretty = true) {
    if (res.headersSent || res.destroyed) return;
    const text = pretty ? JSON.stringify(body, null, 2) + '\n' : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=UTF-8',
      'cache-control': 'private',
      vary: 'Origin, X-Origin, Referer',
    });
    res.end(text);
  }

  /** Reads the body; past the limit it keeps draining (so the client sees our answer) but stops storing. */
  readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= this.maxBody) chunks.push(c);
      });
      req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > this.maxBody }));
      req.on('error', reject);
    });
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(t);
        this.pending.delete(release);
        resolve();
      };
      const t = setTimeout(release, ms);
      this.pending.add(release);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path.startsWith('/__emulator')) {
      const { text } = await this.readBody(req);
      return handleControl(this, method, path, url.searchParams, text, res);
    }
    if (path === '/token') {
      const { text } = await this.readBody(req);
      if (method !== 'POST') return this.sendJson(res, 405, { error: 'invalid_request', error_description: 'Use POST.' });
      const out = this.auth.token(new URLSearchParams(text));
      return this.sendJson(res, out.status, out.body);
    }
    if (path.startsWith('/v4/')) return this.handleApi(req, res, url, method);
    const { text } = await this.readBody(req);
    const page = handleGridPage(this, method, path, url.searchParams, text);
    if (page) {
      res.writeHead(page.status, page.headers);
      return res.end(page.body);
    }
    this.sendJson(res, 404, notFound().toJSON());
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, url: URL, method: string) {
    const started = performance.now();
    const rawPath = url.pathname;
    const rt = route(method, rawPath) ?? { kind: 'unknown', access: (method === 'GET' ? 'read' : 'write') as Access };
    const q = url.searchParams;
    const pretty = q.get('prettyPrint') !== 'false';
    let user: string | undefined;
    let status = 200;
    let fault: FaultKind | undefined;
    let body: Record<string, any> = {};
    const finish = (code: number, payload: unknown) => {
      status = code;
      this.sendJson(res, code, payload, pretty);
    };
    try {
      const { text, tooLarge } = await this.readBody(req);
      if (rt.kind === 'unknown') throw new ApiError(404, 'NOT_FOUND', 'Method not found.');
      user = this.auth.authenticate(req.headers.authorization, q.get('access_token'));
      const quota = this.limits.checkQuota(user, rt.access);
      if (quota) throw quota;
      fault = this.limits.pickFault(rt.access);
      await this.sleep(this.limits.latencyMs());
      const f = this.limits.config.faults;
      if (fault && f.phase === 'before') await this.injectFault(fault, rt.access, res);
      if (res.destroyed) return;
      if (tooLarge) throw badRequest(`Request payload size exceeds the limit: ${this.maxBody} bytes.`);
      body = parseBody(text, method);
      for (const k of q.keys()) if (!COMMON_PARAMS.includes(k) && !(PARAMS[rt.kind] ?? []).includes(k)) throw unknownQueryParam(k);
      const allowed = BODY_FIELDS[rt.kind];
      if (allowed) for (const k of Object.keys(body)) if (!allowed.includes(k)) throw unknownField(k);
      if (rt.kind === 'values.invalid') throw badRequest(`Unable to parse range: ${rt.range}`);
      if (rt.spreadsheetId) this.armed.fire(this, rt.spreadsheetId, rt.kind, rt.access);
      const result = this.dispatch(rt, user, q, body);
      if (fault && f.phase === 'after') await this.injectFault(fault, rt.access, res);
      if (res.destroyed) return;
      const fields = q.get('fields');
      finish(200, fields ? applyFields(result, parseFields(fields)) : result);
    } catch (e) {
      if (e instanceof ApiError) finish(e.code, e.toJSON());
      else {
        console.error('[sheets-emulator]', e);
        finish(500, internal().toJSON());
      }
    } finally {
      if (res.destroyed && !res.writableEnded) status = 0;
      this.limits.record({
        time: new Date(this.now()).toISOString(),
        method,
        kind: rt.kind,
        spreadsheetId: rt.spreadsheetId,
        ranges: rangesOf(rt, q, body),
        status,
        user,
        access: rt.access,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(fault ? { fault } : {}),
      });
    }
  }

  /** Throws the injected error, or hangs and then drops the socket / answers 504. */
  private async injectFault(kind: FaultKind, access: Access, res: ServerResponse) {
    const q = this.limits.config.quotas;
    if (kind === '429') throw quotaError(access, 'user', access === 'read' ? q.readPerUser : q.writePerUser, q.projectNumber);
    if (kind === '500') throw internal();
    if (kind === '503') throw unavailable();
    await this.sleep(this.limits.config.faults.timeoutMs);
    if (this.limits.config.faults.timeoutMode === '504') throw deadline();
    res.socket?.destroy();
    res.destroy();
  }

  private dispatch(rt: Route, user: string, q: URLSearchParams, body: Record<string, any>): unknown {
    if (rt.kind === 'spreadsheets.create') {
      const ss = buildSpreadsheet(body, user);
      this.store.spreadsheets.set(ss.spreadsheetId, ss);
      this.store.changed();
      return spreadsheetJson(ss, this.url);
    }
    const id = rt.spreadsheetId!;
    const ss = this.store.spreadsheets.get(id);
    if (!ss) throw notFound();
    const who = user.toLowerCase();
    if (ss.owner?.toLowerCase() !== who && !ss.editors.some((e) => e === '*' || e.toLowerCase() === who)) throw permissionDenied();
    switch (rt.kind) {
      case 'spreadsheets.get': {
        // With a field mask Google ignores includeGridData: naming sheets.data is what asks for it.
        const fields = q.get('fields');
        const includeGridData = fields ? maskNames(parseFields(fields), ['sheets', 'data']) : q.get('includeGridData') === 'true';
        return spreadsheetJson(ss, this.url, { ranges: q.getAll('ranges'), includeGridData });
      }
      case 'values.get':
        return valuesGet(ss, rt.range!, q);
      case 'values.batchGet':
        return valuesBatchGet(ss, q);
      case 'values.batchGetByDataFilter':
        return valuesBatchGetByDataFilter(ss, body);
      case 'developerMetadata.search':
        return searchDeveloperMetadata(ss, body);
      case 'developerMetadata.get':
        return getDeveloperMetadata(ss, Number(rt.range));
    }
    return this.mutate(id, (work) => {
      switch (rt.kind) {
        case 'spreadsheets.batchUpdate': {
          const { replies } = batchUpdate(work, body, { user });
          const out: Record<string, unknown> = { spreadsheetId: id, replies };
          if (body.includeSpreadsheetInResponse) {
            out.updatedSpreadsheet = spreadsheetJson(work, this.url, {
              ranges: body.responseRanges,
              includeGridData: !!body.responseIncludeGridData,
            });
          }
          return out;
        }
        case 'values.update':
          return valuesUpdate(work, rt.range!, q, body);
        case 'values.append':
          return valuesAppend(work, rt.range!, q, body);
        case 'values.batchUpdate':
          return valuesBatchUpdate(work, body);
        case 'values.clear':
          return valuesClear(work, rt.range!);
        case 'values.batchClear':
          return valuesBatchClear(work, body);
        case 'values.batchUpdateByDataFilter':
          return valuesBatchUpdateByDataFilter(work, body);
      }
      throw new ApiError(404, 'NOT_FOUND', 'Method not found.');
    });
  }
}

/** Normalises the two numberFormats forms of ImportSpec to A1 ranges. */
function numberFormatList(sheet: Sheet, nf: ImportSpec['sheets'][number]['numberFormats']): { range: string; format: NumberFormat }[] {
  if (!nf) return [];
  if (Array.isArray(nf)) return nf;
  const header = (sheet.rows[0] ?? []).map((c) => c?.userEnteredValue?.stringValue?.trim());
  return Object.entries(nf).map(([key, format]) => {
    const col = header.indexOf(key.trim());
    if (col >= 0) return { range: `${columnToLetters(col)}2:${columnToLetters(col)}`, format };
    if (/^[A-Z]{1,3}$/.test(key)) return { range: `${key}2:${key}`, format };
    return { range: key, format };
  });
}

function parseBody(text: string, method: string): Record<string, any> {
  if (method === 'GET' || text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw badRequest(`Invalid JSON payload received. ${(e as Error).message.replace(/^JSON\.parse: /, '')}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badRequest('Invalid JSON payload received. Expected an object.');
  return v as Record<string, any>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const emu = new Emulator(opts);
  await emu.listen();
  return emu;
}
