/**
 * Recorded real Google traffic replayed against the emulator (tools/sheets-emulator/replay.ts):
 * at least 97% of the Sheets requests must come back exactly as Google answered or in the
 * same shape. The recordings live beside the clone (`../shared`, or `$HOUQIN_SHARED`); in CI
 * their absence is a failure, not a skip.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCassettes, replayWithNewEmulator, report } from '../../tools/sheets-emulator/replay.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = findCassettes(root);
const inCi = !!process.env.CI && process.env.CI !== 'false';

describe('replay of recorded Google traffic (gspread cassettes)', () => {
  it.runIf(!dir && inCi)('finds the recordings in CI', () => {
    throw new Error(`No recorded Google traffic beside ${root} (looked in ../shared and ../../shared; set HOUQIN_SHARED)`);
  });
  it.skipIf(!dir)(
    'answers at least 97% of the replayed Sheets requests exactly or in the same shape',
    async () => {
      const score = await replayWithNewEmulator(dir!);
      console.log(report(score));
      expect(score.total).toBeGreaterThan(1300);
      expect(score.rate).toBeGreaterThanOrEqual(0.97);
    },
    180_000,
  );
});
