/**
 * The XML the identity provider writes, as plain data, and its two serialisations: the document (what is sent)
 * and the exclusive canonical form of a subtree (what a signature covers, W3C xml-exc-c14n without comments).
 * Only the shapes the IdP writes are supported: every element has a prefix declared on it or an ancestor
 * (`xmlns:p` attributes), other attributes are unprefixed, text is plain. Since this code wrote the document,
 * it knows its canonical form without parsing it back. Pure: no XML library.
 *
 * Values are logical (unescaped): characters XML 1.0 cannot carry are dropped (as escape.ts does), then each
 * form escapes what it must. The document form escapes as @xmldom/xmldom serialises (the bytes the earlier
 * xml-crypto signer sent; test/unit/saml-sign.test.ts compares them), plus a carriage return in text as a
 * character reference, so that a parser's line-end handling cannot change what was signed.
 */
export interface XmlElement {
  /** Qualified name, `prefix:local`. */
  name: string;
  /** In document order; namespace declarations as `xmlns:prefix`. */
  attrs: [string, string][];
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

// eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot carry (as escape.ts)
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const clean = (value: string) => value.replace(NOT_XML, '');

/** An element; empty text children are left out (a parser sees none either). */
export function el(name: string, attrs: [string, string][], ...children: XmlNode[]): XmlElement {
  return { name, attrs: attrs.map(([k, v]) => [k, clean(v)]), children: children.map((c) => (typeof c === 'string' ? clean(c) : c)).filter((c) => c !== '') };
}

const DOC_ATTR: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
const DOC_TEXT: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '\r': '&#13;' };
/** xml-exc-c14n, after xml-c14n §2.3 (attribute and text nodes). */
const C14N_ATTR: Record<string, string> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };
const C14N_TEXT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };

/** The document form: attributes as written, empty elements self-closed. */
export function serialize(node: XmlNode): string {
  if (typeof node === 'string') return node.replace(/[<>&\r]/g, (c) => DOC_TEXT[c]);
  const attrs = node.attrs.map(([k, v]) => ` ${k}="${v.replace(/[<>&"\t\n\r]/g, (c) => DOC_ATTR[c])}"`).join('');
  if (node.children.length === 0) return `<${node.name}${attrs}/>`;
  return `<${node.name}${attrs}>${node.children.map(serialize).join('')}</${node.name}>`;
}

const prefixOf = (name: string): string => {
  const colon = name.indexOf(':');
  if (colon <= 0) throw new Error(`unprefixed element ${name}: not supported`);
  return name.slice(0, colon);
};

/**
 * The exclusive canonical form of `node` as the apex of a signed subtree. `declared`: the namespace
 * declarations of its ancestors in the document. Each element renders the declaration of its own prefix where
 * no ancestor in the output rendered that binding; attributes sorted by name (all unprefixed); no
 * self-closed elements; c14n escaping.
 */
export function canonical(node: XmlNode, declared: ReadonlyMap<string, string> = new Map(), rendered: ReadonlyMap<string, string> = new Map()): string {
  if (typeof node === 'string') return node.replace(/[&<>\r]/g, (c) => C14N_TEXT[c]);
  const scope = new Map(declared);
  const plain: [string, string][] = [];
  for (const [name, value] of node.attrs) {
    if (name.startsWith('xmlns:')) scope.set(name.slice(6), value);
    else if (name.includes(':') || name === 'xmlns') throw new Error(`attribute ${name}: not supported`);
    else plain.push([name, value]);
  }
  const prefix = prefixOf(node.name);
  const uri = scope.get(prefix);
  if (uri === undefined) throw new Error(`prefix ${prefix} is not declared`);
  const inOutput = new Map(rendered);
  let ns = '';
  if (rendered.get(prefix) !== uri) {
    ns = ` xmlns:${prefix}="${uri.replace(/[&<"\t\n\r]/g, (c) => C14N_ATTR[c])}"`;
    inOutput.set(prefix, uri);
  }
  const attrs = plain
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => ` ${k}="${v.replace(/[&<"\t\n\r]/g, (c) => C14N_ATTR[c])}"`)
    .join('');
  return `<${node.name}${ns}${attrs}>${node.children.map((c) => canonical(c, scope, inOutput)).join('')}</${node.name}>`;
}
