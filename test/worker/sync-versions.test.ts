/**
 * Warm reads send only what changed: the Worker keeps the tables it was sent, by version,
 * and the gateway leaves out every tab the caller holds at its current version.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { assets, audit, people, rooms } from '../../sheets-schema/index.js';
import { gatewayFor } from '../../src/core/data/school-data.js';
import type { Env } from '../../src/env.js';
import { emulator, gateway, meta } from './sync-helpers.js';

const emu = emulator('main');

describe('table versions', () => {
  it('the gateway sends a tab only when the caller does not hold its version', async () => {
    const id = await emu.create([rooms, assets, people, audit]);
    const data = await gateway(id, { flushDelayMs: 60_000 });
    await data.read(['rooms', 'assets']);
    const gw = gatewayFor(env as unknown as Pick<Env, 'GATEWAY'>, id);
    const first = await gw.read(id, ['rooms', 'assets'], {});
    expect(Object.keys(first.tables).sort()).toEqual(['assets', 'rooms']);
    const known = { rooms: first.snapshots.rooms!.version, assets: first.snapshots.assets!.version };
    expect(Object.keys((await gw.read(id, ['rooms', 'assets'], { known })).tables)).toEqual([]);
    // An own write changes that tab's version (read-your-writes), and only that tab's.
    await data.append('rooms', { id: 'RM-VER', name: '新教室', type: 'office' }, meta());
    const after = await gw.read(id, ['rooms', 'assets'], { known });
    expect(Object.keys(after.tables)).toEqual(['rooms']);
    expect(after.tables.rooms!.rows.find((r) => r.id === 'RM-VER')?.values.name).toBe('新教室');
    // A filtered read is always sent.
    const where = await gw.read(id, ['assets'], {
      known,
      where: { assets: { column: 'tag', values: [first.tables.assets!.rows[0]!.id] } },
    });
    expect(where.tables.assets!.rows).toHaveLength(1);
  });

  it('a warm read through the facade is the same frozen table, and shows own writes at once', async () => {
    const id = await emu.create([rooms, audit]);
    const data = await gateway(id, { flushDelayMs: 60_000 });
    const a = (await data.read(['rooms'])).rooms;
    const b = (await data.read(['rooms'])).rooms;
    expect(b).toBe(a);
    expect(Object.isFrozen(a.rows[0]!.values)).toBe(true);
    expect(() => {
      (a.rows as unknown as unknown[]).push({});
    }).toThrow(TypeError);
    await data.update('rooms', a.rows[1]!.id, { name: '刚改的' }, meta());
    const c = (await data.read(['rooms'])).rooms;
    expect(c).not.toBe(a);
    expect(c.rows[1]!.values.name).toBe('刚改的');
    expect(a.rows[1]!.values.name).not.toBe('刚改的');
  });
});
