/**
 * How a schema tab looks in Google Sheets, as batchUpdate requests: the header cell
 * (zh-CN text, bold, the column's meaning as a note), number formats per column type,
 * dropdowns for allowed values, checkboxes for yes/no, a date picker for dates, column
 * widths, a frozen header row and a warning-only protection on it (staff can still fix
 * a header; Google only asks them to confirm). Pure: nothing here talks to Google.
 */
import type { sheets_v4 } from 'googleapis';
import type { ColumnDef, TabDef } from '../../sheets-schema/index.js';

type Request = sheets_v4.Schema$Request;

const HEADER_BACKGROUND = { red: 0.91, green: 0.94, blue: 0.98 };
/** Descriptions Google shows with the warning when staff edit a protected range. */
export const HEADER_PROTECTION = '表头（门户按列标题找列）/ Header row: the portal finds columns by these titles';
export const LOG_PROTECTION = '门户自动记录，请勿修改 / Written by the portal; do not edit';

/** Number format for a column's data cells, by type. */
export function numberFormat(col: ColumnDef): sheets_v4.Schema$NumberFormat | undefined {
  switch (col.type) {
    case 'date':
      return { type: 'DATE', pattern: 'yyyy-mm-dd' };
    case 'datetime':
      return { type: 'DATE_TIME', pattern: 'yyyy-mm-dd hh:mm' };
    case 'money':
      return { type: 'CURRENCY', pattern: '"¥"#,##0.00' };
    case 'number':
      return { type: 'NUMBER', pattern: '0.##' };
    case 'id':
    case 'text':
      // Plain text: a tag like 0012 or a phone number stays exactly as typed.
      return { type: 'TEXT', pattern: '@' };
    default:
      return undefined;
  }
}

/** Data validation for a column's data cells: warnings, never refusals (the app reads tolerantly). */
export function validationRule(col: ColumnDef): sheets_v4.Schema$DataValidationRule | undefined {
  if (col.type === 'enum' && col.allowed?.length) {
    const labels = col.allowed.map((a) => a.zh);
    return {
      condition: { type: 'ONE_OF_LIST', values: labels.map((l) => ({ userEnteredValue: l })) },
      showCustomUi: true,
      strict: false,
      inputMessage: `请从下拉列表选择：${labels.join('、')}`,
    };
  }
  if (col.type === 'boolean') return { condition: { type: 'BOOLEAN' }, strict: false };
  if (col.type === 'date' || col.type === 'datetime')
    return { condition: { type: 'DATE_IS_VALID' }, strict: false, inputMessage: '日期，如 2026-03-05' };
  return undefined;
}

/** What a column holds, for the header note and the 说明 tab. */
export function columnMeaning(col: ColumnDef): { zh: string; en: string } {
  const kinds: Record<string, [string, string]> = {
    id: ['编号（唯一）', 'ID (unique)'],
    text: ['文字', 'text'],
    longtext: ['长文字', 'long text'],
    number: ['数字', 'number'],
    money: ['金额（元）', 'amount in yuan'],
    date: ['日期，如 2026-03-05', 'date, e.g. 2026-03-05'],
    datetime: ['日期时间，如 2026-03-05 14:30', 'date and time, e.g. 2026-03-05 14:30'],
    boolean: ['是/否（勾选框）', 'yes/no (checkbox)'],
    enum: ['下拉选择', 'choose from the list'],
  };
  const [zhKind, enKind] = kinds[col.type] ?? ['文字', 'text'];
  const allowed =
    col.type === 'enum' && col.allowed?.length
      ? { zh: `：${col.allowed.map((a) => a.zh).join('、')}`, en: `: ${col.allowed.map((a) => a.en).join(', ')}` }
      : { zh: '', en: '' };
  const help = col.help ? { zh: `。${col.help.zh}`, en: `. ${col.help.en}` } : { zh: '', en: '' };
  return { zh: `${zhKind}${allowed.zh}${help.zh}`, en: `${col.en}: ${enKind}${allowed.en}${help.en}` };
}

