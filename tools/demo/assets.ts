/**
 * The demo school's asset paperwork around the register, relative to the demo's "today" and
 * consistent with it: a loan (借条) for each item the register shows as lent — one overdue —
 * and one returned loan; a write-off request awaiting the leadership's decision; each class's
 * term-start acknowledgement (and mid-term check once it is due); a closed stocktake of the
 * sports store and the library with its reconciliation (one item missing, one surplus); and
 * the history rows all of that implies (registered, lent, returned, requested, counted).
 */
import type { DemoRecord } from './school.js';

interface Who {
  id: string;
  name: string;
  role: string;
  unit: string;
  job?: string;
}

export interface DemoAssetInput {
  today: number;
  people: readonly Who[];
  rooms: ReadonlyArray<{ id: string; name: string }>;
  /** 班级 rows: the class (its ID), its head's name and its classroom's room ID. */
  classes: ReadonlyArray<{ id: string; head: string; room: string }>;
  assets: readonly DemoRecord[];
  calendar: readonly DemoRecord[];
}

/** The stocktake closed a month before today, and the rooms it counted. */
export const DEMO_STOCKTAKE = { id: 'PD-DEMO-1', rooms: ['体育器材室', '图书室'] } as const;

const at = (day: number, hh: number, mm = 0) => day + (hh * 60 + mm) / 1440;
const text = (serial: number) => new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);

