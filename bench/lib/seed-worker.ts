// worker_threads entry of the seeder: generates + transforms + encodes the users of each job and
// posts the encoded rows back; the main thread writes them (seed.ts), so a worker never waits for
// the database and the CPU stays busy with generation while PostgreSQL works on earlier jobs.
import { parentPort, workerData } from 'node:worker_threads';
import { userRows, type TypeSet, type UserRows } from './seed-rows.js';

export interface SeedWorkerData {
  seed: number;
  from: string;
  to: string;
  types: TypeSet;
}
export interface SeedJob {
  users: { userIndex: number; userId: string }[];
}
export type SeedReply = { kind: 'rows'; data: UserRows[] } | { kind: 'error'; userIndex: number; message: string };

const config = workerData as SeedWorkerData;

parentPort!.on('message', (message: SeedJob) => {
  let current = -1;
  try {
    const data: UserRows[] = [];
    for (const user of message.users) {
      current = user.userIndex;
      data.push(userRows({ seed: config.seed, userIndex: user.userIndex, userId: user.userId, from: config.from, to: config.to, types: config.types }));
    }
    parentPort!.postMessage({ kind: 'rows', data } satisfies SeedReply);
  } catch (error) {
    parentPort!.postMessage({ kind: 'error', userIndex: current, message: (error as Error).stack ?? String(error) } satisfies SeedReply);
  }
});
