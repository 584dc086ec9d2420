// Child-process entry: the "raw floor" comparator. A bare node:http server that answers the
// benchmark's raw-data question with two SQL queries on node-postgres and JSON.stringify: no
// GraphQL, no auth, no validation. What a hand-written endpoint costs at least.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env['DATABASE_URL'], max: 10 });
pool.on('error', () => {});

const SLEEP_SQL = `SELECT "date"::text AS "date", "sleepScore", "sleepStartTime", "sleepEndTime", "lightSleep", "deepSleep", "remSleep",
  "totalInterruptionDuration", "sleepCharge", "continuity"
  FROM "Sleep" WHERE "userId" = $1 AND "date" BETWEEN $2::date AND $3::date ORDER BY "date"`;
const RECHARGE_SQL = `SELECT "date"::text AS "date", "heartRateAvg", "heartRateVariabilityAvg", "breathingRateAvg", "ansCharge", "nightlyRechargeStatus"
  FROM "NightlyRecharge" WHERE "userId" = $1 AND "date" BETWEEN $2::date AND $3::date ORDER BY "date"`;

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname !== '/nights') {
    response.writeHead(404).end();
    return;
  }
  const params = [url.searchParams.get('user'), url.searchParams.get('from'), url.searchParams.get('to')];
  Promise.all([pool.query(SLEEP_SQL, params), pool.query(RECHARGE_SQL, params)])
    .then(([sleep, recharge]) => {
      const body = JSON.stringify({ sleep: sleep.rows, nightlyRecharge: recharge.rows });
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    })
    .catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
});
server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
