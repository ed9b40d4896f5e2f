import { Writable } from 'node:stream';
import { createLogger, type LogFormat, type Logger, type LogLevel } from '../../src/adapters/log/logger';

export interface LogCapture {
  logger: Logger;
  /** Every line written so far, as written. */
  text: () => string;
  /** The JSON lines parsed (json format only). */
  records: () => Record<string, unknown>[];
}

/** A logger configured as in production, writing into memory instead of stderr. */
export function captureLog(format: LogFormat = 'json', level: LogLevel = 'info'): LogCapture {
  let text = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return {
    logger: createLogger({ level, format }, sink),
    text: () => text,
    records: () => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** The JSON log lines in a child process's stderr (other lines, such as `reckon: …` errors, are skipped). */
export function jsonLines(stderr: string): Record<string, unknown>[] {
  return stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}
