/**
 * Replays recorded real Google Sheets traffic (gspread's test cassettes, see
 * ../shared/google-traffic/README.md) against the emulator and scores every Sheets request:
 * `exact` (same status and body), `shape` (same status, same keys and value types, different
 * values) or `different`. Drive calls are not Sheets: a Drive "create" creates the same
 * spreadsheet (same ID and title) in the emulator, a "copy" copies it, everything else on
 * Drive is skipped. IDs Google chose when adding sheets, protected and named ranges are
 * passed along in the request, so later requests naming them mean the same thing.
 *
 * `npx tsx tools/sheets-emulator/replay.ts [dir]` prints the score and every difference.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redirectTokenRequests } from './client.js';
import type { Emulator } from './server.js';

export type Verdict = 'exact' | 'shape' | 'different';

export interface ReplayResult {
  cassette: string;
  /** Position of the interaction in the cassette. */
  index: number;
  method: string;
  /** Path and query as recorded, without the host. */
  path: string;
  /** batchUpdate request kinds, for grouping. */
  kinds: string[];
  googleStatus: number;
  emulatorStatus: number;
  verdict: Verdict;
  /** The first few JSON paths where the answers differ (value or shape). */
  diffs: string[];
}

export interface ReplayScore {
  results: ReplayResult[];
  total: number;
  exact: number;
  shape: number;
  different: number;
  /** (exact + shape) / total */
  rate: number;
  /** Requests to spreadsheets the recording account already had (not created in the cassette): not replayable. */
  skipped: string[];
}

interface Interaction {
  request: { method: string; uri: string; body: string | null };
  response: { status: { code: number }; body: { string: string } };
}

const SHEETS = 'https://sheets.googleapis.com';
const DRIVE_FILES = /^https:\/\/www\.googleapis\.com\/drive\/v3\/files(?:\/([^/?]+))?(\/copy)?(?:\?|$)/;

/** Where the shared recordings sit: `$HOUQIN_SHARED`, or `shared/` beside the clone or its parent. */
export function findCassettes(repoRoot: string): string | undefined {
  const candidates = [process.env.HOUQIN_SHARED, join(repoRoot, '..', 'shared'), join(repoRoot, '..', '..', 'shared')].filter(
    (x): x is string => !!x,
  );
  for (const base of candidates) {
    const dir = join(base, 'google-traffic', 'gspread-cassettes');
    if (existsSync(dir)) return resolve(dir);
  }
  return undefined;
}

function parse(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Google's IDs for new sheets, protected and named ranges, put into the request so the emulator picks the same. */
function pinChosenIds(body: any, reply: any) {
  body?.requests?.forEach((req: any, i: number) => {
    const r = reply?.replies?.[i];
    if (req.addSheet && r?.addSheet) {
      req.addSheet.properties ??= {};
      req.addSheet.properties.sheetId ??= r.addSheet.properties.sheetId;
    }
    if (req.duplicateSheet && r?.duplicateSheet) req.duplicateSheet.newSheetId ??= r.duplicateSheet.properties.sheetId;
    if (req.addProtectedRange && r?.addProtectedRange)
      req.addProtectedRange.protectedRange.protectedRangeId ??= r.addProtectedRange.protectedRange.protectedRangeId;
    if (req.addNamedRange && r?.addNamedRange) req.addNamedRange.namedRange.namedRangeId ??= r.addNamedRange.namedRange.namedRangeId;
  });
}

/** Values that differ by where they were served from, not by what they say. */
function normalise(v: unknown, key = ''): unknown {
  if (key === 'spreadsheetUrl' && typeof v === 'string') return '<url>';
  if (Array.isArray(v)) return v.map((x) => normalise(x));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x, k)]));
  return v;
}

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Paths where a and b differ; `shapeOnly` ignores leaf values (numbers, strings, booleans) and list lengths. */
export function differences(a: unknown, b: unknown, shapeOnly: boolean, path = '', out: string[] = []): string[] {
  if (out.length >= 8) return out;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb) {
    out.push(`${path || '.'}: ${ka === 'undefined' ? 'missing' : ka} vs ${kb === 'undefined' ? 'missing' : kb}`);
    return out;
  }
  if (ka === 'array') {
    const xa = a as unknown[];
    const xb = b as unknown[];
    if (!shapeOnly && xa.length !== xb.length) out.push(`${path}: ${xa.length} items vs ${xb.length}`);
    const n = shapeOnly ? Math.min(xa.length, xb.length) : Math.max(xa.length, xb.length);
    for (let i = 0; i < n && out.length < 8; i++) {
      if (!shapeOnly || kindOf(xa[i]) === 'object' || kindOf(xa[i]) === 'array') differences(xa[i], xb[i], shapeOnly, `${path}[${i}]`, out);
      else if (kindOf(xa[i]) !== kindOf(xb[i])) out.push(`${path}[${i}]: ${kindOf(xa[i])} vs ${kindOf(xb[i])}`);
    }
    return out;
  }
  if (ka === 'object') {
    const oa = a as Record<string, unknown>;
    const ob = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(oa), ...Object.keys(ob)])) differences(oa[k], ob[k], shapeOnly, path ? `${path}.${k}` : k, out);
    return out;
  }
  if (!shapeOnly && a !== b) out.push(`${path || '.'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`.slice(0, 240));
  return out;
}

