import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'polar-flow-server'): Logger {
  return pino({ name, level });
}
