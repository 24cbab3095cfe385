/** Frozen reports in the 月报 tab: cut under the cell limit, read back in any order, damage detected. Share links signed and checked. */
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/core/auth/crypto.js';
import type { MonthlyReport } from '../../src/core/summary/report.js';
import { freeze, joinPieces, PIECE_CHARS, splitJson } from '../../src/core/summary/snapshot.js';
import { readShareToken, shareToken } from '../../src/plugins/summary/share.js';

const big = (): MonthlyReport => ({
  version: 1,
  month: '2026-10',
  generatedAt: '2026-11-01T09:00:00',
  notable: ['更换吊扇 14 台'],
  calendarProblems: [],
  sections: [
    {
      id: 'repairs',
      title: { zh: '维修', en: 'Repairs' },
      missingTabs: [],
      problemCount: 0,
      figures: [],
      tables: [
        {
          title: { zh: '明细', en: 'Detail' },
          columns: [{ zh: '事项', en: 'Item' }],
          rows: Array.from({ length: 3000 }, (_, i) => [`第${i}项 教学楼三楼东侧男卫生间水龙头漏水 😀`]),
        },
      ],
    },
  ],
});

describe('splitJson', () => {
  it('cuts into pieces of at most the limit that join back exactly', () => {
    const json = 'x'.repeat(95_000);
    const pieces = splitJson(json);
    expect(pieces.map((p) => p.data.length)).toEqual([PIECE_CHARS, PIECE_CHARS, 15_000]);
    expect(pieces.map((p) => p.part)).toEqual([1, 2, 3]);
  });

  it('never splits the two halves of an emoji', () => {
    const json = `${'a'.repeat(9)}😀b`;
    const pieces = splitJson(json, 10);
    expect(pieces.map((p) => p.data)).toEqual(['a'.repeat(9), '😀b']);
  });
});

describe('freeze / joinPieces', () => {
  it('round-trips a report larger than a cell, pieces in any order and one repeated', async () => {
    const report = big();
    const { pieces, checksum } = await freeze(report);
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    expect(pieces.every((p) => p.data.length <= PIECE_CHARS)).toBe(true);
    const shuffled = [pieces[2]!, pieces[0]!, ...pieces.slice(1).reverse(), { part: 1, data: 'junk' }].map((p) => ({
      part: p.part,
      data: p.data,
    }));
    const back = await joinPieces(shuffled, pieces.length, checksum);
    expect(back).toEqual({ ok: true, report });
  });

  it('says a piece is missing, or was edited, instead of rendering something else', async () => {
    const { pieces, checksum } = await freeze(big());
    expect(await joinPieces(pieces.slice(1), pieces.length, checksum)).toEqual({
      ok: false,
      reason: 'missingPieces',
      found: pieces.length - 1,
      expected: pieces.length,
    });
    const edited = pieces.map((p, i) => (i === 0 ? { ...p, data: p.data.replace('维修', '维护') } : p));
    expect(await joinPieces(edited, pieces.length, checksum)).toMatchObject({ ok: false, reason: 'checksum' });
    expect(await joinPieces([{ part: '1', data: '{"sections":' }], 1, await sha256('{"sections":'))).toMatchObject({
      ok: false,
      reason: 'unreadable',
    });
  });
});

describe('share links', () => {
  const secret = 'a-very-long-test-secret-0123456789abcdef';
  it('verifies its own links, under any rotated key, and refuses tampering', async () => {
    const token = await shareToken(secret, { s: 'SHEET1', m: '2026-10', v: 2 });
    expect(await readShareToken(secret, token)).toEqual({ s: 'SHEET1', m: '2026-10', v: 2 });
    expect(await readShareToken(`another-newer-secret-0123456789abcdef,${secret}`, token)).toEqual({ s: 'SHEET1', m: '2026-10', v: 2 });
    expect(await readShareToken('another-newer-secret-0123456789abcdef', token)).toBeNull();
    const [payload, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ s: 'SHEET1', m: '2026-10', v: 3 })).toString('base64url');
    expect(await readShareToken(secret, `${forged}.${sig}`)).toBeNull();
    expect(await readShareToken(secret, `${payload}.${sig}x`)).toBeNull();
    expect(await readShareToken(secret, 'garbage')).toBeNull();
  });
});
