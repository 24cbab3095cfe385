/**
 * The approval inbox (一支笔审批): what waits for a decision in every module (purchase
 * requests, asset write-offs), decided with one tap — 同意 / 不同意 with a comment. Each
 * decision is attributed, audited, set on its subject by the module, and logged in 审批记录.
 * Deciding is the only write leaders may make (`requireApprover`, `approverWrites`).
 */
import { Hono } from 'hono';
import { decisions } from '../../sheets-schema/index.js';
import type { AppEnv } from '../env.js';
import type { QueuedWriteInput } from './data/types.js';
import type { Values } from './table/types.js';
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
    const [lists, { approvals }, parked] = await Promise.all([
      Promise.all(sources.map(async (p) => (await p.approvals!.pending(ctx)).map((item) => ({ ...item, module: p.id })))),
      c.var.data.read(['approvals']),
      c.var.data.conflicts(),
    ]);
    // My decisions the gateway did not send (someone decided in the sheet first), this past week.
    const since = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const notRecorded = parked
      .filter((w) => w.kind === 'update' && w.action.startsWith('approval.') && w.actor.id === ctx.person.id && w.createdAt >= since)
      .map((w) => t(c.var.locale, messages['approvals.notRecorded'], { id: w.rowId, reason: w.reason ? t(c.var.locale, w.reason) : '' }));
    const pending = lists.flat().sort((a, b) => (a.requestedAt ?? '').localeCompare(b.requestedAt ?? ''));
    const decided = [...approvals.rows]
      .sort((a, b) => String(b.values.at).localeCompare(String(a.values.at)))
      .slice(0, 20)
      .map((r) => ({ ...r.values, href: sources.find((p) => p.id === r.values.kind)?.approvals?.href(String(r.values.subject ?? '')) }));
    return render(
      c,
      'approvals',
      {
        title: t(c.var.locale, messages['approvals.title']),
        mine: pending.filter((p) => p.mayDecide),
        others: pending.filter((p) => !p.mayDecide),
        decided,
        decisions,
        notRecorded,
        // A refusal is said beside the card it is about (at the top when that card is gone).
        errorBeside: pending.some((p) => p.mayDecide && p.id === extra.errorId),
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
    // Refused: said beside the card, with the comment as typed (not lost).
    const refuse = (message: string, status = 422) => inbox(c, { error: message, errorId: id, comment }, status);
    if (!source) return refuse(t(c.var.locale, messages['approvals.notFound'], { id }), 404);
    if (decision !== 'approved' && decision !== 'rejected') return refuse(t(c.var.locale, messages['approvals.chooseDecision']));
    if (comment.length > COMMENT_MAX) return refuse(t(c.var.locale, messages['approvals.commentTooLong'], { max: COMMENT_MAX }));
    if (decision === 'rejected' && !comment) return refuse(t(c.var.locale, messages['approvals.reasonRequired']));
    const person = c.var.person!;
    const key = idempotencyKey(`approval.${source.id}`, person, form.text('_key'), id);
    const at = localDateTime().slice(0, 16);
    const outcome = await source.approvals!.decide(c, id, { approved: decision === 'approved', comment, key, at });
    if ('refused' in outcome) return refuse(t(c.var.locale, outcome.refused), outcome.status ?? 409);
    // Queued at once, guarded by the subject row still waiting: the gateway writes the decision, its
    // history and its 审批记录 row in one flush, or parks them all if someone decided in the sheet first.
    const { update, appends = [] } = outcome;
    const { expect, ...subject } = update;
    const meta = (suffix: string) => ({
      idempotencyKey: `${key}${suffix}`,
      actor: { id: person.id, name: person.name },
      action: `approval.${source.id}.${decision}`,
      guard: { tab: subject.tab, id: subject.id, values: expect as Values },
    });
    const log = {
      id: newRowId('SP'),
      at,
      kind: source.id,
      subject: id,
      summary: outcome.summary.slice(0, 200),
      amount: outcome.amount,
      decision: decision as 'approved' | 'rejected',
      comment,
      by: person.name,
    };
    // The subject's own row last: the guards before it still see it waiting.
    await c.var.data.writeAll([
      ...appends.map((a, i) => ({ kind: 'append', ...a, meta: meta(`:${i}`) }) as QueuedWriteInput),
      { kind: 'append', tab: 'approvals', values: log, meta: meta(':log') },
      { kind: 'update', ...subject, meta: meta('') } as QueuedWriteInput,
    ]);
    return c.redirect(`/approvals?done=${encodeURIComponent(id)}`, 303);
  });
  return routes;
}
