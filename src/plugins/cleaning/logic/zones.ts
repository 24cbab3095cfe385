/**
 * A cleaning zone as the module uses it: the 卫生责任区 row with the defaults filled in
 * (daily routine by type, the nine "no"s as checklist, canteens disinfected, active unless
 * 启用 says 否). Pure functions, no I/O.
 */
import { type TableRow, type Text } from '../../../core/kit.js';
import { slotsFor, type RoutineKey, type Slot } from './slots.js';

export interface ChecklistItem {
  /** As the sheet has it (deductions are recorded against it). */
  label: string;
  /** English, for the default items only (a school's own items are shown as written). */
  en?: string;
  /** Most points this item can lose (its share of 100). */
  points: number;
}

export interface Zone {
  id: string;
  name: string;
  building: string;
  type: string | null;
  partyType: string | null;
  party: string;
  routineText: string;
  checks: RoutineKey;
  slots: readonly Slot[];
  bigClean: boolean;
  disinfect: boolean;
  checklist: ChecklistItem[];
  active: boolean;
  /** Sheet row (a hint for links to the cell, never a write target). */
  row: number;
}

/** The nine "no"s (九无), with points summing to 100. */
export const NINE_NOS: readonly ChecklistItem[] = [
  { label: '门窗地面无灰尘', en: 'No dust on doors, windows or floor', points: 15 },
  { label: '无痰迹', en: 'No spit', points: 10 },
  { label: '无纸屑', en: 'No paper scraps', points: 10 },
  { label: '墙壁、花坛无脚印', en: 'No footprints on walls or flower beds', points: 10 },
  { label: '无蜘蛛网', en: 'No cobwebs', points: 10 },
  { label: '无乱涂乱画', en: 'No graffiti', points: 10 },
  { label: '无乱丢杂物', en: 'No litter', points: 10 },
  { label: '无乱倒垃圾', en: 'No rubbish dumped', points: 10 },
  { label: '无卫生死角', en: 'No neglected corners', points: 15 },
];

/** The routine a zone follows when its 打卡要求 cell is empty. */
export function defaultRoutine(partyType: string | null, type: string | null): RoutineKey {
  if (partyType === 'class') return 'sweep3';
  if (type === 'toilet' || type === 'canteen') return 'thrice';
  if (type === 'corridor' || type === 'stairs' || type === 'grounds') return 'twice';
  return 'daily';
}

const POINTS_RE = /[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]\s*$|(\d+(?:\.\d+)?)\s*分\s*$/;

/**
 * Checklist items from the 检查项目 cell: one per line or separated by ；/;, points in
 * brackets ("无纸屑(10)", "无纸屑（10分）" or "无纸屑 10分"). Items without points share
 * what is left of 100 equally (whole points, the remainder to the first ones).
 * @example parseChecklist('地面干净(40)\n桌椅整齐\n无异味') // 40, 30, 30
 */
export function parseChecklist(text: string | null | undefined): ChecklistItem[] {
  const parts = (text ?? '')
    .normalize('NFKC')
    .split(/[\n;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return NINE_NOS.map((i) => ({ ...i }));
  const items = parts.map((part) => {
    const m = POINTS_RE.exec(part);
    const points = m ? Number(m[1] ?? m[2]) : null;
    return { label: (m ? part.slice(0, m.index) : part).trim() || part, points };
  });
  const fixed = items.reduce((sum, i) => sum + (i.points ?? 0), 0);
  const open = items.filter((i) => i.points === null);
  const left = Math.max(0, 100 - fixed);
  const share = open.length ? Math.floor(left / open.length) : 0;
  let extra = open.length ? left - share * open.length : 0;
  return items.map((i) => {
    if (i.points !== null) return { label: i.label, points: i.points };
    const points = share + (extra > 0 ? 1 : 0);
    if (extra > 0) extra--;
    return { label: i.label, points };
  });
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** A zone from its 卫生责任区 row (values as the table layer parsed them). */
export function zoneFrom(row: TableRow): Zone {
  const v = row.values;
  const type = typeof v.type === 'string' ? v.type : null;
  const partyType = typeof v.partyType === 'string' ? v.partyType : null;
  const checks = (typeof v.checks === 'string' ? v.checks : defaultRoutine(partyType, type)) as RoutineKey;
  return {
    id: row.id,
    name: str(v.name) || row.id,
    building: str(v.building),
    type,
    partyType,
    party: str(v.party),
    routineText: str(v.routine),
    checks,
    slots: slotsFor(checks),
    bigClean: typeof v.bigClean === 'boolean' ? v.bigClean : true,
    disinfect: typeof v.disinfect === 'boolean' ? v.disinfect : type === 'canteen',
    checklist: parseChecklist(typeof v.checklist === 'string' ? v.checklist : null),
    active: v.active !== false,
    row: row.row,
  };
}

/** Why a zone cannot take a check-in, or null when it can. */
export function checkinRefusal(zone: Zone | undefined, id: string): Text | null {
  if (!zone)
    return {
      zh: `没有编号为 ${id} 的责任区。请核对二维码，或联系后勤主任。`,
      en: `There is no cleaning zone ${id}. Check the QR code or ask the head of logistics.`,
    };
  if (!zone.active)
    return { zh: `责任区“${zone.name}”已停用，不能打卡。`, en: `The zone “${zone.name}” is inactive and takes no check-ins.` };
  return null;
}

/** The class a zone belongs to, when a class is responsible for it. */
export function classOf(zone: Pick<Zone, 'partyType' | 'party'>): string | null {
  return zone.partyType === 'class' && zone.party ? zone.party : null;
}
