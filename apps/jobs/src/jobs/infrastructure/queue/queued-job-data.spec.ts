import { describe, expect, it } from '@jest/globals';
import { isAfter, Step } from '../../domain/job-position.js';
import { enqueuedData, handedBack, runNumbers } from './queued-job-data.js';

describe('run numbers of a queued job', () => {
  const fresh = { tenant: 't', params: {}, attemptBase: 0 };

  it('the first run is attempt 1 in both counts; a failed attempt moves both on', () => {
    expect(runNumbers(fresh, 0)).toEqual({ position: 1, counted: 1 });
    expect(runNumbers(fresh, 2)).toEqual({ position: 3, counted: 3 });
  });

  it('a run handed back at shutdown moves the position on, not the attempt count', () => {
    const first = runNumbers(fresh, 0);
    const back = handedBack(fresh);
    const next = runNumbers(back, 0); // BullMQ counted no attempt either
    expect(next).toEqual({ position: 2, counted: 1 });
    // The next run's `running` comes after the hand-back's `queued`, so it applies.
    expect(isAfter({ attempt: next.position, step: Step.running }, { attempt: first.position, step: Step.requeued })).toBe(true);
    expect(runNumbers(handedBack(back), 1)).toEqual({ position: 4, counted: 2 });
  });

  it('an admin retry continues both counts from the stored row', () => {
    // Failed at position 5 after 3 attempts (two runs handed back): the retry runs at 6, attempt 4.
    expect(runNumbers(enqueuedData('t', {}, 3, 5), 0)).toEqual({ position: 6, counted: 4 });
    // Never handed back: no positionBase, as before it existed.
    expect(enqueuedData('t', {}, 3, 3)).toEqual({ tenant: 't', params: {}, attemptBase: 3 });
    expect(enqueuedData('t', {}, 0)).toEqual({ tenant: 't', params: {}, attemptBase: 0 });
  });

  it('jobs enqueued before positionBase existed run as before', () => {
    expect(runNumbers({ tenant: 't', params: {}, attemptBase: 2 }, 1)).toEqual({ position: 4, counted: 4 });
  });
});
