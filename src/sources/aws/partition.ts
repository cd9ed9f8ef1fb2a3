/** Partitions live with the AWS access layer (src/aws/partition.ts). */
export * from '../../aws/partition.js';
