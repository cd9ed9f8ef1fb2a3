/** Opaque NextToken values for the JSON services: an offset, never the same token twice in a row. */
export function encodePageToken(offset: number): string {
  return Buffer.from(`emulator-page:${offset}`, 'utf8').toString('base64');
}

export function decodePageToken(token: string): number | undefined {
  const m = /^emulator-page:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}
