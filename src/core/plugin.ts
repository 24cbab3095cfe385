/**
 * The one contract every feature module ("plugin") implements: a Hono sub-app mounted
 * at `/{id}`, the tabs it uses, its menu entries, and (later) its monthly-summary section.
 *
 * @example
 * export const assetsPlugin = definePlugin({ id: 'assets', tabs: ['assets', 'rooms'],
 *   nav: [{ path: '/assets', label: glossary['term.assets'], roles: ['head', 'staff'] }],
 *   routes: assetRoutes })
 */
import type { Hono } from 'hono';
import type { TabKey } from '../../sheets-schema/index.js';
import type { AppEnv, Role } from '../env.js';
import type { Text } from './table/types.js';

export interface PluginNav {
  path: string;
  label: Text;
  /** Who sees the entry; the routes check roles themselves on the server. */
  roles: readonly Role[];
}

export interface Plugin {
  /** URL prefix and stable name, e.g. 'assets'. */
  id: string;
  /** Spreadsheet tabs the plugin reads or writes (setup and data problems use this). */
  tabs: readonly TabKey[];
  nav: readonly PluginNav[];
  routes: Hono<AppEnv>;
}

export function definePlugin<const P extends Plugin>(plugin: P): P {
  return plugin;
}
