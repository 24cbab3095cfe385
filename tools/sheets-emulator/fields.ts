/**
 * Google's field masks: `a,b.c,d(e,f(g))`, with `/` allowed for `.` (`gridProperties/rowCount`).
 * The same grammar serves the `fields` query parameter (applied to response JSON) and the
 * `fields` of batchUpdate requests (the paths to copy).
 */
import { badRequest } from './errors.js';

export type Mask = Map<string, Mask | true>;

export function parseFields(text: string): Mask {
  let i = 0;
  const name = () => {
    const m = /^[A-Za-z0-9_*]+/.exec(text.slice(i));
    if (!m) throw badRequest(`Invalid field selection ${text}`);
    i += m[0].length;
    return m[0];
  };
  const merge = (into: Mask, key: string, sub: Mask | true) => {
    const cur = into.get(key);
    if (cur === true || sub === true) into.set(key, true);
    else if (cur) for (const [k, v] of sub) merge(cur, k, v);
    else into.set(key, sub);
  };
  const item = (into: Mask) => {
    const n = name();
    if (text[i] === '.' || text[i] === '/') {
      i++;
      const sub: Mask = new Map();
      item(sub);
      merge(into, n, sub);
    } else if (text[i] === '(') {
      i++;
      const sub = list();
      if (text[i++] !== ')') throw badRequest(`Invalid field selection ${text}`);
      merge(into, n, sub);
    } else merge(into, n, true);
  };
  const list = () => {
    const m: Mask = new Map();
    item(m);
    while (text[i] === ',') {
      i++;
      while (text[i] === ' ') i++;
      item(m);
    }
    return m;
  };
  const mask = list();
  if (i !== text.length) throw badRequest(`Invalid field selection ${text}`);
  return mask;
}

export function applyFields(value: unknown, mask: Mask): unknown {
  if (Array.isArray(value)) return value.map((v) => applyFields(v, mask));
  if (!value || typeof value !== 'object' || mask.has('*')) return value;
  const out: Record<string, unknown> = {};
  for (const [k, sub] of mask) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined) continue;
    out[k] = sub === true ? v : applyFields(v, sub);
  }
  return out;
}

/** A mask as a list of paths: `a(b,c.d)` → [['a','b'], ['a','c','d']]. */
export function maskPaths(mask: Mask, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [k, sub] of mask) {
    if (sub === true) out.push([...prefix, k]);
    else out.push(...maskPaths(sub, [...prefix, k]));
  }
  return out;
}

/** Whether a mask selects `path` or something inside it (`sheets.data` is named by `sheets.data.rowData`). */
export function maskNames(mask: Mask, path: readonly string[]): boolean {
  let m: Mask | true = mask;
  for (const part of path) {
    if (m === true) return true;
    if (m.has('*')) return true;
    const next: Mask | true | undefined = m.get(part);
    if (next === undefined) return false;
    m = next;
  }
  return true;
}
