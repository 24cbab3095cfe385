/**
 * A deliberately small formula evaluator: literals, cell references and ranges (same or other
 * sheet), arithmetic, `&`, comparisons and a handful of functions. Anything else yields #NAME?.
 */
import { columnToLetters, lettersToColumn } from './a1.js';

export type Scalar = number | string | boolean | null;
export interface FormulaError {
  error: string;
  message: string;
}
export type Value = Scalar | FormulaError;

export interface FormulaContext {
  /** Effective value of a cell; sheet undefined = the formula's own sheet. */
  cell(sheet: string | undefined, row: number, col: number): Value;
  /** Cells of a finite range, row-major. */
  range(sheet: string | undefined, r1: number, c1: number, r2: number, c2: number): Value[];
}

export const ERRORS: Record<string, string> = {
  '#NAME?': 'NAME',
  '#DIV/0!': 'DIVIDE_BY_ZERO',
  '#VALUE!': 'VALUE',
  '#REF!': 'REF',
  '#ERROR!': 'ERROR',
  '#N/A': 'N_A',
  '#NUM!': 'NUM',
};

const err = (error: string, message: string): FormulaError => ({ error, message });
export const isError = (v: unknown): v is FormulaError => typeof v === 'object' && v !== null && 'error' in v;

type Tok = { t: 'num' | 'str' | 'ref' | 'fn' | 'op' | 'bool'; v: string };
const REF_RE = /^(?:('(?:[^']|'')+'|[\p{L}_][\p{L}\p{N}_]*)!)?(\$?[A-Za-z]{1,3}\$?\d+)(?::(\$?[A-Za-z]{1,3}\$?\d+))?/u;

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    let m: RegExpExecArray | null;
    if (/^\s/.test(rest)) {
      i++;
      continue;
    }
    if ((m = /^\d+(\.\d+)?([eE][+-]?\d+)?|^\.\d+/.exec(rest))) {
      out.push({ t: 'num', v: m[0] });
      i += m[0].length;
      continue;
    }
    if (rest[0] === '"') {
      let j = 1;
      let s = '';
      for (; j < rest.length; j++) {
        if (rest[j] === '"') {
          if (rest[j + 1] === '"') {
            s += '"';
            j++;
            continue;
          }
          break;
        }
        s += rest[j];
      }
      if (j >= rest.length) throw err('#ERROR!', 'Formula parse error.');
      out.push({ t: 'str', v: s });
      i += j + 1;
      continue;
    }
    if ((m = /^(TRUE|FALSE)\b(?!\s*\()/i.exec(rest))) {
      out.push({ t: 'bool', v: m[1]!.toUpperCase() });
      i += m[0].length;
      continue;
    }
    if ((m = /^([A-Za-z][A-Za-z0-9_.]*)\s*\(/.exec(rest))) {
      out.push({ t: 'fn', v: m[1]!.toUpperCase() });
      i += m[0].length;
      continue;
    }
    if ((m = REF_RE.exec(rest))) {
      out.push({ t: 'ref', v: m[0] });
      i += m[0].length;
      continue;
    }
    if ((m = /^(<>|<=|>=|[-+*/^&=<>(),:;%])/.exec(rest))) {
      out.push({ t: 'op', v: m[0] });
      i += m[0].length;
      continue;
    }
    throw err('#ERROR!', 'Formula parse error.');
  }
  return out;
}

const num = (v: Value): number | FormulaError => {
  if (isError(v)) return v;
  if (v === null || v === '') return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  const n = Number(v);
  return Number.isFinite(n) && v.trim() !== ''
    ? n
    : err('#VALUE!', `Function expects number values. But '${v}' is a text and cannot be coerced to a number.`);
};
const str = (v: Scalar) => (v === null ? '' : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v));

type Arg = Value | Value[];

