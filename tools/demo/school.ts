/**
 * 育才实验学校: a deterministic demo school for the sheets emulator (`npm start`) and tests.
 *
 * A three-grade secondary school (七、八、九年级, 20 classes) with three buildings, a canteen
 * and outdoor grounds; ~47 people, ~80 rooms, ~560 numbered assets, ~50 cleaning zones and
 * 16 green areas. Everything is derived from the tab declarations in `sheets-schema/`, so the
 * header row is each column's `zh` text and every enum cell is an allowed value's `zh` label.
 *
 * Conventions (documented in tools/demo/README.md):
 * - Room IDs are building-floor-door: `A-301` (教学楼A 3楼 01室). Per floor, `A-3ZL` is the
 *   corridor (走廊), `A-3LT` the stairs (楼梯), `A-3WC` the toilets. Outdoor areas are `W-01`….
 *   Buildings: A 教学楼A, B 教学楼B, C 综合楼, D 食堂, W 室外.
 * - An asset's 存放地点 is the room's **name** (e.g. `七年级(1)班教室`) so staff can read the
 *   sheet; room names are unique. The class tab's 教室 column holds the room **ID**.
 * - Dates are serial numbers (day 0 = 1899-12-30) in DATE-formatted columns; money is yuan.
 *
 * Same seed → byte-identical output. The seed only changes names, phone prefixes, student
 * counts, day-of-month jitter, and which few items are under repair or damaged; the structure
 * (rooms, counts, tags) is the same for every seed.
 */
import { allTabs, assetTagPrefixes, type ColumnDef, type TabDef } from '../../sheets-schema/index.js';
import { mulberry32 } from '../random.js';
import { demoAssets } from './assets.js';
import { demoGreening } from './greening.js';
import { demoStores } from './stores.js';
import { demoRepairs } from './repairs.js';
import { demoCleaning } from './cleaning.js';
import { demoOwnRegisterSheet, demoRegisters } from './registers.js';

export const DEMO_TODAY = '2026-11-20';
export const DEMO_SEED = 20261120;
export const DEMO_SCHOOL_NAME = '育才实验学校';

export type DemoCell = string | number | boolean;

export interface DemoNumberFormat {
  type: 'DATE' | 'DATE_TIME' | 'NUMBER' | 'CURRENCY';
  pattern: string;
}

export interface DemoSheet {
  /** The tab's zh title. */
  title: string;
  /** Row 0 = header (zh headers in schema order). */
  rows: DemoCell[][];
  /** Keyed by column zh header. */
  numberFormats?: Record<string, DemoNumberFormat>;
  frozenRowCount?: number;
  /** Dropdowns below the header, keyed by header text (a tab the school made itself). */
  dropdowns?: Record<string, string[]>;
  /** Header notes, keyed by header text. */
  notes?: Record<string, string>;
}

export interface DemoSpreadsheet {
  title: string;
  locale: 'zh_CN';
  timeZone: 'Asia/Shanghai';
  sheets: DemoSheet[];
}

export interface DemoOptions {
  seed?: number;
  /** 'YYYY-MM-DD'; default DEMO_TODAY. Acquisition dates never pass it; loan dates are relative to it. */
  today?: string;
}

/** One record per row, keyed by column key; enum values given by their allowed `key`. */
export type DemoRecord = Record<string, DemoCell | undefined>;
export type DemoRecords = Record<string, DemoRecord[]>;

// ---------------------------------------------------------------------------------------------
// Small deterministic helpers

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('demo: pick from an empty list');
    return item;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = out[i] as T;
      out[i] = out[j] as T;
      out[j] = a;
    }
    return out;
  }
}

const MS_PER_DAY = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 30);

/** Google Sheets date serial (day 0 = 1899-12-30) of a calendar day. */
export function dateSerial(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - EPOCH) / MS_PER_DAY);
}

function parseDay(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new Error(`demo: today must be YYYY-MM-DD, got ${text}`);
  return dateSerial(Number(m[1]), Number(m[2]), Number(m[3]));
}

function serialToText(serial: number): string {
  return new Date(EPOCH + serial * MS_PER_DAY).toISOString().slice(0, 10);
}

const money = (yuan: number): number => Math.round(yuan * 100) / 100;

// ---------------------------------------------------------------------------------------------
// Names

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
  '彭',
  '曾',
  '肖',
  '田',
  '董',
  '袁',
  '潘',
  '蒋',
  '蔡',
  '余',
  '杜',
  '叶',
  '程',
  '苏',
  '魏',
  '吕',
  '丁',
  '任',
  '沈',
  '姚',
  '卢',
  '姜',
  '崔',
  '钟',
  '谭',
  '陆',
  '汪',
  '范',
  '石',
  '廖',
];
const GIVEN = [
  '建国',
  '秀英',
  '丽娟',
  '志强',
  '海燕',
  '晓红',
  '国庆',
  '文静',
  '俊杰',
  '春梅',
  '永刚',
  '红梅',
  '伟',
  '芳',
  '敏',
  '静',
  '磊',
  '军',
  '勇',
  '艳',
  '涛',
  '明',
  '霞',
  '平',
  '刚',
  '桂英',
  '玉兰',
  '晓燕',
  '建华',
  '建军',
  '立新',
  '卫东',
  '淑珍',
  '德华',
  '雪梅',
  '丽萍',
  '海峰',
  '晓东',
  '振华',
  '宏伟',
  '慧敏',
  '美玲',
  '思远',
  '红霞',
  '志刚',
  '晓丽',
  '新民',
  '凤英',
  '秀兰',
  '金凤',
  '春燕',
  '国华',
  '少华',
  '文博',
  '佳琪',
  '雅婷',
  '子健',
  '婉清',
  '晨曦',
  '宇航',
  '梦洁',
  '欣怡',
  '浩然',
  '瑞雪',
  '一鸣',
  '书涵',
  '雨桐',
  '泽宇',
  '亚楠',
  '红英',
  '长青',
  '学军',
  '家豪',
  '晓峰',
  '丹',
  '娜',
  '颖',
  '琳',
  '斌',
];

function nameGenerator(rng: Rng): () => string {
  const used = new Set<string>();
  const usedGiven = new Set<string>();
  return () => {
    for (let tries = 0; tries < 1000; tries++) {
      const given = rng.pick(GIVEN);
      const name = rng.pick(SURNAMES) + given;
      // Keep given names mostly distinct too, so the staff list reads naturally.
      if (used.has(name) || (usedGiven.has(given) && tries < 200)) continue;
      used.add(name);
      usedGiven.add(given);
      return name;
    }
    throw new Error('demo: ran out of names');
  };
}

// ---------------------------------------------------------------------------------------------
// The school

const FLOOR_ZH = ['', '一楼', '二楼', '三楼', '四楼'] as const;
const floorZh = (floor: number): string => FLOOR_ZH[floor] ?? `${floor}楼`;

interface Person {
  id: string;
  name: string;
  role: 'head' | 'staff' | 'class_head' | 'teacher' | 'leader';
  unit: string;
  phone: string;
  active: boolean;
  notes: string;
  /** Internal job key used to assign responsibilities. */
  job: string;
}

