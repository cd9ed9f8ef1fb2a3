/**
 * What parsing a template gives: plain JSON data, the position of each resource and the line of each
 * object. Shared by the YAML path (parse-template.ts) and the JSON path (json-positions.ts) without either
 * importing the other (they imported each other).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Position {
  line: number;
  column: number;
}

export interface ParsedTemplate {
  data: Json;
  /** Position of each logical id under `Resources`. */
  resourcePositions: Map<string, Position>;
  /** Line of every object and array of `data` (for messages about an expression). */
  lines: WeakMap<object, number>;
}

/** A syntax error with the parser's message and where it happened. */
export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}
