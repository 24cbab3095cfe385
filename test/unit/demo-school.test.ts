import { describe, expect, it } from 'vitest';
import { allTabs, assetTagPrefixes, assetCategories, tabs, type TabDef } from '../../sheets-schema/index.js';
import type { TableFor } from '../../src/core/data/types.js';
import type { Table, TableRow, Values } from '../../src/core/table/types.js';
import { RoomIndex } from '../../src/plugins/assets/model.js';
import { assetProblems } from '../../src/plugins/assets/problems.js';
import { latestLines, reconcile, stocktakeRooms } from '../../src/plugins/assets/stocktake.js';
import {
  DEMO_TODAY,
  dateSerial,
  demoRecords,
  demoSchool,
  demoSpreadsheetFor,
  type DemoCell,
  type DemoSpreadsheet,
} from '../../tools/demo/school.js';

const school = demoSchool();

function sheet(s: DemoSpreadsheet, tab: TabDef): DemoCell[][] {
  const found = s.sheets.find((x) => x.title === tab.zh);
  if (!found) throw new Error(`no sheet ${tab.zh}`);
  return found.rows;
}

/** Data rows as objects keyed by column key. */
function rowsOf(tab: TabDef, s: DemoSpreadsheet = school): Array<Record<string, DemoCell>> {
  const [, ...data] = sheet(s, tab);
  return data.map((row) => Object.fromEntries(tab.columns.map((col, i) => [col.key, row[i] ?? ''])));
}

const people = rowsOf(tabs.people);
const rooms = rowsOf(tabs.rooms);
const classes = rowsOf(tabs.classes);
const assets = rowsOf(tabs.assets);
const zones = rowsOf(tabs.zones);
const greenAreas = rowsOf(tabs.greenAreas);