interface Room {
  id: string;
  name: string;
  building: string;
  floor: number | '';
  type: string;
  class: string;
  responsible: string;
  notes: string;
}

interface SchoolClass {
  id: string;
  grade: string;
  head: string;
  room: string;
  students: number;
}

interface Asset {
  name: string;
  category: string;
  kind: 'fixed' | 'consumable';
  room: string;
  responsible: string;
  source: string;
  acquired: number;
  price: number;
  status: string;
  notes: string;
}

const GRADES: ReadonlyArray<{ grade: string; count: number }> = [
  { grade: '七年级', count: 7 },
  { grade: '八年级', count: 7 },
  { grade: '九年级', count: 6 },
];

/** Which building/floor/door each class sits in, in class order. */
const CLASSROOM_LAYOUT: ReadonlyArray<{ building: 'A' | 'B'; floor: number; door: number }> = [
  // 七年级 on 教学楼A 1–2F, 八年级 on A 3–4F, 九年级 on 教学楼B 1–2F.
  { building: 'A', floor: 1, door: 1 },
  { building: 'A', floor: 1, door: 2 },
  { building: 'A', floor: 1, door: 3 },
  { building: 'A', floor: 1, door: 4 },
  { building: 'A', floor: 2, door: 1 },
  { building: 'A', floor: 2, door: 2 },
  { building: 'A', floor: 2, door: 3 },
  { building: 'A', floor: 3, door: 1 },
  { building: 'A', floor: 3, door: 2 },
  { building: 'A', floor: 3, door: 3 },
  { building: 'A', floor: 3, door: 4 },
  { building: 'A', floor: 4, door: 1 },
  { building: 'A', floor: 4, door: 2 },
  { building: 'A', floor: 4, door: 3 },
  { building: 'B', floor: 1, door: 1 },
  { building: 'B', floor: 1, door: 2 },
  { building: 'B', floor: 1, door: 3 },
  { building: 'B', floor: 2, door: 1 },
  { building: 'B', floor: 2, door: 2 },
  { building: 'B', floor: 2, door: 3 },
];

const BUILDING_NAME: Record<string, string> = { A: '教学楼A', B: '教学楼B', C: '综合楼', D: '食堂', W: '室外' };
/** Year each building was put into use (drives acquisition dates). */
const BUILDING_YEAR: Record<string, number> = { A: 2012, B: 2016, C: 2013, D: 2014, W: 2012 };

const roomId = (b: string, floor: number, door: number): string => `${b}-${floor}${String(door).padStart(2, '0')}`;

interface Built {
  spreadsheetTitle: string;
  records: DemoRecords;
}

