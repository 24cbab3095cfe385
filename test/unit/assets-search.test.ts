import { describe, expect, it } from 'vitest';
import { filterAssets, formatTag, nextTagNumber } from '../../src/plugins/assets/search.js';
import type { RowFor } from '../../src/core/data/types.js';

const row = (id: string, values: Record<string, string>) => ({ id, row: 2, values: { tag: id, ...values } }) as unknown as RowFor<'assets'>;
const rows = [
  row('JJ-0001', { name: '讲台', category: 'furniture', room: '七年级(1)班教室', responsible: '王芳', status: 'in_use' }),
  row('DQ-0007', { name: '吊扇', category: 'electrical', room: '七年级(1)班教室', responsible: '王芳', status: 'damaged' }),
  row('DQ-0008', { name: '吊扇', category: 'electrical', room: '八年级(2)班教室', responsible: '李强', status: 'in_use' }),
];

describe('filterAssets', () => {
  it('matches name, tag, room and person, ignoring case, width and spaces', () => {
    expect(filterAssets(rows, { q: '吊扇' }).map((r) => r.id)).toEqual(['DQ-0007', 'DQ-0008']);
    expect(filterAssets(rows, { q: 'ｊｊ－０００１' }).map((r) => r.id)).toEqual(['JJ-0001']);
    expect(filterAssets(rows, { q: '李 强' }).map((r) => r.id)).toEqual(['DQ-0008']);
  });
  it('needs every comma-separated term to match', () => {
    expect(filterAssets(rows, { q: '吊扇，七年级' }).map((r) => r.id)).toEqual(['DQ-0007']);
  });
  it('filters by category and status', () => {
    expect(filterAssets(rows, { category: 'electrical', status: 'in_use' }).map((r) => r.id)).toEqual(['DQ-0008']);
    expect(filterAssets(rows, {}).length).toBe(3);
  });
});

describe('tags', () => {
  it('continue after the highest tag of the category, ignoring other schemes', () => {
    const withGap = [...rows, row('DQ-0042', {}), row('DQ-旧01', {})];
    expect(nextTagNumber(withGap, 'DQ')).toBe(43);
    expect(nextTagNumber(rows, 'TY')).toBe(1);
    expect(formatTag('DQ', 43)).toBe('DQ-0043');
  });
});

describe('tag scheme', () => {
  it('uses the default prefixes, or the school’s own from ASSET_TAG_PREFIXES; a malformed setting is ignored', async () => {
    const { assetTagPrefix } = await import('../../sheets-schema/index.js');
    expect(assetTagPrefix('furniture')).toBe('JJ');
    expect(assetTagPrefix('furniture', '{"furniture":"KZ"}')).toBe('KZ');
    expect(assetTagPrefix('it', '{"furniture":"KZ"}')).toBe('XX');
    expect(assetTagPrefix('furniture', '{"furniture":"=cmd"}')).toBe('JJ');
    expect(assetTagPrefix('furniture', 'not json')).toBe('JJ');
    expect(assetTagPrefix('spaceship')).toBe('QT');
  });
});
