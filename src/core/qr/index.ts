/**
 * QR codes for sign-in sheets, asset labels and zone posters, rendered as SVG on the server.
 * The encoding (ISO/IEC 18004, byte mode, level M) is the `uqr` library's; this file only
 * draws it (one path, escaped title) for the CSP's `img-src 'self' data:`.
 *
 * @example
 * const svg = qrSvg('https://houqin.example/auth/link/…', { title: '登录二维码' })
 * // in a template, without triple-stash: <img src="{{qr}}" alt="…"> with qr = qrDataUri(url)
 */
import { encode } from 'uqr';

export interface QrCode {
  version: number;
  /** Modules per side (17 + 4 × version). */
  size: number;
  /** The mask pattern chosen (0–7). */
  mask: number;
  /** modules[y][x]: true = dark. */
  modules: boolean[][];
}

export interface QrOptions {
  /** Smallest version to use (default 1). */
  minVersion?: number;
  /** Force a mask pattern (0–7) instead of choosing the lowest penalty (tests). */
  mask?: number;
}

/** Largest version used: 213 bytes at level M, more than a sign-in link or a poster URL needs. */
export const QR_MAX_VERSION = 10;

/** Encode `text` (UTF-8, level M); throws when it does not fit in version 10. */
export function encodeQr(text: string, options: QrOptions = {}): QrCode {
  let code: ReturnType<typeof encode>;
  try {
    code = encode(text, {
      ecc: 'M',
      border: 0,
      minVersion: options.minVersion ?? 1,
      maxVersion: QR_MAX_VERSION,
      maskPattern: options.mask ?? -1,
    });
  } catch {
    throw new Error(`QR: ${new TextEncoder().encode(text).length} bytes do not fit in version ${QR_MAX_VERSION}`);
  }
  return { version: code.version, size: code.size, mask: code.maskPattern, modules: code.data };
}

export interface SvgOptions extends QrOptions {
  /** Quiet zone in modules (the standard asks for 4). */
  margin?: number;
  /** Accessible name; escaped. */
  title?: string;
  /** Rendered width/height attribute, e.g. '40mm' (default: viewBox units). */
  width?: string;
}

/** An SVG document of the code: one path of dark squares on white. */
export function qrSvg(textOrCode: string | QrCode, options: SvgOptions = {}): string {
  const code = typeof textOrCode === 'string' ? encodeQr(textOrCode, options) : textOrCode;
  const margin = options.margin ?? 4;
  const dim = code.size + margin * 2;
  let d = '';
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; x++) {
      if (!code.modules[y]![x]) continue;
      // Merge horizontal runs: fewer path commands, no hairlines between modules.
      let run = 1;
      while (x + run < code.size && code.modules[y]![x + run]) run++;
      d += `M${x + margin} ${y + margin}h${run}v1h-${run}z`;
      x += run - 1;
    }
  }
  const size = options.width ? ` width="${escapeXml(options.width)}" height="${escapeXml(options.width)}"` : '';
  const title = options.title ? `<title>${escapeXml(options.title)}</title>` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${dim} ${dim}"${size} shape-rendering="crispEdges" role="img">` +
    `${title}<rect width="${dim}" height="${dim}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
  );
}

/** The SVG as a data: URI for `<img src>` (allowed by the CSP's `img-src 'self' data:`). */
export function qrDataUri(textOrCode: string | QrCode, options: SvgOptions = {}): string {
  const svg = qrSvg(textOrCode, options);
  const bytes = new TextEncoder().encode(svg);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(bin)}`;
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
