import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiError, jwtClient, setup, sheetsFor, type Setup } from './helpers.js';

let s: Setup;
let id: string;
let clock = Date.UTC(2026, 10, 20, 8, 0, 0);
beforeAll(async () => {
  s = await setup({ now: () => clock, seed: 7 });
  id = (await s.sheets.spreadsheets.create({ requestBody: {} })).data.spreadsheetId!;
});
afterAll(async () => {
  await s.emu.close();
});
beforeEach(() => {
  s.emu.configure({
    quotas: { enabled: false },
    latency: { meanMs: 0, jitterMs: 0 },
    faults: { rate: 0, phase: 'before', only: 'all', kinds: ['429', '500', '503'] },
  });
  s.emu.resetQuotas();
  s.emu.resetLog();
});

const read = () => s.sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'A1' });
const write = (v: unknown = 1) =>
  s.sheets.spreadsheets.values.update({ spreadsheetId: id, range: 'A1', valueInputOption: 'RAW', requestBody: { values: [[v]] } });

describe('quotas (fixed one-minute windows, injectable clock)', () => {
  it('429 RESOURCE_EXHAUSTED past the per-user read limit; reads and writes counted separately; a new window resets', async () => {
    s.emu.configure({ quotas: { enabled: true, readPerUser: 3, writePerUser: 2 } });
    for (let i = 0; i < 3; i++) await read();
    const e = await apiError(read());
    expect(e.status).toBe(429);
    expect(e.body.error.status).toBe('RESOURCE_EXHAUSTED');
    expect(e.message).toMatch(
      /^Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:\d+'\.$/,
    );
    expect(e.body.error.details[0]).toMatchObject({ reason: 'RATE_LIMIT_EXCEEDED', metadata: { quota_limit_value: '3' } });
    await write();
    await write();
    expect((await apiError(write())).message).toMatch(/'Write requests per minute per user'/);
    clock += 60_000;
    expect((await read()).status).toBe(200);
    expect(s.emu.counters().quotaRejections).toBe(2);
  });
  it('per-project limit applies across users; a batch counts as one request', async () => {
    s.emu.configure({ quotas: { enabled: true, readPerUser: 100, readPerProject: 2 } });
    const other = await s.emu.createServiceAccount();
    s.emu.share(id, other.client_email);
    await s.sheets.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ['A1', 'B1', 'C1'] });
    await sheetsFor(s.emu, jwtClient(s.emu, other)).spreadsheets.values.get({ spreadsheetId: id, range: 'A1' });
    expect((await apiError(read())).message).toMatch(/limit 'Read requests per minute' of service/);
  });
  it('window length is configurable', async () => {
    s.emu.configure({ quotas: { enabled: true, readPerUser: 1, windowMs: 1000 } });
    await read();
    expect((await apiError(read())).status).toBe(429);
    clock += 1000;
    expect((await read()).status).toBe(200);
  });
});

describe('latency and faults', () => {
  it('adds latency', async () => {
    s.emu.configure({ latency: { meanMs: 60, jitterMs: 0 } });
    const t = performance.now();
    await read();
    expect(performance.now() - t).toBeGreaterThanOrEqual(55);
  });
  it('injects 500/503/429 at the configured rate, deterministically with a seed, only for writes when asked', async () => {
    s.emu.configure({ faults: { rate: 1, kinds: ['503'], only: 'write' }, seed: 1 });
    expect((await read()).status).toBe(200);
    const e = await apiError(write());
    expect(e).toMatchObject({ status: 503, message: 'The service is currently unavailable.' });
    s.emu.configure({ faults: { rate: 0.5, kinds: ['500', '429'], only: 'all' }, seed: 42 });
    const run = async () => {
      const out: number[] = [];
      for (let i = 0; i < 12; i++)
        out.push(
          await read().then(
            (r) => r.status,
            (x) => x.status,
          ),
        );
      return out;
    };
    const first = await run();
    s.emu.configure({ seed: 42 });
    expect(await run()).toEqual(first);
    expect(first.some((c) => c !== 200) && first.some((c) => c === 200)).toBe(true);
    expect(s.emu.log().filter((l) => l.fault && l.kind === 'values.get').length).toBe(first.filter((c) => c !== 200).length * 2);
  });
  it('"before" faults do not apply the write; "after" faults apply it but lose the response', async () => {
    s.emu.configure({ faults: { rate: 1, kinds: ['500'], phase: 'before' } });
    await apiError(write('before'));
    s.emu.configure({ faults: { rate: 0 } });
    expect((await read()).data.values).not.toEqual([['before']]);
    s.emu.configure({ faults: { rate: 1, kinds: ['500'], phase: 'after' } });
    expect((await apiError(write('after'))).status).toBe(500);
    s.emu.configure({ faults: { rate: 0 } });
    expect((await read()).data.values).toEqual([['after']]);
  });
  it('timeout faults hang then drop the socket, or answer 504', async () => {
    s.emu.configure({ faults: { rate: 1, kinds: ['timeout'], timeoutMs: 50, timeoutMode: 'drop' } });
    const dropped = await fetch(`${s.emu.url}/v4/spreadsheets/${id}/values/A1`, {
      headers: { authorization: `Bearer ${(await jwtClient(s.emu, s.key).getAccessToken()).token}` },
    }).then(
      () => 'answered',
      () => 'dropped',
    );
    expect(dropped).toBe('dropped');
    s.emu.configure({ faults: { timeoutMode: '504' } });
    expect((await apiError(read())).status).toBe(504);
  });
});

