/** Property-based tests of the template entry points: any input ends in data or a TemplateSyntaxError, fast. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../src/sources/cloudformation/build.js';
import {
  type Json,
  parseTemplate,
  TemplateSyntaxError,
} from '../../src/sources/cloudformation/parse-template.js';
import { detectText } from '../../src/sources/detect.js';

const TYPES = ['AWS::S3::Bucket', 'AWS::CloudTrail::Trail', 'AWS::S3::BucketPolicy', 'AWS::IAM::Role'];
const FNS = [
  'Ref',
  'Fn::Sub',
  'Fn::Join',
  'Fn::If',
  'Fn::GetAtt',
  'Fn::Select',
  'Fn::Split',
  'Fn::FindInMap',
];

/** Values shaped like template expressions: scalars, lists, maps and intrinsic calls, nested. */
const expr: fc.Arbitrary<Json> = fc.letrec<{ e: Json }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.string(),
      fc.constantFrom('A', 'B', 'AWS::NoValue', 'AWS::AccountId', 'C', '${A}', '${B.Arn}'),
    ),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('e'), { maxLength: 4 }),
    fc.record({ fn: fc.constantFrom(...FNS), arg: tie('e') }).map(({ fn, arg }) => ({ [fn]: arg })),
    fc.dictionary(
      fc.constantFrom('BucketName', 'LoggingConfiguration', 'DestinationBucketName', 'S3BucketName', 'x'),
      tie('e'),
      {
        maxKeys: 3,
      },
    ),
  ),
})).e;

const template = fc.record({
  Parameters: fc.dictionary(
    fc.constantFrom('P', 'Q'),
    fc.record({ Type: fc.constant('String'), Default: expr }),
  ),
  Conditions: fc.dictionary(fc.constantFrom('A', 'C'), expr),
  Resources: fc.dictionary(
    fc.constantFrom('A', 'B', 'C', 'D'),
    fc.record({
      Type: fc.constantFrom(...TYPES),
      Properties: expr,
      Condition: fc.option(fc.constantFrom('A', 'C')),
    }),
  ),
});

function parsesOrSyntaxError(text: string): void {
  try {
    parseTemplate(text);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateSyntaxError);
  }
}

describe('fuzz', () => {
  it('parseTemplate: arbitrary text parses or gives a TemplateSyntaxError', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), parsesOrSyntaxError), { numRuns: 400 });
  });

  it('parseTemplate: mutated real templates parse or give a TemplateSyntaxError', () => {
    const base =
      'Resources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: !Ref B\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {LoggingConfiguration: {}}\n';
    fc.assert(
      fc.property(fc.nat(base.length), fc.string({ maxLength: 8 }), (at, insert) =>
        parsesOrSyntaxError(base.slice(0, at) + insert + base.slice(at)),
      ),
      { numRuns: 400 },
    );
  });

  it('detectText never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(() => detectText(text)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('buildInventory: any template-shaped data gives an inventory without throwing, quickly', () => {
    fc.assert(
      fc.property(template, (data) => {
        const started = Date.now();
        const result = buildInventory(
          [{ file: 'fuzz.yaml', data: data as unknown as Json, resourcePositions: new Map() }],
          'aws',
        );
        expect(Array.isArray(result.buckets)).toBe(true);
        expect(Date.now() - started).toBeLessThan(1000);
      }),
      { numRuns: 300 },
    );
  });
});
