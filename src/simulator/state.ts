import type { IsoDate, JsonObject, SimDataType, SimRecord, SimUserDataset } from './dataset.js';
import type { GroundTruthType, WebhookEventInput, WebhookEventType } from './types.js';
import { addDays, createRng, dateToMs, hashSeed, isoMillis, msToDate } from './util.js';


export interface DataSource {
  readonly kind: 'generator' | 'scenario';
  readonly userCount: number;
  /** Inclusive range; scenario sources ignore it. `materialize`: build every payload now (see GeneratorOptions). */
  load(index: number, from: IsoDate, to: IsoDate, options?: { materialize?: boolean }): Promise<SimUserDataset>;
  /** Latest record date, used as the default "today" for scenarios. */
  latestDate?(): IsoDate | undefined;
}

export interface Entry {
  rec: SimRecord;
  /** uploadedAt in ms */
  up: number;
}

export class TypeIndex {
  readonly list: Entry[];
  readonly byKey = new Map<string, Entry>();
  readonly byDate = new Map<IsoDate, Entry[]>();
  constructor(records: SimRecord[]) {
    this.list = records
      .map((rec) => ({ rec, up: Date.parse(rec.uploadedAt) }))
      .sort((a, b) => (a.rec.date < b.rec.date ? -1 : a.rec.date > b.rec.date ? 1 : a.rec.key < b.rec.key ? -1 : a.rec.key > b.rec.key ? 1 : 0));
    for (const e of this.list) {
      this.byKey.set(e.rec.key, e);
      const arr = this.byDate.get(e.rec.date);
      if (arr) arr.push(e);
      else this.byDate.set(e.rec.date, [e]);
    }
  }
}

/** Registered users of one world, counted as flags change (the rate limits are read on every request). */
export interface RegistrationTally {
  registered: number;
}

export class SimUser {
  private _registered = false;
  memberId: string | null = null;
  registrationMs: number | null = null;
  consent = true;
  /** (type:key) → replacement record, or null when deleted. */
  readonly overlay = new Map<string, SimRecord | null>();
  /** physical-info record keys committed through a transaction. */
  readonly committedPhysicalInfo = new Set<string>();
  private readonly indexes = new Map<GroundTruthType, TypeIndex>();

  constructor(
    readonly index: number,
    public dataset: SimUserDataset,
    private readonly tally: RegistrationTally = { registered: 0 },
  ) {}

  get registered(): boolean {
    return this._registered;
  }

  set registered(value: boolean) {
    if (value !== this._registered) this.tally.registered += value ? 1 : -1;
    this._registered = value;
  }

  get polarUserId(): number {
    return this.dataset.polarUserId;
  }

  /** Merges a dataset generated for later days (same keys replace, new ones are added). */
  extend(more: SimUserDataset): void {
    const merge = (a: SimRecord[], b: SimRecord[]): SimRecord[] => {
      const byKey = new Map(a.map((r) => [r.key, r]));
      for (const r of b) byKey.set(r.key, r);
      return [...byKey.values()];
    };
    const records = { ...this.dataset.records };
    for (const t of Object.keys(more.records) as SimDataType[]) records[t] = merge(records[t] ?? [], more.records[t]);
    const uniq = <T>(a: T[] | undefined, b: T[] | undefined): T[] => [...new Map([...(a ?? []), ...(b ?? [])].map((x) => [JSON.stringify(x), x])).values()];
    const old = this.dataset.truth;
    const add = more.truth;
    this.dataset = {
      ...this.dataset,
      records,
      physicalInfo: merge(this.dataset.physicalInfo, more.physicalInfo),
      truth: {
        ...old,
        illnessEpisodes: uniq(old.illnessEpisodes, add.illnessEpisodes),
        missingNights: uniq(old.missingNights, add.missingNights),
        timeZoneChanges: uniq(old.timeZoneChanges, add.timeZoneChanges),
        ...(old.noDataDays || add.noDataDays ? { noDataDays: uniq(old.noDataDays, add.noDataDays) } : {}),
        ...(old.offWristGaps || add.offWristGaps ? { offWristGaps: uniq(old.offWristGaps, add.offWristGaps) } : {}),
      },
    };
    this.indexes.clear();
  }

