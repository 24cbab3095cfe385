/**
 * The one declaration of every spreadsheet tab the portal manages. The Worker,
 * the setup tool, the importer, the emulator's demo school and the docs all read
 * these, so a new simple register needs only a new declaration.
 *
 * @example
 * export const rooms = defineTab({ key: 'rooms', zh: '场所', en: 'Rooms', idColumn: 'id',
 *   columns: [{ key: 'id', zh: '编号', en: 'ID', type: 'id' }, …] })
 */

/** How the app reads a cell and writes it back (always RAW). */
export type ColumnType =
  | 'id' // text key; unique within the tab
  | 'text'
  | 'longtext'
  | 'number' // written as a number
  | 'money' // yuan, written as a number with 2 decimals
  | 'date' // written as a date serial (day 0 = 1899-12-30) in a date-formatted column
  | 'datetime' // serial with a fraction of a day
  | 'boolean' // written as TRUE/FALSE; read tolerantly (是/否/✓/✗/Y/N)
  | 'enum'; // one of `allowed` (stored as the zh-CN label; English accepted on read)

export interface AllowedValue {
  /** Stable key used in code. */
  key: string;
  zh: string;
  en: string;
  /** Other spellings accepted on read. */
  aliases?: readonly string[];
}

export interface ColumnDef {
  /** Stable key used in code, never shown. */
  key: string;
  /** Header text as written into a new spreadsheet (zh-CN) and its English form. */
  zh: string;
  en: string;
  /** Other header texts staff may have used; matching ignores case, width and spaces. */
  aliases?: readonly string[];
  type: ColumnType;
  required?: boolean;
  allowed?: readonly AllowedValue[];
  /** Longest text accepted from a form (cells up to 50,000 chars are Google's limit). */
  maxLength?: number;
  /** The numbers a form accepts (a disinfection's minutes: 1–1440); cells staff type are read as they are. */
  range?: { min: number; max: number };
  /** Staff own this column: the app displays it but never overwrites it on update. */
  staffOwned?: boolean;
  /** What the column means, for the 说明 tab and docs. */
  help?: { zh: string; en: string };
  /** Column width in pixels for setup. */
  width?: number;
}

export interface TabDef {
  key: string;
  zh: string;
  en: string;
  aliases?: readonly string[];
  /** Key of the ID column. Every managed row has one; updates find rows by it. */
  idColumn: string;
  /** Prefix for generated IDs when the tab has no scheme of its own (e.g. "R" → R-20260305-K3F9). */
  idPrefix?: string;
  /** Rows are only ever appended (logs): readers may read incrementally. */
  appendOnly?: boolean;
  /**
   * What an approver may write here from the approval inbox (leaders write nothing else):
   * 'append' (a decision log, an asset's history) or the columns a decision sets.
   */
  approverWrites?: 'append' | readonly string[];
  columns: readonly ColumnDef[];
  help?: { zh: string; en: string };
}

/** Identity function that keeps literal types and checks the shape. */
export function defineTab<const T extends TabDef>(tab: T): T {
  const keys = new Set<string>();
  for (const col of tab.columns) {
    if (keys.has(col.key)) throw new Error(`sheets-schema: duplicate column key ${tab.key}.${col.key}`);
    keys.add(col.key);
  }
  if (!keys.has(tab.idColumn)) throw new Error(`sheets-schema: ${tab.key} has no id column ${tab.idColumn}`);
  return tab;
}

export function enumValues<const V extends ReadonlyArray<readonly [key: string, zh: string, en: string, ...aliases: string[]]>>(
  ...values: V
): { [I in keyof V]: { key: V[I][0]; zh: string; en: string; aliases: string[] } } {
  return values.map(([key, zh, en, ...aliases]) => ({ key, zh, en, aliases })) as never;
}

/** The keys of an enum's allowed values: `EnumKey<typeof repairStatuses>`. */
export type EnumKey<A extends readonly AllowedValue[]> = A[number]['key'];

/** What a cell of column `C` holds after tolerant reading (null when blank or unreadable). */
export type CellOf<C extends ColumnDef> = C extends { type: 'number' | 'money' }
  ? number
  : C extends { type: 'boolean' }
    ? boolean
    : C extends { type: 'enum'; allowed: ReadonlyArray<infer A> }
      ? A extends { key: infer K extends string }
        ? K
        : string
      : string;

/**
 * The values of one row of tab `T`, inferred from its declaration: column key → value.
 * Numbers and money are numbers, booleans booleans, enums their keys, everything else text.
 * @example type Zone = RowOf<typeof zones> // { id: string | null; name: string | null; partyType: 'class' | … | null; … }
 */
export type RowOf<T extends TabDef> = T extends TabDef
  ? TabDef extends T
    ? Record<string, string | number | boolean | null>
    : { [C in T['columns'][number] as C['key']]: CellOf<C> | null }
  : never;
