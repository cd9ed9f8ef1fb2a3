/**
 * EC2 Query DescribeRegions (AWS-WIRE-NOTES §7): enabled Regions by default, every Region with
 * AllRegions=true, filters opt-in-status / region-name / endpoint, `RegionName.N` selection.
 * No <Result> wrapper: fields sit directly under <DescribeRegionsResponse>.
 */
import { ec2Query } from '../protocols.js';
import { ec2Error, el, type Reply, xmlOk } from '../reply.js';
import { defineService, notAuthorizedMessage } from '../table.js';
import type { HandlerContext } from './context.js';

function indexed(form: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; form.has(`${prefix}.${i}`); i++) out.push(form.get(`${prefix}.${i}`) ?? '');
  return out;
}

export function describeRegions(ctx: HandlerContext, form: URLSearchParams): Reply {
  const { world, caller, req } = ctx;
  const all = form.get('AllRegions') === 'true';
  const names = indexed(form, 'RegionName');
  const filters: { name: string; values: string[] }[] = [];
  for (let i = 1; form.has(`Filter.${i}.Name`); i++) {
    filters.push({ name: form.get(`Filter.${i}.Name`) ?? '', values: indexed(form, `Filter.${i}.Value`) });
  }
  for (const f of filters) {
    if (!['opt-in-status', 'region-name', 'endpoint'].includes(f.name)) {
      return ec2Error(req, 400, 'InvalidParameterValue', `The filter '${f.name}' is invalid`);
    }
  }
  const known = new Set(world.allRegions());
  for (const n of names) {
    if (!known.has(n)) return ec2Error(req, 400, 'InvalidParameterValue', `Invalid region: ${n}`);
  }
  const rows = world
    .allRegions()
    .map((r) => ({
      name: r,
      endpoint: `ec2.${r}.amazonaws.com`,
      status: world.optInStatus(caller.account, r),
    }))
    .filter((r) => all || names.length > 0 || r.status !== 'not-opted-in')
    .filter((r) => names.length === 0 || names.includes(r.name))
    .filter((r) =>
      filters.every((f) => {
        const value = f.name === 'opt-in-status' ? r.status : f.name === 'region-name' ? r.name : r.endpoint;
        return f.values.includes(value);
      }),
    );
  const items = rows
    .map(
      (r) =>
        `<item>${el('regionName', r.name)}${el('regionEndpoint', r.endpoint)}${el('optInStatus', r.status)}</item>`,
    )
    .join('');
  return xmlOk(
    `<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">${el('requestId', req.requestId)}<regionInfo>${items}</regionInfo></DescribeRegionsResponse>`,
    200,
    { 'content-type': 'text/xml' },
  );
}

export const EC2 = defineService<URLSearchParams>({
  name: 'ec2',
  protocol: ec2Query,
  operations: { DescribeRegions: { action: 'ec2:DescribeRegions', handler: describeRegions } },
  denied: ({ callerArn, action }) => ({
    message: `You are not authorized to perform this operation. ${notAuthorizedMessage(callerArn, action)}`,
  }),
});
