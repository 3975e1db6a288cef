import { parser } from '@lezer/python';
import type { SyntaxNode, Tree } from '@lezer/common';
import { InputError } from '../errors.js';

/** Text the parser does not accept as Python: a real syntax error, or syntax it does not know. */
export class PythonSyntaxError extends InputError {
  constructor(
    /** `file:line:column` */
    readonly where: string,
    readonly near: string,
  ) {
    super(`${where}: Python syntax error${near ? ` near '${near}'` : ''}`);
  }
}

/**
 * A parsed Python file: its syntax tree plus what errors need (the file name and positions).
 * Parsing uses the real Python grammar of `@lezer/python`; nothing is read with regexes.
 */
export class PythonSource {
  readonly tree: Tree;
  private readonly lineStarts: number[];

  private constructor(readonly file: string, readonly text: string) {
    this.tree = parser.parse(text);
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /**
   * Parses Python source text.
   *
   * @example PythonSource.parse('versions/1a2b_init.py', "revision = '1a2b'\n")
   * @throws InputError `file:line:col: Python syntax error …` for text that is not valid Python.
   */
  static parse(file: string, text: string): PythonSource {
    const source = new PythonSource(file, text);
    let error: SyntaxNode | null = null;
    source.tree.iterate({
      enter: (n) => {
        if (error) return false;
        if (n.type.isError) error = n.node;
        return undefined;
      },
    });
    if (error) {
      const at = source.position((error as SyntaxNode).from);
      // An empty error node (a missing token) sits at the end of what was read: show that line.
      const ahead = text.slice((error as SyntaxNode).from, (error as SyntaxNode).from + 20).split('\n')[0];
      const line = text.split('\n')[at.line - 1]?.trim().slice(0, 40) ?? '';
      const near = ahead?.trim() ? ahead : line;
      throw new PythonSyntaxError(`${file}:${at.line}:${at.column}`, near ?? '');
    }
    return source;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.lineStarts[lo] as number) + 1 };
  }

  line(node: SyntaxNode): number {
    return this.position(node.from).line;
  }

  textOf(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  /** `file:line:column` of a node, the prefix of every message about it. */
  where(node: SyntaxNode): string {
    const at = this.position(node.from);
    return `${this.file}:${at.line}:${at.column}`;
  }
}

const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', 'Comment', 'LineComment']);

/** Child nodes that carry meaning: comments and punctuation left out. */
export function meaningfulChildren(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (!PUNCTUATION.has(c.name)) out.push(c);
  return out;
}

/** All direct children, comments left out. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

/**
 * The value of one Python string literal (not an f-string): prefixes, quotes and escapes.
 *
 * @example decodeStringLiteral("'it\\'s'") // "it's"
 */
export function decodeStringLiteral(literal: string): string {
  const prefix = /^[A-Za-z]*/.exec(literal)?.[0] ?? '';
  const raw = /r/i.test(prefix);
  let body = literal.slice(prefix.length);
  const quote = body.startsWith('"""') || body.startsWith("'''") ? body.slice(0, 3) : body.slice(0, 1);
  body = body.slice(quote.length, body.length - quote.length);
  return raw ? body : unescape(body);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (all, esc: string) => {
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== undefined) return simple;
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/^[0-7]/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
    return all;
  });
}
