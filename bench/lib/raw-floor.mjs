// Child-process entry: the "raw floor" comparator. A bare node:http server that answers the
// benchmark's questions with plain SQL on node-postgres and JSON.stringify: no GraphQL, no auth,
// no validation. What a hand-written endpoint costs at least. Plain JavaScript, so it runs without
// a TypeScript loader, like the compiled server it is compared with.
//   GET /nights?user&from&to  scenario 1: the sleep and Nightly Recharge rows of the range
//   GET /days?user&from&to    scenario 2: one object per calendar day joining the same four
//                             records (and columns) as the GraphQL `days` query
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env['DATABASE_URL'], max: 10 });
pool.on('error', () => {});

const RANGE = `WHERE "userId" = $1 AND "date" BETWEEN $2::date AND $3::date`;
const SLEEP_SQL = `SELECT "date"::text AS "date", "sleepScore", "sleepStartTime", "sleepEndTime", "lightSleep", "deepSleep", "remSleep",
  "totalInterruptionDuration", "sleepCharge", "continuity"
  FROM "Sleep" ${RANGE} ORDER BY "date"`;
const RECHARGE_SQL = `SELECT "date"::text AS "date", "heartRateAvg", "heartRateVariabilityAvg", "breathingRateAvg", "ansCharge", "nightlyRechargeStatus"
  FROM "NightlyRecharge" ${RANGE} ORDER BY "date"`;
const DAY_SQL = {
  sleep: `SELECT "date"::text AS "date", "sleepScore", "lightSleep", "deepSleep", "remSleep", "sleepStartTime", "sleepEndTime" FROM "Sleep" ${RANGE}`,
  nightlyRecharge: `SELECT "date"::text AS "date", "heartRateVariabilityAvg", "heartRateAvg", "breathingRateAvg", "ansCharge" FROM "NightlyRecharge" ${RANGE}`,
  dailyActivity: `SELECT "date"::text AS "date", "steps", "calories", "activeCalories" FROM "DailyActivity" ${RANGE}`,
  cardioLoad: `SELECT "date"::text AS "date", "cardioLoad", "strain", "tolerance", "cardioLoadStatus" FROM "CardioLoad" ${RANGE}`,
};

async function days(params) {
  const kinds = Object.keys(DAY_SQL);
  const results = await Promise.all(kinds.map((kind) => pool.query(DAY_SQL[kind], params)));
  const byKind = kinds.map((kind, i) => [kind, new Map(results[i].rows.map(({ date, ...rest }) => [date, rest]))]);
  const out = [];
  const last = Date.parse(`${params[2]}T00:00:00Z`);
  for (let t = Date.parse(`${params[1]}T00:00:00Z`); t <= last; t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const day = { date };
    for (const [kind, rows] of byKind) day[kind] = rows.get(date) ?? null;
    out.push(day);
  }
  return out;
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const params = [url.searchParams.get('user'), url.searchParams.get('from'), url.searchParams.get('to')];
  let answer;
  if (url.pathname === '/nights') {
    answer = Promise.all([pool.query(SLEEP_SQL, params), pool.query(RECHARGE_SQL, params)]).then(([sleep, recharge]) => ({ sleep: sleep.rows, nightlyRecharge: recharge.rows }));
  } else if (url.pathname === '/days') {
    answer = days(params);
  } else {
    response.writeHead(404).end();
    return;
  }
  answer
    .then((result) => {
      const body = JSON.stringify(result);
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    })
    .catch((error) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
});
server.listen(0, '127.0.0.1', () => {
  process.send({ port: server.address().port });
});
process.on('disconnect', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
