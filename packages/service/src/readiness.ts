/** Result of one readiness check; `detail` is shown in /readyz JSON for operators. */
export interface CheckResult {
  ok: boolean;
  detail?: string;
}

export type ReadinessCheck = () => CheckResult | boolean | Promise<CheckResult | boolean>;

export interface ReadinessReport {
  ready: boolean;
  shuttingDown: boolean;
  checks: Record<string, CheckResult>;
}

/**
 * Readiness comes from lifecycle: each component registers a check that reflects its own
 * state (consumer joined, source authenticated, ...). Once shutdown begins the service is
 * not ready, whatever the checks say, so load balancers stop sending work first.
 */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private shuttingDown = false;

  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) throw new Error(`readiness check "${name}" registered twice`);
    this.checks.set(name, check);
  }

  beginShutdown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async evaluate(): Promise<ReadinessReport> {
    const checks: Record<string, CheckResult> = {};
    for (const [name, check] of this.checks) {
      try {
        const r = await check();
        checks[name] = typeof r === 'boolean' ? { ok: r } : r;
      } catch (err) {
        checks[name] = { ok: false, detail: `check threw: ${(err as Error).message}` };
      }
    }
    const ready = !this.shuttingDown && Object.values(checks).every((c) => c.ok);
    return { ready, shuttingDown: this.shuttingDown, checks };
  }
}

/** A mutable flag-backed check, the common case: set ok/not ok from lifecycle events. */
export class StateCheck {
  private result: CheckResult;
  constructor(initialDetail = 'starting') {
    this.result = { ok: false, detail: initialDetail };
  }
  up(detail?: string): void {
    this.result = detail === undefined ? { ok: true } : { ok: true, detail };
  }
  down(detail: string): void {
    this.result = { ok: false, detail };
  }
  get ok(): boolean {
    return this.result.ok;
  }
  readonly check: ReadinessCheck = () => this.result;
}
