/** aws-local-stepfunctions calls Promise.withResolvers, which Node 20 lacks. */
const promise = Promise as unknown as { withResolvers?: unknown };
promise.withResolvers ??= function withResolvers<T>() {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const created = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise: created, resolve, reject };
};
