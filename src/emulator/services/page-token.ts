/**
 * Opaque NextToken values of the JSON services: an offset into the answer and, for the pages of a
 * query kept on the server (SelectAggregateResourceConfig), the query's id. A token is never the same
 * twice in a row, so the SDK's paginators end (AWS-WIRE-NOTES §1.4).
 */
const OFFSET = /^emulator-page:(\d+)$/;
const QUERY = /^emulator-query:(\d+):(\d+)$/;

export function encodePageToken(offset: number, queryId?: string): string {
  const text = queryId === undefined ? `emulator-page:${offset}` : `emulator-query:${queryId}:${offset}`;
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The offset of a token without a query id; undefined for anything else. */
export function decodePageToken(token: string): number | undefined {
  const m = OFFSET.exec(Buffer.from(token, 'base64').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

/** The query id and offset of a query's page token; undefined for anything else. */
export function decodeQueryPageToken(token: string): { queryId: string; offset: number } | undefined {
  const m = QUERY.exec(Buffer.from(token, 'base64').toString('utf8'));
  return m ? { queryId: m[1] as string, offset: Number(m[2]) } : undefined;
}

/** The page of `items` from `start`, and the next page's token when items are left. */
export function pageOf<T>(
  items: readonly T[],
  start: number,
  size: number,
  queryId?: string,
): { page: T[]; nextToken: string | undefined } {
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return { page, nextToken: end < items.length ? encodePageToken(end, queryId) : undefined };
}
