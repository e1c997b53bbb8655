// `s3probe validate`: checks a scenario and prints its plan, request counts and estimated AWS cost. No network, no writes.
import { EXIT } from '../errors.js';
import { describePlan } from '../scenario/describe.js';
import { estimateRequests } from '../scenario/estimate.js';
import { loadScenario } from '../scenario/load.js';
import { applyOverrides, type ScenarioOverrides } from '../scenario/parse.js';
import { planRun } from '../scenario/plan.js';
import type { CommandIo } from './io.js';
import { prepareRunReporting } from './run-reporting.js';

export interface ValidateArgs {
  scenarioPath: string;
  overrides: ScenarioOverrides;
  json: boolean;
}

export function validateCommand(args: ValidateArgs, io: CommandIo): number {
  const { scenario } = loadScenario(args.scenarioPath);
  const effective = applyOverrides(scenario, args.overrides);
  // Thresholds are text in the file: parse them now, so a bad one fails validation (exit 2) rather than the run.
  prepareRunReporting({ scenarioThresholds: effective.thresholds, scenarioPath: args.scenarioPath, scenarioName: effective.name, seed: effective.seed, now: new Date() });
  const plan = planRun(effective, `${effective.prefix}<run-id>/`);
  const estimate = estimateRequests(effective, plan);
  if (args.json) {
    io.out(`${JSON.stringify({ valid: true, scenario: effective, counts: plan.counts, estimate }, null, 2)}\n`);
  } else {
    io.out(`${describePlan(effective, plan, estimate)}\n`);
  }
  return EXIT.ok;
}
