/**
 * An AWS Config rule event read from a file (`trailguard aws-config invoke --event FILE`), for running the
 * handler outside Lambda: bounded like every JSON input, each failure one line naming the file.
 */
import { InputError } from '../../errors.js';
import { readJsonFile } from '../../sources/json-file.js';

/** A Lambda event is at most 6 MB (synchronous invocation payload); a larger file is not an event. */
const MAX_EVENT_BYTES = 6 * 1024 * 1024;

/** The JSON value of the event file (checked as an event by the handler's parseEvent). */
export async function readEventFile(file: string): Promise<unknown> {
  const read = await readJsonFile(file, MAX_EVENT_BYTES);
  switch (read.kind) {
    case 'json':
      return read.value;
    case 'not-json':
      throw new InputError(`${file}: not valid JSON (${read.message})`);
    case 'not-regular':
      throw new InputError(`${file}: not a regular file`);
    case 'too-large':
    case 'too-long':
      throw new InputError(`${file}: ${read.size} bytes, more than a Lambda event can be (6 MB)`);
    case 'error':
      throw new InputError(`${file}: cannot read (${read.error.code ?? read.error.message})`);
  }
}
