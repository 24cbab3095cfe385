/**
 * Shared setup for the tool tests: an in-process emulator, the school's Google account
 * (after the browser step: an authorised client injected into the tools) and the
 * portal's service account, plus captured CLI output.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { google } from 'googleapis';
import { USER_SCOPES } from '../../tools/setup/google.js';
import { redirectTokenRequests, startEmulator, type Emulator, type ServiceAccountKey } from '../../tools/sheets-emulator/index.js';

export interface ToolEnv {
  emu: Emulator;
  /** The school's Google account, as the browser sign-in would authorise it. */
  schoolAuth: InstanceType<typeof google.auth.JWT>;
  schoolEmail: string;
  /** The portal's service account key and where it is saved. */
  portalKey: ServiceAccountKey;
  portalKeyFile: string;
  dir: string;
  close(): Promise<void>;
}

export async function toolEnv(): Promise<ToolEnv> {
  const emu = await startEmulator({ port: 0 });
  const school = await emu.createServiceAccount('head@yucai-school.example.iam.gserviceaccount.com');
  const portalKey = await emu.createServiceAccount('houqin-portal@yucai-houqin.iam.gserviceaccount.com');
  const dir = mkdtempSync(join(tmpdir(), 'houqin-tools-'));
  const portalKeyFile = join(dir, 'portal-key.json');
  writeFileSync(portalKeyFile, JSON.stringify(portalKey));
  const schoolAuth = redirectTokenRequests(
    new google.auth.JWT({ email: school.client_email, key: school.private_key, keyId: school.private_key_id, scopes: USER_SCOPES }),
    emu.tokenUrl,
  );
  return { emu, schoolAuth, schoolEmail: school.client_email as string, portalKey, portalKeyFile, dir, close: () => emu.close() };
}

/** Captured output of one CLI run. */
export function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) },
    out,
    err,
    text: () => out.join('\n'),
    errors: () => err.join('\n'),
  };
}

/** API requests that wrote (anything but a read) since the log was last reset. */
export function writesIn(emu: Emulator) {
  return emu.log().filter((e) => e.access !== 'read');
}

/** A googleapis Sheets client acting as the portal's service account. */
export function portalSheets(env: ToolEnv) {
  const auth = redirectTokenRequests(
    new google.auth.JWT({
      email: env.portalKey.client_email,
      key: env.portalKey.private_key,
      keyId: env.portalKey.private_key_id,
      scopes: ['https://www.googleapis.com/auth/spreadsheets'],
    }),
    env.emu.tokenUrl,
  );
  return google.sheets({ version: 'v4', auth, rootUrl: `${env.emu.url}/` });
}
