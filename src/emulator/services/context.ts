import type { EmuRequest } from '../reply.js';
import type { Caller, World } from '../world.js';

/** An `importFailure` fault that fired: the first `count` findings of the request fail with `errorCode`. */
export interface ImportFault {
  errorCode: string;
  count: number;
}

/** What every service handler gets once the request is authenticated, counted and past faults/allow-list. */
export interface HandlerContext {
  world: World;
  req: EmuRequest;
  caller: Caller;
  operation: string;
  /** The IAM action of the operation (null when none is needed). */
  action: string | null;
  /**
   * A partial-failure fault that fired for this request: an answer of the operation itself (200 with
   * FailedFindings), not an error, so only the handler can give it (Security Hub BatchImportFindings).
   */
  partialFailure?: ImportFault;
}
