/**
 * The platforms by name. Each is loaded only where it runs (`require`, not `import()`: the
 * command line runs TypeScript through a CommonJS hook).
 */
import type { PlatformName } from '../plan/types';
import type { Platform } from './types';

export class PlatformUnavailable extends Error {
  override name = 'PlatformUnavailable' as const;
}

export async function platformFor(name: PlatformName): Promise<Platform> {
  switch (name) {
    case 'local':
      return (require('./local') as typeof import('./local')).localPlatform;
    case 'lambda':
      return (require('./lambda') as typeof import('./lambda')).lambdaPlatform;
    case 'ecs':
      return (require('./ecs') as typeof import('./ecs')).ecsPlatform;
    default:
      throw new PlatformUnavailable(`platform ${name} is not available in this build: use platform local`);
  }
}
