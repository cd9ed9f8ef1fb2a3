import { readFile } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import type { ScenarioSpec } from '../api.js';
import { validateScenario } from './schema.js';

/** Read and validate a JSON scenario file (InputError, one line, on any problem). */
export async function loadScenarioFile(path: string): Promise<ScenarioSpec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read scenario file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `scenario file ${path} is not valid JSON: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  return validateScenario(value, path);
}
