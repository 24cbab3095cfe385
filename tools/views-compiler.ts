/**
 * Compiles a Handlebars template (views/**\/*.hbs stay the source) to one plain JavaScript
 * function that concatenates strings and calls src/core/views/runtime.ts. Handlebars parses it
 * (its own parser and whitespace rules); only the code generation is ours, and it knows just
 * what our templates use: paths, `@root`/`@index`-style data, `../`, our helpers, #if / #unless /
 * #each with {{else}}, and partials. Anything else fails the build instead of rendering
 * differently. Every `{{…}}` is escaped by the runtime's `escapeHtml` (Handlebars' own rule).
 */
import Handlebars from 'handlebars';
import { helperNames } from '../src/core/views/helper-names.js';

type Node = hbs.AST.Node;
type Expression = hbs.AST.Expression;

/** The runtime functions compiled code calls (imported by name in src/generated/templates.ts). */
export const runtimeNames = [
  'path',
  'dataPath',
  'up',
  'escapeHtml',
  'show',
  'showValue',
  'raw',
  'helper',
  'showHelper',
  'when',
  'each',
  'partial',
] as const;

const ours = new Set<string>(helperNames);
/** Handlebars' built-in helpers: the three block helpers we implement, the rest refused. */
const builtIns = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log', 'helperMissing', 'blockHelperMissing']);

class ViewError extends Error {
  constructor(message: string, node: Node) {
    super(`${message} (line ${node.loc?.start.line ?? '?'})`);
  }
}

const literal = (value: unknown) => JSON.stringify(value);

export class ViewCompiler {
  constructor(private readonly partialNames: ReadonlySet<string>) {}

  /** The template as a `Program` (see runtime.ts): an arrow function of (c, d, x). */
  compile(source: string): string {
    // Handlebars.parse applies its whitespace control (`~`, standalone lines) as precompile does.
    return this.program(Handlebars.parse(source) as hbs.AST.Program);
  }

  private program(program: hbs.AST.Program): string {
    if (program.blockParams?.length) throw new ViewError('block params (as |x|) are not supported', program);
    const parts = program.body.map((node) => this.statement(node)).filter((code) => code !== '');
    return `(c,d,x)=>${parts.length ? parts.join('+') : '""'}`;
  }

  private optional(program: hbs.AST.Program | undefined): string {
    return program ? this.program(program) : '0';
  }

  private statement(node: hbs.AST.Statement): string {
    switch (node.type) {
      case 'ContentStatement': {
        const { value } = node as hbs.AST.ContentStatement;
        return value ? literal(value) : '';
      }
      case 'CommentStatement':
        return '';
      case 'MustacheStatement':
        return this.mustache(node as hbs.AST.MustacheStatement);
      case 'BlockStatement':
        return this.block(node as hbs.AST.BlockStatement);
      case 'PartialStatement':
        return this.partial(node as hbs.AST.PartialStatement);
      default:
        throw new ViewError(`${node.type} is not supported`, node);
    }
  }

  /** A helper call is a mustache with params or a hash, or a bare name that is a known helper (Handlebars' classifySexpr). */
  private isHelperCall(node: hbs.AST.MustacheStatement | hbs.AST.SubExpression): boolean {
    if (node.params.length || node.hash) return true;
    const path = node.path as hbs.AST.PathExpression;
    const simpleId =
      path.type === 'PathExpression' &&
      path.parts.length === 1 &&
      !path.depth &&
      !path.data &&
      !/^(this|\.\.?)([./]|$)/.test(path.original);
    return simpleId && (ours.has(path.parts[0]!) || builtIns.has(path.parts[0]!));
  }

