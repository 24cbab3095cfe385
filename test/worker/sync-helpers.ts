/** Shared helpers for the sync tests: emulator control API, fresh spreadsheets, a gateway per test. */
import { env } from 'cloudflare:test';
import { inject } from 'vitest';
import { allTabs, type TabDef } from '../../sheets-schema/index.js';
import { demoSpreadsheetFor } from '../../tools/demo/school.js';
import { schoolData, type SyncedSchoolData } from '../../src/core/data/school-data.js';
import type { GatewayOptions } from '../../src/core/sync/gateway.js';
import type { WriteMeta } from '../../src/core/data/types.js';
import type { Env } from '../../src/env.js';

export type Emu = ReturnType<typeof emulator>;

/** The control API of one emulator (`main` is the one the Worker's bindings use). */
export type EmulatorName = 'main' | 'chaos' | 'outage';
const emulatorUrls = { main: 'emulatorUrl', chaos: 'chaosEmulatorUrl', outage: 'outageEmulatorUrl' } as const;

export function emulator(which: EmulatorName = 'main') {
  const base = inject(emulatorUrls[which]);
  const call = async <T = any>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    base,
    call,
    /** A new spreadsheet with these tabs (demo rows), so each test has its own gateway. */
    async create(tabList: readonly TabDef[] = allTabs, title = 'sync test'): Promise<string> {
      const spec = demoSpreadsheetFor(tabList);
      const out = await call<{ spreadsheetId: string }>('POST', '/spreadsheets', { ...spec, title });
      return out.spreadsheetId;
    },
    /** Values of one sheet as the emulator holds them (no quota, not logged). */
    async values(id: string, sheet: string): Promise<unknown[][]> {
      const out = await call<any>('GET', `/spreadsheets/${encodeURIComponent(id)}/values?sheet=${encodeURIComponent(sheet)}`);
      return (out.values ?? out) as unknown[][];
    },
    /** Staff-like edit: spreadsheets.batchUpdate requests and/or value writes. */
    edit: (id: string, body: { requests?: unknown[]; data?: unknown[]; valueInputOption?: string }) =>
      call('POST', `/spreadsheets/${encodeURIComponent(id)}/edit`, body),
    snapshot: (id: string) =>
      call<{ sheets: Array<{ sheetId: number; title: string; values: unknown[][] }> }>('GET', `/spreadsheets/${encodeURIComponent(id)}`),
    log: () => call<any>('GET', '/log'),
    configure: (patch: unknown) => call('POST', '/config', patch),
    resetQuotas: () => call('POST', '/quota/reset'),
  };
}

/** Sheets API requests the emulator logged for one spreadsheet, by kind. */
export async function requestsFor(emu: Emu, spreadsheetId: string, sinceId = 0) {
  const log = await emu.log();
  const entries: Array<{ id: number; kind: string; spreadsheetId?: string; status: number }> = Array.isArray(log)
    ? log
    : (log.entries ?? []);
  return entries.filter((e) => e.spreadsheetId === spreadsheetId && e.id > sinceId);
}

export async function lastLogId(emu: Emu): Promise<number> {
  const log = await emu.log();
  const entries: Array<{ id: number }> = Array.isArray(log) ? log : (log.entries ?? []);
  return entries.at(-1)?.id ?? 0;
}

/** A data facade for a spreadsheet, configured for fast tests. */
export async function gateway(
  spreadsheetId: string,
  options: Partial<GatewayOptions> = {},
  which: EmulatorName = 'main',
): Promise<SyncedSchoolData> {
  const data = schoolData(env as unknown as Pick<Env, 'GATEWAY'>, spreadsheetId);
  const base = which === 'main' ? undefined : inject(emulatorUrls[which]);
  await data.configure({
    flushDelayMs: 50,
    writesPerMinute: 100_000,
    writeBurst: 1000,
    readsPerMinute: 100_000,
    readBurst: 1000,
    ...(base ? { apiBase: base, tokenUrl: `${base}/token` } : {}),
    ...options,
  });
  return data;
}

let n = 0;
export const meta = (action = 'test.write', key?: string): WriteMeta => ({
  idempotencyKey: key ?? `k-${Date.now()}-${n++}-${Math.random().toString(36).slice(2)}`,
  actor: { id: 'P-TEST', name: '测试员' },
  action,
});

/** Wait until the gateway has nothing pending (alarms do the work), or fail after `ms`. */
export async function settled(data: SyncedSchoolData, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const s = await data.status();
    if (s.pending === 0) return;
    if (Date.now() > until) throw new Error(`still pending: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Header row → column index by header text. */
export function col(values: unknown[][], header: string): number {
  const i = (values[0] ?? []).indexOf(header);
  if (i < 0) throw new Error(`no column ${header} in ${JSON.stringify(values[0])}`);
  return i;
}
