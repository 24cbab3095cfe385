/**
 * Write-off (报废): requested by logistics → approved (or not) by leadership → applied.
 *
 * A leader decides it with one tap in the approval inbox (/approvals, 一支笔审批): the
 * decision sets 状态, 审批领导 and 审批日期 here and writes the asset's history. Only an
 * approved request can be applied; applying marks the asset 已报废 and writes the history.
 */
import { Hono } from 'hono';
import { assetTabs } from '../../../sheets-schema/index.js';
import {
  loads,
  localDate,
  newRowId,
  readForm,
  render,
  requireRole,
  roles,
  t,
  type AppEnv,
  type Ctx,
  type ApprovalSource,
  type Text,
  bilingual,
} from '../../core/kit.js';
import { colLabel, renderForm, validateFields, type FormField } from './forms.js';
import { writer } from './model.js';

const tab = assetTabs.assetWriteOffs;

export const writeOffRoutes = new Hono<AppEnv>();

writeOffRoutes.get('/', requireRole('head', 'staff', 'leader'), async (c) => {
  const { assetWriteOffs } = await c.var.data.read(['assetWriteOffs']);
  const rows = [...assetWriteOffs.rows].sort((a, b) => String(b.values.requestedOn).localeCompare(String(a.values.requestedOn)));
  return render(c, 'assets/write-offs', {
    title: t(c.var.locale, 'assets.writeOffs'),
    pending: rows.filter((r) => r.values.status === 'requested'),
    approved: rows.filter((r) => r.values.status === 'approved'),
    done: rows.filter((r) => r.values.status === 'applied' || r.values.status === 'rejected').slice(0, 50),
    statuses: assetTabs.writeOffStatuses,
    isHead: c.var.person!.role === 'head',
  });
});

/** Apply an approved write-off: the asset becomes 已报废. */
writeOffRoutes.post('/:id/apply', requireRole(...roles.head), async (c) => {
  const { assetWriteOffs, assets } = await c.var.data.read(['assetWriteOffs', 'assets']);
  const row = assetWriteOffs.rows.find((r) => r.id === c.req.param('id'));
  if (!row) return notFound(c);
  if (row.values.status !== 'approved') {
    return conflict(
      c,
      row.values.status === 'applied' ? bilingual('assets.writeOffHasAlready') : bilingual('assets.leadershipMustApproveWrite'),
    );
  }
  const asset = assets.rows.find((a) => a.id === row.values.tag);
  const w = writer(c);
  const key = `asset.writeOff.apply:${row.id}`;
  const receipt = await w.update('assetWriteOffs', row.id, { status: 'applied', appliedOn: localDate() }, 'asset.writeOff.apply', key);
  if (!receipt.duplicate) {
    if (asset) await w.update('assets', asset.id, { status: 'written_off' }, 'asset.writeOff.apply', `${key}:state`);
    await w.event(
      { tag: String(row.values.tag), type: 'written_off', fromRoom: asset?.values.room ?? '', ref: row.id, notes: row.values.reason ?? '' },
      key,
    );
  }
  return c.redirect('/assets/write-offs', 303);
});

const requestFields = (): FormField[] => [{ name: 'reason', label: colLabel(tab, 'reason'), type: 'textarea', required: true }];

/** `/assets/:tag/write-off`: request a write-off (registered on the main router). */
export const requestWriteOffRoutes = new Hono<AppEnv>();

declare module '../../core/kit.js' {
  interface RouteRecords {
    /** The asset of `/assets/:tag/write-off`, with the form's frame. */
    writeOffAsk: NonNullable<Awaited<ReturnType<typeof requestContext>>>;
  }
}

/** Preamble: the asset, or the not-found page; one written off or already asked for is refused. */
const writeOffable = loads('writeOffAsk', {
  load: requestContext,
  missing: notFound,
  refuse: (c, { refusal }) => refusal && conflict(c, refusal),
});

requestWriteOffRoutes.get('/:tag/write-off', requireRole(...roles.office), writeOffable, async (c) => {
  return renderForm(c, { ...c.var.writeOffAsk.base, fields: requestFields() });
});

