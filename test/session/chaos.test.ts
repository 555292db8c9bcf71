import { parseChaos } from '../../src/session/chaos';

describe('Method: parseChaos', () => {
  it('reads faults per worker index', () => {
    const faults = parseChaos('0:delay-ready=3000, 2:crash-on-run,2:hang-on-run,1:crash-on-start');
    expect(faults.get(0)).toEqual({ delayReadyMs: 3000 });
    expect(faults.get(1)).toEqual({ crashOnStart: true });
    expect(faults.get(2)).toEqual({ crashOnRun: true, hangOnRun: true });
    expect(faults.get(3)).toBeUndefined();
  });

  it('is empty when unset', () => {
    expect(parseChaos(undefined).size).toBe(0);
  });

  it.each(['0:explode', 'x:crash-on-run', '0:delay-ready', '0:crash-on-run=5'])(
    'refuses %s with the grammar in the message',
    (spec) => {
      expect(() => parseChaos(spec)).toThrow(/METAQ_CHAOS: cannot read .*<worker-index>:<fault>/);
    },
  );
});
