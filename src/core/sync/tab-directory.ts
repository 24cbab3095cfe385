/**
 * Where each schema tab lives in the spreadsheet, followed by its sheet ID: Google keeps a
 * sheet's ID when staff rename it, so a tab renamed to anything (养护计划 → 养护计划（2026春）)
 * is still found, and a tab whose sheet ID vanished was deleted. Pure and serialisable: the
 * gateway stores it and feeds it `spreadsheets.get` answers.
 */
import { tabs, type TabDef, type TabKey } from '../../../sheets-schema/index.js';
import { findSheet } from '../table/headers.js';
import type { MergeRange } from '../sheets/types.js';
import type { Text } from '../table/types.js';

/** What the head of logistics is told about a tab (desk alert, /problems). */
export interface TabNotice {
  key: TabKey;
  /** massChange: a tab held by the mass-change guard (mass-change.ts). */
  kind: 'renamed' | 'missing' | 'massChange';
  /** Title before (renamed, or the last title seen of a deleted tab). */
  from: string;
  /** Title now (renamed only). */
  to?: string;
  at: number;
  text: Text;
}

interface Entry {
  /** '' = not in the spreadsheet; absent = not resolved (the schema's title is tried). */
  title?: string;
  sheetId?: number;
  /** The sheet's merged cells as last seen (readTable fills a merge down over the rows it covers). */
  merges?: MergeRange[];
}

export interface TabDirectoryState {
  entries: Partial<Record<TabKey, Entry>>;
  notices: TabNotice[];
  checkedAt: number;
}

/** `column` of the data problem that says a whole tab is missing (pages show it as a banner). */
export const MISSING_TAB = '*tab';

/** A renamed-tab notice is information, not a problem: shown for three days. */
const RENAME_NOTICE_MS = 3 * 86_400_000;
const def = (key: TabKey) => tabs[key] as TabDef | undefined;

export const tabTexts = {
  renamed: (tab: TabDef, from: string, to: string): Text => ({
    zh: `工作表「${from}」已改名为「${to}」，门户已跟随（按工作表 ID 识别），无需处理`,
    en: `Tab "${from}" was renamed to "${to}"; the portal follows it (by its sheet ID), nothing to do`,
  }),
  missing: (tab: TabDef, lastTitle: string): Text => ({
    zh: `工作表「${lastTitle || tab.zh}」已被删除或找不到：相关页面无法显示它的内容，写入它的操作会暂停。可在表格的「文件 → 版本记录」中恢复，或新建名为「${tab.zh}」的工作表`,
    en: `Tab "${lastTitle || tab.zh}" (${tab.en}) was deleted or cannot be found: pages cannot show it and writes to it are held. Restore it from the spreadsheet's File → Version history, or add a tab named "${tab.zh}"`,
  }),
};

export class TabDirectory {
  #s: TabDirectoryState;
  /** Tabs beyond the schema's: those a school declared in its 登记簿 (`sheet:<ID>`). */
  readonly #extra: () => ReadonlyMap<string, TabDef>;

  constructor(state?: TabDirectoryState | null, extra: () => ReadonlyMap<string, TabDef> = () => new Map()) {
    this.#s = state ?? { entries: {}, notices: [], checkedAt: 0 };
    this.#extra = extra;
  }

  #def(key: TabKey): TabDef {
    return def(key) ?? (this.#extra().get(key) as TabDef);
  }

  get state(): TabDirectoryState {
    return this.#s;
  }

  get checkedAt(): number {
    return this.#s.checkedAt;
  }

  /** The sheet title to read: the one last seen, the schema's when never resolved, '' when missing. */
  title(key: TabKey): string {
    return this.#s.entries[key]?.title ?? this.#def(key).zh;
  }

  sheetId(key: TabKey): number | undefined {
    return this.#s.entries[key]?.sheetId;
  }

  /** The tab's merged cells as last seen (none when never resolved). */
  merges(key: TabKey): MergeRange[] {
    return this.#s.entries[key]?.merges ?? [];
  }

  isMissing(key: TabKey): boolean {
    return this.#s.entries[key]?.title === '';
  }

  /** Missing tabs are looked for again (setup or a restore may have brought them back). */
  retryMissing(keys: readonly TabKey[]): void {
    for (const k of keys) if (this.isMissing(k)) this.#s.entries[k] = { sheetId: this.#s.entries[k]!.sheetId };
  }

  /**
   * Take in the spreadsheet's sheets (`spreadsheets.get`, `sheets(properties,merges)`). Returns
   * the tabs that are now missing and those whose merged cells changed (their cached copies must go).
   */
  resolve(
    sheets: ReadonlyArray<{ sheetId?: number | null; title?: string | null; merges?: MergeRange[] }>,
    now: number,
  ): { gone: TabKey[]; remerged: TabKey[] } {
    const list = sheets.filter(
      (s): s is { sheetId: number; title: string; merges?: MergeRange[] } => typeof s.title === 'string' && typeof s.sheetId === 'number',
    );
    const gone: TabKey[] = [];
    const remerged: TabKey[] = [];
    const notices = this.#s.notices.filter((n) => n.kind === 'renamed' && now - n.at < RENAME_NOTICE_MS);
    for (const key of [...Object.keys(tabs), ...this.#extra().keys()] as TabKey[]) {
      const prev = this.#s.entries[key];
      const byId = prev?.sheetId === undefined ? undefined : list.find((s) => s.sheetId === prev.sheetId);
      const found = byId ?? findSheet(this.#def(key), list);
      if (found) {
        const before = prev?.title;
        const merges = found.merges ?? [];
        if (JSON.stringify(merges) !== JSON.stringify(prev?.merges ?? [])) remerged.push(key);
        this.#s.entries[key] = { title: found.title, sheetId: found.sheetId, ...(merges.length ? { merges } : {}) };
        if (byId && before && before !== found.title) {
          const i = notices.findIndex((n) => n.key === key);
          const from = i >= 0 ? notices[i]!.from : before;
          if (i >= 0) notices.splice(i, 1);
          if (from !== found.title)
            notices.push({
              key,
              kind: 'renamed',
              from,
              to: found.title,
              at: now,
              text: tabTexts.renamed(this.#def(key), from, found.title),
            });
        }
        continue;
      }
      const last = prev?.title || (prev?.sheetId !== undefined ? this.#def(key).zh : '');
      this.#s.entries[key] = { title: '', ...(prev?.sheetId !== undefined ? { sheetId: prev.sheetId } : {}) };
      gone.push(key);
      const old = this.#s.notices.find((n) => n.key === key && n.kind === 'missing');
      // Only a tab the spreadsheet once had is "deleted"; one it never had is a setup matter (--check).
      if (old || prev?.sheetId !== undefined)
        notices.push(old ?? { key, kind: 'missing', from: last, at: now, text: tabTexts.missing(this.#def(key), last) });
    }
    this.#s.notices = notices;
    this.#s.checkedAt = now;
    return { gone, remerged };
  }

  notices(): TabNotice[] {
    return [...this.#s.notices];
  }
}
