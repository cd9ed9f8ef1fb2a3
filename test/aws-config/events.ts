/**
 * AWS Config rule events in the shapes the AWS Config Developer Guide documents ("Example Events for
 * AWS Config Rules"): the top-level event a rule's Lambda function receives, with `invokingEvent` and
 * `ruleParameters` as JSON strings, and the configuration items of an S3 bucket and a CloudTrail trail.
 */
export interface EventBase {
  account: string;
  token: string;
  ruleName?: string;
  region?: string;
  /** Rule parameters object (encoded as the JSON string Config sends). */
  params?: Record<string, unknown>;
  leftScope?: boolean;
}

function envelope(base: EventBase, invoking: Record<string, unknown>) {
  const region = base.region ?? 'us-east-1';
  const name = base.ruleName ?? 'trailguard-cloudtrail-bucket-access-logging';
  return {
    version: '1.0',
    invokingEvent: JSON.stringify(invoking),
    ruleParameters: JSON.stringify(base.params ?? {}),
    resultToken: base.token,
    eventLeftScope: base.leftScope ?? false,
    executionRoleArn: `arn:aws:iam::${base.account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    configRuleArn: `arn:aws:config:${region}:${base.account}:config-rule/config-rule-abc123`,
    configRuleName: name,
    configRuleId: 'config-rule-abc123',
    accountId: base.account,
    evaluationMode: 'DETECTIVE',
  };
}

export interface ItemOptions {
  status?:
    | 'OK'
    | 'ResourceDiscovered'
    | 'ResourceDeleted'
    | 'ResourceNotRecorded'
    | 'ResourceDeletedNotRecorded';
  captureTime?: string;
  region?: string;
}

function bucketItem(account: string, bucket: string, o: ItemOptions) {
  const deleted = o.status === 'ResourceDeleted' || o.status === 'ResourceDeletedNotRecorded';
  return {
    relatedEvents: [],
    relationships: [],
    configuration: deleted
      ? null
      : { name: bucket, owner: { displayName: null, id: 'abc' }, creationDate: '2024-01-15T09:30:00.000Z' },
    supplementaryConfiguration: deleted
      ? {}
      : { BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null } },
    tags: {},
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: o.captureTime ?? '2026-03-05T10:00:00.000Z',
    configurationStateId: 1700000000000,
    awsAccountId: account,
    configurationItemStatus: o.status ?? 'OK',
    resourceType: 'AWS::S3::Bucket',
    resourceId: bucket,
    resourceName: bucket,
    ARN: `arn:aws:s3:::${bucket}`,
    awsRegion: o.region ?? 'us-east-1',
    availabilityZone: 'Regional',
    configurationStateMd5Hash: '',
    resourceCreationTime: '2024-01-15T09:30:00.000Z',
  };
}

export function bucketChange(base: EventBase, bucket: string, o: ItemOptions = {}) {
  return envelope(base, {
    configurationItemDiff:
      o.status === 'ResourceDeleted'
        ? { changedProperties: {}, changeType: 'DELETE' }
        : { changedProperties: {}, changeType: 'UPDATE' },
    configurationItem: bucketItem(base.account, bucket, o),
    notificationCreationTime: '2026-03-05T10:00:05.000Z',
    messageType: 'ConfigurationItemChangeNotification',
    recordVersion: '1.3',
  });
}

export function oversizedBucketChange(base: EventBase, bucket: string, o: ItemOptions = {}) {
  const {
    relatedEvents: _r,
    relationships: _rel,
    configuration: _c,
    supplementaryConfiguration: _s,
    tags: _t,
    ...summary
  } = bucketItem(base.account, bucket, o);
  return envelope(base, {
    configurationItemSummary: { changeType: 'UPDATE', ...summary },
    s3DeliverySummary: {
      s3BucketLocation: 'config-bucket/AWSLogs/oversized.json.gz',
      errorCode: null,
      errorMessage: null,
    },
    notificationCreationTime: '2026-03-05T10:00:05.000Z',
    messageType: 'OversizedConfigurationItemChangeNotification',
    recordVersion: '1.0',
  });
}

export interface TrailItem extends ItemOptions {
  name: string;
  homeRegion?: string;
  bucket?: string;
  previousBucket?: string;
}

export function trailChange(base: EventBase, trail: TrailItem) {
  const home = trail.homeRegion ?? 'us-east-1';
  const arn = `arn:aws:cloudtrail:${home}:${base.account}:trail/${trail.name}`;
  const deleted = trail.status === 'ResourceDeleted';
  const configuration =
    deleted || !trail.bucket
      ? null
      : {
          name: trail.name,
          s3BucketName: trail.bucket,
          includeGlobalServiceEvents: true,
          isMultiRegionTrail: true,
          homeRegion: home,
          trailARN: arn,
          logFileValidationEnabled: true,
          hasCustomEventSelectors: false,
          hasInsightSelectors: false,
          isOrganizationTrail: false,
        };
  const changed: Record<string, unknown> = {};
  if (trail.previousBucket)
    changed['Configuration.S3BucketName'] = {
      previousValue: trail.previousBucket,
      updatedValue: deleted ? null : (trail.bucket ?? null),
      changeType: deleted ? 'DELETE' : 'UPDATE',
    };
  return envelope(base, {
    configurationItemDiff: { changedProperties: changed, changeType: deleted ? 'DELETE' : 'UPDATE' },
    configurationItem: {
      relatedEvents: [],
      relationships: [],
      configuration,
      supplementaryConfiguration: {},
      tags: {},
      configurationItemVersion: '1.3',
      configurationItemCaptureTime: trail.captureTime ?? '2026-03-05T11:00:00.000Z',
      configurationStateId: 1700000000001,
      awsAccountId: base.account,
      configurationItemStatus: trail.status ?? 'OK',
      resourceType: 'AWS::CloudTrail::Trail',
      resourceId: trail.name,
      resourceName: trail.name,
      ARN: arn,
      awsRegion: home,
      availabilityZone: 'Not Applicable',
      configurationStateMd5Hash: '',
    },
    notificationCreationTime: '2026-03-05T11:00:05.000Z',
    messageType: 'ConfigurationItemChangeNotification',
    recordVersion: '1.3',
  });
}

export function scheduled(base: EventBase, time = '2026-03-02T00:00:00.000Z') {
  return envelope(base, {
    awsAccountId: base.account,
    notificationCreationTime: time,
    messageType: 'ScheduledNotification',
    recordVersion: '1.0',
  });
}
