// Structured logs (pino): one JSON line per event, which is what a province's
// log collection expects. Never log ID numbers or tokens.
import pino from 'pino';

export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'assist-hub' },
    redact: { paths: ['req.headers.authorization', '*.idNumber', '*.token'], censor: '[redacted]' },
  });
}

export type Logger = ReturnType<typeof createLogger>;
