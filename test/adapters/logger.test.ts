import { describe, expect, it } from 'vitest';
import { logSettingsFromEnv } from '../../src/adapters/log/logger';
import { captureLog } from '../helpers/logCapture';

describe('the logger', () => {
  it('writes one JSON object per line: ISO time, level by name, the bound context and the message', () => {
    const log = captureLog();
    log.logger.child({ runKey: 'close-2026-10-all-r1', jobId: 'emit-2026-10-all-r1' }).info({ durationMs: 12 }, 'emit-statements completed in 12 ms');
    const [line] = log.records();
    expect(line).toMatchObject({ level: 'info', runKey: 'close-2026-10-all-r1', jobId: 'emit-2026-10-all-r1', durationMs: 12, msg: 'emit-statements completed in 12 ms' });
    expect(line!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(log.text().split('\n')).toHaveLength(2);
  });

  it('never writes a secret: URLs lose their password, secret keys their value, at the top level and one down', () => {
    const log = captureLog();
    log.logger.info({
      redisUrl: 'redis://:s3cret-redis@10.0.0.5:6379/2',
      config: { databaseUrl: 'postgres://reckon:s3cret-pg@db.internal:5432/reckon', password: 's3cret-pw' },
      token: 's3cret-token', secret: 's3cret-secret',
    }, 'connecting to redis://:s3cret-msg@10.0.0.5:6379');
    const text = log.text();
    expect(text).not.toMatch(/s3cret/);
    expect(log.records()[0]).toMatchObject({
      redisUrl: 'redis://:***@10.0.0.5:6379/2',
      config: { databaseUrl: 'postgres://reckon:***@db.internal:5432/reckon', password: '[redacted]' },
      token: '[redacted]', secret: '[redacted]',
      msg: 'connecting to redis://:***@10.0.0.5:6379',
    });
  });

  it('writes one readable line per event in the pretty format, without pid and host', () => {
    const log = captureLog('pretty');
    log.logger.child({ jobId: 'compute-2026-10-all-r1-P1' }).warn({ redisUrl: 'redis://:pw@h:6379' }, 'compute-partners failed, will retry: boom');
    const lines = log.text().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] WARN: compute-partners failed, will retry: boom \{.*"jobId":"compute-2026-10-all-r1-P1".*\}$/);
    expect(lines[0]).toContain('redis://:***@h:6379');
    expect(lines[0]).not.toMatch(/"pid"|"hostname"|pw@/);
  });

  it('takes its level and format from RECKON_LOG_LEVEL and RECKON_LOG_FORMAT: info, and pretty only on a terminal, by default', () => {
    expect(logSettingsFromEnv({}, false)).toEqual({ level: 'info', format: 'json' });
    expect(logSettingsFromEnv({}, true)).toEqual({ level: 'info', format: 'pretty' });
    expect(logSettingsFromEnv({ RECKON_LOG_LEVEL: 'debug', RECKON_LOG_FORMAT: 'json' }, true)).toEqual({ level: 'debug', format: 'json' });
    expect(() => logSettingsFromEnv({ RECKON_LOG_LEVEL: 'verbose' }, false)).toThrow(expect.objectContaining({ code: 'CBC.0100', message: expect.stringContaining('RECKON_LOG_LEVEL "verbose" is not a log level') }));
    expect(() => logSettingsFromEnv({ RECKON_LOG_FORMAT: 'xml' }, false)).toThrow(/RECKON_LOG_FORMAT "xml" is not a log format \(json or pretty\)/);
  });

  it('leaves out lines below its level', () => {
    const log = captureLog('json', 'warn');
    log.logger.info('not shown');
    log.logger.warn('shown');
    expect(log.records().map((r) => r.msg)).toEqual(['shown']);
  });
});
