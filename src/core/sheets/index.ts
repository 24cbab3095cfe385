/** The Worker's Sheets layer: client, tokens, errors and A1 helpers. */
export * from './a1.js';
export * from './client.js';
export * from './errors.js';
export * from './token.js';
export type * from './types.js';
