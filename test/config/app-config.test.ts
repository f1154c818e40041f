import { describe, expect, it } from 'vitest';
import { readAppConfig } from '../../src/config/app-config.js';
import { dateIn } from '../../src/config/today.js';

describe('configuration', () => {
  it('serves loopback only by default, on port 3978, with the SQLite file under ./data', () => {
    const config = readAppConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3978, allowRemote: false });
    expect(config.dbPath).toMatch(/data\/plans\.db$/);
  });

  it('refuses a non-loopback address in local mode, saying how to override', () => {
    expect(() => readAppConfig({ PLAN_HOST: '0.0.0.0' })).toThrow(/not a loopback address; local mode has no sign-in/);
    expect(readAppConfig({ PLAN_HOST: '0.0.0.0', PLAN_ALLOW_REMOTE: 'true' }).host).toBe('0.0.0.0');
  });

  it('names the setting that is malformed, and keeps empty distinct from unset', () => {
    expect(() => readAppConfig({ PLAN_PORT: 'eighty' })).toThrow(/PLAN_PORT/);
    expect(() => readAppConfig({ PLAN_DB: '' })).toThrow(/PLAN_DB must name a SQLite file/);
  });

  it('lets command-line options win over the environment', () => {
    expect(readAppConfig({ PLAN_PORT: '4000' }, { port: 5000 }).port).toBe(5000);
  });

  it('takes today in the plan\'s time zone, not the server\'s', () => {
    expect(dateIn('Europe/London', new Date('2018-03-25T23:30:00Z'))).toBe('2018-03-26');
    expect(dateIn('UTC', new Date('2018-03-25T23:30:00Z'))).toBe('2018-03-25');
  });
});
