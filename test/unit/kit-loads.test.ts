/** The kit's route preamble (`loads`): not-found page, refusal, and the typed record for the handler. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { loads, type AppEnv, type Ctx } from '../../src/core/kit.js';

interface Ticket {
  id: string;
  closed: boolean;
}

declare module '../../src/core/kit.js' {
  interface RouteRecords {
    /** Only this test's route sets it. */
    kitTestTicket: Ticket;
  }
}

const tickets: Ticket[] = [
  { id: 'T1', closed: false },
  { id: 'T2', closed: true },
];

function app() {
  const loaded: string[] = [];
  const handled: string[] = [];
  const spec = {
    load: async (c: Ctx) => {
      loaded.push(c.req.param('id') ?? '');
      return tickets.find((t) => t.id === c.req.param('id'));
    },
    missing: (c: Ctx) => c.text('no such ticket', 404),
  };
  const ticket = loads('kitTestTicket', spec);
  const openTicket = loads('kitTestTicket', { ...spec, refuse: (c, t) => (t.closed ? c.text(`${t.id} is closed`, 409) : null) });
  const routes = new Hono<AppEnv>();
  routes.get('/tickets/:id', ticket, (c) => {
    handled.push(c.var.kitTestTicket.id);
    return c.text(`ticket ${c.var.kitTestTicket.id}`);
  });
  routes.post('/tickets/:id/close', openTicket, (c) => {
    handled.push(c.var.kitTestTicket.id);
    return c.text(`closed ${c.var.kitTestTicket.id}`);
  });
  return { routes, loaded, handled };
}

describe('loads (route preamble)', () => {
  it('hands the handler the record it loaded by the path', async () => {
    const { routes, loaded, handled } = app();
    const res = await routes.request('/tickets/T1');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ticket T1');
    expect(loaded).toEqual(['T1']);
    expect(handled).toEqual(['T1']);
  });

  it("answers with the plugin's not-found page and never reaches the handler", async () => {
    const { routes, handled } = app();
    for (const req of [routes.request('/tickets/T9'), routes.request('/tickets/T9/close', { method: 'POST' })]) {
      const res = await req;
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('no such ticket');
    }
    expect(handled).toEqual([]);
  });

  it('refuses a closed record where the route asks, and shows it where it does not', async () => {
    const { routes, handled } = app();
    const refused = await routes.request('/tickets/T2/close', { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toBe('T2 is closed');
    expect(handled).toEqual([]);
    const shown = await routes.request('/tickets/T2');
    expect(shown.status).toBe(200);
    const open = await routes.request('/tickets/T1/close', { method: 'POST' });
    expect(await open.text()).toBe('closed T1');
    expect(handled).toEqual(['T2', 'T1']);
  });
});
