/**
 * A strict reader of the XML pgdrift writes (elements, attributes in double quotes, text, the
 * five entities and character references): enough to prove a JUnit report well-formed and to
 * read it back. It throws on anything XML 1.0 refuses — an unbalanced or forged tag, a raw `<`
 * or `&`, a character outside XML's Char production — saying where.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

/** XML 1.0's Char production, as code points (so a surrogate pair is one character). */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  if (/[<]/.test(raw)) throw new Error(`raw < at ${at}`);
  return raw.replace(/&([^;]*);?/g, (m, body: string) => {
    if (!m.endsWith(';')) throw new Error(`unterminated reference at ${at}: ${m}`);
    if (body in ENTITIES) return ENTITIES[body] as string;
    const num = /^#(\d+)$/.exec(body) ?? null;
    const hex = /^#x([0-9a-fA-F]+)$/.exec(body) ?? null;
    const cp = num ? Number(num[1]) : hex ? parseInt(hex[1] as string, 16) : NaN;
    if (!isXmlChar(cp)) throw new Error(`bad reference &${body}; at ${at}`);
    return String.fromCodePoint(cp);
  });
}

export function parseXml(text: string): XmlElement {
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) as number;
    if (!isXmlChar(cp)) throw new Error(`character U+${cp.toString(16)} at ${i} is not allowed in XML 1.0`);
    if (cp > 0xffff) i++;
  }
  let pos = 0;
  const decl = /^<\?xml[^?]*\?>\s*/.exec(text);
  if (decl) pos = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const name = '[A-Za-z_][\\w.-]*';
  const openTag = new RegExp(`^<(${name})((?:\\s+${name}="[^"<]*")*)\\s*(/?)>`);
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const chunk = text.slice(pos, lt < 0 ? text.length : lt);
    if (stack.length === 0) {
      if (chunk.trim() !== '') throw new Error(`text outside the root at ${pos}`);
    } else (stack[stack.length - 1] as XmlElement).text += decode(chunk, pos);
    if (chunk.includes(']]>')) throw new Error(`]]> in text at ${pos}`);
    if (lt < 0) break;
    pos = lt;
    const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(text.slice(pos));
    if (close) {
      const top = stack.pop();
      if (!top || top.name !== close[1]) throw new Error(`</${close[1]}> at ${pos} closes ${top ? `<${top.name}>` : 'nothing'}`);
      pos += close[0].length;
      continue;
    }
    const open = openTag.exec(text.slice(pos));
    if (!open) throw new Error(`not a tag at ${pos}: ${JSON.stringify(text.slice(pos, pos + 40))}`);
    const attributes: Record<string, string> = {};
    for (const m of (open[2] as string).matchAll(new RegExp(`(${name})="([^"]*)"`, 'g'))) {
      if ((m[1] as string) in attributes) throw new Error(`attribute ${m[1]} twice at ${pos}`);
      attributes[m[1] as string] = decode(m[2] as string, pos);
    }
    const element: XmlElement = { name: open[1] as string, attributes, children: [], text: '' };
    if (stack.length > 0) (stack[stack.length - 1] as XmlElement).children.push(element);
    else if (root) throw new Error(`a second root element at ${pos}`);
    else root = element;
    if (open[3] !== '/') stack.push(element);
    pos += open[0].length;
  }
  if (stack.length > 0) throw new Error(`<${(stack[stack.length - 1] as XmlElement).name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element of the tree named `name`, depth first. */
export function elements(root: XmlElement, name: string): XmlElement[] {
  return [...(root.name === name ? [root] : []), ...root.children.flatMap((c) => elements(c, name))];
}