/** Who fills a column in, in both languages. */
export function whoEdits(tab: TabDef, col: ColumnDef): { zh: string; en: string } {
  if (tab.appendOnly) return { zh: '门户自动记录，请勿修改', en: 'Written by the portal; do not edit' };
  if (col.key === tab.idColumn) {
    return tab.idPrefix || tab.key === 'assets'
      ? {
          zh: '门户生成；已有编号请勿修改（门户按编号找行）',
          en: 'Assigned by the portal; never change an existing one (rows are found by it)',
        }
      : {
          zh: '填写，必须唯一；已有的请勿修改（门户按它找行）',
          en: 'Fill in, unique; never change an existing one (rows are found by it)',
        };
  }
  if (col.staffOwned) return { zh: '后勤人员填写，门户不会覆盖', en: 'Staff fill it in; the portal never overwrites it' };
  if (col.key === 'updatedAt' || col.key === 'updatedBy') return { zh: '门户自动填写', en: 'Filled in by the portal' };
  return { zh: '可以修改；门户也会写入', en: 'Staff may edit; the portal writes it too' };
}

/** The requests that lay out one column (0-based index) of a tab: header cell, formats, validation, width. */
export function columnRequests(tab: TabDef, col: ColumnDef, sheetId: number, index: number): Request[] {
  const column = { sheetId, startColumnIndex: index, endColumnIndex: index + 1 };
  const meaning = columnMeaning(col);
  const out: Request[] = [
    {
      updateCells: {
        range: { ...column, startRowIndex: 0, endRowIndex: 1 },
        rows: [
          {
            values: [
              {
                userEnteredValue: { stringValue: col.zh },
                userEnteredFormat: {
                  textFormat: { bold: true },
                  backgroundColor: HEADER_BACKGROUND,
                  wrapStrategy: 'WRAP',
                  verticalAlignment: 'MIDDLE',
                },
                note: `${col.zh}（${col.en}）${col.required ? '，必填' : ''}\n${meaning.zh}\n${whoEdits(tab, col).zh}`,
              },
            ],
          },
        ],
        fields: 'userEnteredValue,userEnteredFormat,note',
      },
    },
  ];
  const format = numberFormat(col);
  if (format || col.type === 'longtext') {
    out.push({
      repeatCell: {
        range: { ...column, startRowIndex: 1 },
        cell: { userEnteredFormat: format ? { numberFormat: format } : { wrapStrategy: 'WRAP' } },
        fields: format ? 'userEnteredFormat.numberFormat' : 'userEnteredFormat.wrapStrategy',
      },
    });
  }
  const rule = validationRule(col);
  if (rule) out.push({ setDataValidation: { range: { ...column, startRowIndex: 1 }, rule } });
  out.push({
    updateDimensionProperties: {
      range: { sheetId, dimension: 'COLUMNS', startIndex: index, endIndex: index + 1 },
      properties: { pixelSize: col.width ?? 100 },
      fields: 'pixelSize',
    },
  });
  return out;
}

/** Freeze the header row (only when nothing is frozen: staff may have chosen more). */
export function freezeHeader(sheetId: number): Request {
  return {
    updateSheetProperties: { properties: { sheetId, gridProperties: { frozenRowCount: 1 } }, fields: 'gridProperties.frozenRowCount' },
  };
}

/** A warning-only protection: editing shows Google's "are you sure?" and is still possible. */
export function protectHeader(sheetId: number, wholeSheet = false): Request {
  return {
    addProtectedRange: {
      protectedRange: {
        range: wholeSheet ? { sheetId } : { sheetId, startRowIndex: 0, endRowIndex: 1 },
        description: wholeSheet ? LOG_PROTECTION : HEADER_PROTECTION,
        warningOnly: true,
      },
    },
  };
}
