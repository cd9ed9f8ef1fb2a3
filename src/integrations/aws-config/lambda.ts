/**
 * The Lambda entry point of the AWS Config custom rule: `index.handler` in the bundle that
 * `npm run bundle:lambda` writes (scripts/bundle-lambda.mjs).
 */
export { handler } from './handler.js';