export function demoAssets(input: DemoAssetInput): Record<string, DemoRecord[]> {
  const { today, people, assets } = input;
  const head = people.find((p) => p.role === 'head')!;
  const approver = people.find((p) => p.job === 'vp_logistics') ?? people.find((p) => p.role === 'leader')!;
  const byName = new Map(people.map((p) => [p.name, p]));
  const events: DemoRecord[] = [];
  const event = (values: DemoRecord) => events.push({ id: `EV-DEMO-${events.length + 1}`, by: head.name, ...values });

  // Every item was registered when it was acquired (一物一卡).
  for (const a of assets) event({ at: at(Number(a.acquired), 9), tag: a.tag, type: 'registered', toRoom: a.room, toPerson: a.responsible });

  // Loans: the register's lent items carry their IOU in 备注 ("借用人：X（部门，事由）；应还日期：…").
  const loans: DemoRecord[] = [];
  for (const a of assets.filter((x) => x.status === 'lent')) {
    const m = /借用人：([^（]+)（([^，]+)，([^）]+)）；应还日期：(\d{4}-\d{2}-\d{2})/.exec(String(a.notes ?? ''));
    if (!m) throw new Error(`demo: lent asset ${String(a.tag)} has no IOU in its notes`);
    const due = today + Math.round((Date.parse(m[4]!) - Date.parse(text(today))) / 86_400_000);
    const lentOn = due - 14;
    const id = `JY-DEMO-${loans.length + 1}`;
    loans.push({
      id,
      tag: a.tag,
      name: a.name,
      borrower: m[1],
      unit: byName.get(m[1]!)?.unit ?? m[2],
      status: 'lent',
      approver: approver.name,
      decidedAt: at(lentOn - 1, 11),
      comment: '同意',
      lentOn,
      due,
      notes: m[3],
      by: head.name,
    });
    event({ at: at(lentOn, 10), tag: a.tag, type: 'lent', fromRoom: a.room, toPerson: m[1], ref: id, notes: m[3] });
  }
  // One loan already returned in good condition (a drill lent to a teacher).
  const drill = assets.find((a) => a.name === '冲击钻');
  const teacher = people.find((p) => p.role === 'teacher' && p.job !== 'retired');
  if (drill && teacher) {
    const id = `JY-DEMO-${loans.length + 1}`;
    loans.push({
      id,
      tag: drill.tag,
      name: drill.name,
      borrower: teacher.name,
      unit: teacher.unit,
      status: 'lent',
      approver: approver.name,
      decidedAt: at(today - 41, 11),
      comment: '同意',
      lentOn: today - 40,
      due: today - 33,
      returnedOn: today - 34,
      condition: 'good',
      notes: '布置实验室展板',
      by: head.name,
    });
    event({
      at: at(today - 40, 10),
      tag: drill.tag,
      type: 'lent',
      fromRoom: drill.room,
      toPerson: teacher.name,
      ref: id,
      notes: '布置实验室展板',
    });
    event({ at: at(today - 34, 16), tag: drill.tag, type: 'returned', toRoom: drill.room, ref: id, notes: '完好' });
  }

  // A loan request waiting in the leaders' approval inbox (一支笔审批): a camera to record an open class.
  const instrument = assets.find((a) => a.status === 'in_use' && a.name === '高清摄像机');
  if (instrument && teacher) {
    loans.push({
      id: `JY-DEMO-${loans.length + 1}`,
      tag: instrument.tag,
      name: instrument.name,
      borrower: teacher.name,
      unit: teacher.unit,
      status: 'requested',
      lentOn: today + 1,
      due: today + 3,
      notes: '录制区级公开课',
      by: head.name,
    });
  }

  // A write-off request awaiting the leadership's decision: an idle old computer.
  const writeOffs: DemoRecord[] = [];
  const oldPc = assets.find((a) => a.status === 'idle' && String(a.name).startsWith('台式计算机'));
  if (oldPc) {
    const reason = '主板损坏，维修费用超过残值，申请报废';
    writeOffs.push({
      id: 'BF-DEMO-1',
      tag: oldPc.tag,
      name: oldPc.name,
      reason,
      requestedBy: head.name,
      requestedOn: today - 3,
      status: 'requested',
    });
    event({ at: at(today - 3, 11), tag: oldPc.tag, type: 'write_off_requested', ref: 'BF-DEMO-1', notes: reason });
  }

  // Class property: acknowledged at the start of the current term, checked at mid-term once due.
  const term = [...input.calendar]
    .filter((c) => c.kind === 'term' && Number(c.start) <= today)
    .sort((a, b) => Number(b.start) - Number(a.start))[0];
  const termStart = term ? Number(term.start) : today - 60;
  const roomName = new Map(input.rooms.map((r) => [r.id, r.name]));
  const classChecks: DemoRecord[] = [];
  for (const c of input.classes) {
    const room = roomName.get(c.room);
    const items = assets.filter((a) => a.room === room && a.status !== 'written_off');
    const ackOn = Math.min(today, termStart + 1);
    classChecks.push({
      id: `BJ-DEMO-${classChecks.length + 1}`,
      class: c.id,
      kind: 'acknowledge',
      date: ackOn,
      term: term?.name ?? '',
      items: items.length,
      damaged: 0,
      missing: 0,
      charged: 0,
      by: c.head,
    });
    const midterm = termStart + 63;
    if (midterm < today) {
      const damaged = items.filter((a) => a.status === 'damaged').length;
      classChecks.push({
        id: `BJ-DEMO-${classChecks.length + 1}`,
        class: c.id,
        kind: 'midterm',
        date: midterm,
        term: term?.name ?? '',
        items: items.length,
        damaged,
        missing: 0,
        charged: damaged * 50,
        by: head.name,
        notes: damaged ? '损坏课桌椅按价赔偿，已报修' : '',
      });
    }
  }

  // A closed stocktake: every item ticked in place except the last library item; one surplus ball.
  const openedOn = today - 32;
  const expected = assets.filter((a) => (DEMO_STOCKTAKE.rooms as readonly string[]).includes(String(a.room)) && a.status !== 'written_off');
  const missing = expected.at(-1)!;
  const lines: DemoRecord[] = [];
  expected
    .filter((a) => a !== missing)
    .forEach((a, i) => {
      const time = at(openedOn + (a.room === DEMO_STOCKTAKE.rooms[0] ? 0 : 1), 14, i % 60);
      lines.push({
        id: `PL-DEMO-${lines.length + 1}`,
        stocktake: DEMO_STOCKTAKE.id,
        room: a.room,
        tag: a.tag,
        result: 'found',
        expectedRoom: a.room,
        name: a.name,
        at: time,
        by: head.name,
      });
      event({ at: time, tag: a.tag, type: 'counted', fromRoom: a.room, toRoom: a.room, ref: DEMO_STOCKTAKE.id, notes: '在位' });
    });
  lines.push({
    id: `PL-DEMO-${lines.length + 1}`,
    stocktake: DEMO_STOCKTAKE.id,
    room: DEMO_STOCKTAKE.rooms[0],
    tag: '',
    result: 'surplus',
    name: '篮球（7号，无编号）',
    at: at(openedOn, 15),
    by: head.name,
  });
  const closedOn = openedOn + 2;
  event({
    at: at(closedOn, 17),
    tag: missing.tag,
    type: 'counted',
    fromRoom: missing.room,
    ref: DEMO_STOCKTAKE.id,
    notes: '盘点未找到（盘亏）',
  });
  const found = expected.length - 1;
  const stocktakes: DemoRecord[] = [
    {
      id: DEMO_STOCKTAKE.id,
      name: '功能室期中盘点',
      rooms: DEMO_STOCKTAKE.rooms.join('\n'),
      status: 'closed',
      openedOn,
      openedBy: head.name,
      closedOn,
      expected: expected.length,
      found,
      damaged: 0,
      missing: 1,
      surplus: 1,
      wrongRoom: 0,
      matchRate: Math.round((found / expected.length) * 1000) / 10,
    },
  ];

  // History in time order, as the app appends it.
  events.sort((a, b) => Number(a.at) - Number(b.at));
  return { assetEvents: events, assetLoans: loans, assetWriteOffs: writeOffs, classChecks, stocktakes, stocktakeLines: lines };
}
