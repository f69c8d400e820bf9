import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.loader.js';
import { IntSetting, intSettingMessage } from './int-setting.js';

class Settings {
  @IntSetting({ min: 50, max: 5000, unit: 'milliseconds' })
  TICK_MS: number = 100;

  @IntSetting({ min: 1 })
  WORKERS: number = 1;

  @IntSetting({ min: 1000, unit: 'milliseconds' })
  TIMEOUT_MS: number = 5000;
}

describe('IntSetting', () => {
  it('says the kind, the unit and the bounds in one message', () => {
    expect(intSettingMessage({ min: 0, max: 65535 })).toBe('must be an integer from 0 to 65535');
    expect(intSettingMessage({ min: 1 })).toBe('must be a positive integer');
    expect(intSettingMessage({ min: 1, unit: 'days' })).toBe('must be a positive integer number of days');
    expect(intSettingMessage({ min: 0, unit: 'milliseconds' })).toBe('must be an integer number of milliseconds (at least 0)');
  });

  it('refuses a value that is not an integer or out of bounds, with that one message', () => {
    expect(loadConfig(Settings, { TICK_MS: '200', WORKERS: '3' })).toMatchObject({ TICK_MS: 200, WORKERS: 3, TIMEOUT_MS: 5000 });
    expect(() => loadConfig(Settings, { TICK_MS: '10' })).toThrow('TICK_MS must be an integer number of milliseconds from 50 to 5000 (got "10")');
    expect(() => loadConfig(Settings, { TICK_MS: '1.5' })).toThrow('TICK_MS must be an integer number of milliseconds from 50 to 5000 (got "1.5")');
    expect(() => loadConfig(Settings, { WORKERS: '0' })).toThrow('WORKERS must be a positive integer (got "0")');
    expect(() => loadConfig(Settings, { TIMEOUT_MS: '999' })).toThrow('TIMEOUT_MS must be an integer number of milliseconds (at least 1000) (got "999")');
  });
});
