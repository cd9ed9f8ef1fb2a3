import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { isErrorValue } from '../../src/inventory/read.js';
import { loadCloudFormation } from '../../src/sources/cloudformation/index.js';
import { parseTemplate, TemplateSyntaxError } from '../../src/sources/cloudformation/parse-template.js';
import { Resolver } from '../../src/sources/cloudformation/resolve.js';
import { Sym, Unresolved } from '../../src/sources/cloudformation/values.js';

const DIR = 'test/fixtures/cloudformation';

describe('parseTemplate', () => {
  it('maps every short-form tag to its long form', () => {
    const { data } = parseTemplate(
      [
        'A: !Ref X',
        'B: !GetAtt Res.Endpoint.Address',
        'C: !GetAtt [Res, Arn]',
        'D: !Sub "${AWS::Region}-x"',
        'E: !Join ["-", [a, !Ref X]]',
        'F: !If [Cond, 1, 2]',
        'G: !ImportValue Exp',
        'H: !FindInMap [M, a, b]',
        'I: !Select [0, [a]]',
        'J: !Split [",", "a,b"]',
        'K: !Equals [a, b]',
        'L: !Not [!Condition C]',
        'M: !And [!Condition C, !Condition D]',
        'N: !Or [!Condition C, !Condition D]',
        'O: !Base64 text',
        'P: !GetAZs ""',
        'Q: !Cidr [10.0.0.0/16, 2, 8]',
      ].join('\n'),
    );
    expect(data).toEqual({
      A: { Ref: 'X' },
      B: { 'Fn::GetAtt': ['Res', 'Endpoint.Address'] },
      C: { 'Fn::GetAtt': ['Res', 'Arn'] },
      D: { 'Fn::Sub': '${AWS::Region}-x' },
      E: { 'Fn::Join': ['-', ['a', { Ref: 'X' }]] },
      F: { 'Fn::If': ['Cond', 1, 2] },
      G: { 'Fn::ImportValue': 'Exp' },
      H: { 'Fn::FindInMap': ['M', 'a', 'b'] },
      I: { 'Fn::Select': [0, ['a']] },
      J: { 'Fn::Split': [',', 'a,b'] },
      K: { 'Fn::Equals': ['a', 'b'] },
      L: { 'Fn::Not': [{ Condition: 'C' }] },
      M: { 'Fn::And': [{ Condition: 'C' }, { Condition: 'D' }] },
      N: { 'Fn::Or': [{ Condition: 'C' }, { Condition: 'D' }] },
      O: { 'Fn::Base64': 'text' },
      P: { 'Fn::GetAZs': '' },
      Q: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
    });
  });

  it('records the line and column of each logical id, in YAML and in JSON', () => {
    const yaml = parseTemplate('# c\nResources:\n  One:\n    Type: x\n  Two:\n    Type: y\n');
    expect(yaml.resourcePositions.get('Two')).toEqual({ line: 5, column: 3 });
    const json = parseTemplate('{\n\t"Resources": {\n\t\t"One": {"Type": "x"}\n\t}\n}\n');
    expect(json.resourcePositions.get('One')).toEqual({ line: 3, column: 3 });
  });

  it('reports YAML and JSON syntax errors with their line and the parser message', () => {
    const yamlError = (() => {
      try {
        parseTemplate('Resources:\n  A:\n    Type: [x\n  B: 1\n');
      } catch (e) {
        return e;
      }
    })();
    expect(yamlError).toBeInstanceOf(TemplateSyntaxError);
    expect((yamlError as TemplateSyntaxError).line).toBeGreaterThanOrEqual(3);
    const jsonError = (() => {
      try {
        parseTemplate('{\n  "Resources": {\n    "A": 1,\n  }\n}', { json: true });
      } catch (e) {
        return e;
      }
    })();
    expect(jsonError).toBeInstanceOf(TemplateSyntaxError);
    expect((jsonError as TemplateSyntaxError).line).toBe(4);
    expect((jsonError as Error).message).toMatch(/^invalid JSON/);
  });

  it('rejects duplicate keys, as CloudFormation does', () => {
    expect(() => parseTemplate('Resources:\n  A: 1\n  A: 2\n')).toThrow(TemplateSyntaxError);
  });

  it('stops an alias bomb instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    expect(() => parseTemplate(lines.join('\n'))).toThrow(/too large/);
  });
});

