/** The SVG shapes of the summary's charts, checked against coordinates worked out by hand. */
import { describe, expect, it } from 'vitest';
import { chartView, niceMax } from '../../src/core/summary/charts.js';

const z = (s: string) => ({ zh: s, en: s });

describe('niceMax', () => {
  it('rounds up to 1, 2 or 5 × 10ⁿ', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(10)).toBe(10);
    expect(niceMax(13)).toBe(20);
    expect(niceMax(43)).toBe(50);
    expect(niceMax(0.3)).toBe(0.5);
  });
});

describe('bars (rankings)', () => {
  it('draws one bar per category scaled to the largest value', () => {
    const v = chartView(
      {
        kind: 'bars',
        title: { zh: '报修地点', en: 'Repairs by place' },
        categories: ['教学楼', { zh: '食堂', en: 'Canteen' }],
        series: [{ label: { zh: '报修', en: 'Repairs' }, values: [10, 5] }],
      },
      'en',
    );
    // Label column 104 px, bars from x = 108, 206 px for the largest value (360 − 108 − 46).
    expect(v.bars.map(({ x, y, w, h }) => ({ x, y, w, h }))).toEqual([
      { x: 108, y: 4, w: 206, h: 12 },
      { x: 108, y: 26, w: 103, h: 12 },
    ]);
    expect(v.bars[0]!.value).toEqual({ x: 318, y: 14, text: '10', anchor: 'start' });
    expect(v.labels.map((l) => l.text)).toEqual(['教学楼', 'Canteen']);
    expect(v.viewBox).toBe('0 0 360 48');
    expect(v.title).toBe('Repairs by place');
    expect(v.desc).toBe('Repairs: 教学楼 10, Canteen 5');
    expect(v.legend).toEqual([]);
  });

  it('keeps 20 bars of a long ranking and says how many were left out; negative values draw nothing', () => {
    const categories = Array.from({ length: 23 }, (_, i) => `班${i + 1}`);
    const v = chartView(
      { kind: 'bars', title: z('x'), categories, series: [{ label: z('a'), values: categories.map((_, i) => (i === 0 ? -3 : i)) }] },
      'zh-CN',
    );
    expect(v.bars).toHaveLength(20);
    expect(v.omitted).toBe(3);
    expect(v.bars[0]!.w).toBe(0);
  });
});

describe('line (weekly trends)', () => {
  it('places weeks evenly from x = 40 to 348 and values from 0 (y = 122) to the round maximum (y = 10)', () => {
    const v = chartView(
      {
        kind: 'line',
        title: z('每周完成'),
        categories: ['第1周', '第2周', '第3周'],
        series: [
          { label: z('完成'), values: [0, 5, 10] },
          { label: z('报修'), values: [4, 4, 4] },
        ],
      },
      'zh-CN',
    );
    expect(v.lines[0]!.points).toBe('40,122 194,66 348,10');
    expect(v.lines[1]!.points).toBe('40,77.2 194,77.2 348,77.2');
    expect(v.lines[1]!.cls).toBe('series-1');
    expect(v.labels.filter((l) => l.anchor === 'end').map((l) => l.text)).toEqual(['0', '5', '10']);
    expect(v.legend.map((l) => l.label.text)).toEqual(['完成', '报修']);
    expect(v.viewBox).toBe('0 0 360 162');
  });

  it('draws a flat line at zero for a month with no data', () => {
    const v = chartView({ kind: 'line', title: z('t'), categories: ['W1', 'W2'], series: [{ label: z('s'), values: [] }] }, 'zh-CN');
    expect(v.lines[0]!.points).toBe('40,122 348,122');
  });
});