function build(options: DemoOptions = {}): Built {
  const seed = options.seed ?? DEMO_SEED;
  const today = parseDay(options.today ?? DEMO_TODAY);
  const rng = new Rng(seed);
  const newName = nameGenerator(rng);

  // ----- people -------------------------------------------------------------------------------
  const people: Person[] = [];
  const phonePrefixes = ['138', '139', '150', '151', '158', '186', '187', '189'];
  const addPerson = (role: Person['role'], unit: string, job: string, notes: string, active = true): Person => {
    const n = people.length + 1;
    const person: Person = {
      id: `P${String(n).padStart(3, '0')}`,
      name: newName(),
      role,
      unit,
      // Obviously fake: a mobile prefix, four zeros, then the person's number.
      phone: `${rng.pick(phonePrefixes)}0000${String(n).padStart(4, '0')}`,
      active,
      notes,
      job,
    };
    people.push(person);
    return person;
  };

  const principal = addPerson('leader', '校长室', 'principal', '校长');
  const vpLogistics = addPerson('leader', '校长室', 'vp_logistics', '副校长，分管后勤、安全');
  const vpTeaching = addPerson('leader', '校长室', 'vp_teaching', '副校长，分管教学');
  const head = addPerson('head', '总务处', 'head', '后勤主任（总务主任）');
  addPerson('staff', '总务处', 'electrician', '水电工，持低压电工证');
  const carpenter = addPerson('staff', '总务处', 'carpenter', '木工，负责桌凳门窗维修');
  const keeper = addPerson('staff', '总务处', 'keeper', '保管员，负责库房及物品领用');
  const gardener1 = addPerson('staff', '总务处', 'gardener', '花工');
  const gardener2 = addPerson('staff', '总务处', 'gardener', '花工');
  const cleanerA = addPerson('staff', '总务处', 'cleaner', '保洁员，负责教学楼A');
  const cleanerB = addPerson('staff', '总务处', 'cleaner', '保洁员，负责教学楼B');
  const cleanerC = addPerson('staff', '总务处', 'cleaner', '保洁员，负责综合楼及室外公共区域');
  const guard = addPerson('staff', '总务处', 'guard', '门卫');
  const canteenManager = addPerson('staff', '食堂', 'canteen', '食堂管理员');
  const deanStudies = addPerson('teacher', '教务处', 'dean_studies', '教务主任');
  const deanStudents = addPerson('teacher', '政教处', 'dean_students', '政教主任');
  const physics = addPerson('teacher', '理化生组', 'physics', '物理教师，兼物理实验员');
  const chemistry = addPerson('teacher', '理化生组', 'chemistry', '化学教师，兼化学实验员');
  const biology = addPerson('teacher', '理化生组', 'biology', '生物教师，兼生物实验员');
  const music = addPerson('teacher', '艺体组', 'music', '音乐教师');
  const art = addPerson('teacher', '艺体组', 'art', '美术教师');
  const pe = addPerson('teacher', '艺体组', 'pe', '体育教师，体育组长');
  const it = addPerson('teacher', '信息技术组', 'it', '信息技术教师，管理微机室、录播室');
  const librarian = addPerson('teacher', '图书室', 'librarian', '图书管理员');
  const accountant = addPerson('teacher', '财务室', 'accountant', '会计');

  // Classes and their heads.
  const classes: SchoolClass[] = [];
  const classHeads: Person[] = [];
  let layoutIndex = 0;
  for (const { grade, count } of GRADES) {
    for (let n = 1; n <= count; n++) {
      const id = `${grade}(${n})班`;
      const place = CLASSROOM_LAYOUT[layoutIndex++];
      if (!place) throw new Error('demo: classroom layout too short');
      const classHead = addPerson('class_head', id, 'class_head', n === 1 ? `${grade}组长` : '');
      classHeads.push(classHead);
      classes.push({ id, grade, head: classHead.name, room: roomId(place.building, place.floor, place.door), students: rng.int(40, 50) });
    }
  }
  const gradeLeader = (grade: string): Person => {
    const index = classes.findIndex((c) => c.grade === grade);
    const person = classHeads[index];
    if (!person) throw new Error(`demo: no leader for ${grade}`);
    return person;
  };

  addPerson('teacher', '语文组', 'retired', '2025年7月退休', false);
  addPerson('staff', '总务处', 'former_cleaner', '保洁员，2026年3月离职', false);

  // ----- rooms --------------------------------------------------------------------------------
  const rooms: Room[] = [];
  const roomByName = new Map<string, Room>();
  const addRoom = (
    id: string,
    name: string,
    b: string,
    floor: number | '',
    type: string,
    responsible: Person,
    extra: { class?: string; notes?: string } = {},
  ): Room => {
    if (roomByName.has(name)) throw new Error(`demo: duplicate room name ${name}`);
    const room: Room = {
      id,
      name,
      building: BUILDING_NAME[b] ?? b,
      floor,
      type,
      class: extra.class ?? '',
      responsible: responsible.name,
      notes: extra.notes ?? '',
    };
    rooms.push(room);
    roomByName.set(name, room);
    return room;
  };
  const cleanerFor: Record<string, Person> = { A: cleanerA, B: cleanerB, C: cleanerC };
  const addFloorCommons = (b: string, floor: number): void => {
    const cleaner = cleanerFor[b] ?? cleanerC;
    const bName = BUILDING_NAME[b] ?? b;
    addRoom(`${b}-${floor}ZL`, `${bName}${floorZh(floor)}走廊`, b, floor, 'corridor', cleaner);
    addRoom(`${b}-${floor}LT`, `${bName}${floorZh(floor)}楼梯`, b, floor, 'stairs', cleaner);
    addRoom(`${b}-${floor}WC`, `${bName}${floorZh(floor)}卫生间`, b, floor, 'toilet', cleaner, {
      notes: floor % 2 === 1 ? '男卫生间在东侧，女卫生间在西侧' : '',
    });
  };

  const classroomOf = new Map<string, Room>();
  const classRoomsOnFloor = (b: string, floor: number): void => {
    classes.forEach((c, i) => {
      const place = CLASSROOM_LAYOUT[i];
      if (!place || place.building !== b || place.floor !== floor) return;
      const classHead = classHeads[i];
      if (!classHead) return;
      classroomOf.set(c.id, addRoom(c.room, `${c.id}教室`, b, floor, 'classroom', classHead, { class: c.id }));
    });
  };

  // 教学楼A: 七年级 and 八年级, a grade office on 2F and 4F.
  for (let floor = 1; floor <= 4; floor++) {
    classRoomsOnFloor('A', floor);
    if (floor === 2) addRoom('A-204', '七年级组办公室', 'A', 2, 'office', gradeLeader('七年级'));
    if (floor === 4) addRoom('A-404', '八年级组办公室', 'A', 4, 'office', gradeLeader('八年级'));
    addFloorCommons('A', floor);
  }
  // 教学楼B: 九年级 on 1–2F, labs on 3F, function rooms on 4F.
  for (let floor = 1; floor <= 4; floor++) {
    classRoomsOnFloor('B', floor);
    if (floor === 1) addRoom('B-104', '九年级组办公室', 'B', 1, 'office', gradeLeader('九年级'));
    if (floor === 2) addRoom('B-204', '录播室', 'B', 2, 'function', it, { notes: '公开课、优质课录制，使用须提前到信息技术组登记' });
    if (floor === 3) {
      addRoom('B-301', '物理实验室', 'B', 3, 'lab', physics, { notes: '省标准化实验室，2016年建成' });
      addRoom('B-302', '化学实验室', 'B', 3, 'lab', chemistry, { notes: '危化品存放于仪器室专柜，双人双锁' });
      addRoom('B-303', '生物实验室', 'B', 3, 'lab', biology);
      addRoom('B-304', '实验仪器室', 'B', 3, 'lab', physics);
    }
    if (floor === 4) {
      addRoom('B-401', '音乐室', 'B', 4, 'function', music);
      addRoom('B-402', '美术室', 'B', 4, 'function', art);
      addRoom('B-403', '微机室', 'B', 4, 'function', it, { notes: '学生机45台' });
      addRoom('B-404', '心理咨询室', 'B', 4, 'function', deanStudents);
    }
    addFloorCommons('B', floor);
  }
  // 综合楼: library and stores on 1F, leadership and offices on 2–3F.
  addRoom('C-101', '图书室', 'C', 1, 'function', librarian);
  addRoom('C-102', '阅览室', 'C', 1, 'function', librarian);
  addRoom('C-103', '总务库房', 'C', 1, 'warehouse', keeper, { notes: '物品入库、领用须登记；以旧换新' });
  addRoom('C-104', '体育器材室', 'C', 1, 'warehouse', pe);
  addFloorCommons('C', 1);
  addRoom('C-201', '校长室', 'C', 2, 'office', principal);
  addRoom('C-202', '副校长室(一)', 'C', 2, 'office', vpLogistics);
  addRoom('C-203', '副校长室(二)', 'C', 2, 'office', vpTeaching);
  addRoom('C-204', '教务处', 'C', 2, 'office', deanStudies);
  addRoom('C-205', '政教处', 'C', 2, 'office', deanStudents);
  addFloorCommons('C', 2);
  addRoom('C-301', '总务处', 'C', 3, 'office', head, { notes: '报修、借用、请购在此登记' });
  addRoom('C-302', '财务室', 'C', 3, 'office', accountant);
  addRoom('C-303', '会议室', 'C', 3, 'other', head);
  addRoom('C-304', '档案室', 'C', 3, 'other', deanStudies);
  addFloorCommons('C', 3);
  // 食堂
  addRoom('D-101', '学生餐厅', 'D', 1, 'canteen', canteenManager, { notes: '就餐约900人，分两批' });
  addRoom('D-102', '食堂后厨', 'D', 1, 'canteen', canteenManager, { notes: '每日消毒并留样48小时' });
  addRoom('D-103', '食堂库房', 'D', 1, 'warehouse', canteenManager, { notes: '食材出入库台帐' });
  // 室外
  addRoom('W-01', '操场', 'W', '', 'grounds', pe, { notes: '300米塑胶跑道，内含人造草足球场' });
  addRoom('W-02', '篮球场', 'W', '', 'grounds', pe);
  addRoom('W-03', '升旗台', 'W', '', 'grounds', deanStudents);
  addRoom('W-04', '乒乓球区', 'W', '', 'grounds', pe);
  addRoom('W-05', '自行车棚', 'W', '', 'grounds', guard);
  addRoom('W-06', '校门', 'W', '', 'grounds', guard);
  addRoom('W-07', '门卫室', 'W', 1, 'other', guard);

  const room = (name: string): Room => {
    const r = roomByName.get(name);
    if (!r) throw new Error(`demo: unknown room ${name}`);
    return r;
  };

  // ----- assets -------------------------------------------------------------------------------
  const assets: Asset[] = [];
  const clampDay = (serial: number): number => Math.min(serial, today - 1);
  /** A day in the given month (jittered by the seed), never after today. */
  const day = (year: number, month: number, maxDay = 28): number => clampDay(dateSerial(year, month, rng.int(1, maxDay)));

  interface AddOptions {
    count?: number;
    source?: string;
    status?: string;
    notes?: string;
    /** Allow the random 维修中 / 损坏 status (classroom wear and tear). */
    wear?: boolean;
  }
  const WEAR_NOTES: Record<string, readonly string[]> = {
    repairing: ['已报修，待更换配件', '已报修，水电工处理中', '送修，预计一周内返回'],
    damaged: ['学生损坏，已登记，按“谁损坏谁赔偿”处理', '期中检查发现损坏，待维修'],
  };
  const add = (where: Room | string, name: string, category: string, price: number, acquired: number, opts: AddOptions = {}): void => {
    const r = typeof where === 'string' ? room(where) : where;
    const count = opts.count ?? 1;
    for (let i = 0; i < count; i++) {
      let status = opts.status ?? 'in_use';
      let notes = opts.notes ?? '';
      if (opts.wear && !opts.status) {
        const roll = rng.float();
        if (roll < 0.02) status = 'repairing';
        else if (roll < 0.03) status = 'damaged';
        if (status !== 'in_use' && !notes) notes = rng.pick(WEAR_NOTES[status] ?? ['']);
      }
      assets.push({
        name,
        category,
        kind: price >= 1000 ? 'fixed' : 'consumable',
        room: r.name,
        responsible: r.responsible,
        source: opts.source ?? 'purchased',
        acquired,
        price: money(price),
        status,
        notes,
      });
    }
  };

  // Classrooms: the class head signs for all of it (班级财产承包).
  classes.forEach((c, i) => {
    const r = classroomOf.get(c.id);
    const place = CLASSROOM_LAYOUT[i];
    if (!r || !place) return;
    const opened = BUILDING_YEAR[place.building] ?? 2012;
    const isSeventh = c.grade === '七年级';
    add(r, '讲台', 'furniture', 680, day(opened, 8), { wear: true });
    add(r, '书柜（双开门）', 'furniture', 560, day(opened, 8), { wear: true });
    add(r, '推拉绿板', 'teaching', 1850, day(opened, 8));
    // Desks and chairs registered in sets of 25 (one row per numbered set).
    const deskYear = isSeventh ? 2025 : place.building === 'A' ? 2020 : opened;
    for (let set = 1; set <= 2; set++) {
      add(r, '学生课桌椅（单人升降，25套）', 'furniture', 25 * 268, day(deskYear, 8), {
        wear: true,
        notes: isSeventh && set === 1 ? '2025年暑假更换新课桌椅' : '',
      });
    }
    add(r, '多媒体教学一体机（86英寸）', 'it', 12800, place.building === 'A' ? day(2019, 8) : day(2021, 7), {
      source: place.building === 'A' ? 'allocated' : 'purchased',
      wear: true,
    });
    add(r, '空调（3匹立式柜机）', 'electrical', 3599, place.building === 'A' ? day(2018, 7) : day(2022, 6), { wear: true });
    add(r, '吊扇（56寸）', 'electrical', 230, day(opened, 8), { count: 4, wear: true });
    add(r, 'LED护眼灯组（9盏）', 'electrical', 9 * 238, day(2020, 8), { notes: '2020年暑假教室照明改造' });
  });

  // Grade offices.
  for (const name of ['七年级组办公室', '八年级组办公室', '九年级组办公室']) {
    const r = room(name);
    const year = r.building === '教学楼A' ? 2012 : 2016;
    add(r, '办公桌（钢木）', 'furniture', 850, day(year, 8), { count: 3 });
    add(r, '办公椅', 'furniture', 260, day(year, 8), { count: 3 });
    add(r, '台式计算机', 'it', 4299, day(2022, 3), { count: 2 });
    add(r, '激光打印机（黑白）', 'it', 1699, day(2022, 3));
    add(r, '空调（1.5匹挂机）', 'electrical', 2899, day(2018, 7));
    add(r, '文件柜（钢制）', 'furniture', 720, day(year, 8));
    add(r, '饮水机', 'electrical', 899, day(2021, 9));
  }

  // Leadership and administrative offices.
  add('校长室', '办公桌（大班台）', 'furniture', 2800, day(2013, 8));
  add('校长室', '办公椅（皮质）', 'furniture', 980, day(2013, 8));
  add('校长室', '沙发（三人位）', 'furniture', 3200, day(2013, 8));
  add('校长室', '茶几', 'furniture', 650, day(2013, 8));
  add('校长室', '文件柜（钢制）', 'furniture', 720, day(2013, 8), { count: 2 });
  add('校长室', '台式计算机', 'it', 4299, day(2022, 3));
  add('校长室', '激光打印机（黑白）', 'it', 1699, day(2022, 3));
  add('校长室', '空调（1.5匹挂机）', 'electrical', 2899, day(2018, 7));
  for (const name of ['副校长室(一)', '副校长室(二)']) {
    add(name, '办公桌（钢木）', 'furniture', 850, day(2013, 8));
    add(name, '办公椅', 'furniture', 260, day(2013, 8));
    add(name, '文件柜（钢制）', 'furniture', 720, day(2013, 8));
    add(name, '台式计算机', 'it', 4299, day(2022, 3));
    add(name, '空调（1.5匹挂机）', 'electrical', 2899, day(2018, 7));
  }
  add('教务处', '办公桌（钢木）', 'furniture', 850, day(2013, 8), { count: 2 });
  add('教务处', '办公椅', 'furniture', 260, day(2013, 8), { count: 2 });
  add('教务处', '台式计算机', 'it', 4299, day(2022, 3), { count: 2 });
  add('教务处', '数码复印机（A3）', 'it', 16800, day(2020, 2), { notes: '含双面输稿器；月度印量登记在文印签单' });
  add('教务处', '激光打印机（黑白）', 'it', 1699, day(2022, 3));
  add('教务处', '文件柜（钢制）', 'furniture', 720, day(2013, 8), { count: 2 });
  add('教务处', '空调（2匹挂机）', 'electrical', 3299, day(2018, 7));
  add('政教处', '办公桌（钢木）', 'furniture', 850, day(2013, 8), { count: 2 });
  add('政教处', '办公椅', 'furniture', 260, day(2013, 8), { count: 2 });
  add('政教处', '台式计算机', 'it', 4299, day(2022, 3), { count: 2 });
  add('政教处', '激光打印机（黑白）', 'it', 1699, day(2022, 3));
  add('政教处', '文件柜（钢制）', 'furniture', 720, day(2013, 8));
  add('政教处', '空调（1.5匹挂机）', 'electrical', 2899, day(2018, 7));
  add('总务处', '办公桌（钢木）', 'furniture', 850, day(2013, 8), { count: 2 });
  add('总务处', '办公椅', 'furniture', 260, day(2013, 8), { count: 2 });
  add('总务处', '台式计算机', 'it', 4299, day(2022, 3));
  add('总务处', '彩色喷墨打印机', 'it', 1299, day(2023, 3));
  add('总务处', '文件柜（钢制）', 'furniture', 720, day(2013, 8), { count: 2 });
  add('总务处', '空调（1.5匹挂机）', 'electrical', 2899, day(2018, 7));
  add('财务室', '办公桌（钢木）', 'furniture', 850, day(2013, 8));
  add('财务室', '办公椅', 'furniture', 260, day(2013, 8));
  add('财务室', '台式计算机', 'it', 4299, day(2022, 3));
  add('财务室', '针式票据打印机', 'it', 1980, day(2019, 3));
  add('财务室', '保险柜', 'furniture', 2600, day(2013, 8));
  add('财务室', '点钞机', 'other', 780, day(2017, 5));
  add('财务室', '空调（1.5匹挂机）', 'electrical', 2899, day(2018, 7));
  add('会议室', '会议桌（24人）', 'furniture', 5800, day(2013, 8));
  add('会议室', '会议椅（24把）', 'furniture', 24 * 180, day(2013, 8));
  add('会议室', '投影仪', 'it', 4500, day(2013, 8), { status: 'written_off', notes: '灯泡老化、主板故障，2025年12月经审批报废' });
  add('会议室', '会议平板（75英寸）', 'it', 9800, day(2025, 12));
  add('会议室', '空调（3匹立式柜机）', 'electrical', 3599, day(2018, 7), { count: 2 });
  add('档案室', '手摇密集柜', 'furniture', 12000, day(2015, 6));
  add('档案室', '除湿机', 'electrical', 1899, day(2019, 5));

  // Labs: equipped by the bureau (上级调拨) when 教学楼B opened.
  const labDate = day(2016, 9);
  add('物理实验室', '学生实验桌（双人，含凳）', 'furniture', 1350, labDate, { count: 6, source: 'allocated' });
  add('物理实验室', '教师演示台', 'furniture', 3800, labDate, { source: 'allocated' });
  add('物理实验室', '数字示波器', 'teaching', 1680, labDate, { count: 2, source: 'allocated' });
  add('物理实验室', '学生电源（12台）', 'teaching', 12 * 260, labDate, { source: 'allocated' });
  add('物理实验室', '演示电表组', 'teaching', 980, labDate, { source: 'allocated' });
  add('物理实验室', '多媒体教学一体机（86英寸）', 'it', 12800, day(2021, 7));
  add('化学实验室', '学生实验桌（双人，含凳）', 'furniture', 1350, labDate, { count: 6, source: 'allocated' });
  add('化学实验室', '教师演示台', 'furniture', 3800, labDate, { source: 'allocated' });
  add('化学实验室', '通风橱', 'teaching', 6800, labDate, { count: 2, source: 'allocated' });
  add('化学实验室', '洗眼器', 'other', 450, labDate, { source: 'allocated' });
  add('化学实验室', '药品柜', 'furniture', 2200, labDate, { count: 2, source: 'allocated' });
  add('化学实验室', '多媒体教学一体机（86英寸）', 'it', 12800, day(2021, 7));
  add('生物实验室', '学生实验桌（双人，含凳）', 'furniture', 1350, labDate, { count: 6, source: 'allocated' });
  add('生物实验室', '教师演示台', 'furniture', 3800, labDate, { source: 'allocated' });
  add('生物实验室', '生物显微镜（1600倍）', 'teaching', 680, labDate, { count: 6, source: 'allocated' });
  add('生物实验室', '人体骨骼模型', 'teaching', 1200, labDate, { source: 'allocated' });
  add('生物实验室', '多媒体教学一体机（86英寸）', 'it', 12800, day(2021, 7));
  add('实验仪器室', '仪器柜（钢制）', 'furniture', 1100, labDate, { count: 4, source: 'allocated' });
  add('实验仪器室', '电子天平', 'teaching', 1580, labDate, { count: 2, source: 'allocated' });
  add('实验仪器室', '危化品储存柜', 'furniture', 3600, day(2019, 4), { notes: '双人双锁' });

  // Function rooms.
  add('音乐室', '立式钢琴', 'teaching', 18800, day(2017, 6), { source: 'donated', notes: '2017届校友捐赠' });
  add('音乐室', '电子琴', 'teaching', 2450, day(2019, 9), { count: 2 });
  add('音乐室', '音响系统（功放+音箱）', 'electrical', 6800, day(2019, 9));
  add('音乐室', '合唱台（三层）', 'furniture', 2200, day(2016, 8));
  add('音乐室', '多媒体教学一体机（86英寸）', 'it', 12800, day(2021, 7));
  add('美术室', '画架（30个）', 'teaching', 30 * 85, day(2016, 8));
  add('美术室', '美术桌（六人位）', 'furniture', 980, day(2016, 8), { count: 6 });
  add('美术室', '石膏像教具（一套）', 'teaching', 1260, day(2016, 8));
  add('美术室', '作品展示柜', 'furniture', 1500, day(2018, 4), { count: 2 });
  const labPcDate = day(2023, 7);
  add('微机室', '学生计算机', 'it', 3850, labPcDate, { count: 45, wear: true });
  add('微机室', '教师计算机', 'it', 5200, labPcDate);
  add('微机室', '交换机（48口）', 'it', 2600, labPcDate);
  add('微机室', '计算机桌（双人，23张）', 'furniture', 23 * 420, day(2016, 8));
  add('微机室', '空调（3匹立式柜机）', 'electrical', 3599, day(2018, 7), { count: 2 });
  add('录播室', '常态化录播主机', 'it', 38000, day(2020, 10), { source: 'allocated' });
  add('录播室', '高清摄像机', 'it', 4600, day(2020, 10), { count: 2, source: 'allocated' });
  add('录播室', '高清摄像机', 'it', 4600, day(2020, 10), {
    source: 'allocated',
    status: 'lent',
    notes: `借用人：${deanStudents.name}（政教处，运动会录像）；应还日期：${serialToText(today + 5)}`,
  });
  add('录播室', '数字调音台', 'electrical', 3200, day(2020, 10));
  add('心理咨询室', '心理沙盘', 'teaching', 4800, day(2021, 4));
  add('心理咨询室', '沙发（双人位）', 'furniture', 2600, day(2021, 4));
  add('心理咨询室', '音乐放松椅', 'furniture', 6800, day(2021, 4), { source: 'donated', notes: '爱心企业捐赠' });
  add('图书室', '双面钢制书架', 'furniture', 980, day(2013, 8), { count: 8 });
  add('图书室', '借还书计算机', 'it', 4299, day(2022, 3));
  add('图书室', '图书（文学类，1850册）', 'books', 1850 * 26.5, day(2013, 8), { source: 'allocated' });
  add('图书室', '图书（科普类，1200册）', 'books', 1200 * 31.8, day(2015, 5), { source: 'allocated' });
  add('图书室', '图书（历史地理类，860册）', 'books', 860 * 29.6, day(2017, 5));
  add('图书室', '图书（教辅工具书，640册）', 'books', 640 * 36.0, day(2019, 5));
  add('图书室', '图书（综合类，520册）', 'books', 520 * 22.0, day(2022, 4), { source: 'donated', notes: '“书香校园”家长委员会捐赠' });
  add('图书室', '图书（新课标必读，780册）', 'books', 780 * 28.4, day(2025, 9));
  add('阅览室', '阅览桌（六人位）', 'furniture', 1260, day(2013, 8), { count: 6 });
  add('阅览室', '阅览椅（48把）', 'furniture', 48 * 150, day(2013, 8));
  add('阅览室', '期刊架', 'furniture', 860, day(2013, 8), { count: 2 });
  add('阅览室', '空调（3匹立式柜机）', 'electrical', 3599, day(2018, 7), { count: 2 });

  // Sports equipment (体育器材室) and fixed apparatus outdoors.
  add('体育器材室', '篮球（7号，30个）', 'sports', 30 * 128, day(2025, 9));
  add('体育器材室', '足球（5号，20个）', 'sports', 20 * 110, day(2025, 9));
  add('体育器材室', '排球（20个）', 'sports', 20 * 95, day(2024, 3));
  add('体育器材室', '篮球（7号，20个）', 'sports', 20 * 128, day(2023, 10), { source: 'donated', notes: '家长委员会捐赠' });
  add('体育器材室', '跳绳（100根）', 'sports', 100 * 12, day(2025, 9));
  add('体育器材室', '实心球（2千克，20个）', 'sports', 20 * 45, day(2022, 3));
  add('体育器材室', '乒乓球拍（20副）', 'sports', 20 * 38, day(2024, 3));
  add('体育器材室', '跨栏架（10副）', 'sports', 10 * 260, day(2016, 4));
  add('体育器材室', '跳高架', 'sports', 1680, day(2016, 4));
  add('体育器材室', '海绵垫（2×1米）', 'sports', 780, day(2019, 4), { count: 4 });
  add('体育器材室', '发令枪', 'sports', 120, day(2021, 4));
  add('体育器材室', '秒表（6块）', 'sports', 6 * 85, day(2021, 4));
  add('体育器材室', '体质健康测试仪（一套）', 'sports', 12800, day(2019, 5), { source: 'allocated' });
  add('操场', '足球门（11人制）', 'sports', 2400, day(2014, 7), { count: 2 });
  add('操场', '单杠', 'sports', 1200, day(2012, 9), { count: 2 });
  add('操场', '双杠', 'sports', 1300, day(2012, 9), { count: 2 });
  add('篮球场', '篮球架（移动式）', 'sports', 4600, day(2014, 7), { count: 4, wear: true });
  add('乒乓球区', '室外乒乓球台', 'sports', 1980, day(2015, 5), { count: 4, wear: true });
  add('升旗台', '不锈钢旗杆（12米）', 'other', 8600, day(2012, 9));
  add('升旗台', '升旗音响', 'electrical', 1580, day(2020, 3));

  // Canteen.
  add('食堂后厨', '蒸饭柜（24盘）', 'electrical', 6800, day(2014, 8), { count: 2 });
  add('食堂后厨', '高温消毒柜', 'electrical', 4800, day(2019, 8), { count: 2 });
  add('食堂后厨', '四门冷藏柜', 'electrical', 5600, day(2017, 8), { count: 2 });
  add('食堂后厨', '留样冰箱', 'electrical', 1680, day(2021, 3), { notes: '留样48小时，专人记录' });
  add('食堂后厨', '燃气大锅灶（双头）', 'electrical', 3800, day(2014, 8), { count: 2 });
  add('食堂后厨', '和面机', 'electrical', 3200, day(2018, 8));
  add('食堂后厨', '切菜机', 'electrical', 2800, day(2018, 8));
  add('食堂后厨', '不锈钢操作台', 'furniture', 1200, day(2014, 8), { count: 4 });
  add('食堂后厨', '油烟净化排烟罩', 'other', 9800, day(2020, 7));
  add('学生餐厅', '不锈钢餐桌椅（8人位，20套）', 'furniture', 20 * 1380, day(2014, 8), { count: 3 });
  add('学生餐厅', '保温售饭台', 'electrical', 5600, day(2014, 8), { count: 2 });
  add('学生餐厅', '空调（5匹立式柜机）', 'electrical', 8999, day(2019, 6), { count: 2 });
  add('食堂库房', '不锈钢货架（四层）', 'furniture', 450, day(2014, 8), { count: 4 });
  add('食堂库房', '米面防潮柜', 'furniture', 1350, day(2020, 9));

  // Store room (保管员): tools, spares and idle items.
  add('总务库房', '冲击钻', 'tools', 680, day(2019, 3));
  add('总务库房', '充电式手电钻', 'tools', 420, day(2022, 5), { count: 2 });
  add('总务库房', '角磨机', 'tools', 360, day(2020, 5));
  add('总务库房', '电焊机', 'tools', 1450, day(2017, 6));
  add('总务库房', '铝合金人字梯（2米）', 'tools', 520, day(2018, 3), { count: 2 });
  add('总务库房', '数字万用表', 'tools', 180, day(2021, 4), { count: 2 });
  add('总务库房', '管钳套装', 'tools', 260, day(2019, 3));
  add('总务库房', '汽油割草机', 'tools', 2280, day(2021, 4));
  add('总务库房', '绿篱修剪机', 'tools', 1380, day(2022, 4), { count: 2 });
  add('总务库房', '高枝剪', 'tools', 260, day(2022, 4), { count: 2 });
  add('总务库房', '背负式喷雾器', 'tools', 320, day(2023, 4), { count: 3 });
  add('总务库房', '吊扇（56寸，备用）', 'electrical', 230, day(2024, 7), { count: 4, status: 'idle', notes: '备用，以旧换新' });
  add('总务库房', '台式计算机（旧）', 'it', 3800, day(2014, 9), { count: 3, status: 'idle', notes: '微机室2023年换机后收回' });
  add('总务库房', '学生课桌椅（单人，25套，旧）', 'furniture', 25 * 180, day(2012, 8), {
    count: 2,
    status: 'idle',
    notes: '七年级换新后收回，完好可调剂',
  });
  add('总务库房', '移动拉杆音箱', 'electrical', 1280, day(2022, 9));
  add('总务库房', '移动拉杆音箱', 'electrical', 1280, day(2022, 9), {
    status: 'lent',
    notes: `借用人：${music.name}（艺体组，合唱比赛）；应还日期：${serialToText(today - 9)}；已逾期`,
  });
  add('总务库房', '干粉灭火器（4千克，40具）', 'other', 40 * 85, day(2025, 10), { notes: '备用，每月检查压力' });
  add('总务库房', '应急照明灯', 'electrical', 120, day(2024, 8), { count: 2 });

  // Gate house and gate.
  add('门卫室', '监控硬盘录像机', 'it', 8600, day(2026, 3));
  add('门卫室', '监控显示器（32英寸）', 'it', 1680, day(2026, 3), { count: 2 });
  add('门卫室', '对讲机', 'it', 380, day(2024, 9), { count: 3 });
  add('门卫室', '防暴器材（一套）', 'other', 1650, day(2019, 9), { source: 'allocated' });
  add('校门', '电动伸缩门', 'other', 28000, day(2018, 8));
  add('校门', '人脸识别门禁通道', 'it', 12600, day(2026, 3));

  // Tags: sequential per category, in register order.
  const counters: Record<string, number> = {};
  const assetRecords: DemoRecord[] = assets.map((a) => {
    const prefix = assetTagPrefixes[a.category];
    if (!prefix) throw new Error(`demo: no tag prefix for ${a.category}`);
    const n = (counters[a.category] ?? 0) + 1;
    counters[a.category] = n;
    return {
      tag: `${prefix}-${String(n).padStart(4, '0')}`,
      name: a.name,
      category: a.category,
      kind: a.kind,
      room: a.room,
      responsible: a.responsible,
      source: a.source,
      acquired: a.acquired,
      price: a.price,
      status: a.status,
      notes: a.notes,
      updatedAt: '',
      updatedBy: '',
    };
  });

  // ----- cleaning zones -----------------------------------------------------------------------
  const zones: DemoRecord[] = [];
  const addZone = (name: string, building: string, type: string, partyType: string, party: string, routine: string, notes = ''): void => {
    zones.push({ id: `Z${String(zones.length + 1).padStart(3, '0')}`, name, building, type, partyType, party, routine, notes });
  };
  for (const c of classes) {
    const r = classroomOf.get(c.id);
    if (!r) continue;
    addZone(r.name, r.building, 'classroom', 'class', c.id, '一扫三查；课桌椅摆放整齐；每月一次大扫除', '值日生表张贴于教室门后');
  }
  for (const b of ['A', 'B']) {
    const cleaner = cleanerFor[b] ?? cleanerC;
    const bName = BUILDING_NAME[b] ?? b;
    for (let floor = 1; floor <= 4; floor++) {
      addZone(
        `${bName}${floorZh(floor)}走廊及楼梯`,
        bName,
        'corridor',
        'cleaner',
        cleaner.name,
        '早、午两次清扫，课间巡查保洁；楼梯扶手每日擦拭；每月一次大扫除',
      );
      addZone(
        `${bName}${floorZh(floor)}卫生间`,
        bName,
        'toilet',
        'cleaner',
        cleaner.name,
        '每日清扫不少于三次，无异味、无积水；每周消毒两次',
      );
    }
  }
  addZone(
    '综合楼走廊、楼梯及卫生间',
    '综合楼',
    'corridor',
    'cleaner',
    cleanerC.name,
    '每日早、午两次清扫；卫生间每周消毒两次；每月一次大扫除',
  );
  addZone('校长室、副校长室', '综合楼', 'office', 'office', '校长室', '每日自行打扫，保持整洁；每月一次大扫除');
  addZone('教务处、档案室', '综合楼', 'office', 'office', '教务处', '每日自行打扫；档案室每周通风除湿');
  addZone('政教处、心理咨询室', '综合楼', 'office', 'office', '政教处', '每日自行打扫，保持整洁');
  addZone('总务处、财务室及库房', '综合楼', 'office', 'office', '总务处', '每日自行打扫；库房物品分类摆放，每周整理一次');
  addZone(
    '实验室及功能室',
    '教学楼B',
    'lab',
    'office',
    '理化生组',
    '课后即清理台面；每周一次拖地擦窗；实验废液按规定回收',
    '音乐室、美术室由艺体组负责',
  );
  addZone(
    '食堂（餐厅及后厨）',
    '食堂',
    'canteen',
    'company',
    '洁美保洁服务有限公司',
    '餐后即清扫；每日消毒（餐具、餐桌、操作台）；每周一次彻底清洗',
    '每月考评一次，结果与服务费挂钩',
  );
  const groundZones: ReadonlyArray<[string, string]> = [
    ['操场东侧跑道及看台', '每日早、午各清扫一次，随时捡拾纸屑杂物'],
    ['操场西侧跑道及草坪边缘', '每日早、午各清扫一次，随时捡拾纸屑杂物'],
    ['篮球场及乒乓球区', '每日早清扫一次；雨后及时清除积水'],
    ['升旗台及周边', '每周一升旗前彻底清扫；每日保洁'],
    ['校门口至教学楼A主干道', '每日早、午各清扫一次；无纸屑、无烟头'],
    ['自行车棚及食堂东侧通道', '每日早清扫一次；车辆摆放整齐'],
  ];
  const contractedClasses = rng.shuffle(classes.filter((c) => c.grade !== '七年级')).slice(0, groundZones.length);
  groundZones.forEach(([name, routine], i) => {
    const c = contractedClasses[i];
    if (c) addZone(name, '室外', 'grounds', 'class', c.id, `${routine}；一扫三查`, '包干区');
  });

  // ----- green areas --------------------------------------------------------------------------
  const greenAreas: DemoRecord[] = [];
  const addGreen = (name: string, type: string, location: string, size: string, party: string, species: string, notes = ''): void => {
    greenAreas.push({ id: `G${String(greenAreas.length + 1).padStart(3, '0')}`, name, type, location, size, party, species, notes });
  };
  // 五个花坛承包给五位教职工.
  const bedKeepers = [gardener1, gardener2, biology, guard, carpenter];
  const beds: ReadonlyArray<[string, string, string, string]> = [
    ['中心花坛', '校门内正对主干道', '48㎡', '月季、一串红、矮牵牛'],
    ['教学楼A前花坛', '教学楼A南侧', '32㎡', '杜鹃、金盏菊'],
    ['教学楼B前花坛', '教学楼B南侧', '30㎡', '三色堇、石竹'],
    ['综合楼前花坛', '综合楼正门两侧', '26㎡', '海桐球、万寿菊'],
    ['升旗台花坛', '升旗台北侧', '20㎡', '一串红、鸡冠花'],
  ];
  beds.forEach(([name, location, size, species], i) => {
    const keeper = bedKeepers[i];
    if (keeper) addGreen(name, 'bed', location, size, keeper.name, species, '每日早操时间除草；做到无杂草、无垃圾');
  });
  const beltClasses = rng.shuffle(classes.filter((c) => c.grade === '七年级')).slice(0, 3);
  const belts: ReadonlyArray<[string, string, string, string]> = [
    ['校门两侧绿化带', '校门内东西两侧', '160㎡', '红叶石楠、麦冬'],
    ['操场北侧绿化带', '操场北侧围墙下', '220㎡', '紫叶李、金叶女贞'],
    ['食堂东侧绿化带', '食堂东侧', '95㎡', '八角金盘、麦冬'],
  ];
  belts.forEach(([name, location, size, species], i) => {
    const c = beltClasses[i];
    if (c) addGreen(name, 'belt', location, size, c.id, species, `修剪由花工负责（每学期2次）；垃圾由${c.id}随时清理`);
  });
  addGreen('主干道绿篱', 'hedge', '校门至教学楼A主干道两侧', '120米', gardener1.name, '小叶黄杨', '每年修剪4次，每学期2次');
  addGreen('教学楼间绿篱', 'hedge', '教学楼A、B之间', '86米', gardener2.name, '红叶石楠', '每年修剪4次，每学期2次');
  addGreen('操场围栏绿篱', 'hedge', '操场南侧围栏内', '150米', gardener1.name, '金叶女贞');
  addGreen('主干道行道树', 'tree', '校门至综合楼', '36株', gardener1.name, '香樟', '每学期修剪、喷药一次；已挂牌');
  addGreen('桂花林', 'tree', '教学楼B东侧', '24株', gardener2.name, '桂花', '每学期修剪、喷药一次');
  addGreen('银杏大道', 'tree', '操场西侧', '18株', gardener2.name, '银杏', '2024年补植2株');
  addGreen('综合楼前草坪', 'lawn', '综合楼正门前', '300㎡', gardener1.name, '马尼拉草', '禁止踩踏；春灌、冬灌浇透');
  addGreen('图书室西侧草坪', 'lawn', '综合楼西侧', '180㎡', gardener2.name, '高羊茅');

  // ----- records ------------------------------------------------------------------------------
  const records: DemoRecords = {
    // WeCom user IDs for most people (a few left without, as schools have), one English reader.
    people: people.map((p, i) => ({
      id: p.id,
      name: p.name,
      role: p.role,
      unit: p.unit,
      phone: p.phone,
      active: p.active,
      notes: p.notes,
      account: i % 9 === 8 ? '' : `wx_${p.id.toLowerCase()}`,
      language: i === 12 ? 'en' : '',
    })),
    notifyRules: demoNotifyRules(),
    rooms: rooms.map((r) => ({ ...r })),
    classes: classes.map((c) => ({ ...c })),
    assets: assetRecords,
    zones,
    greenAreas,
    calendar: demoCalendar(),
    ...demoGreening({ today, greenAreas, calendar: demoCalendar() }),
    ...demoRepairs({ today, people, rooms, assets: assetRecords }),
    ...demoCleaning({ today, zones, people }),
    ...demoRegisters({ today, people, rooms, calendar: demoCalendar() }),
    ...demoAssets({ today, people, rooms, classes, assets: assetRecords, calendar: demoCalendar() }),
    ...demoStores({ today, people }),
    audit: [],
  };
  return { spreadsheetTitle: `${DEMO_SCHOOL_NAME} 后勤台帐`, records };
}