  private mustache(node: hbs.AST.MustacheStatement): string {
    if (node.path.type !== 'PathExpression') throw new ViewError('a literal in place of a name is not supported', node);
    if (this.isHelperCall(node)) {
      const call = this.helperCall(node);
      return node.escaped ? call.replace(/^helper\(/, 'showHelper(') : `raw(${call},c)`;
    }
    const path = node.path as hbs.AST.PathExpression;
    if (!node.escaped) return `raw(${this.expression(path)},c)`;
    if (!path.data && !path.depth && path.parts.length) return `show(c,${path.parts.map(literal).join(',')})`;
    return `showValue(${this.expression(path)},c)`;
  }

  private helperCall(node: hbs.AST.MustacheStatement | hbs.AST.SubExpression): string {
    const path = node.path as hbs.AST.PathExpression;
    const name = path.parts[0]!;
    if (path.type !== 'PathExpression' || path.parts.length !== 1 || !ours.has(name)) {
      throw new ViewError(`unknown helper ${path.original} (the helpers are in src/core/views/helper-names.ts)`, node);
    }
    const params = node.params.map((p) => `,${this.expression(p)}`).join('');
    return `helper(${literal(name)},d,${this.hash(node.hash)}${params})`;
  }

  private hash(hash: hbs.AST.Hash | undefined): string {
    if (!hash) return '0';
    return `{${hash.pairs.map((pair) => `${literal(pair.key)}:${this.expression(pair.value)}`).join(',')}}`;
  }

  private block(node: hbs.AST.BlockStatement): string {
    const name = (node.path as hbs.AST.PathExpression).original;
    if (node.params.length !== 1) throw new ViewError(`#${name} takes one value`, node);
    const value = this.expression(node.params[0]!);
    const hashKeys = node.hash?.pairs.map((pair) => pair.key) ?? [];
    const includeZero = node.hash?.pairs.find((pair) => pair.key === 'includeZero');
    if (name === 'if' || name === 'unless') {
      if (hashKeys.some((key) => key !== 'includeZero')) throw new ViewError(`#${name} takes only includeZero=`, node);
      const [yes, no] = name === 'if' ? [node.program, node.inverse] : [node.inverse, node.program];
      const zero = includeZero ? `,${this.expression(includeZero.value)}` : '';
      return `when(c,d,x,${value},${this.optional(yes)},${this.optional(no)}${zero})`;
    }
    if (name === 'each' && !hashKeys.length) return `each(c,d,x,${value},${this.optional(node.program)},${this.optional(node.inverse)})`;
    throw new ViewError(`{{#${name}}} is not supported (only #if, #unless, #each)`, node);
  }

  private partial(node: hbs.AST.PartialStatement): string {
    const name = (node.name as hbs.AST.PathExpression).original;
    if (node.name.type !== 'PathExpression' || !this.partialNames.has(name)) throw new ViewError(`no partial ${name}`, node);
    if (node.params.length > 1) throw new ViewError('a partial takes one context', node);
    const context = node.params.length ? this.expression(node.params[0]!) : 'c';
    // preventIndent: a standalone partial's indentation is output once, before it (as Handlebars does).
    const indent = (node as { indent?: string }).indent ? `${literal((node as { indent?: string }).indent)}+` : '';
    return `${indent}partial(partials[${literal(name)}],${context},${this.hash(node.hash)},d)`;
  }

  private expression(node: Expression): string {
    switch (node.type) {
      case 'PathExpression': {
        const path = node as hbs.AST.PathExpression;
        const names = path.parts.map((part) => `,${literal(part)}`).join('');
        if (path.data) {
          if (path.depth) throw new ViewError('@../ is not supported', node);
          return `dataPath(d${names})`;
        }
        const base = path.depth ? `up(x,${path.depth})` : 'c';
        return names ? `path(${base}${names})` : base;
      }
      case 'SubExpression':
        return this.helperCall(node as hbs.AST.SubExpression);
      case 'StringLiteral':
      case 'NumberLiteral':
      case 'BooleanLiteral':
        return literal((node as hbs.AST.StringLiteral).value);
      case 'UndefinedLiteral':
        return 'void 0';
      case 'NullLiteral':
        return 'null';
      default:
        throw new ViewError(`${node.type} is not supported`, node);
    }
  }
}
