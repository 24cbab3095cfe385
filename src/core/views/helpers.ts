/** Template helpers (the names are fixed in helper-names.ts). All output is escaped. */
import { type AllowedValue, isTabKey, tabs } from '../../../sheets-schema/index.js';
import type { Locale } from '../../env.js';
import { translate } from '../i18n/index.js';
import { localDateTime } from '../time.js';
import type { Text } from '../table/types.js';
import type { HelperName } from './helper-names.js';

type Options = {
  hash: Record<string, unknown>;
  data: { root: { locale: Locale; sheetBase?: string; spreadsheetId?: string; missingColumns?: Record<string, string[]> } };
};
const last = (args: unknown[]) => args[args.length - 1] as Options;

function localeOf(args: unknown[]): Locale {
  return last(args).data.root.locale ?? 'zh-CN';
}

/**
 * A time as the school reads it: instants with a zone (ISO text ending in Z or +hh:mm, as the
 * gateway stamps them) become school-local time; local times from the sheet stay as they are.
 */
function schoolTime(value: unknown): string {
  if (typeof value !== 'string') return '';
  if (/T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i.test(value)) {
    const at = Date.parse(value);
    if (Number.isFinite(at)) return localDateTime(at);
  }
  return value;
}

export const helpers: Record<HelperName, (...args: any[]) => unknown> = {
  /** {{t "assets.added" tag=x}}, {{t someBilingualText}} or {{t text paramsObject}} */
  t: (key: string | Text, ...rest: unknown[]) => {
    const params = rest.length > 1 && typeof rest[0] === 'object' ? { ...(rest[0] as object), ...last(rest).hash } : last(rest).hash;
    return translate(localeOf(rest), key, params);
  },
  eq: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => a !== b,
  not: (a: unknown) => !a,
  /** Like JavaScript's `a || b`: the first truthy value (so `(or rate "—")` shows the rate), else the last. */
  or: (...args: unknown[]) => args.slice(0, -1).reduce((a, b) => a || b),
  /** Like `a && b`: the first falsy value, else the last. */
  and: (...args: unknown[]) => args.slice(0, -1).reduce((a, b) => a && b),
  /** Label of an enum key: {{label "in_use" allowedValues}} */
  label: (key: unknown, allowed: readonly AllowedValue[] | undefined, ...rest: unknown[]) => {
    const found = allowed?.find((v) => v.key === key);
    return found ? (localeOf(rest) === 'en' ? found.en : found.zh) : (key ?? '');
  },
  date: (value: unknown) => schoolTime(value).slice(0, 10),
  datetime: (value: unknown) => schoolTime(value).replace('T', ' ').slice(0, 16),
  money: (value: unknown) =>
    typeof value === 'number' ? `¥${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : '',
  number: (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en-US') : ''),
  /** Link to a cell in the spreadsheet (Google, or the local emulator's grid). */
  sheetLink: (sheet: string, sheetId: unknown, cell: string, ...rest: unknown[]) => {
    const { sheetBase, spreadsheetId } = last(rest).data.root;
    if (!sheetBase || !spreadsheetId) return '#';
    if (sheetBase.startsWith('https://docs.google.com')) {
      return `${sheetBase}/spreadsheets/d/${encodeURIComponent(spreadsheetId)}/edit#gid=${Number(sheetId) || 0}&range=${encodeURIComponent(cell)}`;
    }
    // The local emulator's grid opens a cell for editing with `edit=`.
    return `${sheetBase}/grid/${encodeURIComponent(spreadsheetId)}?sheet=${encodeURIComponent(sheet)}&edit=${encodeURIComponent(cell)}`;
  },
  /**
   * True when tab `tab` was read without its column `key` (renamed or deleted by staff): the page
   * shows {{t "common.columnMissing"}} there instead of a blank, and a form field says it cannot be saved.
   * @example {{#if (missingCol "assets" "room")}}{{t "common.columnMissing"}}{{else}}{{values.room}}{{/if}}
   */
  missingCol: (tab: string, key: string, ...rest: unknown[]) => last(rest).data.root.missingColumns?.[tab]?.includes(key) ?? false,
  /** The header a tab's column has in the sheet (its zh text): what staff restore when it is missing. */
  columnHeader: (tab: string, key: string) => (isTabKey(tab) ? tabs[tab].columns.find((c) => c.key === key)?.zh : undefined) ?? key,
  /** JSON for hx-vals / hx-headers attributes; escaped by the template as usual. */
  json: (value: unknown) => JSON.stringify(value),
};