/**
 * 通知: the demo school routes every event somewhere, through all five channels, so `npm start`'s
 * local inbox shows each platform's messages. Targets are NOTIFY_CHANNELS entries (tools/start.ts).
 */
export function demoNotifyRules(): DemoRecord[] {
  const rows: Array<[event: string, channel: string, target: string, time?: string]> = [
    ['repairs.reported', 'wecom_robot', 'logistics-group'],
    ['repairs.assigned', 'wecom_app', 'wecom'],
    ['repairs.done', 'wecom_app', 'wecom'],
    ['repairs.escalated', 'wecom_app', 'wecom'],
    ['repairs.atRisk', 'wecom_app', 'wecom'],
    ['stores.approvalWaiting', 'wecom_app', 'wecom'],
    ['repairs.hazardOverdue', 'dingtalk', 'safety-dingtalk'],
    ['assets.loanOverdue', 'wecom_app', 'wecom'],
    ['registers.checkOverdue', 'feishu', 'logistics-feishu'],
    ['summary.published', 'webhook', 'office-webhook'],
    ['summary.published', 'wecom_app', 'wecom'],
    ['digest', 'wecom_app', 'wecom', '07:30'],
    ['sync.stuck', 'wecom_robot', 'logistics-group'],
  ];
  return rows.map(([event, channel, target, time], i) => ({
    id: `N${String(i + 1).padStart(3, '0')}`,
    event,
    channel,
    target,
    active: true,
    time: time ?? '',
    notes: '',
  }));
}

