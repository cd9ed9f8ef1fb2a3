import type { Finding, Report } from '../../engine/types.js';

export interface BucketPlan {
  script: string;
}

export class BucketPlans {
  constructor(readonly report: Report) {}
  planFor(_finding: Finding): BucketPlan | null {
    return null;
  }
}