describe('demo school', () => {
  it('is deterministic for a seed and varies with it', () => {
    expect(JSON.stringify(demoSchool({ seed: 7 }))).toBe(JSON.stringify(demoSchool({ seed: 7 })));
    expect(JSON.stringify(demoSchool())).toBe(JSON.stringify(school));
    expect(JSON.stringify(demoSchool({ seed: 8 }))).not.toBe(JSON.stringify(demoSchool({ seed: 7 })));
    expect(DEMO_TODAY).toBe('2026-11-20');
  });

  it('has the spreadsheet metadata', () => {
    expect(school.title).toContain('后勤台帐');
    expect(school.locale).toBe('zh_CN');
    expect(school.timeZone).toBe('Asia/Shanghai');
  });

  it("has one sheet per tab, headers equal to the schema zh headers in order, plus its own register's tab", () => {
    // 急救箱 is declared in the demo's 登记簿, not in sheets-schema (src/core/registers/sheet.ts).
    expect(school.sheets.map((s) => s.title)).toEqual([...allTabs.map((t) => t.zh), '急救箱']);
    for (const tab of allTabs) {
      const rows = sheet(school, tab);
      expect(rows[0]).toEqual(tab.columns.map((c) => c.zh));
      for (const row of rows) expect(row).toHaveLength(tab.columns.length);
    }
    expect(sheet(school, tabs.audit)).toHaveLength(1);
  });

  it('writes only allowed zh labels into enum cells and the right value types', () => {
    for (const tab of allTabs) {
      for (const row of rowsOf(tab)) {
        for (const col of tab.columns) {
          const value = row[col.key];
          if (col.required) expect(value, `${tab.key}.${col.key}`).not.toBe('');
          if (value === '') continue;
          switch (col.type) {
            case 'enum':
              expect(
                col.allowed?.map((a) => a.zh),
                `${tab.key}.${col.key}`,
              ).toContain(value);
              break;
            case 'number':
            case 'money':
            case 'date':
            case 'datetime':
              expect(typeof value, `${tab.key}.${col.key}`).toBe('number');
              break;
            case 'boolean':
              expect(typeof value).toBe('boolean');
              break;
            default:
              expect(typeof value, `${tab.key}.${col.key}`).toBe('string');
              if (col.maxLength) expect((value as string).length).toBeLessThanOrEqual(col.maxLength);
          }
        }
      }
    }
  });

  it('has unique IDs in every tab', () => {
    for (const tab of allTabs) {
      const ids = rowsOf(tab).map((r) => r[tab.idColumn]);
      expect(new Set(ids).size, tab.key).toBe(ids.length);
    }
  });

  it('has ≥500 assets with unique tags, sequential per category prefix', () => {
    expect(assets.length).toBeGreaterThanOrEqual(500);
    expect(assets.length).toBeLessThanOrEqual(600);
    const zhToKey = new Map(assetCategories.map((c) => [c.zh, c.key]));
    const seen = new Map<string, number>();
    for (const a of assets) {
      const key = zhToKey.get(a.category as string);
      expect(key).toBeDefined();
      const prefix = assetTagPrefixes[key ?? ''];
      const n = (seen.get(prefix ?? '') ?? 0) + 1;
      seen.set(prefix ?? '', n);
      expect(a.tag).toBe(`${prefix}-${String(n).padStart(4, '0')}`);
    }
    expect(new Set(assets.map((a) => a.tag)).size).toBe(assets.length);
  });

  it('puts every asset in a known room, with its responsible person', () => {
    const byName = new Map(rooms.map((r) => [r.name, r]));
    expect(byName.size).toBe(rooms.length);
    const names = new Set(people.map((p) => p.name));
    for (const a of assets) {
      const room = byName.get(a.room as string);
      expect(room, String(a.room)).toBeDefined();
      expect(a.responsible).toBe(room?.responsible);
      expect(names.has(a.responsible as string)).toBe(true);
    }
    const store = assets.filter((a) => a.room === '总务库房');
    const keeper = people.find((p) => String(p.notes).startsWith('保管员'));
    expect(store.length).toBeGreaterThan(0);
    for (const a of store) expect(a.responsible).toBe(keeper?.name);
  });

  it('dates acquisitions as serials within 2012–2026 (not after today) with a date format', () => {
    const min = dateSerial(2012, 1, 1);
    const max = dateSerial(2026, 11, 20);
    for (const a of assets) {
      expect(Number.isInteger(a.acquired)).toBe(true);
      expect(a.acquired as number).toBeGreaterThanOrEqual(min);
      expect(a.acquired as number).toBeLessThan(max);
    }
    const assetSheet = school.sheets.find((s) => s.title === tabs.assets.zh);
    expect(assetSheet?.numberFormats?.['购置日期']).toEqual({ type: 'DATE', pattern: 'yyyy-mm-dd' });
    expect(assetSheet?.numberFormats?.['单价']?.type).toBe('CURRENCY');
    expect(assetSheet?.frozenRowCount).toBe(1);
  });

  it('keeps acquisitions before an earlier today', () => {
    const early = demoSchool({ today: '2024-01-10' });
    const limit = dateSerial(2024, 1, 10);
    for (const a of rowsOf(tabs.assets, early)) expect(a.acquired as number).toBeLessThan(limit);
  });

  it('classifies by price and mostly in use', () => {
    for (const a of assets) expect(a.kind).toBe((a.price as number) >= 1000 ? '固定资产' : '低值易耗品');
    const inUse = assets.filter((a) => a.status === '在用').length;
    expect(inUse / assets.length).toBeGreaterThan(0.85);
    expect(new Set(assets.map((a) => a.status)).size).toBeGreaterThanOrEqual(5);
    expect(assets.some((a) => a.status === '借出')).toBe(true);
    expect(assets.some((a) => a.source === '上级调拨')).toBe(true);
    expect(assets.some((a) => a.source === '捐赠')).toBe(true);
  });

  it('has ~20 classes, each with a classroom and an active class head', () => {
    expect(classes.length).toBeGreaterThanOrEqual(18);
    expect(classes.length).toBeLessThanOrEqual(24);
    const roomById = new Map(rooms.map((r) => [r.id, r]));
    for (const c of classes) {
      const room = roomById.get(c.room as string);
      expect(room?.type).toBe('教室');
      expect(room?.class).toBe(c.id);
      const head = people.find((p) => p.name === c.head);
      expect(head?.role).toBe('班主任');
      expect(head?.unit).toBe(c.id);
      expect(head?.active).toBe(true);
      expect(room?.responsible).toBe(c.head);
      expect(c.students as number).toBeGreaterThanOrEqual(40);
      expect(c.students as number).toBeLessThanOrEqual(50);
    }
    expect(new Set(classes.map((c) => c.head)).size).toBe(classes.length);
  });

  it('has ~45 people with unique names, fake phones and some inactive', () => {
    expect(people.length).toBeGreaterThanOrEqual(40);
    expect(people.length).toBeLessThanOrEqual(50);
    expect(new Set(people.map((p) => p.name)).size).toBe(people.length);
    for (const p of people) expect(p.phone).toMatch(/^1(3|5|8)\d{9}$/);
    expect(new Set(people.map((p) => p.phone)).size).toBe(people.length);
    expect(people.filter((p) => p.active === false).length).toBeGreaterThanOrEqual(1);
    expect(people.filter((p) => p.role === '后勤主任')).toHaveLength(1);
    expect(people.filter((p) => p.role === '校领导').length).toBeGreaterThanOrEqual(3);
    const staff = people.filter((p) => p.role === '后勤人员' && p.active);
    expect(staff.length).toBeGreaterThanOrEqual(8);
    expect(staff.length).toBeLessThanOrEqual(10);
  });

  it('has ~45 cleaning zones whose parties exist', () => {
    expect(zones.length).toBeGreaterThanOrEqual(40);
    const classIds = new Set(classes.map((c) => c.id));
    const activeNames = new Set(people.filter((p) => p.active).map((p) => p.name));
    for (const z of zones) {
      if (z.partyType === '班级') expect(classIds.has(z.party as string)).toBe(true);
      if (z.partyType === '保洁员') expect(activeNames.has(z.party as string)).toBe(true);
    }
    for (const c of classes) expect(zones.some((z) => z.partyType === '班级' && z.party === c.id && z.type === '教室')).toBe(true);
    expect(zones.some((z) => z.type === '食堂' && String(z.routine).includes('每日消毒'))).toBe(true);
    expect(zones.some((z) => z.type === '室外场地' && z.partyType === '班级')).toBe(true);
  });

  it('contracts five flower beds to five different active people', () => {
    expect(greenAreas.length).toBeGreaterThanOrEqual(12);
    const beds = greenAreas.filter((g) => g.type === '花坛');
    expect(beds).toHaveLength(5);
    expect(new Set(beds.map((b) => b.party)).size).toBe(5);
    const activeNames = new Set(people.filter((p) => p.active).map((p) => p.name));
    for (const b of beds) expect(activeNames.has(b.party as string)).toBe(true);
  });

  it('keeps its invariants for other seeds', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const s = demoSchool({ seed });
      const ps = rowsOf(tabs.people, s);
      expect(new Set(ps.map((p) => p.name)).size).toBe(ps.length);
      expect(rowsOf(tabs.assets, s)).toHaveLength(assets.length);
      const beds = rowsOf(tabs.greenAreas, s).filter((g) => g.type === '花坛');
      expect(new Set(beds.map((b) => b.party)).size).toBe(5);
    }
  });

  it('builds a spreadsheet for any tab list, header-only for tabs without demo data', () => {
    const extra: TabDef = {
      key: 'libraryLoans',
      zh: '图书借阅',
      en: 'Library loans',
      idColumn: 'id',
      columns: [{ key: 'id', zh: '编号', en: 'ID', type: 'id' }],
    };
    const s = demoSpreadsheetFor([tabs.rooms, extra]);
    expect(s.sheets.map((x) => x.title)).toEqual(['场所', '图书借阅']);
    expect(s.sheets[1]?.rows).toEqual([['编号']]);
    expect(demoRecords().assets).toHaveLength(assets.length);
  });
});

