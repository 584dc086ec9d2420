// The DateTime scalar writes strings already in toISOString() form as they are (the health loaders
// read timestamps that way) and serialises everything else as graphql-scalars' DateTime does.
import { DateTimeResolver } from 'graphql-scalars';
import { describe, expect, it } from 'vitest';
import { DateTimeScalar, isIsoUtcTimestamp } from '../../src/graphql/dates.js';

describe('DateTime scalar', () => {
  it('passes toISOString() strings through unchanged', () => {
    for (const text of ['2025-09-04T03:41:54.000Z', '2024-02-29T23:59:59.999Z', '1000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      expect(isIsoUtcTimestamp(text)).toBe(true);
      expect(DateTimeScalar.serialize(text)).toBe(text);
      expect(JSON.stringify(DateTimeScalar.serialize(text))).toBe(JSON.stringify(DateTimeResolver.serialize(text)));
    }
  });

  it('leaves other strings, Dates and numbers to graphql-scalars', () => {
    for (const text of ['2025-09-04T03:41:54Z', '2025-09-04T05:41:54.000+02:00', '2025-09-04t03:41:54.000z']) {
      expect(isIsoUtcTimestamp(text)).toBe(false);
      expect(DateTimeScalar.serialize(text)).toEqual(DateTimeResolver.serialize(text));
    }
    const date = new Date('2025-09-04T03:41:54.120Z');
    expect(DateTimeScalar.serialize(date)).toBe(date);
    expect(DateTimeScalar.serialize(0)).toEqual(DateTimeResolver.serialize(0));
  });

  it('rejects impossible calendar days as graphql-scalars does', () => {
    for (const text of ['2025-02-29T00:00:00.000Z', '2025-04-31T00:00:00.000Z', '1900-02-29T00:00:00.000Z']) {
      expect(isIsoUtcTimestamp(text)).toBe(false);
      expect(() => DateTimeScalar.serialize(text)).toThrow();
    }
    expect(isIsoUtcTimestamp('2000-02-29T00:00:00.000Z')).toBe(true);
  });
});