requestWriteOffRoutes.post('/:tag/write-off', requireRole(...roles.office), writeOffable, async (c) => {
  const ctx = c.var.writeOffAsk;
  const asset = ctx.asset;
  const form = await readForm(c);
  const v = validateFields(tab, form.fields(), requestFields());
  if (v.errors) return renderForm(c, { ...ctx.base, fields: v.fields }, 422);
  const w = writer(c);
  const key = form.key('asset.writeOff.request');
  const receipt = await w.append(
    'assetWriteOffs',
    {
      id: newRowId('BF'),
      tag: asset.id,
      name: asset.values.name ?? '',
      reason: v.values.reason ?? '',
      requestedBy: w.person.name,
      requestedOn: localDate(),
      status: 'requested',
    },
    'asset.writeOff.request',
    key,
  );
  if (!receipt.duplicate)
    await w.event({ tag: asset.id, type: 'write_off_requested', ref: receipt.rowId, notes: v.values.reason ?? '' }, key);
  return c.redirect(`/assets/${asset.id}?done=writeOff`, 303);
});

async function requestContext(c: Ctx) {
  const { assets, assetWriteOffs } = await c.var.data.read(['assets', 'assetWriteOffs']);
  const asset = assets.rows.find((a) => a.id === c.req.param('tag'));
  if (!asset) return undefined;
  const open = assetWriteOffs.rows.find(
    (r) => r.values.tag === asset.id && (r.values.status === 'requested' || r.values.status === 'approved'),
  );
  const refusal: Text | null =
    asset.values.status === 'written_off'
      ? bilingual('assets.assetAlreadyWrittenOff')
      : open
        ? bilingual('assets.writeOffRequestAlready', { openId: open.id })
        : null;
  return {
    asset,
    refusal,
    base: {
      title: t(c.var.locale, 'assets.requestWriteOff'),
      action: `/assets/${asset.id}/write-off`,
      submit: bilingual('assets.submitRequest'),
      back: `/assets/${asset.id}`,
      asset,
      intro: bilingual('assets.writeOffAppliedOnly'),
      danger: true,
    },
  };
}

/**
 * Write-offs in the approval inbox: any active leader decides (一支笔审批); the decision is set
 * on the request (only its `approverWrites` columns) and, when approved, in the asset's history.
 */
export const writeOffApprovals: ApprovalSource = {
  href: () => '/assets/write-offs',
  async pending({ data, person }) {
    const { assetWriteOffs } = await data.read(['assetWriteOffs']);
    return assetWriteOffs.rows
      .filter((r) => r.values.status === 'requested')
      .map((r) => ({
        id: r.id,
        kind: bilingual('assets.writeOff'),
        summary: [`${String(r.values.tag)} ${r.values.name ?? ''}`, r.values.reason ?? ''].join(' · ').slice(0, 200),
        amount: null,
        requestedBy: r.values.requestedBy ?? '',
        requestedAt: r.values.requestedOn ?? '',
        href: `/assets/${encodeURIComponent(String(r.values.tag))}`,
        decider: bilingual('assets.leadership'),
        mayDecide: person.role === 'leader',
      }));
  },
  async decide(c, id, { approved, comment, at }) {
    const person = c.var.person!;
    if (person.role !== 'leader') return { refused: bilingual('assets.writeOffsDecidedBy'), status: 403 };
    const { assetWriteOffs } = await c.var.data.read(['assetWriteOffs']);
    const row = assetWriteOffs.rows.find((r) => r.id === id);
    if (!row) return { refused: bilingual('assets.noWriteOffRequest', { id }), status: 404 };
    if (row.values.status !== 'requested') return { refused: bilingual('assets.requestHasAlreadyBeen') };
    const tag = String(row.values.tag);
    return {
      summary: `${tag} ${row.values.name ?? ''}`,
      amount: null,
      update: {
        tab: 'assetWriteOffs',
        id: row.id,
        expect: { status: 'requested' },
        changes: {
          status: approved ? 'approved' : 'rejected',
          approver: person.name,
          approvedOn: at.slice(0, 10),
          recordedBy: person.name,
        },
      },
      appends: approved
        ? [
            {
              tab: 'assetEvents',
              values: {
                id: newRowId('EV'),
                at,
                tag,
                type: 'write_off_approved',
                ref: row.id,
                by: person.name,
                notes: `${person.name} 批准${comment ? `：${comment}` : ''}`.slice(0, 1000),
              },
            },
          ]
        : [],
    };
  },
};

function notFound(c: Ctx) {
  return render(
    c,
    'error',
    { title: t(c.var.locale, 'assets.writeOffs'), message: t(c.var.locale, 'assets.noSuchRecord') },
    { status: 404 },
  );
}

function conflict(c: Ctx, message: Text) {
  return render(c, 'error', { title: t(c.var.locale, 'assets.writeOffs'), message: t(c.var.locale, message) }, { status: 409 });
}