export function evaluate(formula: string, ctx: FormulaContext): Value {
  let toks: Tok[];
  try {
    toks = lex(formula.replace(/^=/, ''));
  } catch (e) {
    return e as FormulaError;
  }
  let p = 0;
  const peek = () => toks[p];
  const eat = (v?: string) => {
    const t = toks[p];
    if (!t || (v && t.v !== v)) throw err('#ERROR!', 'Formula parse error.');
    p++;
    return t;
  };
  const scalar = (a: Arg): Value => (Array.isArray(a) ? (a[0] ?? null) : a);

  const refValue = (text: string): Arg => {
    const m = REF_RE.exec(text)!;
    const sheet = m[1]?.startsWith("'") ? m[1].slice(1, -1).replace(/''/g, "'") : m[1];
    const cell = (s: string): [number, number] => {
      const x = /\$?([A-Za-z]+)\$?(\d+)/.exec(s)!;
      return [Number(x[2]) - 1, lettersToColumn(x[1]!)];
    };
    const [r1, c1] = cell(m[2]!);
    if (!m[3]) return ctx.cell(sheet, r1, c1);
    const [r2, c2] = cell(m[3]);
    return ctx.range(sheet, Math.min(r1, r2), Math.min(c1, c2), Math.max(r1, r2), Math.max(c1, c2));
  };

  const binary = (ops: string[], next: () => Arg, apply: (op: string, a: Value, b: Value) => Value) => (): Arg => {
    let left = next();
    while (peek()?.t === 'op' && ops.includes(peek()!.v)) {
      const op = eat().v;
      left = apply(op, scalar(left), scalar(next()));
    }
    return left;
  };
  const arith = (op: string, a: Value, b: Value): Value => {
    const x = num(a);
    const y = num(b);
    if (isError(x)) return x;
    if (isError(y)) return y;
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '^':
        return x ** y;
      default:
        return y === 0 ? err('#DIV/0!', 'Function DIVIDE parameter 2 cannot be zero.') : x / y;
    }
  };
  const compare = (op: string, a: Value, b: Value): Value => {
    if (isError(a)) return a;
    if (isError(b)) return b;
    const norm = (v: Scalar) => (typeof v === 'string' ? v.toLowerCase() : (v ?? 0));
    const x = norm(a);
    const y = norm(b);
    switch (op) {
      case '=':
        return x === y;
      case '<>':
        return x !== y;
      case '<':
        return x < y;
      case '>':
        return x > y;
      case '<=':
        return x <= y;
      default:
        return x >= y;
    }
  };

  const primary = (): Arg => {
    const t = eat();
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'str') return t.v;
    if (t.t === 'bool') return t.v === 'TRUE';
    if (t.t === 'ref') return refValue(t.v);
    if (t.t === 'op' && t.v === '(') {
      const v = expr();
      eat(')');
      return v;
    }
    if (t.t === 'op' && (t.v === '-' || t.v === '+')) {
      const v = scalar(unaryOperand());
      return t.v === '-' ? arith('-', 0, v) : v;
    }
    if (t.t === 'fn') {
      const args: Arg[] = [];
      if (peek()?.v !== ')') {
        args.push(expr());
        while (peek()?.v === ',' || peek()?.v === ';') {
          eat();
          args.push(expr());
        }
      }
      eat(')');
      return call(t.v, args);
    }
    throw err('#ERROR!', 'Formula parse error.');
  };
  const unaryOperand = (): Arg => {
    let v = primary();
    while (peek()?.v === '%') {
      eat();
      v = arith('/', scalar(v), 100);
    }
    return v;
  };
  const power = binary(['^'], unaryOperand, arith);
  const term = binary(['*', '/'], power, arith);
  const sum = binary(['+', '-'], term, arith);
  const concat = binary(['&'], sum, (_op, a, b) => (isError(a) ? a : isError(b) ? b : str(a) + str(b)));
  const expr = binary(['=', '<>', '<', '>', '<=', '>='], concat, compare);

  const flat = (args: Arg[]) => args.flatMap((a) => (Array.isArray(a) ? a.filter((v) => typeof v === 'number' || isError(v)) : [a]));
  const numbers = (args: Arg[]): number[] | FormulaError => {
    const out: number[] = [];
    for (const v of flat(args)) {
      const n = num(v);
      if (isError(n)) return n;
      out.push(n);
    }
    return out;
  };
  const call = (name: string, args: Arg[]): Value => {
    const ns = () => numbers(args);
    switch (name) {
      case 'SUM': {
        const n = ns();
        return isError(n) ? n : n.reduce((a, b) => a + b, 0);
      }
      case 'AVERAGE': {
        const n = ns();
        return isError(n)
          ? n
          : n.length
            ? n.reduce((a, b) => a + b, 0) / n.length
            : err('#DIV/0!', 'Evaluation of function AVERAGE caused a divide by zero error.');
      }
      case 'MIN': {
        const n = ns();
        return isError(n) ? n : n.length ? Math.min(...n) : 0;
      }
      case 'MAX': {
        const n = ns();
        return isError(n) ? n : n.length ? Math.max(...n) : 0;
      }
      case 'COUNT':
        return args.flatMap((a) => (Array.isArray(a) ? a : [a])).filter((v) => typeof v === 'number').length;
      case 'COUNTA':
        return args.flatMap((a) => (Array.isArray(a) ? a : [a])).filter((v) => v !== null && v !== '').length;
      case 'IF': {
        const c = scalar(args[0] ?? false);
        if (isError(c)) return c;
        return scalar((c && c !== 0 ? args[1] : args[2]) ?? (c ? true : false));
      }
      case 'CONCATENATE':
        return args
          .flatMap((a) => (Array.isArray(a) ? a : [a]))
          .map((v) => (isError(v) ? '' : str(v)))
          .join('');
      case 'ROUND': {
        const x = num(scalar(args[0] ?? 0));
        const d = num(scalar(args[1] ?? 0));
        if (isError(x)) return x;
        if (isError(d)) return d;
        return Math.round(x * 10 ** d) / 10 ** d;
      }
      case 'ABS': {
        const x = num(scalar(args[0] ?? 0));
        return isError(x) ? x : Math.abs(x);
      }
      case 'LEN': {
        const v = scalar(args[0] ?? '');
        return isError(v) ? v : str(v).length;
      }
      case 'UPPER': {
        const v = scalar(args[0] ?? '');
        return isError(v) ? v : str(v).toUpperCase();
      }
      case 'LOWER': {
        const v = scalar(args[0] ?? '');
        return isError(v) ? v : str(v).toLowerCase();
      }
      case 'TODAY':
        return Math.floor((Date.now() - Date.UTC(1899, 11, 30)) / 86_400_000);
      case 'NOW':
        return (Date.now() - Date.UTC(1899, 11, 30)) / 86_400_000;
      default:
        return err('#NAME?', `Unknown function: '${name.toLowerCase()}'.`);
    }
  };

  try {
    const v = scalar(expr());
    if (p < toks.length) return err('#ERROR!', 'Formula parse error.');
    return v === null ? 0 : v;
  } catch (e) {
    return isError(e) ? e : err('#ERROR!', 'Formula parse error.');
  }
}