describe('Resolver', () => {
  const template = parseTemplate(
    [
      'Parameters:',
      '  Name: {Type: String, Default: logs}',
      '  Azs: {Type: CommaDelimitedList, Default: "a, b"}',
      'Mappings:',
      '  M: {prod: {bucket: from-map}}',
      'Conditions:',
      '  Yes: !Equals [!Ref Name, logs]',
      '  No: !Not [!Condition Yes]',
      'Resources:',
      '  Named: {Type: AWS::S3::Bucket, Properties: {BucketName: !Sub "${Name}-named"}}',
      '  Generated: {Type: AWS::S3::Bucket}',
    ].join('\n'),
  ).data;
  const resolver = new Resolver(template, { partition: 'aws' });

  it('resolves Ref, Sub, Join, Select, Split, FindInMap, If and list parameters', () => {
    expect(resolver.resolve({ Ref: 'Named' })).toBe('logs-named');
    expect(resolver.resolve({ 'Fn::Sub': ['${X}-${Name}', { X: 'a' }] })).toBe('a-logs');
    expect(resolver.resolve({ 'Fn::Sub': '${!Literal}' })).toBe('${Literal}');
    expect(resolver.resolve({ 'Fn::Select': [1, { Ref: 'Azs' }] })).toBe('b');
    expect(resolver.resolve({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'x/y'] }] })).toBe('y');
    expect(resolver.resolve({ 'Fn::FindInMap': ['M', 'prod', 'bucket'] })).toBe('from-map');
    expect(resolver.resolve({ 'Fn::If': ['No', 'a', 'b'] })).toBe('b');
    expect(resolver.resolve({ 'Fn::GetAtt': ['Named', 'Arn'] })).toBe('arn:aws:s3:::logs-named');
  });

  it('keeps generated names and pseudo parameters symbolic, and unknowns unresolved', () => {
    const generated = resolver.resolve({ Ref: 'Generated' });
    expect(generated).toBeInstanceOf(Sym);
    expect((generated as Sym).bucket).toBe('<Generated>');
    const account = resolver.resolve({ 'Fn::Sub': '${AWS::AccountId}-x' });
    expect(account).toBeInstanceOf(Sym);
    expect((account as Sym).bucket).toBeUndefined();
    expect(resolver.resolve({ 'Fn::ImportValue': 'x' })).toBeInstanceOf(Unresolved);
    expect(resolver.resolve({ Ref: 'Missing' })).toBeInstanceOf(Unresolved);
    expect(resolver.resolve({ 'Fn::GetAZs': '' })).toBeInstanceOf(Unresolved);
    expect(resolver.resolve({ 'Fn::FindInMap': ['M', 'dev', 'bucket'] })).toBeInstanceOf(Unresolved);
  });

  it('evaluates conditions with three-valued logic and survives cycles', () => {
    const cyclic = new Resolver(
      {
        Conditions: {
          A: { Condition: 'B' },
          B: { Condition: 'A' },
          F: { 'Fn::Equals': ['a', 'b'] },
          Both: { 'Fn::And': [{ Condition: 'A' }, { Condition: 'F' }] },
        },
      },
      { partition: 'aws' },
    );
    expect(cyclic.condition('A')).toBeUndefined();
    expect(cyclic.condition('Both')).toBe(false);
    expect(resolver.condition('Yes')).toBe(true);
    expect(resolver.condition('No')).toBe(false);
  });
});

