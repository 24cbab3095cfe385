/** Helpers for the cleaning Worker tests: rows typed into the shared demo sheet as staff would. */
import { data, sheetValues, staffEdit, synced } from './auth-helpers.js';

export { staffEdit };

/** Append rows under the header (values keyed by header text), as if typed at the bottom of the sheet. */
export async function typeRows(title: string, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  await synced();
  const values = await sheetValues(title);
  const header = values[0] as string[];
  const first = values.length + 1;
  await staffEdit({
    valueInputOption: 'RAW',
    data: [{ range: `'${title}'!A${first}`, values: rows.map((r) => header.map((h) => r[h] ?? '')) }],
  });
}

/** Rows of a sheet as objects keyed by header text (after syncing). */
export async function sheetRecords(title: string): Promise<Array<Record<string, unknown>>> {
  await synced();
  const [header, ...rows] = (await sheetValues(title)) as unknown[][];
  return rows.map((r) => Object.fromEntries((header as string[]).map((h, i) => [h, r[i]])));
}

/** Make the gateway see what was typed into the sheet now, not after the staleness window. */
export async function reread(...keys: Array<Parameters<ReturnType<typeof data>['read']>[0][number]>): Promise<void> {
  await data().read(keys, { fresh: true });
}

/** A unique zone ID for one test (Z + base36), never clashing with the demo's Z001…Z049. */
export function zoneId(): string {
  return `ZT${Date.now().toString(36).toUpperCase()}${Math.random().toString(36).slice(2, 5).toUpperCase()}`;
}
