/**
 * "Mine today": each module's duties for one person (their zones to clean, greening tasks, open
 * repair jobs, checks due). The staff desk shows this list and the daily digest sends it.
 */
import { t } from '../i18n/index.js';
import type { Alert, Plugin, PluginContext } from '../plugin.js';
import type { Text } from '../table/types.js';

export async function dutiesFor(plugins: readonly Plugin[], ctx: PluginContext): Promise<Alert[]> {
  const lists = await Promise.all(plugins.map((p) => (p.duties ? p.duties(ctx).catch(() => []) : Promise.resolve([]))));
  return lists.flat();
}

/** The list as one bilingual bullet text, for the digest message. */
export function dutyList(duties: readonly Alert[]): Text {
  const lines = (locale: 'zh-CN' | 'en') => duties.map((d) => `- ${t(locale, d.text, d.params)}`).join('\n');
  return { zh: lines('zh-CN'), en: lines('en') };
}
