/**
 * Terraform variable values from the command line (issue 14: `--var-file` / `-var` like `terraform plan`) and
 * `TF_DATA_DIR` for the module cache (issue 19 item 4), through the CLI in process: precedence, typing,
 * auto-loaded tfvars, and one-line exit-2 errors for bad files and flags.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { normalizeTerraformFlags } from '../../src/cli/terraform-options.js';
import { loadTerraform } from '../../src/sources/terraform/index.js';
import { memoryIO } from '../helpers/memory-io.js';

const DIR = 'test/fixtures/terraform/var-files';
const PROD = `${DIR}/env/prod.tfvars`;
const PROD_JSON = `${DIR}/env/prod.tfvars.json`;

interface JsonFinding {
  ruleId: string;
  status: string;
  reason: string;
  message: string;
  resource: { name?: string; location?: { file: string; line: number; address?: string } };
}

async function run(args: string[], env: Record<string, string> = {}, cwd?: string) {
  const io = memoryIO({ env, ...(cwd ? { cwd } : {}) });
  const code = await main(['node', 'trailguard', ...args], io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

/** `cwd`: file names in findings are relative to the current directory (issue 14). */
async function scan(args: string[], env: Record<string, string> = {}, cwd?: string) {
  const result = await run(['scan', ...args, '-f', 'json', '--fail-on', 'none'], env, cwd);
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as { findings: JsonFinding[] };
}

/** The general rule's findings as `name status reason`, sorted. */
function buckets(report: { findings: JsonFinding[] }): string[] {
  return report.findings
    .filter((f) => f.ruleId === 'aws-s3-bucket-access-logging')
    .map((f) => `${f.resource.name ?? f.resource.location?.address} ${f.status} ${f.reason}`)
    .sort();
}

/** The inventory's logging of every bucket after applying these flags. */
async function logging(variables: Parameters<typeof loadTerraform>[2]) {
  const { inventory } = await loadTerraform([DIR], undefined, variables);
  return Object.fromEntries(inventory.buckets.map((b) => [b.name, b.logging]));
}

describe('--var-file and --var (issue 14)', () => {
  it('without flags: terraform.tfvars and *.auto.tfvars are loaded, the unset variable stays unknown with the flags to set it', async () => {
    const report = await scan([DIR]);
    // terraform.tfvars gives sources = ["acme-a"]; enable_logging defaults to false.
    expect(buckets(report)).toContain('acme-a NON_COMPLIANT LOGGING_DISABLED');
    const { inventory } = await loadTerraform([DIR]);
    const logs = inventory.buckets.find((b) => b.location?.address === 'aws_s3_bucket.logs');
    expect(logs?.nameUnresolved).toMatchObject({
      code: 'UNRESOLVED',
      message: expect.stringContaining('give it with --var NAME=VALUE or --var-file FILE'),
    });
  });

  it('a --var-file sets values (typed per the variable: "true" is a bool), the later flag wins in command-line order', async () => {
    expect(buckets(await scan([DIR, '--var-file', PROD]))).toEqual([
      'acme-app COMPLIANT LOGGING_ENABLED',
      'acme-prod-logs NOT_APPLICABLE IS_LOG_DESTINATION',
      'acme-web COMPLIANT LOGGING_ENABLED',
    ]);
    // -var after the file wins; before it, the file wins (Terraform: in the order given).
    expect(buckets(await scan([DIR, '--var-file', PROD, '-var', 'enable_logging=false']))).toContain(
      'acme-app NON_COMPLIANT LOGGING_DISABLED',
    );
    expect(buckets(await scan([DIR, '--var', 'enable_logging=false', '--var-file', PROD]))).toContain(
      'acme-app COMPLIANT LOGGING_ENABLED',
    );
  });

  it('precedence: default < terraform.tfvars < *.auto.tfvars < --var-file / --var in order; HCL values for complex types', async () => {
    const prefixOf = (l: Record<string, unknown>, name: string) =>
      (l[name] as { targetPrefix?: unknown } | null)?.targetPrefix;
    const fromFile = await logging({ variables: [{ kind: 'file', path: PROD }] });
    expect(prefixOf(fromFile, 'acme-app')).toBe('from-auto/acme-app/');
    const fromJson = await logging({
      variables: [
        { kind: 'file', path: PROD },
        { kind: 'file', path: PROD_JSON },
      ],
    });
    expect(prefixOf(fromJson, 'acme-web')).toBe('from-json/acme-web/');
    const fromVar = await logging({
      variables: [
        { kind: 'file', path: PROD_JSON },
        { kind: 'file', path: PROD },
        { kind: 'var', assignment: 'sources=["acme-x"]' },
        { kind: 'var', assignment: 'prefix=p=q/' },
      ],
    });
    expect(Object.keys(fromVar).sort()).toEqual(['acme-prod-logs', 'acme-x']);
    expect(prefixOf(fromVar, 'acme-x')).toBe('p=q/acme-x/');
  });

  it('-var and -var-file are accepted as Terraform spells them', () => {
    expect(normalizeTerraformFlags(['scan', '.', '-var', 'a=1', '-var-file=x.tfvars', '--', '-var'])).toEqual(
      ['scan', '.', '--var', 'a=1', '--var-file=x.tfvars', '--', '-var'],
    );
  });

  it('a bad file or flag is one line and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--var-file', `${DIR}/env/missing.tfvars`],
        /--var-file .*missing\.tfvars: cannot read: no such file/,
      ],
      [['--var-file', `${DIR}/env`], /--var-file .*env: cannot read/],
      [['--var-file', `${DIR}/env/broken.tfvars`], /broken\.tfvars:3: .*\(--var-file\)/],
      [
        ['--var-file', `${DIR}/main.tf`],
        /main\.tf:2: a variables file holds only NAME = VALUE assignments, found a "variable" block/,
      ],
      [['--var', 'enable_logging'], /-var "enable_logging": expected NAME=VALUE/],
      [
        ['--var', 'no_such_variable=1'],
        /-var no_such_variable: no scanned root module declares variable "no_such_variable"/,
      ],
      [['--var', 'sources=[unclosed'], /-var sources: the value "\[unclosed" is not a valid expression/],
    ];
    for (const [flags, message] of cases) {
      const { code, stdout, stderr } = await run(['scan', DIR, '-f', 'json', ...flags]);
      expect(code, flags.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n'), flags.join(' ')).toHaveLength(1);
      expect(stderr).toMatch(message);
    }
  });

  it('a value that does not convert to the declared type is unresolved, never a guess', async () => {
    const { inventory } = await loadTerraform([DIR], undefined, {
      variables: [
        { kind: 'file', path: PROD },
        { kind: 'var', assignment: 'enable_logging=maybe' },
      ],
    });
    expect(inventory.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'VALUE_UNRESOLVED',
          file: 'main.tf',
          line: 51,
          message: expect.stringContaining(
            'count/for_each of aws_s3_bucket_logging.source is not known statically: var.enable_logging: a bool is required, got "maybe"',
          ),
        }),
      ]),
    );
  });

  it('fix reads the same flags', async () => {
    const { code, stdout, stderr } = await run([
      'fix',
      DIR,
      '--var-file',
      PROD,
      '--var',
      'enable_logging=false',
      // The plan as text (without -f, IaC paths print the fix as a diff of the files: issue 13).
      '-f',
      'text',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('acme-app');
  });
});

