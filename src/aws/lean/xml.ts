/**
 * XML through the SDK's own parser (`parseXML` of @aws-sdk/xml-builder, what SDK v3's restXml
 * deserializer calls): the same tree the SDK reads, without the SDK's schema object graph on top.
 * Measured 5× faster than fast-xml-parser on a GetBucketAcl answer (docs/notes/live.md).
 */
import { parseXML } from '@aws-sdk/xml-builder';

export function parseXml(text: string): Record<string, unknown> {
  const parsed: unknown = parseXML(text);
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

/** The document's root element's content ({} for an empty or text-only root). */
export function rootOf(text: string): Record<string, unknown> {
  const doc = parseXml(text);
  for (const value of Object.values(doc)) {
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  }
  return {};
}

/** An element that may repeat: always an array. */
export function list<T = unknown>(value: unknown): T[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

/** An element's child object ({} when absent or text-only). */
export function child(value: unknown, name: string): Record<string, unknown> {
  const inner = value && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
  return inner && typeof inner === 'object' && !Array.isArray(inner)
    ? (inner as Record<string, unknown>)
    : {};
}

/** Text content of an element (an element with attributes keeps its text in `#text`). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && '#text' in value) {
    const inner = (value as Record<string, unknown>)['#text'];
    return typeof inner === 'string' ? inner : undefined;
  }
  return undefined;
}
