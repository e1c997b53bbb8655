import { describe, expect, it } from 'vitest';
import { escapeXml, findChild, parseXml, XmlSyntaxError } from './xml.js';

describe('parseXml', () => {
  it('parses an S3 Delete document with entities, CDATA, namespaces and a declaration', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        '<Object><Key>a&amp;b&#13;&#x41;</Key></Object><Object><Key><![CDATA[<raw>]]></Key></Object>' +
        '<!-- comment --><s3:Quiet xmlns:s3="x">true</s3:Quiet></Delete>',
    );
    expect(root.name).toBe('Delete');
    expect(root.children.filter((child) => child.name === 'Object').map((object) => findChild(object, 'Key')?.text)).toEqual([
      'a&b\rA',
      '<raw>',
    ]);
    expect(findChild(root, 'Quiet')?.text).toBe('true');
  });

  it('keeps whitespace inside text', () => {
    expect(findChild(parseXml('<a><b>  x  </b></a>'), 'b')?.text).toBe('  x  ');
  });

  it.each([
    ['unclosed element', '<a><b></b>'],
    ['mismatched tags', '<a></b>'],
    ['two roots', '<a/><b/>'],
    ['bare ampersand', '<a>x & y</a>'],
    ['unknown entity', '<a>&nope;</a>'],
    ['DOCTYPE', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
    ['empty document', ''],
    ['plain text', 'not xml'],
    ['unquoted attribute', '<a b=c/>'],
  ])('rejects %s', (_label, text) => {
    expect(() => parseXml(text)).toThrow(XmlSyntaxError);
  });
});

describe('escapeXml', () => {
  it('escapes markup characters and carriage returns', () => {
    expect(escapeXml(`<a & "b" 'c'>\r`)).toBe('&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;&#13;');
  });
});
