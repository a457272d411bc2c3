export * from './resource.ts';
export * from './finding.ts';
export * from './errors.ts';
