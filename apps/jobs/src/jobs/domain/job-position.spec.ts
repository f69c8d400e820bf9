import { describe, expect, it } from '@jest/globals';
import { isAfter, mayApply, Step } from './job-position.js';

describe('job position ordering', () => {
  const at = (attempt: number, step: number) => ({ attempt, step });

  it('orders by attempt, then step', () => {
    expect(isAfter(at(1, Step.running), at(0, Step.queued))).toBe(true);
    expect(isAfter(at(1, Step.finished), at(1, Step.running))).toBe(true);
    expect(isAfter(at(2, Step.running), at(1, Step.requeued))).toBe(true);
    expect(isAfter(at(1, Step.requeued), at(2, Step.running))).toBe(false);
    expect(isAfter(at(1, Step.running), at(1, Step.running))).toBe(false);
  });

  it('a late queued never overwrites running', () => {
    expect(mayApply({ status: 'running', ...at(1, Step.running) }, at(0, Step.queued))).toBe(false);
  });

  it('a repeated report is a no-op', () => {
    expect(mayApply({ status: 'running', ...at(1, Step.running) }, at(1, Step.running))).toBe(false);
  });

  it('a late running of an earlier attempt never overwrites a later attempt', () => {
    expect(mayApply({ status: 'queued', ...at(2, Step.requeued) }, at(1, Step.running))).toBe(false);
    expect(mayApply({ status: 'queued', ...at(1, Step.requeued) }, at(2, Step.running))).toBe(true);
  });

  it('an admin retry sits after the failure it retries, before the next attempt', () => {
    expect(isAfter(at(3, Step.retried), at(3, Step.finished))).toBe(true);
    expect(isAfter(at(4, Step.running), at(3, Step.retried))).toBe(true);
  });

  it('nothing reported moves a final status', () => {
    for (const status of ['succeeded', 'failed', 'cancelled'] as const) {
      expect(mayApply({ status, ...at(1, Step.finished) }, at(9, Step.running))).toBe(false);
    }
  });
});
