import { InputError } from '../errors.js';
import type { Inventory } from './model.js';

export function parseInventory(data: unknown, file: string): Inventory {
  if (!data || typeof data !== 'object') throw new InputError(`snapshot ${file}: expected an object`);
  return data as Inventory;
}
