/**
 * Where a query runs when its input names no platform: the deployment's default (local, or lambda on
 * AWS, METAQ_DEFAULT_PLATFORM), except for a distributed engine on AWS. That one runs on Lambda when
 * the stack runs the overlay's reflector and the plan fits Lambda's limits: a Lambda worker starts
 * from an image Lambda already holds, where a Fargate task pulls its image first (the paper measured
 * 54.9 s to start one, longer than most of its queries, against a median 19.7 s for its whole Drill
 * cluster to start on Lambda). Otherwise (no reflector, or past 15 minutes, 10 GB or the /tmp) it
 * runs on ECS, where it used to be refused for want of a platform the user did not name.
 */
import type { EngineTraits } from '../engines/types';
import { InvalidQueryInput } from './errors';
import { type Limits, limitsFor } from './limits';
import { chooseEngine, chooseSizing, type Sizing, type SizingRequest } from './sizing';
import type { EngineName, PlatformName } from './types';

export interface PlacementRequest extends Omit<SizingRequest, 'platform' | 'limits'> {
  /** The input's platform, when it names one: kept whatever it costs. */
  platform?: PlatformName;
  defaultPlatform: PlatformName;
  limits: { timeoutSeconds: number; rendezvousSeconds?: number; maxCostUsd?: number };
}

export interface Placement {
  platform: PlatformName;
  limits: Limits;
  sizing: Sizing;
}

type TraitsOf = (engine: EngineName) => EngineTraits;

export function placeQuery(request: PlacementRequest, traitsOf: TraitsOf): Placement {
  const named = request.platform ?? request.defaultPlatform;
  if (request.platform || named !== 'lambda' || !wantsCluster(request, traitsOf))
    return sizeOn(named, request, traitsOf);
  try {
    const placed = sizeOn('lambda', request, traitsOf);
    placed.sizing.reasons.push(
      `platform lambda: ${placed.sizing.engine} workers start without pulling an image, and reach each other through the overlay`,
    );
    return placed;
  } catch (error) {
    if (!(error instanceof InvalidQueryInput)) throw error;
    const placed = sizeOn('ecs', request, traitsOf);
    placed.sizing.reasons.push(`platform ecs: not lambda, where ${error.message}`);
    return placed;
  }
}

function sizeOn(platform: PlatformName, request: PlacementRequest, traitsOf: TraitsOf): Placement {
  const limits = limitsFor(request.limits, platform);
  return { platform, limits, sizing: chooseSizing({ ...request, platform, limits }, traitsOf) };
}

/** The engine the user named, or the one `auto` would choose on Lambda, is a cluster. */
function wantsCluster(request: PlacementRequest, traitsOf: TraitsOf): boolean {
  const engine =
    request.engine === 'auto'
      ? chooseEngine({ ...request, platform: 'lambda', limits: undefined }, traitsOf, [])
      : request.engine;
  return traitsOf(engine).distributed;
}
