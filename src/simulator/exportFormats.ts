import { gzipSync } from 'node:zlib';
import type { JsonObject } from './dataset.js';

/** ISO-8601 duration (PT1H2M3.5S) → seconds. */
export function durationSeconds(iso: unknown): number {
  if (typeof iso !== 'string') return 0;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(iso);
  if (!m) return 0;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

function startUtcMs(p: JsonObject): number {
  const local = Date.parse(`${String(p.start_time)}Z`);
  return local - Number(p.start_time_utc_offset ?? 0) * 60_000;
}

interface RoutePoint {
  latitude: number;
  longitude: number;
  time: string;
}

function routeOf(p: JsonObject): RoutePoint[] {
  return Array.isArray(p.route) ? (p.route as RoutePoint[]) : [];
}

export function exerciseGpx(p: JsonObject): string {
  const start = startUtcMs(p);
  const pts = routeOf(p)
    .map((r) => `<trkpt lat="${r.latitude}" lon="${r.longitude}"><time>${new Date(start + durationSeconds(r.time) * 1000).toISOString()}</time></trkpt>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="polar-flow-server simulator" xmlns="http://www.topografix.com/GPX/1/1"><metadata><time>${new Date(start).toISOString()}</time></metadata><trk><name>${String(p.sport ?? '')}</name><trkseg>${pts}</trkseg></trk></gpx>`;
}

/** Gzipped TCX, as AccessLink serves it. */
export function exerciseTcx(p: JsonObject): Buffer {
  const start = startUtcMs(p);
  const hr = p.heart_rate as { average?: number; maximum?: number } | undefined;
  const pts = routeOf(p)
    .map(
      (r) =>
        `<Trackpoint><Time>${new Date(start + durationSeconds(r.time) * 1000).toISOString()}</Time><Position><LatitudeDegrees>${r.latitude}</LatitudeDegrees><LongitudeDegrees>${r.longitude}</LongitudeDegrees></Position></Trackpoint>`,
    )
    .join('');
  const xml = `<?xml version="1.0" encoding="UTF-8"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="${p.sport === 'RUNNING' ? 'Running' : p.sport === 'CYCLING' ? 'Biking' : 'Other'}"><Id>${new Date(start).toISOString()}</Id><Lap StartTime="${new Date(start).toISOString()}"><TotalTimeSeconds>${durationSeconds(p.duration)}</TotalTimeSeconds><DistanceMeters>${Number(p.distance ?? 0)}</DistanceMeters><Calories>${Number(p.calories ?? 0)}</Calories>${hr?.average ? `<AverageHeartRateBpm><Value>${hr.average}</Value></AverageHeartRateBpm>` : ''}${hr?.maximum ? `<MaximumHeartRateBpm><Value>${hr.maximum}</Value></MaximumHeartRateBpm>` : ''}<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod><Track>${pts}</Track></Lap></Activity></Activities></TrainingCenterDatabase>`;
  return gzipSync(Buffer.from(xml, 'utf8'));
}
