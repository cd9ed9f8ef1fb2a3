/** Conversions between S3 API shapes and the plan's data, and a canonical JSON for comparisons. */
import type { LoggingEnabled } from '@aws-sdk/client-s3';
import type { LoggingSettings } from './types.js';

/** JSON with sorted object keys: two documents that parse to the same data compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function settingsOf(enabled: LoggingEnabled | undefined): LoggingSettings | null {
  if (!enabled?.TargetBucket) return null;
  return {
    targetBucket: enabled.TargetBucket,
    targetPrefix: enabled.TargetPrefix ?? '',
    partitioned: Boolean(enabled.TargetObjectKeyFormat?.PartitionedPrefix),
  };
}

export function sameLogging(a: LoggingSettings | null, b: LoggingSettings | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.targetBucket === b.targetBucket && a.targetPrefix === b.targetPrefix && a.partitioned === b.partitioned
  );
}

export function loggingEnabledFor(settings: LoggingSettings): LoggingEnabled {
  const enabled: LoggingEnabled = {
    TargetBucket: settings.targetBucket,
    TargetPrefix: settings.targetPrefix,
  };
  // EventTime: keys are partitioned by the time of the logged request (PutBucketLogging, PartitionedPrefix).
  if (settings.partitioned)
    enabled.TargetObjectKeyFormat = { PartitionedPrefix: { PartitionDateSource: 'EventTime' } };
  return enabled;
}
