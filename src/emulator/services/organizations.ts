/**
 * Organizations JSON 1.1: DescribeOrganization (any member) and ListAccounts (management account only),
 * and its operation table.
 */
import { type JsonInput, json11 } from '../protocols.js';
import { jsonError, jsonOk, type Reply } from '../reply.js';
import { defineService } from '../table.js';
import type { HandlerContext } from './context.js';
import { decodePageToken, pageOf } from './page-token.js';

const JOINED = 1_672_531_200; // 2023-01-01, epoch seconds (JSON timestamps must be numbers).

function notInUse(): Reply {
  return jsonError(
    404,
    'AWSOrganizationsNotInUseException',
    'Your account is not a member of an organization.',
  );
}

export function describeOrganization(ctx: HandlerContext): Reply {
  const { world, caller } = ctx;
  const org = world.organization;
  if (!org || !world.inOrganization(caller.account)) return notInUse();
  const mgmt = world.accounts.get(org.managementAccount);
  return jsonOk({
    Organization: {
      Id: org.id,
      Arn: `arn:aws:organizations::${org.managementAccount}:organization/${org.id}`,
      FeatureSet: 'ALL',
      MasterAccountArn: `arn:aws:organizations::${org.managementAccount}:account/${org.id}/${org.managementAccount}`,
      MasterAccountId: org.managementAccount,
      MasterAccountEmail: mgmt?.email ?? `${mgmt?.name ?? 'management'}@example.com`,
    },
  });
}

export function listAccounts(ctx: HandlerContext, input: JsonInput): Reply {
  const { world, caller } = ctx;
  const org = world.organization;
  if (!org || !world.inOrganization(caller.account)) return notInUse();
  if (caller.account !== org.managementAccount) {
    return jsonError(
      403,
      'AccessDeniedException',
      'You don\u2019t have permissions to access this resource. This operation can be called only from the organization\u2019s management account or by a member account that is a delegated administrator.',
    );
  }
  const max = input.MaxResults;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 20)) {
    return jsonError(400, 'InvalidInputException', 'MaxResults must be between 1 and 20.');
  }
  const page = Math.min(typeof max === 'number' ? max : 20, world.pageSizes.listAccounts ?? 20);
  const start = typeof input.NextToken === 'string' ? decodePageToken(input.NextToken) : 0;
  if (start === undefined)
    return jsonError(400, 'InvalidInputException', 'You specified an invalid value for nextToken.');
  const accounts = world.orgAccounts();
  const { page: slice, nextToken } = pageOf(accounts, start, page);
  return jsonOk({
    Accounts: slice.map((a) => ({
      Id: a.id,
      Arn: `arn:aws:organizations::${org.managementAccount}:account/${org.id}/${a.id}`,
      Email: a.email ?? `${a.name}@example.com`,
      Name: a.name,
      Status: 'ACTIVE',
      State: 'ACTIVE',
      JoinedMethod: a.id === org.managementAccount ? 'CREATED' : 'INVITED',
      JoinedTimestamp: JOINED,
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

export const ORGANIZATIONS_TARGET = /^AWSOrganizationsV20161128\.(\w+)$/;

export const ORGANIZATIONS = defineService<JsonInput>({
  name: 'organizations',
  protocol: json11(ORGANIZATIONS_TARGET),
  global: true,
  errors: {
    throttle: {
      status: 400,
      code: 'TooManyRequestsException',
      message:
        'AWS Organizations can\u2019t complete your request because another request is already in progress. Try again later.',
    },
    server500: {
      status: 500,
      code: 'ServiceException',
      message: 'The request processing has failed because of an unknown error.',
    },
  },
  operations: {
    DescribeOrganization: {
      action: 'organizations:DescribeOrganization',
      handler: (ctx) => describeOrganization(ctx),
    },
    ListAccounts: { action: 'organizations:ListAccounts', handler: listAccounts },
  },
});
