// The arms a scenario runs: its `arms:` list, or the one implicit `default` arm (sdk, keep-alive, the prober, pre-upload probes).
import { ARM_DEFAULTS } from './schema-arms.js';
import type { ArmSpec, Scenario } from './scenario.js';
import type { ScenarioFile } from './schema.js';

export const DEFAULT_ARM: Readonly<ArmSpec> = {
  name: ARM_DEFAULTS.name,
  engine: ARM_DEFAULTS.engine,
  connection: ARM_DEFAULTS.connection,
  preUploadProbes: ARM_DEFAULTS.preUploadProbes,
};

/** The scenario's arms in file order; never empty. */
export function listArms(scenario: Pick<Scenario, 'arms'>): ArmSpec[] {
  return scenario.arms && scenario.arms.length > 0 ? scenario.arms : [{ ...DEFAULT_ARM }];
}

/** `arms:` of a validated file → ArmSpec[] (undefined when the file has none). */
export function normaliseArms(file: ScenarioFile): ArmSpec[] | undefined {
  return file.arms?.map((arm) => ({
    name: arm.name,
    engine: arm.engine,
    connection: arm.connection,
    ...(arm.identity !== undefined && { identity: arm.identity }),
    ...(arm.profile !== undefined && { profile: arm.profile }),
    preUploadProbes: arm['pre-upload-probes'],
  }));
}
