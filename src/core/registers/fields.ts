/**
 * Add and edit forms made from a register's column types, and their server-side checks (the
 * table layer's `validateInput` messages, plus choices from 人员 / 场所 / 班级 / 资产).
 */
import type { ColumnDef, TabKey } from '../../../sheets-schema/index.js';
import type { Person } from '../../env.js';
import { validateInput } from '../table/table.js';
import type { Table, TableRow, Text, Value, Values } from '../table/types.js';
import { localDate, localDateTime } from '../time.js';
import type { FieldOptions, RefKind, RegisterDef } from './types.js';

export type FieldKind = 'text' | 'longtext' | 'number' | 'money' | 'date' | 'datetime' | 'boolean' | 'choice' | 'ref' | 'photo';

export interface FormField {
  key: string;
  label: Text;
  kind: FieldKind;
  required: boolean;
  /** Choices (value, label); for refs the value is what is stored. */
  options: Array<{ value: string; label: string | Text }>;
  /** The column's limit, given to the browser so a phone stops at it (the server checks it too). */
  maxLength: number | null;
  /** Refs with many choices (assets) use a datalist rather than a select. */
  datalist: boolean;
  value: string;
  /** What a fixed field shows: a zone's name rather than its ID. */
  shown: string;
  error: Text | null;
  /** Filled in by the portal or fixed by the QR code: shown, not typed. */
  fixed: boolean;
  help: Text | null;
}

/** The tab each reference kind chooses from, which column is stored and which is shown. */
export const refSources: Record<RefKind, { tab: TabKey; column: string; label?: string; active?: string; what: Text }> = {
  person: { tab: 'people', column: 'name', active: 'active', what: { zh: '人员', en: 'People' } },
  room: { tab: 'rooms', column: 'name', what: { zh: '场所', en: 'Rooms' } },
  class: { tab: 'classes', column: 'id', what: { zh: '班级', en: 'Classes' } },
  asset: { tab: 'assets', column: 'id', what: { zh: '资产', en: 'Assets' } },
  zone: { tab: 'zones', column: 'id', label: 'name', active: 'active', what: { zh: '卫生责任区', en: 'Zones' } },
};

/** Tabs a register's form needs besides its own. */
export function refTabs(def: RegisterDef): TabKey[] {
  return [...new Set(Object.values(def.fields ?? {}).flatMap((f) => (f.ref ? [refSources[f.ref].tab] : [])))];
}

interface RefChoice {
  value: string;
  label: string;
  active: boolean;
  row: TableRow;
}

/** Every row a reference may name (inactive ones too, to say why they cannot be chosen). */
function refChoices(ref: RefKind, tables: Partial<Record<TabKey, Table>>): RefChoice[] {
  const src = refSources[ref];
  return (tables[src.tab]?.rows ?? [])
    .map((row) => {
      const value = src.column === 'id' ? row.id : String(row.values[src.column] ?? '');
      const label = src.label ? String(row.values[src.label] ?? '') || value : value;
      return { value, label, active: !src.active || row.values[src.active] !== false, row };
    })
    .filter((ch) => ch.value);
}

/** The column that holds the looked-up name of reference column `key` (a zone's name beside its ID), if any. */
export const lookupOf = (def: RegisterDef, key: string): string | undefined =>
  Object.entries(def.fields ?? {}).find(([, f]) => f.lookup?.ref === key)?.[0];

/** What a column is called on a form or filter: a reference with a looked-up name takes that column's name (责任区, not 责任区编号). */
export function labelOf(def: RegisterDef, col: ColumnDef): Text {
  const named = lookupOf(def, col.key);
  const shown = named ? def.tab.columns.find((c) => c.key === named) : undefined;
  return shown ? { zh: shown.zh, en: shown.en } : { zh: col.zh, en: col.en };
}

const kindOf = (col: ColumnDef, opts: FieldOptions | undefined): FieldKind =>
  opts?.photo
    ? 'photo'
    : opts?.ref
      ? 'ref'
      : col.type === 'enum'
        ? 'choice'
        : col.type === 'boolean'
          ? 'boolean'
          : col.type === 'id'
            ? 'text'
            : col.type;

/** A stored value as a form input's text. */
export function inputText(col: ColumnDef, v: Value | undefined): string {
  if (v === null || v === undefined) return '';
  if (col.type === 'datetime' && typeof v === 'string') return v.slice(0, 16);
  if (col.type === 'boolean') return v === true ? 'true' : v === false ? 'false' : '';
  return String(v);
}

