import { isThrottling, retryThrottled } from '../../src/aws/throttle';

const named = (name: string, status?: number) =>
  Object.assign(new Error(name), { name, $metadata: status ? { httpStatusCode: status } : {} });

describe('Method: retryThrottled', () => {
  it('knows throttling by name or by HTTP 429', () => {
    expect(isThrottling(named('ThrottlingException'))).toBe(true);
    expect(isThrottling(named('TooManyRequestsException'))).toBe(true);
    expect(isThrottling(named('SlowDown', 429))).toBe(true);
    expect(isThrottling(named('AccessDeniedException', 403))).toBe(false);
    expect(isThrottling('ThrottlingException')).toBe(false);
  });

  it('retries throttling with backoff until it succeeds', async () => {
    const call = jest
      .fn()
      .mockRejectedValueOnce(named('ThrottlingException'))
      .mockRejectedValueOnce(named('ThrottlingException'))
      .mockResolvedValue('done');
    await expect(retryThrottled(call, { attempts: 5, baseMs: 1 })).resolves.toBe('done');
    expect(call).toHaveBeenCalledTimes(3);
  });

  it('does not retry other failures', async () => {
    const call = jest.fn().mockRejectedValue(named('ResourceNotFoundException'));
    await expect(retryThrottled(call, { attempts: 5, baseMs: 1 })).rejects.toThrow(
      'ResourceNotFoundException',
    );
    expect(call).toHaveBeenCalledTimes(1);
  });
});
