#!/usr/bin/env node
// Writes the published JSON Schema of the snapshot format from the zod schema (run `npm run build` first).
// src/inventory/schema.test.ts fails when the committed file is out of date.
import { writeFileSync } from 'node:fs';
import { inventoryJsonSchema } from '../dist/inventory/schema.js';

const file = new URL('../schemas/inventory-v1.schema.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(inventoryJsonSchema(), null, 2)}\n`);
console.log('wrote schemas/inventory-v1.schema.json');
