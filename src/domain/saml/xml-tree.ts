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
const clean = (value: string) => {
  NOT_XML.lastIndex = 0;
  return NOT_XML.test(value) ? value.replace(NOT_XML, '') : value;
};

/** An element; empty text children are left out (a parser sees none either). */
export function el(name: string, attrs: [string, string][], ...children: XmlNode[]): XmlElement {
  const kept: XmlNode[] = [];
  for (const c of children) {
    const child = typeof c === 'string' ? clean(c) : c;
    if (child !== '') kept.push(child);
  }
  const cleaned: [string, string][] = [];
  for (const attr of attrs) {
    const value = clean(attr[1]);
    cleaned.push(value === attr[1] ? attr : [attr[0], value]);
  }
  return { name, attrs: cleaned, children: kept };
}

const DOC_ATTR: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
const DOC_TEXT: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '\r': '&#13;' };
/** xml-exc-c14n, after xml-c14n §2.3 (attribute and text nodes). */
const C14N_ATTR: Record<string, string> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };
const C14N_TEXT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const DOC_ATTR_CHARS = /[<>&"\t\n\r]/g;
const DOC_TEXT_CHARS = /[<>&\r]/g;
const C14N_ATTR_CHARS = /[&<"\t\n\r]/g;
const C14N_TEXT_CHARS = /[&<>\r]/g;
// eslint-disable-next-line no-restricted-syntax -- tenant-free: an empty map that is never written (the default scope)
const NONE: ReadonlyMap<string, string> = new Map();
/** `value` with `chars` replaced from `table`; most values have none, and are answered as they are. */
function escaped(value: string, chars: RegExp, table: Record<string, string>): string {
  chars.lastIndex = 0;
  if (!chars.test(value)) return value;
  chars.lastIndex = 0;
  return value.replace(chars, (c) => table[c]);
}

/** The document form: attributes as written, empty elements self-closed. */
export function serialize(node: XmlNode): string {
  if (typeof node === 'string') return escaped(node, DOC_TEXT_CHARS, DOC_TEXT);
  let out = `<${node.name}`;
  for (const [k, v] of node.attrs) out += ` ${k}="${escaped(v, DOC_ATTR_CHARS, DOC_ATTR)}"`;
  if (node.children.length === 0) return `${out}/>`;
  out += '>';
  for (const child of node.children) out += serialize(child);
  return `${out}</${node.name}>`;
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
 * self-closed elements; c14n escaping. `known`: subtrees whose form here is already written (see `apexForm`).
 */
export function canonical(node: XmlNode, declared: ReadonlyMap<string, string> = NONE, rendered: ReadonlyMap<string, string> = NONE, known?: Known): string {
  return write(node, declared, rendered, known, undefined);
}

/** A subtree's canonical form as an apex, and the prefixes it renders (so where else the same form holds). */
export interface ApexForm {
  text: string;
  renders: ReadonlySet<string>;
}
type Known = ReadonlyMap<XmlElement, ApexForm>;

/**
 * The canonical form of `element` as the apex (what its enveloped signature's digest covers), and, once its
 * Signature is built, the form of the element with that Signature after its first child, without writing the
 * other children again (issue 25: the Response's digest covers its signed Assertion, which was written for the
 * Assertion's own digest a moment before). The form an element has as the apex is also its form inside any
 * parent whose output has rendered none of the prefixes it renders itself (exclusive c14n renders a namespace
 * where it is used and not yet rendered above): `canonical` uses it there, given as `known`, and writes it
 * anew anywhere else.
 */
export function apexForm(element: XmlElement): ApexForm & { withSecond(child: XmlElement): ApexForm } {
  const renders = new Set<string>();
  const { open, scope, inOutput } = openTag(element, NONE, NONE, renders);
  const [first, ...rest] = element.children;
  const head = open + (first === undefined ? '' : write(first, scope, inOutput, undefined, renders));
  let tail = '';
  for (const child of rest) tail += write(child, scope, inOutput, undefined, renders);
  tail += `</${element.name}>`;
  return {
    text: head + tail,
    renders,
    withSecond(child) {
      const all = new Set(renders);
      return { text: head + write(child, scope, inOutput, undefined, all) + tail, renders: all };
    },
  };
}

/** An element's start tag in canonical form, and the bindings its children are written in. */
function openTag(node: XmlElement, declared: ReadonlyMap<string, string>, rendered: ReadonlyMap<string, string>, renders: Set<string> | undefined) {
  // Maps are copied only where this element declares or renders a namespace (issue 25: a copy per element was
  // most of the signing's own allocation).
  let scope = declared;
  let plain: [string, string][] | undefined;
  for (const attr of node.attrs) {
    const name = attr[0];
    if (name.startsWith('xmlns:')) {
      if (scope === declared) scope = new Map(declared);
      (scope as Map<string, string>).set(name.slice(6), attr[1]);
    } else if (name.includes(':') || name === 'xmlns') throw new Error(`attribute ${name}: not supported`);
    else (plain ??= []).push(attr);
  }
  const prefix = prefixOf(node.name);
  const uri = scope.get(prefix);
  if (uri === undefined) throw new Error(`prefix ${prefix} is not declared`);
  let inOutput = rendered;
  let open = `<${node.name}`;
  if (rendered.get(prefix) !== uri) {
    open += ` xmlns:${prefix}="${escaped(uri, C14N_ATTR_CHARS, C14N_ATTR)}"`;
    inOutput = new Map(rendered).set(prefix, uri);
    renders?.add(prefix);
  }
  if (plain) {
    sortByName(plain);
    for (const [k, v] of plain) open += ` ${k}="${escaped(v, C14N_ATTR_CHARS, C14N_ATTR)}"`;
  }
  return { open: `${open}>`, scope, inOutput };
}

/** Attributes by name, in place: insertion sort, as an element has a handful (Array#sort allocated a copy per call). */
function sortByName(attrs: [string, string][]): void {
  for (let i = 1; i < attrs.length; i++) {
    const attr = attrs[i];
    let j = i - 1;
    for (; j >= 0 && attrs[j][0] > attr[0]; j--) attrs[j + 1] = attrs[j];
    attrs[j + 1] = attr;
  }
}

type Bindings = ReadonlyMap<string, string>;

function write(node: XmlNode, declared: Bindings, rendered: Bindings, known: Known | undefined, renders: Set<string> | undefined): string {
  if (typeof node === 'string') return escaped(node, C14N_TEXT_CHARS, C14N_TEXT);
  const form = known?.get(node);
  if (form && ![...form.renders].some((prefix) => rendered.has(prefix))) {
    for (const prefix of form.renders) renders?.add(prefix);
    return form.text;
  }
  const { open, scope, inOutput } = openTag(node, declared, rendered, renders);
  let out = open;
  for (const child of node.children) out += write(child, scope, inOutput, known, renders);
  return `${out}</${node.name}>`;
}
