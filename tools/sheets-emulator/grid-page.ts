/** A plain HTML view of the spreadsheets, editable one cell at a time the way staff type into Sheets. */
import { randomBytes } from 'node:crypto';
import { cellA1, columnToLetters, quoteTitle } from './a1.js';
import { Evaluator, findSheet, formatted, renderCell } from './cells.js';
import { ApiError } from './errors.js';
import type { Emulator } from './server.js';
import { dataExtent, getCell, type Sheet } from './store.js';

const tokens = new WeakMap<Emulator, string>();
const csrf = (emu: Emulator) => {
  let t = tokens.get(emu);
  if (!t) tokens.set(emu, (t = randomBytes(16).toString('hex')));
  return t;
};

export const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font:14px system-ui,sans-serif;margin:1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;min-width:4em;max-width:20em;overflow:hidden;white-space:nowrap}th{background:#f3f3f3;font-weight:normal;color:#555}td a{color:inherit;text-decoration:none;display:block;min-height:1.2em}td.sel{outline:2px solid #1a73e8}nav a{margin-right:.8em}nav a.cur{font-weight:bold}form{margin:.8em 0}input[name=value]{width:30em}.err{color:#b00}`;

const page = (title: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;

interface Page {
  status: number;
  headers: Record<string, string>;
  body: string;
}
const html = (status: number, body: string): Page => ({
  status,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  },
  body,
});

export function handleGridPage(emu: Emulator, method: string, path: string, q: URLSearchParams, text: string): Page | null {
  if (method === 'GET' && path === '/') {
    const items = emu
      .list()
      .map(
        (s) =>
          `<li><a href="/grid/${encodeURIComponent(s.spreadsheetId)}">${esc(s.title)}</a> <small>${esc(s.spreadsheetId)} · ${esc(s.sheets.join(', '))}</small></li>`,
      );
    return html(
      200,
      page(
        'Sheets emulator',
        `<h1>Sheets emulator</h1><p>API: <code>${esc(emu.url)}/v4/spreadsheets</code></p><ul>${items.join('') || '<li>No spreadsheets yet.</li>'}</ul>`,
      ),
    );
  }
  const m = /^\/grid\/([^/]+)$/.exec(path);
  if (!m) return null;
  const id = decodeURIComponent(m[1]!);
  const ss = emu.getSpreadsheet(id);
  if (!ss) return html(404, page('Not found', '<p>No such spreadsheet. <a href="/">All spreadsheets</a></p>'));
  let error = '';
  if (method === 'POST') {
    const form = new URLSearchParams(text);
    if (form.get('csrf') !== csrf(emu)) return html(403, page('Forbidden', '<p>Stale form; reload the page.</p>'));
    const sheetTitle = form.get('sheet') ?? '';
    const cell = (form.get('cell') ?? '').toUpperCase();
    const tabOp = form.get('op');
    try {
      if (tabOp) {
        const next = tabAction(emu, id, tabOp, sheetTitle, form.get('title') ?? '');
        return { status: 303, headers: { location: `/grid/${encodeURIComponent(id)}?sheet=${encodeURIComponent(next)}` }, body: '' };
      }
      if (!/^[A-Z]{1,3}[1-9][0-9]*$/.test(cell)) throw new Error(`Not a cell: ${cell}`);
      emu.edit(id, {
        valueInputOption: 'USER_ENTERED',
        data: [{ range: `${quoteTitle(sheetTitle)}!${cell}`, values: [[form.get('value') ?? '']] }],
      });
      const back = `/grid/${encodeURIComponent(id)}?sheet=${encodeURIComponent(sheetTitle)}&edit=${cell}`;
      return { status: 303, headers: { location: back }, body: '' };
    } catch (e) {
      error = e instanceof ApiError || e instanceof Error ? e.message : String(e);
      q = new URLSearchParams(tabOp ? { sheet: sheetTitle } : { sheet: sheetTitle, edit: cell });
    }
  }
  const current = emu.getSpreadsheet(id)!;
  const sheet = findSheet(current, q.get('sheet') ?? '') ?? current.sheets[0]!;
  const title = sheet.properties.title;
  const g = sheet.properties.gridProperties;
  const ext = dataExtent(sheet);
  const rows = Math.min(g.rowCount, Math.max(ext.rows + 5, 20, Number(q.get('rows')) || 0));
  const cols = Math.min(g.columnCount, Math.max(ext.cols + 2, 8));
  const ev = new Evaluator(current);
  const edit = (q.get('edit') ?? '').toUpperCase();
  const link = (extra: string) => `/grid/${encodeURIComponent(id)}?sheet=${encodeURIComponent(title)}${extra}`;
  const tabs = current.sheets
    .map(
      (s) =>
        `<a class="${s === sheet ? 'cur' : ''}" href="/grid/${encodeURIComponent(id)}?sheet=${encodeURIComponent(s.properties.title)}">${esc(s.properties.title)}</a>`,
    )
    .join('');
  const head = `<tr><th></th>${Array.from({ length: cols }, (_, c) => `<th>${columnToLetters(c)}</th>`).join('')}</tr>`;
  const body = Array.from({ length: rows }, (_, r) => {
    const tds = Array.from({ length: cols }, (_, c) => {
      const a1 = cellA1(r, c);
      const v = getCell(sheet, r, c)?.userEnteredValue ? formatted(ev.effective(sheet, r, c), getCell(sheet, r, c)) : '';
      return `<td${a1 === edit ? ' class="sel"' : ''}><a href="${esc(link(`&edit=${a1}`))}" title="${a1}">${esc(v)}</a></td>`;
    }).join('');
    return `<tr><th>${r + 1}</th>${tds}</tr>`;
  }).join('');
  let editor = '<p>Click a cell to edit it.</p>';
  if (/^[A-Z]{1,3}[1-9][0-9]*$/.test(edit)) {
    const [, letters, num] = /^([A-Z]+)(\d+)$/.exec(edit)!;
    const r = Number(num) - 1;
    const c = letters!.split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const raw = r < g.rowCount && c < g.columnCount ? renderCell(ev, sheet, r, c, 'FORMULA', 'FORMATTED_STRING') : '';
    const shown = typeof raw === 'number' ? formatted(raw, getCell(sheet, r, c)) : raw;
    editor = `<form method="post" action="/grid/${esc(encodeURIComponent(id))}"><input type="hidden" name="csrf" value="${csrf(emu)}"><input type="hidden" name="sheet" value="${esc(title)}"><label>${esc(edit)} <input name="cell" type="hidden" value="${esc(edit)}"><input name="value" autofocus value="${esc(shown ?? '')}"></label> <button>Save</button> <small>typed as in Sheets (USER_ENTERED): =formula, 'text, dates, 12%</small></form>`;
  }
  const hidden = `<input type="hidden" name="csrf" value="${csrf(emu)}"><input type="hidden" name="sheet" value="${esc(title)}">`;
  const trash = deleted.get(id) ?? [];
  const tabForms =
    `<form method="post" action="/grid/${esc(encodeURIComponent(id))}">${hidden}<input type="hidden" name="op" value="rename"><label>Rename tab <input name="title" value="${esc(title)}"></label> <button>Rename</button></form>` +
    `<form method="post" action="/grid/${esc(encodeURIComponent(id))}">${hidden}<input type="hidden" name="op" value="delete"><button>Delete tab ${esc(title)}</button></form>` +
    (trash.length
      ? `<form method="post" action="/grid/${esc(encodeURIComponent(id))}">${hidden}<input type="hidden" name="op" value="restore"><button>Restore deleted tab ${esc(trash.at(-1)!.title)}</button> <small>as version history would: same sheet ID, same cells</small></form>`
      : '');
  const more =
    rows < g.rowCount ? `<p><a href="${esc(link(`&rows=${rows + 100}`))}">Show more rows</a> (${rows} of ${g.rowCount})</p>` : '';
  return html(
    error ? 400 : 200,
    page(
      `${current.properties.title} – ${title}`,
      `<p><a href="/">All spreadsheets</a></p><h1>${esc(current.properties.title)}</h1><nav>${tabs}</nav>${tabForms}${error ? `<p class="err">${esc(error)}</p>` : ''}${editor}<table>${head}${body}</table>${more}`,
    ),
  );
}

/** Tabs deleted from the grid, newest last, so "Restore" can bring one back as version history would. */
const deleted = new Map<string, Array<{ title: string; properties: Sheet['properties']; rows: Sheet['rows'] }>>();

/** Rename, delete or restore a tab, as staff do in Sheets' tab menu; returns the tab to show next. */
function tabAction(emu: Emulator, id: string, op: string, title: string, newTitle: string): string {
  const ss = emu.getSpreadsheet(id)!;
  const sheet = findSheet(ss, title);
  if (op === 'restore') {
    const gone = deleted.get(id)?.pop();
    if (!gone) throw new Error('No deleted tab to restore');
    // Cell by cell (values, formulas, formats, dropdowns, notes), into a tab with the same ID and size.
    const rows = gone.rows.map((row) => ({ values: (row ?? []).map((cell) => cell ?? {}) }));
    emu.edit(id, {
      requests: [
        { addSheet: { properties: gone.properties } },
        {
          updateCells: {
            start: { sheetId: gone.properties.sheetId, rowIndex: 0, columnIndex: 0 },
            rows,
            fields: 'userEnteredValue,userEnteredFormat,dataValidation,note',
          },
        },
      ],
    });
    return gone.title;
  }
  if (!sheet) throw new Error(`No tab ${title}`);
  const sheetId = sheet.properties.sheetId;
  if (op === 'rename') {
    if (!newTitle.trim()) throw new Error('A tab needs a name');
    emu.edit(id, { requests: [{ updateSheetProperties: { properties: { sheetId, title: newTitle.trim() }, fields: 'title' } }] });
    return newTitle.trim();
  }
  if (op === 'delete') {
    const kept = { title: sheet.properties.title, properties: structuredClone(sheet.properties), rows: structuredClone(sheet.rows) };
    emu.edit(id, { requests: [{ deleteSheet: { sheetId } }] });
    deleted.set(id, [...(deleted.get(id) ?? []), kept]);
    return ss.sheets.find((s) => s.properties.sheetId !== sheetId)?.properties.title ?? '';
  }
  throw new Error(`Unknown tab action ${op}`);
}
