/**
 * CSV as schools have it: saved by Excel on a Chinese Windows PC (GBK, no BOM), by WPS or
 * LibreOffice (UTF-8, maybe with a BOM), or as Excel's "Unicode text" (UTF-16, tabs).
 */

/**
 * Bytes → text: a BOM decides; otherwise UTF-8 if the bytes are valid UTF-8, else GBK
 * (GB18030, which Node's full ICU decodes; a superset of GB2312 and GBK).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gbk' };
  }
}

/** Comma, or tab when the first lines have more tabs than commas (Excel's "Unicode text"). */
function delimiterOf(text: string): string {
  const head = text.split(/\r?\n/, 5).join('\n');
  const tabs = head.split('\t').length;
  const commas = head.split(',').length;
  return tabs > commas ? '\t' : ',';
}

/**
 * Parse CSV (RFC 4180: quoted fields with doubled quotes and line breaks; CRLF or LF).
 * Every cell is text; the importer's tolerant parsers read dates and numbers.
 */
export function parseCsv(text: string): string[][] {
  const delim = delimiterOf(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delim) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
