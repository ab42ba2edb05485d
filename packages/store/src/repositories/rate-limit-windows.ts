// A rate counter shared by every process on one database: one row per subject and fixed window,
// incremented atomically by an upsert, so N replicas count one budget.
import { sql, type Kysely } from "kysely";
import type { Database } from "../schema.js";

export interface RateVerdict {
  allowed: boolean;
  /** When the subject may try again, if refused. */
  retryAfterMs: number;
}

export interface RateCounter {
  /** Counts `count` requests (default 1) of `subject` in the window of `now`. */
  hit(subject: string, limit: number, windowMs: number, now: number, count?: number): Promise<RateVerdict>;
}

export class SharedRateCounter implements RateCounter {
  private lastSweep = 0;

  constructor(private readonly db: Kysely<Database>) {}

  async hit(subject: string, limit: number, windowMs: number, now: number, count = 1): Promise<RateVerdict> {
    const windowStart = now - (now % windowMs);
    const row = await this.db
      .insertInto("rate_limit_windows")
      .values({ subject, window_start: windowStart, hits: count })
      .onConflict((oc) => oc.columns(["subject", "window_start"]).doUpdateSet({ hits: sql`rate_limit_windows.hits + ${count}` }))
      .returning("hits")
      .executeTakeFirstOrThrow();
    if (now - this.lastSweep > windowMs) {
      this.lastSweep = now;
      // Windows older than the previous one are never read again.
      await this.db
        .deleteFrom("rate_limit_windows")
        .where("window_start", "<", windowStart - windowMs)
        .execute();
    }
    const hits = Number(row.hits);
    return { allowed: hits <= limit, retryAfterMs: hits <= limit ? 0 : windowStart + windowMs - now };
  }
}
