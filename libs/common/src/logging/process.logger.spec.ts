import { describe, expect, it } from '@jest/globals';
import { ProcessLogger } from './process.logger.js';

function capture(level = 'info', quiet: string[] = []) {
  const lines: Record<string, unknown>[] = [];
  const logger = new ProcessLogger({ level, base: null, timestamp: false }, new Set(quiet), { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('ProcessLogger', () => {
  it('writes the context Nest passes last, and merges an object message into the line', () => {
    const { logger, lines } = capture();
    logger.log('started', 'Bootstrap');
    logger.warn({ scheduleId: 's1', reason: 'late' }, 'run skipped', 'JobsBackground');
    expect(lines).toEqual([
      { level: 30, context: 'Bootstrap', msg: 'started' },
      { level: 40, scheduleId: 's1', reason: 'late', context: 'JobsBackground', msg: 'run skipped' },
    ]);
  });

  it('logs an Error as err with its stack, and keeps the stack Nest passes as a string', () => {
    const { logger, lines } = capture();
    logger.error(new TypeError('boom'), 'Handler');
    logger.error('Unhandled', 'Error: x\n    at f (file.js:1:1)', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ level: 50, context: 'Handler', err: { type: 'TypeError', message: 'boom' } });
    expect((lines[0]!.err as { stack: string }).stack).toContain('TypeError: boom');
    expect(lines[1]).toMatchObject({ level: 50, context: 'ExceptionsHandler', err: { message: 'Unhandled', stack: 'Error: x\n    at f (file.js:1:1)' } });
  });

  it("moves the quiet contexts' info lines to debug", () => {
    const { logger, lines } = capture('info', ['InstanceLoader']);
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('listening', 'Bootstrap');
    expect(lines.map((l) => l.msg)).toEqual(['listening']);
    const verbose = capture('debug', ['InstanceLoader']);
    verbose.logger.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(verbose.lines).toEqual([{ level: 20, context: 'InstanceLoader', msg: 'AppModule dependencies initialized' }]);
  });

  it('maps verbose to trace and writes nothing below the level', () => {
    const { logger, lines } = capture('trace');
    logger.verbose('fine detail', 'X');
    logger.fatal('gone', 'X');
    expect(lines.map((l) => l.level)).toEqual([10, 60]);
    const quiet = capture('warn');
    quiet.logger.debug('hidden', 'X');
    quiet.logger.log('hidden', 'X');
    expect(quiet.lines).toEqual([]);
  });
});
