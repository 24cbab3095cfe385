/**
 * One generic phone-first form for the quick actions (lend, move, transfer, damage, write-off…):
 * the route lists its fields, validates them against the tab they land in (bilingual
 * messages, tolerant dates and money), and re-renders with what was typed on error.
 */
import type { TabDef } from '../../../sheets-schema/index.js';
import { render, validateInput, type Ctx, type PartialRowOf, type TableRow, type Text } from '../../core/kit.js';

export interface FormField {
  /** Form field name, also the column key validated against. */
  name: string;
  label: Text | string;
  type?: 'text' | 'date' | 'money' | 'textarea' | 'select' | 'number';
  required?: boolean;
  options?: Array<{ value: string; label: Text | string }>;
  /** A datalist id: 'room-list' or 'people-list'. */
  list?: string;
  value?: string;
  error?: Text | null;
}

export interface ActionForm {
  title: string;
  action: string;
  submit: Text | string;
  back: string;
  asset?: TableRow | null;
  intro?: Text | string | null;
  formError?: Text | null;
  fields: FormField[];
  rooms?: string[];
  people?: string[];
  danger?: boolean;
}

export function renderForm(c: Ctx, form: ActionForm, status = 200): Response {
  const fields = form.fields.map((f) => ({ ...f, isoDate: isoOrEmpty(f.value) }));
  return render(c, 'assets/action', { ...form, fields, formKey: crypto.randomUUID() }, { status });
}

/** A date picker can show this value (ISO or nothing); anything else stays a text box, never blanked. */
export const isoOrEmpty = (value: unknown) => /^(\d{4}-\d\d-\d\d)?$/.test(typeof value === 'string' ? value : '');

/** Validate `fields` from the body against `tab`; on errors, the fields carry them and what was typed. */
export function validateFields<T extends TabDef>(
  tab: T,
  body: Record<string, unknown>,
  fieldList: FormField[],
): { values: PartialRowOf<T>; errors: number; fields: FormField[] } {
  const input: Record<string, string> = {};
  for (const f of fieldList) input[f.name] = typeof body[f.name] === 'string' ? (body[f.name] as string) : '';
  const known = new Set(tab.columns.map((col) => col.key));
  const { values, errors } = validateInput(tab, Object.fromEntries(Object.entries(input).filter(([k]) => known.has(k))), { partial: true });
  for (const f of fieldList) {
    if (f.required && !input[f.name]?.trim() && !errors[f.name]) {
      const label = typeof f.label === 'string' ? { zh: f.label, en: f.label } : f.label;
      errors[f.name] = { zh: `请填写"${label.zh}"`, en: `${label.en}: please fill this in` };
    }
  }
  return {
    values,
    errors: Object.keys(errors).length,
    fields: fieldList.map((f) => ({ ...f, value: input[f.name] ?? '', error: errors[f.name] ?? null })),
  };
}

/** The column's own header as a field label. */
export function colLabel(tab: TabDef, key: string): Text {
  const col = tab.columns.find((c) => c.key === key);
  return col ? { zh: col.zh, en: col.en } : { zh: key, en: key };
}
