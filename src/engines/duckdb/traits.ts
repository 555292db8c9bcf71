import type { EngineTraits } from '../types';

export const duckdbTraits: EngineTraits = {
  distributed: false,
  formats: ['parquet', 'csv', 'json'],
  platforms: ['local', 'lambda', 'ecs'],
};
