/**
 * An Excel (.xlsx) or CSV register → a grid of plain cells (text, numbers, booleans;
 * Excel dates as 'YYYY-MM-DD' text), the way the importer reads it. Merged cells keep
 * their value in the top-left cell only, so a merged title row is one cell, not eight.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import type { TabDef } from '../../sheets-schema/index.js';
import { findSheet } from '../../src/core/table/headers.js';
import { SetupError } from '../setup/errors.js';
import { decodeText, parseCsv } from './csv.js';

export type FileCell = string | number | boolean | null;
export type Grid = FileCell[][];

export interface FileGrid {
  grid: Grid;
  /** Which worksheet (xlsx) or encoding (csv) was read, for the preview. */
  source: string;
}

function unknownFormat(path: string, why: { zh: string; en: string }): SetupError {
  return new SetupError(
    { zh: `无法读取 ${path}：${why.zh}`, en: `Cannot read ${path}: ${why.en}` },
    {
      zh: '请在 Excel 或 WPS 中"另存为" Excel 工作簿（.xlsx）或 CSV（逗号分隔），再导入。',
      en: 'In Excel or WPS use "Save as" Excel workbook (.xlsx) or CSV (comma separated), then import that file.',
    },
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An Excel date (exceljs gives a UTC Date for the serial) as the text a school would type. */
function dateText(d: Date): string {
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const secs = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  return secs === 0 ? date : `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

function plain(value: ExcelJS.CellValue): FileCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return plain((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value) return plain((value as { text: ExcelJS.CellValue }).text);
    if ('error' in value) return String((value as { error: unknown }).error);
  }
  return String(value);
}

async function readXlsx(path: string, bytes: Buffer, tab: TabDef, sheetName?: string): Promise<FileGrid> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw unknownFormat(path, {
      zh: `不是有效的 Excel 文件（${(e as Error).message}）`,
      en: `not a valid Excel file (${(e as Error).message})`,
    });
  }
  const sheets = wb.worksheets.map((ws) => ({ title: ws.name, ws }));
  let chosen = sheetName
    ? sheets.find((s) => s.title === sheetName)
    : (findSheet(tab, sheets) ?? sheets.find((s) => s.ws.actualRowCount > 0));
  if (!chosen) {
    throw new SetupError(
      {
        zh: sheetName ? `${path} 中没有名为「${sheetName}」的工作表` : `${path} 中没有数据`,
        en: sheetName ? `${path} has no worksheet "${sheetName}"` : `${path} has no data`,
      },
      {
        zh: `可用的工作表：${sheets.map((s) => s.title).join('、') || '（无）'}；用 --sheet <名称> 选择。`,
        en: `Worksheets in it: ${sheets.map((s) => s.title).join(', ') || '(none)'}; choose one with --sheet <name>.`,
      },
    );
  }
  const ws = chosen.ws;
  const grid: Grid = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row: FileCell[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const cell = ws.getCell(r, c);
      row.push(cell.isMerged && cell.master.address !== cell.address ? null : plain(cell.value));
    }
    while (row.length && (row[row.length - 1] === null || row[row.length - 1] === '')) row.pop();
    grid.push(row);
  }
  return { grid, source: `工作表 / worksheet "${ws.name}"` };
}

/** Read a register file by its extension (checked against its content). */
export async function readGrid(path: string, tab: TabDef, options: { sheet?: string } = {}): Promise<FileGrid> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new SetupError(
      {
        zh: `找不到或无法打开文件 ${path}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`,
        en: `Cannot open ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      },
      { zh: '请检查文件路径；路径中有空格时请加引号。', en: 'Check the path; quote it when it contains spaces.' },
    );
  }
  const ext = extname(path).toLowerCase();
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (ext === '.xlsx' || ext === '.xlsm') {
    if (!zip)
      throw unknownFormat(path, { zh: '扩展名是 .xlsx，但内容不是 Excel 工作簿', en: 'it is named .xlsx but is not an Excel workbook' });
    return readXlsx(path, bytes, tab, options.sheet);
  }
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') {
    if (zip || bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
      throw unknownFormat(path, { zh: '扩展名是 .csv，但内容是 Excel 文件', en: 'it is named .csv but is an Excel file' });
    }
    const { text, encoding } = decodeText(bytes);
    return { grid: parseCsv(text).map((r) => r.map((v) => (v === '' ? null : v))), source: `CSV (${encoding})` };
  }
  if (ext === '.xls' || ext === '.et') {
    throw unknownFormat(path, {
      zh: '这是旧版 Excel 97-2003（.xls）或 WPS 格式，无法直接读取',
      en: 'this is the old Excel 97-2003 (.xls) or WPS format, which cannot be read directly',
    });
  }
  throw unknownFormat(path, { zh: `不支持的文件类型"${ext || '（无扩展名）'}"`, en: `unsupported file type "${ext || '(no extension)'}"` });
}
