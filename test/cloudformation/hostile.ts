/** Generators of hostile CloudFormation inputs (issue 11), shared by the budget tests and the benchmark. */

/** A YAML merge-key chain: each level `<<: *previous` plus one key, the last one used by a bucket. */
export function mergeKeyChain(levels: number): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Mappings:', '  Chain:', '    l0: &l0 {k0: v}'];
  for (let i = 1; i <= levels; i++) lines.push(`    l${i}: &l${i}`, `      <<: *l${i - 1}`, `      k${i}: v`);
  lines.push(
    'Resources:',
    '  ChainBucket:',
    '    Type: AWS::S3::Bucket',
    `    Metadata: {chain: *l${levels}}`,
  );
  return `${lines.join('\n')}\n`;
}

/** The "billion laughs" document: `levels` anchors, each a list of `width` aliases of the previous one. */
export function aliasBomb(levels: number, width: number): string {
  const lines = ['Mappings:', '  M:', '    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `    a${i}: &a${i} [${Array(width)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  lines.push('Resources:', '  B:', '    Type: AWS::S3::Bucket');
  return `${lines.join('\n')}\n`;
}

/** A JSON template with `depth` nested arrays in a bucket's Metadata and `padBuckets` extra buckets. */
export function nestedJson(depth: number, padBuckets: number): string {
  const parts = [
    `{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Metadata": ${'['.repeat(depth)}1${']'.repeat(depth)}}`,
  ];
  for (let i = 0; i < padBuckets; i++)
    parts.push(`, "P${i}": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "pad-${i}"}}`);
  parts.push('}}');
  return parts.join('');
}

/** Two templates whose exports double at every level through Fn::ImportValue (2^levels work, naively). */
export function exponentialImports(levels: number): Record<string, string> {
  const outputs = ['Outputs:', '  E0:', '    Value: ab', '    Export: {Name: e0}'];
  for (let i = 1; i <= levels; i++)
    outputs.push(
      `  E${i}:`,
      `    Value: !Join ["", [!ImportValue e${i - 1}, !ImportValue e${i - 1}]]`,
      `    Export: {Name: e${i}}`,
    );
  return {
    'exports.yaml': `Resources:\n  Nothing:\n    Type: AWS::SNS::Topic\n${outputs.join('\n')}\n`,
    'importer.yaml': `Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !ImportValue e${levels}\n`,
  };
}
