// Child-process entry: polar-flow-server as users run it — the compiled build (dist/, `npm run
// build`), not the TypeScript sources through a loader — on a loopback port, against the
// DATABASE_URL of its environment. Reports its port over IPC; exits when the parent disconnects.
import { loadEnv } from '../../dist/src/env.js';
import { startServer } from '../../dist/src/server.js';

const env = loadEnv({ ...process.env, PORT: '0', LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn', SYNC_INTERVAL_MINUTES: '0' });
const server = await startServer(env, { port: 0 });
process.send({ port: server.port });
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
