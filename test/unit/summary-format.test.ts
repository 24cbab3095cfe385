/** Summary figures as leadership reads them: values in their format, and the change from last month judged. */
import { describe, expect, it } from 'vitest';
import { figureChange, formatFigure } from '../../src/core/summary/format.js';

describe('formatFigure', () => {
  it('writes each format the way the report prints it', () => {
    expect(formatFigure(1234, 'count', 'zh-CN')).toBe('1,234');
    expect(formatFigure(0.853, 'percent', 'zh-CN')).toBe('85.3%');
    expect(formatFigure(1, 'percent', 'en')).toBe('100.0%');
    expect(formatFigure(1280, 'money', 'zh-CN')).toBe('¥1,280.00');
    expect(formatFigure(3.25, 'hours', 'zh-CN')).toBe('3.3 小时');
    expect(formatFigure(3.25, 'hours', 'en')).toBe('3.3 h');
    expect(formatFigure(2, 'days', 'zh-CN')).toBe('2 天');
    expect(formatFigure(92, 'score', 'zh-CN')).toBe('92.0');
    expect(formatFigure(null, 'count', 'zh-CN')).toBe('—');
    expect(formatFigure(Number.NaN, 'money', 'en')).toBe('—');
  });
});

describe('figureChange', () => {
  it('says whether the change is better or worse when the figure knows which way is good', () => {
    expect(figureChange({ value: 12, previous: 9, format: 'count', better: 'higher' }, 'zh-CN')).toEqual({ text: '+3', trend: 'better' });
    expect(figureChange({ value: 4, previous: 6, format: 'count', better: 'lower' }, 'zh-CN')).toEqual({ text: '−2', trend: 'better' });
    expect(figureChange({ value: 6, previous: 4, format: 'count', better: 'lower' }, 'en')).toEqual({ text: '+2', trend: 'worse' });
    expect(figureChange({ value: 6, previous: 4, format: 'count' }, 'en')).toEqual({ text: '+2', trend: 'neutral' });
  });

  it('gives percent changes in percentage points and money in yuan', () => {
    expect(figureChange({ value: 0.9, previous: 0.85, format: 'percent', better: 'higher' }, 'zh-CN')).toEqual({
      text: '+5.0 个百分点',
      trend: 'better',
    });
    expect(figureChange({ value: 0.8, previous: 0.85, format: 'percent', better: 'higher' }, 'en')).toEqual({
      text: '−5.0 pts',
      trend: 'worse',
    });
    expect(figureChange({ value: 500, previous: 1780.5, format: 'money' }, 'zh-CN').text).toBe('−¥1,280.50');
  });

  it('says nothing when a month is missing, and 持平 when equal', () => {
    expect(figureChange({ value: 3, previous: null, format: 'count' }, 'zh-CN')).toEqual({ text: '', trend: 'none' });
    expect(figureChange({ value: 3, previous: 3, format: 'count', better: 'higher' }, 'zh-CN')).toEqual({ text: '持平', trend: 'same' });
  });
});
