/**
 * The only helpers templates may call: the build (tools/views-compiler.ts) refuses
 * a template using anything else.
 */
export const helperNames = [
  't',
  'eq',
  'ne',
  'not',
  'or',
  'and',
  'label',
  'date',
  'datetime',
  'money',
  'number',
  'sheetLink',
  'json',
  'missingCol',
  'columnHeader',
] as const;
export type HelperName = (typeof helperNames)[number];
