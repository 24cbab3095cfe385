/** The care-plan rule parser: the school's own words in Chinese and English, and clear refusals. */
import { describe, expect, it } from 'vitest';
import { describeRule, parseCount, parseRule } from '../../src/core/rules.js';

const rule = (text: string) => {
  const r = parseRule(text);
  if (!r.ok) throw new Error(`not parsed: ${text}: ${r.message.zh}`);
  return r.rule;
};

describe('parseRule', () => {
  it('reads "N times per term" in Chinese numerals, digits, full-width digits and English', () => {
    for (const [text, times] of [
      ['每学期4次', 4],
      ['每学期两次', 2],
      ['每学期一次', 1],
      ['每学期１次', 1],
      ['一学期十二次', 12],
      ['4 times per term', 4],
      ['once per term', 1],
      ['twice a term', 2],
    ] as const) {
      expect(rule(text), text).toEqual({ kind: 'perTerm', times, scope: 'school', note: '' });
    }
  });

  it('reads seasonal windows with their names and counts, several at once', () => {
    expect(rule('3月–4月春灌')).toMatchObject({ kind: 'window', windows: [{ from: 3, to: 4, label: '春灌', times: 1 }] });
    expect(rule('3月-4月春灌；11月—12月冬灌')).toMatchObject({
      windows: [
        { from: 3, to: 4, label: '春灌' },
        { from: 11, to: 12, label: '冬灌' },
      ],
    });
    expect(rule('三月至四月春灌2次')).toMatchObject({ windows: [{ from: 3, to: 4, label: '春灌', times: 2 }] });
    expect(rule('spring irrigation in March–April and November to December')).toMatchObject({
      windows: [
        { from: 3, to: 4, label: 'spring irrigation' },
        { from: 11, to: 12 },
      ],
    });
    expect(rule('11月–2月')).toMatchObject({ windows: [{ from: 11, to: 2 }] });
  });

  it('reads every school day, keeping a bracketed remark as the note', () => {
    expect(rule('每个上课日')).toEqual({ kind: 'daily', scope: 'school', note: '' });
    expect(rule('每个上课日（早操时间）')).toEqual({ kind: 'daily', scope: 'school', note: '早操时间' });
    expect(rule('every school day').kind).toBe('daily');
  });

  it('reads every N days and weeks; 每隔N天 means every N+1 days', () => {
    expect(rule('每3天')).toMatchObject({ kind: 'interval', days: 3 });
    expect(rule('每隔2天')).toMatchObject({ kind: 'interval', days: 3 });
    expect(rule('every 3 days')).toMatchObject({ kind: 'interval', days: 3 });
    expect(rule('every other day')).toMatchObject({ kind: 'interval', days: 2 });
    expect(rule('每周')).toMatchObject({ kind: 'interval', days: 7 });
    expect(rule('每两周')).toMatchObject({ kind: 'interval', days: 14 });
    expect(rule('weekly')).toMatchObject({ kind: 'interval', days: 7 });
  });

  it('reads "N days after the last time it was done"', () => {
    for (const text of ['上次完成后15天', '完成后15天', '15 days after the last time', '15 days after last done']) {
      expect(rule(text), text).toMatchObject({ kind: 'after', days: 15 });
    }
  });

  it('reads the holiday scope used for holiday watering duty', () => {
    expect(rule('假期每3天')).toEqual({ kind: 'interval', days: 3, scope: 'holiday', note: '' });
    expect(rule('during holidays, every 3 days')).toEqual({ kind: 'interval', days: 3, scope: 'holiday', note: '' });
  });

  it('refuses what it cannot read with a bilingual message that quotes the text', () => {
    const bad = parseRule('看天气');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.message.zh).toContain('无法识别规则"看天气"');
      expect(bad.message.en).toContain('Cannot read the rule "看天气"');
    }
    expect(parseRule('').ok).toBe(false);
    expect(parseRule('每学期0次').ok).toBe(false);
    expect(parseRule('每13月-4月').ok).toBe(false);
    expect(parseRule('每0天').ok).toBe(false);
  });

  it('says how to write a per-year rule instead of guessing', () => {
    const r = parseRule('每年4次');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.zh).toContain('每学期2次');
  });

  it('describes a parsed rule back in both languages', () => {
    expect(describeRule(rule('假期每3天'))).toEqual({ zh: '假期每 3 天', en: 'during holidays, every 3 days' });
    expect(describeRule(rule('每学期2次')).zh).toContain('每学期 2 次');
  });
});

describe('parseCount', () => {
  it('reads digits and Chinese numerals up to 99', () => {
    expect([parseCount('7'), parseCount('十'), parseCount('十五'), parseCount('二十'), parseCount('九十九'), parseCount('两')]).toEqual([
      7, 10, 15, 20, 99, 2,
    ]);
    expect(parseCount('百')).toBeNull();
  });
});
