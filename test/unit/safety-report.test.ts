/**
 * The 安全月报's figures, assembled from rows laid out as staff keep them, each expected
 * number counted by hand below (month 2026-10, judged as of 2026-10-31).
 */
import { describe, expect, it } from 'vitest';
import { tabs, type TabDef } from '../../sheets-schema/index.js';
import { assembleSafetyReport, safetyFigures } from '../../src/core/summary/safety.js';
import { readTable } from '../../src/core/table/table.js';
import { demoSheetFor, dateSerial, type DemoRecord } from '../../tools/demo/school.js';

const d = (m: number, day: number, hour = 9) => dateSerial(2026, m, day) + hour / 24;
const table = (key: 'hazards' | 'patrols' | 'safetyDrills' | 'fireEquipment' | 'registerChecks' | 'incidents', records: DemoRecord[]) => {
  const tab = tabs[key] as TabDef;
  return readTable(tab, tab.zh, demoSheetFor(tab, records).rows);
};
const hazard = (id: string, found: number, deadline: number, extra: DemoRecord = {}): DemoRecord => ({
  id,
  foundAt: found,
  area: 'safety',
  room: '配电房',
  description: '隐患',
  owner: '王',
  deadline: Math.floor(deadline),
  status: 'open',
  ...extra,
});

const tables = {
  hazards: table('hazards', [
    hazard('H1', d(10, 3), d(10, 10), { rectifiedAt: d(10, 8), status: 'rectified' }), // found + rectified in Oct
    hazard('H2', d(10, 5), d(10, 12)), // open, overdue since 10-12 → 19 days on 10-31
    hazard('H3', d(10, 25), d(11, 2)), // open, not yet due
    hazard('H4', d(9, 20), d(9, 27), { rectifiedAt: d(10, 2), verifiedAt: d(10, 4), status: 'closed' }), // Sept find, rectified and closed in Oct
    hazard('H5', d(9, 1), d(9, 8)), // open since Sept, overdue → 53 days
    hazard('H6', d(11, 2), d(11, 9)), // November: not in October at all
    hazard('H7', d(10, 6), d(10, 13), { status: 'rectified', area: 'buildings' }), // marked rectified without a date: not open
  ]),
  patrols: table('patrols', [
    { id: 'PT1', time: d(10, 8), area: 'safety', checked: 5, findings: 1 },
    { id: 'PT2', time: d(10, 8, 15), area: 'hygiene', checked: 5, findings: 0 },
    { id: 'PT3', time: d(10, 9), area: 'safety', checked: 5, findings: 2 },
    { id: 'PT4', time: d(9, 30), area: 'safety', checked: 5, findings: 4 },
  ]),
  safetyDrills: table('safetyDrills', [
    { id: 'YL1', date: dateSerial(2026, 10, 15), kind: 'earthquake', people: 900, minutes: 3.5 },
    { id: 'YL2', date: dateSerial(2026, 9, 10), kind: 'fire', people: 800, minutes: 4 },
  ]),
  fireEquipment: table(
    'fireEquipment',
    [1, 2, 3, 4].map((i) => ({ id: `XF-${i}`, type: 'powder', room: '走廊' })),
  ),
  registerChecks: table('registerChecks', [
    { id: 'RC1', register: 'fire', item: 'XF-1', time: d(10, 3), result: 'ok' },
    { id: 'RC2', register: 'fire', item: 'XF-1', time: d(10, 20), result: 'problem' }, // the same item twice: one item, two checks
    { id: 'RC3', register: 'fire', item: 'XF-2', time: d(10, 3), result: 'ok' },
    { id: 'RC4', register: 'fire', item: 'XF-9', time: d(10, 3), result: 'ok' }, // not in the register any more
    { id: 'RC5', register: 'meters', item: 'XF-3', time: d(10, 3), result: 'ok' }, // another register
    { id: 'RC6', register: 'fire', item: 'XF-3', time: d(9, 3), result: 'ok' },
  ]),
  incidents: table('incidents', [{ id: 'SJ1', occurredAt: d(10, 12, 10), kind: 'injury', place: '操场', description: '摔伤', injured: 2 }]),
};

describe('安全月报 assembly', () => {
  const report = assembleSafetyReport({ tables, month: '2026-10', today: '2026-11-20', now: '2026-11-20T10:00:00', notable: ['备注'] });

  it('counts hazards found, rectified, closed, open and overdue as of the month end', () => {
    expect(report.asOf).toBe('2026-10-31');
    // found in Oct: H1 H2 H3 H7; rectified in Oct: H1 H4; closed in Oct: H4; open on 10-31: H2 H3 H5; overdue: H2 H5.
    expect(report.hazards).toMatchObject({ found: 4, rectified: 2, closed: 1, open: 3, overdue: 2 });
    expect(report.hazards.overdueList.map((h) => [h.id, h.daysOverdue])).toEqual([
      ['H5', 53],
      ['H2', 19],
    ]);
    expect(report.hazards.byArea.map((a) => [a.area.zh, a.found, a.rectified, a.open])).toEqual([
      ['安全', 3, 2, 3],
      ['校舍', 1, 0, 0],
    ]);
  });

  it('counts patrols, drills, fire-equipment checks and incidents of the month only', () => {
    expect(report.patrols).toEqual({ count: 3, days: 2, findings: 3 });
    expect(report.drills.held).toBe(1);
    expect(report.drills.list[0]).toMatchObject({ date: '2026-10-15', kind: { zh: '防震疏散' }, people: 900, minutes: 3.5 });
    expect(report.fireChecks).toEqual({ items: 4, checked: 2, checks: 3, problems: 1 });
    expect(report.incidents).toMatchObject({ count: 1, injured: 2 });
  });

  it('gives last month beside each figure', () => {
    // September: found H4 H5; open on 09-30: H4 H5 (both past their deadlines); PT4; YL2; XF-3 checked.
    expect(report.previous).toEqual({
      hazards: { found: 2, rectified: 0, closed: 0, open: 2, overdue: 2 },
      patrols: 1,
      drills: 1,
      fireChecked: 1,
      fireItems: 4,
      incidents: 0,
    });
    const figures = Object.fromEntries(safetyFigures(report).map((f) => [f.key, [f.value, f.previous]]));
    expect(figures).toMatchObject({
      hazardsOpen: [3, 2],
      hazardsOverdue: [2, 2],
      drills: [1, 1],
      fireCheckRate: [0.5, 0.25],
      incidents: [1, 0],
    });
  });

  it('judges the month in progress as of today', () => {
    const now = assembleSafetyReport({ tables, month: '2026-11', today: '2026-11-05', now: '2026-11-05T10:00:00' });
    expect(now.asOf).toBe('2026-11-05');
    // Open on 11-05: H2 H3 H5 H6; overdue: H2, H3 (due 11-02), H5; H6 due 11-09.
    expect(now.hazards).toMatchObject({ found: 1, open: 4, overdue: 3 });
  });
});
