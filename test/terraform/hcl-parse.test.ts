import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/sources/terraform/hcl-ast.js';
import { parseTfJson } from '../../src/sources/terraform/hcl-json.js';
import {
  parseHclSync,
  parseTemplateString,
  parseTemplateSync,
} from '../../src/sources/terraform/hcl-parse.js';

/** The expression of attribute `name` in the first block (or at top level). */
function attr(text: string, name = 'x'): Expr {
  const result = parseHclSync('t.tf', text);
  if (!result.ok) throw new Error(`${result.error.line}: ${result.error.message}`);
  const body = result.file.body.blocks[0]?.body ?? result.file.body;
  const found = body.attributes.get(name) ?? result.file.body.attributes.get(name);
  if (!found) throw new Error(`no attribute ${name}`);
  return found.expr;
}

/** Drops positions so expected trees stay short. */
function shape(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (k, v) => (k === 'pos' || k === 'close' || k === 'range' ? undefined : v)),
  );
}

describe('HCL parser', () => {
  it('parses blocks, labels, attributes and positions', () => {
    const result = parseHclSync(
      'main.tf',
      '# comment\nresource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs" // trailing\n  /* block\n comment */\n  logging {\n    target_bucket = "x"\n  }\n}\n',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const block = result.file.body.blocks[0];
    expect(block?.type).toBe('resource');
    expect(block?.labels).toEqual(['aws_s3_bucket', 'logs']);
    expect(block?.pos).toEqual({ line: 2, column: 1 });
    expect(block?.body.attributes.get('bucket')?.pos).toEqual({ line: 3, column: 3 });
    expect(block?.body.blocks[0]?.pos.line).toBe(6);
    expect(block?.body.blocks[0]?.body.attributes.get('target_bucket')?.pos.line).toBe(7);
  });

  it('parses one-line blocks and empty blocks', () => {
    const result = parseHclSync('m.tf', 'a "b" { x = 1 }\nc {}\nd "e" {\n}\n');
    expect(result.ok && result.file.body.blocks.map((b) => b.type)).toEqual(['a', 'c', 'd']);
  });

  it('keeps operator precedence and conditionals', () => {
    expect(shape(attr('x = 1 + 2 * 3 == 7 && !false ? "a" : "b"\n'))).toEqual({
      kind: 'conditional',
      cond: {
        kind: 'binary',
        op: '&&',
        left: {
          kind: 'binary',
          op: '==',
          left: {
            kind: 'binary',
            op: '+',
            left: { kind: 'literal', value: 1 },
            right: {
              kind: 'binary',
              op: '*',
              left: { kind: 'literal', value: 2 },
              right: { kind: 'literal', value: 3 },
            },
          },
          right: { kind: 'literal', value: 7 },
        },
        right: { kind: 'unary', op: '!', operand: { kind: 'literal', value: false } },
      },
      // biome-ignore lint/suspicious/noThenProperty: the AST's field name
      then: { kind: 'literal', value: 'a' },
      else: { kind: 'literal', value: 'b' },
    });
  });

  it('parses traversals: attributes, indexes, legacy indexes and splats', () => {
    expect(shape(attr('x = aws_s3_bucket.b[0].id\n'))).toEqual({
      kind: 'traversal',
      base: { kind: 'var', name: 'aws_s3_bucket' },
      steps: [
        { kind: 'attr', name: 'b' },
        { kind: 'index', key: { kind: 'literal', value: 0 } },
        { kind: 'attr', name: 'id' },
      ],
    });
    expect(shape(attr('x = a.0.1\n'))).toMatchObject({
      steps: [
        { kind: 'index', key: { value: 0 } },
        { kind: 'index', key: { value: 1 } },
      ],
    });
    expect(shape(attr('x = a[*].b\n'))).toMatchObject({
      steps: [{ kind: 'splat' }, { kind: 'attr', name: 'b' }],
    });
    expect(shape(attr('x = a.*.b\n'))).toMatchObject({
      steps: [{ kind: 'splat' }, { kind: 'attr', name: 'b' }],
    });
  });

  it('parses calls (namespaced, expanded final argument) across lines', () => {
    expect(shape(attr('x = concat(\n  a,\n  b...,\n)\n'))).toEqual({
      kind: 'call',
      name: 'concat',
      args: [
        { kind: 'var', name: 'a' },
        { kind: 'var', name: 'b' },
      ],
      expandFinal: true,
    });
    expect(shape(attr('x = provider::aws::arn_parse("a")\n'))).toMatchObject({
      kind: 'call',
      name: 'provider::aws::arn_parse',
    });
  });

  it('parses objects with newline or comma separators and bare or expression keys', () => {
    expect(shape(attr('x = {\n  a = 1, "b": 2\n  (var.k) = 3\n}\n'))).toEqual({
      kind: 'object',
      items: [
        { key: { kind: 'literal', value: 'a' }, value: { kind: 'literal', value: 1 } },
        { key: { kind: 'literal', value: 'b' }, value: { kind: 'literal', value: 2 } },
        {
          key: {
            kind: 'traversal',
            base: { kind: 'var', name: 'var' },
            steps: [{ kind: 'attr', name: 'k' }],
          },
          value: { kind: 'literal', value: 3 },
        },
      ],
    });
  });

  it('parses for expressions (tuple, object, grouping, condition)', () => {
    expect(shape(attr('x = [for i, v in var.l : upper(v) if v != ""]\n'))).toMatchObject({
      kind: 'for',
      keyVar: 'i',
      valueVar: 'v',
      keyExpr: null,
      grouping: false,
      cond: { kind: 'binary', op: '!=' },
    });
    expect(shape(attr('x = {\n  for k, v in m :\n  k => v...\n}\n'))).toMatchObject({
      kind: 'for',
      keyVar: 'k',
      keyExpr: { kind: 'var', name: 'k' },
      grouping: true,
    });
    // `for` as an object key is not a for expression.
    expect(shape(attr('x = { for = 1 }\n'))).toMatchObject({ kind: 'object' });
  });

  it('decodes quoted string escapes and keeps interpolations as template parts', () => {
    expect(shape(attr('x = "a\\n\\"b\\" \\u00e9 $${lit} %%{lit} 5$ ${var.y}!"\n'))).toEqual({
      kind: 'template',
      parts: [
        'a\n"b" é ${lit} %{lit} 5$ ',
        { kind: 'traversal', base: { kind: 'var', name: 'var' }, steps: [{ kind: 'attr', name: 'y' }] },
        '!',
      ],
      directive: false,
    });
    expect(shape(attr('x = "plain"\n'))).toEqual({ kind: 'literal', value: 'plain' });
    expect(shape(attr('x = "${ "nested ${1}" }"\n'))).toMatchObject({
      kind: 'template',
      parts: [{ kind: 'template', parts: ['nested ', { kind: 'literal', value: 1 }] }],
    });
  });

  it('applies template strip markers', () => {
    expect(shape(attr('x = "a  ${~ 1 ~}  b"\n'))).toMatchObject({
      parts: ['a', { kind: 'literal', value: 1 }, 'b'],
    });
  });

  it('parses template directives into if / for parts', () => {
    expect(shape(attr('x = "%{ if var.a }yes%{ else }no%{ endif }"\n'))).toMatchObject({
      kind: 'template',
      directive: true,
      // biome-ignore lint/suspicious/noThenProperty: the AST's field name
      parts: [{ kind: 'templateIf', then: ['yes'], else: ['no'] }],
    });
    expect(shape(attr('x = "%{ for k, v in m ~}  ${k} %{~ endfor }"\n'))).toMatchObject({
      parts: [{ kind: 'templateFor', keyVar: 'k', valueVar: 'v', body: [{ kind: 'var', name: 'k' }] }],
    });
    const bad = parseHclSync('t.tf', 'x = "%{ if a }yes"\n');
    expect(!bad.ok && bad.error.message).toMatch(/template directive not closed/);
    const stray = parseHclSync('t.tf', 'x = "%{ endif }"\n');
    expect(!stray.ok && stray.error.message).toMatch(/without its opening directive/);
  });

  it('parses heredocs, with <<- indentation stripping, and keeps the lines after them right', () => {
    const text =
      'locals {\n  a = <<EOT\n  keep ${var.x}\n  $${lit}\nEOT\n  b = <<-EOT\n    one\n      two\n    EOT\n  c = 1\n}\n';
    expect(shape(attr(text, 'a'))).toEqual({
      kind: 'template',
      parts: [
        '  keep ',
        { kind: 'traversal', base: { kind: 'var', name: 'var' }, steps: [{ kind: 'attr', name: 'x' }] },
        '\n  ${lit}\n',
      ],
      directive: false,
    });
    expect(shape(attr(text, 'b'))).toEqual({ kind: 'template', parts: ['one\n  two\n'], directive: false });
    const result = parseHclSync('l.tf', text);
    expect(result.ok && result.file.body.blocks[0]?.body.attributes.get('c')?.pos.line).toBe(10);
  });

  it('parses JSON-syntax strings as templates', () => {
    expect(shape(parseTemplateString('${aws_s3_bucket.b.id}', { line: 4, column: 7 }))).toMatchObject({
      kind: 'template',
      parts: [{ kind: 'traversal' }],
    });
    expect(parseTemplateSync('%{ if a }x%{ endif }')).toMatchObject({ parts: [{ kind: 'templateIf' }] });
    expect(parseTemplateSync('${')).toMatchObject({ error: expect.stringMatching(/syntax error/) });
    expect(parseTemplateString('a\\b', { line: 1, column: 1 })).toMatchObject({
      kind: 'literal',
      value: 'a\\b',
    });
  });

  it.each([
    ['a = \n', 1, /expected an expression, found end of line/],
    ['a = 1 b = 2\n', 1, /expected a newline/],
    ['x "y" {\n  a = "unterminated\n}\n', 2, /unterminated string/],
    ['x {\n  a = 1\n', 3, /expected "}", found end of file/],
    ['locals {\n  a = <<EOT\nno end\n', 2, /heredoc without its closing "EOT" line/],
    ['a = [1, 2\n', 2, /"," or "\]"/],
    ['a = 1 @ 2\n', 1, /unexpected character "@"/],
  ])('reports %j as a syntax error at line %i', (text, line, message) => {
    const result = parseHclSync('bad.tf', text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.line).toBe(line);
    expect(result.error.message).toMatch(message);
  });

  it('skips what nests deeper than the depth budget, without recursion, and reads the rest', () => {
    const deep = `locals {\n  x = ${'['.repeat(5000)}"${'${'.repeat(3)}}}}"${']'.repeat(5000)}\n  y = 1\n}\n${'a {\n'.repeat(300)}${'}\n'.repeat(300)}z = 2\n`;
    const result = parseHclSync('deep.tf', deep, { maxDepth: 200 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.depthErrors?.map((e) => e.line)).toEqual([2, 205]);
    expect(result.depthErrors?.[0]?.message).toMatch(
      /over the depth limit of 200 \(raise it with --limit depth=N\)/,
    );
    const locals = result.file.body.blocks[0]?.body.attributes;
    expect(locals?.get('x')?.expr.kind).toBe('unsupported');
    expect(locals?.get('y')?.expr).toMatchObject({ kind: 'literal', value: 1 });
    expect(result.file.body.attributes.get('z')?.pos.line).toBe(605);
    // Nesting within the budget parses; the same text under a lower budget does not.
    const shallow = `x = ${'['.repeat(150)}${']'.repeat(150)}\n`;
    const within = parseHclSync('ok.tf', shallow, { maxDepth: 200 });
    expect(within.ok && within.depthErrors).toBeUndefined();
    const over = parseHclSync('ok.tf', shallow, { maxDepth: 100 });
    expect(over.ok && over.depthErrors?.length).toBe(1);
  });
});

describe('parsers never throw', () => {
  const hclish = fc.stringMatching(/^[a-z"{}[\]()=.,:?!<>\-+*/%$~#\n \t0-9\\]{0,200}$/);

  it('native syntax: any text is a file or one positioned syntax error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), hclish), (text) => {
        const result = parseHclSync('f.tf', text, { maxDepth: 20 });
        if (!result.ok) expect(result.error.line).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('JSON syntax: any JSON value or text is a file or one positioned syntax error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 6 }), fc.string({ maxLength: 100 })), (text) => {
        const result = parseTfJson('f.tf.json', text, { maxDepth: 4 });
        if (!result.ok) expect(result.error.line).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
