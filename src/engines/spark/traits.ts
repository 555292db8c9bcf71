import type { EngineTraits } from '../types';

// Workers must reach each other over the network: loopback locally, a VPC on ECS (not Lambda).
export const sparkTraits: EngineTraits = {
  distributed: true,
  formats: ['parquet', 'csv', 'json'],
  platforms: ['local', 'ecs'],
};
