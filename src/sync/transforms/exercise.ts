// GET /v3/exercises[/{id}] → Exercise (+ ExerciseSamples for `samples` and `route`). `raw` is the
// payload without samples and route; heart-rate zones stay in `raw` and get a column too.
import { isoDurationToSeconds, type Exercise } from '../../polar/index.js';
import type { TableSpec } from '../../db/upsert.js';
import { localDateOf, parseInstant } from '../dates.js';
import { bool, dateColumn, dense, float, int, obj, optionalInstant, str, TransformError, withDense, withoutDense, type Json, type Transform } from './common.js';

const DETAIL_KEYS = ['samples', 'route'] as const;

/** True when the payload carries the detail blocks (fetched with samples/zones/route flags). */
export function hasExerciseDetails(p: Json): boolean {
  return 'samples' in p || 'route' in p || 'heart_rate_zones' in p;
}

export const exerciseTransform: Transform<Exercise> = {
  table: {
    table: 'Exercise',
    conflict: ['userId', 'polarExerciseId'],
    insertOnly: ['detailsFetchedAt'],
    columns: {
      userId: 'uuid',
      polarExerciseId: 'text',
      date: 'date',
      startTime: 'timestamptz',
      startTimeUtcOffset: 'int',
      uploadTime: 'timestamptz',
      device: 'text',
      deviceId: 'text',
      durationSeconds: 'float',
      calories: 'int',
      distance: 'float',
      heartRateAverage: 'int',
      heartRateMaximum: 'int',
      trainingLoad: 'float',
      sport: 'text',
      detailedSportInfo: 'text',
      hasRoute: 'bool',
      clubId: 'bigint',
      clubName: 'text',
      fatPercentage: 'int',
      carbohydratePercentage: 'int',
      proteinPercentage: 'int',
      runningIndex: 'int',
      heartRateZones: 'jsonb',
      tlpCardioLoad: 'float',
      tlpMuscleLoad: 'float',
      tlpPerceivedLoad: 'float',
      tlpCardioLoadInterpretation: 'text',
      tlpMuscleLoadInterpretation: 'text',
      tlpPerceivedLoadInterpretation: 'text',
      tlpUserRpe: 'text',
      detailsFetchedAt: 'timestamptz',
      raw: 'jsonb',
    },
  },
  keyOf: (row) => String(row['polarExerciseId']),
  toRow(p, userId) {
    if (typeof p.start_time !== 'string') throw new TransformError('start_time: missing');
    const offset = int(p.start_time_utc_offset) ?? 0;
    const start = parseInstant(p.start_time, offset);
    if (!start) throw new TransformError('start_time: invalid date-time');
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(p.start_time);
    const localDate = hasZone ? localDateOf(start, offset) : p.start_time.slice(0, 10);
    const hr = obj(p.heart_rate);
    const tlp = obj(p.training_load_pro);
    const clubId = typeof p.club_id === 'number' && Number.isInteger(p.club_id) ? BigInt(p.club_id) : null;
    return {
      userId,
      polarExerciseId: p.id,
      date: dateColumn(localDate),
      startTime: start,
      startTimeUtcOffset: offset,
      uploadTime: optionalInstant(p.upload_time),
      device: str(p.device),
      deviceId: str(p.device_id),
      durationSeconds: float(isoDurationToSeconds(p.duration)),
      calories: int(p.calories),
      distance: float(p.distance),
      heartRateAverage: int(hr?.['average']),
      heartRateMaximum: int(hr?.['maximum']),
      trainingLoad: float(p.training_load),
      sport: str(p.sport),
      detailedSportInfo: str(p.detailed_sport_info),
      hasRoute: bool(p.has_route),
      clubId,
      clubName: str(p.club_name),
      fatPercentage: int(p.fat_percentage),
      carbohydratePercentage: int(p.carbohydrate_percentage),
      proteinPercentage: int(p.protein_percentage),
      runningIndex: int(p['running-index']),
      heartRateZones: dense(p.heart_rate_zones),
      tlpCardioLoad: float(tlp?.['cardio-load']),
      tlpMuscleLoad: float(tlp?.['muscle-load']),
      tlpPerceivedLoad: float(tlp?.['perceived-load']),
      tlpCardioLoadInterpretation: str(tlp?.['cardio-load-interpretation']),
      tlpMuscleLoadInterpretation: str(tlp?.['muscle-load-interpretation']),
      tlpPerceivedLoadInterpretation: str(tlp?.['perceived-load-interpretation']),
      tlpUserRpe: str(tlp?.['user-rpe']),
      detailsFetchedAt: null,
      raw: withoutDense(p as Json, DETAIL_KEYS),
    };
  },
  /** Summary + zones; add samples/route from ExerciseSamples with `exerciseFullPayload`. */
  toPayload: (row) => withDense(row['raw'], {}),
};

export const exerciseSamplesTable: TableSpec = {
  table: 'ExerciseSamples',
  conflict: ['exerciseId'],
  columns: { exerciseId: 'uuid', userId: 'uuid', samples: 'jsonb', route: 'jsonb' },
};

/** The ExerciseSamples columns of a payload fetched with details. */
export function exerciseSamplesOf(p: Json): { samples: unknown; route: unknown } {
  return { samples: dense(p['samples']), route: dense(p['route']) };
}

/** The exercise payload in its fullest form: Exercise row + its ExerciseSamples row. */
export function exerciseFullPayload(row: Json, samplesRow: Json | null | undefined): Json {
  return withDense(row['raw'], { samples: samplesRow?.['samples'], route: samplesRow?.['route'] });
}
