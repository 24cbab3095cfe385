/**
 * Staff edits that land *inside* an API client's read-then-write window: armed through the
 * control API, each is applied just before the next Sheets request of the given kind (by
 * default the next write) reaches the spreadsheet — as if a person sorted the sheet in the
 * 150 ms between a sync flush's read and its write. Used by the interleaving tests and bench.
 */
import type { Emulator } from './server.js';

export interface ArmedEdit {
  /** Request kind to wait for (e.g. 'values.batchUpdateByDataFilter'); any write when omitted. */
  kind?: string;
  requests?: unknown[];
  data?: unknown[];
  valueInputOption?: string;
  /** Capture this sheet's values right after the edit (what the write really met). */
  sheet?: string;
}

export interface FiredEdit {
  kind: string;
  /** Values of `sheet` just after the edit, before the request it preceded. */
  values?: unknown[][];
  error?: string;
}

export class ArmedEdits {
  readonly #armed = new Map<string, ArmedEdit[]>();
  readonly #fired = new Map<string, FiredEdit[]>();

  arm(spreadsheetId: string, edit: ArmedEdit): void {
    this.#armed.set(spreadsheetId, [...(this.#armed.get(spreadsheetId) ?? []), edit]);
  }

  /** Edits that fired since the last call (and the ones still waiting are dropped). */
  take(spreadsheetId: string): { fired: FiredEdit[]; unfired: number } {
    const fired = this.#fired.get(spreadsheetId) ?? [];
    const unfired = this.#armed.get(spreadsheetId)?.length ?? 0;
    this.#fired.delete(spreadsheetId);
    this.#armed.delete(spreadsheetId);
    return { fired, unfired };
  }

  /** Called by the server for every API request, before it is applied. */
  fire(emu: Emulator, spreadsheetId: string, kind: string, access: 'read' | 'write'): void {
    const list = this.#armed.get(spreadsheetId);
    if (!list?.length) return;
    const due = list.filter((e) => (e.kind ? e.kind === kind : access === 'write'));
    if (!due.length) return;
    this.#armed.set(
      spreadsheetId,
      list.filter((e) => !due.includes(e)),
    );
    for (const e of due) {
      const out: FiredEdit = { kind };
      try {
        emu.edit(spreadsheetId, { requests: e.requests, data: e.data, valueInputOption: e.valueInputOption });
        if (e.sheet) out.values = emu.sheetValues(spreadsheetId, e.sheet).values as unknown[][];
      } catch (err) {
        out.error = (err as Error).message;
      }
      this.#fired.set(spreadsheetId, [...(this.#fired.get(spreadsheetId) ?? []), out]);
    }
  }
}