describe('request log, counters, payload limit', () => {
  it('records kind, spreadsheet, ranges, status, user and access; counters by kind; reset', async () => {
    await read();
    await s.sheets.spreadsheets.values.batchUpdate({
      spreadsheetId: id,
      requestBody: {
        valueInputOption: 'RAW',
        data: [
          { range: 'A1', values: [[1]] },
          { range: 'B2', values: [[2]] },
        ],
      },
    });
    await s.sheets.spreadsheets.values.append({ spreadsheetId: id, range: 'A:B', valueInputOption: 'RAW', requestBody: { values: [[3]] } });
    await apiError(s.sheets.spreadsheets.values.get({ spreadsheetId: id, range: 'Nope!A1' }));
    const log = s.emu.log();
    expect(log.map((l) => [l.kind, l.status, l.access])).toEqual([
      ['values.get', 200, 'read'],
      ['values.batchUpdate', 200, 'write'],
      ['values.append', 200, 'write'],
      ['values.get', 400, 'read'],
    ]);
    expect(log[1]).toMatchObject({ spreadsheetId: id, ranges: ['A1', 'B2'], user: s.key.client_email, method: 'POST' });
    expect(s.emu.counters()).toMatchObject({
      requests: 4,
      reads: 2,
      writes: 2,
      byKind: { 'values.get': 2, 'values.batchUpdate': 1, 'values.append': 1 },
    });
    const http = await (await fetch(`${s.emu.url}/__emulator/counters`)).json();
    expect(http).toEqual(s.emu.counters());
    await fetch(`${s.emu.url}/__emulator/log/reset`, { method: 'POST' });
    expect(s.emu.log()).toEqual([]);
  });
  it('rejects bodies over the payload limit with 400', async () => {
    const small = await setup({ maxBodyBytes: 1000 });
    try {
      const sid = (await small.sheets.spreadsheets.create({ requestBody: {} })).data.spreadsheetId!;
      const e = await apiError(
        small.sheets.spreadsheets.values.update({
          spreadsheetId: sid,
          range: 'A1',
          valueInputOption: 'RAW',
          requestBody: { values: [['x'.repeat(2000)]] },
        }),
      );
      expect(e).toMatchObject({ status: 400, message: 'Request payload size exceeds the limit: 1000 bytes.' });
    } finally {
      await small.emu.close();
    }
  });
  it('control API configures at runtime and is not counted as Sheets traffic', async () => {
    const cfg = (await (
      await fetch(`${s.emu.url}/__emulator/config`, { method: 'POST', body: JSON.stringify({ quotas: { enabled: true, readPerUser: 1 } }) })
    ).json()) as any;
    expect(cfg.quotas).toMatchObject({ enabled: true, readPerUser: 1 });
    await read();
    expect((await apiError(read())).status).toBe(429);
    await fetch(`${s.emu.url}/__emulator/spreadsheets/${id}`);
    expect(s.emu.counters().requests).toBe(2);
  });
});
