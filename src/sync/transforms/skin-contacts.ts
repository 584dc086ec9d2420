// GET /v3/users/biosensing/skincontacts → SkinContact (changes in their own column). UTC times.
import type { SkinContacts } from '../../polar/index.js';
import { toIsoDate } from '../dates.js';
import { dateColumn, instantKey, optionalInstant, requireInstant, str, withoutDense, type Json, type Transform } from './common.js';

export const skinContactsTransform: Transform<SkinContacts> = {
  table: {
    table: 'SkinContact',
    conflict: ['userId', 'startTime'],
    columns: {
      userId: 'uuid',
      date: 'date',
      startTime: 'timestamptz',
      endTime: 'timestamptz',
      modifiedTime: 'timestamptz',
      sourceDeviceId: 'text',
      changes: 'jsonb',
      raw: 'jsonb',
    },
  },
  keyOf: (row) => instantKey(row['startTime']),
  toRow(p, userId) {
    const start = requireInstant(p.start_time, 'start_time');
    return {
      userId,
      date: dateColumn(toIsoDate(start)),
      startTime: start,
      endTime: optionalInstant(p.end_time),
      modifiedTime: optionalInstant(p.modified_time),
      sourceDeviceId: str(p.source_device_id),
      changes: Array.isArray(p.skin_contact_changes) ? p.skin_contact_changes : [],
      raw: withoutDense(p as Json, ['skin_contact_changes']),
    };
  },
  toPayload(row) {
    const raw = { ...((row['raw'] as Json | null) ?? {}) };
    if (!('skin_contact_changes' in raw)) raw['skin_contact_changes'] = row['changes'] ?? [];
    return raw;
  },
};
