/**
 * The register engine as one plugin (src/core/plugin.ts): its pages under /registers, a desk
 * alert per register with something overdue, due, expired or flagged, and one monthly-summary
 * section covering every register.
 */
import type { TabKey } from '../../../sheets-schema/index.js';
import { schoolCalendar } from '../calendar.js';
import { definePlugin, type Alert } from '../plugin.js';
import { registerMessages } from './messages.js';
import { registerState, stateCounts } from './model.js';
import { registerRoutes } from './routes.js';
import { readRegister, registersFor } from './source.js';
import { registersSummary } from './summary.js';
import type { Text } from '../table/types.js';
import type { RegisterDef } from './types.js';
import { refSources } from './fields.js';
import { registerDuties, registerEvents, registerReminders } from './notices.js';

export function registersPlugin(code: readonly RegisterDef[]) {
  const refTabKeys = Object.values(refSources).map((s) => s.tab);
  return definePlugin({
    id: 'registers',
    tabs: [...new Set<TabKey>(['registerCatalog', 'registerChecks', 'calendar', ...refTabKeys, ...code.map((r) => r.tabKey as TabKey)])],
    nav: [{ path: '/registers', label: registerMessages['registers.title'], roles: ['head', 'staff', 'class_head', 'teacher', 'leader'] }],
    routes: registerRoutes(code),
    messages: registerMessages,
    events: registerEvents,
    duties: (ctx) => registerDuties(code, ctx),
    reminders: (ctx) => registerReminders(code, ctx),
    async alerts({ data, person }) {
      const { registers } = await registersFor(data, code);
      const mine = registers.filter((r) => r.add.includes(person.role) || (person.role === 'head' && r.view.includes(person.role)));
      if (!mine.length) return [];
      const { registerChecks, calendar } = await data.read(['registerChecks', 'calendar']);
      const cal = schoolCalendar(calendar);
      const alerts: Alert[] = [];
      for (const def of mine) {
        const n = stateCounts(registerState(def, await readRegister(data, def), registerChecks, cal));
        const href = `/registers/${def.id}?state=attention`;
        const say = (level: Alert['level'], what: Text, count: number, to = href) => {
          if (count)
            alerts.push({
              level,
              text: { zh: `${def.name.zh}：${what.zh}`, en: `${def.name.en}: ${what.en}` },
              params: { count },
              href: to,
            });
        };
        say('bad', registerMessages['registers.alert.overdue'], n.overdue);
        say(
          'bad',
          def.expiry?.expiredText
            ? { zh: `${def.expiry.expiredText.zh} {count} 条`, en: `${def.expiry.expiredText.en}: {count}` }
            : registerMessages['registers.alert.expired'],
          n.expired,
        );
        say('bad', registerMessages['registers.alert.missed'], n.missed, `/registers/${def.id}`);
        if (def.flag) say('warn', { zh: `${def.flag.text.zh} {count} 条`, en: `${def.flag.text.en}: {count}` }, n.flagged);
        say('info', registerMessages['registers.alert.due'], n.due);
        say('warn', registerMessages['registers.alert.soon'], n.soon);
      }
      return alerts;
    },
    summary: (ctx) => registersSummary(ctx, code),
    /** Mistakes in the 登记簿's declarations, and unreadable cells of the tabs they name. */
    async problems(data) {
      const { registers, problems } = await registersFor(data, code);
      const own = registers.filter((r) => r.declaredAt);
      const tables = await Promise.all(own.map((r) => readRegister(data, r)));
      return [...problems, ...tables.flatMap((t) => t.problems)];
    },
  });
}
