/** Every feature module, in menu order. Adding a module = one folder + one line here. */
import type { Plugin } from '../core/plugin.js';
import { assetsPlugin } from './assets/index.js';
import { cleaningPlugin } from './cleaning/index.js';
import { districtPlugin } from './district/index.js';
import { greeningPlugin } from './greening/index.js';
import { repairsPlugin } from './repairs/index.js';
import { storesPlugin } from './stores/index.js';
import { registersModule } from './registers/index.js';
import { createSummaryPlugin } from './summary/index.js';

export const plugins: readonly Plugin[] = [
  assetsPlugin,
  repairsPlugin,
  greeningPlugin,
  cleaningPlugin,
  storesPlugin,
  registersModule,
  // The summary reads every module, itself among them, so it is handed the list (read lazily).
  createSummaryPlugin(() => plugins),
  districtPlugin,
];
