/**
 * What the compiled views (tools/views-compiler.ts → src/generated/templates.ts) call: Handlebars
 * 4.7's rendering rules for the part of the language our templates use, so the Worker ships no
 * Handlebars runtime and no generic generated code. Each rule below is Handlebars' own (named in
 * its comment); test/unit/views-compiled.test.ts renders every template through Handlebars and
 * through this and requires the same HTML.
 */
import { helpers } from './helpers.js';
import type { HelperName } from './helper-names.js';

/** The contexts enclosing a block, innermost first (Handlebars' `depths`, read by `../`). */
export interface Depths {
  context: unknown;
  up?: Depths;
}
/** Handlebars' data frame: `@root`, and `@index`, `@first`, `@last`, `@key` inside #each. */
export type Frame = { root?: unknown; _parent?: Frame; [key: string]: unknown };
/** A compiled template or block: context, data frame, enclosing contexts → HTML. */
export type Program = (context: any, data: Frame, depths: Depths) => string;

/** The `this` of a block helper called on a null context (Handlebars' `container.nullContext`). */
const nullContext = Object.seal({});
const hasOwn = Object.prototype.hasOwnProperty;

/** `container.lookupProperty`: own properties only, never one inherited from a prototype. */
function property(parent: any, name: string): unknown {
  const value = parent[name];
  if (value == null) return value;
  const prototypeConstructor = name === 'constructor' && typeof value === 'function' && parent === value.prototype;
  return hasOwn.call(parent, name) && !prototypeConstructor ? value : undefined;
}

/** A path on a context (`a.b`, `../a.b`): stops at null or undefined, as `x != null ? x.b : x`. */
export function path(value: unknown, ...names: string[]): unknown {
  for (const name of names) {
    if (value == null) return value;
    value = property(value, name);
  }
  return value;
}

/** A path on the data frame (`@root.a`, `@index`): stops at any falsy value, as `x && x.b`. */
export function dataPath(data: Frame, ...names: string[]): unknown {
  let value: unknown = data;
  for (const name of names) {
    if (!value) return value;
    value = property(value, name);
  }
  return value;
}

/** `../` k times: the k-th enclosing context. */
export function up(depths: Depths | undefined, k: number): unknown {
  for (; depths && k > 0; k--) depths = depths.up;
  return depths?.context;
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

/** `Handlebars.escapeExpression`, the escaping of every `{{…}}`. */
export function escapeHtml(value: any): string {
  if (typeof value !== 'string') {
    if (value && typeof value.toHTML === 'function') return value.toHTML();
    if (value == null) return '';
    if (!value) return `${value}`;
    value = `${value}`;
  }
  return /[&<>"'`=]/.test(value) ? value.replace(/[&<>"'`=]/g, (c: string) => escapes[c]) : value;
}

/** `container.lambda`: a function found as a value is called with the context. */
function lambda(value: unknown, context: unknown): unknown {
  return typeof value === 'function' ? value.call(context) : value;
}

/** `{{a.b}}` on the current context. */
export function show(context: unknown, ...names: string[]): string {
  return escapeHtml(lambda(path(context, ...names), context));
}

/** `{{../a}}`, `{{@index}}`, `{{this}}`: a value already looked up. */
export function showValue(value: unknown, context: unknown): string {
  return escapeHtml(lambda(value, context));
}

/** `{{{a}}}`: unescaped (the layout's body only; test/unit/views.test.ts). */
export function raw(value: unknown, context: unknown): string {
  const shown = lambda(value, context);
  return shown != null ? `${shown}` : '';
}

/** `{{name a b key=c}}` or `(name a b)`: one of our helpers, given Handlebars' options last. */
export function helper(name: HelperName, data: Frame, hash: Record<string, unknown> | 0, ...params: unknown[]): any {
  return helpers[name](...params, { name, hash: hash || {}, data });
}

/** `{{name a b key=c}}`: a helper's result, escaped. */
export function showHelper(name: HelperName, data: Frame, hash: Record<string, unknown> | 0, ...params: unknown[]): string {
  return escapeHtml(helper(name, data, hash, ...params));
}

/** Runs a block's program as `options.fn(context)` does: `../` then reaches the block's context. */
function run(program: Program | 0, context: unknown, data: Frame, depths: Depths): string {
  if (!program) return '';
  // biome-ignore lint/suspicious/noDoubleEquals: Handlebars' own test (wrapProgram), kept exactly
  const same = context == depths.context || (context === nullContext && depths.context === null);
  return program(context, data, same ? depths : { context, up: depths });
}

/** `{{#if}}` (and `{{#unless}}` with the programs swapped): [] and '' are false; 0 too unless includeZero. */
export function when(
  context: unknown,
  data: Frame,
  depths: Depths,
  value: unknown,
  yes: Program | 0,
  no: Program | 0,
  includeZero?: unknown,
): string {
  const self = context ?? nullContext;
  if (typeof value === 'function') value = value.call(self);
  const empty = (!value && value !== 0) || (Array.isArray(value) && value.length === 0);
  return run((!includeZero && !value) || empty ? no : yes, self, data, depths);
}

/** `{{#each}}`: arrays (holes skipped), other iterables, or an object's own keys; `{{else}}` when nothing ran. */
export function each(context: unknown, data: Frame, depths: Depths, value: any, body: Program | 0, otherwise: Program | 0): string {
  const self = context ?? nullContext;
  if (typeof value === 'function') value = value.call(self);
  const frame: Frame = { ...data, _parent: data };
  let html = '';
  let i = 0;
  const iteration = (key: string | number, index: number, last: boolean) => {
    frame.key = key;
    frame.index = index;
    frame.first = index === 0;
    frame.last = last;
    html += run(body, value[key], frame, depths);
  };
  if (value && typeof value === 'object') {
    if (!Array.isArray(value) && typeof value[Symbol.iterator] === 'function') value = [...value];
    if (Array.isArray(value)) {
      for (const n = value.length; i < n; i++) if (i in value) iteration(i, i, i === value.length - 1);
    } else {
      const keys = Object.keys(value);
      for (; i < keys.length; i++) iteration(keys[i]!, i, i === keys.length - 1);
    }
  }
  return i === 0 ? run(otherwise, self, data, depths) : html;
}

/** `{{> name}}` / `{{> name key=value}}`: the hash is laid over a copy of the context; the data frame is shared. */
export function partial(program: Program, context: any, hash: Record<string, unknown> | 0, data: Frame): string {
  if (hash) {
    const merged: Record<string, unknown> = {};
    for (const source of [context, hash]) for (const key in source) if (hasOwn.call(source, key)) merged[key] = source[key];
    context = merged;
  }
  return program(context, data, { context });
}

/** A page or partial rendered on its own: `@root` is its context. */
export function renderProgram(program: Program, context: unknown): string {
  return program(context, { root: context }, { context });
}
