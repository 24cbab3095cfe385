/**
 * Cross-tab data problems of the asset register (listed on /problems, counted on the desk):
 * what no single cell shows — an asset whose 存放地点 is no room in 场所, a loan, write-off or
 * stocktake line naming a tag the register lacks, an item lent twice at once, a class check
 * for a class the 班级 tab lacks. Each names the sheet cell to fix. Pure, so tested alone.
 */
import { a1Cell, type DataProblem, type RowFor, type Table, type TableRow, type Tables } from '../../core/kit.js';
import { isOut } from './loans.js';
import { RoomIndex } from './model.js';
import { fold } from './search.js';

export type AssetTables = Tables<'assets' | 'rooms' | 'classes' | 'assetLoans' | 'assetWriteOffs' | 'classChecks'>;

/** A problem at one row's cell of `column` (the ID cell when the column is missing). */
function at(table: Table, row: TableRow, column: string, expected: DataProblem['expected']): DataProblem {
  const col = table.header.index[column] ?? table.header.index[table.tab.idColumn] ?? 0;
  const value = row.values[column];
  return {
    sheet: table.title,
    cell: a1Cell(row.row, col),
    value: typeof value === 'string' || typeof value === 'number' ? value : null,
    column,
    rowId: row.id,
    expected,
  };
}

export function assetProblems(t: AssetTables): DataProblem[] {
  const problems: DataProblem[] = [];
  const rooms = new RoomIndex(t.rooms);
  for (const a of t.assets.rows) {
    if (!rooms.isUnknown(a.values.room)) continue;
    problems.push(
      at(t.assets, a, 'room', {
        zh: `资产 ${a.id} 的存放地点「${String(a.values.room)}」不在「${t.rooms.title}」表中：请改成已有场所的名称，或先在「${t.rooms.title}」表添加这个场所`,
        en: `Asset ${a.id}: location “${String(a.values.room)}” is not a room in ${t.rooms.title}; use an existing room’s name or add the room first`,
      }),
    );
  }
  // Tags as the register knows them (any width/case), so a tag typed as ＪＪ－０００１ still counts as known.
  const tags = new Set(t.assets.rows.map((a) => fold(a.id)));
  const unknownTag = (
    table: Tables<'assetLoans' | 'assetWriteOffs'>['assetLoans' | 'assetWriteOffs'],
    what: { zh: string; en: string },
  ) => {
    for (const r of table.rows) {
      const tag = r.values.tag ?? '';
      if (!tag || tags.has(fold(tag))) continue;
      problems.push(
        at(table, r, 'tag', {
          zh: `${what.zh} ${r.id} 的资产编号「${tag}」不在「${t.assets.title}」表中：请核对编号`,
          en: `${what.en} ${r.id}: tag “${tag}” is not in ${t.assets.title}; check the tag`,
        }),
      );
    }
  };
  unknownTag(t.assetLoans, { zh: '借用单', en: 'Loan' });
  unknownTag(t.assetWriteOffs, { zh: '报废申请', en: 'Write-off request' });

  // One item cannot be out on two loans: the later open loan is the one to check.
  const out = new Map<string, RowFor<'assetLoans'>>();
  for (const loan of t.assetLoans.rows.filter(isOut)) {
    const tag = fold(loan.values.tag ?? '');
    const first = out.get(tag);
    if (!tag || !first) {
      out.set(tag, loan);
      continue;
    }
    problems.push(
      at(t.assetLoans, loan, 'returnedOn', {
        zh: `资产 ${String(loan.values.tag)} 同时有两张未归还的借用单（${first.id} 和 ${loan.id}）：请填写先前那张的归还日期，或删除重复的一行`,
        en: `Asset ${String(loan.values.tag)} is out on two loans at once (${first.id} and ${loan.id}); fill in the earlier one’s return date or remove the duplicate`,
      }),
    );
  }

  const classes = new Set(t.classes.rows.map((c) => fold(c.id)));
  for (const check of t.classChecks.rows) {
    const cls = check.values.class ?? '';
    if (!cls || classes.has(fold(cls))) continue;
    problems.push(
      at(t.classChecks, check, 'class', {
        zh: `班级财产检查 ${check.id} 的班级「${cls}」不在「${t.classes.title}」表中：请核对班级`,
        en: `Class check ${check.id}: class “${cls}” is not in ${t.classes.title}; check the class`,
      }),
    );
  }
  return problems;
}
