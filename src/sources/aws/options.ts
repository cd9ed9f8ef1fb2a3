/** The options of a live scan live with the AWS access layer (src/aws/options.ts). */
export * from '../../aws/options.js';
