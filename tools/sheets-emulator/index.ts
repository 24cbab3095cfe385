/**
 * Local Google Sheets API v4 emulator. Point googleapis at it with `rootUrl: emu.url + '/'`.
 *
 * @example
 * const emu = await startEmulator({ port: 0 });
 * const key = await emu.createServiceAccount();
 * const { spreadsheetId } = emu.createSpreadsheet({ title: 'Demo', owner: key.client_email, sheets: [{ title: 'Sheet1', rows: [['a', 1]] }] });
 */
export { startEmulator, Emulator, type EmulatorOptions, type ImportSpec, type Snapshot, type SnapshotSheet } from './server.js';
export type { ServiceAccountKey, TrustKeyInput } from './auth.js';
export { GOOGLE_TOKEN_URL } from './auth.js';
export type { LimitsPatch, LogEntry, QuotaConfig, LatencyConfig, FaultConfig, FaultKind } from './limits.js';
export { redirectTokenRequests } from './client.js';
