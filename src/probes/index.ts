// The probe methods by the name the scenario file uses.
import type { Method } from './probe-record.js';
import type { ProbeMethod } from './probe-method.js';
import { head } from './head.js';
import { rangedGet } from './ranged-get.js';
import { get } from './get.js';
import { getObjectAttributes } from './get-object-attributes.js';
import { listPrefix } from './list-prefix.js';
import { headIfMatch } from './head-if-match.js';

export const PROBE_METHODS: Record<Method, ProbeMethod> = {
  head,
  'ranged-get': rangedGet,
  get,
  'get-object-attributes': getObjectAttributes,
  'list-prefix': listPrefix,
  'head-if-match': headIfMatch,
};
