/** The wire-level AWS emulator: tests, `trailguard demo`, `trailguard emulator` and the benchmarks. */

export { OPERATION_ACTIONS } from './actions.js';
export * from './api.js';
export { seededRandom } from './faults.js';
export { isActionAllowed } from './iam-match.js';
export { DEFAULT_REGIONS } from './regions.js';
export { scenario } from './scenario/builder.js';
export { loadScenarioFile } from './scenario/load.js';
export { validateScenario } from './scenario/schema.js';
export {
  DEMO_ACCOUNTS,
  DEMO_AGGREGATOR,
  DEMO_EXPECTATIONS,
  DEMO_FIX_ROLE_NAME,
  DEMO_FIXER,
  DEMO_ROLE_ARNS,
  DEMO_ROLE_NAME,
  DEMO_SCANNER,
  demoScenario,
  logDeliveryPolicy,
} from './scenarios/demo.js';
export { largeOrgScenario } from './scenarios/large-org.js';
export { localhostAgent } from './sdk-config.js';
export { startEmulator } from './server.js';
