/** Shared setup: an emulator per test file and a googleapis client authorised with a minted key. */
import { google, type sheets_v4 } from 'googleapis';
import {
  redirectTokenRequests,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
  type ServiceAccountKey,
} from '../../tools/sheets-emulator/index.js';

export const SCOPES = ['https://www.googleapis.com/auth/spreadsheets'];

export interface Setup {
  emu: Emulator;
  key: ServiceAccountKey;
  sheets: sheets_v4.Sheets;
}

/** OAuth flow as production code does it: a JWT client exchanging a signed assertion at /token. */
export function jwtClient(emu: Emulator, key: ServiceAccountKey) {
  const auth = new google.auth.JWT({ email: key.client_email, key: key.private_key, keyId: key.private_key_id, scopes: SCOPES });
  return redirectTokenRequests(auth, emu.tokenUrl);
}

export function sheetsFor(emu: Emulator, auth: unknown): sheets_v4.Sheets {
  // retry: false keeps failures visible; googleapis would otherwise retry 5xx/429 on GETs.
  return google.sheets({ version: 'v4', auth: auth as never, rootUrl: `${emu.url}/`, retry: false } as never);
}

export async function setup(opts: EmulatorOptions = {}): Promise<Setup> {
  const emu = await startEmulator({ port: 0, ...opts });
  const key = await emu.createServiceAccount('tester@houqin-local.iam.gserviceaccount.com');
  return { emu, key, sheets: sheetsFor(emu, jwtClient(emu, key)) };
}

/** The API error googleapis throws, reduced to what Google sent. */
export async function apiError(p: Promise<unknown>): Promise<{ status: number; message: string; body: any }> {
  try {
    await p;
  } catch (e: any) {
    return { status: e.status ?? e.response?.status, message: e.response?.data?.error?.message ?? e.message, body: e.response?.data };
  }
  throw new Error('expected the request to fail');
}
