/** The byte ranges the HCL parser keeps for `fix --write` (blocks, attributes, closing brackets). */
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/sources/terraform/hcl-ast.js';
import { parseHclSync } from '../../src/sources/terraform/hcl-parse.js';

describe('HCL source ranges', () => {
  it('cover a block, its attributes (without trailing comments) and closing brackets', () => {
    const text = `# c\nresource "a" "b" {\n  x = jsonencode({\n    S = [ 1, "x" ] # hi\n  }) # trailing\n  y = "q"\n  z = <<EOT\nhello\nEOT\n}\n`;
    const parsed = parseHclSync('f.tf', text);
    if (!parsed.ok) throw new Error('parse');
    const block = parsed.file.body.blocks[0];
    if (!block?.range) throw new Error('no range');
    expect(text.slice(block.range.start, block.range.end)).toBe(text.slice(4, -1));
    const slice = (name: string) => {
      const r = block.body.attributes.get(name)?.range;
      return r ? text.slice(r.start, r.end) : undefined;
    };
    expect(slice('x')).toBe('x = jsonencode({\n    S = [ 1, "x" ] # hi\n  })');
    expect(slice('y')).toBe('y = "q"');
    expect(slice('z')).toBe('z = <<EOT\nhello\nEOT');
    const call = block.body.attributes.get('x')?.expr as Extract<Expr, { kind: 'call' }>;
    const object = call.args[0] as Extract<Expr, { kind: 'object' }>;
    const tuple = object.items[0]?.value as Extract<Expr, { kind: 'tuple' }>;
    expect(text[object.close as number]).toBe('}');
    expect(text[tuple.close as number]).toBe(']');
    expect(text.slice((tuple.close as number) - 4, tuple.close)).toBe('"x" ');
  });
});
