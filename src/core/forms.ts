/**
 * Reading a submitted form and the one idempotency-key rule (a double tap is recorded once).
 * Plugins reach these through the kit; the core's own routes (registers) import them here.
 */
import type { Context } from 'hono';
import type { AppEnv, Person } from '../env.js';

type Ctx = Context<AppEnv>;

const SUBMITTED_KEY = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The one idempotency-key rule. A form carries a one-time `_key` (a UUID rendered with it),
 * so a double tap or a re-sent form is recorded once: the key is the action, the person, an
 * optional scope (the row it is about) and that `_key`. A missing or malformed `_key` (not
 * 8–64 letters, digits, `-` or `_`) gets a fresh random key: recorded, never merged with
 * another person's or another row's write.
 * @example idempotencyKey('repair.assign', person, form.text('_key'), 'R-20261120-K3F9QX2M')
 */
export function idempotencyKey(action: string, person: Pick<Person, 'id'>, submitted: string | undefined, ...scope: string[]): string {
  if (!submitted || !SUBMITTED_KEY.test(submitted)) return crypto.randomUUID();
  return [action, person.id, ...scope, submitted].join(':');
}

/** A new one-time form key, rendered into a form's hidden `_key` field. */
export const newFormKey = (): string => crypto.randomUUID();

/** A parsed form (url-encoded or multipart); anything else reads as an empty form. */
export interface Form {
  /** A text field, trimmed, at most `max` characters; '' when absent or a file. */
  text(name: string, max?: number): string;
  /** Every non-empty value of a repeated field (checkbox lists; `name` or `name[]`), trimmed. */
  list(name: string): string[];
  /** The files uploaded under `name` (empty ones left out). */
  files(name: string): File[];
  /** Whether a text field was sent at all (an empty one included). */
  has(name: string): boolean;
  /** Every text field as typed (first value of each), for `validateInput`. */
  fields(): Record<string, string>;
  /** The idempotency key of this submission for `action` (see `idempotencyKey`). */
  key(action: string, ...scope: string[]): string;
}

/** Read the request's form once. */
export async function readForm(c: Ctx): Promise<Form> {
  const body = await c.req.parseBody({ all: true });
  const all = (name: string): unknown[] => {
    const v = body[name] ?? body[`${name}[]`];
    return Array.isArray(v) ? v : v === undefined ? [] : [v];
  };
  const first = (name: string): string => {
    const v = all(name).find((x) => typeof x === 'string');
    return typeof v === 'string' ? v : '';
  };
  return {
    text: (name, max = Infinity) => first(name).trim().slice(0, max),
    has: (name) => all(name).some((x) => typeof x === 'string'),
    list: (name) =>
      all(name)
        .filter((x): x is string => typeof x === 'string')
        .map((x) => x.trim())
        .filter(Boolean),
    files: (name) => all(name).filter((x): x is File => typeof x === 'object' && x !== null && 'arrayBuffer' in x && (x as File).size > 0),
    fields: () => Object.fromEntries(Object.keys(body).map((k) => [k.replace(/\[\]$/, ''), first(k.replace(/\[\]$/, ''))])),
    key: (action, ...scope) => idempotencyKey(action, signedIn(c), first('_key'), ...scope),
  };
}

/** The signed-in person (routes behind `requireRole` always have one). */
export function signedIn(c: Ctx): Person {
  const person = c.var.person;
  if (!person) throw new Error('kit: no signed-in person (is the route behind requireRole?)');
  return person;
}
