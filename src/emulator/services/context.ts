import type { EmuRequest } from '../reply.js';
import type { Caller, World } from '../world.js';

/** What every service handler gets once the request is authenticated, counted and past faults/allow-list. */
export interface HandlerContext {
  world: World;
  req: EmuRequest;
  caller: Caller;
  operation: string;
  /** The IAM action of the operation (null when none is needed). */
  action: string | null;
}
