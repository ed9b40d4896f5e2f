import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { redactUrl } from '../redactUrl';

export type { Logger };

/**
 * The process's logger, configured here and nowhere else: pino on stderr (stdout carries the
 * commands' results), one JSON object per line for log collectors, or one readable line per
 * event on a terminal. Both write synchronously: a worker ends with process.exit() on a second
 * signal or a shutdown deadline, and its last lines must not be lost on the way (a worker-thread
 * transport would also keep the process alive and deliver lines late).
 */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogSettings {
  level: LogLevel;
  format: LogFormat;
}

/**
 * Keys whose values never reach a log line, at the top level and one level down (`{ config: {
 * redisUrl } }`). A URL keeps everything but its password, so a line still says which server;
 * anything else is replaced whole.
 */
const SECRET_KEYS = ['password', 'token', 'secret', 'redisUrl', 'databaseUrl'] as const;
const URL_KEYS = new Set<string>(['redisUrl', 'databaseUrl']);
const REDACTED = '[redacted]';

function censor(value: unknown, path: string[]): unknown {
  const key = path[path.length - 1] ?? '';
  return URL_KEYS.has(key) && typeof value === 'string' ? redactUrl(value) : REDACTED;
}

/** RECKON_LOG_LEVEL (default info) and RECKON_LOG_FORMAT (default: pretty on a terminal, else json). */
export function logSettingsFromEnv(env: NodeJS.ProcessEnv, stderrIsTerminal: boolean): LogSettings {
  const level = (env.RECKON_LOG_LEVEL || 'info').trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw settingError(`RECKON_LOG_LEVEL "${env.RECKON_LOG_LEVEL}" is not a log level (${LOG_LEVELS.join(', ')})`);
  }
  const format = (env.RECKON_LOG_FORMAT || (stderrIsTerminal ? 'pretty' : 'json')).trim().toLowerCase();
  if (!(LOG_FORMATS as readonly string[]).includes(format)) {
    throw settingError(`RECKON_LOG_FORMAT "${env.RECKON_LOG_FORMAT}" is not a log format (${LOG_FORMATS.join(' or ')})`);
  }
  return { level: level as LogLevel, format: format as LogFormat };
}

/** A wrong setting is the user's to fix: the CLI prints it as one `reckon: [CBC.0100] …` line. */
function settingError(message: string): Error {
  return Object.assign(new Error(message), { code: 'CBC.0100' });
}

/**
 * A logger with `settings`, writing to `destination` (default stderr). Tests pass a stream of
 * their own to read the lines back.
 */
export function createLogger(settings: LogSettings, destination?: DestinationStream | NodeJS.WritableStream): Logger {
  const options: pino.LoggerOptions = {
    level: settings.level,
    timestamp: pino.stdTimeFunctions.isoTime,
    // "level":"warn" rather than 40: a person reading the JSON, or jq, need no table.
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: SECRET_KEYS.flatMap((key) => [key, `*.${key}`]), censor },
    hooks: {
      // Messages are composed from URLs and error texts too: a password in one never gets out.
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactUrl(arg) : arg)) as Parameters<typeof method>);
      },
    },
  };
  if (settings.format === 'pretty') {
    const stream = pretty({
      sync: true,
      destination: destination ?? 2,
      colorize: destination === undefined && process.stderr.isTTY === true,
      singleLine: true,
      translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
      ignore: 'pid,hostname',
    });
    return pino(options, stream);
  }
  return pino(options, (destination as DestinationStream | undefined) ?? pino.destination({ fd: 2, sync: true }));
}

/** A logger that writes nothing: library callers that did not ask for lines get none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

let processLogger: Logger | undefined;

/** The logger of this process, from the environment (made on first use, then shared). */
export function processLog(): Logger {
  processLogger ??= createLogger(logSettingsFromEnv(process.env, process.stderr.isTTY === true));
  return processLogger;
}
