import { describe, expect, it } from 'vitest';
import { Unresolved } from '../cloudformation/values.js';
import { Unknown } from '../terraform/values.js';
import { knownText, UNKNOWN_PART, Unresolvable, unknownMarker, unresolvedRead } from './unknown.js';

describe('the IaC unknown-value model', () => {
  it('is one base for the Terraform and CloudFormation unknowns', () => {
    const tf = new Unknown(
      'data.aws_caller_identity.x.account_id is known after apply',
      undefined,
      false,
      false,
      undefined,
      {
        text: `arn:aws:s3:::logs/AWSLogs/${UNKNOWN_PART}/*`,
      },
    );
    const cfn = new Unresolved(
      'parameter Account has no Default',
      '!Ref Account at t.yaml:4',
      `a-${UNKNOWN_PART}`,
    );
    expect(tf).toBeInstanceOf(Unresolvable);
    expect(cfn).toBeInstanceOf(Unresolvable);
    expect(knownText(tf)).toBe('arn:aws:s3:::logs/AWSLogs/${?}/*');
    expect(knownText(cfn)).toBe('a-${?}');
    expect(cfn.partialText).toBe('a-${?}');
    expect(cfn.message).toBe('parameter Account has no Default (!Ref Account at t.yaml:4)');
    expect(knownText(new Unknown('x', undefined, false, false, undefined, { json: { a: 1 } }))).toBe(
      '{"a":1}',
    );
    expect(knownText(new Unresolved('no default'))).toBeUndefined();
  });

  it('reaches the Inventory as an UNRESOLVED error value, with the partial document only when it is an object', () => {
    expect(unresolvedRead('policy: unknown')).toEqual({
      error: { code: 'UNRESOLVED', message: 'policy: unknown' },
    });
    expect(unresolvedRead('p', { Statement: [unknownMarker('m')] })).toEqual({
      error: {
        code: 'UNRESOLVED',
        message: 'p',
        partial: { Statement: [{ error: { code: 'UNRESOLVED', message: 'm' } }] },
      },
    });
    for (const partial of [null, 'text', ['a'], undefined])
      expect(unresolvedRead('p', partial).error).not.toHaveProperty('partial');
  });
});
