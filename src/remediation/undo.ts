/**
 * `trailguard fix --undo FILE`: restores what an apply recorded, newest change first — logging
 * configurations, then policies (the previous document, or no policy), then created buckets. A created
 * bucket is deleted only when empty: S3 refuses DeleteBucket on a bucket with objects (409 BucketNotEmpty),
 * so log files already delivered keep it, and the result says so. Every entry is attempted even when one
 * fails, and each result is reported.
 */
import {
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketLoggingCommand,
  type LoggingEnabled,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
} from '@aws-sdk/client-s3';
import type { AwsOptions } from '../aws/options.js';
import { createClientFactory, type S3ClientFactory } from './clients.js';
import { readPolicy } from './executor.js';
import { canonicalJson, settingsOf } from './s3-shapes.js';
import { readUndoFile, type UndoEntry } from './undo-file.js';

export type UndoStatus = 'restored' | 'disabled' | 'deleted' | 'kept' | 'nothing-to-do' | 'failed';

/** PutBucketLogging errors that mean "this target can no longer be configured" (AWS-WIRE-NOTES 2.9). */
const UNRESTORABLE = new Set(['InvalidTargetBucketForLogging', 'CrossLocationLoggingProhibited']);

export interface UndoOutcome {
  entry: UndoEntry;
  status: UndoStatus;
  detail: string;
}

export interface UndoResult {
  ok: boolean;
  outcomes: UndoOutcome[];
}

export interface UndoOptions {
  aws: AwsOptions;
  clients?: S3ClientFactory;
  onEntry?: (outcome: UndoOutcome) => void;
}

export async function undoFix(file: string, options: UndoOptions): Promise<UndoResult> {
  const undo = await readUndoFile(file);
  const clients = options.clients ?? createClientFactory(options.aws);
  const outcomes: UndoOutcome[] = [];
  for (const entry of [...undo.entries].reverse()) {
    let outcome: UndoOutcome;
    try {
      outcome = { entry, ...(await undoEntry(await clients.s3(entry.account, entry.region), entry)) };
    } catch (error) {
      const e = error as Error;
      outcome = { entry, status: 'failed', detail: `${e.name}: ${e.message}` };
    }
    outcomes.push(outcome);
    options.onEntry?.(outcome);
  }
  if (!options.clients) clients.close();
  return { ok: outcomes.every((o) => o.status !== 'failed'), outcomes };
}

async function undoEntry(
  client: Awaited<ReturnType<S3ClientFactory['s3']>>,
  entry: UndoEntry,
): Promise<Omit<UndoOutcome, 'entry'>> {
  const owner = { ExpectedBucketOwner: entry.account };
  switch (entry.kind) {
    case 'logging': {
      const read = async () =>
        settingsOf(
          (await client.send(new GetBucketLoggingCommand({ Bucket: entry.bucket, ...owner }))).LoggingEnabled,
        );
      const wanted = settingsOf((entry.previous ?? undefined) as LoggingEnabled | undefined);
      // A pending entry whose change never happened (the step failed before S3 applied it) needs nothing.
      if (canonicalJson(await read()) === canonicalJson(wanted)) {
        return { status: 'nothing-to-do', detail: 'logging is already as it was before the apply' };
      }
      const status = entry.previous ? { LoggingEnabled: entry.previous as unknown as LoggingEnabled } : {};
      try {
        // An empty BucketLoggingStatus disables logging (PutBucketLogging API Reference).
        await client.send(
          new PutBucketLoggingCommand({ Bucket: entry.bucket, BucketLoggingStatus: status, ...owner }),
        );
      } catch (error) {
        const name = (error as Error).name;
        if (!wanted || !UNRESTORABLE.has(name)) throw error;
        // S3 validates the target on PutBucketLogging, so a previous configuration pointing at a deleted or
        // other-Region target cannot be written back. It delivered nothing; disabling is the same in effect.
        await client.send(
          new PutBucketLoggingCommand({ Bucket: entry.bucket, BucketLoggingStatus: {}, ...owner }),
        );
        if ((await read()) !== null) throw new Error(`logging of ${entry.bucket} could not be disabled`);
        return {
          status: 'disabled',
          detail: `S3 refuses the previous configuration (${wanted.targetBucket}/${wanted.targetPrefix}: ${name}), which could not deliver logs; logging disabled instead`,
        };
      }
      if (canonicalJson(await read()) !== canonicalJson(wanted)) {
        return {
          status: 'failed',
          detail: `logging of ${entry.bucket} read back differs from the previous configuration`,
        };
      }
      return {
        status: 'restored',
        detail: wanted
          ? `logging restored to ${wanted.targetBucket}/${wanted.targetPrefix}`
          : 'logging disabled again',
      };
    }
    case 'policy': {
      const current = await readPolicy(client, entry.bucket, owner);
      const same = (a: string | null, b: string | null) =>
        a === null || b === null ? a === b : canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
      if (same(current, entry.previous)) {
        return { status: 'nothing-to-do', detail: 'the policy is already as it was before the apply' };
      }
      const changedSince =
        current !== null && canonicalJson(JSON.parse(current)) !== canonicalJson(JSON.parse(entry.applied));
      if (entry.previous === null) {
        await client.send(new DeleteBucketPolicyCommand({ Bucket: entry.bucket, ...owner }));
      } else {
        await client.send(
          new PutBucketPolicyCommand({ Bucket: entry.bucket, Policy: entry.previous, ...owner }),
        );
      }
      const after = await readPolicy(client, entry.bucket, owner);
      const ok =
        entry.previous === null
          ? after === null
          : after !== null && canonicalJson(JSON.parse(after)) === canonicalJson(JSON.parse(entry.previous));
      if (!ok)
        return {
          status: 'failed',
          detail: `policy of ${entry.bucket} read back differs from the previous one`,
        };
      const note = changedSince
        ? ' (note: it had been changed after the apply; those changes are undone too)'
        : '';
      return {
        status: 'restored',
        detail: `${entry.previous === null ? 'policy removed (there was none)' : 'previous policy restored'}${note}`,
      };
    }
    case 'bucket-created': {
      try {
        await client.send(new DeleteBucketCommand({ Bucket: entry.bucket, ...owner }));
        return { status: 'deleted', detail: `deleted ${entry.bucket} (created by the apply, empty)` };
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'BucketNotEmpty') {
          return {
            status: 'kept',
            detail: `${entry.bucket} is not empty (logs were delivered): kept; delete it yourself if you wish`,
          };
        }
        if (name === 'NoSuchBucket' || name === 'NotFound') {
          return { status: 'nothing-to-do', detail: `${entry.bucket} does not exist (it was not created)` };
        }
        throw error;
      }
    }
  }
}