describe('TF_DATA_DIR (issue 19 item 4)', () => {
  const root = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-tfdata-'));
    writeFileSync(
      join(dir, 'main.tf'),
      'module "logs" {\n  source = "terraform-aws-modules/s3-bucket/aws"\n  bucket = "acme-cached"\n}\n',
    );
    return dir;
  };
  const cache = (dir: string, dataDir: string) => {
    mkdirSync(join(dir, dataDir, 'modules', 'logs'), { recursive: true });
    writeFileSync(
      join(dir, dataDir, 'modules', 'logs', 'main.tf'),
      'variable "bucket" {}\nresource "aws_s3_bucket" "this" {\n  bucket = var.bucket\n}\n',
    );
    writeFileSync(
      join(dir, dataDir, 'modules', 'modules.json'),
      JSON.stringify({
        Modules: [
          { Key: '', Source: '', Dir: '.' },
          {
            Key: 'logs',
            Source: 'registry.terraform.io/terraform-aws-modules/s3-bucket/aws',
            Version: '4.1.0',
            Dir: `${dataDir}/modules/logs`,
          },
        ],
      }),
    );
  };

  it('the module cache is read from $TF_DATA_DIR/modules, relative to the root module; .terraform is then not used', async () => {
    const dir = root();
    cache(dir, 'tfdata');
    const withEnv = await scan([dir], { TF_DATA_DIR: 'tfdata' }, dir);
    expect(buckets(withEnv)).toEqual(['acme-cached NON_COMPLIANT LOGGING_DISABLED']);
    const file = withEnv.findings.find((f) => f.resource.name === 'acme-cached')?.resource.location?.file;
    expect(file).toBe('tfdata/modules/logs/main.tf');
    // Without TF_DATA_DIR, Terraform (and trailguard) look in .terraform: the module is not downloaded.
    const without = await scan([dir], {}, dir);
    expect(without.findings.map((f) => f.reason)).toContain('INPUT_UNREADABLE');
    expect(without.findings.find((f) => f.reason === 'INPUT_UNREADABLE')?.message).toMatch(
      /run "terraform init" in \. \(trailguard then reads the downloaded modules in \.terraform\/modules\)/,
    );
  });
});