/** 校历 for 2025–2027: terms, the national holidays and their make-up school days. */
function demoCalendar(): DemoRecord[] {
  const rows: Array<[kind: string, name: string, start: [number, number, number], end: [number, number, number]]> = [
    ['term', '2025—2026学年第二学期', [2026, 2, 24], [2026, 7, 3]],
    ['holiday', '清明节', [2026, 4, 4], [2026, 4, 6]],
    ['holiday', '劳动节', [2026, 5, 1], [2026, 5, 5]],
    ['makeup', '劳动节调休上课', [2026, 5, 9], [2026, 5, 9]],
    ['holiday', '端午节', [2026, 6, 19], [2026, 6, 21]],
    ['holiday', '暑假', [2026, 7, 4], [2026, 8, 31]],
    ['term', '2026—2027学年第一学期', [2026, 9, 1], [2027, 1, 22]],
    ['holiday', '中秋节', [2026, 9, 25], [2026, 9, 27]],
    ['holiday', '国庆节', [2026, 10, 1], [2026, 10, 7]],
    ['makeup', '国庆节调休上课', [2026, 10, 10], [2026, 10, 10]],
    ['holiday', '元旦', [2027, 1, 1], [2027, 1, 3]],
    ['holiday', '寒假', [2027, 1, 23], [2027, 2, 21]],
    ['term', '2026—2027学年第二学期', [2027, 2, 22], [2027, 7, 2]],
  ];
  return rows.map(([kind, name, start, end], i) => ({
    id: `C${String(i + 1).padStart(3, '0')}`,
    kind,
    name,
    start: dateSerial(...start),
    end: dateSerial(...end),
    notes: '',
  }));
}

