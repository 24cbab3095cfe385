/**
 * The only helpers templates may call. The build precompiles with
 * `knownHelpersOnly`, so a template using anything else fails the build.
 */
export const helperNames = ['t', 'eq', 'ne', 'not', 'or', 'and', 'label', 'date', 'datetime', 'money', 'number', 'sheetLink', 'json', 'missingCol'] as const;
export type HelperName = (typeof helperNames)[number];