function judge(google: unknown, emulator: unknown, gs: number, es: number): { verdict: Verdict; diffs: string[] } {
  const g = normalise(google);
  const e = normalise(emulator);
  const exact = differences(g, e, false);
  if (gs === es && exact.length === 0) return { verdict: 'exact', diffs: [] };
  const shape = differences(g, e, true);
  if (gs === es && shape.length === 0) return { verdict: 'shape', diffs: exact };
  return { verdict: 'different', diffs: gs === es ? shape : [`status ${gs} vs ${es}`, ...shape] };
}

/** Replays one cassette file against the emulator (which must trust `token`'s account). */
export async function replayCassette(
  emu: Emulator,
  file: string,
  token: string,
  owner: string,
  skipped: string[] = [],
): Promise<ReplayResult[]> {
  const { interactions } = JSON.parse(readFileSync(file, 'utf8')) as { interactions: Interaction[] };
  const cassette = file.replace(/^.*\//, '').replace(/\.json$/, '');
  const results: ReplayResult[] = [];
  for (const [index, it] of interactions.entries()) {
    const { method, uri } = it.request;
    const recorded = parse(it.response.body?.string);
    const drive = DRIVE_FILES.exec(uri);
    if (drive) {
      const created = recorded as { id?: string; name?: string } | undefined;
      if (method === 'POST' && !drive[1] && created?.id && /spreadsheet/.test(it.request.body ?? '')) {
        emu.createSpreadsheet({
          spreadsheetId: created.id,
          title: created.name ?? 'Untitled spreadsheet',
          owner,
          sheets: [{ title: 'Sheet1', sheetId: 0 }],
        });
      } else if (method === 'POST' && drive[2] && created?.id && emu.hasSpreadsheet(drive[1]!)) {
        emu.copySpreadsheet(drive[1]!, created.id, created.name);
      } else if (method === 'DELETE' && drive[1]) emu.deleteSpreadsheet(decodeURIComponent(drive[1]));
      continue;
    }
    if (!uri.startsWith(SHEETS)) continue;
    const path = uri.slice(SHEETS.length);
    // A spreadsheet the cassette did not create (already in, or kept from, the recording account) can't be replayed.
    const target = /^\/v4\/spreadsheets\/([^/:?]+)/.exec(path)?.[1];
    if (target && !emu.hasSpreadsheet(decodeURIComponent(target)) && (it.response.status.code < 300 || it.response.status.code === 403)) {
      skipped.push(`${cassette}#${index}`);
      continue;
    }
    const body = parse(it.request.body) as any;
    if (body && typeof body === 'object') pinChosenIds(body, recorded);
    const init = {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    };
    // A kept-alive socket the server just closed resets once in a while on a busy machine: send again.
    const res = await fetch(emu.url + path, init).catch(() => fetch(emu.url + path, init));
    const answer = parse(await res.text());
    const { verdict, diffs } = judge(recorded, answer, it.response.status.code, res.status);
    results.push({
      cassette,
      index,
      method,
      path,
      kinds: (body?.requests ?? []).map((r: object) => Object.keys(r)[0]),
      googleStatus: it.response.status.code,
      emulatorStatus: res.status,
      verdict,
      diffs,
    });
  }
  return results;
}

export async function replayAll(emu: Emulator, dir: string, token: string, owner: string): Promise<ReplayScore> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const results: ReplayResult[] = [];
  const skipped: string[] = [];
  for (const f of files) results.push(...(await replayCassette(emu, join(dir, f), token, owner, skipped)));
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  const total = results.length;
  return {
    results,
    total,
    exact: count('exact'),
    shape: count('shape'),
    different: count('different'),
    rate: total ? (count('exact') + count('shape')) / total : 0,
    skipped,
  };
}

/** The score and every request that did not come back exact or same-shaped, one line each. */
export function report(score: ReplayScore, withShape = false): string {
  const pct = (n: number) => `${((100 * n) / Math.max(1, score.total)).toFixed(1)}%`;
  const lines = [
    `${score.total} Sheets requests replayed: ${score.exact} exact (${pct(score.exact)}), ${score.shape} same shape (${pct(score.shape)}), ${score.different} different (${pct(score.different)}); ${(score.rate * 100).toFixed(1)}% exact or same shape (${score.skipped.length} requests to spreadsheets made before the recording skipped)`,
  ];
  for (const r of score.results) {
    if (r.verdict === 'exact' || (r.verdict === 'shape' && !withShape)) continue;
    const what = r.kinds.length ? ` [${r.kinds.join(',')}]` : '';
    lines.push(
      `${r.verdict.padEnd(9)} ${r.cassette}#${r.index} ${r.method} ${decodeURIComponent(r.path).slice(0, 120)}${what}\n            ${r.diffs.join('\n            ')}`,
    );
  }
  return lines.join('\n');
}

/** Starts an emulator, mints a key and replays every cassette. */
export async function replayWithNewEmulator(dir: string): Promise<ReplayScore> {
  const { startEmulator } = await import('./server.js');
  const emu = await startEmulator({ port: 0 });
  try {
    const key = await emu.createServiceAccount('replay@houqin-local.iam.gserviceaccount.com');
    const { google } = await import('googleapis');
    const auth = redirectTokenRequests(
      new google.auth.JWT({
        email: key.client_email,
        key: key.private_key,
        keyId: key.private_key_id,
        scopes: ['https://www.googleapis.com/auth/spreadsheets'],
      }),
      emu.tokenUrl,
    );
    const { token } = await auth.getAccessToken();
    return await replayAll(emu, dir, token!, key.client_email);
  } finally {
    await emu.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const dir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? findCassettes(root);
  if (!dir) throw new Error('No recordings: set HOUQIN_SHARED or put shared/ beside the clone.');
  const score = await replayWithNewEmulator(dir);
  console.log(report(score, process.argv.includes('--shape')));
}