// ---------------------------------------------------------------------------------------------
// Rendering records as sheets

const NUMBER_FORMATS: Partial<Record<ColumnDef['type'], DemoNumberFormat>> = {
  date: { type: 'DATE', pattern: 'yyyy-mm-dd' },
  datetime: { type: 'DATE_TIME', pattern: 'yyyy-mm-dd hh:mm' },
  money: { type: 'CURRENCY', pattern: '"¥"#,##0.00' },
  number: { type: 'NUMBER', pattern: '0' },
};

function cellFor(tab: TabDef, col: ColumnDef, value: DemoCell | undefined): DemoCell {
  if (value === undefined || value === '') return '';
  if (col.type === 'enum') {
    const allowed = col.allowed?.find((a) => a.key === value || a.zh === value);
    if (!allowed) throw new Error(`demo: ${tab.key}.${col.key} has no allowed value ${String(value)}`);
    return allowed.zh;
  }
  return value;
}

/** One sheet for a tab declaration: header row from the schema, then the records (if any). */
export function demoSheetFor(tab: TabDef, records: readonly DemoRecord[] = []): DemoSheet {
  const rows: DemoCell[][] = [tab.columns.map((c) => c.zh)];
  for (const record of records) rows.push(tab.columns.map((col) => cellFor(tab, col, record[col.key])));
  const numberFormats: Record<string, DemoNumberFormat> = {};
  for (const col of tab.columns) {
    const format = NUMBER_FORMATS[col.type];
    if (format) numberFormats[col.zh] = { ...format };
  }
  const sheet: DemoSheet = { title: tab.zh, rows, frozenRowCount: 1 };
  if (Object.keys(numberFormats).length > 0) sheet.numberFormats = numberFormats;
  return sheet;
}

/** The demo school's records, keyed by tab key then column key (enum values as allowed keys). */
export function demoRecords(options?: DemoOptions): DemoRecords {
  return build(options).records;
}

/**
 * A spreadsheet with one sheet per given tab declaration, filled with the demo school's rows
 * where it has any (tabs it does not know get a header row only).
 */
export function demoSpreadsheetFor(tabList: readonly TabDef[], options?: DemoOptions): DemoSpreadsheet {
  const built = build(options);
  return {
    title: built.spreadsheetTitle,
    locale: 'zh_CN',
    timeZone: 'Asia/Shanghai',
    sheets: tabList.map((tab) => demoSheetFor(tab, built.records[tab.key] ?? [])),
  };
}

/** The whole demo school: every tab in `sheets-schema`, in setup order. */
export function demoSchool(options?: DemoOptions): DemoSpreadsheet {
  const school = demoSpreadsheetFor(allTabs, options);
  // The tab of the register the school declared itself in its 登记簿 (not in sheets-schema).
  school.sheets.push(demoOwnRegisterSheet(parseDay(options?.today ?? DEMO_TODAY)));
  return school;
}
