/** Quotas, latency and fault injection, and the request log. All switchable at runtime. */
import { ApiError } from './errors.js';
import { mulberry32 } from '../random.js';

export type Access = 'read' | 'write';
export type FaultKind = '429' | '500' | '503' | 'timeout';

export interface QuotaConfig {
  enabled: boolean;
  readPerUser: number;
  writePerUser: number;
  readPerProject: number;
  writePerProject: number;
  /** Length of a fixed quota window; Google's is a minute. Shorten it in tests. */
  windowMs: number;
  projectNumber: string;
}
export interface LatencyConfig {
  meanMs: number;
  jitterMs: number;
}
export interface FaultConfig {
  /** Probability 0..1 that an API request fails. */
  rate: number;
  kinds: FaultKind[];
  only: Access | 'all';
  /** before: the request is not applied; after: it is applied but the response is lost. */
  phase: 'before' | 'after';
  timeoutMs: number;
  timeoutMode: 'drop' | '504';
}
export interface LimitsConfig {
  quotas: QuotaConfig;
  latency: LatencyConfig;
  faults: FaultConfig;
}
export type LimitsPatch = { quotas?: Partial<QuotaConfig>; latency?: Partial<LatencyConfig>; faults?: Partial<FaultConfig>; seed?: number };

export interface LogEntry {
  id: number;
  time: string;
  method: string;
  kind: string;
  spreadsheetId?: string;
  ranges?: string[];
  status: number;
  user?: string;
  access: Access;
  durationMs: number;
  fault?: string;
}

export const defaultConfig = (): LimitsConfig => ({
  quotas: {
    enabled: false,
    readPerUser: 60,
    writePerUser: 60,
    readPerProject: 300,
    writePerProject: 300,
    windowMs: 60_000,
    projectNumber: '100000000001',
  },
  latency: { meanMs: 0, jitterMs: 0 },
  faults: { rate: 0, kinds: ['429', '500', '503'], only: 'all', phase: 'before', timeoutMs: 30_000, timeoutMode: 'drop' },
});

/** Seedable, so fault runs are reproducible. */
const seeded = mulberry32;

const LOG_CAP = 10_000;

export function quotaError(access: Access, scope: 'user' | 'project', limit: number, projectNumber: string) {
  const metric = access === 'read' ? 'Read requests' : 'Write requests';
  const limitName = `${metric} per minute${scope === 'user' ? ' per user' : ''}`;
  const id = `${access === 'read' ? 'Read' : 'Write'}RequestsPerMinute${scope === 'user' ? 'PerUser' : ''}`;
  return new ApiError(
    429,
    'RESOURCE_EXHAUSTED',
    `Quota exceeded for quota metric '${metric}' and limit '${limitName}' of service 'sheets.googleapis.com' for consumer 'project_number:${projectNumber}'.`,
    [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'RATE_LIMIT_EXCEEDED',
        domain: 'googleapis.com',
        metadata: {
          quota_metric: `sheets.googleapis.com/${access}_requests`,
          quota_limit: id,
          quota_limit_value: String(limit),
          quota_location: 'global',
          consumer: `projects/${projectNumber}`,
          service: 'sheets.googleapis.com',
        },
      },
      {
        '@type': 'type.googleapis.com/google.rpc.Help',
        links: [{ description: 'Request a higher quota limit.', url: 'https://cloud.google.com/docs/quotas/help/request_increase' }],
      },
    ],
  );
}

export class Limits {
  config = defaultConfig();
  private rand: () => number = Math.random;
  private windows = new Map<string, { start: number; count: number }>();
  private entries: LogEntry[] = [];
  private nextId = 1;
  private count = {
    requests: 0,
    reads: 0,
    writes: 0,
    faults: 0,
    quotaRejections: 0,
    byKind: {} as Record<string, number>,
    byStatus: {} as Record<string, number>,
  };

  constructor(private now: () => number) {}

  configure(patch: LimitsPatch = {}) {
    Object.assign(this.config.quotas, patch.quotas ?? {});
    Object.assign(this.config.latency, patch.latency ?? {});
    Object.assign(this.config.faults, patch.faults ?? {});
    if (patch.seed !== undefined) this.rand = seeded(patch.seed);
    return this.config;
  }

  resetQuotas() {
    this.windows.clear();
  }

  /** Counts the request against its user and project windows (fixed windows); returns Google's 429 when over. */
  checkQuota(user: string, access: Access): ApiError | undefined {
    const q = this.config.quotas;
    if (!q.enabled) return undefined;
    const start = Math.floor(this.now() / q.windowMs) * q.windowMs;
    const bump = (key: string) => {
      let w = this.windows.get(key);
      if (!w || w.start !== start) this.windows.set(key, (w = { start, count: 0 }));
      return ++w.count;
    };
    const userLimit = access === 'read' ? q.readPerUser : q.writePerUser;
    const projectLimit = access === 'read' ? q.readPerProject : q.writePerProject;
    const u = bump(`${access}:user:${user}`);
    const p = bump(`${access}:project`);
    let err: ApiError | undefined;
    if (u > userLimit) err = quotaError(access, 'user', userLimit, q.projectNumber);
    else if (p > projectLimit) err = quotaError(access, 'project', projectLimit, q.projectNumber);
    if (err) this.count.quotaRejections++;
    return err;
  }

  pickFault(access: Access): FaultKind | undefined {
    const f = this.config.faults;
    if (f.rate <= 0 || !f.kinds.length || (f.only !== 'all' && f.only !== access)) return undefined;
    if (this.rand() >= f.rate) return undefined;
    this.count.faults++;
    return f.kinds[Math.floor(this.rand() * f.kinds.length)];
  }

  latencyMs(): number {
    const l = this.config.latency;
    if (l.meanMs <= 0 && l.jitterMs <= 0) return 0;
    return Math.max(0, l.meanMs + (this.rand() * 2 - 1) * l.jitterMs);
  }

  record(e: Omit<LogEntry, 'id'>) {
    const entry = { id: this.nextId++, ...e };
    this.entries.push(entry);
    if (this.entries.length > LOG_CAP) this.entries.splice(0, this.entries.length - LOG_CAP);
    const c = this.count;
    c.requests++;
    if (e.access === 'read') c.reads++;
    else c.writes++;
    c.byKind[e.kind] = (c.byKind[e.kind] ?? 0) + 1;
    c.byStatus[e.status] = (c.byStatus[e.status] ?? 0) + 1;
  }

  log(): LogEntry[] {
    return this.entries.slice();
  }

  counters() {
    return structuredClone(this.count);
  }

  resetLog() {
    this.entries = [];
    this.count = { requests: 0, reads: 0, writes: 0, faults: 0, quotaRejections: 0, byKind: {}, byStatus: {} };
  }
}
