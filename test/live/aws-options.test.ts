import { Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { addAwsOptions, awsOptionsFrom, progressLine, stopProgress } from '../../src/cli/aws-options.js';
import { UsageError } from '../../src/errors.js';
import { memoryIO } from '../helpers/memory-io.js';

function parse(args: string[]) {
  const command = addAwsOptions(new Command('x').exitOverride());
  command.parse(args, { from: 'user' });
  return awsOptionsFrom(command.opts());
}

function fakeIO(tty: boolean) {
  return memoryIO({ stderrIsTTY: tty, cwd: '.' });
}

describe('AWS flags', () => {
  it('parses every flag', () => {
    expect(
      parse([
        '--profile',
        'dev',
        '--region',
        'eu-west-1',
        '--regions',
        'eu-west-1, us-east-1',
        '--endpoint-url',
        'http://127.0.0.1:4566',
        '--org',
        '--role-name',
        'Audit',
        '--role-arn',
        '222222222222=arn:aws:iam::222222222222:role/LogReader',
        '--role-arn',
        '333333333333=arn:aws-us-gov:iam::333333333333:role/R,444444444444=arn:aws:iam::444444444444:role/path/R',
        '--external-id',
        'ext-1',
        '--accounts',
        '111111111111,222222222222',
        '--concurrency',
        '4',
        '--timeout',
        '7',
      ]),
    ).toEqual({
      profile: 'dev',
      region: 'eu-west-1',
      regions: ['eu-west-1', 'us-east-1'],
      endpointUrl: 'http://127.0.0.1:4566',
      org: true,
      roleName: 'Audit',
      roleArns: {
        '222222222222': 'arn:aws:iam::222222222222:role/LogReader',
        '333333333333': 'arn:aws-us-gov:iam::333333333333:role/R',
        '444444444444': 'arn:aws:iam::444444444444:role/path/R',
      },
      externalId: 'ext-1',
      accounts: ['111111111111', '222222222222'],
      concurrency: 4,
      timeoutMs: 7000,
    });
  });

  it('no flags → no options', () => {
    expect(parse([])).toEqual({});
  });

  it.each([
    [['--org'], /--org needs --role-name/],
    [['--role-name', 'Audit'], /--role-name is for --org/],
    [['--accounts', '111111111111'], /add --org/],
    [['--org', '--role-name', 'A', '--accounts', '1234'], /not a 12-digit account id/],
    [['--role-arn', 'arn:aws:iam::222222222222:role/R'], /ACCOUNT=ARN/],
    [['--role-arn', '222222222222=arn:aws:iam::333333333333:role/R'], /is in account 333333333333/],
    [['--role-arn', '222222222222=arn:aws:s3:::bucket'], /not an IAM role ARN/],
    [['--concurrency', '0'], /between 1 and 256/],
    [['--concurrency', 'many'], /whole number/],
    [['--timeout', '-3'], /whole number/],
    [['--region', 'Europe'], /not a Region name/],
    [['--regions', 'us-east-1,mars'], /"mars" is not a Region name/],
    [['--regions', ' , '], /at least one value/],
    [['--endpoint-url', 'ftp://x'], /http\(s\) URL/],
    [['--external-id', 'abc'], /--external-id is used with/],
  ])('%j → one-line UsageError', (args, message) => {
    let error: unknown;
    try {
      parse(args);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('progress line', () => {
  it('draws only on a terminal and without --quiet, and clears itself', () => {
    const tty = fakeIO(true);
    const options = awsOptionsFrom({}, tty);
    expect(options.onProgress).toBeTypeOf('function');
    options.onProgress?.({ accountsDone: 1, accountsTotal: 3, calls: 12, errors: 1 });
    expect(tty.err.join('')).toContain('accounts 1/3 · 12 API calls · 1 error');
    stopProgress(options);
    expect(tty.err.at(-1)).toBe('\r\x1b[K');
    expect(awsOptionsFrom({ quiet: true }, fakeIO(true)).onProgress).toBeUndefined();
    expect(awsOptionsFrom({}, fakeIO(false)).onProgress).toBeUndefined();
  });

  it('redraws at most every 100 ms, but always draws the last account', () => {
    const io = fakeIO(true);
    let now = 1000;
    const render = progressLine(io, () => now);
    render({ accountsDone: 0, accountsTotal: 2, calls: 1, errors: 0 });
    now += 10;
    render({ accountsDone: 0, accountsTotal: 2, calls: 2, errors: 0 });
    expect(io.err).toHaveLength(1);
    now += 5;
    render({ accountsDone: 2, accountsTotal: 2, calls: 3, errors: 0 });
    expect(io.err).toHaveLength(2);
  });
});
