import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SIM_DATA_TYPES, type IsoDate, type JsonObject, type SimDataType, type SimRecord, type SimUserDataset } from './dataset.js';
import type { DataSource } from './state.js';
import { isIsoDate, msToDate } from './util.js';

/** Local date of a UTC timestamp without zone suffix plus an offset in minutes. */
function localDate(utc: unknown, offsetMinutes: unknown): IsoDate | undefined {
  if (typeof utc !== 'string') return undefined;
  const ms = Date.parse(utc.endsWith('Z') ? utc : `${utc}Z`);
  if (Number.isNaN(ms)) return undefined;
  return msToDate(ms + (typeof offsetMinutes === 'number' ? offsetMinutes : 0) * 60_000);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Natural key and local date of a payload, per SimDataType (see README.md). */
export function keyAndDate(type: SimDataType, p: JsonObject, fileStem: string): { key: string; date: IsoDate } {
  const stemDate = isIsoDate(fileStem.slice(0, 10)) ? fileStem.slice(0, 10) : undefined;
  let key: string | undefined;
  let date: IsoDate | undefined;
  switch (type) {
    case 'sleep':
    case 'nightlyRecharge':
    case 'cardioLoad':
    case 'continuousHeartRate':
      date = str(p.date);
      key = date;
      break;
    case 'activity': {
      const samples = p.samples as JsonObject | undefined;
      date = str(samples?.date) ?? str(p.start_time)?.slice(0, 10);
      key = date;
      break;
    }
    case 'exercise':
      key = str(p.id);
      date = str(p.start_time)?.slice(0, 10);
      break;
    // SleepWise periods are dated by the local evening they start, so a PREDICTION for the
    // coming night is already visible "today".
    case 'sleepwiseAlertness':
      key = str(p.period_start_time);
      date = localDate(p.sleep_period_start_time ?? p.period_start_time, p.sleep_timezone_offset_minutes);
      break;
    case 'sleepwiseBedtime':
      key = str(p.period_start_time);
      date = localDate(p.period_start_time, p.sleep_timezone_offset_minutes);
      break;
    case 'bodyTemperature':
      key = str(p.start_time);
      date = str(p.end_time)?.slice(0, 10);
      break;
    case 'skinContacts':
      key = str(p.start_time);
      date = str(p.start_time)?.slice(0, 10);
      break;
    case 'skinTemperature':
      date = str(p.sleep_date);
      key = date;
      break;
    case 'ecg':
    case 'spo2':
      key = str(p.test_time);
      date = typeof p.test_time === 'number' ? msToDate(p.test_time * 1000 + Number(p.time_zone_offset ?? 0) * 60_000) : undefined;
      break;
  }
  date = date && isIsoDate(date) ? date : stemDate;
  if (!date) throw new Error(`scenario: cannot tell the date of a ${type} record in ${fileStem}.json`);
  return { key: key ?? `${date}#${fileStem}`, date };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`scenario: ${path}: ${(err as Error).message}`);
  }
}

function jsonFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
}

export function loadScenario(dir: string): SimUserDataset[] {
  const userDirs = readdirSync(dir)
    .filter((d) => /^\d+$/.test(d) && statSync(join(dir, d)).isDirectory())
    .sort((a, b) => Number(a) - Number(b));
  if (userDirs.length === 0) throw new Error(`scenario: no <polarUserId>/ folders in ${dir}`);
  return userDirs.map((d) => {
    const polarUserId = Number(d);
    const base = join(dir, d);
    const userInfo = (jsonFiles(base).includes('user.json') ? readJson(join(base, 'user.json')) : { 'polar-user-id': polarUserId }) as JsonObject;
    const records = Object.fromEntries(SIM_DATA_TYPES.map((t) => [t, [] as SimRecord[]])) as Record<SimDataType, SimRecord[]>;
    for (const type of SIM_DATA_TYPES) {
      const seen = new Map<string, SimRecord>();
      for (const file of jsonFiles(join(base, type))) {
        const stem = file.slice(0, -5);
        const content = readJson(join(base, type, file));
        const payloads = (Array.isArray(content) ? content : [content]) as JsonObject[];
        for (const payload of payloads) {
          const { key, date } = keyAndDate(type, payload, stem);
          const uploadedAt =
            type === 'exercise' && typeof payload.upload_time === 'string' ? payload.upload_time : `${date}T00:00:00.000Z`;
          seen.set(key, { key, date, uploadedAt, payload });
        }
      }
      records[type] = [...seen.values()];
    }
    const physicalInfo: SimRecord[] = jsonFiles(join(base, 'physicalInfo')).map((file) => {
      const payload = readJson(join(base, 'physicalInfo', file)) as JsonObject;
      const stamp = str(payload.modified) ?? str(payload.created) ?? '1970-01-01T00:00:00Z';
      return { key: file.slice(0, -5), date: stamp.slice(0, 10), uploadedAt: stamp, payload };
    });
    return {
      polarUserId,
      userInfo,
      physicalInfo,
      records,
      truth: { illnessEpisodes: [], missingNights: [], timeZoneChanges: [] },
    };
  });
}

export function scenarioSource(dir: string): DataSource {
  const datasets = loadScenario(dir);
  return {
    kind: 'scenario',
    userCount: datasets.length,
    load: (index) => Promise.resolve(structuredClone(datasets[index]!)),
    latestDate() {
      let max: IsoDate | undefined;
      for (const ds of datasets)
        for (const type of SIM_DATA_TYPES) {
          // SleepWise predictions point into the future; they must not move "today".
          if (type === 'sleepwiseBedtime' || type === 'sleepwiseAlertness') continue;
          for (const r of ds.records[type]) if (!max || r.date > max) max = r.date;
        }
      return max;
    },
  };
}
