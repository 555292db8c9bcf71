/** Errors of the local platform's isolated mode (METAQ_NETWORK=isolated). */

/** The machine cannot build isolated networks: not root, or `ip`/`nft` missing. */
export class IsolationUnavailable extends Error {
  override name = 'IsolationUnavailable' as const;
}

/** A namespace, veth or rule of the isolated network could not be made. */
export class NetworkSetupFailed extends Error {
  override name = 'NetworkSetupFailed' as const;
}

/** Teardown could not delete every namespace of a session's isolated network. */
export class NetworkTeardownFailed extends Error {
  override name = 'NetworkTeardownFailed' as const;
}
