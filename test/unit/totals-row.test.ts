// Where new rows go when the staff's totals row closes a tab (src/core/sync/totals-row.ts).
import { describe, expect, it } from 'vitest';
import { rowsGoAt } from '../../src/core/sync/totals-row.js';

const header = ['资产编号', '名称', '金额'];
const a = ['JJ-0001', '课桌', 100];
const b = ['JJ-0002', '椅子', 50];

describe('rowsGoAt', () => {
  it('above the last data row when a totals row closes the table, so its =SUM range grows', () => {
    expect(rowsGoAt([header, a, b, ['', '合 计：', 150]], 1, 0, 4)).toBe(2);
    expect(rowsGoAt([header, a, b, ['合计', '', 150]], 1, 0, 4)).toBe(2);
    // A row of numbers alone (=SUM without a label) is the totals row too.
    expect(rowsGoAt([header, a, b, ['', '', 150]], 1, 0, 4)).toBe(2);
    // Under a title row: the header is row 3.
    expect(rowsGoAt([['育才实验学校资产登记表'], [], header, a, b, ['', '小计', 150]], 3, 0, 6)).toBe(4);
  });

  it('where they would go otherwise: no totals row, a single data row, an ID in the last row', () => {
    expect(rowsGoAt([header, a, b], 1, 0, 3)).toBe(3);
    expect(rowsGoAt([header, a, ['', '合计', 100]], 1, 0, 3)).toBe(3);
    expect(rowsGoAt([header, a, ['JJ-0003', '合计柜', 5]], 1, 0, 3)).toBe(3);
    expect(rowsGoAt([header, a, b, ['', '备注：见附件', '']], 1, 0, 4)).toBe(4);
    expect(rowsGoAt([header], 1, 0, 1)).toBe(1);
  });
});
