/**
 * Starts the local Sheets emulators for the worker tests (Node side, once per run):
 * - the main one, seeded with the demo school, which the Worker's bindings point at;
 * - a "chaos" one for the sync tests that switch on quotas, latency and faults, so
 *   those never leak into other test files running at the same time.
 * - the messaging platforms' fake, which NOTIFY_CHANNELS points at (test/worker/notify.test.ts);
 * - an "outage" one holding a second copy of the demo school, served by the Worker under
 *   the host outage.portal.test (SCHOOLS), for whole-app tests of a Sheets outage.
 * All trust the same minted service-account key.
 */
import type { TestProject } from 'vitest/node';
import { demoSchool } from '../../tools/demo/school.js';
import { demoDistrict } from '../../tools/demo/district.js';
import { startEmulator } from '../../tools/sheets-emulator/index.js';
import { startNotifyFake } from '../../tools/notify-fake/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorUrl: string;
    serviceAccount: string;
    spreadsheetId: string;
    chaosEmulatorUrl: string;
    outageEmulatorUrl: string;
    outageSpreadsheetId: string;
    /** A district office's spreadsheet (人员 + 学校, no schools yet), served under district.portal.test. */
    districtSpreadsheetId: string;
    /** GOOGLE_SERVICE_ACCOUNTS: a second account ("second") the emulator trusts. */
    serviceAccounts: string;
    /** The messaging platforms' fake (tools/notify-fake) and NOTIFY_CHANNELS pointing at it. */
    notifyFakeUrl: string;
    notifyChannels: string;
  }
}

export default async function setup(project: TestProject) {
  const emu = await startEmulator({ port: 0 });
  const chaos = await startEmulator({ port: 0 });
  const key = await emu.createServiceAccount();
  chaos.trustKey(key);
  const outage = await startEmulator({ port: 0 });
  outage.trustKey(key);
  const outageSchool = outage.createSpreadsheet(demoSchool());
  const { spreadsheetId } = emu.createSpreadsheet(demoSchool());
  const district = emu.createSpreadsheet(demoDistrict([]));
  const second = await emu.createServiceAccount('houqin-second@houqin-local.iam.gserviceaccount.com');
  project.provide('emulatorUrl', emu.url);
  project.provide('serviceAccount', JSON.stringify(key));
  project.provide('spreadsheetId', spreadsheetId);
  project.provide('chaosEmulatorUrl', chaos.url);
  project.provide('outageEmulatorUrl', outage.url);
  project.provide('outageSpreadsheetId', outageSchool.spreadsheetId);
  project.provide('districtSpreadsheetId', district.spreadsheetId);
  project.provide('serviceAccounts', JSON.stringify({ second }));
  const fake = await startNotifyFake();
  project.provide('notifyFakeUrl', fake.url);
  project.provide('notifyChannels', fake.channelsSecret);
  return async () => {
    await fake.close();
    await outage.close();
    await chaos.close();
    await emu.close();
  };
}
