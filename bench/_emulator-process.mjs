// Helper of the benches (not a bench: run.mjs skips files starting with `_`): serves the scenario in
// the JSON file argv[2] in this separate process, so the emulator's memory and CPU are not the
// scanner's. Talks over the fork IPC channel: sends { endpoint, credentials } (of the scenario's first
// account) when listening; answers 'counters' with the requests by operation; 'stop' stops it.
import { readFileSync } from 'node:fs';

const { startEmulator } = await import('../dist/emulator/index.js');
const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const handle = await startEmulator(spec);
process.send({ endpoint: handle.endpoint, credentials: handle.credentialsFor(spec.accounts[0].id) });
process.on('message', async (message) => {
  if (message === 'counters') process.send({ byOperation: handle.counters.byOperation() });
  if (message === 'stop') {
    await handle.stop();
    process.disconnect();
  }
});