describe('demo school: asset paperwork (tools/demo/assets.ts)', () => {
  const records = demoRecords();
  const table = <K extends keyof typeof tabs>(key: K): TableFor<K> =>
    ({
      tab: tabs[key],
      title: tabs[key].zh,
      header: { index: {}, texts: [], unknown: [], missing: [] },
      problems: [],
      rows: (records[key] ?? []).map(
        (values, i): TableRow => ({ id: String(values[tabs[key].idColumn]), row: i + 2, values: values as Values }),
      ),
    }) as Table as TableFor<K>;
  const today = dateSerial(2026, 11, 20);

  it('has a loan for every lent item (one overdue, one due later) and one returned loan', () => {
    const lent = assets
      .filter((a) => a.status === '借出')
      .map((a) => a.tag)
      .sort();
    const loans = rowsOf(tabs.assetLoans);
    // Handed over (状态 已借出, or blank in rows from before approvals) and not back yet.
    const handedOver = (l: (typeof loans)[number]) => l.status === '' || l.status === '已借出';
    const open = loans.filter((l) => l.returnedOn === '' && handedOver(l));
    expect(open.map((l) => l.tag).sort()).toEqual(lent);
    // One more waits in the leadership's approval inbox: its item is not lent yet, nobody has approved it.
    const waiting = loans.filter((l) => l.status === '待审批');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.approver).toBe('');
    expect(assets.find((a) => a.tag === waiting[0]!.tag)?.status).not.toBe('借出');
    expect(open.filter((l) => (l.due as number) < today)).toHaveLength(1);
    expect(open.filter((l) => (l.due as number) > today)).toHaveLength(1);
    const returned = loans.filter((l) => l.returnedOn !== '');
    expect(returned).toHaveLength(1);
    expect(returned[0]!.condition).toBe('完好');
    const names = new Set(people.map((p) => p.name));
    for (const l of loans) expect(names.has(l.borrower as string) && (l.status === '待审批' || names.has(l.approver as string))).toBe(true);
  });

  it('has one write-off request awaiting the leadership, for an idle item', () => {
    const [request, ...rest] = rowsOf(tabs.assetWriteOffs);
    expect(rest).toHaveLength(0);
    expect(request!.status).toBe('已申请');
    expect(assets.find((a) => a.tag === request!.tag)?.status).toBe('闲置');
  });

  it('has each class acknowledge its classroom property at term start, with the right item count', () => {
    const checks = rowsOf(tabs.classChecks);
    const acks = checks.filter((c) => c.kind === '学期初签收');
    expect(acks.map((c) => c.class).sort()).toEqual(classes.map((c) => c.id).sort());
    const roomName = new Map(rooms.map((r) => [r.id, r.name]));
    for (const ack of acks) {
      const cls = classes.find((c) => c.id === ack.class)!;
      expect(ack.items).toBe(assets.filter((a) => a.room === roomName.get(cls.room) && a.status !== '已报废').length);
      expect(ack.by).toBe(cls.head);
    }
    expect(checks.filter((c) => c.kind === '期中检查')).toHaveLength(classes.length);
  });

  it('has a closed stocktake whose saved reconciliation is what the app computes from its lines', () => {
    const [take] = table('stocktakes').rows;
    expect(take!.values.status).toBe('closed');
    const index = new RoomIndex(table('rooms'));
    const lines = table('stocktakeLines').rows;
    const rec = reconcile(stocktakeRooms(take!.values.rooms), table('assets').rows, latestLines(lines, take!.id), index);
    expect({
      expected: rec.expected,
      found: rec.found,
      missing: rec.missing,
      surplus: rec.surplus,
      wrongRoom: rec.wrongRoom,
      matchRate: rec.matchRate,
    }).toEqual({
      expected: take!.values.expected,
      found: take!.values.found,
      missing: 1,
      surplus: 1,
      wrongRoom: 0,
      matchRate: take!.values.matchRate,
    });
    expect(rec.found).toBe(rec.expected - 1);
  });

  it('has history consistent with the register: each item registered once, each loan, request and count recorded', () => {
    const events = table('assetEvents').rows;
    const registered = events.filter((e) => e.values.type === 'registered').map((e) => e.values.tag);
    expect(new Set(registered).size).toBe(assets.length);
    expect(registered).toHaveLength(assets.length);
    for (const loan of table('assetLoans').rows.filter((l) => l.values.status !== 'requested')) {
      expect(events.some((e) => e.values.type === 'lent' && e.values.ref === loan.id && e.values.tag === loan.values.tag)).toBe(true);
    }
    expect(events.filter((e) => e.values.type === 'returned')).toHaveLength(1);
    expect(events.filter((e) => e.values.type === 'write_off_requested')).toHaveLength(1);
    const counted = events.filter((e) => e.values.type === 'counted');
    expect(counted).toHaveLength(table('stocktakeLines').rows.filter((l) => l.values.result === 'found').length + 1);
    const times = events.map((e) => Number(e.values.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('has no cross-tab data problems', () => {
    expect(
      assetProblems({
        assets: table('assets'),
        rooms: table('rooms'),
        classes: table('classes'),
        assetLoans: table('assetLoans'),
        assetWriteOffs: table('assetWriteOffs'),
        classChecks: table('classChecks'),
      }),
    ).toEqual([]);
  });
});

describe('demo school cleaning history', () => {
  it('reads like a school that keeps to its rosters: 85–98% of checks done in the demo month, from the first check-in', async () => {
    const { readTable } = await import('../../src/core/table/table.js');
    const { schoolCalendar } = await import('../../src/core/calendar.js');
    const { cleaningSection } = await import('../../src/plugins/cleaning/logic/summary.js');
    const t = <T extends TabDef>(tab: T) => readTable(tab, tab.zh, sheet(school, tab) as never);
    const tables = {
      zones: t(tabs.zones),
      checkins: t(tabs.checkins),
      disinfections: t(tabs.disinfections),
      inspections: t(tabs.inspections),
      classes: t(tabs.classes),
      companyEvaluations: t(tabs.companyEvaluations),
    };
    const section = cleaningSection(tables, DEMO_TODAY.slice(0, 7), schoolCalendar(t(tabs.calendar)), DEMO_TODAY);
    const rate = section.figures.find((f) => f.key === 'checkinRate')!.value!;
    expect(rate).toBeGreaterThan(0.85);
    expect(rate).toBeLessThan(0.98);
  });
});
