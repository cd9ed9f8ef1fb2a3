/** Request bodies S3 accepts as XML, parsed with fast-xml-parser (namespaces and `xsi:` prefixes dropped). */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  // Flattened lists in the S3 model: several <Rule> / <Grant> siblings.
  isArray: (name) => name === 'Grant' || name === 'Rule',
});

export type XmlNode = Record<string, unknown>;

/** The parsed document, `{}` for an empty body, or undefined when the XML is not well-formed. */
export function parseXmlBody(body: Buffer): XmlNode | undefined {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  if (XMLValidator.validate(text) !== true) return undefined;
  return parser.parse(text) as XmlNode;
}

export function child(node: unknown, name: string): unknown {
  return node !== null && typeof node === 'object' ? (node as XmlNode)[name] : undefined;
}

export function text(node: unknown, name: string): string | undefined {
  const v = child(node, name);
  if (typeof v === 'string') return v;
  // `<TargetPrefix></TargetPrefix>` parses as ''; `<A/>` may come back as an empty object.
  if (v !== undefined && v !== null && typeof v === 'object' && Object.keys(v).length === 0) return '';
  return undefined;
}

export function list(node: unknown, name: string): unknown[] {
  const v = child(node, name);
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}