/**
 * A formula's references after rows or columns of `sheet` were inserted or deleted, as Google
 * rewrites them: `shift(i)` maps a 1-based row (or column) number to its new one, `null` when
 * deleted; a range's ends move on their own, so a range grows when rows go in between its ends
 * (=SUM(I2:I9) becomes =SUM(I2:I10) for a row inserted at 9, not for one at 10) and shrinks when
 * rows inside it go. A reference left without cells becomes #REF!. `own`: the formula sits on
 * `sheet` itself (its unprefixed references point there).
 */
export function shiftReferences(
  formula: string,
  sheet: string,
  own: boolean,
  dim: 'ROWS' | 'COLUMNS',
  shift: (i: number, part: 'cell' | 'start' | 'end') => number | null,
): string {
  const cellRe = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$/;
  const move = (cell: string, part: 'cell' | 'start' | 'end'): string | null => {
    const m = cellRe.exec(cell)!;
    if (dim === 'ROWS') {
      const r = shift(Number(m[4]), part);
      return r === null ? null : `${m[1]}${m[2]}${m[3]}${r}`;
    }
    const c = shift(lettersToColumn(m[2]!) + 1, part);
    return c === null ? null : `${m[1]}${columnToLetters(c - 1)}${m[3]}${m[4]}`;
  };
  let out = '';
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i]!;
    if (ch === '"') {
      const close = formula.indexOf('"', i + 1);
      const stop = close < 0 ? formula.length : close + 1;
      out += formula.slice(i, stop);
      i = stop;
      continue;
    }
    const m = /[\p{L}\p{N}_.$]/u.test(formula[i - 1] ?? '') ? null : REF_RE.exec(formula.slice(i));
    if (!m || formula[i + m[0].length] === '(') {
      out += ch;
      i++;
      continue;
    }
    const [text, prefix, first, second] = m;
    const named = prefix?.replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
    const ours = named === undefined ? own : named.toLowerCase() === sheet.toLowerCase();
    if (!ours) out += text;
    else {
      const a = move(first!, second ? 'start' : 'cell');
      const b = second ? move(second, 'end') : null;
      const bad = second ? a === null || b === null || refIndex(b, dim) < refIndex(a, dim) : a === null;
      out += bad ? '#REF!' : `${prefix === undefined ? '' : `${prefix}!`}${a}${second ? `:${b}` : ''}`;
    }
    i += text.length;
  }
  return out;
}

const refIndex = (cell: string, dim: 'ROWS' | 'COLUMNS') => {
  const m = /([A-Za-z]{1,3})\$?(\d+)$/.exec(cell)!;
  return dim === 'ROWS' ? Number(m[2]) : lettersToColumn(m[1]!);
};
