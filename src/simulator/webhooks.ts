import { createHmac } from 'node:crypto';
import type { WebhookDelivery, WebhookEventInput, WebhookEventType } from './types.js';
import { isoMillis, isoSeconds } from './util.js';

/** Lowercase hex HMAC-SHA256 over the exact body bytes, keyed with the webhook's secret. */
export function signWebhook(secret: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

export interface WebhookState {
  id: string;
  events: WebhookEventType[];
  url: string;
  secret: string;
  active: boolean;
  /** Simulated instant of the first failed delivery in the current failure streak. */
  failingSince: number | null;
}

const AUTO_DEACTIVATE_MS = 7 * 86_400_000;

export class WebhookManager {
  hook: WebhookState | null = null;
  readonly deliveries: WebhookDelivery[] = [];
  private readonly inflight = new Set<AbortController>();

  constructor(
    private readonly deps: {
      now: () => number;
      baseUrl: () => string;
      timeoutMs: number;
      duplicate: boolean;
    },
  ) {}

  /** The delivery body, keys in the order Polar's examples use. */
  payload(ev: WebhookEventInput): Record<string, unknown> {
    const base = this.deps.baseUrl();
    const out: Record<string, unknown> = { event: ev.event, user_id: ev.userId };
    let url: string;
    switch (ev.event) {
      case 'EXERCISE':
        out.entity_id = ev.entityId;
        url = `${base}/v3/exercises/${ev.entityId}`;
        break;
      case 'SLEEP':
        out.date = ev.date;
        url = `${base}/v3/users/sleep/${ev.date}`;
        break;
      case 'CONTINUOUS_HEART_RATE':
        out.date = ev.date;
        url = `${base}/v3/users/continuous-heart-rate/${ev.date}`;
        break;
      case 'ACTIVITY_SUMMARY':
        out.date = ev.date;
        url = `${base}/v3/users/activities/${ev.date}`;
        break;
      case 'SLEEP_WISE_CIRCADIAN_BEDTIME':
        out.from = ev.from;
        out.to = ev.to;
        url = `${base}/v3/users/sleepwise/circadian-bedtime/date?from=${ev.from}&to=${ev.to}`;
        break;
      case 'SLEEP_WISE_ALERTNESS':
        out.from = ev.from;
        out.to = ev.to;
        url = `${base}/v3/users/sleepwise/alertness/date?from=${ev.from}&to=${ev.to}`;
        break;
      case 'PHYSICAL_INFORMATION':
        url = `${base}/v3/users/physical-info`;
        break;
    }
    out.timestamp = isoSeconds(ev.timestamp ?? this.deps.now());
    out.url = url;
    return out;
  }

  private async post(url: string, event: string, body: string, secret: string): Promise<WebhookDelivery> {
    const signature = signWebhook(secret, body);
    const ctrl = new AbortController();
    this.inflight.add(ctrl);
    const timer = setTimeout(() => ctrl.abort(), this.deps.timeoutMs);
    const record: WebhookDelivery = { event, url, body, signature, status: null, error: null, at: isoMillis(this.deps.now()) };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Polar-Webhook-Event': event, 'Polar-Webhook-Signature': signature },
        body,
        signal: ctrl.signal,
      });
      record.status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      record.error = (err as Error).name === 'AbortError' ? 'timeout' : String((err as Error).message ?? err);
    } finally {
      clearTimeout(timer);
      this.inflight.delete(ctrl);
    }
    this.deliveries.push(record);
    return record;
  }

  /** PING the URL with the given secret; Polar requires a 200. */
  async ping(url: string, secret: string): Promise<boolean> {
    const body = JSON.stringify({ timestamp: isoMillis(this.deps.now()), event: 'PING' });
    const d = await this.post(url, 'PING', body, secret);
    return d.status === 200;
  }

  async deliver(ev: WebhookEventInput): Promise<WebhookDelivery[]> {
    const hook = this.hook;
    if (!hook || !hook.active || !hook.events.includes(ev.event)) return [];
    const body = JSON.stringify(this.payload(ev));
    const out: WebhookDelivery[] = [];
    for (let i = 0; i < (this.deps.duplicate ? 2 : 1); i++) {
      const d = await this.post(hook.url, ev.event, body, hook.secret);
      out.push(d);
      if (d.status === 200) hook.failingSince = null;
      else {
        const now = this.deps.now();
        hook.failingSince ??= now;
        if (now - hook.failingSince >= AUTO_DEACTIVATE_MS) hook.active = false;
      }
    }
    return out;
  }

  async deliverAll(events: WebhookEventInput[]): Promise<WebhookDelivery[]> {
    const out: WebhookDelivery[] = [];
    for (const ev of events) out.push(...(await this.deliver(ev)));
    return out;
  }

  abortAll(): void {
    for (const c of this.inflight) c.abort();
  }
}