  records(type: GroundTruthType): TypeIndex {
    let idx = this.indexes.get(type);
    if (!idx) {
      const base = type === 'physicalInfo' ? this.dataset.physicalInfo : (this.dataset.records[type] ?? []);
      const out: SimRecord[] = [];
      const seen = new Set<string>();
      for (const rec of base) {
        const o = this.overlay.get(`${type}:${rec.key}`);
        seen.add(rec.key);
        if (o === null) continue;
        out.push(o ?? rec);
      }
      for (const [k, o] of this.overlay) {
        if (o && k.startsWith(`${type}:`) && !seen.has(o.key)) out.push(o);
      }
      idx = new TypeIndex(out);
      this.indexes.set(type, idx);
    }
    return idx;
  }

  putOverlay(type: GroundTruthType, key: string, rec: SimRecord | null): void {
    this.overlay.set(`${type}:${key}`, rec);
    this.indexes.delete(type);
  }
}

const EVENT_OF: Partial<Record<GroundTruthType, WebhookEventType>> = {
  exercise: 'EXERCISE',
  sleep: 'SLEEP',
  continuousHeartRate: 'CONTINUOUS_HEART_RATE',
  activity: 'ACTIVITY_SUMMARY',
  sleepwiseBedtime: 'SLEEP_WISE_CIRCADIAN_BEDTIME',
  sleepwiseAlertness: 'SLEEP_WISE_ALERTNESS',
  physicalInfo: 'PHYSICAL_INFORMATION',
};

export class SimClock {
  private anchorSim: number;
  private anchorReal: number;
  constructor(
    today: IsoDate,
    private readonly timeOfDay: string,
    private readonly realNow: () => number,
  ) {
    this.anchorSim = this.instantOf(today);
    this.anchorReal = realNow();
  }
  instantOf(date: IsoDate): number {
    return Date.parse(`${date}T${this.timeOfDay}Z`);
  }
  now(): number {
    return this.anchorSim + (this.realNow() - this.anchorReal);
  }
  today(): IsoDate {
    return msToDate(this.now());
  }
  moveTo(ms: number): void {
    this.anchorSim = ms;
    this.anchorReal = this.realNow();
  }
}

/** Holds the users' data, the clock, and the day-by-day evolution (new uploads, rescoring, deletions). */
export class DataWorld {
  readonly users: SimUser[] = [];
  private readonly byPolarId = new Map<number, SimUser>();
  private readonly tally: RegistrationTally = { registered: 0 };
  private generatedTo: IsoDate;
  private mutatedThrough: IsoDate;
  private lastScanMs: number;

  private constructor(
    readonly source: DataSource,
    readonly clock: SimClock,
    readonly seed: number,
    readonly from: IsoDate,
    private readonly mutationRate: number,
  ) {
    this.generatedTo = clock.today();
    this.mutatedThrough = clock.today();
    this.lastScanMs = clock.now();
  }

  static async create(source: DataSource, clock: SimClock, seed: number, days: number, mutationRate: number): Promise<DataWorld> {
    const today = clock.today();
    const from = addDays(today, -(Math.max(1, days) - 1));
    const world = new DataWorld(source, clock, seed, from, mutationRate);
    for (let i = 0; i < source.userCount; i++) {
      const user = new SimUser(i, await source.load(i, from, today), world.tally);
      world.users.push(user);
      if (!world.byPolarId.has(user.polarUserId)) world.byPolarId.set(user.polarUserId, user);
    }
    return world;
  }

  /** By Polar user id (the first user with that id), else by index. */
  findUser(id: number): SimUser | undefined {
    return this.byPolarId.get(id) ?? (id >= 0 && id < this.users.length ? this.users[id] : undefined);
  }

  /** By Polar user id only. */
  userByPolarId(id: number): SimUser | undefined {
    return this.byPolarId.get(id);
  }

  registeredCount(): number {
    return this.tally.registered;
  }

