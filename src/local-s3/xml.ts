// Minimal XML for S3 bodies: escaping for responses and a small strict parser for request documents.

/** An element with its child elements and its concatenated text; attributes and namespaces are dropped. */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"'\r]/g, (char) => XML_ESCAPES[char]);
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/** `<Name>escaped value</Name>` */
export function renderElement(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The first child named `name`, ignoring any namespace prefix. */
export function findChild(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Parse one XML document. Throws `XmlSyntaxError` on anything malformed, and on DOCTYPE (no entity expansion). */
export function parseXml(text: string): XmlElement {
  const parser = new XmlParser(text);
  return parser.parseDocument();
}

export class XmlSyntaxError extends Error {
  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlSyntaxError';
  }
}

class XmlParser {
  private offset = 0;
  constructor(private readonly text: string) {}

  parseDocument(): XmlElement {
    this.skipMisc();
    const root = this.parseElement();
    this.skipMisc();
    if (this.offset !== this.text.length) this.fail('content after the root element');
    return root;
  }

  private parseElement(): XmlElement {
    this.expect('<');
    const name = this.readName();
    this.skipAttributes();
    if (this.text.startsWith('/>', this.offset)) {
      this.offset += 2;
      return { name: localName(name), children: [], text: '' };
    }
    this.expect('>');
    const element: XmlElement = { name: localName(name), children: [], text: '' };
    for (;;) {
      if (this.offset >= this.text.length) this.fail(`unclosed <${name}>`);
      if (this.text.startsWith('</', this.offset)) {
        this.offset += 2;
        if (this.readName() !== name) this.fail(`mismatched closing tag for <${name}>`);
        this.skipWhitespace();
        this.expect('>');
        return element;
      }
      if (this.text.startsWith('<!--', this.offset)) this.skipPast('-->');
      else if (this.text.startsWith('<![CDATA[', this.offset)) element.text += this.readCdata();
      else if (this.text.startsWith('<?', this.offset)) this.skipPast('?>');
      else if (this.text[this.offset] === '<') element.children.push(this.parseElement());
      else element.text += this.readText();
    }
  }

  private skipMisc(): void {
    for (;;) {
      this.skipWhitespace();
      if (this.text.startsWith('<?', this.offset)) this.skipPast('?>');
      else if (this.text.startsWith('<!--', this.offset)) this.skipPast('-->');
      else if (this.text.startsWith('<!', this.offset)) this.fail('DOCTYPE is not allowed');
      else return;
    }
  }

  private skipAttributes(): void {
    for (;;) {
      this.skipWhitespace();
      const char = this.text[this.offset];
      if (char === '>' || char === '/' || char === undefined) return;
      this.readName();
      this.skipWhitespace();
      this.expect('=');
      this.skipWhitespace();
      const quote = this.text[this.offset];
      if (quote !== '"' && quote !== "'") this.fail('attribute value without quotes');
      const end = this.text.indexOf(quote, this.offset + 1);
      if (end < 0) this.fail('unterminated attribute value');
      this.offset = end + 1;
    }
  }

  private readText(): string {
    const end = this.text.indexOf('<', this.offset);
    const raw = this.text.slice(this.offset, end < 0 ? this.text.length : end);
    this.offset += raw.length;
    return raw.replace(/&([^;&<]*);|&/g, (match, entity: string | undefined) => {
      if (entity === undefined) this.fail('bare "&" in text');
      return this.decodeEntity(entity);
    });
  }

  private decodeEntity(entity: string): string {
    if (entity in ENTITIES) return ENTITIES[entity];
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(entity);
    const codePoint = numeric === null ? NaN : Number.parseInt(numeric[1] ?? numeric[2], numeric[1] ? 16 : 10);
    if (!Number.isInteger(codePoint) || codePoint > 0x10ffff) this.fail(`unknown entity &${entity};`);
    return String.fromCodePoint(codePoint);
  }

  private readCdata(): string {
    const start = this.offset + '<![CDATA['.length;
    const end = this.text.indexOf(']]>', start);
    if (end < 0) this.fail('unterminated CDATA');
    this.offset = end + 3;
    return this.text.slice(start, end);
  }

  private readName(): string {
    const match = NAME.exec(this.text.slice(this.offset, this.offset + 256));
    if (match === null) this.fail('expected a name');
    this.offset += match[0].length;
    return match[0];
  }

  private skipPast(terminator: string): void {
    const end = this.text.indexOf(terminator, this.offset);
    if (end < 0) this.fail(`missing "${terminator}"`);
    this.offset = end + terminator.length;
  }

  private skipWhitespace(): void {
    while (/\s/.test(this.text[this.offset] ?? '')) this.offset += 1;
  }

  private expect(literal: string): void {
    if (!this.text.startsWith(literal, this.offset)) this.fail(`expected "${literal}"`);
    this.offset += literal.length;
  }

  private fail(message: string): never {
    throw new XmlSyntaxError(message, this.offset);
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}