/** Columns a person types on the add form (`mode: 'add'`) or the edit form. */
export function formColumns(def: RegisterDef, mode: 'add' | 'edit'): ColumnDef[] {
  return def.tab.columns.filter((col) => {
    const f = def.fields?.[col.key];
    if (col.key === def.tab.idColumn || f?.computed || f?.lookup || col.staffOwned) return false;
    if (mode === 'add' && f?.later) return false;
    if (mode === 'edit' && f?.auto) return false;
    return true;
  });
}

export function formFields(
  def: RegisterDef,
  mode: 'add' | 'edit',
  input: Record<string, string>,
  errors: Record<string, Text>,
  tables: Partial<Record<TabKey, Table>>,
  fixed: readonly string[] = [],
): FormField[] {
  return formColumns(def, mode).map((col) => {
    const opts = def.fields?.[col.key];
    const kind = kindOf(col, opts);
    const choices = opts?.ref ? refChoices(opts.ref, tables).filter((ch) => ch.active) : [];
    return {
      key: col.key,
      label: labelOf(def, col),
      kind,
      required: !!col.required && !opts?.auto,
      options:
        kind === 'choice'
          ? (col.allowed ?? []).map((a) => ({ value: a.key, label: { zh: a.zh, en: a.en } }))
          : choices.map((ch) => ({ value: ch.value, label: ch.label })),
      datalist: kind === 'ref' && choices.length > 150,
      value: input[col.key] ?? '',
      shown:
        choices.find((ch) => ch.value === input[col.key])?.label ??
        (kind === 'datetime' ? (input[col.key] ?? '').replace('T', ' ') : (input[col.key] ?? '')),
      error: errors[col.key] ?? null,
      fixed: !!opts?.auto || fixed.includes(col.key),
      help: col.help ?? null,
      maxLength: col.maxLength ?? null,
    };
  });
}

/** Values the portal fills in itself on a new row. */
export function autoValues(def: RegisterDef, person: Person, now: Date | number = Date.now()): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, f] of Object.entries(def.fields ?? {})) {
    if (f.auto === 'now') out[key] = localDateTime(now).slice(0, 16);
    else if (f.auto === 'today') out[key] = localDate(now);
    else if (f.auto === 'me') out[key] = person.name;
  }
  return out;
}

const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** Check a submitted form: column types by the table layer, references against their tabs. */
export function checkForm(
  def: RegisterDef,
  mode: 'add' | 'edit',
  input: Record<string, string>,
  tables: Partial<Record<TabKey, Table>>,
): { values: Values; errors: Record<string, Text> } {
  const cols = formColumns(def, mode);
  const typed: Record<string, string> = {};
  for (const col of cols) if (!def.fields?.[col.key]?.photo) typed[col.key] = input[col.key] ?? '';
  const skip = def.tab.columns.filter((c) => !(c.key in typed)).map((c) => c.key);
  const { values, errors } = validateInput(def.tab, typed, { skip, partial: mode === 'edit' });
  for (const col of cols) {
    const ref = def.fields?.[col.key]?.ref;
    const v = values[col.key];
    if (!ref || errors[col.key] || typeof v !== 'string' || v === '') continue;
    const src = refSources[ref];
    const all = refChoices(ref, tables);
    const found = all.find((ch) => norm(ch.value) === norm(v)) ?? all.find((ch) => norm(ch.label) === norm(v));
    if (!found)
      errors[col.key] = {
        zh: `"${col.zh}"：「${src.what.zh}」表中没有"${v}"，请从列表中选择`,
        en: `${col.en}: "${v}" is not in the ${src.what.en} tab; choose from the list`,
      };
    else if (!found.active)
      errors[col.key] = {
        zh: `"${col.zh}"：「${found.label}」已停用，请选择其他`,
        en: `${col.en}: "${found.label}" is inactive; choose another`,
      };
    else {
      values[col.key] = found.value;
      // Columns copied from the chosen row (a zone's name beside its ID).
      for (const [key, f] of Object.entries(def.fields ?? {}))
        if (f.lookup?.ref === col.key) values[key] = (found.row.values[f.lookup.column] as Value | undefined) ?? null;
    }
  }
  return { values, errors };
}