  /** Moves the clock; generates new days, applies the day's rescoring/deletions, and returns the
   *  webhook events for everything that became visible since the last scan. */
  async moveTo(ms: number): Promise<WebhookEventInput[]> {
    this.clock.moveTo(ms);
    const today = this.clock.today();
    if (this.source.kind === 'generator' && today > this.generatedTo) {
      // Generation is prefix-stable, so only the new days are generated and merged in. Their few
      // payloads are built at once, so the generator's state for them (the user's simulated
      // timeline, megabytes) is not kept alive by lazy payloads next to the first generation's.
      const from = addDays(this.generatedTo, 1);
      for (const u of this.users) u.extend(await this.source.load(u.index, from, today, { materialize: true }));
      this.generatedTo = today;
    }
    if (today > this.mutatedThrough) {
      for (let d = addDays(this.mutatedThrough, 1); d <= today; d = addDays(d, 1)) {
        for (const u of this.users) this.mutateDay(u, d);
      }
      this.mutatedThrough = today;
    }
    const now = this.clock.now();
    const events = now > this.lastScanMs ? this.eventsBetween(this.lastScanMs, now) : [];
    this.lastScanMs = Math.max(this.lastScanMs, now);
    return events;
  }

  private mutateDay(user: SimUser, day: IsoDate): void {
    if (this.mutationRate <= 0) return;
    const rng = createRng(hashSeed(this.seed, user.index, day, 'mutate'));
    const p = (base: number) => rng() < base * this.mutationRate;
    const at = (): string => isoMillis(dateToMs(day) + 6 * 3_600_000 + Math.floor(rng() * 600) * 60_000);
    const recent = (type: SimDataType, back: number): SimRecord[] =>
      user.records(type).list.filter((e) => e.rec.date >= addDays(day, -back) && e.rec.date < day).map((e) => e.rec);
    const pick = <T>(arr: T[]): T | undefined => arr[Math.floor(rng() * arr.length)];

    if (p(0.35)) {
      const rec = pick(recent('sleep', 3));
      if (rec && typeof rec.payload.sleep_score === 'number') {
        const delta = (rng() < 0.5 ? -1 : 1) * (1 + Math.floor(rng() * 4));
        const payload: JsonObject = { ...structuredClone(rec.payload), sleep_score: clamp(rec.payload.sleep_score + delta, 1, 100) };
        user.putOverlay('sleep', rec.key, { ...rec, payload, uploadedAt: at() });
      }
    }
    if (p(0.35)) {
      const rec = pick(recent('nightlyRecharge', 3));
      if (rec && typeof rec.payload.ans_charge === 'number') {
        const delta = (rng() < 0.5 ? -1 : 1) * Math.round(1 + rng() * 14) / 10;
        const ans = Math.round(clamp(rec.payload.ans_charge + delta, -10, 10) * 10) / 10;
        const status = ans < -5 ? 1 : ans < -1.5 ? 2 : ans <= 1.5 ? 3 : ans <= 5 ? 4 : 5;
        const payload: JsonObject = { ...structuredClone(rec.payload), ans_charge: ans, ans_charge_status: status };
        user.putOverlay('nightlyRecharge', rec.key, { ...rec, payload, uploadedAt: at() });
      }
    }
    if (p(0.08)) {
      const rec = pick(recent('exercise', 7));
      if (rec) user.putOverlay('exercise', rec.key, null);
    }
    if (p(0.03)) {
      const rec = pick(recent('sleep', 7));
      if (rec) user.putOverlay('sleep', rec.key, null);
    }
  }

  private eventsBetween(fromMs: number, toMs: number): WebhookEventInput[] {
    const events: WebhookEventInput[] = [];
    for (const u of this.users) {
      if (!u.registered) continue;
      for (const [type, event] of Object.entries(EVENT_OF) as [GroundTruthType, WebhookEventType][]) {
        const fresh = u.records(type).list.filter((e) => e.up > fromMs && e.up <= toMs);
        if (fresh.length === 0) continue;
        if (event === 'SLEEP_WISE_ALERTNESS' || event === 'SLEEP_WISE_CIRCADIAN_BEDTIME') {
          const dates = fresh.map((e) => e.rec.date).sort();
          events.push({ event, userId: u.polarUserId, from: dates[0], to: dates[dates.length - 1], timestamp: Math.max(...fresh.map((e) => e.up)) });
          continue;
        }
        for (const e of fresh) {
          const ev: WebhookEventInput = { event, userId: u.polarUserId, timestamp: e.up };
          if (event === 'EXERCISE') ev.entityId = e.rec.key;
          else if (event !== 'PHYSICAL_INFORMATION') ev.date = e.rec.date;
          events.push(ev);
        }
      }
    }
    return events.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || a.userId - b.userId);
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
