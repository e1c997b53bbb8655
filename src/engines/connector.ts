// Connection modes of the HTTP engines: a shared keep-alive pool, a fresh connection per attempt, or fresh plus a DNS lookup per attempt.
import { promises as dns } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import type { ObjectAddress } from './addressing.js';
import type { ConnectionMode } from './engine.js';

/** Resolves a host name to one address (the seam tests and `fresh-dns` use); default `dns.promises.lookup`. */
export type LookupAddress = (hostname: string) => Promise<{ address: string; family: number }>;

export type Transport = (options: RequestOptions, onResponse: (response: IncomingMessage) => void) => ClientRequest;

/** How to reach an address for one attempt. */
export interface ConnectTarget {
  transport: Transport;
  options: Pick<RequestOptions, 'agent' | 'host' | 'port' | 'lookup'> & { servername?: string };
  /** The address `fresh-dns` resolved; null otherwise. */
  resolvedAddress: string | null;
}

export interface Connector {
  readonly mode: ConnectionMode;
  /** Where to connect for one attempt; `fresh-dns` resolves here (a failed lookup rejects with Node's error). */
  connect(address: ObjectAddress): ConnectTarget | Promise<ConnectTarget>;
  destroy(): void;
}

export function createConnector(mode: ConnectionMode, concurrency: number, lookup?: LookupAddress): Connector {
  const transportFor = (address: ObjectAddress): Transport => (address.protocol === 'https:' ? httpsRequest : httpRequest);
  const nodeLookup = lookup === undefined ? undefined : toNodeLookup(lookup);
  if (mode === 'keep-alive') {
    const pool = { keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency, scheduling: 'lifo' as const };
    const agents = { 'http:': new HttpAgent(pool), 'https:': new HttpsAgent(pool) };
    return {
      mode,
      connect: (address) => ({
        transport: transportFor(address),
        options: requestOptions(agents[address.protocol], address, address.hostname, nodeLookup),
        resolvedAddress: null,
      }),
      destroy() {
        agents['http:'].destroy();
        agents['https:'].destroy();
      },
    };
  }
  if (mode === 'fresh') {
    return {
      mode,
      connect: (address) => ({
        transport: transportFor(address),
        // agent: false = a one-off agent per request; Node sends `Connection: close` and never reuses the socket.
        options: requestOptions(false, address, address.hostname, nodeLookup),
        resolvedAddress: null,
      }),
      destroy() {},
    };
  }
  const resolve = lookup ?? ((hostname: string) => dns.lookup(hostname));
  return {
    mode,
    async connect(address) {
      const { address: ip } = await resolve(address.hostname);
      return {
        transport: transportFor(address),
        // Connect to the IP just resolved; the Host header (and TLS server name) keep the host name.
        options: requestOptions(false, address, ip, undefined),
        resolvedAddress: ip,
      };
    },
    destroy() {},
  };
}

/** Request options without the keys that would be undefined (Node validates every key it is given). */
function requestOptions(agent: RequestOptions['agent'], address: ObjectAddress, host: string, lookup: LookupFunction | undefined): ConnectTarget['options'] {
  const options: ConnectTarget['options'] = { agent, host, port: address.port };
  if (lookup !== undefined) options.lookup = lookup;
  const servername = address.protocol === 'https:' ? sniName(address.hostname) : undefined;
  if (servername !== undefined) options.servername = servername;
  return options;
}

/** TLS server name for SNI and certificate checks; IP literals are not sent as SNI. */
function sniName(hostname: string): string | undefined {
  return isIP(hostname) === 0 ? hostname : undefined;
}

function toNodeLookup(lookup: LookupAddress): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname).then(
      ({ address, family }) => {
        if (options.all) (callback as unknown as (e: null, all: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
        else callback(null, address, family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