describe('loadCloudFormation', () => {
  it('reports the other files when one file of a directory is broken, and says which failed', async () => {
    const result = await loadCloudFormation([`${DIR}/mixed`]);
    expect(result.inventory.buckets.map((b) => b.location?.address)).toEqual(['Fine']);
    expect(result.failedFiles).toEqual([
      expect.objectContaining({ file: `${DIR}/mixed/broken.template`, line: expect.any(Number) }),
    ]);
    expect(result.inventory.errors[0]).toMatchObject({
      operation: 'ParseTemplate',
      file: `${DIR}/mixed/broken.template`,
    });
  });

  it('throws one InputError with file:line when every input fails', async () => {
    const error = await loadCloudFormation([
      `${DIR}/broken/bad-yaml.template`,
      `${DIR}/broken/bad-json.template`,
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /^test\/fixtures\/cloudformation\/broken\/bad-yaml\.template:\d+: /,
    );
    expect((error as Error).message).toContain('1 more failed');
  });

  it('keeps the good template when another path given is missing', async () => {
    const result = await loadCloudFormation([`${DIR}/nope.yaml`, `${DIR}/policies.json`]);
    expect(result.failedFiles?.[0]).toMatchObject({ file: `${DIR}/nope.yaml`, message: 'file not found' });
    expect(result.inventory.buckets.length).toBeGreaterThan(0);
    expect(result.source.kind).toBe('cloudformation');
  });

  it('qualifies generated-name identities with the file when two templates reuse a logical id', async () => {
    const result = await loadCloudFormation([`${DIR}/mixed/good.yaml`, `${DIR}/mixed/good.yaml`]);
    const names = result.inventory.buckets.map((b) => b.name);
    expect(names).toEqual([`<${DIR}/mixed/good.yaml#Fine>`, `<${DIR}/mixed/good.yaml#Fine>`]);
  });

  it('models the documented facts of a bucket and a trail', async () => {
    const result = await loadCloudFormation([`${DIR}/trail-ref-generated-name.yaml`]);
    const trail = result.inventory.trails.find((t) => t.location?.address === 'StoppedTrail');
    expect(trail).toMatchObject({ bucket: '<BareTrailBucket>', isLogging: false, multiRegion: false });
    const bucket = result.inventory.buckets.find((b) => b.location?.address === 'TrailBucket');
    expect(bucket).toMatchObject({
      name: '<TrailBucket>',
      logging: { targetBucket: '<AccessLogBucket>', targetPrefix: 'trail-bucket/' },
      acl: [],
      defaultEncryption: 'SSE-S3',
      objectLockDefaultRetention: false,
      // AWS::S3::Bucket cannot make a bucket Requester Pays: a deployed template's bucket is not.
      requesterPays: false,
      policy: null,
    });
    expect(bucket?.nameUnresolved?.code).toBe('UNRESOLVED');
    expect(bucket && 'ownership' in bucket).toBe(false);
    const target = result.inventory.buckets.find((b) => b.location?.address === 'AccessLogBucket');
    expect(JSON.stringify(target?.policy)).toContain('arn:aws:s3:::<AccessLogBucket>/trail-bucket/*');
  });

  it('empty LoggingConfiguration targets the bucket itself; an unknown-condition bucket has an error-valued exists', async () => {
    const variants = await loadCloudFormation([`${DIR}/logging-variants.yaml`]);
    const empty = variants.inventory.buckets.find((b) => b.location?.address === 'EmptyConfig');
    expect(empty?.logging).toEqual({ targetBucket: '<EmptyConfig>', targetPrefix: '' });
    const params = await loadCloudFormation([`${DIR}/params-conditions.yaml`]);
    const maybe = params.inventory.buckets.find((b) => b.location?.address === 'MaybeBucket');
    expect(maybe && isErrorValue(maybe.exists)).toBe(true);
  });
});
