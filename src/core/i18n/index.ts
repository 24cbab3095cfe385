/** One `t()` for routes and templates: zh-CN first, English second. */
import type { Locale } from '../../env.js';
import type { PluginMessages } from '../kit.js';
import type { Text } from '../table/types.js';
import { authMessages } from '../auth/messages.js';
import { pwaMessages } from '../pwa/messages.js';
import { glossary } from './glossary.js';
import { messages } from './messages.js';

export const locales: readonly Locale[] = ['zh-CN', 'en'];
export const defaultLocale: Locale = 'zh-CN';

const catalog: Record<string, Text> = { ...glossary, ...messages, ...authMessages, ...pwaMessages };

/** Plugins add their own messages (keys prefixed with the plugin id) once, at startup. */
export function registerMessages(extra: Readonly<Record<string, Text>>): void {
  for (const [key, text] of Object.entries(extra)) {
    if (key in catalog && catalog[key] !== text) throw new Error(`i18n: message ${key} is defined twice`);
    catalog[key] = text;
  }
}
/**
 * Keys of the plugins' catalogs. Each plugin's messages.ts declares its own, so `t()` checks
 * plugin keys at compile time too:
 * @example declare module '../../core/kit.js' { interface PluginMessages extends Record<keyof typeof assetMessages, Text> {} }
 */
export type { PluginMessages } from '../kit.js';
/** Every message key: the core's, the glossary's, auth's and the plugins'. */
export type MessageKey =
  | keyof typeof messages
  | keyof typeof glossary
  | keyof typeof authMessages
  | keyof typeof pwaMessages
  | (keyof PluginMessages & string);

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}

/** Pick the reader's language from a bilingual text. */
export function pick(text: Text, locale: Locale): string {
  return locale === 'en' ? text.en : text.zh;
}

/**
 * Translate a key (or a bilingual text) and fill {placeholders}. English plurals are written
 * `{count|one|many}`: the first word when the number is 1, the second otherwise.
 * @example t('zh-CN', 'common.results', { count: 3 }) // '共 3 条'
 * @example t('en', 'assets.alert.writeOffs', { count: 1 }) // '1 write-off request awaits …'
 */
export function t(locale: Locale, key: MessageKey | Text, params?: Record<string, unknown>): string {
  return translate(locale, key, params);
}

/** `t()` for keys only known at run time (templates' `{{t "…"}}`): an unknown key shows as itself. */
export function translate(locale: Locale, key: string | Text, params?: Record<string, unknown>): string {
  const text = typeof key === 'string' ? catalog[key] : key;
  const template = text ? pick(text, locale) : String(key);
  if (!params) return template;
  return template
    .replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (whole, name: string, one: string, many: string) =>
      name in params ? (Number(params[name]) === 1 ? one : many) : whole,
    )
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
