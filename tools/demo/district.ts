/**
 * The demo district (示范区教育局): its own spreadsheet (人员 with the district's people, 学校
 * listing its schools) and small generated schools beside the big demo school. A small school
 * has a few months of hazards, patrols, drills, fire-equipment checks and incidents, and has
 * PUBLISHED (frozen, exactly as the portal freezes them) its 安全月报 — assembled from those
 * rows by the portal's own code — and a 月报 holding the figures the district compares. Some
 * schools have not published last month's report yet, so the district page shows late schools.
 * Deterministic from the seed and the day.
 */
import { allTabs, districtTabs, tabs, type TabDef } from '../../sheets-schema/index.js';
import { monthlyBook, pieceId, reportId, safetyBook, type ReportBook } from '../../src/core/summary/books.js';
import type { MonthlyReport } from '../../src/core/summary/report.js';
import { assembleSafetyReport } from '../../src/core/summary/safety.js';
import { freeze } from '../../src/core/summary/snapshot.js';
import { readTable } from '../../src/core/table/table.js';
import { previousMonth } from '../../src/core/time.js';
import { mulberry32 } from '../random.js';
import { dateSerial, demoSheetFor, type DemoRecord, type DemoSheet, type DemoSpreadsheet } from './school.js';

export const DEMO_DISTRICT_NAME = '示范区教育局';
export const DEMO_AREAS = ['城东片区', '城西片区', '山区片区'] as const;

/** The district's people: who signs in at the district's host (编号 D001… ; the supervisor's 片区 in 班级/部门). */
export const DEMO_DISTRICT_PEOPLE = [
  { id: 'D001', name: '郑局长', role: 'district_director', unit: '局领导', phone: '13900000001' },
  { id: 'D002', name: '钱安全', role: 'district_safety', unit: '安全科', phone: '13900000002' },
  { id: 'D003', name: '孙督导', role: 'district_area', unit: '城东片区', phone: '13900000003' },
] as const;

export interface DemoDistrictSchool {
  id: string;
  name: string;
  spreadsheetId: string;
  host?: string;
  area: string;
  boarding: boolean;
  contact: string;
  phone: string;
  serviceAccount?: string;
}

/** The district's spreadsheet: 人员, 学校 and 操作日志. */
export function demoDistrict(schools: readonly DemoDistrictSchool[]): DemoSpreadsheet {
  const records: Record<string, DemoRecord[]> = {
    people: DEMO_DISTRICT_PEOPLE.map((p) => ({ ...p, active: true })),
    districtSchools: schools.map((s) => ({
      id: s.id,
      name: s.name,
      spreadsheetId: s.spreadsheetId,
      host: s.host ?? '',
      area: s.area,
      boarding: s.boarding,
      contact: s.contact,
      phone: s.phone,
      serviceAccount: s.serviceAccount ?? '',
      active: true,
    })),
  };
  return {
    title: `${DEMO_DISTRICT_NAME} 区级汇总`,
    locale: 'zh_CN',
    timeZone: 'Asia/Shanghai',
    sheets: districtTabs.map((t) => demoSheetFor(t, records[t.key] ?? [])),
  };
}

const SCHOOL_NAMES = [
  '城东小学',
  '城西中学',
  '河口镇中心学校',
  '柳林寄宿制学校',
  '山前九年一贯制学校',
  '青石镇中学',
  '南湖小学',
  '北坡寄宿制小学',
];

/** A small school's name: the list first, then numbered boarding schools (a district of 45). */
export const demoSchoolName = (n: number) => SCHOOL_NAMES[n] ?? `第${n + 1}寄宿制学校`;

