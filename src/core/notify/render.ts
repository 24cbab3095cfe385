/** A notice in one person's language: title and body with {placeholders} filled. */
import type { Locale } from '../../env.js';
import { pick, translate } from '../i18n/index.js';
import type { Text } from '../table/types.js';
import type { NoticeParam, NotifyEventDef } from './types.js';

const isText = (v: NoticeParam): v is Text => typeof v === 'object' && v !== null && 'zh' in v;

export function renderNotice(
  def: NotifyEventDef,
  params: Record<string, NoticeParam> = {},
  locale: Locale,
): { title: string; body: string } {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, isText(v) ? pick(v, locale) : String(v)]));
  return { title: translate(locale, def.title, flat), body: translate(locale, def.body, flat) };
}
