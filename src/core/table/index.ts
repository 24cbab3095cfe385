/** The table layer: header mapping, tolerant cells, typed tables, form validation. */
export * from './cells.js';
export * from './headers.js';
export * from './table.js';
export type * from './types.js';
