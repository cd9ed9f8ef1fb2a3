import { InputError } from '../../errors.js';
import { jsonFileProblem, readJsonFile } from '../../sources/json-file.js';
import type { ScenarioSpec } from '../api.js';
import { validateScenario } from './schema.js';

/** A scenario is trusted test input, but a FIFO or /dev/zero given by mistake must not hang the emulator. */
const MAX_SCENARIO_BYTES = 512 * 1024 * 1024;

/** Read and validate a JSON scenario file (InputError, one line, on any problem). */
export async function loadScenarioFile(path: string): Promise<ScenarioSpec> {
  const read = await readJsonFile(path, MAX_SCENARIO_BYTES);
  switch (read.kind) {
    case 'json':
      return validateScenario(read.value, path);
    case 'not-json':
      throw new InputError(`scenario file ${path} is not valid JSON: ${read.message.split('\n')[0]}`);
    case 'error':
      throw new InputError(`cannot read scenario file ${path}: ${read.error.code ?? 'error'}`);
    default:
      throw new InputError(`cannot read scenario file ${path}: ${jsonFileProblem(read, MAX_SCENARIO_BYTES)}`);
  }
}
