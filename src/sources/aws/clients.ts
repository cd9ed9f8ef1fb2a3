/** The AWS access layer lives in src/aws/; the collector's modules import it through this name. */
export * from '../../aws/clients.js';