const serialOf = (iso: string) => dateSerial(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

export interface SmallSchoolOptions {
  /** Which small school (0, 1, …): its name, seed and data. */
  n: number;
  /** 'YYYY-MM-DD', school time. */
  today: string;
  /** Months whose 安全月报 and 月报 are published (frozen) in the school's sheet. */
  published: readonly string[];
}

/** A small generated school: every school tab (headers), a few months of safety rows, and its published reports. */
export async function demoSmallSchool(options: SmallSchoolOptions): Promise<DemoSpreadsheet> {
  const rnd = mulberry32(20261200 + options.n * 7919);
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const name = demoSchoolName(options.n);
  const today = serialOf(options.today);
  const head = `${'王李张刘陈杨黄赵'[options.n % 8]}主任`;
  const rooms = ['教学楼一楼', '教学楼二楼', '学生宿舍', '食堂', '操场', '实验楼', '配电房', '围墙'];
  const areas = ['safety', 'buildings', 'equipment', 'environment', 'hygiene'];
  const records: Record<string, DemoRecord[]> = {
    people: [
      { id: 'P001', name: head, role: 'head', unit: '总务处', phone: `1380000${String(options.n).padStart(4, '0')}`, active: true },
      { id: 'P002', name: '校长', role: 'leader', unit: '校长室', active: true },
    ],
    hazards: [],
    patrols: [],
    safetyDrills: [],
    fireEquipment: [],
    registerChecks: [],
    incidents: [],
  };
  const items = int(8, 24);
  for (let i = 1; i <= items; i++)
    records.fireEquipment!.push({
      id: `XF-${String(i).padStart(3, '0')}`,
      type: 'powder',
      room: rooms[i % rooms.length],
      expires: today + int(60, 700),
      rule: '每月一次',
      responsible: head,
    });
  // Ninety days of rows, so last month and the month before are complete.
  for (let day = today - 90; day < today; day++) {
    if (rnd() < 0.7)
      records.patrols!.push({
        id: `PT-${day}`,
        time: day + 0.35,
        person: head,
        area: areas[day % areas.length],
        checked: 8,
        findings: rnd() < 0.2 ? 1 : 0,
      });
    if (rnd() < 0.12) {
      const found = day;
      const fixed = rnd() < 0.7 ? found + int(1, 12) : null;
      records.hazards!.push({
        id: `H-${found}-${records.hazards!.length}`,
        foundAt: found + 0.4,
        foundBy: head,
        area: areas[int(0, areas.length - 1)],
        room: rooms[int(0, rooms.length - 1)],
        description: ['灭火器压力不足', '楼梯扶手松动', '插座外壳破损', '围墙裂缝', '宿舍走廊应急灯不亮', '消防通道堆放杂物'][int(0, 5)],
        owner: head,
        deadline: found + 7,
        status: fixed !== null && fixed < today ? 'rectified' : 'open',
        rectification: fixed !== null && fixed < today ? '已处理' : '',
        rectifiedAt: fixed !== null && fixed < today ? fixed + 0.6 : '',
      });
    }
    if (rnd() < 0.02)
      records.incidents!.push({
        id: `SJ-${day}`,
        occurredAt: day + 0.45,
        kind: 'injury',
        place: '操场',
        description: '学生课间奔跑摔伤膝盖，校医处理后送医检查。',
        injured: 1,
        handling: '已通知家长',
        reportedBy: head,
      });
  }
  // One or two drills a month, a fire-equipment round early each month (a few items missed).
  for (let back = 0; back < 3; back++) {
    const first = serialOf(`${shiftMonth(options.today.slice(0, 7), -back)}-01`);
    if (first >= today) continue;
    for (let k = 0; k < int(0, 2); k++)
      records.safetyDrills!.push({
        id: `YL-${first}-${k}`,
        date: first + 8 + k * 10,
        kind: k ? 'earthquake' : 'fire',
        people: int(300, 900),
        minutes: 3 + k,
        organiser: head,
      });
    for (let i = 1; i <= items; i++)
      if (rnd() < 0.9 && first + 3 < today)
        records.registerChecks!.push({
          id: `RC-${first}-${i}`,
          register: 'fire',
          item: `XF-${String(i).padStart(3, '0')}`,
          itemName: '灭火器',
          time: first + 3 + 0.4,
          person: head,
          result: rnd() < 0.1 ? 'problem' : 'ok',
        });
  }
  const sheets = new Map<string, DemoSheet>(allTabs.map((t) => [t.key, demoSheetFor(t, records[t.key] ?? [])]));
  // The portal's own code reads those rows and assembles each published month's report.
  const table = (key: keyof typeof tabs) => readTable(tabs[key] as TabDef, tabs[key].zh, sheets.get(key)!.rows);
  const tables = {
    hazards: table('hazards'),
    patrols: table('patrols'),
    safetyDrills: table('safetyDrills'),
    fireEquipment: table('fireEquipment'),
    registerChecks: table('registerChecks'),
    incidents: table('incidents'),
  };
  const safetyRows: DemoRecord[] = [];
  const monthlyRows: DemoRecord[] = [];
  for (const month of options.published) {
    const publishedAt = `${shiftMonth(month, 1)}-0${int(1, 4)}T16:${String(int(10, 59))}:00`;
    const safety = assembleSafetyReport({
      tables,
      month,
      today: options.today,
      now: publishedAt,
      notable: ['本月隐患均已落实整改责任人。'],
    });
    safetyRows.push(...(await frozenRows(safetyBook, month, safety, head, publishedAt)));
    monthlyRows.push(...(await frozenRows(monthlyBook, month, monthlyFigures(month, publishedAt, rnd), head, publishedAt)));
  }
  sheets.set('safetyReports', demoSheetFor(tabs.safetyReports, safetyRows));
  sheets.set('reports', demoSheetFor(tabs.reports, monthlyRows));
  return { title: `${name} 后勤`, locale: 'zh_CN', timeZone: 'Asia/Shanghai', sheets: [...sheets.values()] };
}

/** 'YYYY-MM' moved by whole months. */
function shiftMonth(month: string, by: number): string {
  let m = month;
  for (let i = 0; i < -by; i++) m = previousMonth(m);
  for (let i = 0; i < by; i++) {
    const [y, mm] = m.split('-').map(Number) as [number, number];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
  }
  return m;
}

/** A small school's published 月报: the sections' figures the district compares (a small school keeps no more). */
function monthlyFigures(month: string, at: string, rnd: () => number): MonthlyReport {
  const pct = (lo: number) => Math.round((lo + rnd() * (1 - lo)) * 1000) / 1000;
  const section = (
    id: string,
    zh: string,
    en: string,
    figures: Array<[string, string, string, number, 'percent' | 'money' | 'count']>,
  ) => ({
    id,
    title: { zh, en },
    missingTabs: [],
    problemCount: 0,
    charts: [],
    tables: [],
    notable: [],
    problems: [],
    figures: figures.map(([key, fzh, fen, value, format]) => ({ key, label: { zh: fzh, en: fen }, value, previous: null, format })),
  });
  return {
    version: 1,
    month,
    generatedAt: at,
    notable: [],
    calendarProblems: [],
    sections: [
      section('assets', '校产管理', 'Assets', [
        ['matchRate', '帐物相符率', 'Match rate (books vs things)', pct(0.9), 'percent'],
        ['addedValue', '新增资产金额', 'Value added', Math.round(rnd() * 3000000) / 100, 'money'],
      ]),
      section('repairs', '维修', 'Repairs', [
        ['withinServiceLevel', '按时完成率（小修不隔夜，大修不隔天）', 'Within the service level', pct(0.6), 'percent'],
      ]),
      section('greening', '绿化', 'Greening', [['rate', '完成率', 'Completion', pct(0.7), 'percent']]),
      section('cleaning', '卫生保洁', 'Cleaning', [['checkinRate', '打卡完成率', 'Check-ins done', pct(0.75), 'percent']]),
    ],
  };
}

/** The rows a published report occupies in its tab (pieces, then the report row), as the portal writes them. */
export async function frozenRows(book: ReportBook, month: string, report: object, by: string, at: string): Promise<DemoRecord[]> {
  const { pieces, checksum } = await freeze({ ...report, publishedAt: at, publishedBy: by });
  const when = serialOf(at) + (Number(at.slice(11, 13)) * 60 + Number(at.slice(14, 16))) / 1440;
  return [
    ...pieces.map((p) => ({
      id: pieceId(month, p.part, book),
      kind: 'part',
      title: book.title(month),
      part: p.part,
      parts: pieces.length,
      checksum,
      data: p.data,
      updatedAt: when,
    })),
    {
      id: reportId(month, book),
      kind: 'report',
      title: book.title(month),
      status: 'published',
      notable: (report as { notable?: string[] }).notable?.join('\n') ?? '',
      publishedAt: when,
      publishedBy: by,
      linkVersion: 1,
      linkOff: false,
      parts: pieces.length,
      checksum,
      updatedAt: when,
    },
  ];
}
