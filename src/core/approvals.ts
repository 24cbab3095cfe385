/**
 * The approval inbox (一支笔审批): what waits for a decision in every module (purchase
 * requests, asset write-offs), decided with one tap — 同意 / 不同意 with a comment. Each
 * decision is attributed, audited, set on its subject by the module, and logged in 审批记录.
 * Deciding is the only write leaders may make (`requireApprover`, `approverWrites`).
 */
import { Hono } from 'hono';
import { decisions } from '../../sheets-schema/index.js';
import type { AppEnv } from '../env.js';
import { requireApprover, requireRole } from './auth/index.js';
import { newRowId } from './data/ids.js';
import { t } from './i18n/index.js';
import { messages } from './i18n/messages.js';
import { idempotencyKey, readForm } from './kit.js';
import type { Plugin } from './plugin.js';
import { localDate, localDateTime } from './time.js';
import { render } from './views/render.js';

const COMMENT_MAX = 300;

export function approvalRoutes(plugins: readonly Plugin[]) {
  const routes = new Hono<AppEnv>();
  const sources = plugins.filter((p) => p.approvals);

  async function inbox(c: Parameters<typeof render>[0], extra: Record<string, unknown> = {}, status = 200) {
    const ctx = { data: c.var.data, person: c.var.person!, today: localDate(), plugins };
    const [lists, { approvals }] = await Promise.all([
      Promise.all(sources.map(async (p) => (await p.approvals!.pending(ctx)).map((item) => ({ ...item, module: p.id })))),
      c.var.data.read(['approvals']),
    ]);
    const pending = lists.flat().sort((a, b) => (a.requestedAt ?? '').localeCompare(b.requestedAt ?? ''));
    const decided = [...approvals.rows]
      .sort((a, b) => String(b.values.at).localeCompare(String(a.values.at)))
      .slice(0, 20)
      .map((r) => r.values);
    return render(
      c,
      'approvals',
      {
        title: t(c.var.locale, messages['approvals.title']),
        mine: pending.filter((p) => p.mayDecide),
        others: pending.filter((p) => !p.mayDecide),
        decided,
        decisions,
        formKey: crypto.randomUUID(),
        ...extra,
      },
      { status },
    );
  }

  routes.get('/', requireRole('head', 'leader'), (c) => inbox(c, { done: c.req.query('done') ?? '' }));

  routes.post('/:module/:id', requireApprover('head', 'leader'), async (c) => {
    const source = sources.find((p) => p.id === c.req.param('module'));
    const id = c.req.param('id');
    const form = await readForm(c);
    const decision = form.text('decision');
    const comment = form.text('comment', COMMENT_MAX + 1);
    const refuse = (message: string, status = 422) => inbox(c, { error: message, errorId: id }, status);
    if (!source) return refuse(t(c.var.locale, messages['approvals.notFound'], { id }), 404);
    if (decision !== 'approved' && decision !== 'rejected') return refuse(t(c.var.locale, messages['approvals.chooseDecision']));
    if (comment.length > COMMENT_MAX) return refuse(t(c.var.locale, messages['approvals.commentTooLong'], { max: COMMENT_MAX }));
    if (decision === 'rejected' && !comment) return refuse(t(c.var.locale, messages['approvals.reasonRequired']));
    const person = c.var.person!;
    const key = idempotencyKey(`approval.${source.id}`, person, form.text('_key'), id);
    const at = localDateTime().slice(0, 16);
    const outcome = await source.approvals!.decide(c, id, { approved: decision === 'approved', comment, key, at });
    if ('refused' in outcome) return refuse(t(c.var.locale, outcome.refused), outcome.status ?? 409);
    const meta = (suffix: string) => ({
      idempotencyKey: `${key}${suffix}`,
      actor: { id: person.id, name: person.name },
      action: `approval.${source.id}.${decision}`,
    });
    // Queued together, so the gateway writes the decision, its history and its log row in one flush.
    const { update, appends = [] } = outcome;
    await Promise.all([
      c.var.data.update(update.tab, update.id, update.changes as never, meta('')),
      ...appends.map((a, i) => c.var.data.append(a.tab, a.values as never, meta(`:${i}`))),
      c.var.data.append(
        'approvals',
        {
          id: newRowId('SP'),
          at,
          kind: source.id,
          subject: id,
          summary: outcome.summary.slice(0, 200),
          amount: outcome.amount,
          decision,
          comment,
          by: person.name,
        },
        meta(':log'),
      ),
    ]);
    return c.redirect(`/approvals?done=${encodeURIComponent(id)}`, 303);
  });
  return routes;
}
