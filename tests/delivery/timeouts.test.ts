// SMTP_*_TIMEOUT: seconds, decimals allowed; defaults when unset; every bad value reported at once.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { smtpConfigFromEnv } from '../../src/io/mail/config.js';
import { DEFAULT_SMTP_TIMEOUTS, smtpTimeoutsFromEnv } from '../../src/io/mail/timeouts.js';

describe('smtpTimeoutsFromEnv', () => {
  it('keeps the documented defaults when nothing is set', () => {
    expect(smtpTimeoutsFromEnv({})).toEqual({
      timeouts: { connectMs: 30_000, greetingMs: 60_000, commandMs: 60_000, dataMs: 120_000, replyMs: 600_000, messageMs: 900_000 },
      problems: [],
    });
  });

  it.each([
    { name: 'SMTP_CONNECT_TIMEOUT', value: '5', key: 'connectMs', ms: 5_000 },
    { name: 'SMTP_GREETING_TIMEOUT', value: '0.5', key: 'greetingMs', ms: 500 },
    { name: 'SMTP_COMMAND_TIMEOUT', value: ' 90 ', key: 'commandMs', ms: 90_000 },
    { name: 'SMTP_DATA_TIMEOUT', value: '1.25', key: 'dataMs', ms: 1_250 },
    { name: 'SMTP_REPLY_TIMEOUT', value: '600', key: 'replyMs', ms: 600_000 },
    { name: 'SMTP_MESSAGE_TIMEOUT', value: '86400', key: 'messageMs', ms: 86_400_000 },
    { name: 'SMTP_REPLY_TIMEOUT', value: '', key: 'replyMs', ms: DEFAULT_SMTP_TIMEOUTS.replyMs },
  ] as const)('$name=$value → $key $ms', ({ name, value, key, ms }) => {
    const { timeouts, problems } = smtpTimeoutsFromEnv({ [name]: value });
    expect(problems).toEqual([]);
    expect(timeouts[key]).toBe(ms);
  });

  it('reports every bad value at once, naming the variable', () => {
    const { problems } = smtpTimeoutsFromEnv({ SMTP_CONNECT_TIMEOUT: '0', SMTP_GREETING_TIMEOUT: '-1', SMTP_COMMAND_TIMEOUT: 'soon', SMTP_DATA_TIMEOUT: '1e3', SMTP_REPLY_TIMEOUT: '86401' });
    expect(problems.map((p) => p.field)).toEqual(['SMTP_CONNECT_TIMEOUT', 'SMTP_GREETING_TIMEOUT', 'SMTP_COMMAND_TIMEOUT', 'SMTP_DATA_TIMEOUT', 'SMTP_REPLY_TIMEOUT']);
    expect(problems[2]).toMatchObject({ file: 'environment', message: '"soon" is not a number of seconds above 0 and at most 86400', hint: 'e.g. 60, or 0.5 for half a second' });
  });

  it('smtpConfigFromEnv carries the timeouts and reports their problems with the others', () => {
    expect(smtpConfigFromEnv({ SMTP_URL: 'smtp://localhost:2525', SMTP_DATA_TIMEOUT: '2' }).timeouts?.dataMs).toBe(2_000);
    const error = (() => {
      try {
        smtpConfigFromEnv({ SMTP_URL: 'smtp://localhost:2525', SMTP_MAX_CONNECTIONS: '0', SMTP_MESSAGE_TIMEOUT: 'x' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((p) => p.field)).toEqual(['SMTP_MAX_CONNECTIONS', 'SMTP_MESSAGE_TIMEOUT']);
  });
});
