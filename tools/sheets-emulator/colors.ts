/**
 * Colours as Google stores them: each channel in 1/255 steps (0.5 comes back 0.49803922, a
 * float32 printed shortest), zero channels left out, and every `xColor` paired with its
 * `xColorStyle` (and back), as Google answers both.
 */

/** The shortest decimal that reads back as the same float32, as Google prints it. */
function float32Text(x: number): number {
  const f = Math.fround(x);
  for (let p = 1; p <= 9; p++) {
    const n = Number(f.toPrecision(p));
    if (Math.fround(n) === f) return n;
  }
  return f;
}

const CHANNELS = ['red', 'green', 'blue'] as const;

/** One RGB colour in Google's steps; channels Google leaves out (0) are dropped. */
export function storedColor(c: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of CHANNELS) {
    const v = c[k];
    // 0.5 is stored as 127/255: Google truncates to the step below.
    if (typeof v === 'number' && v > 0) out[k] = v >= 1 ? 1 : float32Text(Math.floor(v * 255 + 1e-6) / 255);
  }
  if (typeof c.alpha === 'number') out.alpha = float32Text(c.alpha);
  return out;
}

const isObject = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Normalises every colour inside a format or sheet properties object, in place. */
export function normaliseColors(obj: Record<string, any>): Record<string, any> {
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (key.endsWith('ColorStyle')) {
      const legacy = key.slice(0, -'Style'.length);
      if (!isObject(v) || (!isObject(v.rgbColor) && !v.themeColor)) {
        delete obj[key];
        delete obj[legacy];
        continue;
      }
      if (isObject(v.rgbColor)) {
        v.rgbColor = storedColor(v.rgbColor);
        obj[legacy] = { ...v.rgbColor };
      }
    } else if (key.endsWith('Color') && key !== 'themeColor') {
      if (!isObject(v)) {
        if (v === null) delete obj[key];
        continue;
      }
      obj[key] = storedColor(v);
      if (!(`${key}Style` in obj)) obj[`${key}Style`] = { rgbColor: { ...obj[key] } };
    } else if (isObject(v)) normaliseColors(v);
  }
  return obj;
}
