/**
 * The demo school's cleaning history: QR check-ins of every zone by its routine on each school
 * day of the two weeks before the demo's "today" (about 92% on time, some late, a few
 * missed — what a school that keeps to its rosters looks like), canteen disinfection,
 * inspections, a class's duty roster and last month's company evaluation. Today itself starts
 * clean (tests and the Today view of a fresh `npm start` begin from nothing); inspections stay
 * 8 to 21 days back so the current week's ranking starts empty. The check-in rate counts from
 * the school's first check-in, so the months before stay "not counted", not 0%.
 * Deterministic: no randomness, only the day and the zone's position.
 */
import { zoneFrom } from '../../src/plugins/cleaning/logic/zones.js';
import type { DemoRecord } from './school.js';

interface Who {
  id: string;
  name: string;
  role: string;
  unit?: string;
}

/** Serial date-time for `day` (a date serial) at hh:mm. */
const at = (day: number, hh: number, mm = 0) => day + (hh * 60 + mm) / 1440;
/** Day of the week of a date serial, 1 = Monday (serial 2 = 1900-01-01 was a Monday). */
const weekdayOf = (serial: number) => ((((serial - 2) % 7) + 7) % 7) + 1;
const tag = (n: number) => n.toString(36).toUpperCase().padStart(4, '0');

export function demoCleaning(input: { today: number; zones: readonly DemoRecord[]; people: readonly Who[] }): Record<string, DemoRecord[]> {
  const { today, zones, people } = input;
  const days: number[] = [];
  for (let d = today - 21; d <= today - 8; d++) if (weekdayOf(d) <= 5) days.push(d);
  const checkinDays: number[] = [];
  for (let d = today - 14; d <= today - 1; d++) if (weekdayOf(d) <= 5) checkinDays.push(d);
  const classHead = (cls: unknown) => people.find((p) => p.role === 'class_head' && p.unit === cls);
  const byName = (name: unknown) => people.find((p) => p.name === name);

  const checkins: DemoRecord[] = [];
  const checkin = (zone: DemoRecord, time: number, who: Who | undefined, kind = '日常保洁', note = '') => {
    checkins.push({
      id: `CK-DEMO-${tag(checkins.length + 1)}`,
      time,
      zone: zone.id,
      zoneName: zone.name,
      kind,
      slot: '',
      person: who?.name ?? '值日生',
      personId: who?.id ?? '',
      issue: note !== '',
      note,
      photo: '',
    });
  };
  const classZones = zones.filter((z) => z.partyType === 'class').slice(0, 6);
  const whoFor = (zone: DemoRecord) => (zone.partyType === 'class' ? classHead(zone.party) : byName(zone.party));
  checkinDays.forEach((day, i) => {
    zones.forEach((zone, k) => {
      const { slots } = zoneFrom({ id: String(zone.id), row: k + 2, values: zone } as Parameters<typeof zoneFrom>[0]);
      slots.forEach((slot, s) => {
        const n = i * 31 + k * 7 + s * 3;
        if (n % 13 === 0) return; // forgotten now and then
        const [hh, mm] = slot.due.split(':').map(Number) as [number, number];
        const minutes = hh * 60 + mm + (n % 11 === 0 ? 20 : -(10 + (n % 30))); // a few late, most before the due time
        const note = i === 3 && k === 1 && s === 2 ? '后墙瓷砖脱落一块' : '';
        checkin(zone, at(day, Math.floor(minutes / 60), minutes % 60), whoFor(zone), '日常保洁', note);
      });
    });
  });
  const bigCleanDay = days[days.length - 1];
  if (bigCleanDay !== undefined)
    for (const zone of classZones.slice(0, 3)) checkin(zone, at(bigCleanDay, 15, 30), classHead(zone.party), '大扫除');

  const inspector = people.find((p) => p.role === 'teacher') ?? people[0];
  const inspections: DemoRecord[] = [];
  const weekStarts = days.filter((d) => weekdayOf(d) === 3); // Wednesday rounds
  zones
    .filter((z) => z.partyType === 'class')
    .forEach((zone, k) => {
      weekStarts.forEach((day, w) => {
        const lost = ((k * 7 + w * 3) % 9) + (k % 5 === 0 ? 4 : 0);
        inspections.push({
          id: `IN-DEMO-${tag(inspections.length + 1)}`,
          date: day,
          zone: zone.id,
          zoneName: zone.name,
          party: zone.party,
          kind: '日常检查',
          score: 100 - lost,
          deductions: lost ? `无纸屑 -${Math.min(lost, 10)}${lost > 10 ? `；无卫生死角 -${lost - 10}` : ''}` : '',
          inspector: inspector?.name ?? '',
          notes: '',
        });
      });
    });

  const canteen = zones.find((z) => z.type === 'canteen');
  const keeper = people.find((p) => p.role === 'staff' && p.unit === '食堂');
  const disinfections: DemoRecord[] = canteen
    ? checkinDays
        .filter((_, i) => i !== 6)
        .map((day, i) => ({
          id: `DS-DEMO-${tag(i + 1)}`,
          time: at(day, 13, 30),
          zone: canteen.id,
          zoneName: canteen.name,
          target: '餐具、餐桌、操作台',
          method: i % 2 ? '高温消毒' : '含氯消毒液',
          minutes: i % 2 ? 30 : 20,
          concentration: i % 2 ? '' : '500mg/L',
          person: keeper?.name ?? '',
          checker: '',
          notes: '',
        }))
    : [];

  const dutyClass = classZones[0];
  const pupils = ['1号', '2号', '3号', '4号', '5号', '6号', '7号', '8号'];
  const roster: DemoRecord[] = dutyClass
    ? days.map((day, i) => ({
        id: `DR-DEMO-${tag(i + 1)}`,
        date: day,
        group: dutyClass.party,
        zone: dutyClass.id,
        onDuty: `${pupils[(2 * i) % 8]}、${pupils[(2 * i + 1) % 8]}`,
        duty: '扫地、拖地、倒垃圾',
        notes: '',
      }))
    : [];

  const head = people.find((p) => p.role === 'head');
  const lastMonth = new Date((today - 25569) * 86_400_000 - 20 * 86_400_000).toISOString().slice(0, 7);
  const companyEvaluations: DemoRecord[] = canteen
    ? [
        {
          id: `EV-DEMO-0001`,
          month: lastMonth,
          company: canteen.party,
          quality: 36,
          disinfection: 18,
          attendance: 14,
          attitude: 14,
          records: 8,
          total: 90,
          grade: '优秀',
          checkinRate: '',
          inspectionAverage: '',
          evaluator: head?.name ?? '',
          notes: '餐后清扫及时；后厨排水沟需加强清理',
        },
      ]
    : [];

  return { checkins, inspections, disinfections, roster, companyEvaluations };
}
