// The probe engines by name: the SDK path, raw signed HTTP and presigned URLs, and the types they share.
export { CONNECTION_MODES, ENGINE_NAMES, type ConnectionMode, type CredentialRefresh, type EngineName, type ProbeEngine, type RawAttemptFacts, type RawAttemptRecord, type RawProbeRecord } from './engine.js';
export { createPresignedEngine, createRawEngine, type HttpEngineOptions, type PresignedEngineOptions, type RawEngineOptions } from './http-engine.js';
export { sdkEngine } from './sdk-engine.js';
export type { LookupAddress } from './connector.js';
export type { PayloadHashMode } from './request-signing.js';
