// The probe methods by the name the scenario file uses.
import type { Method } from './probe-record.js';
import type { ProbeMethod } from './probe-method.js';
import { head } from './head.js';
import { rangedGet } from './ranged-get.js';
import { get } from './get.js';

export const PROBE_METHODS: Record<Method, ProbeMethod> = {
  head,
  'ranged-get': rangedGet,
  get,
};
